import type { Claim } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import { finding, fix, linePath } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "duplicate-line",
  severity: "warning",
  description:
    "The same code with the same modifiers billed on two or more lines of one date, where the units should be combined on one line (several payers deny the second line as a duplicate).",
  references: [
    "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2 (units of one code on one date are reported on one line)",
    "CARC 18 (exact duplicate claim/service)",
  ],
  carc: "18",
  fix: "moves the units onto the first line and removes the others",
  docs: "docs/rules/duplicate-line.md",
};

/** Modifiers as a set: the same modifiers in another order are the same line to a payer. */
function modifierKey(modifiers: readonly string[]): string {
  return modifiers.length <= 1 ? (modifiers[0] ?? "") : [...modifiers].sort().join(" ");
}

/** Pub. 100-04 ch. 5 §20.2: one line per code, modifiers and date, with the day's units. */
function check(claim: Claim, _ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const day of serviceDates(claim)) {
    if (day.lines.length < 2) continue;
    const groups = new Map<string, number[]>();
    for (const i of day.lines) {
      const line = claim.lines[i]!;
      const key = `${line.code}|${modifierKey(line.modifiers)}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [i]);
      else group.push(i);
    }
    for (const lines of groups.values()) {
      if (lines.length < 2) continue;
      const [first, ...others] = lines as [number, ...number[]];
      const line = claim.lines[first]!;
      const units = lines.reduce((a, i) => a + claim.lines[i]!.units, 0);
      const patch: PatchOp[] = [
        { op: "set-units", line: first, units },
        ...others.map((i): PatchOp => ({ op: "remove-line", line: i })),
      ];
      const mods = line.modifiers.length > 0 ? ` ${line.modifiers.join(" ")}` : "";
      out.push(
        finding(meta, {
          lines,
          message: `${line.code}${mods} is billed on ${lines.length} lines on ${day.date}; bill it once with ${units} unit${units === 1 ? "" : "s"}`,
          reference: "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2",
          fix: fix(`combine into line ${first} with ${units} units`, ...patch),
          location: linePath(others[0]!),
        }),
      );
    }
  }
  return out;
}

export const duplicateLine: Rule = { meta, check };
