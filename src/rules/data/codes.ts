import type { PayerType } from "../../model/common.js";

/**
 * Procedure code facts the rules use beyond the therapy code list
 * (src/reference/policy/therapy-codes.ts), each with its source.
 */

/** Spinal CMT, the only chiropractic services Medicare covers (Pub. 100-02 ch. 15 §240). */
export const coveredChiropracticManipulation: ReadonlySet<string> = new Set(["98940", "98941", "98942"]);

/**
 * Re-evaluations: unlike initial evaluations, they are furnished under an existing plan
 * of care (Pub. 100-02 ch. 15 §220.3.C), so they need a certified plan like treatment.
 */
export const reEvaluationCodes: ReadonlySet<string> = new Set(["97164", "97168", "97172"]);

/**
 * Untimed codes on the therapy list that are nevertheless billed in several units:
 * "each additional" add-on codes and unlisted codes. Everything else untimed is one unit
 * per day whatever the minutes (Pub. 100-04 ch. 5 §20.2; code descriptors).
 */
export const untimedMultiUnitCodes: ReadonlySet<string> = new Set(["97598", "92608", "97139", "97799"]);

/**
 * Codes a payer may not recognise, with the code it uses instead. Applied when the payer
 * profile says the code is not accepted (`accepts97014: false`, Medicare's default).
 * Source: MPFS status I for 97014; G0283 descriptor (HCPCS Level II).
 */
export const payerReplacementCodes: ReadonlyArray<{
  code: string;
  replacement: string;
  acceptedWhen: "accepts97014";
}> = [{ code: "97014", replacement: "G0283", acceptedWhen: "accepts97014" }];

/** Payer types that follow Medicare's MPFS status indicators (Medicare Advantage plans follow Medicare coverage). */
export const mpfsStatusPayerTypes: ReadonlySet<PayerType> = new Set(["medicare", "medicare-advantage"]);

export interface StatusMeaning {
  /** Our own words for the MPFS status indicator. */
  meaning: string;
  /** "any" applies to every payer (the code no longer exists); "medicare" to MPFS payers only. */
  appliesTo: "any" | "medicare";
  carc: string;
  rarc?: string;
  /** A line carrying a liability modifier (GA, GX, GY, GZ) already expects the denial. */
  liabilityModifierAccepts?: boolean;
  advice: string;
}

/**
 * MPFS status indicators that make a line unpayable (PFS Relative Value File record
 * layout, "Status Code"; Pub. 100-04 ch. 12 §30). Statuses not listed (A, C, J, M, R, T)
 * are payable or priced by the contractor.
 */
export const mpfsStatusMeanings: Readonly<Record<string, StatusMeaning>> = {
  B: {
    meaning: "bundled: Medicare pays it only as part of another service",
    appliesTo: "medicare",
    carc: "97",
    rarc: "M15",
    advice: "leave it off the claim, or bill it for the record with no charge if the payer asks for it",
  },
  D: {
    meaning: "deleted from the fee schedule",
    appliesTo: "any",
    carc: "181",
    advice: "bill the code that replaced it for this date of service",
  },
  E: {
    meaning: "excluded from the fee schedule by regulation",
    appliesTo: "medicare",
    carc: "96",
    liabilityModifierAccepts: true,
    advice: "bill it with GY if the patient is to be billed, or leave it off",
  },
  F: {
    meaning: "deleted, with no grace period",
    appliesTo: "any",
    carc: "181",
    advice: "bill the code that replaced it for this date of service",
  },
  G: {
    meaning: "not valid for Medicare: Medicare uses another code",
    appliesTo: "medicare",
    carc: "181",
    rarc: "N657",
    advice: "bill the Medicare code for the service",
  },
  I: {
    meaning: "not valid for Medicare: Medicare uses another code",
    appliesTo: "medicare",
    carc: "181",
    rarc: "N657",
    advice: "bill the Medicare code for the service",
  },
  N: {
    meaning: "not covered by Medicare",
    appliesTo: "medicare",
    carc: "96",
    liabilityModifierAccepts: true,
    advice: "bill it with GY (and GX with a voluntary ABN) so the patient can be billed, or leave it off",
  },
  P: {
    meaning: "bundled or excluded: no separate Medicare payment",
    appliesTo: "medicare",
    carc: "97",
    liabilityModifierAccepts: true,
    advice: "leave it off the claim",
  },
  X: {
    meaning: "excluded by statute",
    appliesTo: "medicare",
    carc: "96",
    liabilityModifierAccepts: true,
    advice: "bill it with GY (and GX with a voluntary ABN), or leave it off",
  },
};
