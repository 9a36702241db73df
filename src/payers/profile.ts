import { z } from "zod";
import {
  isoDate,
  type PayerType,
  payerTypes,
  procedureCode,
  severities,
  unitMethods,
} from "../model/index.js";
import { stateScheduleSchema } from "./state-schedule.js";

/**
 * A payer profile: how one payer differs from Medicare. Medicare is the built-in
 * default; the defaults by payer type follow contract §1. Documented in docs/payer-profiles.md.
 */
export const severityOverride = z.enum([...severities, "off"]);

const codePairEdit = z.object({
  column1: procedureCode,
  column2: procedureCode,
  /** "0" never payable together, "1" payable with an NCCI-associated modifier on column 2. */
  modifierIndicator: z.enum(["0", "1"]),
  reason: z.string().min(1),
  effectiveFrom: isoDate.optional(),
  effectiveThrough: isoDate.optional(),
});

/** Declarative extra rules a payer adds on top of the built-in ones. */
const extraRule = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("require-modifier"),
    id: z.string().min(1),
    codes: z.array(procedureCode).min(1),
    modifier: z.string().length(2),
    reason: z.string().min(1),
    severity: z.enum(severities).default("error"),
  }),
  z.object({
    kind: z.literal("max-units"),
    id: z.string().min(1),
    code: procedureCode,
    units: z.number().int().min(0),
    perDay: z.boolean().default(true),
    reason: z.string().min(1),
    severity: z.enum(severities).default("error"),
  }),
  z.object({
    kind: z.literal("not-covered"),
    id: z.string().min(1),
    codes: z.array(procedureCode).min(1),
    reason: z.string().min(1),
    severity: z.enum(severities).default("error"),
  }),
]);
export type ExtraRule = z.infer<typeof extraRule>;

const pricing = z.object({
  /**
   * "medicare" prices on the MPFS; "percent-of-medicare" scales it; "fee-table" reads a file;
   * "state-schedule" follows `stateSchedule` (workers' comp and no-fault; docs/state-fee-schedules.md).
   */
  basis: z.enum(["medicare", "percent-of-medicare", "fee-table", "state-schedule"]).default("medicare"),
  /** A state fee schedule: its method, figures with their sources, and the rules on top. */
  stateSchedule: stateScheduleSchema.optional(),
  /** Percentage as a decimal string, e.g. "110" or "85.5". */
  percentOfMedicare: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/)
    .optional(),
  /** CSV path, relative to the profile file: code,modifier,amount (and an optional region). */
  feeTable: z.string().optional(),
  /** CSV path, relative to the profile file: code,modifier,rvu (a state's own RVUs; method "state-rvu"). */
  stateRvuTable: z.string().optional(),
  /** Patient coinsurance percent; Medicare 20. */
  coinsurancePercent: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,2})?$/)
    .default("20"),
  /** Apply the Medicare Part B deductible. */
  deductible: z.boolean().default(true),
});

/**
 * The payers a profile is for. Payer ids are the payer's electronic id (`payer.id`, sent in
 * 2010BB NM1*PR NM109). With both lists, a payer must match both (Aetna's commercial plans,
 * not its Medicare Advantage plans under the same payer id).
 */
const appliesTo = z.object({
  payerIds: z.array(z.string().trim().min(1)).default([]),
  payerTypes: z.array(z.enum(payerTypes)).default([]),
  /**
   * The claim's state (claimState: the accident's state, else the billing provider's): a
   * state's workers' comp or no-fault schedule governs that state's claims only.
   */
  states: z
    .array(z.string().regex(/^[A-Z]{2}$/, { message: "expected a 2-letter state code such as TX" }))
    .default([]),
});

