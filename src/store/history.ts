import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/**
 * What a patient's stored claims say about the year so far (issue 9, "history feeds the
 * rules"): each claim's current version (document and estimate) and the remittance claims
 * posted to it. The arithmetic is app/therapy-spending.ts; this module only reads.
 */

export interface HistoryClaim {
  claimId: string;
  controlNumber: string;
  dateOfService: string;
  payerType: string;
  frequency: "1" | "7" | "8";
  document: Record<string, unknown>;
  estimate: Record<string, unknown> | null;
  remits: Array<{ statusCode: string; reversed: boolean; lines: unknown[] }>;
}

/** The patient's claims with a date of service in [from, through], with their current versions and remits. */
export async function patientClaimsBetween(
  db: Kysely<Database>,
  practiceId: string,
  patientId: string,
  from: string,
  through: string,
): Promise<HistoryClaim[]> {
  return claimsBetween(db, [practiceId], from, through, { patientId });
}

/** A claim of the practices' history, with whose it is. */
export interface PracticeHistoryClaim extends HistoryClaim {
  practiceId: string;
  patientId: string;
}

/**
 * The practices' claims with a date of service in [from, through] (optionally of one payer
 * type), with their current versions and remits: every patient's history at once, for the
 * therapy spending list.
 */
export async function claimsBetween(
  db: Kysely<Database>,
  practiceIds: readonly string[],
  from: string,
  through: string,
  filter: { patientId?: string; payerType?: string } = {},
): Promise<PracticeHistoryClaim[]> {
  if (practiceIds.length === 0) return [];
  let query = db
    .selectFrom("claims")
    .innerJoin("claim_versions", (join) =>
      join
        .onRef("claim_versions.claim_id", "=", "claims.id")
        .onRef("claim_versions.version", "=", "claims.current_version"),
    )
    .select([
      "claims.id as claimId",
      "claims.practice_id as practiceId",
      "claims.patient_id as patientId",
      "claims.control_number as controlNumber",
      "claims.date_of_service as dateOfService",
      "claims.payer_type as payerType",
      "claim_versions.frequency as frequency",
      "claim_versions.document as document",
      "claim_versions.estimate as estimate",
    ])
    .where("claims.practice_id", "in", [...practiceIds])
    .where("claims.date_of_service", ">=", from)
    .where("claims.date_of_service", "<=", through);
  if (filter.patientId) query = query.where("claims.patient_id", "=", filter.patientId);
  if (filter.payerType) query = query.where("claims.payer_type", "=", filter.payerType);
  const rows = await query.orderBy("claims.date_of_service").orderBy("claims.id").execute();
  if (rows.length === 0) return [];
  const remitsOf = new Map<string, HistoryClaim["remits"]>();
  for (let i = 0; i < rows.length; i += 1000) {
    const remits = await db
      .selectFrom("remit_claims")
      .select(["claim_id", "status_code", "reversed", "lines"])
      .where("practice_id", "in", [...practiceIds])
      .where(
        "claim_id",
        "in",
        rows.slice(i, i + 1000).map((r) => r.claimId),
      )
      .execute();
    for (const m of remits) {
      if (!m.claim_id) continue;
      const list = remitsOf.get(m.claim_id) ?? [];
      list.push({ statusCode: m.status_code, reversed: m.reversed, lines: m.lines });
      remitsOf.set(m.claim_id, list);
    }
  }
  return rows.map((r) => ({ ...r, remits: remitsOf.get(r.claimId) ?? [] }));
}

/** A stored claim to the same payer, as the state visit limits count it. */
export interface PayerHistoryClaim {
  claimId: string;
  frequency: "1" | "7" | "8";
  document: Record<string, unknown>;
}

/**
 * The patient's stored claims to this payer (payer id) dated before `before`, each at its
 * current version: what the service counts a state schedule's visits per injury from
 * (app/visits-before.ts). Oldest first.
 */
export async function payerClaimsBefore(
  db: Kysely<Database>,
  practiceId: string,
  patientId: string,
  payerId: string,
  before: string,
): Promise<PayerHistoryClaim[]> {
  return db
    .selectFrom("claims")
    .innerJoin("claim_versions", (join) =>
      join
        .onRef("claim_versions.claim_id", "=", "claims.id")
        .onRef("claim_versions.version", "=", "claims.current_version"),
    )
    .select([
      "claims.id as claimId",
      "claim_versions.frequency as frequency",
      "claim_versions.document as document",
    ])
    .where("claims.practice_id", "=", practiceId)
    .where("claims.patient_id", "=", patientId)
    .where("claims.payer_id", "=", payerId)
    .where("claims.date_of_service", "<", before)
    .orderBy("claims.date_of_service")
    .orderBy("claims.id")
    .execute() as Promise<PayerHistoryClaim[]>;
}
