import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";
import { tempHome } from "./cli-harness.js";

/**
 * Issue 8 §3, closed pipes: `cleanclaim data status --format text | head -1` ended in an
 * unhandled EPIPE with a stack trace. These run the real command in a child process
 * (from source, through tsx) behind a real shell pipe whose reader exits at once.
 */

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const cli = `node --import tsx ${JSON.stringify(path.join(repoRoot, "src/cli/bin.ts"))}`;

/** Runs `script` in bash with pipefail, so the status is the CLI's, not the reader's. */
function shell(script: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync("bash", ["-c", `set -o pipefail; ${script}`], {
    cwd: repoRoot,
    env: { ...process.env, CLEANCLAIM_HOME: home, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("closed pipes end the run quietly", () => {
  it("data status | head -1: the first line, no stack trace, exit 0", () => {
    const run = shell(`${cli} data status --format text | head -1`);
    expect(run.stdout).toMatch(/^cleanclaim reference data/);
    expect(run.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("stdout closed before the first write (| true): nothing on stderr, exit 0", () => {
    const run = shell(`${cli} data status --format json | true`);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("a batch whose report is larger than the pipe's buffer, into a reader that stops: no stack trace", () => {
    // 100 copies of the seed visit print far more than a pipe holds (64 KiB on Linux), so
    // the write runs into the closed pipe for certain.
    const seed = JSON.parse(
      fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
    );
    const batch = path.join(home, "batch.json");
    fs.writeFileSync(
      batch,
      JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ ...seed, id: `V-${i}` }))),
    );
    const run = shell(`${cli} check ${JSON.stringify(batch)} --format text --as-of 2026-04-01 | head -c 1`);
    expect(run.stdout).toBe("V");
    expect(run.stderr).toBe("");
    expect([0, 1]).toContain(run.status);
  });

  it("stderr closed: an unusable-input message into a closed pipe still exits 2, not a crash", () => {
    // stdout to /dev/null, stderr into the pipe whose reader has gone.
    const run = shell(`${cli} check no/such/visit.json 2>&1 >/dev/null | true`);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(2);
  });
});
