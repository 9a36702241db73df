import type { Claim } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import type { Edition, MueRow } from "../reference/types.js";
import { untimedMultiUnitCodes } from "./data/codes.js";
import { referenceCache } from "./reference-cache.js";
import { editionName, finding, fix, linePath } from "./report.js";
import { firstOfCode, linesOfCode, serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";
import { unitsForMinutes } from "./unit-method.js";

const meta: RuleMeta = {
  id: "mue",
  severity: "error",
  description:
    "Units of service above the Medically Unlikely Edit value, per line for adjudication indicator 1 and per date of service (all lines of the code) for indicators 2 and 3.",
  references: [
    "NCCI MUE practitioner table, the quarterly edition in force on the date of service",
    "NCCI Policy Manual for Medicare Services, ch. I §V (Medically Unlikely Edits)",
    "CGS Medicare, Medically Unlikely Edits (2021-12-20): MUE denials carry CARC 151 with RARC MA01",
  ],
  carc: "151",
  rarc: "MA01",
  fix: "sets the units to what the documentation supports (one unit for a service-based code, the minutes' units for a timed code) when that is within the MUE",
  docs: "docs/rules/mue.md",
};

const adjudication: Record<MueRow["mai"], string> = {
  1: "adjudication indicator 1: per claim line",
  2: "adjudication indicator 2: per day, set by policy, not appealable",
  3: "adjudication indicator 3: per day, clinical",
};

function mueReference(edition: Edition | undefined): string {
  const e = edition
    ? `${editionName("NCCI MUE", edition.release)} (${edition.source}), in force from ${edition.effectiveFrom}`
    : "NCCI MUE practitioner table";
  return `${e}; NCCI Policy Manual ch. I §V`;
}

/**
 * Commercial payers skip MUE rows of 0 units set by CMS policy (a Medicare-only
 * non-payment, such as 97014), per contract §1.
 */
function skipped(row: MueRow, ctx: RuleContext): boolean {
  return ctx.profile.skipMueZeroCmsPolicy && row.units === 0 && /cms policy/i.test(row.rationale);
}

/**
 * The units the documentation supports for each line of a code on one date, when it can
 * tell: one for a service-based code, and the minutes' units for a timed code billed on one
 * line with its minutes. Undefined when it cannot.
 */
function supportedUnits(claim: Claim, lines: readonly number[], ctx: RuleContext): number[] | undefined {
  const first = claim.lines[lines[0]!]!;
  const therapy = ctx.reference.therapyCode(first.code, first.dateOfService);
  if (therapy === undefined) return undefined;
  if (therapy.timing === "untimed" && !untimedMultiUnitCodes.has(first.code)) {
    return lines.map((_, k) => (k === 0 ? 1 : 0));
  }
  // A timed code split over several lines (CQ/CO) has no single right split: no fix.
  if (therapy.timing !== "timed" || lines.length !== 1) return undefined;
  const minutes = claim.lines[lines[0]!]!.minutes;
  return minutes === undefined ? undefined : [unitsForMinutes(minutes)];
}

/** set-units patches that bring the lines to the supported units, if those fit within the MUE. */
function unitsFix(
  claim: Claim,
  lines: readonly number[],
  supported: number[] | undefined,
  limit: number,
  perLine: boolean,
): PatchOp[] | undefined {
  if (supported === undefined) return undefined;
  const total = supported.reduce((a, b) => a + b, 0);
  if (perLine ? supported.some((u) => u > limit) : total > limit) return undefined;
  const patch: PatchOp[] = [];
  lines.forEach((i, k) => {
    const units = supported[k]!;
    if (units === claim.lines[i]!.units) return;
    patch.push(units === 0 ? { op: "remove-line", line: i } : { op: "set-units", line: i, units });
  });
  return patch.length > 0 ? patch : undefined;
}

/** NCCI Policy Manual ch. I §V: MUEs by adjudication indicator. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  if (!ctx.profile.mue) return [];
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  const lines = claim.lines;
  for (const day of serviceDates(claim)) {
    for (let x = 0; x < day.lines.length; x++) {
      if (!firstOfCode(lines, day.lines, x)) continue;
      const code = lines[day.lines[x]!]!.code;
      const lookup = cache.mue(code, day.date);
      const row = lookup.value;
      if (row === undefined || skipped(row, ctx)) continue;
      const group = { code, lines: linesOfCode(lines, day.lines, x) };
      if (row.mai === 1) {
        for (const i of group.lines) {
          const line = claim.lines[i]!;
          if (line.units <= row.units) continue;
          const reference = mueReference(lookup.edition);
          const why = `MUE ${row.units}, ${adjudication[row.mai]}; rationale: ${row.rationale}`;
          const patch = unitsFix(claim, [i], supportedUnits(claim, [i], ctx), row.units, true);
          out.push(
            finding(meta, {
              lines: [i],
              message: `${line.code} is billed with ${line.units} unit${line.units === 1 ? "" : "s"} on one line, above its MUE (${why}); bill no more than ${row.units} on a line`,
              reference,
              fix: patch && fix(`set line ${i} to the units the documentation supports`, ...patch),
              location: linePath(i, "units"),
            }),
          );
        }
        continue;
      }
      let units = 0;
      for (const i of group.lines) units += claim.lines[i]!.units;
      if (units <= row.units) continue;
      const reference = mueReference(lookup.edition);
      const why = `MUE ${row.units}, ${adjudication[row.mai]}; rationale: ${row.rationale}`;
      const patch = unitsFix(claim, group.lines, supportedUnits(claim, group.lines, ctx), row.units, false);
      const advice =
        row.units === 0
          ? `${group.code} is never payable for this payer (MUE 0)`
          : `bill no more than ${row.units} for the day`;
      out.push(
        finding(meta, {
          lines: [...group.lines],
          message: `${group.code} is billed with ${units} unit${units === 1 ? "" : "s"} on ${day.date}, above its MUE (${why}); ${advice}`,
          reference,
          fix: patch && fix(`set ${group.code} to the units the documentation supports`, ...patch),
          location: linePath(group.lines[0]!, "units"),
        }),
      );
    }
  }
  return out;
}

export const mue: Rule = { meta, check };
