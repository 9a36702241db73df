import { afterEach, describe, expect, it } from "vitest";
import { chunkVisits, submitBatch } from "../app/batches.js";
import type { AppContext } from "../app/context.js";
import { getJob } from "../app/jobs.js";
import { backends } from "../store/test-support.js";
import { visitBatchHandler } from "./handlers/visit-batch.js";
import { type RunningJobs, startJobs } from "./index.js";
import { batchCounts, type JobsFixture, jobsFixture, syntheticVisits, waitForJob } from "./test-support.js";

describe("chunkVisits", () => {
  it("cuts 250 visits of distinct patients into 100, 100, 50 and keeps every index once", () => {
    const chunks = chunkVisits(syntheticVisits(250));
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(
      chunks
        .flat()
        .map((i) => i.index)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it("keeps one patient's visits in one chunk, in date order", () => {
    const visits = syntheticVisits(6).map((v, i) => ({
      ...v,
      patient: { ...(v.patient as object), id: i % 2 === 0 ? "P-A" : `P-${i}` },
      dateOfService: `2026-03-0${9 - i}`,
    }));
    const chunks = chunkVisits(visits, 4);
    const withA = chunks.filter((c) => c.some((i) => i.index === 0));
    expect(withA).toHaveLength(1);
    const a = withA[0]!.filter((i) => [0, 2, 4].includes(i.index)).map((i) => i.index);
    // Indexes 0, 2, 4 are dated 03-09, 03-07, 03-05: stored earliest first.
    expect(a).toEqual([4, 2, 0]);
  });
});

describe.each(backends)("batch job (%s)", (backend) => {
  let fx: JobsFixture | undefined;
  let jobs: RunningJobs | undefined;
  afterEach(async () => {
    await jobs?.stop();
    await fx?.dispose();
    jobs = undefined;
    fx = undefined;
  });

  /** The in-process runner on PGlite; pg-boss, worked by this process, on PostgreSQL. */
  async function start(ctx: AppContext) {
    jobs = await startJobs(ctx, {
      policy: { retryDelaySeconds: 1, retryLimit: 3 },
      pollingIntervalSeconds: 0.5,
    });
    return jobs;
  }

  it("stores 200 visits exactly once, each with its claim and version, and finishes at done = total", async () => {
    fx = await jobsFixture(backend);
    await start(fx.ctx);
    const biller = fx.scope("biller", fx.practiceId);
    const started = await submitBatch(fx.ctx, biller, fx.practiceId, syntheticVisits(200));
    expect(started).toMatchObject({ total: 200, chunks: 2 });
    const job = await waitForJob(fx.ctx, biller, started.jobId);
    expect(job).toMatchObject({ kind: "visit-batch", status: "done", total: 200, done: 200, error: null });
    expect(job.result).toEqual({ stored: 200, refused: [] });
    expect(await batchCounts(fx.store.db, started.jobId)).toEqual({
      visits: 200,
      indexes: 200,
      claims: 200,
      versions: 200,
      orphans: 0,
    });
    // The chunks' payloads (PHI) are cleared once done; the queue's messages never held them.
    const tasks = await fx.store.db.selectFrom("job_tasks").select(["payload_enc", "done_at"]).execute();
    expect(tasks.every((t) => t.payload_enc === null && t.done_at !== null)).toBe(true);
  });

  it("retries a chunk that failed mid-way (rolled back whole) and one that failed after its commit: no visit twice", async () => {
    fx = await jobsFixture(backend);
    let nowCalls = 0;
    // Fault injection through the context: the 60th clock reading (inside the first chunk,
    // after some visits were written) throws, as a dropped connection would.
    const faulty: AppContext = {
      ...fx.ctx,
      now: () => {
        nowCalls++;
        if (nowCalls === 60) throw new Error("injected failure mid-chunk");
        return new Date();
      },
    };
    let afterCommitFailures = 0;
    jobs = await startJobs(faulty, {
      policy: { retryDelaySeconds: 1, retryLimit: 3 },
      pollingIntervalSeconds: 0.5,
      handlers: [
        {
          ...visitBatchHandler,
          // The second chunk's first attempt commits, then "dies" before the queue hears of it.
          async run(ctx, taskId) {
            await visitBatchHandler.run(ctx, taskId);
            const seq = await ctx.store.db
              .selectFrom("job_tasks")
              .select(["seq", "attempts"])
              .where("id", "=", taskId)
              .executeTakeFirstOrThrow();
            if (seq.seq === 1 && seq.attempts === 1) {
              afterCommitFailures++;
              throw new Error("injected failure after commit");
            }
          },
        },
      ],
    });
    const biller = fx.scope("biller", fx.practiceId);
    const started = await submitBatch(faulty, biller, fx.practiceId, syntheticVisits(150));
    const job = await waitForJob(fx.ctx, biller, started.jobId);
    // The job is done with the second chunk's first commit; its retry (after the delay) must
    // find the chunk done and store nothing: wait for that retry before counting.
    for (let waited = 0; waited < 20_000; waited += 100) {
      const retried = await fx.store.db
        .selectFrom("job_tasks")
        .select("attempts")
        .where("job_id", "=", started.jobId)
        .where("seq", "=", 1)
        .executeTakeFirstOrThrow();
      if (retried.attempts >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await jobs.runner?.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(afterCommitFailures).toBe(1);
    expect(job).toMatchObject({ status: "done", total: 150, done: 150 });
    expect(await batchCounts(fx.store.db, started.jobId)).toEqual({
      visits: 150,
      indexes: 150,
      claims: 150,
      versions: 150,
      orphans: 0,
    });
    const tasks = await fx.store.db
      .selectFrom("job_tasks")
      .select(["seq", "attempts"])
      .where("job_id", "=", started.jobId)
      .orderBy("seq")
      .execute();
    expect(tasks.map((t) => [t.seq, t.attempts])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // One audit record per stored visit: the rolled-back attempt's records went with it.
    const audited = await fx.store.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("entity", "=", "visit")
      .where("action", "=", "create")
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(150);
  });

  it("lists a visit the store refuses by index (no PHI) and stores the rest", async () => {
    fx = await jobsFixture(backend);
    await start(fx.ctx);
    const biller = fx.scope("biller", fx.practiceId);
    const visits = syntheticVisits(5);
    visits[3]!.dateOfService = "03/02/2026";
    (visits[1]!.patient as Record<string, unknown>).birthDate = "04/09/1956";
    const started = await submitBatch(fx.ctx, biller, fx.practiceId, visits);
    const job = await waitForJob(fx.ctx, biller, started.jobId);
    expect(job.status).toBe("done");
    expect(job.result).toEqual({
      stored: 3,
      refused: [
        {
          index: 1,
          visitId: visits[1]!.id,
          code: "invalid-input",
          path: "$[1].patient.birthDate",
          // a patient field's message names the field, never its value
          message:
            "this patient or subscriber field is not valid (the value is not repeated here: it is patient data); correct it in the visit",
        },
        {
          index: 3,
          visitId: visits[3]!.id,
          code: "invalid-input",
          path: "$[3].dateOfService",
          message: 'expected a date as YYYY-MM-DD, got "03/02/2026" (text)',
        },
      ],
    });
    expect(JSON.stringify(job.result)).not.toContain("Synthetic3");
    expect(JSON.stringify(job.result)).not.toContain("1956");
  });

  it("refuses up front what it can: duplicate ids, stored ids, non-objects; tenancy 404 and role 403", async () => {
    fx = await jobsFixture(backend);
    await start(fx.ctx);
    const biller = fx.scope("biller", fx.practiceId);
    const visits = syntheticVisits(3);
    await expect(submitBatch(fx.ctx, biller, fx.practiceId, [...visits, visits[1]])).rejects.toMatchObject({
      code: "invalid-input",
      issues: [{ path: "$[3].id" }],
    });
    await expect(submitBatch(fx.ctx, biller, fx.practiceId, [visits[0], 7])).rejects.toMatchObject({
      issues: [{ path: "$[1]" }],
    });
    await expect(submitBatch(fx.ctx, biller, fx.practiceId, [])).rejects.toMatchObject({
      code: "invalid-input",
    });
    const first = await submitBatch(fx.ctx, biller, fx.practiceId, visits);
    await waitForJob(fx.ctx, biller, first.jobId);
    await expect(submitBatch(fx.ctx, biller, fx.practiceId, syntheticVisits(2))).rejects.toMatchObject({
      code: "conflict",
      issues: [{ path: "$[0].id" }, { path: "$[1].id" }],
    });
    // Another organization's practice: not found, even for an organization-wide biller.
    await expect(submitBatch(fx.ctx, fx.scope("biller"), fx.other.practiceId, visits)).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(
      submitBatch(fx.ctx, fx.scope("viewer", fx.practiceId), fx.practiceId, syntheticVisits(1, "V")),
    ).rejects.toMatchObject({ code: "forbidden" });
    // The job: readable by a viewer of the practice, not found for anyone else.
    expect((await getJob(fx.ctx, fx.scope("viewer", fx.practiceId), first.jobId)).status).toBe("done");
    await expect(
      getJob(fx.ctx, fx.scope("admin", null, fx.other.organizationId), first.jobId),
    ).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(getJob(fx.ctx, fx.scope("biller", fx.other.practiceId), first.jobId)).rejects.toMatchObject({
      code: "not-found",
    });
  });

  it("runs on start the tasks a stopped process left (the in-process runner's restart)", async () => {
    fx = await jobsFixture(backend);
    // A process that takes the batch but runs nothing, then stops.
    jobs = await startJobs(fx.ctx, { handlers: [], workShared: false });
    const biller = fx.scope("biller", fx.practiceId);
    const started =
      backend === "pglite"
        ? await submitBatch(fx.ctx, biller, fx.practiceId, syntheticVisits(120))
        : undefined;
    if (!started) return; // on PostgreSQL the tasks wait in pg-boss; the worker test covers them
    await jobs.stop();
    expect((await getJob(fx.ctx, biller, started.jobId)).status).toBe("queued");
    jobs = await startJobs(fx.ctx);
    const job = await waitForJob(fx.ctx, biller, started.jobId);
    expect(job).toMatchObject({ status: "done", done: 120 });
    expect((await batchCounts(fx.store.db, started.jobId)).visits).toBe(120);
  });
});
