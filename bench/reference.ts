import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { parse as csvParse } from "csv-parse/sync";
import { commitEditions, FileStore } from "../src/reference/file-store.js";
import { parseReferenceFile } from "../src/reference/importers/index.js";
import type { PtpRow } from "../src/reference/types.js";
import { type BenchResult, round } from "./result.js";

/**
 * Reference data benchmarks (issue 2): import of the full NCCI PTP practitioner table,
 * load time and peak memory of the compact index, and pair lookups per second.
 * Peers, measured in the same run: csv-parse (parsing the same file, no indexing) for
 * import, and PGlite (an embedded PostgreSQL with a primary-key index) for lookups.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const ptpFile = path.resolve(here, "../../shared/data/ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz");

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Loads the index in a fresh process so load time and peak memory are its own. */
function measureLoad(storeDir: string): { loadSeconds: number; peakMb: number } {
  const script = `
    import { FileStore } from ${JSON.stringify(path.resolve(here, "../src/reference/file-store.ts"))};
    import { peakRssMb } from ${JSON.stringify(path.resolve(here, "peak-memory.ts"))};
    const t = process.hrtime.bigint();
    const store = new FileStore([{ dir: ${JSON.stringify(storeDir)}, origin: "import" }]);
    const edition = store.editions().find((e) => e.table === "ptp");
    const index = store.loadPtp(edition);
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (!index.editOn("97012", "97140", "2024-08-01")) throw new Error("index lost 97012/97140");
    console.log(JSON.stringify({ loadSeconds: s, peakMb: peakRssMb() }));
  `;
  const tsx = path.resolve(here, "../node_modules/.bin/tsx");
  const run = spawnSync(tsx, ["--eval", script], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`load measurement failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!);
}

export async function benchReference(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const gz = fs.readFileSync(ptpFile);

  // Import: parse, build the index, write it atomically.
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-bench-"));
  try {
    let t = process.hrtime.bigint();
    const parsed = parseReferenceFile(gz, path.basename(ptpFile));
    commitEditions(storeDir, [parsed]);
    const importSeconds = seconds(t);
    const rows = parsed.rows as PtpRow[];

    t = process.hrtime.bigint();
    const peerRows = csvParse(gunzipSync(gz), { columns: true }) as unknown[];
    const peerSeconds = seconds(t);
    if (peerRows.length !== rows.length)
      throw new Error(`csv-parse read ${peerRows.length} rows, we read ${rows.length}`);
    results.push({
      name: "ptp import (parse, index, write) 2,546,017 rows",
      value: round(importSeconds),
      unit: "s",
      peer: "csv-parse (parse only)",
      ratio: round(peerSeconds / importSeconds),
    });

    const load = measureLoad(storeDir);
    results.push({ name: "ptp index load", value: round(load.loadSeconds, 3), unit: "s" });
    results.push({
      name: "ptp index load peak memory (process RSS)",
      value: round(load.peakMb, 1),
      unit: "MB",
    });

    // Lookups: a realistic mix of hits and misses on therapy pairs and random pairs.
    const index = new FileStore([{ dir: storeDir, origin: "import" }]);
    const edition = index.editions().find((e) => e.table === "ptp")!;
    const ptp = index.loadPtp(edition);
    const sample: Array<[string, string]> = [];
    for (let i = 0; i < 100_000; i++) {
      const r = rows[(i * 7919) % rows.length]!;
      sample.push(i % 2 === 0 ? [r.column1, r.column2] : [r.column2, r.column1]);
    }
    const n = 2_000_000;
    let hits = 0;
    t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const [a, b] = sample[i % sample.length]!;
      if (ptp.hasEditOn(a, b, 20240801)) hits++;
    }
    const ourRate = n / seconds(t);
    if (hits === 0) throw new Error("no hits: the lookup bench is broken");

    const peerRate = await pgliteLookupRate(rows, sample.slice(0, 20_000));
    results.push({
      name: "ptp pair lookups",
      value: Math.round(ourRate),
      unit: "lookups/s",
      peer: "@electric-sql/pglite (b-tree index on the pair, parameterised query)",
      ratio: round(ourRate / peerRate),
    });
  } finally {
    fs.rmSync(storeDir, { recursive: true, force: true });
  }
  return results;
}

async function pgliteLookupRate(rows: PtpRow[], sample: Array<[string, string]>): Promise<number> {
  const db = new PGlite();
  await db.exec("create table ptp (column1 text, column2 text, deletion date, modifier_indicator text)");
  await db.exec("create index ptp_pair on ptp (column1, column2, deletion)");
  const csv = rows
    .map((r) => `${r.column1},${r.column2},${r.deletion ?? "9999-12-31"},${r.modifierIndicator}`)
    .join("\n");
  await db.query("copy ptp from '/dev/blob' with (format csv)", [], { blob: new Blob([csv]) });
  const t = process.hrtime.bigint();
  for (const [a, b] of sample) {
    await db.query(
      "select modifier_indicator from ptp where column1 = $1 and column2 = $2 and deletion >= $3",
      [a, b, "2024-08-01"],
    );
  }
  const rate = sample.length / seconds(t);
  await db.close();
  return rate;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await benchReference(), null, 2));
}
