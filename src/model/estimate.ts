/** What will be paid (contract §4). Money fields are two-place decimal strings. */
export interface EstimateLine {
  /** 1-based line number on the claim. */
  line: number;
  code: string;
  modifiers?: string[];
  units: number;
  status: string;
  allowed: string;
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
  allowed: string;
  deductibleApplied: string;
  coinsurance: string;
  payerPayment: string;
  sequestration: string;
  payerPaid: string;
  patientResponsibility: string;
  limitingCharge: string | null;
  /** Assumptions and data gaps, in words (for example "deductible assumed met"). */
  warnings?: string[];
  trace: string[];
}
