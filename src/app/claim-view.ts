import type { Kysely } from "kysely";
import type { Claim } from "../model/claim.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import { formatCents } from "../model/money.js";
import {
  attestationsOf,
  currentVersion,
  eventsOf,
  firstPaymentDates,
  remitClaimsOf,
  versionsOf,
} from "../store/claims.js";
import { openPatient } from "../store/patients.js";
import type { Database, Row } from "../store/schema.js";
import { openParties, visitById } from "../store/visits.js";
import type { AppContext } from "./context.js";
import { claimOf } from "./phi-documents.js";
import type { StoredVisit } from "./visits.js";

/**
 * Stored claims as the API shows them: the documents with the patient's PHI put back from
 * the sealed patient row (and the subscriber from the visit), money as decimal strings.
 */

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
  throughDate: string;
  currentVersion: number;
  payerClaimControlNumber: string | null;
  charge: string;
  expected: string | null;
  paid: string;
  /**
   * The first payment's date (835 BPR16 of the first remittance that paid the claim), when
   * the claim was read as a list or in detail; null when nothing has been paid.
   */
  paidDate?: string | null;
  createdAt: string;
  updatedAt: string;
}

export function summaryOf(row: Row<"claims">): ClaimSummary {
  return {
    id: row.id,
    practiceId: row.practice_id,
    patientId: row.patient_id,
    visitId: row.visit_id,
    controlNumber: row.control_number,
    status: row.status,
    payerId: row.payer_id,
    payerType: row.payer_type,
    dateOfService: row.date_of_service,
    throughDate: row.through_date,
    currentVersion: row.current_version,
    payerClaimControlNumber: row.payer_claim_control_number,
    charge: formatCents(row.charge_cents),
    expected: row.expected_cents === null ? null : formatCents(row.expected_cents),
    paid: formatCents(row.paid_cents),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface ClaimVersionView {
  id: string;
  version: number;
  frequency: "1" | "7" | "8";
  claim: Claim;
  findings: Finding[];
  estimate: Estimate | null;
  errorCount: number;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ClaimDetails extends ClaimSummary {
  claim: Claim;
  findings: Finding[];
  estimate: Estimate | null;
  versions: ClaimVersionView[];
  history: Array<{
    from: string | null;
    to: string;
    actor: string;
    at: string;
    reason: string | null;
    override: boolean;
    data: Record<string, unknown> | null;
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

/** The PHI to put back into a claim's documents: the patient row's, and the visit's sealed parties. */
export async function phiOf(ctx: AppContext, db: Kysely<Database>, claim: Row<"claims">) {
  const patientRow = await db
    .selectFrom("patients")
    .selectAll()
    .where("id", "=", claim.patient_id)
    .where("practice_id", "=", claim.practice_id)
    .executeTakeFirstOrThrow();
  const visit = claim.visit_id ? await visitById(db, claim.practice_id, claim.visit_id) : undefined;
  return {
    patient: openPatient(ctx.cipher, patientRow),
    parties: visit ? openParties(ctx.cipher, visit) : {},
  };
}

function versionView(v: Row<"claim_versions">, phi: Awaited<ReturnType<typeof phiOf>>): ClaimVersionView {
  return {
    id: v.id,
    version: v.version,
    frequency: v.frequency,
    claim: claimOf(v.document, phi.patient, phi.parties),
    findings: v.findings as Finding[],
    estimate: (v.estimate as Estimate | null) ?? null,
    errorCount: v.error_count,
    reason: v.reason,
    createdBy: v.created_by,
    createdAt: new Date(v.created_at).toISOString(),
  };
}

export async function claimDetails(
  ctx: AppContext,
  db: Kysely<Database>,
  row: Row<"claims">,
): Promise<ClaimDetails> {
  const phi = await phiOf(ctx, db, row);
  const versions = (await versionsOf(db, row)).map((v) => versionView(v, phi));
  const current = versions.find((v) => v.version === row.current_version) ?? versions[versions.length - 1]!;
  const events = await eventsOf(db, row);
  const remits = await remitClaimsOf(db, row);
  const attestations = await attestationsOf(db, row);
  const paidDate = (await firstPaymentDates(db, [row.practice_id], [row.id])).get(row.id) ?? null;
  return {
    ...summaryOf(row),
    paidDate,
    claim: current.claim,
    findings: current.findings,
    estimate: current.estimate,
    versions,
    history: events.map((e) => ({
      from: e.from_status,
      to: e.to_status,
      actor: e.actor,
      at: new Date(e.at).toISOString(),
      reason: e.reason,
      override: e.override,
      data: e.data,
    })),
    remits: remits.map((r) => ({
      id: r.id,
      remittanceId: r.remittance_id,
      claimVersionId: r.claim_version_id,
      controlNumber: r.control_number,
      statusCode: r.status_code,
      charge: formatCents(r.charge_cents),
      paid: formatCents(r.paid_cents),
      patientResponsibility: formatCents(r.patient_responsibility_cents),
      payerClaimControlNumber: r.payer_claim_control_number,
      reversed: r.reversed,
      reversesId: r.reverses_id,
      adjustments: r.adjustments,
      lines: r.lines,
    })),
    attestations: attestations.map((a) => ({
      id: a.id,
      kind: a.kind,
      line: a.line,
      value: a.value,
      note: a.note,
      actor: a.actor,
      at: new Date(a.at).toISOString(),
    })),
  };
}

/** What storeVisit answered for a visit already stored (a retried batch item). */
export async function storedResult(
  ctx: AppContext,
  db: Kysely<Database>,
  visit: Row<"visits">,
): Promise<StoredVisit> {
  const claim = await db
    .selectFrom("claims")
    .selectAll()
    .where("visit_id", "=", visit.id)
    .where("practice_id", "=", visit.practice_id)
    .orderBy("created_at")
    .executeTakeFirstOrThrow();
  const phi = await phiOf(ctx, db, claim);
  const version = await currentVersion(db, claim);
  return {
    visitId: visit.id,
    claimId: claim.id,
    patientId: claim.patient_id,
    claim: claimOf(version.document, phi.patient, phi.parties),
    findings: version.findings as Finding[],
    estimate: (version.estimate as Estimate | null) ?? null,
  };
}
