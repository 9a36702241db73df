/**
 * A process that stores a batch and is SIGKILLed by test/batch-atomicity.test.ts. On its
 * first run it creates the organization, the practice and the batch; on a later run it only
 * starts the jobs (the runner re-queues what the killed run left; pg-boss redelivers). It
 * prints `chunk` after each chunk it committed (on PGlite a poll of the job would wait behind
 * the runner's transactions), and `done` when the job is finished.
 * Env: DATABASE_URL or CLEANCLAIM_HOME (PGlite under it), CLEANCLAIM_KEY, BATCH_SIZE.
 */

import { submitBatch } from "../../src/app/batches.js";
import { openApp } from "../../src/app/open.js";
import type { Scope } from "../../src/app/scope.js";
import { baysideSettings } from "../../src/app/test-support.js";
import { startJobs, taskHandlers } from "../../src/jobs/index.js";
import { syntheticVisits } from "../../src/jobs/test-support.js";

const ORG = "00000000-0000-4000-8000-000000000001";
const PRACTICE = "00000000-0000-4000-8000-000000000002";
const size = Number(process.env.BATCH_SIZE ?? 600);

const app = await openApp();
const db = app.ctx.store.db;
const scope: Scope = {
  organizationId: ORG,
  actor: { userId: null, tokenId: null, label: "batch-child", ip: null },
  grants: [{ role: "biller", practiceId: PRACTICE }],
};
const handlers = taskHandlers().map((h) => ({
  ...h,
  run: async (ctx: typeof app.ctx, taskId: string) => {
    await h.run(ctx, taskId);
    process.stdout.write("chunk\n");
  },
}));
const jobs = await startJobs(app.ctx, {
  handlers,
  policy: { expireInSeconds: 5, retryDelaySeconds: 1 },
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
});
let job = await db.selectFrom("jobs").select(["id", "status", "done"]).executeTakeFirst();
if (!job) {
  await db.insertInto("organizations").values({ id: ORG, name: "Crash Billing" }).execute();
  await db
    .insertInto("practices")
    .values({
      id: PRACTICE,
      organization_id: ORG,
      name: "Crash PT",
      settings: JSON.stringify(baysideSettings()),
    })
    .execute();
  const started = await submitBatch(app.ctx, scope, PRACTICE, syntheticVisits(size));
  process.stdout.write(`job ${started.jobId}\n`);
}
for (;;) {
  job = await db.selectFrom("jobs").select(["id", "status", "done"]).executeTakeFirstOrThrow();
  if (job.status === "done" || job.status === "failed") break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
process.stdout.write(`${job.status}\n`);
await jobs.stop();
await app.close();
