import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { disciplineByTherapyModifier } from "../reference/policy/modifiers.js";
import { reEvaluationCodes } from "./data/codes.js";
import { referenceCache } from "./reference-cache.js";
import { finding, linePath } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "plan-of-care",
  severity: "error",
  description:
    "A therapy service dated outside the plan of care certification, or Medicare therapy with no plan of care. Initial evaluations may precede the plan they establish; re-evaluations may not.",
  references: [
    "42 CFR 410.61 (plan of care); 42 CFR 424.24(c) (certification)",
    "CMS Benefit Policy Manual, Pub. 100-02, ch. 15 §220.1.2 and §220.1.3 (plans of care and their certification)",
  ],
  rarc: "N351",
  docs: "docs/rules/plan-of-care.md",
};

const reference =
  "42 CFR 410.61 and 424.24(c); CMS Benefit Policy Manual, Pub. 100-02, ch. 15 §220.1.2–220.1.3";

/** Lines furnished under a therapy plan: therapy codes, minus initial evaluations and lines billed as excluded (GY). */
function underPlan(line: ClaimLine, ctx: RuleContext): { initialEvaluation: boolean } | undefined {
  const therapy = referenceCache(ctx).therapyCode(line.code, line.dateOfService);
  if (therapy === undefined || line.modifiers.includes("GY")) return undefined;
  const marked = line.modifiers.some((m) => disciplineByTherapyModifier.has(m));
  if (therapy.therapyClass !== "always" && !(therapy.therapyClass === "sometimes" && marked))
    return undefined;
  const initialEvaluation = therapy.evaluationDiscipline !== undefined && !reEvaluationCodes.has(line.code);
  return { initialEvaluation };
}

/**
 * Pub. 100-02 ch. 15 §220.1: Medicare therapy is furnished under a certified plan of care
 * and within its dates. Other payers: only dates outside a recorded plan, as a warning.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const medicare = ctx.profile.medicareTherapyRules;
  const plan = claim.planOfCare;
  if (!medicare && !plan) return [];
  // An 837P has no place for the plan of care: its absence there is not evidence.
  if (!plan && ctx.claimOnly) return [];
  // A claim that does not say whether there is a plan (the key is absent, as in the
  // contract's claim shape) cannot be judged on it; `null` means "no plan" and is judged.
  if (plan === undefined) {
    const therapy = claim.lines.flatMap((line, i) => (underPlan(line, ctx) ? [i] : []));
    if (therapy.length === 0) return [];
    return [
      finding(meta, {
        lines: therapy,
        severity: "info",
        carc: null,
        rarc: null,
        message:
          "the claim does not record the plan of care (planOfCare), so its certification dates were not checked: include it (or null when there is none) for a full scrub",
        reference,
        location: "$.planOfCare",
      }),
    ];
  }
  const severity = medicare ? "error" : "warning";
  const missing: number[] = [];
  const out: Finding[] = [];
  claim.lines.forEach((line, i) => {
    const kind = underPlan(line, ctx);
    if (kind === undefined) return;
    const date = line.dateOfService;
    if (!plan) {
      if (!kind.initialEvaluation) missing.push(i);
      return;
    }
    const after = date > plan.certifiedThrough;
    // An initial evaluation establishes the plan, so it may come before certifiedFrom.
    const before = date < plan.certifiedFrom && !kind.initialEvaluation;
    if (!before && !after) return;
    out.push(
      finding(meta, {
        lines: [i],
        severity,
        message: after
          ? `${line.code} on ${date} is after the plan of care certification ended (${plan.certifiedThrough}); recertify the plan (a signed recertification covering ${date}) before billing`
          : `${line.code} on ${date} is before the plan of care certification starts (${plan.certifiedFrom}); correct the date, or the plan's certification dates`,
        reference,
        location: linePath(i, "dateOfService"),
      }),
    );
  });
  if (missing.length > 0) {
    out.push(
      finding(meta, {
        lines: missing,
        severity,
        rarc: null,
        message:
          "Medicare therapy services need a plan of care certified by a physician or NPP; the claim records none: record the plan's discipline and certification dates (planOfCare)",
        reference,
        location: "$.planOfCare",
      }),
    );
  }
  return out;
}

export const planOfCare: Rule = { meta, check };
