import type { PayerType } from "../../model/common.js";

/**
 * What each MPFS status indicator means, for pricing and for the scrubber (one table, so the
 * estimate and `code-status` never disagree). Source: the PFS Relative Value File record
 * layout, "STATUS CODE"; Pub. 100-04 ch. 12 §30. The wording is ours.
 */
export interface MpfsStatus {
  /** Our own words for the status indicator. */
  meaning: string;
  /**
   * What the estimate does: "priced" from the RVUs; "zero", a real $0 (Medicare pays nothing
   * for it); "unpriced", the MPFS gives no amount, so the engine cannot say.
   */
  pricing: "priced" | "zero" | "unpriced";
  /** Set for the statuses that make a line unpayable: how `code-status` reports them. */
  unpayable?: {
    /** "any" applies to every payer (the code no longer exists); "medicare" to MPFS payers only. */
    appliesTo: "any" | "medicare";
    carc: string;
    rarc?: string;
    /** A line carrying a liability modifier (GA, GX, GY, GZ) already expects the denial. */
    liabilityModifierAccepts?: boolean;
    advice: string;
  };
}

const deleted = {
  appliesTo: "any",
  carc: "181",
  advice: "bill the code that replaced it for this date of service",
} as const;
const otherMedicareCode = {
  appliesTo: "medicare",
  carc: "181",
  rarc: "N657",
  advice: "bill the Medicare code for the service",
} as const;

export const mpfsStatuses: Readonly<Record<string, MpfsStatus>> = {
  A: { pricing: "priced", meaning: "active code, paid from its RVUs" },
  T: {
    pricing: "priced",
    meaning: "paid only when no other fee schedule service is paid on the same date by the same provider",
  },
  R: { pricing: "priced", meaning: "restricted coverage: paid only under special coverage instructions" },
  B: {
    pricing: "zero",
    meaning: "bundled: Medicare pays it only as part of another service",
    unpayable: {
      appliesTo: "medicare",
      carc: "97",
      rarc: "M15",
      advice: "leave it off the claim, or bill it for the record with no charge if the payer asks for it",
    },
  },
  C: {
    pricing: "unpriced",
    meaning: "carrier-priced: the MAC sets the amount; the fee schedule has no national amount",
  },
  D: { pricing: "zero", meaning: "deleted from the fee schedule", unpayable: deleted },
  E: {
    pricing: "zero",
    meaning: "excluded from the fee schedule by regulation",
    unpayable: {
      appliesTo: "medicare",
      carc: "96",
      liabilityModifierAccepts: true,
      advice: "bill it with GY if the patient is to be billed, or leave it off",
    },
  },
  F: { pricing: "zero", meaning: "deleted, with no grace period", unpayable: deleted },
  G: {
    pricing: "zero",
    meaning: "not valid for Medicare: Medicare uses another code (grace period)",
    unpayable: otherMedicareCode,
  },
  H: { pricing: "zero", meaning: "deleted modifier" },
  I: {
    pricing: "zero",
    meaning: "not valid for Medicare: Medicare uses another code",
    unpayable: otherMedicareCode,
  },
  J: {
    pricing: "unpriced",
    meaning: "anesthesia service: paid on the anesthesia fee schedule, which this engine does not price",
  },
  M: { pricing: "zero", meaning: "measurement code for quality reporting only" },
  N: {
    pricing: "zero",
    meaning: "not covered by Medicare",
    unpayable: {
      appliesTo: "medicare",
      carc: "96",
      liabilityModifierAccepts: true,
      advice: "bill it with GY (and GX with a voluntary ABN) so the patient can be billed, or leave it off",
    },
  },
  P: {
    pricing: "zero",
    meaning: "bundled or excluded: no separate fee schedule payment",
    unpayable: {
      appliesTo: "medicare",
      carc: "97",
      liabilityModifierAccepts: true,
      advice: "leave it off the claim",
    },
  },
  X: {
    pricing: "zero",
    meaning: "statutory exclusion: not a physician service under the Medicare statute",
    unpayable: {
      appliesTo: "medicare",
      carc: "96",
      liabilityModifierAccepts: true,
      advice: "bill it with GY (and GX with a voluntary ABN), or leave it off",
    },
  },
};

/** Payer types that follow Medicare's MPFS status indicators (Medicare Advantage plans follow Medicare coverage). */
export const mpfsStatusPayerTypes: ReadonlySet<PayerType> = new Set(["medicare", "medicare-advantage"]);
