import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import { lineNumber } from "../model/line-numbers.js";
import { type Cents, formatCents, isMoney, parseCents } from "../model/money.js";
import type { PayerProfile } from "../payers/profile.js";
import { type PipelineOptions, pricingContext, profileFor } from "../pipeline/pipeline.js";
import { fromCents, percent, priceClaimDetailed, show, times, toCents } from "../pricing/index.js";
import { missingPolicyFigure } from "../reference/policy/figures.js";
import type { ReferenceData } from "../reference/types.js";
import type { ExpectedRole } from "./reason-map.js";
import type { RemitServiceLine, Underpayment } from "./types.js";

/** A payer may round differently from us by a few cents; more than this is worth a look. */
export const underpaymentToleranceCents = 5;

/** Money from the remit, where a malformed amount counts as zero (the reader reported it). */
export function remitCents(text: string | undefined): Cents {
  return text !== undefined && isMoney(text) ? parseCents(text) : 0;
}

/** A paid line of a matched claim, with the expected adjustments the payer took on it. */
export interface PaidLine {
  line: number;
  remitLine: number;
  remit: RemitServiceLine;
  /** Each expected adjustment's role (deductible, coinsurance, ...) and amount. */
  expected: Array<{ role: ExpectedRole; group: string; carc: string; cents: Cents }>;
}

/**
 * Our allowed amount for each paid line, pricing only the lines the payer paid: therapy
 * MPPR ranks the units of the day, so a denied line must not take the full-price unit.
 */
function allowedForPaidLines(
  claim: Claim,
  lines: readonly number[],
  options: PipelineOptions,
): Map<number, Cents | undefined> {
  const paidClaim: Claim = { ...claim, lines: lines.map((i) => claim.lines[i]!) };
  const priced = priceClaimDetailed(paidClaim, pricingContext(profileFor(paidClaim, options), options));
  const out = new Map<number, Cents | undefined>();
  lines.forEach((i, k) => {
    const cents = priced.allowedCents[k];
    out.set(i, cents === undefined ? undefined : Number(cents));
  });
  return out;
}

/** Our share of one paid line, per contract §4.4-4.5, on our allowed amount. */
export interface OurShare {
  deductible: Cents;
  coinsurance: Cents;
  coinsuranceExact: string;
  coinsurancePercent: string;
  payment: Cents;
  sequestration: Cents;
  sequestrationExact: string | null;
  sequestrationPercent: string | null;
  expectedPaid: Cents;
}

/**
 * Contract §4.4-4.5 on one line: the payer's reported deductible (the patient's benefit
 * state, which only the payer knows) comes off first, then OUR coinsurance (the profile's
 * percent of the rest, half-up), the payer's reported copay, and OUR sequestration (2% of
 * the payment, half-up, when the profile applies it).
 */
export function expectedPayment(
  ours: Cents,
  reported: { deductible: Cents; copay: Cents },
  profile: PayerProfile,
  date: IsoDate,
  reference: ReferenceData,
): OurShare {
  const deductible = Math.min(reported.deductible, ours);
  const pct = profile.pricing.coinsurancePercent;
  const coinsuranceExact = times(fromCents(BigInt(ours - deductible)), percent(pct));
  const coinsurance = Number(toCents(coinsuranceExact));
  const payment = ours - deductible - coinsurance - reported.copay;
  // The sequestration percentage in force on the date (policy figure); none loaded: none taken.
  const rate = profile.sequestration ? reference.policyFigure("sequestration", date)?.value : undefined;
  const sequestrationExact = rate ? times(fromCents(BigInt(payment)), percent(rate.percent)) : undefined;
  const sequestration = sequestrationExact ? Number(toCents(sequestrationExact)) : 0;
  return {
    deductible,
    coinsurance,
    coinsuranceExact: show(coinsuranceExact),
    coinsurancePercent: pct,
    payment,
    sequestration,
    sequestrationExact: sequestrationExact ? show(sequestrationExact) : null,
    sequestrationPercent: rate?.percent ?? null,
    expectedPaid: payment - sequestration,
  };
}

/** "ours − the payer's = difference", the way a biller compares the two. */
function versus(ours: Cents, payers: Cents, what: string): string {
  const f = formatCents;
  const d = ours - payers;
  return `the payer took ${f(payers)} (${what}); ours − the payer's = ${f(ours)} − ${f(payers)} = ${d < 0 ? `−${f(-d)}` : f(d)}`;
}

/**
 * Paid lines that came in short of our own estimate (contract §4.4-4.5, per line):
 *   expected paid = our allowed − deductible (PR-1, as reported) − OUR coinsurance
 *                   − copay (PR-3, as reported) − OUR sequestration
 * Our coinsurance and sequestration are computed on our allowed amount: taking the payer's
 * would carry its underpayment into our expectation (its coinsurance is 20% of its own,
 * lower, allowed amount). The arithmetic shows both figures and their difference. The
 * contractual write-off (CO-45) and MPPR (CO-59) are explained only down to our allowed
 * amount, so a shortfall is the part of them that goes further. Flagged when short by
 * more than $0.05.
 */
