import type { Claim } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import { untimedMultiUnitCodes } from "./data/codes.js";
import { referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import { firstOfCode, linesOfCode, serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "untimed-units",
  severity: "error",
  description:
    "A service-based (untimed) code billed with more than one unit for the day, such as 97012, 97014, G0283, the supervised modalities 97010–97028, group therapy 97150 and evaluations.",
  references: [
    "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2 (service-based codes are billed once per day)",
    "CMS annual therapy code list; code descriptors",
  ],
  carc: "151",
  fix: "sets the first line of the code to 1 unit and removes the code's other lines that day",
  docs: "docs/rules/untimed-units.md",
};

const reference =
  "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2: service-based codes are one unit per day, whatever the minutes";

/** Pub. 100-04 ch. 5 §20.2: untimed codes are reported once per day regardless of time. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  const lines = claim.lines;
  for (const day of serviceDates(claim)) {
    for (let x = 0; x < day.lines.length; x++) {
      const code = lines[day.lines[x]!]!.code;
      const therapy = cache.therapyCode(code, day.date);
      if (therapy?.timing !== "untimed" || untimedMultiUnitCodes.has(code)) continue;
      if (!firstOfCode(lines, day.lines, x)) continue;
      let units = 0;
      for (let y = x; y < day.lines.length; y++) {
        const line = lines[day.lines[y]!]!;
        if (line.code === code) units += line.units;
      }
      if (units <= 1) continue;
      const group = { code, lines: linesOfCode(lines, day.lines, x) };
      const [first, ...others] = group.lines as [number, ...number[]];
      const patch: PatchOp[] = [];
      if (claim.lines[first]!.units !== 1) patch.push({ op: "set-units", line: first, units: 1 });
      for (const i of others) patch.push({ op: "remove-line", line: i });
      const where = group.lines.length > 1 ? ` over ${group.lines.length} lines` : "";
      out.push(
        finding(meta, {
          lines: [...group.lines],
          message: `${group.code} (${therapy.description.toLowerCase()}) is service-based, billed once per day whatever the minutes, but ${units} units are billed on ${day.date}${where}; bill 1 unit`,
          reference,
          fix: fix(`bill ${group.code} once on ${day.date}`, ...patch),
          location: linePath(first, "units"),
        }),
      );
    }
  }
  return out;
}

export const untimedUnits: Rule = { meta, check };
