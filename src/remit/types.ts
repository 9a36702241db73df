import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding, Fix } from "../model/finding.js";

// ---- What the worklist reads: one 835 (005010X221A1), as the X12 reader hands it over ----

/** A CAS adjustment: group code, CARC, amount (a money string) and optional quantity. */
export interface RemitAdjustment {
  group: string;
  carc: string;
  amount: string;
  quantity?: number;
}

/** One SVC service line (loop 2110). */
export interface RemitServiceLine {
  /** SVC01-2 as adjudicated, and its modifiers SVC01-3..6. */
  code: string;
  modifiers: string[];
  charge: string;
  paid: string;
  /** SVC05 units paid (the guide defaults it to 1). */
  units: number;
  /** SVC07 units submitted, when the payer paid a different number. */
  submittedUnits?: number;
  /** SVC06: the code and modifiers as submitted, when the payer changed them. */
  submitted?: { code: string; modifiers: string[] };
  /** DTM*472 (or DTM*150) service date. */
  dateOfService?: IsoDate;
  adjustments: RemitAdjustment[];
  /** LQ*HE remark codes (RARCs). */
  remarks: string[];
  /** AMT*B6, the amount the payer allowed. */
  allowed?: string;
  /** REF*6R, the line item control number we sent (837 REF*6R), when the payer echoes it. */
  controlNumber?: string;
  /** Where the SVC segment is in the file (1-based segment number). */
  segment?: number;
}

/** One CLP claim payment (loop 2100). */
export interface RemitClaim {
  /** CLP01: our patient control number, which is the claim id we sent (CLM01). */
  claimId: string;
  /** CLP02 claim status: 1-3 processed, 4 denied, 19-21 processed and forwarded, 22 reversal, 23 not our claim. */
  status: string;
  charge: string;
  paid: string;
  patientResponsibility?: string;
  /** CLP07: the payer's claim control number, the one a replacement claim carries in REF*F8. */
  payerClaimControlNumber?: string;
  /** CLP09 frequency code the payer recorded. */
  frequency?: string;
  /** Claim-level CAS adjustments. */
  adjustments: RemitAdjustment[];
  /** MOA/MIA remark codes (RARCs) that apply to the whole claim. */
  remarks: string[];
  lines: RemitServiceLine[];
  /** DTM*232/233 statement dates, used when a line has no service date. */
  statementFrom?: IsoDate;
  statementThrough?: IsoDate;
  segment?: number;
}

/** One 835 transaction set: the payment, its payer and payee, and the claims it pays. */
export interface Remittance {
  /** BPR02 total payment and BPR16 payment date; TRN02 the check or EFT trace number. */
  payment: { amount: string; method?: string; date?: IsoDate; traceNumber?: string };
  payer: { name?: string; id?: string };
  payee: { name?: string; npi?: string; taxId?: string };
  claims: RemitClaim[];
  /** ST02, to name the transaction in messages. */
  transaction?: string;
}

/** A read 835: its remittances, and the reader's findings (syntax, guide and balancing). */
export interface RemitFile {
  remittances: Remittance[];
  findings: Finding[];
}

// ---- What the worklist says ----

/** A code with our own explanation, or an honest "we have none" with its code-list status. */
export interface CodeExplanation {
  kind: "group" | "carc" | "rarc";
  code: string;
  /** False when cleanclaim has no explanation of its own for this code. */
  known: boolean;
  /** What the code means, in our words (never the X12 or CMS wording). */
  meaning: string;
  /** What it means for the biller: what to do about it. */
  forBiller?: string;
  /** In the loaded CARC/RARC list: active, retired (with the date) or not listed at all. */
  status: "active" | "retired" | "not-listed" | "no-code-list";
  statusNote?: string;
  /** The cleanclaim rules that can explain this code. */
  rules: string[];
}

/** One adjustment on a worklist item, explained. */
export interface ExplainedAdjustment {
  group: CodeExplanation;
  carc: CodeExplanation;
  amount: string;
  quantity?: number;
  /** True for an adjustment the contract or the patient's benefits explain (PR-1, CO-45, CO-253...). */
  expected: boolean;
}

export type WorkAction =
  /** The scrubber's fix corrects the claim: a replacement (frequency 7) or new claim carries it. */
  | "correct"
  /** The claim should be withdrawn entirely (frequency 8). */
  | "void"
  /** The rule knows the problem but a fix needs documentation the claim does not carry. */
  | "document"
  /** cleanclaim finds nothing wrong for the rule on the submitted line: review the payer's edit or appeal. */
  | "review"
  /** No cleanclaim rule covers it (eligibility, coordination of benefits, records requests). */
  | "no-rule"
  /** Fixes need the submitted claims (`--claims`). */
  | "needs-claims";

