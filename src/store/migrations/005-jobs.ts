import { type Kysely, sql } from "kysely";

/**
 * Jobs' durable work (issue 9, scale-out): each job is split into tasks (a batch's chunk of
 * visits, one import). A task row is written in the same transaction as its job and its
 * queue message, so nothing is lost between them; it is marked done in the same transaction
 * as the work it did, so a retried task (a worker killed after its commit, before the queue
 * heard of it) finds itself done and changes nothing.
 *
 * The payload (a chunk's visits) holds PHI: it is sealed like every other PHI column, and
 * cleared once the task is done. Queue messages (pg-boss) carry only the task id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table jobs add column scope jsonb`.execute(db);
  await sql`
    create table job_tasks (
      id uuid primary key,
      job_id uuid not null references jobs(id),
      organization_id uuid not null references organizations(id),
      queue text not null,
      seq integer not null,
      -- the job's units (visits) this task accounts for: jobs.done grows by it once
      units integer not null,
      payload_enc text,
      key_version integer,
      attempts integer not null default 0,
      last_error jsonb,
      -- what the task left for the job's result (a batch chunk: the items refused, by index)
      outcome jsonb,
      done_at timestamptz,
      created_at timestamptz not null default now(),
      unique (job_id, seq)
    )`.execute(db);
  await sql`create index job_tasks_open on job_tasks(queue, created_at) where done_at is null`.execute(db);
}
