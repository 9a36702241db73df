import type { Finding } from "./finding.js";

/** What will be paid (contract §4). Money fields are two-place decimal strings. */
export interface EstimateLine {
  /** 1-based line number on the claim. */
  line: number;
  code: string;
  modifiers?: string[];
  units: number;
  status: string;
  /** null when the line's year has no fee schedule loaded (see Estimate.findings). */
  allowed: string | null;
  mpprReduction: string;
  assistantReduction: string;
  nonParticipatingReduction?: string;
  limitingCharge?: string | null;
  notes: string[];
}

export interface Estimate {
  year: number;
  schedule: string;
  edition: string;
  locality: { mac: string; locality: string; name: string } | null;
  setting: "facility" | "non-facility";
  conversionFactor: string;
  lines: EstimateLine[];
  /**
   * The amounts: null, all of them, when a date the claim is priced on has no RVU release or
   * no GPCI table loaded. Such a claim is never priced 0.00: `findings` then holds the
   * `reference-data` error that names the files to import.
   */
  allowed: string | null;
  deductibleApplied: string | null;
  coinsurance: string | null;
  payerPayment: string | null;
  sequestration: string | null;
  payerPaid: string | null;
  patientResponsibility: string | null;
  limitingCharge: string | null;
  /** Assumptions and data gaps, in words (for example "deductible assumed met"). */
  warnings?: string[];
  /** Errors that make the estimate unusable (a `reference-data` error: no fee schedule for the year). */
  findings?: Finding[];
  trace: string[];
}
