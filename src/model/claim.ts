import { z } from "zod";
import {
  authorizationSchema,
  billingProviderSchema,
  chiropracticSchema,
  diagnosisCode,
  distinctModifiers,
  isoDate,
  modifierCode,
  moneyText,
  patientSchema,
  payerSchema,
  planOfCareSchema,
  procedureCode,
  regions,
  renderingProviderSchema,
  serviceFacilitySchema,
  visitsBeforeSchema,
} from "./common.js";

/**
 * CLM11 related causes (005010X222A1 2300 CLM11-1 and CLM11-2; CLM11-3 is not used in the
 * 837P): AA auto accident, EM employment (workers' compensation), OA other accident.
 */
export const relatedCauses = ["AA", "EM", "OA"] as const;
export type RelatedCause = (typeof relatedCauses)[number];

/**
 * Why a claim is another party's liability: an auto accident, an injury at work, another
 * accident. Written to CLM11 (causes, and CLM11-4 the state of an auto accident) and
 * DTP*439 (the accident date), per 005010X222A1 loop 2300.
 */
export const accidentSchema = z
  .object({
    /** One or two related causes, CLM11-1 and CLM11-2, such as ["EM"] or ["AA"]. */
    causes: z
      .array(z.enum(relatedCauses))
      .min(1, { message: "expected one or two related causes (AA, EM, OA)" })
      .max(2, { message: "the 837P carries at most two related causes (CLM11-1, CLM11-2)" }),
    /** DTP*439, the date of the accident. */
    date: isoDate.optional(),
    /**
     * The state where the accident happened (2 letters): CLM11-4 for an auto accident (the
     * 837P sends it only then). For an injury at work it is not sent, but it chooses the
     * state's payer profile (claimState).
     */
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: "expected a 2-letter state code such as FL" })
      .optional(),
  })
  .superRefine((accident, ctx) => {
    if (new Set(accident.causes).size < accident.causes.length)
      ctx.addIssue({ code: "custom", path: ["causes"], message: "a related cause is given once" });
    const auto = accident.causes.includes("AA");
    // 005010X222A1 CLM11-4: required when a related cause is AA.
    if (auto && accident.state === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["state"],
        message: "an auto accident (AA) needs the state where it happened (CLM11-4)",
      });
    // 005010X222A1 2300 DTP*439: required when a related cause is AA or OA.
    if ((auto || accident.causes.includes("OA")) && accident.date === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["date"],
        message: "an auto (AA) or other (OA) accident needs its date (DTP*439)",
      });
  });
export type Accident = z.infer<typeof accidentSchema>;

/**
 * The property and casualty claim number (the claim or injury number) a workers' comp or
 * auto insurer assigned: 005010X222A1 REF*Y4, in loop 2010BA when the patient is the
 * subscriber, else in 2010CA (sent in one place only). The guide requires it on property
 * and casualty claims; REF02 is 1 to 50 characters.
 */
export const propertyCasualtyClaimNumberSchema = z
  .string()
  .trim()
  .min(1, { message: "expected the insurer's claim number (REF*Y4)" })
  .max(50, { message: "the 837P carries at most 50 characters (REF*Y4 REF02)" });

/**
 * The injured worker's employer on a workers' compensation claim. In the 837P the employer
 * is the subscriber (X12 RFI 1925: "the employer (who is always the subscriber in workers'
 * compensation)"): 2010BA NM1*IL with NM102 = 2 (non-person entity) and its name in NM103,
 * the patient in 2000C/2010CA with PAT01 = 20 (employee). Only the name: the employer's
 * address is not sent in 2010BA (the same RFI).
 */
export const employerSchema = z.object({
  /** 2010BA NM103, the organization name (1 to 60 characters). */
  name: z
    .string()
    .trim()
    .min(1, { message: "expected the employer's name (2010BA NM103)" })
    .max(60, { message: "the 837P carries at most 60 characters (2010BA NM103)" }),
});
export type Employer = z.infer<typeof employerSchema>;

/**
 * PAT01, the patient's relationship to the subscriber when they are not the same person
 * (005010X222A1 loop 2000C): 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor,
 * 40 cadaver donor, 53 life partner, G8 other relationship.
 */
export const patientRelationships = ["01", "19", "20", "21", "39", "40", "53", "G8"] as const;
export type PatientRelationship = (typeof patientRelationships)[number];

