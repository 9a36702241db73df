import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Finding } from "../model/finding.js";
import type { ClaimStatus, Database, Row } from "./schema.js";
import { isUuid } from "./tenancy.js";

/**
 * Claims and their versions, findings and life-cycle events (migrations/001-initial.ts).
 * Documents are stored with the patient's PHI taken out (the caller strips it); each
 * version keeps its findings and estimate, and claim_findings indexes the rule ids for the
 * claims filter. Reads take the practice ids the scope may see (store/tenancy.ts).
 */

export interface NewClaim {
  id: string;
  practiceId: string;
  patientId: string;
  visitId: string | null;
  controlNumber: string;
  status: ClaimStatus;
  payerId: string;
  payerType: string;
  dateOfService: string;
  throughDate: string;
  chargeCents: number;
  expectedCents: number | null;
}

export async function insertClaim(db: Kysely<Database>, c: NewClaim): Promise<void> {
  await db
    .insertInto("claims")
    .values({
      id: c.id,
      practice_id: c.practiceId,
      patient_id: c.patientId,
      visit_id: c.visitId,
      control_number: c.controlNumber,
      status: c.status,
      payer_id: c.payerId,
      payer_type: c.payerType,
      date_of_service: c.dateOfService,
      through_date: c.throughDate,
      charge_cents: c.chargeCents,
      expected_cents: c.expectedCents,
    })
    .execute();
}

export interface NewVersion {
  claimId: string;
  practiceId: string;
  version: number;
  frequency: "1" | "7" | "8";
  document: Record<string, unknown>;
  findings: readonly Finding[];
  estimate: unknown | null;
  reason: string | null;
  createdBy: string;
}

/** A version with its findings rows; returns the version's id. */
export async function insertVersion(db: Kysely<Database>, v: NewVersion): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("claim_versions")
    .values({
      id,
      claim_id: v.claimId,
      practice_id: v.practiceId,
      version: v.version,
      frequency: v.frequency,
      document: JSON.stringify(v.document),
      findings: JSON.stringify(v.findings),
      estimate: v.estimate === null ? null : JSON.stringify(v.estimate),
      error_count: v.findings.filter((f) => f.severity === "error").length,
      reason: v.reason,
      created_by: v.createdBy,
    })
    .execute();
  if (v.findings.length > 0)
    await db
      .insertInto("claim_findings")
      .values(
        v.findings.map((f) => ({
          claim_version_id: id,
          practice_id: v.practiceId,
          claim_id: v.claimId,
          rule: f.rule,
          severity: f.severity,
        })),
      )
      .execute();
  return id;
}

export interface NewEvent {
  claimId: string;
  practiceId: string;
  from: ClaimStatus | null;
  to: ClaimStatus;
  actor: string;
  reason?: string | null;
  override?: boolean;
  data?: Record<string, unknown> | null;
  at: Date;
}

export async function insertEvent(db: Kysely<Database>, e: NewEvent): Promise<void> {
  await db
    .insertInto("claim_events")
    .values({
      id: randomUUID(),
      claim_id: e.claimId,
      practice_id: e.practiceId,
      from_status: e.from,
      to_status: e.to,
      actor: e.actor,
      reason: e.reason ?? null,
      override: e.override ?? false,
      data: e.data ? JSON.stringify(e.data) : null,
      at: e.at,
    })
    .execute();
}

