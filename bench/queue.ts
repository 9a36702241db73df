import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { submitBatch } from "../src/app/batches.js";
import { getJob } from "../src/app/jobs.js";
import { storeVisit } from "../src/app/visits.js";
import { startJobs } from "../src/jobs/index.js";
import { jobsFixture, syntheticVisits, TEST_KEY, waitForJob } from "../src/jobs/test-support.js";
import { parseVisitInput } from "../src/pipeline/input.js";
import { checkOne } from "../src/pipeline/pipeline.js";
import { type BenchResult, round } from "./result.js";

/**
 * The queue (issue 9, speed): a 10,000-visit batch through pg-boss with 2 `cleanclaim worker`
 * processes on PostgreSQL (a database created and dropped for the run), in visits/s from
 * submit to done, next to two in-process rates measured in the same run on the same
 * database and reference data:
 * - storeVisit, one visit after another in this process: the same work a chunk does (check,
 *   patient match, history, inserts, audit). The queue's cost is judged against this one: the
 *   target is a ratio of at least 0.7 (the queue costs under 30%);
 * - checkOne, the pipeline alone (no storage), as storeVisit calls it, for scale.
 *
 *   npx tsx bench/queue.ts   (or npm run bench -- --only=queue)
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BATCH = Number(process.env.QUEUE_BENCH_VISITS ?? 10_000);

function worker(url: string, home: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "worker"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, CLEANCLAIM_HOME: home, CLEANCLAIM_KEY: TEST_KEY },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ready = new Promise<void>((resolve) => {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("running")) resolve();
    });
  });
  return { child, ready };
}

export async function benchQueue(): Promise<BenchResult[]> {
  const fx = await jobsFixture("postgres");
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-bench-queue-"));
  const children: ChildProcess[] = [];
  try {
    const biller = fx.scope("biller", fx.practiceId);

    // In-process: the pipeline alone.
    const sample = syntheticVisits(500, "C");
    let t = performance.now();
    for (const v of sample)
      checkOne(parseVisitInput(v, "visit").visit, { reference: fx.ctx.reference, asOf: fx.ctx.today() });
    const checkRate = sample.length / ((performance.now() - t) / 1000);

    // In-process: storeVisit, serially, in the same database.
    const stored = syntheticVisits(300, "S");
    t = performance.now();
    for (const v of stored) await storeVisit(fx.ctx, biller, fx.practiceId, v);
    const storeRate = stored.length / ((performance.now() - t) / 1000);

    // The queue: 2 workers, this process only submits.
    const jobs = await startJobs(fx.ctx, { workShared: false });
    const workers = [worker(fx.store.url!, home), worker(fx.store.url!, home)];
    children.push(...workers.map((w) => w.child));
    await Promise.all(workers.map((w) => w.ready));
    const visits = syntheticVisits(BATCH, "Q");
    t = performance.now();
    const batch = await submitBatch(fx.ctx, biller, fx.practiceId, visits);
    const job = await waitForJob(fx.ctx, biller, batch.jobId, 1_800_000);
    const seconds = (performance.now() - t) / 1000;
    if (job.status !== "done" || job.done !== BATCH)
      throw new Error(
        `the bench batch ended ${job.status} at ${(await getJob(fx.ctx, biller, batch.jobId)).done}`,
      );
    const queueRate = BATCH / seconds;
    await jobs.stop();
    return [
      {
        name: `queue: ${BATCH} visits, 2 workers on PostgreSQL (submit to done)`,
        value: round(queueRate, 1),
        unit: "visits/s",
        peer: "in-process storeVisit",
        ratio: round(queueRate / storeRate, 2),
      },
      {
        name: "queue: per worker",
        value: round(queueRate / 2, 1),
        unit: "visits/s",
        peer: "in-process storeVisit",
        ratio: round(queueRate / 2 / storeRate, 2),
      },
      { name: "in-process storeVisit (one process, serial)", value: round(storeRate, 1), unit: "visits/s" },
      {
        name: "in-process checkOne (pipeline only, as storeVisit calls it)",
        value: round(checkRate, 1),
        unit: "visits/s",
        peer: "queue",
        ratio: round(queueRate / checkRate, 2),
      },
    ];
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(
      children.map(
        (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once("exit", resolve))),
      ),
    );
    await fx.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await benchQueue()) process.stdout.write(`${JSON.stringify(r)}\n`);
}
