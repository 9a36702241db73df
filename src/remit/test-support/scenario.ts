import type { Claim } from "../../model/claim.js";
import { parseCents } from "../../model/money.js";
import { visitSchema } from "../../model/visit.js";
import { codeOne, type PipelineOptions, priceOne } from "../../pipeline/pipeline.js";
import { packReference } from "../../test-support/reference.js";
import { type ClaimSpec, medicareLine, type RemitSpec, therapyVisit } from "./remit-835.js";

/**
 * The worklist's test story, shared by the core and CLI tests: two Medicare PT visits of
 * 2026-03-02 coded by cleanclaim; V-1001 was sent without GP on 97110 and without the XS
 * its notes attest on 97140, and comes back with CO-4 and CO-236; V-1002 was sent right
 * and is paid, 97110 3.00 short.
 */
export const reference = packReference();
export const pipeline: PipelineOptions = { reference, asOf: "2026-03-25" };

/** Claims coded from complete visits, as cleanclaim would have billed them. */
export const coded = (overrides: Parameters<typeof therapyVisit>[0] = {}): Claim =>
  codeOne(visitSchema.parse(therapyVisit(overrides)), pipeline).claim;

/** The claim the practice actually sent: 97110 without GP, 97140 without the XS its notes attest. */
export function asSent(claim: Claim): Claim {
  return {
    ...claim,
    lines: claim.lines.map((l) => ({
      ...l,
      modifiers: l.modifiers.filter(
        (m) => !(l.code === "97110" && m === "GP") && !(l.code === "97140" && m === "XS"),
      ),
    })),
  };
}

/** Our allowed amount per line, pricing only the given lines (the paid ones). */
export function allowed(claim: Claim, lines: number[]): number[] {
  const estimate = priceOne({ ...claim, lines: lines.map((i) => claim.lines[i]!) }, pipeline);
  return estimate.lines.map((l) => parseCents(l.allowed ?? "0.00"));
}

export const payer = { name: "FIRST COAST SERVICE OPTIONS", id: "09102" };
export const payee = { name: "BAYSIDE THERAPY", npi: "1234567893", taxId: "591234567" };
export const patient = { lastName: "DIAZ", firstName: "ANA", memberId: "1EG4TE5MK73" };
export const dos = "2026-03-02";

export const v1001 = asSent(coded());
export const v1002 = coded({ id: "V-1002" });

/** V-1001: 97012 paid; 97110 denied CO-4 (no GP); 97140 denied CO-236 (no XS). */
export function deniedClaim(): ClaimSpec {
  const [paid97012] = allowed(v1001, [0]);
  return {
    claimId: "V-1001",
    status: "1",
    payerClaimControlNumber: "22026079123450",
    patient,
    lines: [
      medicareLine({ code: "97012", modifiers: ["GP"], charge: 4500, units: 1, date: dos }, paid97012!, 0),
      { code: "97110", modifiers: [], charge: 12000, units: 2, date: dos, adjustments: [["CO", "4", 12000]] },
      {
        code: "97140",
        modifiers: ["GP"],
        charge: 5500,
        units: 1,
        date: dos,
        adjustments: [["CO", "236", 5500]],
        remarks: ["N20"],
      },
    ],
  };
}

/**
 * V-1002: all paid, in another order, 97012 with its GP dropped and 97140's modifiers
 * reordered; 97012 partly to the deductible; 97110 paid `shortBy` (3.00) short of our allowed amount.
 */
export function paidClaim(shortBy = 300): ClaimSpec {
  const [a97012, a97110, a97140] = allowed(v1002, [0, 1, 2]);
  return {
    claimId: "V-1002",
    status: "1",
    payerClaimControlNumber: "22026079123460",
    patient,
    lines: [
      medicareLine({ code: "97140", modifiers: ["XS", "GP"], charge: 5500, units: 1, date: dos }, a97140!, 0),
      medicareLine({ code: "97012", modifiers: [], charge: 4500, units: 1, date: dos }, a97012!, 500),
      medicareLine(
        { code: "97110", modifiers: ["GP"], charge: 12000, units: 2, date: dos },
        a97110!,
        0,
        shortBy,
      ),
    ],
  };
}

export const spec = (...claims: ClaimSpec[]): RemitSpec => ({
  payer,
  payee,
  date: "2026-03-20",
  traceNumber: "EFT20260320001",
  controlNumber: 320001,
  claims,
});
