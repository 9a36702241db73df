import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as Kysely sees it: one interface per table of migrations/001-initial.ts.
 * bigint money columns come back as numbers (both drivers are told so in db.ts): cents fit
 * in 2^53 for any amount a practice bills.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type Cents = ColumnType<number, number | bigint, number | bigint>;

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface PracticesTable {
  id: string;
  organization_id: string;
  name: string;
  settings: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RenderingProvidersTable {
  id: string;
  practice_id: string;
  npi: string;
  name: string | null;
  credential: string;
  participating: boolean;
}

export interface PayerProfilesTable {
  id: string;
  practice_id: string;
  name: string;
  profile: Json<Record<string, unknown>>;
  fee_table: Json<unknown> | null;
  /** A state RVU table's csv text (state schedule method "state-rvu"); migration 007. */
  state_rvu_table: Json<unknown> | null;
  created_at: Timestamp;
}

export interface PayersTable {
  id: string;
  organization_id: string;
  payer_id: string;
  name: string;
  type: string;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  email: string;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export interface UserRolesTable {
  id: string;
  user_id: string;
  practice_id: string | null;
  role: "admin" | "biller" | "viewer";
}

export interface SessionsTable {
  id: string;
  user_id: string | null;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  organization_id: string;
  name: string;
  token_hash: string;
  role: "admin" | "biller" | "viewer";
  practice_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PatientsTable {
  id: string;
  practice_id: string;
  external_id_enc: string | null;
  external_id_bidx: string | null;
  first_name_enc: string;
  last_name_enc: string;
  birth_date_enc: string | null;
  member_id_enc: string | null;
  address_enc: string | null;
  sex: string | null;
  member_id_bidx: string | null;
  name_bidx: string | null;
  last_name_bidx: string | null;
  birth_date_bidx: string | null;
  key_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface VisitsTable {
  id: string;
  practice_id: string;
  patient_id: string;
  external_id: string | null;
  date_of_service: DateOnly;
  payer_id: string;
  authorization_number: string | null;
  document: Json<Record<string, unknown>>;
  batch_id: string | null;
  batch_index: number | null;
  created_by: string | null;
  created_at: Timestamp;
  /** 002-records: the subscriber (when not the patient), sealed; its key version. */
  subscriber_enc: ColumnType<string | null, string | null | undefined, string | null>;
  key_version: ColumnType<number | null, number | null | undefined, number | null>;
}

export type ClaimStatus =
  | "draft"
  | "scrubbed"
  | "ready"
  | "submitted"
  | "accepted"
  | "rejected"
  | "paid"
  | "partially-paid"
  | "denied"
  | "corrected"
  | "appealed"
  | "closed";

export interface ClaimsTable {
  id: string;
  practice_id: string;
  patient_id: string;
  visit_id: string | null;
  control_number: string;
  status: ClaimStatus;
  payer_id: string;
  payer_type: string;
  date_of_service: DateOnly;
  through_date: DateOnly;
  current_version: ColumnType<number, number | undefined, number>;
  payer_claim_control_number: string | null;
  charge_cents: Cents;
  expected_cents: Cents | null;
  paid_cents: ColumnType<number, number | bigint | undefined, number | bigint>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClaimVersionsTable {
  id: string;
  claim_id: string;
  practice_id: string;
  version: number;
  frequency: "1" | "7" | "8";
  document: Json<Record<string, unknown>>;
  findings: Json<unknown[]>;
  estimate: Json<Record<string, unknown>> | null;
  error_count: ColumnType<number, number | undefined, number>;
  reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ClaimFindingsTable {
  claim_version_id: string;
  practice_id: string;
  claim_id: string;
  rule: string;
  severity: string;
}

export interface ClaimEventsTable {
  id: string;
  claim_id: string;
  practice_id: string;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  actor: string;
  reason: string | null;
  override: ColumnType<boolean, boolean | undefined, boolean>;
  data: Json<Record<string, unknown>> | null;
  at: Timestamp;
}

export interface AttestationsTable {
  id: string;
  claim_id: string;
  practice_id: string;
  kind: string;
  line: number | null;
  value: string | null;
  note: string;
  actor: string;
  at: Timestamp;
}

export interface SubmissionsTable {
  id: string;
  practice_id: string;
  isa13: string;
  gs06: string;
  st02: string;
  claim_count: number;
  charge_cents: Cents;
  content_enc: string;
  key_version: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SubmissionClaimsTable {
  submission_id: string;
  practice_id: string;
  claim_id: string;
  claim_version_id: string;
}

export interface RemittancesTable {
  id: string;
  practice_id: string;
  content_hash: string;
  payer_name: string | null;
  payer_id: string | null;
  trace_number: string | null;
  payment_date: DateOnly | null;
  paid_cents: Cents;
  plb: Json<unknown[]>;
  plb_cents: ColumnType<number, number | bigint | undefined, number | bigint>;
  balanced: boolean;
  summary: Json<Record<string, unknown>>;
  content_enc: string;
  key_version: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RemitClaimsTable {
  id: string;
  remittance_id: string;
  practice_id: string;
  claim_id: string | null;
  claim_version_id: string | null;
  control_number: string;
  status_code: string;
  charge_cents: Cents;
  paid_cents: Cents;
  patient_responsibility_cents: ColumnType<number, number | bigint | undefined, number | bigint>;
  payer_claim_control_number: string | null;
  reverses_id: string | null;
  reversed: ColumnType<boolean, boolean | undefined, boolean>;
  adjustments: Json<unknown[]>;
  lines: Json<unknown[]>;
}

export interface WorklistItemsTable {
  id: string;
  practice_id: string;
  claim_id: string | null;
  claim_version_id: string | null;
  remit_claim_id: string | null;
  kind: "denial" | "underpayment" | "rejection" | "unmatched";
  status: ColumnType<string, string | undefined, string>;
  assignee: string | null;
  rule: string | null;
  carc: string | null;
  amount_cents: Cents | null;
  item: Json<Record<string, unknown>>;
  notes: Json<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 006-acks: the 999 or 277CA that made a rejection item. */
  acknowledgment_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 006-acks: a posted 999, 277CA or 277 file. */
export interface AcknowledgmentsTable {
  id: string;
  practice_id: string;
  kind: "999" | "277CA" | "277";
  content_hash: string;
  submission_id: string | null;
  summary: Json<Record<string, unknown>>;
  content_enc: string;
  key_version: number;
  created_by: string | null;
  created_at: Timestamp;
}

/** Migration 004-remit: the last ISA13 a practice used. */
export interface ControlNumbersTable {
  practice_id: string;
  last_isa13: number;
  updated_at: Timestamp;
}

export interface ReferenceEditionsTable {
  id: string;
  organization_id: string | null;
  dataset: string;
  edition: string;
  origin: string;
  effective_from: DateOnly | null;
  effective_through: DateOnly | null;
  recorded_at: Timestamp;
}

export interface JobsTable {
  id: string;
  organization_id: string;
  practice_id: string | null;
  kind: string;
  status: ColumnType<"queued" | "running" | "done" | "failed", string | undefined, string>;
  total: ColumnType<number, number | undefined, number>;
  done: ColumnType<number, number | undefined, number>;
  input: Json<unknown> | null;
  result: Json<unknown> | null;
  error: Json<unknown> | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 005-jobs: the submitter's scope (organization, actor, grants; no PHI), which the tasks run under. */
  scope: Json<unknown> | null;
}

/** 005-jobs: a job's durable tasks (a chunk of a batch, an import). */
export interface JobTasksTable {
  id: string;
  job_id: string;
  organization_id: string;
  queue: string;
  seq: number;
  units: number;
  payload_enc: string | null;
  key_version: number | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: Json<unknown> | null;
  outcome: Json<unknown> | null;
  done_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  organization_id: string | null;
  practice_id: string | null;
  user_id: string | null;
  token_id: string | null;
  actor: string;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  patient_id: string | null;
  outcome: string;
  detail: Json<Record<string, unknown>> | null;
}

/** migrations/003-identity.ts: sign-in attempts, for the failed-login limit. */
export interface LoginAttemptsTable {
  id: Generated<string>;
  at: Timestamp;
  email: string;
  ip: string | null;
  outcome: "ok" | "failed" | "limited";
}

export interface Database {
  organizations: OrganizationsTable;
  practices: PracticesTable;
  rendering_providers: RenderingProvidersTable;
  payer_profiles: PayerProfilesTable;
  payers: PayersTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  patients: PatientsTable;
  visits: VisitsTable;
  claims: ClaimsTable;
  claim_versions: ClaimVersionsTable;
  claim_findings: ClaimFindingsTable;
  claim_events: ClaimEventsTable;
  attestations: AttestationsTable;
  submissions: SubmissionsTable;
  submission_claims: SubmissionClaimsTable;
  remittances: RemittancesTable;
  remit_claims: RemitClaimsTable;
  worklist_items: WorklistItemsTable;
  acknowledgments: AcknowledgmentsTable;
  control_numbers: ControlNumbersTable;
  reference_editions: ReferenceEditionsTable;
  jobs: JobsTable;
  job_tasks: JobTasksTable;
  audit_log: AuditLogTable;
  login_attempts: LoginAttemptsTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
