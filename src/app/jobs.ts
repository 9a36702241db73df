import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { isProblem, Problem } from "../model/problem.js";
import type { Database } from "../store/schema.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { mayAct, notFound, requireOrganizationAdmin, type Scope } from "./scope.js";

/**
 * Jobs (issue 9, scale-out): what the user sees of long work (a batch check, a reference
 * import), in the `jobs` table: status, total, done, result, error. The work itself is split
 * into tasks (`job_tasks`, migration 005-jobs) that a queue dispatches (src/jobs/queue.ts):
 * pg-boss on PostgreSQL, the in-process runner on PGlite. The queue only carries task ids.
 *
 * Exactly once: a task is locked and marked done in the transaction that does its work, so
 * a task run twice (a retry after a crash between the commit and the queue's ack) finds
 * itself done and does nothing the second time.
 */
export type JobKind = "visit-batch" | "reference-import" | "submission" | "remit-posting";
export type JobStatus = "queued" | "running" | "done" | "failed";

/** A task as a queue sees it. */
export interface TaskRef {
  id: string;
  jobId: string;
  queue: string;
}

/**
 * The port app/ sends tasks through (src/jobs/queue.ts implements it). `enqueue` runs inside
 * the transaction that writes the tasks, so a durable queue's messages commit with them (or
 * not at all); `committed` runs after that commit, for a runner that holds its queue in memory.
 */
export interface JobDispatcher {
  enqueue(db: Kysely<Database>, tasks: readonly TaskRef[]): Promise<void>;
  committed(tasks: readonly TaskRef[]): void;
}

export interface NewTask {
  queue: string;
  /** The job's units (visits) this task does: jobs.done grows by it when the task is done. */
  units: number;
  /** Sealed at rest (it may hold PHI) and cleared when the task is done. */
  payload: unknown;
}

export interface JobSpec {
  kind: JobKind;
  practiceId: string | null;
  total: number;
  /** A summary of the input for the record: counts and names, never PHI. */
  input: Record<string, unknown>;
  tasks: readonly NewTask[];
}

/** What GET /api/v1/jobs/:id answers. */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  practiceId: string | null;
  total: number;
  done: number;
  result: unknown;
  error: unknown;
  createdAt: string;
  updatedAt: string;
}

const PAYLOAD_FIELD = "job.task.payload";
/** Rows per insert: a chunk's sealed payload is some hundred kilobytes. */
const TASK_INSERT_ROWS = 20;

/**
 * Creates a job and its tasks, and hands the tasks to the queue, in one transaction: a crash
 * leaves either the whole job (which a worker or the runner's restart picks up) or nothing.
 * The caller (a use case) has checked the scope's permission.
 */
export async function startJob(ctx: AppContext, scope: Scope, spec: JobSpec): Promise<string> {
  const dispatcher = ctx.jobs;
  if (!dispatcher) {
    throw new Problem([
      {
        code: "internal",
        message: "this process has no job queue: jobs run in `cleanclaim serve` or with `cleanclaim worker`",
      },
    ]);
  }
  const jobId = randomUUID();
  const refs: TaskRef[] = [];
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("jobs")
      .values({
        id: jobId,
        organization_id: scope.organizationId,
        practice_id: spec.practiceId,
        kind: spec.kind,
        status: "queued",
        total: spec.total,
        done: 0,
        input: JSON.stringify(spec.input),
        scope: JSON.stringify(scope),
        created_by: scope.actor.label,
      })
      .execute();
    const rows = spec.tasks.map((task, seq) => {
      const id = randomUUID();
      refs.push({ id, jobId, queue: task.queue });
      return {
        id,
        job_id: jobId,
        organization_id: scope.organizationId,
        queue: task.queue,
        seq,
        units: task.units,
        payload_enc: ctx.cipher.seal(PAYLOAD_FIELD, JSON.stringify(task.payload)),
        key_version: ctx.cipher.current,
      };
    });
    for (let i = 0; i < rows.length; i += TASK_INSERT_ROWS)
      await trx
        .insertInto("job_tasks")
        .values(rows.slice(i, i + TASK_INSERT_ROWS))
        .execute();
    await dispatcher.enqueue(trx, refs);
  });
  dispatcher.committed(refs);
  return jobId;
}

