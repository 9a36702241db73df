import { type Kysely, sql } from "kysely";

/**
 * Interchange control numbers per practice (issue 9, submissions): ISA13 (and GS06, the
 * same number) is allocated from this counter inside the submission's transaction. The
 * upsert takes the practice's row lock, so two submissions at once get different numbers,
 * and a rolled-back submission gives its number back (the unique index on
 * submissions(practice_id, isa13) is the backstop: a number is never used twice).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table control_numbers (
      practice_id uuid primary key references practices(id),
      last_isa13 bigint not null check (last_isa13 between 0 and 999999999),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // The worklist's filters: by claim, by assignee, by kind.
  await sql`create index worklist_claim on worklist_items(practice_id, claim_id)`.execute(db);
  await sql`create index worklist_kind on worklist_items(practice_id, kind, status)`.execute(db);
  await sql`create index remit_claims_remittance on remit_claims(remittance_id)`.execute(db);
  await sql`create index submission_claims_claim on submission_claims(practice_id, claim_id)`.execute(db);
}
