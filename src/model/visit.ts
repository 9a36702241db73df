import { z } from "zod";
import {
  accidentSchema,
  employerSchema,
  propertyCasualtyClaimNumberSchema,
  subscriberSchema,
} from "./claim.js";
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

/** One documented service of a visit (contract §1, service fields). */
export const serviceSchema = z.object({
  code: procedureCode,
  minutes: z.number().int().min(0).max(1440).optional(),
  assistantMinutes: z.number().int().min(0).max(1440).optional(),
  region: z.enum(regions).optional(),
  distinct: z.enum(distinctModifiers).optional(),
  diagnosisPointers: z.array(z.number().int().min(1).max(12)).max(4).optional(),
  modifiers: z.array(modifierCode).max(4).optional(),
});
export type Service = z.infer<typeof serviceSchema>;

/** A visit: what the clinician documented (contract §1). */
export const visitSchema = z.object({
  id: z.string().min(1),
  dateOfService: isoDate,
  patient: patientSchema,
  payer: payerSchema,
  placeOfService: z
    .string()
    .regex(/^\d{2}$/, { message: "expected a 2-digit place of service code such as 11" }),
  billingProvider: billingProviderSchema,
  /** Where the services were furnished when not at the billing provider's address (2310C). */
  serviceFacility: serviceFacilitySchema.optional(),
  renderingProvider: renderingProviderSchema,
  planOfCare: planOfCareSchema.nullable().optional(),
  diagnoses: z.array(diagnosisCode),
  services: z.array(serviceSchema).min(1, { message: "expected at least one service" }),
  chiropractic: chiropracticSchema.nullable().optional(),
  abnOnFile: z.boolean().default(false),
  therapyYearToDate: moneyText.default("0.00"),
  medicallyNecessaryOverThreshold: z.boolean().default(false),
  authorization: authorizationSchema.nullable().optional(),
  /** Visits per discipline before this claim, for a state schedule's visit limits. */
  visitsBefore: visitsBeforeSchema.optional(),
  /** What the program has already paid on this injury's benefit, before this claim (benefit caps). */
  benefitUsed: moneyText.optional(),
  charges: z.record(z.string(), moneyText).optional(),
  deductibleRemaining: moneyText.optional(),
  frequency: z.enum(["1", "7", "8"]).optional(),
  payerClaimControlNumber: z.string().nullable().optional(),
  /** Auto, employment or other accident (CLM11, DTP*439); carried to the claim. */
  accident: accidentSchema.optional(),
  /** REF*Y4, the workers' comp or auto insurer's claim number; carried to the claim. */
  propertyCasualtyClaimNumber: propertyCasualtyClaimNumberSchema.optional(),
  /** The employer on a workers' comp claim (the 837P's subscriber); carried to the claim. */
  employer: employerSchema.optional(),
  /** The subscriber when the patient is not the subscriber; carried to the claim. */
  subscriber: subscriberSchema.optional(),
});
export type Visit = z.infer<typeof visitSchema>;
export type VisitInput = z.input<typeof visitSchema>;
