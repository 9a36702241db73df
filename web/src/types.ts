/** The API's shapes the web app reads (docs/api.md, docs/service/records.md, src/app/*.ts). */

export type Role = "admin" | "biller" | "viewer";
export interface PracticeAccess {
  id: string;
  name: string;
  role: Role;
}
export interface Me {
  organizationId: string;
  credential: "token" | "session";
  user: { id: string; email: string } | null;
  practices: PracticeAccess[];
}
export interface LoginAnswer {
  user: { id: string; email: string };
  practices: PracticeAccess[];
  csrfToken: string;
  expiresAt: string;
}

export type Severity = "error" | "warning" | "info";
export type PatchOp =
  | { op: "add-modifier"; line: number; modifier: string }
  | { op: "remove-modifier"; line: number; modifier: string }
  | { op: "set-units"; line: number; units: number }
  | { op: "replace-code"; line: number; code: string }
  | { op: "remove-line"; line: number }
  | { op: "split-line"; line: number; units: number; modifier: string }
  | { op: "set-pointers"; line: number; pointers: number[] };
export interface Finding {
  rule: string;
  severity: Severity;
  lines: number[];
  message: string;
  reference?: string;
  carc?: string;
  fix?: { description: string; patch: PatchOp[] };
  location?: string;
}
export interface ClaimLine {
  code: string;
  modifiers: string[];
  units: number;
  charge: string | null;
  diagnosisPointers: number[];
  dateOfService: string;
  minutes?: number;
  assistantMinutes?: number;
  region?: string;
  distinct?: string;
}
export interface Claim {
  id: string;
  frequency: string;
  payer: { id: string; name?: string; type: string };
  diagnoses: string[];
  lines: ClaimLine[];
  planOfCare: { discipline: string } | null;
}
export interface EstimateLine {
  line: number;
  code: string;
  modifiers: string[];
  units: number;
  status: string;
  allowed: string;
  mpprReduction: string;
  assistantReduction: string;
  notes: string[];
}
export interface Estimate {
  year: number;
  schedule: string;
  edition: string;
  locality: { mac: string; locality: string; name: string } | null;
  lines: EstimateLine[];
  allowed: string;
  deductibleApplied: string;
  coinsurance: string;
  payerPayment: string;
  sequestration: string;
  payerPaid: string;
  patientResponsibility: string;
  warnings: string[];
  trace: string[];
}
export interface CheckResult {
  claim: Claim;
  findings: Finding[];
  estimate: Estimate | null;
}
export interface StoredVisit extends CheckResult {
  visitId: string;
  claimId: string;
}

export interface ClaimSummary {
  id: string;
  practiceId: string;
  patientId: string;
  visitId: string | null;
  controlNumber: string;
  status: string;
  payerId: string;
  payerType: string;
  dateOfService: string;
  currentVersion: number;
  charge: string;
  expected: string | null;
  paid: string;
  /** The first payment's date (835 BPR16); null while unpaid. */
  paidDate?: string | null;
  updatedAt: string;
}
export interface ClaimDetails extends ClaimSummary {
  claim: Claim;
  findings: Finding[];
  estimate: Estimate | null;
  versions: Array<{
    id: string;
    version: number;
    frequency: string;
    errorCount: number;
    reason: string | null;
    createdBy: string | null;
    createdAt: string;
  }>;
  history: Array<{
    from: string | null;
    to: string;
    actor: string;
    at: string;
    reason: string | null;
    override: boolean;
  }>;
  remits: Array<Record<string, unknown>>;
  attestations: Array<{
    id: string;
    kind: string;
    line: number | null;
    value: string | null;
    note: string;
    actor: string;
    at: string;
  }>;
}

export interface SubmissionResult {
  submissionId: string;
  isa13: string;
  charge: string;
  claims: Array<{ claimId: string; controlNumber: string }>;
}

export interface PostedItem {
  itemId: string;
  kind: "denial" | "underpayment" | "unmatched";
  claimId: string | null;
  controlNumber: string;
  line: number | null;
  code: string | null;
  rule: string | null;
  carc: string | null;
  amount: string;
  action: string | null;
  nextStep: string;
}
export interface PostRemitResult {
  remitId: string;
  posted: boolean;
  claims: Array<{
    remitClaimId: string;
    controlNumber: string;
    statusCode: string;
    claimId: string | null;
    claimStatus: string | null;
    charge: string;
    paid: string;
  }>;
  items: PostedItem[];
  underpayments: PostedItem[];
  unmatched: Array<{ kind?: string; message?: string }>;
  providerAdjustments: Array<{ reason: string; reference: string | null; amount: string }>;
  balance: { paymentAmount: string; claimPayments: string; providerAdjustments: string; balanced: boolean };
  findings: Finding[];
}
export type WorklistStatus = "open" | "in-progress" | "resolved" | "ignored";
export interface WorklistItem {
  itemId: string;
  practiceId: string;
  kind: "denial" | "underpayment" | "rejection" | "unmatched";
  status: WorklistStatus;
  assignee: string | null;
  claimId: string | null;
  rule: string | null;
  carc: string | null;
  amount: string | null;
  item: Record<string, unknown>;
  notes: Array<{ text: string; by: string; at: string }>;
  createdAt: string;
}
