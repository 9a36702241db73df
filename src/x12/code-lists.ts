import type { Credential, PayerType } from "../model/common.js";

/**
 * Claim filing indicator (SBR09 in the 837P, CLP06 in the 835) to cleanclaim's payer
 * type. The payer type decides unit method and edits (contract §1), so the mapping is
 * deliberate:
 * - MA, MB: Medicare Part A / Part B.
 * - 16: HMO Medicare Risk, i.e. Medicare Advantage.
 * - MC: Medicaid.
 * - WC: workers' compensation; AM: automobile medical.
 * - 09: self-pay (a 4010 code some senders still use; not in the 5010 list).
 * - everything else (11-15, 17, BL, CH, CI, DS, FI, HM, LM, OF, TV, VA, ZZ) bills like a
 *   commercial plan: PPO, POS, EPO, indemnity, Blue Cross, HMO, TRICARE, VA, FEP.
 */
export const payerTypeByFilingIndicator: Readonly<Record<string, PayerType>> = {
  MA: "medicare",
  MB: "medicare",
  "16": "medicare-advantage",
  MC: "medicaid",
  WC: "workers-comp",
  AM: "auto",
  "09": "self-pay",
  "11": "commercial",
  "12": "commercial",
  "13": "commercial",
  "14": "commercial",
  "15": "commercial",
  "17": "commercial",
  BL: "commercial",
  CH: "commercial",
  CI: "commercial",
  DS: "commercial",
  FI: "commercial",
  HM: "commercial",
  LM: "commercial",
  OF: "commercial",
  TV: "commercial",
  VA: "commercial",
  ZZ: "commercial",
};

/** What the writer puts in SBR09 for each payer type (self-pay claims are not sent as 837P). */
export const filingIndicatorByPayerType: Readonly<Record<Exclude<PayerType, "self-pay">, string>> = {
  medicare: "MB",
  "medicare-advantage": "16",
  medicaid: "MC",
  commercial: "CI",
  "workers-comp": "WC",
  auto: "AM",
};

/**
 * Health care provider taxonomy (NUCC) to credential, by code prefix, longest first.
 * Only taxonomies that name the credential are listed; physicians share 207/208 codes
 * between MD and DO, so they read as MD.
 */
export const credentialByTaxonomy: ReadonlyArray<{
  prefix: string;
  credential: Credential;
  taxonomy: string;
}> = [
  { prefix: "225200000X", credential: "PTA", taxonomy: "Physical Therapy Assistant" },
  { prefix: "2251", credential: "PT", taxonomy: "Physical Therapist and its specializations" },
  { prefix: "225X", credential: "OT", taxonomy: "Occupational Therapist and its specializations" },
  { prefix: "224Z", credential: "OTA", taxonomy: "Occupational Therapy Assistant" },
  { prefix: "235Z", credential: "SLP", taxonomy: "Speech-Language Pathologist" },
  { prefix: "111N", credential: "DC", taxonomy: "Chiropractor" },
  { prefix: "363L", credential: "NP", taxonomy: "Nurse Practitioner" },
  { prefix: "363A", credential: "PA", taxonomy: "Physician Assistant" },
  { prefix: "207", credential: "MD", taxonomy: "Allopathic and Osteopathic Physicians" },
  { prefix: "208", credential: "MD", taxonomy: "Allopathic and Osteopathic Physicians" },
];

/** The taxonomy the writer sends for each credential (the generic code of each NUCC group). */
export const taxonomyByCredential: Readonly<Record<Credential, string>> = {
  PT: "225100000X",
  PTA: "225200000X",
  OT: "225X00000X",
  OTA: "224Z00000X",
  SLP: "235Z00000X",
  DC: "111N00000X",
  MD: "207Q00000X",
  DO: "207Q00000X",
  NP: "363L00000X",
  PA: "363A00000X",
};

export function credentialForTaxonomy(taxonomy: string): Credential | undefined {
  for (const entry of credentialByTaxonomy) if (taxonomy.startsWith(entry.prefix)) return entry.credential;
  return undefined;
}

/** First day ICD-10-CM codes are required on claims (HHS final rule, 79 FR 45128). */
export const icd10StartDate = "2015-10-01";

/** HI qualifiers: ICD-10-CM principal/other (ABK/ABF) and ICD-9-CM (BK/BF). */
export const diagnosisQualifiers = {
  icd10: { principal: "ABK", other: "ABF" },
  icd9: { principal: "BK", other: "BF" },
} as const;

/** CR208 patient condition codes that mean active treatment (acute, or acute manifestation of a chronic condition). */
export const activeTreatmentConditions: ReadonlySet<string> = new Set(["A", "M"]);