/** One denied or reduced line (or a claim-level denial) to work. */
export interface WorkItem {
  claimId: string;
  payerClaimControlNumber: string | null;
  claimStatus: { code: string; meaning: string };
  /** 0-based index into the submitted claim's lines; null for a claim-level denial or without claims. */
  line: number | null;
  /** 0-based index of the SVC line in the remit claim; null for claim-level adjustments. */
  remitLine: number | null;
  code: string | null;
  modifiers: string[];
  dateOfService: IsoDate | null;
  /** How the remit line was matched to the submitted line. */
  match: LineMatchKind | null;
  adjustments: ExplainedAdjustment[];
  remarks: CodeExplanation[];
  /** The denied or reduced amount: the sum of the adjustments that are not expected. */
  amount: string;
  /** The cleanclaim rule that explains the denial; null when none does. */
  rule: string | null;
  /** Why that rule: the scrubber's finding, the line's modifiers, or the reason code alone. */
  ruleBasis: string;
  /** The scrubber's finding for that rule on the submitted line. */
  finding: Finding | null;
  fix: Fix | null;
  action: WorkAction;
  /** What to do next, in words. */
  nextStep: string;
  /** The corrected claim that carries the fix: `${claimId} frequency 7` (see correctedClaims). */
  correctedClaim: string | null;
}

export type LineMatchKind =
  | "exact"
  | "modifiers-reordered"
  | "modifiers-dropped"
  | "modifiers-added"
  | "code-and-date"
  | "code-only";

/** A remit line or claim that matched nothing, or a submitted line the payer did not report. */
export interface UnmatchedEntry {
  kind: "remit-claim" | "remit-line" | "submitted-line";
  claimId: string;
  /** Submitted line index (submitted-line) or remit SVC index (remit-line). */
  line: number | null;
  code: string | null;
  modifiers: string[];
  dateOfService: IsoDate | null;
  message: string;
}

/** A paid line that came in short of our estimate, with the arithmetic. */
export interface Underpayment {
  claimId: string;
  payerClaimControlNumber: string | null;
  line: number;
  remitLine: number;
  code: string;
  modifiers: string[];
  charge: string;
  paid: string;
  ourAllowed: string;
  /** As the payer reported it (PR-1): the patient's deductible state is the payer's to know. */
  deductible: string;
  /** Ours: the profile's coinsurance percent of (our allowed − deductible), contract §4.4. */
  coinsurance: string;
  /** As the payer reported it (PR-3). */
  copay: string;
  /** Ours: 2% of our payment when the profile applies sequestration, contract §4.5. */
  sequestration: string;
  /** ourAllowed − deductible − coinsurance − copay − sequestration. */
  expectedPaid: string;
  shortBy: string;
  /** The payer's allowed amount: AMT*B6, else charge less the contractual adjustments. */
  payerAllowed: string;
  /** The coinsurance the payer took (PR-2), to compare with ours. */
  payerCoinsurance: string;
  /** The sequestration the payer took (CO-253), to compare with ours. */
  payerSequestration: string;
  arithmetic: string[];
}

/** A claim to send again: a replacement (7), a void (8), or a new claim (1) when the first was unprocessable. */
export interface CorrectedClaim {
  /** `${claimId} frequency ${frequency}`: what work items point to. */
  reference: string;
  claimId: string;
  frequency: "1" | "7" | "8";
  payerClaimControlNumber: string | null;
  why: string;
  claim: Claim;
  /** The claim as a 005010X222A1 interchange; absent when the claim lacks what the 837P requires. */
  x12?: string;
  /** Why no 837P could be written (the missing fields by JSON path). */
  x12Problem?: string;
  /** Errors the scrubber still finds on the corrected claim. */
  remainingFindings: Finding[];
  /** The files written with `--corrected-dir`, relative to it. */
  files?: { json: string; x12?: string };
}

/** A remit claim as read, with whether it matched. */
export interface RemitClaimSummary {
  claimId: string;
  payerClaimControlNumber: string | null;
  status: { code: string; meaning: string };
  charge: string;
  paid: string;
  patientResponsibility: string;
  matched: boolean;
  lines: number;
}

/** The denial worklist (docs/remit.md). */
export interface Worklist {
  remittances: Array<{
    transaction: string | null;
    payer: { name: string | null; id: string | null };
    payee: { name: string | null; npi: string | null };
    payment: { amount: string; method: string | null; date: IsoDate | null; traceNumber: string | null };
    claims: RemitClaimSummary[];
  }>;
  items: WorkItem[];
  underpayments: Underpayment[];
  unmatched: UnmatchedEntry[];
  correctedClaims: CorrectedClaim[];
  /** The 835 reader's findings: balancing, syntax and guide problems. */
  balancing: Finding[];
  /** Every group code, CARC and RARC in the file, explained or marked unknown. */
  codes: CodeExplanation[];
  notes: string[];
  summary: {
    claims: number;
    items: number;
    underpayments: number;
    unmatched: number;
    correctedClaims: number;
    /** Sum of the denied or reduced amounts plus the underpayments. */
    atStake: string;
  };
}
