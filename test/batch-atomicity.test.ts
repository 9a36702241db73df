import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chunkVisits } from "../src/app/batches.js";
import { batchCounts, syntheticVisits, TEST_KEY } from "../src/jobs/test-support.js";
import { openStore, type Store } from "../src/store/db.js";
import { backends, freshStore, type TestStore } from "../src/store/test-support.js";
import { repoRoot } from "../src/test-support/reference.js";

/**
 * Issue 9, atomic work: a process storing a large batch is SIGKILLed mid-way; after
 * reopening, every chunk is either fully stored or absent (no visit without its claim and
 * version), the job's progress counts exactly the stored chunks, and running again
 * completes the batch exactly once. On PGlite with a data directory and on PostgreSQL.
 */
const SIZE = 600;

function runChild(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/batch-child.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...env, CLEANCLAIM_KEY: TEST_KEY, BATCH_SIZE: String(SIZE) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let err = "";
  child.stdout?.on("data", (d: Buffer) => lines.push(...d.toString().split("\n").filter(Boolean)));
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      if (code !== 0 && code !== null) process.stderr.write(err);
      resolve(code);
    }),
  );
  return { child, lines, exited };
}

const chunksCommitted = (lines: string[]) => lines.filter((l) => l === "chunk").length;

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(backends)("a batch killed mid-way (%s)", (backend) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-atomic-"));
  let pg: TestStore | undefined;
  afterAll(async () => {
    await pg?.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function reopen(): Promise<Store> {
    return backend === "pglite"
      ? openStore({ dataDir: path.join(home, "db") })
      : openStore({ url: pg!.url! });
  }

  it("leaves whole chunks or none, and a second run completes it exactly once", {
    timeout: 300_000,
  }, async () => {
    let env: NodeJS.ProcessEnv = { CLEANCLAIM_HOME: home, DATABASE_URL: "" };
    if (backend === "postgres") {
      pg = await freshStore("postgres");
      env = { CLEANCLAIM_HOME: home, DATABASE_URL: pg.url! };
    }
    const first = runChild(env);
    // Two chunks committed, the third under way: kill.
    await until(
      "two chunks",
      () => chunksCommitted(first.lines) >= 2 || first.child.exitCode !== null,
      240_000,
    );
    first.child.kill("SIGKILL");
    await first.exited;
    expect(first.lines).not.toContain("done");

    const store = await reopen();
    const job = await store.db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    const tasks = await store.db.selectFrom("job_tasks").selectAll().orderBy("seq").execute();
    // The chunks as submitBatch cut them (deterministic: the same visits, the same rule).
    const chunks = chunkVisits(syntheticVisits(SIZE));
    expect(tasks.map((t) => t.units)).toEqual(chunks.map((c) => c.length));
    let storedChunks = 0;
    for (const [seq, chunk] of chunks.entries()) {
      const row = await store.db
        .selectFrom("visits")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("batch_id", "=", job.id)
        .where(
          "batch_index",
          "in",
          chunk.map((i) => i.index),
        )
        .executeTakeFirstOrThrow();
      const n = Number(row.n);
      const done = tasks[seq]!.done_at !== null;
      // Whole or absent, and whole exactly when the chunk is marked done.
      expect([seq, n]).toEqual([seq, done ? chunk.length : 0]);
      if (done) storedChunks += chunk.length;
    }
    expect(storedChunks).toBeGreaterThanOrEqual(200);
    expect(storedChunks).toBeLessThan(SIZE);
    expect(job.done).toBe(storedChunks);
    const midway = await batchCounts(store.db, job.id);
    expect(midway).toEqual({
      visits: storedChunks,
      indexes: storedChunks,
      claims: storedChunks,
      versions: storedChunks,
      orphans: 0,
    });
    // No patient, claim event or audit record outside the stored chunks either.
    const patients = await store.db
      .selectFrom("patients")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(patients.n)).toBe(storedChunks);
    const audits = await store.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("entity", "=", "visit")
      .executeTakeFirstOrThrow();
    expect(Number(audits.n)).toBe(storedChunks);
    await store.close();

    const second = runChild(env);
    expect(await second.exited).toBe(0);
    expect(second.lines.at(-1)).toBe("done");
    const after = await reopen();
    expect(await batchCounts(after.db, job.id)).toEqual({
      visits: SIZE,
      indexes: SIZE,
      claims: SIZE,
      versions: SIZE,
      orphans: 0,
    });
    const finished = await after.db.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    expect([finished.status, finished.done, finished.total]).toEqual(["done", SIZE, SIZE]);
    await after.close();
  });
});