export const payerProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(payerTypes),
  /** Absent: the profile applies to payers of its own `type` (and the loader warns). */
  appliesTo: appliesTo.optional(),
  unitMethod: z.enum(unitMethods).optional(),
  /** Which NCCI-associated modifier family the payer wants: X{EPSU} or 59. */
  distinctModifier: z.enum(["X", "59"]).optional(),
  therapyModifiersRequired: z.boolean().optional(),
  /** Whether 97014 is valid (else G0283). */
  accepts97014: z.boolean().optional(),
  ncciPtp: z.boolean().optional(),
  mue: z.boolean().optional(),
  /** Skip MUE rows of 0 units whose rationale is CMS policy (commercial default). */
  skipMueZeroCmsPolicy: z.boolean().optional(),
  mppr: z.boolean().optional(),
  assistantReduction: z.boolean().optional(),
  sequestration: z.boolean().optional(),
  /** KX threshold and Medicare plan-of-care and chiropractic rules. */
  medicareTherapyRules: z.boolean().optional(),
  timelyFilingDays: z.number().int().min(1).optional(),
  severities: z.record(z.string(), severityOverride).default({}),
  codePairEdits: z.array(codePairEdit).default([]),
  extraRules: z.array(extraRule).default([]),
  pricing: pricing.optional(),
});
export type PayerProfileInput = z.input<typeof payerProfileSchema>;

/** Which payers a profile is for; an empty list places no condition. */
export interface AppliesTo {
  payerIds: string[];
  payerTypes: PayerType[];
  /** Two-letter states the claim must be of (claimState); empty: any state. */
  states: string[];
}

/** A profile with every setting resolved (defaults filled in). */
export interface PayerProfile {
  id: string;
  name: string;
  type: PayerType;
  appliesTo: AppliesTo;
  /** false when the file named no payers, so `appliesTo` is the profile's own type. */
  appliesToGiven: boolean;
  unitMethod: "cms" | "ama";
  distinctModifier: "X" | "59";
  therapyModifiersRequired: boolean;
  accepts97014: boolean;
  ncciPtp: boolean;
  mue: boolean;
  skipMueZeroCmsPolicy: boolean;
  mppr: boolean;
  assistantReduction: boolean;
  sequestration: boolean;
  medicareTherapyRules: boolean;
  timelyFilingDays: number;
  severities: Record<string, z.infer<typeof severityOverride>>;
  codePairEdits: z.infer<typeof codePairEdit>[];
  extraRules: ExtraRule[];
  pricing: z.infer<typeof pricing>;
  /** Where the profile came from: "built-in" or a file path. */
  origin: string;
}

type Defaults = Omit<
  PayerProfile,
  | "id"
  | "name"
  | "type"
  | "appliesTo"
  | "appliesToGiven"
  | "severities"
  | "codePairEdits"
  | "extraRules"
  | "origin"
>;

const medicareLike: Defaults = {
  unitMethod: "cms",
  distinctModifier: "X",
  therapyModifiersRequired: true,
  accepts97014: false,
  ncciPtp: true,
  mue: true,
  skipMueZeroCmsPolicy: false,
  mppr: true,
  assistantReduction: true,
  sequestration: true,
  medicareTherapyRules: true,
  timelyFilingDays: 365,
  pricing: { basis: "medicare", coinsurancePercent: "20", deductible: true },
};

/** Commercial-style payers: AMA units, 97014 valid, none of Medicare's payment reductions. */
const nonMedicare: Defaults = {
  ...medicareLike,
  unitMethod: "ama",
  accepts97014: true,
  skipMueZeroCmsPolicy: true,
  mppr: false,
  assistantReduction: false,
  sequestration: false,
  medicareTherapyRules: false,
  timelyFilingDays: 365,
  pricing: { basis: "medicare", coinsurancePercent: "20", deductible: false },
};

/** Workers' compensation and auto: no patient share. */
const payerPaysAll: Defaults["pricing"] = { basis: "medicare", coinsurancePercent: "0", deductible: false };

/**
 * Defaults by payer type (contract §1 table). Timely filing for non-Medicare payers
 * varies by contract; 180 days is a common floor (UNVERIFIED: set it in the profile).
 */
