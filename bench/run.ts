import { benchCheck } from "./check.js";
import { benchQueue } from "./queue.js";
import { benchReference } from "./reference.js";
import type { BenchResult } from "./result.js";
import { benchScrub } from "./scrub.js";
import { benchServer } from "./server.js";
import { benchWeb } from "./web.js";
import { benchX12 } from "./x12.js";
import { benchX12Agreement } from "./x12-agreement.js";

/**
 * `npm run bench`: every performance target of the project, each with the peer it is
 * measured against in the same run. `--json` prints only the results array on stdout.
 */
const suites: Array<[string, () => Promise<BenchResult[]>]> = [
  ["reference data", benchReference],
  ["scrub", benchScrub],
  ["check", benchCheck],
  ["x12", () => benchX12()],
  ["x12 agreement with pyx12", benchX12Agreement],
  ["server", benchServer],
  ["queue", benchQueue],
  ["web", benchWeb],
];

const json = process.argv.includes("--json");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const all: BenchResult[] = [];
for (const [name, run] of suites) {
  if (only && !name.includes(only)) continue;
  if (!json) process.stderr.write(`running ${name} benchmarks...\n`);
  const results = await run();
  all.push(...results);
  if (!json) {
    for (const r of results) {
      const vs = r.peer ? `  vs ${r.peer}: ${r.ratio}x${(r.ratio ?? 0) >= 1 ? " (ahead)" : " (behind)"}` : "";
      process.stdout.write(`${r.name.padEnd(60)} ${String(r.value).padStart(12)} ${r.unit}${vs}\n`);
    }
  }
}
if (json) process.stdout.write(`${JSON.stringify(all)}\n`);
