import { type Kysely, sql } from "kysely";

/**
 * Acknowledgments (issue 12, service wiring): one row per posted 999, 277CA or 277 file,
 * unique by the SHA-256 of its normalized text per practice (a file posts once), tied to the
 * submission a 999 acknowledges. The file is sealed like an 835 (a 999 may copy a member id
 * in IK4-04, a 277CA names the patients). Rejection worklist items link back to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table acknowledgments (
      id uuid primary key,
      practice_id uuid not null references practices(id),
      kind text not null check (kind in ('999', '277CA', '277')),
      content_hash text not null,
      submission_id uuid references submissions(id),
      summary jsonb not null,
      content_enc text not null,
      key_version integer not null,
      created_by text,
      created_at timestamptz not null default now(),
      unique (practice_id, content_hash)
    )`.execute(db);
  await sql`create index acknowledgments_submission on acknowledgments(practice_id, submission_id)`.execute(
    db,
  );
  await sql`alter table worklist_items add column acknowledgment_id uuid references acknowledgments(id)`.execute(
    db,
  );
}
