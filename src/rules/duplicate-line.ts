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

/** The same modifiers, in any order: the same line to a payer. Lines hold at most a handful, so no sets. */
function sameModifiers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (const m of a) if (!b.includes(m)) return false;
  for (const m of b) if (!a.includes(m)) return false;
  return true;
}

/** Pub. 100-04 ch. 5 §20.2: one line per code, modifiers and date, with the day's units. */
function check(claim: Claim, _ctx: RuleContext): Finding[] {
  let out: Finding[] | undefined;
  const all = claim.lines;
  for (const day of serviceDates(claim)) {
    const group = day.lines;
    for (let a = 0; a < group.length; a++) {
      const first = all[group[a]!]!;
      let lines: number[] | undefined;
      let earlier = false;
      for (let b = 0; b < group.length && !earlier; b++) {
        if (b === a) continue;
        const other = all[group[b]!]!;
        if (other.code !== first.code || !sameModifiers(other.modifiers, first.modifiers)) continue;
        // Reported once, from the first line of the set.
        if (b < a) earlier = true;
        else if (lines === undefined) lines = [group[a]!, group[b]!];
        else lines.push(group[b]!);
      }
      if (earlier || lines === undefined) continue;
      out ??= [];
      out.push(explain(claim, day.date, lines));
    }
  }
  return out ?? [];
}

function explain(claim: Claim, date: string, lines: number[]): Finding {
  const [first, ...others] = lines as [number, ...number[]];
  const line = claim.lines[first]!;
  const units = lines.reduce((a, i) => a + claim.lines[i]!.units, 0);
  const patch: PatchOp[] = [
    { op: "set-units", line: first, units },
    ...others.map((i): PatchOp => ({ op: "remove-line", line: i })),
  ];
  const mods = line.modifiers.length > 0 ? ` ${line.modifiers.join(" ")}` : "";
  return finding(meta, {
    lines,
    message: `${line.code}${mods} is billed on ${lines.length} lines on ${date}; bill it once with ${units} unit${units === 1 ? "" : "s"}`,
    reference: "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2",
    fix: fix(`combine into line ${first} with ${units} units`, ...patch),
    location: linePath(others[0]!),
  });
}

export const duplicateLine: Rule = { meta, check };