export const defaultsByType: Record<PayerType, Defaults> = {
  medicare: medicareLike,
  "medicare-advantage": {
    ...medicareLike,
    sequestration: false,
    medicareTherapyRules: false,
    timelyFilingDays: 365,
  },
  medicaid: {
    ...medicareLike,
    mppr: false,
    assistantReduction: false,
    sequestration: false,
    medicareTherapyRules: false,
    timelyFilingDays: 365,
  },
  commercial: { ...nonMedicare, timelyFilingDays: 180 },
  "workers-comp": { ...nonMedicare, pricing: payerPaysAll },
  auto: { ...nonMedicare, pricing: payerPaysAll },
  "self-pay": {
    ...nonMedicare,
    therapyModifiersRequired: false,
    ncciPtp: false,
    mue: false,
    timelyFilingDays: 3650,
    // The patient is the payer: the whole allowed amount is theirs.
    pricing: { basis: "medicare", coinsurancePercent: "100", deductible: false },
  },
};

/** Resolves a parsed profile input against its payer type's defaults. */
export function resolveProfile(input: z.output<typeof payerProfileSchema>, origin: string): PayerProfile {
  const d = defaultsByType[input.type];
  const pick = <K extends keyof Defaults>(k: K): Defaults[K] =>
    (input[k as keyof typeof input] as Defaults[K] | undefined) ?? d[k];
  return {
    id: input.id,
    name: input.name,
    type: input.type,
    appliesTo: input.appliesTo
      ? {
          payerIds: [...input.appliesTo.payerIds],
          payerTypes: [...input.appliesTo.payerTypes],
          states: [...input.appliesTo.states],
        }
      : { payerIds: [], payerTypes: [input.type], states: [] },
    appliesToGiven: input.appliesTo !== undefined,
    unitMethod: pick("unitMethod"),
    distinctModifier: pick("distinctModifier"),
    therapyModifiersRequired: pick("therapyModifiersRequired"),
    accepts97014: pick("accepts97014"),
    ncciPtp: pick("ncciPtp"),
    mue: pick("mue"),
    skipMueZeroCmsPolicy: pick("skipMueZeroCmsPolicy"),
    mppr: pick("mppr"),
    assistantReduction: pick("assistantReduction"),
    sequestration: pick("sequestration"),
    medicareTherapyRules: pick("medicareTherapyRules"),
    timelyFilingDays: pick("timelyFilingDays"),
    severities: input.severities,
    codePairEdits: input.codePairEdits,
    extraRules: input.extraRules,
    pricing: input.pricing ?? d.pricing,
    origin,
  };
}

/** The profile used when none is given: built from the claim's payer type (Medicare by default). */
export function profileForPayer(payer: {
  id: string;
  name?: string | undefined;
  type: PayerType;
  unitMethod?: "cms" | "ama" | undefined;
}): PayerProfile {
  // The built-in profile is the payer type's defaults: a claim with no payer id or name
  // (reported by claim-structure) still gets them rather than failing here.
  const id = payer.id.trim() || payer.type;
  const parsed = payerProfileSchema.parse({
    id,
    name: payer.name?.trim() || id,
    type: payer.type,
    ...(payer.unitMethod ? { unitMethod: payer.unitMethod } : {}),
  });
  return resolveProfile(parsed, "built-in");
}

export const medicareProfile: PayerProfile = profileForPayer({
  id: "MEDICARE",
  name: "Medicare Part B",
  type: "medicare",
});

/** The payer fields a profile is matched on, and the claim's state (claimState) when known. */
export interface PayerKey {
  id: string;
  type: PayerType;
  state?: string | undefined;
}

const sameId = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * How specifically a profile names a payer: 3 by its payer id (with or without a type or
 * state condition), 2 by its states (and types), 1 by its types alone, 0 not at all
 * (docs/payer-profiles.md, "Which claims"). A state condition is not met by a claim whose
 * state is unknown.
 */
