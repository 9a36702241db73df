import { z } from "zod";
import { type IsoDate, isoDate } from "../model/index.js";

/**
 * A state fee schedule (workers' compensation, auto no-fault) as data: the pricing method,
 * its figures by date and service section, and the rules on top (lesser of charge, MPPR
 * scope, daily caps, visit limits, excluded codes, benefit caps). Every figure records its
 * source and whether it was verified against that source; a figure that could not be
 * verified is `null`, and pricing refuses with a `reference-data` error naming it until the
 * user supplies it (issue 11; docs/state-fee-schedules.md).
 */

/** Where a figure comes from: the regulation section or publication, its address, when it was read. */
export const figureSource = z.object({
  citation: z.string().min(1),
  url: z.string().min(1).optional(),
  retrieved: isoDate.optional(),
});
export type FigureSource = z.infer<typeof figureSource>;

const provenance = {
  source: figureSource,
  /** true: read in the cited source. false: supplied by the user or from a secondary source. */
  verified: z.boolean(),
  note: z.string().optional(),
};

/** A CPT/HCPCS code or an inclusive range of codes of the same shape ("97010-97799"). */
export const codeRange = z
  .string()
  .regex(/^[0-9A-Z]{5}(-[0-9A-Z]{5})?$/, { message: 'expected a code or a range such as "97010-97799"' });

const dollars = z.string().regex(/^\d{1,6}(\.\d{1,2})?$/, { message: 'expected dollars such as "149.45"' });
const factor = z
  .string()
  .regex(/^\d{1,5}(\.\d{1,4})?$/, { message: 'expected a conversion factor such as "67.81"' });
const percentText = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, { message: 'expected a percentage such as "200" or "85.5"' });

export const disciplines = ["PT", "OT", "SLP", "DC"] as const;
export type Discipline = (typeof disciplines)[number];

export const stateConversionFactorSchema = z.object({
  /** The service section it prices ("all", or a section named in `sections`). */
  section: z.string().min(1).default("all"),
  /** The region it prices (a region of `regions`); absent: every region. */
  region: z.string().min(1).optional(),
  from: isoDate,
  through: isoDate.optional(),
  /** null: not verified; pricing refuses until the user enters the figure. */
  amount: factor.nullable(),
  ...provenance,
});

export const stateSectionSchema = z.object({
  section: z.string().min(1),
  codes: z.array(codeRange).min(1),
});

export const statePercentStepSchema = z.object({
  /** What the step is ("200% of the Medicare Part B participating amount"). */
  label: z.string().min(1),
  percent: percentText.nullable(),
  ...provenance,
});

/** A daily cap's amount: dollars ("149.45") or RVUs ("12.00"), by the cap's `unit`. */
const capAmount = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,2})?$/, { message: 'expected dollars such as "149.45" or RVUs such as "12.00"' });

/** The cap on a day whose lines include one of `codes` (an evaluation, a re-evaluation). */
export const stateDailyCapVariantSchema = z.object({
  codes: z.array(codeRange).min(1),
  /** null: not verified; pricing refuses until the user enters the figure. */
  amount: capAmount.nullable(),
});

export const stateDailyCapSchema = z.object({
  id: z.string().min(1),
  /** Each discipline named is capped on its own (a PT cap and an OT cap of the same amount). */
  disciplines: z.array(z.enum(disciplines)).min(1),
  /** What the cap counts: the lines' allowed dollars, or their RVUs (units x (work + PE + MP)). */
  unit: z.enum(["dollars", "rvus"]).default("dollars"),
  amount: capAmount.nullable(),
  /** The codes the cap counts (NY: physical medicine); absent: every line of the discipline. */
  codes: z.array(codeRange).min(1).optional(),
  /** A higher cap on a day with an evaluation (NY: 18 RVUs), checked first. */
  withEvaluation: stateDailyCapVariantSchema.optional(),
  /** A higher cap on a day with a re-evaluation (NY: 15 RVUs). */
  withReevaluation: stateDailyCapVariantSchema.optional(),
  from: isoDate,
  through: isoDate.optional(),
  ...provenance,
});

