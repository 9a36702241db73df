import { type Kysely, sql } from "kysely";

/**
 * Sign-in attempts (issue 9, "failed logins are rate-limited"). Several server processes
 * share one database, so the counts live in a table, not in a process's memory. The rows
 * are not the audit log (which keeps every sign-in for good): they are pruned after a day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_attempts (
      id bigserial primary key,
      at timestamptz not null,
      -- lowercased, as typed: staff addresses, never PHI
      email text not null,
      ip text,
      outcome text not null check (outcome in ('ok', 'failed', 'limited'))
    )`.execute(db);
  await sql`create index login_attempts_email on login_attempts(email, at)`.execute(db);
  await sql`create index login_attempts_ip on login_attempts(ip, at)`.execute(db);
  await sql`create index login_attempts_at on login_attempts(at)`.execute(db);
}
