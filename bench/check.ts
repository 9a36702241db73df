import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkDocument, parseVisitInput } from "../src/pipeline/input.js";
import { checkOne, type PipelineOptions } from "../src/pipeline/pipeline.js";
import { openReference } from "../src/reference/open.js";
import { type BenchResult, round } from "./result.js";

/**
 * The check of one visit in-process (issue 9): checks per second for the seed visit
 * (97012, 97110, 97140, Medicare PT) on the bundled pack, as the server's /check runs it.
 * Two figures: checkOne on an already-parsed visit (the pipeline alone), and the request's
 * whole path (JSON.parse, validation, check, JSON.stringify). Each is the best of several
 * passes by wall clock, with the CPU-time rate beside it (robust on a shared machine).
 * Measured against the target of 1,000 requests/s for the server: the pipeline
 * must leave room for HTTP.
 *
 *   npx tsx bench/check.ts        (or: npx tsx bench/run.ts --only=check)
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const seedFile = path.resolve(here, "../examples/visits/01-seed-medicare-pt.json");

/** The per-request figure the pipeline is held to: 1,000 req/s leaves 1 ms per request on a core. */
export const targetChecksPerSecond = 1_250;

/** Calls per second of `once`: the best of `passes` timed passes of `seconds` each, by wall clock and by CPU time. */
export function rate(once: () => unknown, passes = 5, seconds = 0.6): { wall: number; cpu: number } {
  for (let i = 0; i < 300; i++) once(); // warm-up: editions loaded, caches filled, JIT
  let wall = 0;
  let cpu = 0;
  for (let p = 0; p < passes; p++) {
    const used = process.cpuUsage();
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(seconds * 1e9));
    let n = 0;
    while (process.hrtime.bigint() < deadline) {
      for (let i = 0; i < 50; i++) once();
      n += 50;
    }
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    const spent = process.cpuUsage(used);
    wall = Math.max(wall, n / elapsed);
    cpu = Math.max(cpu, n / ((spent.user + spent.system) / 1e6));
  }
  return { wall, cpu };
}

export async function benchCheck(): Promise<BenchResult[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-bench-check-"));
  try {
    const body = fs.readFileSync(seedFile, "utf8");
    // One options object for the run, as the server keeps one cache across requests.
    const options: PipelineOptions = { reference: openReference({ home }), asOf: "2026-03-20" };
    const { visit } = parseVisitInput(JSON.parse(body), "seed");
    const pipeline = rate(() => checkOne(visit, options));
    const request = rate(() => JSON.stringify(checkDocument(JSON.parse(body), "body", options)));
    const result = (what: string, r: { wall: number; cpu: number }): BenchResult[] => [
      {
        name: `check: ${what}, seed visit`,
        value: Math.round(r.wall),
        unit: "checks/s",
        peer: "target",
        ratio: round(r.wall / targetChecksPerSecond),
      },
      {
        name: `check: ${what}, per CPU-second`,
        value: Math.round(r.cpu),
        unit: "checks/s",
        peer: "target",
        ratio: round(r.cpu / targetChecksPerSecond),
      },
    ];
    return [
      ...result("checkOne (parsed visit)", pipeline),
      ...result("JSON in, validate, check, JSON out", request),
      { name: "check: checkOne time per visit (CPU)", value: round(1000 / pipeline.cpu, 3), unit: "ms" },
    ];
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await benchCheck()) {
    const vs = r.peer ? `  vs ${r.peer}: ${r.ratio}x` : "";
    process.stdout.write(`${r.name.padEnd(60)} ${String(r.value).padStart(10)} ${r.unit}${vs}\n`);
  }
}
