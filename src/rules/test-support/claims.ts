import { type Claim, type ClaimInput, claimSchema } from "../../model/claim.js";
import type { DistinctModifier, PayerType, Region } from "../../model/common.js";
import {
  type PayerProfile,
  type PayerProfileInput,
  payerProfileSchema,
  resolveProfile,
} from "../../payers/profile.js";

/** One claim line in a test table: a code, or the fields that matter to the case. */
export interface LineSpec {
  code: string;
  units?: number;
  modifiers?: string[];
  minutes?: number;
  assistantMinutes?: number;
  distinct?: DistinctModifier;
  region?: Region;
  pointers?: number[];
  date?: string;
  charge?: string;
}

/** The date cases are judged on unless they say otherwise (a fixed day: tests never read the clock). */
export const testAsOf = "2026-03-10";

/** The seed visit's date of service (contract §1). */
export const seedDate = "2026-03-02";

export type ClaimSpec = Omit<Partial<ClaimInput>, "lines" | "payer"> & {
  lines: Array<LineSpec | string>;
  payer?: PayerType | ClaimInput["payer"];
  credential?: ClaimInput["renderingProvider"]["credential"];
  date?: string;
};

/**
 * A valid claim for the rule tables: the contract's seed claim (Medicare Part B, a PT
 * under a PT plan of care, Miami, 2026-03-02) with the lines and fields the case needs.
 */
export function claimOf(spec: ClaimSpec): Claim {
  const { lines, payer, credential, date = seedDate, ...rest } = spec;
  const input: ClaimInput = {
    id: "T-1",
    patient: {
      id: "P-77",
      firstName: "Ana",
      lastName: "Diaz",
      birthDate: "1956-04-09",
      sex: "F",
      memberId: "1EG4TE5MK73",
      zip: "33101",
    },
    payer:
      typeof payer === "object"
        ? payer
        : {
            id: payer === undefined || payer === "medicare" ? "MEDICARE-FL" : `${payer.toUpperCase()}-1`,
            type: payer ?? "medicare",
          },
    billingProvider: {
      npi: "1234567893",
      taxId: "591234567",
      name: "Bayside Therapy",
      zip: "33101",
      locality: "09102-04",
    },
    renderingProvider: { npi: "1972638468", credential: credential ?? "PT", participating: true },
    placeOfService: "11",
    diagnoses: ["M54.16", "M51.26"],
    planOfCare: { discipline: "PT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
    therapyYearToDate: "0.00",
    medicallyNecessaryOverThreshold: false,
    abnOnFile: false,
    ...rest,
    lines: lines.map((l) => {
      const s: LineSpec = typeof l === "string" ? { code: l } : l;
      const units = s.units ?? 1;
      return {
        code: s.code,
        modifiers: s.modifiers ?? [],
        units,
        charge: s.charge ?? `${45 * units}.00`,
        diagnosisPointers: s.pointers ?? [1],
        dateOfService: s.date ?? date,
        ...(s.minutes === undefined ? {} : { minutes: s.minutes }),
        ...(s.assistantMinutes === undefined ? {} : { assistantMinutes: s.assistantMinutes }),
        ...(s.distinct === undefined ? {} : { distinct: s.distinct }),
        ...(s.region === undefined ? {} : { region: s.region }),
      };
    }),
  };
  return claimSchema.parse(input);
}

/** A resolved payer profile: a payer type's defaults plus the settings a case changes. */
export function profileOf(type: PayerType, settings: Partial<PayerProfileInput> = {}): PayerProfile {
  return resolveProfile(
    payerProfileSchema.parse({
      id: `${type.toUpperCase()}-TEST`,
      name: `${type} test payer`,
      type,
      ...settings,
    }),
    "test",
  );
}

/** The seed claim's billing provider with what the 837P needs: address and ZIP+4 (2010AA N3/N4). */
export const billing837 = {
  npi: "1234567893",
  taxId: "591234567",
  name: "Bayside Therapy",
  zip: "331011234",
  locality: "09102-04",
  address: "100 Biscayne Blvd",
  city: "Miami",
  state: "FL",
};
export const patient837 = {
  id: "P-77",
  firstName: "Ana",
  lastName: "Diaz",
  birthDate: "1956-04-09",
  sex: "F" as const,
  memberId: "1EG4TE5MK73",
  zip: "33101",
  address: "12 Ocean Dr",
  city: "Miami",
  state: "FL",
};

/** The seed claim with everything the 837P writer requires, so a case shows only its own problem. */
export const sendableClaimOf = (spec: ClaimSpec): Claim =>
  claimOf({
    payer: { id: "MEDICARE-FL", name: "Medicare Part B", type: "medicare" },
    renderingProvider: {
      npi: "1972638468",
      credential: "PT",
      participating: true,
      firstName: "Rosa",
      lastName: "Alvarez",
    },
    ...spec,
    patient: { ...patient837, ...spec.patient },
    billingProvider: { ...billing837, ...spec.billingProvider },
  });
