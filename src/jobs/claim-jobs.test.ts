import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startRemitPosting, startSubmission } from "../app/claim-jobs.js";
import type { AppContext } from "../app/context.js";
import { backends } from "../store/test-support.js";
import { sharedDataDir } from "../test-support/reference.js";
import { remitPostingHandler } from "./handlers/claim-jobs.js";
import { type RunningJobs, startJobs } from "./index.js";
import { type JobsFixture, jobsFixture, waitForJob } from "./test-support.js";

const sample835 = path.join(sharedDataDir, "x12-samples/835/edi835parser_emedny_sample.txt");

describe.each(backends)("835 posting and 837 build jobs (%s)", (backend) => {
  let fx: JobsFixture | undefined;
  let jobs: RunningJobs | undefined;
  afterEach(async () => {
    await jobs?.stop();
    await fx?.dispose();
    jobs = undefined;
    fx = undefined;
  });

  const remittances = async (ctx: AppContext) =>
    Number(
      (
        await ctx.store.db
          .selectFrom("remittances")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("posts an 835 once though its first run dies after the commit, and a second job of the same file posts nothing", async () => {
    fx = await jobsFixture(backend);
    let failures = 0;
    jobs = await startJobs(fx.ctx, {
      policy: { retryDelaySeconds: 0.5 },
      pollingIntervalSeconds: 0.5,
      handlers: [
        {
          ...remitPostingHandler,
          async run(ctx, taskId) {
            await remitPostingHandler.run(ctx, taskId);
            if (failures++ === 0) throw new Error("injected failure after commit");
          },
        },
      ],
    });
    const biller = fx.scope("biller", fx.practiceId);
    const text = fs.readFileSync(sample835, "utf8");
    const first = await waitForJob(
      fx.ctx,
      biller,
      await startRemitPosting(fx.ctx, biller, fx.practiceId, text),
    );
    expect(first).toMatchObject({ kind: "remit-posting", status: "done", total: 1, done: 1 });
    expect((first.result as { posted: boolean; unmatched: unknown[] }).posted).toBe(true);
    const second = await waitForJob(
      fx.ctx,
      biller,
      await startRemitPosting(fx.ctx, biller, fx.practiceId, text),
    );
    expect((second.result as { posted: boolean }).posted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the first job's retry has run
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(await remittances(fx.ctx)).toBe(1);
  });

  it("fails an 837 job of claims the practice does not have, without retrying (404), and writes no submission", async () => {
    fx = await jobsFixture(backend);
    jobs = await startJobs(fx.ctx, { policy: { retryDelaySeconds: 0.5 }, pollingIntervalSeconds: 0.5 });
    const biller = fx.scope("biller", fx.practiceId);
    const jobId = await startSubmission(fx.ctx, biller, fx.practiceId, [
      "00000000-0000-4000-8000-00000000abcd",
    ]);
    const job = await waitForJob(fx.ctx, biller, jobId);
    expect(job).toMatchObject({ kind: "submission", status: "failed", error: { code: "not-found" } });
    const submissions = await fx.store.db.selectFrom("submissions").selectAll().execute();
    expect(submissions).toEqual([]);
    await expect(
      startSubmission(fx.ctx, fx.scope("viewer", fx.practiceId), fx.practiceId, ["x"]),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      startRemitPosting(fx.ctx, fx.scope("biller"), fx.other.practiceId, "ISA*"),
    ).rejects.toMatchObject({
      code: "not-found",
    });
  });
});