/**
 * The insured person, when the patient is someone else (a spouse, a child): written to
 * 2000B/2010BA, with the patient in 2000C/2010CA. The member id the claim is filed under
 * stays in `patient.memberId` (2010BA NM109), its one home.
 */
export const subscriberSchema = z.object({
  /** PAT01: how the patient is related to this subscriber. */
  relationship: z.enum(patientRelationships),
  lastName: z.string().min(1, { message: "expected the subscriber's last name (2010BA NM103)" }),
  firstName: z.string().optional(),
  birthDate: isoDate.optional(),
  sex: z.enum(["F", "M", "U"]).optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
});
export type Subscriber = z.infer<typeof subscriberSchema>;

/**
 * One service line (loop 2400). Limits follow the 837P, but the schema accepts more
 * than 4 modifiers, 4 pointers or 50 lines so that the `modifier`, `diagnosis` and
 * `claim-structure` rules can explain the problem instead of a bare validation error.
 */
export const claimLineSchema = z.object({
  code: procedureCode,
  modifiers: z.array(modifierCode).default([]),
  units: z.number().int().min(0).max(9999),
  charge: moneyText,
  diagnosisPointers: z.array(z.number().int()).default([]),
  dateOfService: isoDate,
  /** Documentation carried from the visit, so that scrubbing can prove a fix (never invent facts). */
  minutes: z.number().int().min(0).max(1440).optional(),
  assistantMinutes: z.number().int().min(0).max(1440).optional(),
  region: z.enum(regions).optional(),
  distinct: z.enum(distinctModifiers).optional(),
});
export type ClaimLine = z.infer<typeof claimLineSchema>;

/** One professional claim, the JSON twin of one 837P claim (contract §2). */
export const claimSchema = z.object({
  id: z.string().min(1),
  frequency: z.enum(["1", "7", "8"]).default("1"),
  payerClaimControlNumber: z.string().nullable().default(null),
  patient: patientSchema,
  payer: payerSchema,
  billingProvider: billingProviderSchema,
  /** Where the services were furnished when not at the billing provider's address (2310C). */
  serviceFacility: serviceFacilitySchema.optional(),
  renderingProvider: renderingProviderSchema,
  placeOfService: z.string(),
  diagnoses: z.array(diagnosisCode),
  lines: z.array(claimLineSchema).min(1, { message: "expected at least one line" }),
  chiropractic: chiropracticSchema.nullable().default(null),
  deductibleRemaining: moneyText.optional(),
  /** Visit context that payer rules need (plan of care, KX, ABN, authorization). */
  planOfCare: planOfCareSchema.nullable().optional(),
  therapyYearToDate: moneyText.optional(),
  medicallyNecessaryOverThreshold: z.boolean().optional(),
  abnOnFile: z.boolean().optional(),
  authorization: authorizationSchema.nullable().optional(),
  /** Visits per discipline before this claim, for a state schedule's visit limits. */
  visitsBefore: visitsBeforeSchema.optional(),
  /** What the program has already paid on this injury's benefit, before this claim (benefit caps). */
  benefitUsed: moneyText.optional(),
  /** Auto, employment or other accident: CLM11 and DTP*439. Absent when none. */
  accident: accidentSchema.optional(),
  /** REF*Y4, the property and casualty (workers' comp, auto) claim number. Absent when none. */
  propertyCasualtyClaimNumber: propertyCasualtyClaimNumberSchema.optional(),
  /** The employer on a workers' comp claim: the 837P's subscriber (2010BA NM102 = 2). */
  employer: employerSchema.optional(),
  /** The subscriber, when the patient is not the subscriber (2000C patient loop). */
  subscriber: subscriberSchema.optional(),
  /**
   * Timed minutes documented but not billed (a code whose minutes earned no unit under
   * the total-time method). They still count toward the day's total timed minutes
   * (Pub. 100-04 ch. 5 §20.2), so scrubbing must see them.
   */
  unbilledTimedMinutes: z
    .array(
      z.object({ code: procedureCode, minutes: z.number().int().min(0).max(1440), dateOfService: isoDate }),
    )
    .optional(),
});
export type Claim = z.infer<typeof claimSchema>;
export type ClaimInput = z.input<typeof claimSchema>;
