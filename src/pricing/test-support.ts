import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { parseReferenceFile } from "../reference/importers/index.js";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import type { ParsedTable, RvuRow } from "../reference/types.js";
import { bundledPolicy } from "../test-support/reference.js";

/**
 * The real CMS files in ../shared/data, read by the project's importers (never copied in),
 * until the bundled pack lands and src/test-support/reference.ts gives it.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDataDir = path.resolve(repoRoot, "../shared/data");
export const sharedFile = (...parts: string[]): string => path.join(sharedDataDir, ...parts);

export const RVU_2025_OCT = sharedFile("mpfs-2025", "PPRRVU2025_Oct.csv");
export const RVU_2026_JUL = sharedFile("mpfs-2026", "PPRRVU2026_Jul_nonQPP.EXCERPT.csv");
const files = [
  RVU_2025_OCT,
  RVU_2026_JUL,
  sharedFile("mpfs-2025", "GPCI2025.csv"),
  sharedFile("mpfs-2026", "GPCI2026.csv"),
  sharedFile("pos-2024", "pos_codes_2024-06.csv"),
  sharedFile("zip-locality-2025", "ZIP5_OCT2025.txt.gz"),
];

const parsed = new Map<string, ParsedTable<unknown>>();

function parseShared(file: string): ParsedTable<unknown> {
  let table = parsed.get(file);
  if (!table) {
    table = parseReferenceFile(fs.readFileSync(file), path.basename(file)) as ParsedTable<unknown>;
    parsed.set(file, table);
  }
  return table;
}

/** The full 2025 October RVU file as the importer reads it. */
export function rvu2025Rows(): RvuRow[] {
  return parseShared(RVU_2025_OCT).rows as RvuRow[];
}

/** NON-FACILITY TOTAL and FACILITY TOTAL of a PPRRVU file (RvuRow leaves them out), keyed "code|modifier". */
export function rvuFileTotals(file: string): Map<string, { nonFacility: string; facility: string }> {
  const records = parse(fs.readFileSync(file, "utf8"), { relax_column_count: true }) as string[][];
  const headerAt = records.findIndex((r) => r[0]?.trim() === "HCPCS");
  const header = records[headerAt]!;
  const above = records[headerAt - 1]!;
  const column = (top: string): number =>
    header.findIndex((h, i) => h.trim() === "TOTAL" && above[i]?.trim() === top);
  const nonFacility = column("NON-FACILITY");
  const facility = column("FACILITY");
  if (headerAt < 1 || nonFacility < 0 || facility < 0)
    throw new Error(`${file}: no NON-FACILITY/FACILITY TOTAL columns`);
  const totals = new Map<string, { nonFacility: string; facility: string }>();
  for (const r of records.slice(headerAt + 1)) {
    const code = r[0]?.trim() ?? "";
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    totals.set(`${code}|${r[1]?.trim() ?? ""}`, {
      nonFacility: r[nonFacility]?.trim() ?? "",
      facility: r[facility]?.trim() ?? "",
    });
  }
  return totals;
}

let cachedReference: Reference | undefined;

/**
 * A Reference over the real files: RVUs 2025 October and 2026 July (excerpt), GPCIs
 * 2025 and 2026, place-of-service codes and the 2025 Q4 ZIP file.
 */
export function sharedReference(): Reference {
  if (!cachedReference) {
    const source = new MemorySource();
    for (const file of files) source.add(parseShared(file), "import", "2026-01-01T00:00:00.000Z");
    source.add(bundledPolicy(), "pack", "2026-01-01T00:00:00.000Z");
    cachedReference = new Reference(source);
  }
  return cachedReference;
}
