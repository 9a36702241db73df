import { z } from "zod";
import { isIsoDate } from "./dates.js";
import { isMoney } from "./money.js";

/** Schemas shared by visits and claims (contract §1 and §2). */

export const isoDate = z.string().refine(isIsoDate, { message: "expected a date as YYYY-MM-DD" });

export const moneyText = z
  .string()
  .refine(isMoney, { message: 'expected money as a decimal string with two places, such as "45.00"' });

export const procedureCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{5}$/, { message: "expected a 5-character CPT or HCPCS code such as 97110" });

export const modifierCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2}$/, { message: "expected a 2-character modifier such as GP" });

/** ICD-10-CM, accepted with or without the dot; kept as the user wrote it (rules normalise). */
export const diagnosisCode = z
  .string()
  .trim()
  .min(1, { message: "expected an ICD-10-CM code such as M54.50" });

export const payerTypes = [
  "medicare",
  "medicare-advantage",
  "medicaid",
  "commercial",
  "workers-comp",
  "auto",
  "self-pay",
] as const;
export type PayerType = (typeof payerTypes)[number];

export const unitMethods = ["cms", "ama"] as const;
export type UnitMethod = (typeof unitMethods)[number];

export const credentials = ["PT", "PTA", "OT", "OTA", "SLP", "DC", "MD", "DO", "NP", "PA"] as const;
export type Credential = (typeof credentials)[number];

export const disciplines = ["PT", "OT", "SLP"] as const;
export type Discipline = (typeof disciplines)[number];

export const distinctModifiers = ["XE", "XS", "XP", "XU", "59"] as const;
export type DistinctModifier = (typeof distinctModifiers)[number];

export const regions = [
  "cervical",
  "thoracic",
  "lumbar",
  "sacral",
  "pelvic",
  "head",
  "rib-cage",
  "abdomen",
  "upper-extremity",
  "lower-extremity",
] as const;
export type Region = (typeof regions)[number];

export const patientSchema = z.object({
  id: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(["F", "M", "U"]).optional(),
  memberId: z.string().optional(),
  zip: z.string().optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
});
export type Patient = z.infer<typeof patientSchema>;

export const payerSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  type: z.enum(payerTypes),
  unitMethod: z.enum(unitMethods).optional(),
});
export type Payer = z.infer<typeof payerSchema>;

/** A practice's place: its address and the Medicare locality its ZIP code falls in. */
const placeFields = {
  address: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
  locality: z
    .string()
    .regex(/^\d{5}-\d{2}$/, { message: "expected a MAC-locality such as 09102-04" })
    .optional(),
};

export const billingProviderSchema = z.object({
  npi: z.string(),
  taxId: z.string().optional(),
  name: z.string().optional(),
  ...placeFields,
});
export type BillingProvider = z.infer<typeof billingProviderSchema>;

/**
 * Where the services were furnished, when it is not the billing provider's address (a
 * practice's second clinic, a patient's employer's site): 837P loop 2310C. Medicare prices
 * by the locality of the place of service (Pub. 100-04 ch. 1 §10.1.1), so its
 * ZIP, or its locality, chooses the GPCIs ahead of the billing provider's.
 */
export const serviceFacilitySchema = z.object({
  name: z.string().min(1, { message: "expected the service facility's name (2310C NM103)" }),
  npi: z.string().optional(),
  ...placeFields,
});
export type ServiceFacility = z.infer<typeof serviceFacilitySchema>;

export const renderingProviderSchema = z.object({
  npi: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  credential: z.enum(credentials),
  participating: z.boolean().default(true),
});
export type RenderingProvider = z.infer<typeof renderingProviderSchema>;

export const planOfCareSchema = z.object({
  discipline: z.enum(disciplines),
  certifiedFrom: isoDate,
  certifiedThrough: isoDate,
});
export type PlanOfCare = z.infer<typeof planOfCareSchema>;

export const chiropracticSchema = z.object({
  activeTreatment: z.boolean(),
  spinalRegions: z.number().int().min(1).max(5).optional(),
  initialTreatmentDate: isoDate.optional(),
  xrayDate: isoDate.optional(),
});
export type Chiropractic = z.infer<typeof chiropracticSchema>;

export const authorizationSchema = z.object({
  number: z.string(),
  visitsAllowed: z.number().int().min(0).optional(),
  visitsUsed: z.number().int().min(0).optional(),
  from: isoDate.optional(),
  through: isoDate.optional(),
});
export type Authorization = z.infer<typeof authorizationSchema>;

const visitCount = z.number().int().min(0).optional();
/**
 * Visits of each discipline already billed to this payer for this injury, before this claim:
 * what a state schedule's visit limits count from (CA Labor Code §4604.5(c); WA L&I MARFS).
 * PT, OT and SLP are the plan of care's discipline (GP, GO, GN); DC is a chiropractor's visits.
 */
export const visitsBeforeSchema = z.object({
  PT: visitCount,
  OT: visitCount,
  SLP: visitCount,
  DC: visitCount,
});
export type VisitsBefore = z.infer<typeof visitsBeforeSchema>;
