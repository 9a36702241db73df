import type { Kysely } from "kysely";
import type { Scope } from "../app/scope.js";
import type { Database } from "./schema.js";

/**
 * The audit log (issue 9; after Medplum's AuditEvent, and HIPAA 45 CFR §164.312(b) audit
 * controls): who, what, when, from where and the outcome, for every read or change of a
 * patient, visit, claim or remit, and for sign-ins, tokens and imports. Append-only: this
 * module only inserts and selects, and a trigger refuses UPDATE and DELETE.
 *
 * Records never hold PHI: ids, counts and codes only.
 */
export type AuditAction =
  | "read"
  | "search"
  | "create"
  | "update"
  | "delete"
  | "transition"
  | "submit"
  | "post"
  | "import"
  | "login"
  | "logout"
  | "export";

export type AuditEntity =
  | "patient"
  | "visit"
  | "claim"
  | "remit"
  | "acknowledgment"
  | "submission"
  | "worklist"
  | "practice"
  | "user"
  | "token"
  | "session"
  | "reference"
  | "job"
  | "audit"
  | "key";

/**
 * How a request ended (docs/security.md): `ok`; refused for the caller's credential or role
 * (`denied`), for a thing that does not exist (`not-found`), for malformed input (`invalid`),
 * or because it clashes with what is there (`conflict`: a pack edition's removal, a duplicate
 * email, a move the claim's status does not allow); `error` for anything else.
 */
export type AuditOutcome = "ok" | "denied" | "not-found" | "invalid" | "conflict" | "error";

export interface AuditEvent {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | null;
  practiceId?: string | null;
  patientId?: string | null;
  outcome: AuditOutcome;
  /** Ids, counts, codes, query filters with PHI removed. Never names, dates of birth or member ids. */
  detail?: Record<string, unknown>;
}

export async function appendAudit(
  db: Kysely<Database>,
  scope: Scope | null,
  event: AuditEvent,
): Promise<void> {
  // The ids come from the request as given: a malformed one (a guessed "not-a-uuid") cannot go
  // in a uuid column, and the refusal must still be recorded (and answered 404, not 500).
  const practiceId = uuidOrNull(event.practiceId);
  const patientId = uuidOrNull(event.patientId);
  const given = {
    ...(event.practiceId && practiceId === null ? { givenPracticeId: event.practiceId.slice(0, 100) } : {}),
    ...(event.patientId && patientId === null ? { givenPatientId: event.patientId.slice(0, 100) } : {}),
  };
  const detail = Object.keys(given).length > 0 ? { ...event.detail, ...given } : event.detail;
  await db
    .insertInto("audit_log")
    .values({
      organization_id: scope?.organizationId ?? null,
      practice_id: practiceId,
      user_id: scope?.actor.userId ?? null,
      token_id: scope?.actor.tokenId ?? null,
      actor: scope?.actor.label ?? "anonymous",
      ip: scope?.actor.ip ?? null,
      action: event.action,
      entity: event.entity,
      entity_id: event.entityId ?? null,
      patient_id: patientId,
      outcome: event.outcome,
      detail: detail ? JSON.stringify(detail) : null,
    } as never)
    .execute();
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidOrNull(id: string | null | undefined): string | null {
  return id && uuid.test(id) ? id : null;
}

export interface AuditQuery {
  userId?: string;
  patientId?: string;
  action?: AuditAction;
  entity?: AuditEntity;
  from?: string;
  to?: string;
  /** Records with an id below this (newest first paging). */
  before?: string;
  limit?: number;
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

/** The organization's records, newest first. The caller checks the admin role (app/audit). */
export async function queryAudit(
  db: Kysely<Database>,
  organizationId: string,
  q: AuditQuery,
): Promise<AuditRecord[]> {
  let query = db.selectFrom("audit_log").selectAll().where("organization_id", "=", organizationId);
  if (q.userId) query = query.where("user_id", "=", q.userId);
  if (q.patientId) query = query.where("patient_id", "=", q.patientId);
  if (q.action) query = query.where("action", "=", q.action);
  if (q.entity) query = query.where("entity", "=", q.entity);
  if (q.from) query = query.where("at", ">=", new Date(`${q.from}T00:00:00Z`));
  if (q.to) query = query.where("at", "<", new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
  if (q.before) query = query.where("id", "<", q.before);
  const rows = await query
    .orderBy("id", "desc")
    .limit(Math.min(q.limit ?? 100, 1000))
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    practiceId: r.practice_id,
    userId: r.user_id,
    tokenId: r.token_id,
    actor: r.actor,
    ip: r.ip,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    patientId: r.patient_id,
    outcome: r.outcome,
    detail: r.detail,
  }));
}
