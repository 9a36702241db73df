import {
  REMIT_POSTING_QUEUE,
  type RemitPostingPayload,
  SUBMISSION_QUEUE,
  type SubmissionPayload,
} from "../../app/claim-jobs.js";
import type { AppContext } from "../../app/context.js";
import { beginTask, type ClaimedTask, claimTask, completeTask, joinedContext } from "../../app/jobs.js";
import { postRemit } from "../../app/remits.js";
import { notFound } from "../../app/scope.js";
import { submitClaims } from "../../app/submissions.js";
import type { TaskHandler } from "../queue.js";

/**
 * Thin handlers over submitClaims and postRemit: each runs the use case joined to the
 * transaction that marks its task done, so the 837 (with its ISA13) or the posting commits
 * with the task, or neither does; a task run again after its commit does nothing.
 */
function oneTransaction(
  queue: string,
  work: (ctx: AppContext, task: ClaimedTask) => Promise<unknown>,
): TaskHandler {
  return {
    queue,
    placement: "shared",
    async run(ctx, taskId) {
      await beginTask(ctx, taskId);
      await ctx.store.db.transaction().execute(async (trx) => {
        const task = await claimTask(ctx, trx, taskId);
        if (!task) return;
        const result = await work(joinedContext(ctx, trx), task);
        await completeTask(ctx, trx, task, async () => result);
      });
    },
  };
}

export const submissionHandler = oneTransaction(SUBMISSION_QUEUE, async (ctx, task) => {
  const { practiceId, claimIds } = task.payload as SubmissionPayload;
  const result = await submitClaims(ctx, task.scope, { claimIds });
  // The job was started for one practice: claims of another are not found from it (rolled back).
  if (result.practiceId !== practiceId) throw notFound("claim", claimIds[0] ?? "");
  return result;
});

export const remitPostingHandler = oneTransaction(REMIT_POSTING_QUEUE, async (ctx, task) => {
  const { practiceId, text } = task.payload as RemitPostingPayload;
  return postRemit(ctx, task.scope, practiceId, text);
});