export const stateVisitLimitSchema = z.object({
  id: z.string().min(1),
  per: z.enum(["injury", "claim"]),
  /** Each discipline is counted on its own. */
  disciplines: z.array(z.enum(disciplines)).min(1),
  /** Visits allowed before the action applies. */
  visits: z.number().int().min(1),
  action: z.enum(["authorization", "review", "deny"]),
  ...provenance,
});

export const stateExcludedSchema = z.object({
  codes: z.array(codeRange).min(1),
  reason: z.string().min(1),
  ...provenance,
});

export const stateBenefitCapSchema = z.object({
  label: z.string().min(1),
  amount: dollars.nullable(),
  ...provenance,
});

/** A pricing region and the ZIP prefixes (3 to 5 digits) of the practice locations in it. */
export const stateRegionSchema = z.object({
  region: z.string().min(1),
  zipPrefixes: z
    .array(z.string().regex(/^\d{3,5}$/, { message: 'expected a ZIP prefix such as "100"' }))
    .min(1),
  ...provenance,
});

/**
 * "The higher of the service year's schedule and a floor year's" (FL PIP: not less than the
 * 2007 Medicare Part B schedule). Each line is also priced with the floor year's RVUs, GPCIs
 * and conversion factor (its date moved into that year) and the higher amount is kept.
 */
export const stateFloorSchema = z.object({
  year: z.number().int().min(1992).max(2100),
  /** When the floor year's reference data is not loaded: refuse (the default), or price the service year and warn. */
  whenNotLoaded: z.enum(["refuse", "warn"]).default("refuse"),
  ...provenance,
});

export const stateLesserOfSchema = z.object({ applies: z.boolean(), ...provenance });
export const stateMpprCodesSchema = z.object({ codes: z.array(codeRange).min(1), ...provenance });
export const stateRequiredFileSchema = z.object({ what: z.string().min(1), ...provenance });
export const stateRefusalSchema = z.object({ reason: z.string().min(1), ...provenance });

export const stateScheduleSchema = z.object({
  /** "TX workers' compensation: professional services". */
  program: z.string().min(1),
  state: z.string().regex(/^[A-Z]{2}$/, { message: "expected a 2-letter state code such as TX" }),
  authority: figureSource,
  /**
   * medicare-rvu: Medicare RVUs × GPCIs × the state's conversion factor by date and section.
   * percent-of-medicare: the Medicare amount × each of `percentages`.
   * fee-table: dollars by code (and region) from the state's file (pricing.feeTable).
   * state-rvu: the state's own RVUs from its file (pricing.stateRvuTable) × the conversion
   *   factor of the region and section, no GPCI (NY WCB).
   * none: the program sets no maximums; the estimate refuses and says why (`refusal`).
   */
  method: z.enum(["medicare-rvu", "percent-of-medicare", "fee-table", "state-rvu", "none"]),
  conversionFactors: z.array(stateConversionFactorSchema).default([]),
  sections: z.array(stateSectionSchema).default([]),
  /** medicare-locality: the Medicare GPCIs of the practice's locality; none: 1.000 each. */
  geographic: z.enum(["medicare-locality", "none"]).default("medicare-locality"),
  percentages: z.array(statePercentStepSchema).default([]),
  /** percent-of-medicare: the floor year whose schedule the amount may not fall below. */
  floor: stateFloorSchema.optional(),
  /** Regions by practice ZIP, for factors (state-rvu) or fee rows (fee-table) that differ by region. */
  regions: z.array(stateRegionSchema).default([]),
  /** The maximum is the lesser of the billed charge and the schedule amount. */
  lesserOfCharge: stateLesserOfSchema.optional(),
  /** Codes the therapy MPPR reaches beyond Medicare's indicator 5 (CMT, acupuncture). */
  mpprCodes: stateMpprCodesSchema.optional(),
  dailyCaps: z.array(stateDailyCapSchema).default([]),
  visitLimits: z.array(stateVisitLimitSchema).default([]),
  excludedCodes: z.array(stateExcludedSchema).default([]),
  benefitCaps: z.array(stateBenefitCapSchema).default([]),
  /** A file the user must import (fee-table, state-rvu): what it is and where to get it. */
  requiredFile: stateRequiredFileSchema.optional(),
  /** method "none": why no amount can be computed. */
  refusal: stateRefusalSchema.optional(),
});
export type StateSchedule = z.infer<typeof stateScheduleSchema>;
export type StateConversionFactor = StateSchedule["conversionFactors"][number];
export type StateDailyCap = StateSchedule["dailyCaps"][number];

