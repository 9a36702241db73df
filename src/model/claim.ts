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
} from "./common.js";

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
