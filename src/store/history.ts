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
  const rows = await db
    .selectFrom("claims")
    .innerJoin("claim_versions", (join) =>
      join
        .onRef("claim_versions.claim_id", "=", "claims.id")
        .onRef("claim_versions.version", "=", "claims.current_version"),
    )
    .select([
      "claims.id as claimId",
      "claims.control_number as controlNumber",
      "claims.date_of_service as dateOfService",
      "claims.payer_type as payerType",
      "claim_versions.frequency as frequency",
      "claim_versions.document as document",
      "claim_versions.estimate as estimate",
    ])
    .where("claims.practice_id", "=", practiceId)
    .where("claims.patient_id", "=", patientId)
    .where("claims.date_of_service", ">=", from)
    .where("claims.date_of_service", "<=", through)
    .orderBy("claims.date_of_service")
    .orderBy("claims.id")
    .execute();
  if (rows.length === 0) return [];
  const remits = await db
    .selectFrom("remit_claims")
    .select(["claim_id", "status_code", "reversed", "lines"])
    .where("practice_id", "=", practiceId)
    .where(
      "claim_id",
      "in",
      rows.map((r) => r.claimId),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    remits: remits
      .filter((m) => m.claim_id === r.claimId)
      .map((m) => ({ statusCode: m.status_code, reversed: m.reversed, lines: m.lines })),
  }));
}