/**
 * One job, for the scope: another organization's job is not found (404), and so is a job of
 * a practice the scope cannot read; a job of no practice (a reference import) needs an
 * organization admin (403).
 */
export const getJob = audited(
  {
    action: "read",
    entity: "job",
    describe: ([id], job) => ({ entityId: id, practiceId: job?.practiceId ?? null }),
  },
  async (ctx: AppContext, scope: Scope, id: string): Promise<JobView> => {
    if (!isUuid(id)) throw notFound("job", id);
    const row = await ctx.store.db
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", id)
      .where("organization_id", "=", scope.organizationId)
      .executeTakeFirst();
    if (!row) throw notFound("job", id);
    if (row.practice_id !== null) {
      if (!mayAct(scope, "read", row.practice_id)) throw notFound("job", id);
    } else requireOrganizationAdmin(scope);
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      practiceId: row.practice_id,
      total: row.total,
      done: row.done,
      result: row.result ?? null,
      error: row.error ?? null,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  },
);

/** A task, locked for the transaction it was claimed in, with what its handler needs. */
export interface ClaimedTask {
  id: string;
  jobId: string;
  kind: string;
  queue: string;
  seq: number;
  units: number;
  practiceId: string | null;
  /** The submitter's scope: the task acts as they would. */
  scope: Scope;
  payload: unknown;
}

/**
 * Marks the task's job running and counts the attempt (each its own short statement, so the
 * job row is not held locked while a chunk works).
 */
export async function beginTask(ctx: AppContext, taskId: string): Promise<void> {
  const task = await ctx.store.db
    .updateTable("job_tasks")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", taskId)
    .returning("job_id")
    .executeTakeFirst();
  if (!task) return;
  await ctx.store.db
    .updateTable("jobs")
    .set({ status: "running", updated_at: ctx.now() })
    .where("id", "=", task.job_id)
    .where("status", "=", "queued")
    .execute();
}

/**
 * Locks the task in this transaction (FOR UPDATE: a second run of the same task waits for the
 * first to commit). Undefined when there is nothing to do: the task is done already (a retry
 * after its commit), its job failed, or it is gone.
 */
export async function claimTask(
  ctx: AppContext,
  trx: Kysely<Database>,
  taskId: string,
): Promise<ClaimedTask | undefined> {
  const task = await trx
    .selectFrom("job_tasks")
    .selectAll()
    .where("id", "=", taskId)
    .forUpdate()
    .executeTakeFirst();
  if (!task || task.done_at !== null || task.payload_enc === null) return undefined;
  const job = await trx
    .selectFrom("jobs")
    .select(["id", "kind", "status", "practice_id", "scope"])
    .where("id", "=", task.job_id)
    .executeTakeFirst();
  if (!job || job.status === "failed" || job.status === "done" || !job.scope) return undefined;
  return {
    id: task.id,
    jobId: task.job_id,
    kind: job.kind,
    queue: task.queue,
    seq: task.seq,
    units: task.units,
    practiceId: job.practice_id,
    scope: job.scope as Scope,
    payload: JSON.parse(ctx.cipher.open(PAYLOAD_FIELD, task.payload_enc)),
  };
}

/**
 * Marks a claimed task done in its transaction and adds its units to the job's progress. The
 * job row's update locks it, so of tasks finishing together the last one to commit sees every
 * other task done and finishes the job, with the result `finish` computes.
 */
