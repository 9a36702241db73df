import type { Claim, ClaimLine } from "../model/claim.js";
import { yearOf } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import { formatCents, parseScaled, roundHalfUp } from "../model/money.js";
import { missingPolicyFigure, verifiedNote } from "../reference/policy/figures.js";
import { disciplineByTherapyModifier } from "../reference/policy/modifiers.js";
import type { PolicyAmount } from "../reference/types.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "kx-threshold",
  severity: "error",
  description:
    "Medicare therapy spending that passes the year's KX threshold (PT and SLP combined, OT separately) on lines without KX, and KX billed without documented medical necessity.",
  references: [
    "SSA §1833(g), as amended by the Bipartisan Budget Act of 2018 (KX modifier thresholds)",
    "CMS Benefit Policy Manual, Pub. 100-02, ch. 15 §220.3; CMS Claims Processing Manual, Pub. 100-04, ch. 5 §10.3",
    "KX threshold amounts by year from the MPFS final rules (2025 and 2026 from secondary sources: UNVERIFIED)",
  ],
  carc: "119",
  fix: "adds KX from the line that takes the year's total past the threshold when medical necessity is documented; removes KX when it is not",
  docs: "docs/rules/kx-threshold.md",
};

/** PT and SLP share one threshold, OT has its own (SSA §1833(g)). */
type ThresholdGroup = "PT/SLP" | "OT";

function groupOf(line: ClaimLine): ThresholdGroup | undefined {
  for (const m of line.modifiers) {
    const d = disciplineByTherapyModifier.get(m);
    if (d !== undefined) return d === "OT" ? "OT" : "PT/SLP";
  }
  return undefined;
}

/**
 * A national estimate of a line's allowed amount, in cents: (work + non-facility PE + MP)
 * x conversion factor x units, without GPCIs or MPPR. Used only when the caller gives no
 * pricing (RuleContext.allowedAmounts).
 */
function nationalEstimate(cache: ReferenceCache, line: ClaimLine): number | undefined {
  const perUnit = cache.derived("kx-national", line.dateOfService, line.code, () => {
    const row = cache.rvu(line.code, line.dateOfService).value;
    const cf = cache.reference.conversionFactor(line.dateOfService);
    if (row === undefined || cf === undefined) return undefined;
    const rvus = parseScaled(row.work, 4) + parseScaled(row.peNonFacility, 4) + parseScaled(row.mp, 4);
    return Number(roundHalfUp(rvus * parseScaled(cf.value, 4), 10n ** 6n));
  });
  return perUnit === undefined ? undefined : perUnit * line.units;
}

/** The threshold of the date's calendar year, memoised per date (claims share a few dates). */
function thresholdOn(ctx: RuleContext, cache: ReferenceCache, date: string): PolicyAmount | undefined {
  return cache.derived("kx-threshold", date, "", () => ctx.reference.kxThreshold(date));
}

/** Cents of a validated money string ("2470.00", "12.5"), by digits: no regex on the hot path. */
export function centsOf(text: string): number {
  let whole = 0;
  let k = 0;
  const negative = text.charCodeAt(0) === 45;
  if (negative) k = 1;
  for (; k < text.length && text.charCodeAt(k) !== 46; k++) whole = whole * 10 + text.charCodeAt(k) - 48;
  let cents = 0;
  if (k < text.length) {
    const first = text.charCodeAt(k + 1);
    const second = text.charCodeAt(k + 2);
    cents = (first >= 48 ? (first - 48) * 10 : 0) + (second >= 48 ? second - 48 : 0);
  }
  const total = whole * 100 + cents;
  return negative ? -total : total;
}

/**
 * Pub. 100-02 ch. 15 §220.3: walk the therapy lines in claim order adding each line's
 * allowed amount to the year's total; the line that passes the threshold and every later
 * therapy line need KX, which attests documented medical necessity.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  if (!ctx.profile.medicareTherapyRules) return [];
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  const necessary = claim.medicallyNecessaryOverThreshold === true;
  let amounts: Array<number | undefined> | undefined;
  const planGroup: ThresholdGroup | undefined = claim.planOfCare
    ? claim.planOfCare.discipline === "OT"
      ? "OT"
      : "PT/SLP"
    : undefined;
  const yearToDate = claim.therapyYearToDate ? centsOf(claim.therapyYearToDate) : 0;
  // The year-to-date figure is the plan's discipline group; the other group starts from 0.
  const totals: Record<ThresholdGroup, number> = { "PT/SLP": 0, OT: 0 };
  let seeded = false;
  const unjudged: number[] = [];
  claim.lines.forEach((line, i) => {
    const therapy = cache.therapyCode(line.code, line.dateOfService);
    const group = groupOf(line);
    if (therapy?.therapyClass === undefined || group === undefined) return;
    if (!seeded) {
      totals[planGroup ?? group] = yearToDate;
      seeded = true;
    }
    const threshold = thresholdOn(ctx, cache, line.dateOfService);
    amounts ??= ctx.allowedAmounts?.(claim) ?? [];
    const allowed = amounts[i] ?? nationalEstimate(cache, line) ?? 0;
    totals[group] += allowed;
    if (threshold === undefined) {
      unjudged.push(i);
      return;
    }
    const hasKx = line.modifiers.includes("KX");
    if (hasKx ? necessary : totals[group] <= threshold.cents) return;
    const reference = `SSA §1833(g); Pub. 100-02 ch. 15 §220.3; KX threshold ${yearOf(line.dateOfService)}: $${formatCents(threshold.cents)}${verifiedNote(threshold)} (${threshold.source})`;
    const location = linePath(i, "modifiers");
    if (hasKx) {
      out.push(
        finding(meta, {
          lines: [i],
          carc: "50",
          message: `${line.code} carries KX, which attests that medical necessity above the therapy threshold is documented, but the visit does not document it; remove KX, or document medical necessity`,
          reference,
          fix: fix(`remove KX from line ${i}`, { op: "remove-modifier", line: i, modifier: "KX" }),
          location,
        }),
      );
      return;
    }
    const spent = `${group} therapy allowed this year reaches $${formatCents(totals[group])} with ${line.code}, past the ${yearOf(line.dateOfService)} KX threshold of $${formatCents(threshold.cents)}`;
    out.push(
      finding(meta, {
        lines: [i],
        message: necessary
          ? `${spent}; medical necessity is documented, so add KX`
          : `${spent}; without KX the line is denied: document medical necessity and add KX, or give the patient an ABN (GA) before furnishing services that are not medically necessary`,
        reference,
        fix: necessary
          ? fix(`add KX to line ${i}`, { op: "add-modifier", line: i, modifier: "KX" })
          : undefined,
        location,
      }),
    );
  });
  if (unjudged.length > 0) {
    // Never a guessed threshold: say which figure is missing and what to import.
    const date = claim.lines[unjudged[0]!]!.dateOfService;
    out.push(
      finding(meta, {
        lines: unjudged,
        severity: "warning",
        carc: null,
        message: `${missingPolicyFigure("kx-threshold", date)}; the KX threshold was not judged for these lines`,
        reference: "SSA §1833(g)(7)(A); docs/policy-figures.md",
        location: linePath(unjudged[0]!, "dateOfService"),
      }),
    );
  }
  return out;
}

export const kxThreshold: Rule = { meta, check };
