import { Problem } from "../model/problem.js";
import { requirePractice } from "../store/tenancy.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { startJob } from "./jobs.js";
import type { Scope } from "./scope.js";

/**
 * 837 builds and 835 postings as jobs (issue 9: "batch checks, imports, 837 builds and 835
 * postings run as jobs"): the same use cases as POST /api/v1/submissions and /remits
 * (submitClaims, postRemit), run by a worker in one transaction with their task (see
 * src/jobs/handlers/claim-jobs.ts), so a retried job never builds a second 837 (a second
 * ISA13) or posts twice.
 */
export const SUBMISSION_QUEUE = "claims-submission";
export const REMIT_POSTING_QUEUE = "remit-posting";

export interface SubmissionPayload {
  practiceId: string;
  claimIds: string[];
}

export interface RemitPostingPayload {
  practiceId: string;
  /** The 835 text: it names patients, so it is sealed with the task's payload. */
  text: string;
}

async function practiceOfOrganization(ctx: AppContext, scope: Scope, practiceId: string): Promise<void> {
  // 404 for another tenant's practice and for a malformed id (which the uuid column would refuse with a 500)
  await requirePractice(ctx.store.db, scope, "work", practiceId);
}

/** Starts building one 837 of a practice's ready claims (biller). The claims are checked when the job runs. */
export const startSubmission = audited(
  {
    action: "create",
    entity: "job",
    describe: ([practiceId, claimIds], jobId) => ({
      entityId: jobId ?? null,
      practiceId,
      detail: { kind: "submission", claims: claimIds.length },
    }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string, claimIds: readonly string[]): Promise<string> => {
    await practiceOfOrganization(ctx, scope, practiceId);
    if (claimIds.length === 0 || claimIds.some((id) => typeof id !== "string")) {
      throw new Problem([
        { code: "invalid-input", message: "expected at least one claim id", path: "$.claimIds" },
      ]);
    }
    const payload: SubmissionPayload = { practiceId, claimIds: [...claimIds] };
    return startJob(ctx, scope, {
      kind: "submission",
      practiceId,
      total: 1,
      input: { claims: claimIds.length },
      tasks: [{ queue: SUBMISSION_QUEUE, units: 1, payload }],
    });
  },
);

/** Starts posting an 835 to a practice's claims (biller). Posting the same file twice posts once. */
export const startRemitPosting = audited(
  {
    action: "create",
    entity: "job",
    describe: ([practiceId, text], jobId) => ({
      entityId: jobId ?? null,
      practiceId,
      detail: { kind: "remit-posting", bytes: text.length },
    }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string, text: string): Promise<string> => {
    await practiceOfOrganization(ctx, scope, practiceId);
    if (text.trim() === "") {
      throw new Problem([{ code: "invalid-input", message: "expected the 835 text", path: "body" }]);
    }
    const payload: RemitPostingPayload = { practiceId, text };
    return startJob(ctx, scope, {
      kind: "remit-posting",
      practiceId,
      total: 1,
      input: { bytes: text.length },
      tasks: [{ queue: REMIT_POSTING_QUEUE, units: 1, payload }],
    });
  },
);
