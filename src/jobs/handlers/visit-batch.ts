import { type Kysely, sql } from "kysely";
import { outcomeOf } from "../../app/audited.js";
import type { VisitChunkPayload } from "../../app/batches.js";
import { VISIT_BATCH_QUEUE } from "../../app/batches.js";
import type { AppContext } from "../../app/context.js";
import { beginTask, type ClaimedTask, claimTask, completeTask, joinedContext } from "../../app/jobs.js";
import { storeVisit } from "../../app/visits.js";
import { isProblem } from "../../model/problem.js";
import { appendAudit } from "../../store/audit.js";
import type { Database } from "../../store/schema.js";
import { isRetryable, type TaskHandler } from "../queue.js";

/**
 * A visit of the batch that could not be stored: its index, its id (the claim's control
 * number, when it has one), and the first problem's code, path and message. The result is
 * kept in the jobs table unencrypted, so a message about a patient or subscriber field
 * (which may quote a name, a birth date or a member id) is replaced by one that names the
 * field only.
 */
export interface RefusedItem {
  index: number;
  visitId: string | null;
  code: string;
  path: string | null;
  message: string;
}

/** The problem's message, unless its path is inside the patient or the subscriber (PHI). */
export function phiSafeMessage(path: string | undefined, message: string): string {
  if (path !== undefined && /^\$(\[\d+\])?\.(patient|subscriber)\b/.test(path))
    return "this patient or subscriber field is not valid (the value is not repeated here: it is patient data); correct it in the visit";
  return message;
}

export interface BatchResult {
  stored: number;
  refused: RefusedItem[];
}

/**
 * One chunk of a batch check: every visit stored with storeVisit (patient, visit, claim,
 * version, events, audit) inside one transaction that also marks the chunk done and adds
 * to the job's progress. A crash (SIGKILL) at any point leaves the whole chunk or nothing;
 * a chunk delivered again after its commit finds itself done and stores nothing.
 *
 * A visit the store refuses with a problem of its own (invalid input, a duplicate claim id)
 * is rolled back to its savepoint and listed in the result; the other visits go on. Any
 * other error fails the attempt (the chunk is retried whole).
 */
export const visitBatchHandler: TaskHandler = {
  queue: VISIT_BATCH_QUEUE,
  placement: "shared",
  async run(ctx: AppContext, taskId: string): Promise<void> {
    await beginTask(ctx, taskId);
    await ctx.store.db.transaction().execute(async (trx) => {
      const task = await claimTask(ctx, trx, taskId);
      if (!task) return;
      const refused = await storeChunk(ctx, trx, task);
      await completeTask(
        ctx,
        trx,
        task,
        (db) => batchResult(db, task.jobId),
        refused.length > 0 ? refused : undefined,
      );
    });
  },
};

async function storeChunk(ctx: AppContext, trx: Kysely<Database>, task: ClaimedTask): Promise<RefusedItem[]> {
  const { practiceId, items } = task.payload as VisitChunkPayload;
  const joined = joinedContext(ctx, trx);
  const refused: RefusedItem[] = [];
  for (const item of items) {
    await sql`savepoint batch_item`.execute(trx);
    try {
      await storeVisit(joined, task.scope, practiceId, item.visit, {
        batch: { batchId: task.jobId, index: item.index },
        source: `$[${item.index}]`,
      });
      await sql`release savepoint batch_item`.execute(trx);
    } catch (error) {
      await sql`rollback to savepoint batch_item`.execute(trx);
      if (isRetryable(error) || !isProblem(error)) throw error;
      // The rollback took storeVisit's own audit record of the refusal with it: record it again.
      await appendAudit(trx, task.scope, {
        action: "create",
        entity: "visit",
        practiceId,
        outcome: outcomeOf(error),
        detail: { batchId: task.jobId, batchIndex: item.index, code: error.code },
      });
      // The store names paths inside the visit ($.dateOfService): name them inside the batch.
      const issue = error.issues[0];
      const path = issue?.path;
      const id = (item.visit as { id?: unknown } | null)?.id;
      refused.push({
        index: item.index,
        visitId: typeof id === "string" ? id : null,
        code: error.code,
        path: path === undefined ? null : path.replace(/^\$(?!\[)/, `$[${item.index}]`),
        message: phiSafeMessage(path, issue?.message ?? error.message),
      });
    }
  }
  return refused;
}

/** The job's result, when its last chunk commits: visits stored (counted in the store) and the refused, by index. */
async function batchResult(db: Kysely<Database>, jobId: string): Promise<BatchResult> {
  const stored = await db
    .selectFrom("visits")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("batch_id", "=", jobId)
    .executeTakeFirstOrThrow();
  const outcomes = await db
    .selectFrom("job_tasks")
    .select("outcome")
    .where("job_id", "=", jobId)
    .where("outcome", "is not", null)
    .execute();
  const refused = outcomes
    .flatMap((o) => (o.outcome as RefusedItem[] | null) ?? [])
    .sort((a, b) => a.index - b.index);
  return { stored: Number(stored.n), refused };
}
