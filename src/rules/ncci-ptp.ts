import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { isNcciAssociatedModifier } from "../reference/policy/modifiers.js";
import type { PtpRow } from "../reference/types.js";
import { type PtpScope, referenceCache } from "./reference-cache.js";
import { editionName, finding, fix, linePath } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "ncci-ptp",
  severity: "error",
  description:
    "Pairs of codes on the same date of service under the NCCI procedure-to-procedure edits in force on that date: indicator 0 is never payable together, indicator 1 only with an NCCI-associated modifier on the column-2 code (59, XE, XS, XP, XU, an anatomic modifier, or 24, 25, 27, 57, 58, 78, 79, 91), indicator 9 is not an edit.",
  references: [
    "NCCI PTP practitioner edits, the quarterly edition in force on the date of service",
    "NCCI Policy Manual for Medicare Services, ch. I §E (modifiers) and ch. XI (physical medicine, chiropractic)",
    "CMS MLN1783722, Proper Use of Modifiers 59, XE, XP, XS and XU",
  ],
  carc: "236",
  fix: "adds the distinct-service modifier to the column-2 line, only when the documentation attests the service was distinct (line.distinct); removes the column-2 line of an indicator-0 pair",
  docs: "docs/rules/ncci-ptp.md",
};

/** "NCCI PTP practitioner 2024Q3 (file), in force from 2024-07-01; NCCI Policy Manual ch. XI": the edition actually used. */
export function ptpEditionReference(scope: Pick<PtpScope, "edition">): string {
  const e = scope.edition;
  const edition = e
    ? `${editionName("NCCI PTP", e.release)} (${e.source}), in force from ${e.effectiveFrom}`
    : "NCCI PTP practitioner edits (no edition loaded)";
  return `${edition}; NCCI Policy Manual ch. XI`;
}

function bypassed(column2: ClaimLine): boolean {
  for (const m of column2.modifiers) if (isNcciAssociatedModifier(m)) return true;
  return false;
}

/** The modifier the payer wants for an attested distinct service: 59 when the profile says so, else the X modifier attested. */
function distinctModifierFor(line: ClaimLine, ctx: RuleContext): string | undefined {
  if (line.distinct === undefined) return undefined;
  return ctx.profile.distinctModifier === "59" ? "59" : line.distinct;
}

function explain(
  claim: Claim,
  ctx: RuleContext,
  scope: PtpScope,
  edit: PtpRow,
  col1: number,
  col2: number,
  reverseAlsoEdited: boolean,
): Finding {
  const c1 = claim.lines[col1]!;
  const c2 = claim.lines[col2]!;
  const rationale = edit.rationale ? `: ${edit.rationale.toLowerCase()}` : "";
  const lines = col1 < col2 ? [col1, col2] : [col2, col1];
  const reference = ptpEditionReference(scope);
  if (edit.modifierIndicator === "0") {
    // Removing the column-2 line is safe: no modifier or documentation makes it payable.
    // When both orders are edits, which line goes is a judgment, so no automatic fix.
    const removal = reverseAlsoEdited
      ? undefined
      : fix(`remove line ${col2} (${c2.code})`, { op: "remove-line", line: col2 });
    return finding(meta, {
      lines,
      message: `${c2.code} is not payable with ${c1.code} on the same day (NCCI PTP, modifier indicator 0${rationale}); no modifier bypasses this edit: remove ${c2.code}, or bill it on another date only if it was furnished then`,
      reference,
      rarc: "N20",
      fix: removal,
      location: linePath(col2, "code"),
    });
  }
  const modifier = distinctModifierFor(c2, ctx);
  const preferred = ctx.profile.distinctModifier === "59" ? "59" : "XE, XS, XP, XU or 59";
  const how =
    modifier === undefined
      ? `add ${preferred} to ${c2.code} only if it was a distinct service (separate encounter, structure, practitioner or non-overlapping service), which the documentation does not say`
      : `the documentation attests a distinct service (${c2.distinct}): add ${modifier} to ${c2.code}`;
  return finding(meta, {
    lines,
    message: `${c2.code} is bundled into ${c1.code} on the same day (NCCI PTP, modifier indicator 1${rationale}); ${how}`,
    reference,
    fix:
      modifier === undefined
        ? undefined
        : fix(`add modifier ${modifier} to line ${col2}`, { op: "add-modifier", line: col2, modifier }),
    location: linePath(col2, "modifiers"),
  });
}

/**
 * Every ordered pair of lines on one date is looked up against the PTP edition in force on
 * that date (NCCI Policy Manual ch. I). The lookup is allocation-free until an edit is found.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  if (!ctx.profile.ncciPtp) return [];
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  const lines = claim.lines;
  for (const day of serviceDates(claim)) {
    const group = day.lines;
    if (group.length < 2) continue;
    const scope = cache.ptpScope(day.date);
    if (scope.edition === undefined) continue;
    for (const a of group) {
      const col1 = lines[a]!;
      for (const b of group) {
        if (a === b) continue;
        const col2 = lines[b]!;
        if (col1.code === col2.code) continue;
        const edit = cache.ptpEdit(scope, col1.code, col2.code);
        if (edit === undefined) continue;
        if (edit.modifierIndicator === "1" && bypassed(col2)) continue;
        const reverse = cache.ptpEdit(scope, col2.code, col1.code) !== undefined;
        out.push(explain(claim, ctx, scope, edit, a, b, reverse));
      }
    }
  }
  return out;
}

export const ncciPtp: Rule = { meta, check };