export function findUnderpayments(
  claim: Claim,
  paid: readonly PaidLine[],
  options: PipelineOptions,
  ids: { claimId: string; payerClaimControlNumber: string | null },
): { underpayments: Underpayment[]; unpriced: string[] } {
  if (paid.length === 0) return { underpayments: [], unpriced: [] };
  const allowed = allowedForPaidLines(
    claim,
    paid.map((p) => p.line),
    options,
  );
  const profile = profileFor(claim, options);
  const underpayments: Underpayment[] = [];
  const unpriced: string[] = [];
  for (const p of paid) {
    const line = claim.lines[p.line]!;
    const ours = allowed.get(p.line);
    if (ours === undefined) {
      unpriced.push(
        `${ids.claimId} line ${lineNumber(p.line)} (${line.code}): no estimate, so the payment was not checked`,
      );
      continue;
    }
    const sum = (role: ExpectedRole): Cents =>
      p.expected.filter((e) => e.role === role).reduce((s, e) => s + e.cents, 0);
    const payerCoinsurance = sum("coinsurance");
    const payerSequestration = sum("sequestration");
    const copay = sum("copay");
    const contractual = sum("contractual") + sum("mppr");
    const share = expectedPayment(
      ours,
      { deductible: sum("deductible"), copay },
      profile,
      line.dateOfService,
      options.reference,
    );
    const charge = remitCents(p.remit.charge);
    const paidCents = remitCents(p.remit.paid);
    const short = share.expectedPaid - paidCents;
    if (short <= underpaymentToleranceCents) continue;
    const payerAllowed = p.remit.allowed !== undefined ? remitCents(p.remit.allowed) : charge - contractual;
    const f = formatCents;
    const arithmetic = [
      `our allowed for ${line.code} (line ${lineNumber(p.line)}, ${line.units} unit${line.units === 1 ? "" : "s"}): ${f(ours)}`,
      `deductible, as the payer reported it (PR-1): ${f(share.deductible)}`,
      `our coinsurance: (${f(ours)} − ${f(share.deductible)}) × ${share.coinsurancePercent}% = ${share.coinsuranceExact} → ${f(share.coinsurance)}; ${versus(share.coinsurance, payerCoinsurance, "PR-2")}`,
      `our payment: ${f(ours)} − ${f(share.deductible)} − ${f(share.coinsurance)} − copay ${f(copay)} = ${f(share.payment)}`,
      share.sequestrationPercent !== null
        ? `our sequestration: ${f(share.payment)} × ${share.sequestrationPercent}% = ${share.sequestrationExact} → ${f(share.sequestration)}; ${versus(share.sequestration, payerSequestration, "CO-253")}`
        : profile.sequestration
          ? `our sequestration: none taken: ${missingPolicyFigure("sequestration", line.dateOfService)}; ${versus(0, payerSequestration, "CO-253")}`
          : `our sequestration: none under the ${profile.name} profile; ${versus(0, payerSequestration, "CO-253")}`,
      `expected paid = ${f(share.payment)} − ${f(share.sequestration)} = ${f(share.expectedPaid)}`,
      `paid ${f(paidCents)}: short by ${f(share.expectedPaid)} − ${f(paidCents)} = ${f(short)} (more than the ${f(underpaymentToleranceCents)} tolerance)`,
      `the payer allowed ${f(payerAllowed)}${p.remit.allowed !== undefined ? " (AMT*B6)" : ` (charge ${f(charge)} − contractual ${f(contractual)})`}, ${f(ours - payerAllowed)} less than our ${f(ours)}; the contractual write-off is explained down to ${f(charge)} − ${f(ours)} = ${f(charge - ours)}, and the payer took ${f(contractual)}`,
    ];
    underpayments.push({
      claimId: ids.claimId,
      payerClaimControlNumber: ids.payerClaimControlNumber,
      line: p.line,
      remitLine: p.remitLine,
      code: line.code,
      modifiers: [...line.modifiers],
      charge: f(charge),
      paid: f(paidCents),
      ourAllowed: f(ours),
      deductible: f(share.deductible),
      coinsurance: f(share.coinsurance),
      copay: f(copay),
      sequestration: f(share.sequestration),
      expectedPaid: f(share.expectedPaid),
      shortBy: f(short),
      payerAllowed: f(payerAllowed),
      payerCoinsurance: f(payerCoinsurance),
      payerSequestration: f(payerSequestration),
      arithmetic,
    });
  }
  return { underpayments, unpriced };
}