/** Whether a code falls in one of the ranges (same-length codes compare as text). */
export function inCodeRanges(code: string, ranges: readonly string[]): boolean {
  return ranges.some((r) => {
    const [from, to] = r.split("-") as [string, string | undefined];
    return to === undefined ? code === from : code.length === from.length && code >= from && code <= to;
  });
}

/** The section a code is priced under: the first section listing it, else "all". */
export function sectionOf(schedule: StateSchedule, code: string): string {
  return schedule.sections.find((s) => inCodeRanges(code, s.codes))?.section ?? "all";
}

const inForce = (date: IsoDate, from: IsoDate, through: IsoDate | undefined): boolean =>
  from <= date && (through === undefined || date <= through);

/**
 * The conversion factor entry for a code's section (and region) on a date: the section's
 * own entry, else an "all" entry; an entry naming the region wins over one for every region.
 * Undefined when the profile has none in force on that date.
 */
export function conversionFactorFor(
  schedule: StateSchedule,
  code: string,
  date: IsoDate,
  region?: string,
): { section: string; entry: StateConversionFactor | undefined } {
  const section = sectionOf(schedule, code);
  const entries = schedule.conversionFactors.filter(
    (c) => inForce(date, c.from, c.through) && (c.region === undefined || c.region === region),
  );
  const find = (s: string) =>
    entries.find((c) => c.section === s && c.region !== undefined) ??
    entries.find((c) => c.section === s && c.region === undefined);
  const entry = find(section) ?? find("all");
  return { section, entry };
}

/** The region of a practice ZIP: the region whose longest prefix matches it. */
export function regionOfZip(schedule: StateSchedule, zip: string | undefined): string | undefined {
  if (zip === undefined) return undefined;
  let best: { region: string; length: number } | undefined;
  for (const r of schedule.regions) {
    for (const prefix of r.zipPrefixes) {
      if (zip.startsWith(prefix) && (best === undefined || prefix.length > best.length)) {
        best = { region: r.region, length: prefix.length };
      }
    }
  }
  return best?.region;
}

/** The daily caps in force on a date. */
export function dailyCapsOn(schedule: StateSchedule, date: IsoDate): StateDailyCap[] {
  return schedule.dailyCaps.filter((c) => inForce(date, c.from, c.through));
}

/** The excluded-code entry that names a code, if any. */
export function exclusionOf(
  schedule: StateSchedule,
  code: string,
): StateSchedule["excludedCodes"][number] | undefined {
  return schedule.excludedCodes.find((e) => inCodeRanges(code, e.codes));
}

/** "28 TAC §134.203(c) (verified)" — how a figure's provenance reads in a trace or a message. */
export function provenanceText(figure: { source: FigureSource; verified: boolean }): string {
  const where = [figure.source.citation, figure.source.url].filter(Boolean).join(", ");
  const read = figure.source.retrieved ? `, read ${figure.source.retrieved}` : "";
  return `${where}${read}; ${figure.verified ? "verified against the source" : "NOT verified: supplied by the user or a secondary source"}`;
}
