import type { Claim } from "../model/claim.js";
import { lineNumber } from "../model/line-numbers.js";
import { type Cents, formatCents, isMoney, parseCents } from "../model/money.js";
import { type PipelineOptions, pricingContext, profileFor } from "../pipeline/pipeline.js";
import { priceClaimDetailed } from "../pricing/index.js";
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

/**
 * Paid lines that came in short of our estimate:
 *   expected paid = our allowed − deductible (PR-1) − coinsurance (PR-2) − copay (PR-3) − sequestration (CO-253)
 * taking the patient's share and sequestration from the remit. The contractual write-off
 * (CO-45) and MPPR (CO-59) are explained only down to our allowed amount, so a shortfall
 * is the part of them that goes further. Flagged when short by more than $0.05.
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
    const deductible = sum("deductible");
    const coinsurance = sum("coinsurance");
    const copay = sum("copay");
    const sequestration = sum("sequestration");
    const contractual = sum("contractual") + sum("mppr");
    const charge = remitCents(p.remit.charge);
    const paidCents = remitCents(p.remit.paid);
    const expectedPaid = ours - deductible - coinsurance - copay - sequestration;
    const short = expectedPaid - paidCents;
    if (short <= underpaymentToleranceCents) continue;
    const payerAllowed = p.remit.allowed !== undefined ? remitCents(p.remit.allowed) : charge - contractual;
    const f = formatCents;
    const arithmetic = [
      `our allowed for ${line.code} (line ${lineNumber(p.line)}, ${line.units} unit${line.units === 1 ? "" : "s"}): ${f(ours)}`,
      `expected paid = ${f(ours)} − deductible ${f(deductible)} − coinsurance ${f(coinsurance)} − copay ${f(copay)} − sequestration ${f(sequestration)} = ${f(expectedPaid)}`,
      `paid ${f(paidCents)}: short by ${f(expectedPaid)} − ${f(paidCents)} = ${f(short)} (more than the ${f(underpaymentToleranceCents)} tolerance)`,
      `the payer allowed ${f(payerAllowed)}${p.remit.allowed !== undefined ? " (AMT*B6)" : ` (charge ${f(charge)} − contractual ${f(contractual)})`}; the contractual write-off is explained down to ${f(charge)} − ${f(ours)} = ${f(charge - ours)}, and the payer took ${f(contractual)}`,
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
      deductible: f(deductible),
      coinsurance: f(coinsurance),
      copay: f(copay),
      sequestration: f(sequestration),
      expectedPaid: f(expectedPaid),
      shortBy: f(short),
      payerAllowed: f(payerAllowed),
      arithmetic,
    });
  }
  return { underpayments, unpriced };
}