export async function completeTask(
  ctx: AppContext,
  trx: Kysely<Database>,
  task: ClaimedTask,
  finish: (trx: Kysely<Database>) => Promise<unknown>,
  outcome?: unknown,
): Promise<{ jobDone: boolean }> {
  await trx
    .updateTable("job_tasks")
    .set({
      done_at: ctx.now(),
      payload_enc: null,
      last_error: null,
      outcome: outcome === undefined ? null : JSON.stringify(outcome),
    })
    .where("id", "=", task.id)
    .execute();
  await trx
    .updateTable("jobs")
    .set((eb) => ({ done: eb("done", "+", task.units), updated_at: ctx.now() }))
    .where("id", "=", task.jobId)
    .execute();
  const open = await trx
    .selectFrom("job_tasks")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("job_id", "=", task.jobId)
    .where("done_at", "is", null)
    .executeTakeFirstOrThrow();
  if (Number(open.n) > 0) return { jobDone: false };
  const result = await finish(trx);
  await trx
    .updateTable("jobs")
    .set((eb) => ({
      status: "done",
      done: eb.ref("total"),
      result: JSON.stringify(result ?? null),
      updated_at: ctx.now(),
    }))
    .where("id", "=", task.jobId)
    .execute();
  return { jobDone: true };
}

/** Progress within one task (an import's parsing): `done` out of the job's total, never past it, never back. */
export async function setJobProgress(ctx: AppContext, jobId: string, done: number): Promise<void> {
  await ctx.store.db
    .updateTable("jobs")
    .set((eb) => ({
      done: eb.fn("least", [eb.fn("greatest", [eb.ref("done"), eb.val(Math.floor(done))]), eb.ref("total")]),
      updated_at: ctx.now(),
    }))
    .where("id", "=", jobId)
    .where("status", "in", ["queued", "running"])
    .execute();
}

/** The error a job or task records: a problem's code and message; anything else is a defect, named only as such. */
export function jobError(error: unknown): { code: string; message: string } {
  if (isProblem(error)) return { code: error.code, message: error.message };
  return {
    code: "internal",
    message: `a defect in cleanclaim stopped this task: ${(error as Error)?.message ?? String(error)}`,
  };
}

/**
 * Records a task's failed attempt; on the last one (`final`), the job fails with that error.
 * A job that is done stays done.
 */
export async function failTask(
  ctx: AppContext,
  taskId: string,
  error: unknown,
  final: boolean,
): Promise<void> {
  const recorded = jobError(error);
  const task = await ctx.store.db
    .updateTable("job_tasks")
    .set({ last_error: JSON.stringify(recorded) })
    .where("id", "=", taskId)
    .where("done_at", "is", null)
    .returning(["job_id", "seq"])
    .executeTakeFirst();
  if (!task || !final) return;
  await ctx.store.db
    .updateTable("jobs")
    .set({ status: "failed", error: JSON.stringify({ ...recorded, task: task.seq }), updated_at: ctx.now() })
    .where("id", "=", task.job_id)
    .where("status", "in", ["queued", "running"])
    .execute();
}

/** Tasks not yet done of jobs still under way, oldest first: what a restarted runner queues again. */
export async function openTasks(ctx: AppContext, queues: readonly string[]): Promise<TaskRef[]> {
  if (queues.length === 0) return [];
  const rows = await ctx.store.db
    .selectFrom("job_tasks")
    .innerJoin("jobs", "jobs.id", "job_tasks.job_id")
    .select(["job_tasks.id", "job_tasks.job_id", "job_tasks.queue"])
    .where("job_tasks.done_at", "is", null)
    .where("job_tasks.queue", "in", queues)
    .where("jobs.status", "in", ["queued", "running"])
    .orderBy("job_tasks.created_at")
    .orderBy("job_tasks.seq")
    .execute();
  return rows.map((r) => ({ id: r.id, jobId: r.job_id, queue: r.queue }));
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/**
 * A context whose store is this transaction, for use cases that open their own transaction
 * (`ctx.store.db.transaction().execute(fn)`): inside it, they join this one (Kysely does not
 * nest transactions). A batch chunk stores all its visits, their audit records and its
 * progress in one transaction this way: all of it commits, or none.
 */
export function joinedContext(ctx: AppContext, trx: Kysely<Database>): AppContext {
  const joined: Kysely<Database> = new Proxy(trx, {
    get(target, property) {
      if (property === "transaction")
        return () => ({ execute: <T>(fn: (db: Kysely<Database>) => Promise<T>) => fn(joined) });
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...ctx, store: { ...ctx.store, db: joined } };
}
