import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { today } from "../src/model/dates.js";
import { checkDocument } from "../src/pipeline/input.js";
import type { PipelineOptions } from "../src/pipeline/pipeline.js";
import { openReference } from "../src/reference/open.js";
import { type BenchResult, round } from "./result.js";

/**
 * The service under load (issue 9, speed): POST /api/v1/check with the seed visit (97012,
 * 97110, 97140), autocannon on loopback, 20 connections for 10 s, against a server in its
 * own process (bench/server-child.ts). Targets: at least 1,000 requests/s with p99 under
 * 50 ms on this 2-core machine. Also set against the in-process rate of the same check
 * (checkDocument on the same reference) measured in the same run: what HTTP costs.
 *
 *   npx tsx bench/run.ts --only=server      (BENCH_SERVER_SECONDS changes the 10 s)
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const seedFile = path.resolve(here, "../examples/visits/01-seed-medicare-pt.json");

export const targetRequestsPerSecond = 1_000;
export const targetP99Ms = 50;

/** Checks per second in this process, on the bundled pack (as the server child uses it). */
function inProcessRate(home: string, body: string, seconds = 3): number {
  const options: PipelineOptions = { reference: openReference({ home }), asOf: today() };
  // As a request does: the JSON parsed, the document checked, the result serialized.
  const once = () => JSON.stringify(checkDocument(JSON.parse(body), "body", options));
  for (let i = 0; i < 200; i++) once(); // warm-up: editions loaded, JIT
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(seconds * 1e9);
  let n = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 100; i++) once();
    n += 100;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

function startServer(home: string, token: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "server-child.ts")], {
    env: { ...process.env, BENCH_HOME: home, BENCH_TOKEN: token },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^listening on (\S+)\n/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
    });
    child.on("close", (code) => reject(new Error(`the bench server exited (${code}) before listening`)));
  });
}

export async function benchServer(): Promise<BenchResult[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-bench-server-"));
  const token = "bench-token";
  const body = fs.readFileSync(seedFile, "utf8");
  const seconds = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
  const server = await startServer(home, token);
  try {
    const request = {
      url: `${server.url}/api/v1/check`,
      method: "POST" as const,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    };
    // Warm-up: the server loads its editions on the first requests.
    await autocannon({ ...request, connections: 4, duration: 2 });
    const result = await autocannon({ ...request, connections: 20, duration: seconds });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`server bench: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
    await server.stop(); // before the in-process run, so the two never share the cores
    const rps = result.requests.average;
    const p99 = result.latency.p99;
    const inProcess = inProcessRate(home, body);
    return [
      {
        name: "server: POST /api/v1/check, seed visit (20 connections)",
        value: round(rps, 0),
        unit: "req/s",
        peer: `target ${targetRequestsPerSecond.toLocaleString("en-US")} req/s`,
        ratio: round(rps / targetRequestsPerSecond),
      },
      {
        name: "server: POST /api/v1/check p99 latency",
        value: p99,
        unit: "ms",
        peer: `target < ${targetP99Ms} ms`,
        ratio: round(targetP99Ms / Math.max(p99, 0.001)),
      },
      {
        name: "server: HTTP check rate vs the same check in-process",
        value: round(rps, 0),
        unit: "req/s",
        peer: `in-process checkDocument (${round(inProcess, 0)} checks/s, one thread)`,
        ratio: round(rps / inProcess),
      },
    ];
  } finally {
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
