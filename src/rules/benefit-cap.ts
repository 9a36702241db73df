import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { parseCents } from "../model/money.js";
import { provenanceText } from "../payers/state-schedule.js";
import { money } from "../pricing/exact.js";
import { finding } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "benefit-cap",
  severity: "error",
  description:
    "A claim to a program whose benefit for the injury is used up (error: nothing will be paid) or nearly so (warning: less is left than the claim's charges), from the benefit caps of the payer's state fee schedule and the benefit already paid (benefitUsed).",
  references: [
    "The payer profile's state schedule (pricing.stateSchedule.benefitCaps): each cap cites its statute",
    "Fla. Stat. §627.736(1): PIP medical and disability benefits up to $10,000",
    "X12 CARC 119: benefit maximum for this time period or occurrence has been reached",
  ],
  carc: "119",
  docs: "docs/rules/benefit-cap.md",
};

/**
 * Benefit caps bound what a program pays over the whole injury (issue 11). The claim says
 * what has been paid already (`benefitUsed`, from the insurer's payout ledger); the tightest
 * cap with an amount decides. The estimate applies the same cap to the payer payment
 * (pricing/price-claim.ts benefitCapOf), so this rule only says whether anything is left.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const pricing = ctx.profile.pricing;
  const schedule = pricing.basis === "state-schedule" ? pricing.stateSchedule : undefined;
  if (!schedule || claim.benefitUsed === undefined) return [];
  const used = BigInt(parseCents(claim.benefitUsed));
  let tightest: { index: number; cap: bigint; left: bigint } | undefined;
  schedule.benefitCaps.forEach((b, index) => {
    if (b.amount === null) return;
    const cap = BigInt(parseCents(b.amount));
    const left = cap > used ? cap - used : 0n;
    if (!tightest || left < tightest.left) tightest = { index, cap, left };
  });
  if (!tightest) return [];
  const cap = schedule.benefitCaps[tightest.index]!;
  const charges = claim.lines.reduce((sum, l) => sum + BigInt(parseCents(l.charge)), 0n);
  if (tightest.left >= charges) return [];
  const lines = claim.lines.map((_, i) => i);
  const base = `${schedule.program}: the benefit cap ${cap.label} is $${money(tightest.cap)}, and $${money(used)} was paid before this claim (benefitUsed)`;
  const reference = `${provenanceText(cap)} (the payer profile's pricing.stateSchedule.benefitCaps[${tightest.index}])`;
  if (tightest.left === 0n)
    return [
      finding(meta, {
        lines,
        message: `${base}: the benefit is used up, so the payer will pay nothing for this claim (CARC 119); bill the patient's other coverage or the patient, or correct benefitUsed if the insurer's ledger says otherwise`,
        reference,
        location: "$.benefitUsed",
      }),
    ];
  return [
    finding(meta, {
      lines,
      severity: "warning",
      message: `${base}: $${money(tightest.left)} is left, less than this claim's charges of $${money(charges)}; the payer pays no more than $${money(tightest.left)} (the estimate shows what it pays), and the rest goes to the patient's other coverage or the patient`,
      reference,
      location: "$.benefitUsed",
    }),
  ];
}

export const benefitCap: Rule = { meta, check };
