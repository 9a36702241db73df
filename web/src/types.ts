/** The API's shapes the web app reads (docs/api.md, docs/service/records.md, src/app/*.ts). */

export type Role = "admin" | "biller" | "viewer";
export interface PracticeAccess {
  id: string;
  name: string;
  role: Role;
}
export interface Grant {
  role: Role;
  /** null: across the organization. */
  practiceId: string | null;
}
export interface Me {
  organizationId: string;
  credential: "token" | "session";
  user: { id: string; email: string } | null;
  grants: Grant[];
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
  /** Workers' comp and auto (issue 11): CLM11 and DTP*439, REF*Y4, the employer. */
  accident?: { causes: string[]; date?: string; state?: string };
  propertyCasualtyClaimNumber?: string;
  employer?: { name: string };
  authorization?: { number: string; visitsAllowed?: number; visitsUsed?: number } | null;
  visitsBefore?: Partial<Record<"PT" | "OT" | "SLP" | "DC", number>>;
  benefitUsed?: string;
  /** Where the services were furnished, when not at the billing address (2310C). */
  serviceFacility?: ServiceFacility;
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

/** GET /reference: what `cleanclaim data status --format json` prints (src/reference/status.ts). */
export interface Edition {
  id: string;
  table: string;
  release: string;
  source: string;
  effectiveFrom: string;
  effectiveThrough: string | null;
  rows: number;
  origin: "pack" | "import";
  importedAt: string;
  scope?: string;
  partial?: boolean;
  parts?: Array<{ part: number; source: string; rows: number }>;
}
export interface PolicyFigureStatus {
  figure: string;
  value: string;
  effectiveFrom: string;
  effectiveThrough: string | null;
  source: string;
  verified: boolean;
  edition: string;
  release: string;
}
/** A shipped state fee schedule profile's figures (src/payers/state-schedule-status.ts). */
export interface StateScheduleStatus {
  profileId: string;
  profileName: string;
  file: string;
  program: string;
  state: string;
  method: string;
  authority: { citation: string; url?: string };
  figures: Array<{
    kind: string;
    figure: string;
    value: string | null;
    verified: boolean;
    missing: boolean;
    source: { citation: string; url?: string; retrieved?: string };
    note?: string;
  }>;
  missing: string[];
  verified: number;
  unverified: number;
}
export interface ReferenceStatus {
  editions: Edition[];
  policy: PolicyFigureStatus[];
  /** Absent from a server older than this page. */
  stateSchedules?: StateScheduleStatus[];
  warnings: string[];
}
export interface EditionRemoval {
  removed: Edition;
  restored: Edition[];
  nowInForce: Edition | null;
  reloaded: boolean;
}
/** GET /jobs/:id (src/server/routes/jobs.ts). */
export interface Job {
  id: string;
  kind: string;
  status: "queued" | "running" | "done" | "failed";
  practiceId: string | null;
  total: number;
  done: number;
  result: unknown;
  error: { code?: string; message?: string } | null;
  createdAt: string;
  updatedAt: string;
}
export interface ReferenceImportResult {
  imported: Array<{ id: string; table: string; release: string; rows: number; partial: boolean }>;
  unchanged: Array<{ id: string; table: string; release: string; origin?: string }>;
  replaced: Array<{ id: string; table: string; release: string }>;
  skipped: Array<{ name: string; reason: string }>;
  reloaded: boolean;
}

/** A practice's settings as GET /practices/:id answers them (src/app/practice-settings.ts). */
export interface BillingProvider {
  npi: string;
  taxId: string;
  name: string;
  address?: string;
  city?: string;
  state?: string;
  zip: string;
  locality?: string;
}
export interface RenderingProvider {
  npi: string;
  credential: string;
  participating: boolean;
  firstName?: string;
  lastName?: string;
}
export interface PracticeEnvelope {
  submitter: { name: string; id: string; contactName: string; phone?: string; email?: string };
  receiver: { name: string; id: string };
  senderId: string;
  receiverId: string;
  senderQualifier?: string;
  receiverQualifier?: string;
  usageIndicator?: "T" | "P";
  applicationSenderCode?: string;
  applicationReceiverCode?: string;
  acknowledgmentRequested?: boolean;
}
export interface PracticeSettings {
  billingProvider: BillingProvider;
  locality?: string;
  envelope?: PracticeEnvelope;
  charges?: Record<string, string>;
  renderingProviders: RenderingProvider[];
  payerProfiles: Array<{ profile: Record<string, unknown>; feeTable?: string; stateRvuTable?: string }>;
  /** The practice's other places of service (837P 2310C), named by a visit's serviceFacility. */
  serviceFacilities?: ServiceFacility[];
}
export interface ServiceFacility {
  name: string;
  npi?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  locality?: string;
}
export interface PracticeRecord {
  id: string;
  organizationId: string;
  name: string;
  settings: PracticeSettings;
  createdAt: string;
  updatedAt: string;
}

/** Users, tokens and the audit log (src/server/routes/schemas.ts, audit.ts). */
export interface UserRecord {
  id: string;
  email: string;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  grants: Grant[];
}
export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  practiceId: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface AuditRecord {
  id: string;
  at: string;
  practiceId: string | null;
  userId: string | null;
  tokenId: string | null;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  patientId: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
}
