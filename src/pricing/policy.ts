import type { IsoDate } from "../model/dates.js";

/**
 * Payment policy figures the pricing engine applies on top of the RVU, GPCI and
 * conversion-factor data. Each names its source (style.md practice 2: data, not if chains).
 */

/** Therapy MPPR: every unit but the day's first gets 50% of its PE (ATRA 2012 §633, from 2013-04-01). */
export const therapyMppr = {
  multipleProcedureIndicator: "5",
  peFactor: "0.50",
  source: "Therapy MPPR, 50% of PE (ATRA 2012 §633; MPFS multiple procedure indicator 5)",
} as const;

/** Services furnished in whole or in part by a PTA or OTA: 85% of the fee (SSA §1834(v), from 2022). */
export const assistantReduction = {
  modifiers: ["CQ", "CO"] as readonly string[],
  factor: "0.85",
  source: "SSA §1834(v); CMS CQ/CO billing examples (CY2022 MPFS final rule)",
};

/** A non-participating provider gets 95% of the fee schedule amount (SSA §1848(a)(3)). */
export const nonParticipating = {
  factor: "0.95",
  /** Limiting charge: 115% of the non-participating amount (SSA §1848(g)(2)(C)). */
  limitingChargeFactor: "1.15",
  source: "SSA §1848(a)(3) and §1848(g)(2)(C)",
};

export interface SequestrationRate {
  percent: string;
  effectiveFrom: IsoDate;
  effectiveThrough: IsoDate | null;
  source: string;
}

/**
 * Medicare sequestration (CARC 253). Suspended in 2020-2022 and phased back in; 2% from
 * 2022-07-01 (Pub. L. 117-71). No conversion factor before 2024 is loaded, so older rows are left out.
 */
export const sequestrationRates: readonly SequestrationRate[] = [
  {
    percent: "2",
    effectiveFrom: "2022-07-01",
    effectiveThrough: null,
    source: "Budget Control Act 2011 as extended; 2% from 2022-07-01 (Pub. L. 117-71)",
  },
];

export function sequestrationRate(date: IsoDate): SequestrationRate | undefined {
  return sequestrationRates.find(
    (r) => r.effectiveFrom <= date && (r.effectiveThrough === null || date <= r.effectiveThrough),
  );
}

/**
 * What an MPFS status code means for the estimate. "priced": from the RVUs; "zero": Medicare
 * pays nothing for it, a real $0; "unpriced": the MPFS gives no amount, so the engine cannot say.
 * Source: the PPRRVU record layout (RVU file README, "STATUS CODE"); wording is ours.
 */
export interface StatusMeaning {
  outcome: "priced" | "zero" | "unpriced";
  meaning: string;
}

export const statusMeanings: Readonly<Record<string, StatusMeaning>> = {
  A: { outcome: "priced", meaning: "active code, paid from its RVUs" },
  T: {
    outcome: "priced",
    meaning: "paid only when no other fee schedule service is paid on the same date by the same provider",
  },
  R: {
    outcome: "priced",
    meaning: "restricted coverage: paid only under special coverage instructions",
  },
  B: { outcome: "zero", meaning: "bundled: always paid as part of another service, never on its own" },
  C: {
    outcome: "unpriced",
    meaning: "carrier-priced: the MAC sets the amount; the fee schedule has no national amount",
  },
  D: { outcome: "zero", meaning: "deleted code" },
  E: { outcome: "zero", meaning: "excluded from the fee schedule by regulation" },
  F: { outcome: "zero", meaning: "deleted code, no grace period" },
  G: { outcome: "zero", meaning: "not valid for Medicare: Medicare uses another code (grace period)" },
  H: { outcome: "zero", meaning: "deleted modifier" },
  I: { outcome: "zero", meaning: "not valid for Medicare: Medicare uses another code" },
  J: {
    outcome: "unpriced",
    meaning: "anesthesia service: paid on the anesthesia fee schedule, which this engine does not price",
  },
  M: { outcome: "zero", meaning: "measurement code for quality reporting only" },
  N: { outcome: "zero", meaning: "not covered by Medicare" },
  P: { outcome: "zero", meaning: "bundled or excluded: no separate fee schedule payment" },
  X: { outcome: "zero", meaning: "statutory exclusion: not a physician service under the Medicare statute" },
};

/** Codes Medicare does not recognise and the code it uses instead (domain.md, "97014 and G0283"). */
export const medicareReplacementCodes: ReadonlyMap<string, string> = new Map([["97014", "G0283"]]);