/** A claim row in one of these practices, or undefined (another tenant's and a guessed id alike). */
export async function claimRow(
  db: Kysely<Database>,
  practiceIds: readonly string[],
  claimId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Row<"claims"> | undefined> {
  if (!isUuid(claimId) || practiceIds.length === 0) return undefined;
  let query = db
    .selectFrom("claims")
    .selectAll()
    .where("id", "=", claimId)
    .where("practice_id", "in", practiceIds);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateClaim(
  db: Kysely<Database>,
  claim: Pick<Row<"claims">, "id" | "practice_id">,
  values: {
    status?: ClaimStatus;
    currentVersion?: number;
    chargeCents?: number;
    expectedCents?: number | null;
    payerClaimControlNumber?: string | null;
  },
): Promise<void> {
  await db
    .updateTable("claims")
    .set({
      ...(values.status ? { status: values.status } : {}),
      ...(values.currentVersion !== undefined ? { current_version: values.currentVersion } : {}),
      ...(values.chargeCents !== undefined ? { charge_cents: values.chargeCents } : {}),
      ...(values.expectedCents !== undefined ? { expected_cents: values.expectedCents } : {}),
      ...(values.payerClaimControlNumber !== undefined
        ? { payer_claim_control_number: values.payerClaimControlNumber }
        : {}),
      updated_at: new Date(),
    })
    .where("id", "=", claim.id)
    .where("practice_id", "=", claim.practice_id)
    .execute();
}

export async function versionsOf(db: Kysely<Database>, claim: Pick<Row<"claims">, "id" | "practice_id">) {
  return db
    .selectFrom("claim_versions")
    .selectAll()
    .where("claim_id", "=", claim.id)
    .where("practice_id", "=", claim.practice_id)
    .orderBy("version")
    .execute();
}

export async function currentVersion(
  db: Kysely<Database>,
  claim: Pick<Row<"claims">, "id" | "practice_id" | "current_version">,
): Promise<Row<"claim_versions">> {
  return db
    .selectFrom("claim_versions")
    .selectAll()
    .where("claim_id", "=", claim.id)
    .where("practice_id", "=", claim.practice_id)
    .where("version", "=", claim.current_version)
    .executeTakeFirstOrThrow();
}

export async function eventsOf(db: Kysely<Database>, claim: Pick<Row<"claims">, "id" | "practice_id">) {
  return db
    .selectFrom("claim_events")
    .selectAll()
    .where("claim_id", "=", claim.id)
    .where("practice_id", "=", claim.practice_id)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

export async function attestationsOf(db: Kysely<Database>, claim: Pick<Row<"claims">, "id" | "practice_id">) {
  return db
    .selectFrom("attestations")
    .selectAll()
    .where("claim_id", "=", claim.id)
    .where("practice_id", "=", claim.practice_id)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

export async function insertAttestation(
  db: Kysely<Database>,
  a: {
    claimId: string;
    practiceId: string;
    kind: string;
    line: number | null;
    value: string | null;
    note: string;
    actor: string;
    at: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("attestations")
    .values({
      id,
      claim_id: a.claimId,
      practice_id: a.practiceId,
      kind: a.kind,
      line: a.line,
      value: a.value,
      note: a.note,
      actor: a.actor,
      at: a.at,
    })
    .execute();
  return id;
}

export async function remitClaimsOf(db: Kysely<Database>, claim: Pick<Row<"claims">, "id" | "practice_id">) {
  return db
    .selectFrom("remit_claims")
    .selectAll()
    .where("claim_id", "=", claim.id)
    .where("practice_id", "=", claim.practice_id)
    .execute();
}

export interface ClaimListQuery {
  practiceIds: readonly string[];
  status?: ClaimStatus | undefined;
  payer?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  rule?: string | undefined;
  patientIds?: readonly string[] | undefined;
  /** Keyset: rows strictly after this (date of service desc, id desc). */
  after?: { dateOfService: string; id: string } | undefined;
  limit: number;
}

/** Claims newest date of service first, then id: a total, stable order for keyset pages. */
export async function listClaimRows(db: Kysely<Database>, q: ClaimListQuery): Promise<Row<"claims">[]> {
  if (q.practiceIds.length === 0 || (q.patientIds && q.patientIds.length === 0)) return [];
  let query = db.selectFrom("claims").selectAll().where("practice_id", "in", q.practiceIds);
  if (q.status) query = query.where("status", "=", q.status);
  if (q.payer) query = query.where("payer_id", "=", q.payer);
  if (q.from) query = query.where("date_of_service", ">=", q.from);
  if (q.to) query = query.where("date_of_service", "<=", q.to);
  if (q.patientIds) query = query.where("patient_id", "in", q.patientIds);
  if (q.rule) {
    const rule = q.rule;
    // the rule among the findings of the claim's current version
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("claim_findings")
          .innerJoin("claim_versions", "claim_versions.id", "claim_findings.claim_version_id")
          .select("claim_findings.claim_id")
          .whereRef("claim_findings.claim_id", "=", "claims.id")
          .whereRef("claim_versions.version", "=", "claims.current_version")
          .where("claim_findings.rule", "=", rule),
      ),
    );
  }
  if (q.after) {
    const { dateOfService, id } = q.after;
    query = query.where((eb) =>
      eb.or([
        eb("date_of_service", "<", dateOfService),
        eb.and([eb("date_of_service", "=", dateOfService), eb("id", "<", id)]),
      ]),
    );
  }
  return query.orderBy("date_of_service", "desc").orderBy("id", "desc").limit(q.limit).execute();
}

/**
 * When each claim was first paid: the earliest payment date (835 BPR16) of a remittance
 * that paid it something (CLP04 > 0), leaving out remits a later reversal took back (and
 * the reversals themselves, whose payment is negative). Claims never paid are absent.
 */
export async function firstPaymentDates(
  db: Kysely<Database>,
  practiceIds: readonly string[],
  claimIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (practiceIds.length === 0 || claimIds.length === 0) return out;
  for (let i = 0; i < claimIds.length; i += 1000) {
    const rows = await db
      .selectFrom("remit_claims as rc")
      .innerJoin("remittances as r", "r.id", "rc.remittance_id")
      .select(["rc.claim_id", "r.payment_date"])
      .where("rc.practice_id", "in", [...practiceIds])
      .where("rc.claim_id", "in", claimIds.slice(i, i + 1000))
      .where("rc.reversed", "=", false)
      .where("rc.paid_cents", ">", 0)
      .where("r.payment_date", "is not", null)
      .execute();
    for (const row of rows) {
      if (!row.claim_id || !row.payment_date) continue;
      const earlier = out.get(row.claim_id);
      if (earlier === undefined || row.payment_date < earlier) out.set(row.claim_id, row.payment_date);
    }
  }
  return out;
}
