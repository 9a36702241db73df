import { type Kysely, sql } from "kysely";

/**
 * Records (issue 9): what the visits, claims and history queries need beyond 001.
 * - visits.subscriber_enc: a visit's subscriber (the insured, when not the patient) is PHI
 *   too (name, birth date, address), so it is sealed like the patient's fields;
 * - the authorization count (visits with one authorization number), the claims list's
 *   keyset order (date of service, id) and a claim's findings by claim.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    "alter table visits add column subscriber_enc text",
    "alter table visits add column key_version integer",
    "create index visits_authorization on visits(practice_id, patient_id, authorization_number)",
    "create index claims_keyset on claims(practice_id, date_of_service desc, id desc)",
    "create index claim_findings_claim on claim_findings(claim_id)",
    "create index claim_versions_claim on claim_versions(claim_id, version)",
  ])
    await sql.raw(statement).execute(db);
}