export function matchLevel(profile: Pick<PayerProfile, "appliesTo">, payer: PayerKey): 0 | 1 | 2 | 3 {
  const { payerIds, payerTypes, states } = profile.appliesTo;
  const typeOk = payerTypes.length === 0 || payerTypes.includes(payer.type);
  const stateOk = states.length === 0 || (payer.state !== undefined && states.includes(payer.state));
  if (!typeOk || !stateOk) return 0;
  if (payerIds.length > 0) return payerIds.some((id) => sameId(id, payer.id)) ? 3 : 0;
  if (states.length > 0) return 2;
  return payerTypes.length > 0 ? 1 : 0;
}

/** Whether any profile of the set has a state condition (only then is the claim's state looked up). */
export function namesStates(profiles: readonly Pick<PayerProfile, "appliesTo">[]): boolean {
  return profiles.some((p) => p.appliesTo.states.length > 0);
}

/**
 * The user's profile for this payer: the most specific match (payer id over payer type),
 * or undefined when none names it, so the payer keeps its built-in defaults. Overlapping
 * profiles are refused when they are loaded (profileOverlaps), so the first best match is the only one.
 */
export function profileMatching<P extends PayerProfile>(
  profiles: readonly P[],
  payer: PayerKey,
): P | undefined {
  let best: P | undefined;
  let level = 0;
  for (const p of profiles) {
    const l = matchLevel(p, payer);
    if (l > level) {
      best = p;
      level = l;
    }
  }
  return best;
}

/**
 * Pairs of profiles that would both be the most specific match for some payer: two that
 * name a payer id in common (and whose type conditions meet), or two that name only types
 * and share one. Each pair is [earlier, later, what they share].
 */
export function profileOverlaps(
  profiles: readonly PayerProfile[],
): Array<[PayerProfile, PayerProfile, string]> {
  const out: Array<[PayerProfile, PayerProfile, string]> = [];
  const meet = <T>(a: T[], b: T[]): T[] | "any" =>
    a.length === 0 ? (b.length === 0 ? "any" : b) : b.length === 0 ? a : a.filter((t) => b.includes(t));
  const typesMeet = meet<PayerType>;
  profiles.forEach((a, i) => {
    for (const b of profiles.slice(i + 1)) {
      const types = typesMeet(a.appliesTo.payerTypes, b.appliesTo.payerTypes);
      if (types !== "any" && types.length === 0) continue;
      const states = meet(a.appliesTo.states, b.appliesTo.states);
      if (states !== "any" && states.length === 0) continue;
      const ids = a.appliesTo.payerIds.filter((x) => b.appliesTo.payerIds.some((y) => sameId(x, y)));
      const typeText = types === "any" ? "" : ` (${types.join(", ")})`;
      const stateText = states === "any" ? "" : ` in ${states.join(", ")}`;
      const noIds = a.appliesTo.payerIds.length === 0 && b.appliesTo.payerIds.length === 0;
      // Without payer ids, a profile naming states is more specific than one that names none.
      const sameLevel = a.appliesTo.states.length > 0 === b.appliesTo.states.length > 0;
      if (ids.length > 0) out.push([a, b, `payer id ${ids.join(", ")}${typeText}${stateText}`]);
      else if (noIds && sameLevel)
        out.push([a, b, `payer type ${types === "any" ? "(any)" : types.join(", ")}${stateText}`]);
    }
  });
  return out;
}

/** Whether the profile prices from a state's own RVU table (state schedule method "state-rvu"). */
export function usesStateRvuTable(profile: Pick<PayerProfile, "pricing">): boolean {
  const { basis, stateSchedule } = profile.pricing;
  return basis === "state-schedule" && stateSchedule?.method === "state-rvu";
}

/** The profile prices from a fee table file: basis "fee-table", or a state schedule whose method is. */
export function usesFeeTable(profile: Pick<PayerProfile, "pricing">): boolean {
  const { basis, stateSchedule } = profile.pricing;
  return basis === "fee-table" || (basis === "state-schedule" && stateSchedule?.method === "fee-table");
}
