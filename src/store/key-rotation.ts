import { type Kysely, sql } from "kysely";
import { openPatient, sealPatient } from "./patients.js";
import { PhiCipher } from "./phi-cipher.js";
import type { Database } from "./schema.js";

/**
 * `cleanclaim key rotate` (issue 9: "ciphertexts carry a key version; key rotate re-encrypts
 * under a new key"): every sealed column is opened (with whichever key version sealed it)
 * and sealed again under the keyring's current version, and the patients' blind indexes
 * are computed again (their key derives from the current key), all in one transaction: a
 * failure leaves every value as it was, still openable with the old keys.
 */

/** Sealed columns other than the patients' (those carry blind indexes too). Tables of other areas may be absent. */
export const sealedColumns: ReadonlyArray<{ table: string; column: string; field: string }> = [
  { table: "visits", column: "subscriber_enc", field: "visit.subscriber" },
  { table: "submissions", column: "content_enc", field: "submission.content" },
  { table: "remittances", column: "content_enc", field: "remit.content" },
  { table: "job_tasks", column: "payload_enc", field: "job.task.payload" },
  { table: "acknowledgments", column: "content_enc", field: "acknowledgment.content" },
];

export type RotationCounts = Record<string, number>;

export async function resealAll(db: Kysely<Database>, cipher: PhiCipher): Promise<RotationCounts> {
  return db.transaction().execute(async (tx) => {
    const counts: RotationCounts = { patients: 0 };
    const patients = await tx.selectFrom("patients").selectAll().forUpdate().execute();
    for (const row of patients) {
      const patient = openPatient(cipher, row);
      await tx
        .updateTable("patients")
        .set({ ...sealPatient(cipher, patient), updated_at: new Date() })
        .where("id", "=", row.id)
        .execute();
      counts.patients = (counts.patients ?? 0) + 1;
    }
    for (const { table, column, field } of sealedColumns) {
      const columns = await columnsOf(tx, table);
      if (!columns.has(column)) continue;
      const withVersion = columns.has("key_version");
      const rows = await sql<{ id: string; sealed: string }>`
        select id::text as id, ${sql.ref(column)} as sealed from ${sql.table(table)}
        where ${sql.ref(column)} is not null for update`.execute(tx);
      for (const { id, sealed } of rows.rows) {
        const again = cipher.seal(field, cipher.open(field, sealed));
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${again}${
          withVersion ? sql`, key_version = ${cipher.current}` : sql``
        } where id::text = ${id}`.execute(tx);
      }
      counts[table] = rows.rows.length;
    }
    return counts;
  });
}

async function columnsOf(db: Kysely<Database>, table: string): Promise<Set<string>> {
  const rows = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return new Set(rows.rows.map((r) => r.column_name));
}

/** True when every sealed value of the store is sealed with this key version (for the test and `key status`). */
export async function sealedVersions(db: Kysely<Database>): Promise<Set<number>> {
  const versions = new Set<number>();
  const patients = await db
    .selectFrom("patients")
    .select([
      "first_name_enc",
      "last_name_enc",
      "birth_date_enc",
      "member_id_enc",
      "address_enc",
      "external_id_enc",
    ])
    .execute();
  for (const row of patients)
    for (const value of Object.values(row)) if (value) versions.add(PhiCipher.versionOf(value));
  for (const { table, column } of sealedColumns) {
    if (!(await columnsOf(db, table)).has(column)) continue;
    const rows = await sql<{ sealed: string }>`
      select ${sql.ref(column)} as sealed from ${sql.table(table)} where ${sql.ref(column)} is not null`.execute(
      db,
    );
    for (const { sealed } of rows.rows) versions.add(PhiCipher.versionOf(sealed));
  }
  return versions;
}
