import { type Claim, type ClaimInput, claimSchema } from "../model/claim.js";
import {
  medicareProfile,
  type PayerProfile,
  type PayerProfileInput,
  payerProfileSchema,
  resolveProfile,
} from "../payers/profile.js";
import type { PricingContext } from "./price-claim.js";
import { sharedReference } from "./test-support.js";

/** Compact claim builder for the pricing tables: [code, units, modifiers?, date?]. */
export type LineSpec = [code: string, units: number, modifiers?: string[], date?: string];

export interface ClaimSpec {
  date: string;
  lines: LineSpec[];
  locality?: string;
  zip?: string;
  pos?: string;
  participating?: boolean;
  deductibleRemaining?: string;
  payerType?: ClaimInput["payer"]["type"];
}

export function claimOf(spec: ClaimSpec): Claim {
  return claimSchema.parse({
    id: "T-1",
    patient: { id: "P-1" },
    payer: { id: "PAYER", type: spec.payerType ?? "medicare" },
    billingProvider: {
      npi: "1234567893",
      ...(spec.locality ? { locality: spec.locality } : {}),
      ...(spec.zip ? { zip: spec.zip } : {}),
    },
    renderingProvider: { credential: "PT", participating: spec.participating ?? true },
    placeOfService: spec.pos ?? "11",
    diagnoses: ["M54.16"],
    lines: spec.lines.map(([code, units, modifiers = ["GP"], date = spec.date]) => ({
      code,
      units,
      modifiers,
      charge: "50.00",
      diagnosisPointers: [1],
      dateOfService: date,
    })),
    ...(spec.deductibleRemaining !== undefined ? { deductibleRemaining: spec.deductibleRemaining } : {}),
  });
}

export function profileOf(input: Partial<PayerProfileInput> & Pick<PayerProfileInput, "type">): PayerProfile {
  return resolveProfile(
    payerProfileSchema.parse({ id: "TEST", name: "Test payer", ...input }),
    "test-profile.json",
  );
}

/** Medicare over the real CMS files, with optional overrides. */
export function medicare(overrides: Partial<PricingContext> = {}): PricingContext {
  return { reference: sharedReference(), profile: medicareProfile, ...overrides };
}

/** The seed visit of contract §1-2: 97012 + 97110 x2 + 97140 (XS), same day. */
export const seedLines: LineSpec[] = [
  ["97012", 1, ["GP"]],
  ["97110", 2, ["GP"]],
  ["97140", 1, ["GP", "XS"]],
];
