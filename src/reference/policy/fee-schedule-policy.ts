import type { ConversionFactor, YearAmount } from "../types.js";

/**
 * Medicare Physician Fee Schedule policy figures that no CMS data file carries in a
 * machine-readable form. Each row names its source; rows from secondary sources say so.
 */
export const conversionFactors: ReadonlyArray<ConversionFactor & { qualifyingApm?: boolean }> = [
  {
    value: "32.7442",
    label: "CY2024 (1 January - 8 March)",
    effectiveFrom: "2024-01-01",
    effectiveThrough: "2024-03-08",
    source: "CY2024 MPFS final rule (88 FR 78818)",
  },
  {
    value: "33.2875",
    label: "CY2024 (from 9 March, Consolidated Appropriations Act 2024)",
    effectiveFrom: "2024-03-09",
    effectiveThrough: "2024-12-31",
    source: "CMS MLN Connects 2024-03-14; PPRRVU24 April release",
  },
  {
    value: "32.3465",
    label: "CY2025",
    effectiveFrom: "2025-01-01",
    effectiveThrough: "2025-12-31",
    source: "CY2025 MPFS final rule; PPRRVU2025 CONV FACTOR column",
  },
  {
    value: "33.4009",
    label: "CY2026 non-qualifying APM",
    effectiveFrom: "2026-01-01",
    effectiveThrough: "2026-12-31",
    source: "CY2026 MPFS final rule; PPRRVU2026 nonQPP CONV FACTOR column",
  },
  {
    value: "33.5675",
    label: "CY2026 qualifying APM participant",
    effectiveFrom: "2026-01-01",
    effectiveThrough: "2026-12-31",
    source: "CY2026 MPFS final rule text (no data file carries it)",
    qualifyingApm: true,
  },
];

/** KX modifier thresholds, PT+SLP combined and OT separately (SSA §1833(g), as amended by BBA 2018). */
export const kxThresholds: readonly YearAmount[] = [
  { year: 2022, cents: 215_000, source: "CY2022 MPFS final rule", verified: true },
  { year: 2023, cents: 223_000, source: "CY2023 MPFS final rule", verified: true },
  { year: 2024, cents: 233_000, source: "CY2024 MPFS final rule", verified: true },
  {
    year: 2025,
    cents: 241_000,
    source: "CY2025 MPFS final rule (secondary sources; UNVERIFIED)",
    verified: false,
  },
  {
    year: 2026,
    cents: 248_000,
    source: "CY2026 MPFS final rule (secondary sources; UNVERIFIED)",
    verified: false,
  },
];

/** Part B annual deductible. */
export const partBDeductibles: readonly YearAmount[] = [
  {
    year: 2024,
    cents: 24_000,
    source: "CMS 2024 Medicare Parts A & B premiums and deductibles",
    verified: true,
  },
  {
    year: 2025,
    cents: 25_700,
    source: "CMS 2025 Medicare Parts A & B premiums and deductibles",
    verified: true,
  },
  {
    year: 2026,
    cents: 28_300,
    source: "CMS 2026 Medicare Parts A & B premiums and deductibles",
    verified: true,
  },
];

/** The therapy targeted medical review threshold (SSA §1833(g)(7)). */
export const targetedMedicalReviewThresholdCents = 300_000;
