import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { parse } from "csv-parse/sync";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import type {
  EditionInfo,
  GpciRow,
  ParsedTable,
  PosRow,
  RvuRow,
  ZipLocalityRow,
} from "../reference/types.js";

/**
 * Test-only loader for the real CMS files in ../shared/data, until the official importers
 * (src/reference/importers) and the bundled pack land. It reads the files as published,
 * never a copy, and mirrors the importers' edition conventions (release labels, dates).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDataDir = path.resolve(repoRoot, "../shared/data");
export const sharedFile = (...parts: string[]): string => path.join(sharedDataDir, ...parts);

export const RVU_2025_OCT = sharedFile("mpfs-2025", "PPRRVU2025_Oct.csv");
export const RVU_2026_JUL = sharedFile("mpfs-2026", "PPRRVU2026_Jul_nonQPP.EXCERPT.csv");
export const GPCI_2025 = sharedFile("mpfs-2025", "GPCI2025.csv");
export const GPCI_2026 = sharedFile("mpfs-2026", "GPCI2026.csv");
export const POS_2024 = sharedFile("pos-2024", "pos_codes_2024-06.csv");
export const ZIP5_2025_OCT = sharedFile("zip-locality-2025", "ZIP5_OCT2025.txt.gz");

function readCsvFile(file: string): string[][] {
  return parse(fs.readFileSync(file, "utf8"), {
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
}

const fold = (text: string): string => text.replace(/\s+/g, " ").trim().toUpperCase();

/** The file's NON-FACILITY TOTAL and FACILITY TOTAL, kept for the whole-file check. */
export interface RvuTotals {
  nonFacility: string;
  facility: string;
}

export interface LoadedRvuFile {
  table: ParsedTable<RvuRow>;
  totals: Map<string, RvuTotals>;
}

/** A PPRRVU csv: the header spans three lines ("NON-FAC" / "NA" / "INDICATOR"), so names are joined. */
export function loadRvuFile(file: string, edition: EditionInfo): LoadedRvuFile {
  const records = readCsvFile(file);
  const headerAt = records.findIndex((r) => fold(r[0] ?? "") === "HCPCS");
  if (headerAt < 2) throw new Error(`${file}: no HCPCS header row`);
  const header = records[headerAt]!;
  const names = header.map((_, i) =>
    fold([records[headerAt - 2]![i] ?? "", records[headerAt - 1]![i] ?? "", header[i] ?? ""].join(" ")),
  );
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column "${name}" (have ${names.join(" | ")})`);
    return i;
  };
  const c = {
    status: col("STATUS CODE"),
    work: col("WORK RVU"),
    peNonFacility: col("NON-FAC PE RVU"),
    peNonFacilityNa: col("NON-FAC NA INDICATOR"),
    peFacility: col("FACILITY PE RVU"),
    peFacilityNa: col("FACILITY NA INDICATOR"),
    mp: col("MP RVU"),
    totalNonFacility: col("NON-FACILITY TOTAL"),
    totalFacility: col("FACILITY TOTAL"),
    pctc: col("PCTC IND"),
    globalDays: col("GLOB DAYS"),
    multipleProcedure: col("MULT PROC"),
    conversionFactor: col("CONV FACTOR"),
  };
  const rows: RvuRow[] = [];
  const totals = new Map<string, RvuTotals>();
  for (const r of records.slice(headerAt + 1)) {
    const code = (r[0] ?? "").trim().toUpperCase();
    if (!/^[0-9A-Z]{5}$/.test(code)) continue;
    const get = (i: number): string => (r[i] ?? "").trim();
    const modifier = get(1).toUpperCase();
    rows.push({
      code,
      modifier,
      status: get(c.status).toUpperCase(),
      work: get(c.work),
      peNonFacility: get(c.peNonFacility),
      peFacility: get(c.peFacility),
      peNonFacilityNa: get(c.peNonFacilityNa).toUpperCase() === "NA",
      peFacilityNa: get(c.peFacilityNa).toUpperCase() === "NA",
      mp: get(c.mp),
      multipleProcedure: get(c.multipleProcedure),
      globalDays: get(c.globalDays),
      pctc: get(c.pctc),
      conversionFactor: get(c.conversionFactor),
    });
    totals.set(`${code}|${modifier}`, {
      nonFacility: get(c.totalNonFacility),
      facility: get(c.totalFacility),
    });
  }
  return { table: { edition, rows }, totals };
}

/** Addendum E: MAC, state, locality number, name, work/PE/MP GPCI. */
export function loadGpciFile(file: string, year: number): ParsedTable<GpciRow> {
  const records = readCsvFile(file);
  const rows: GpciRow[] = [];
  for (const r of records) {
    const [mac = "", state = "", locality = "", name = "", work = "", pe = "", mp = ""] = r.map((x) =>
      x.trim(),
    );
    if (!/^\d{4,5}$/.test(mac) || !/^\d{1,2}$/.test(locality)) continue;
    rows.push({
      mac: mac.padStart(5, "0"),
      locality: locality.padStart(2, "0"),
      state,
      name: name.replace(/\*+/g, "").trim(),
      work,
      pe,
      mp,
    });
  }
  return {
    edition: {
      table: "gpci",
      source: path.basename(file),
      release: `CY${year} GPCIs (Addendum E)`,
      effectiveFrom: `${year}-01-01`,
      effectiveThrough: `${year}-12-31`,
    },
    rows,
  };
}

export function loadPosFile(file = POS_2024): ParsedTable<PosRow> {
  const rows: PosRow[] = readCsvFile(file)
    .slice(1)
    .map(([code = "", type = "", name = ""]) => ({
      code: code.trim(),
      setting: type.trim().toLowerCase() === "facility" ? "facility" : "non-facility",
      name: name.trim(),
    }));
  return {
    edition: {
      table: "pos",
      source: path.basename(file),
      release: "POS 2024-06",
      effectiveFrom: "2024-06-01",
      effectiveThrough: null,
    },
    rows,
  };
}

/** ZIP5 fixed width: state 1-2, ZIP 3-7, carrier 8-12, locality 13-14, rural 15. */
export function loadZip5File(file = ZIP5_2025_OCT): ParsedTable<ZipLocalityRow> {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString("latin1");
  const rows: ZipLocalityRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.length < 15) continue;
    rows.push({
      state: line.slice(0, 2),
      zip: line.slice(2, 7),
      mac: line.slice(7, 12),
      locality: line.slice(12, 14),
      rural: line[14] === " " ? "" : (line[14] ?? ""),
    });
  }
  return {
    edition: {
      table: "zip-locality",
      source: path.basename(file),
      release: "ZIP5 2025Q4",
      effectiveFrom: "2025-10-01",
      effectiveThrough: null,
    },
    rows,
  };
}

export const rvu2025Edition: EditionInfo = {
  table: "rvu",
  source: "PPRRVU2025_Oct.csv",
  release: "2025 October release",
  effectiveFrom: "2025-10-01",
  effectiveThrough: "2025-12-31",
};

export const rvu2026Edition: EditionInfo = {
  table: "rvu",
  source: "PPRRVU2026_Jul_nonQPP.EXCERPT.csv",
  release: "2026 July release (non-QPP)",
  effectiveFrom: "2026-07-01",
  effectiveThrough: "2026-12-31",
};

let cachedRvu2025: LoadedRvuFile | undefined;

/** The full 2025 October RVU file with its totals (read once per test process). */
export function rvu2025(): LoadedRvuFile {
  cachedRvu2025 ??= loadRvuFile(RVU_2025_OCT, rvu2025Edition);
  return cachedRvu2025;
}

let cachedReference: Reference | undefined;

/**
 * A Reference over the real files: RVUs 2025 October and 2026 July (excerpt), GPCIs
 * 2025 and 2026, place-of-service codes and the 2025 Q4 ZIP file.
 */
export function sharedReference(): Reference {
  if (!cachedReference) {
    const source = new MemorySource();
    const at = "2026-01-01T00:00:00.000Z";
    source.add(rvu2025().table, "import", at);
    source.add(loadRvuFile(RVU_2026_JUL, rvu2026Edition).table, "import", at);
    source.add(loadGpciFile(GPCI_2025, 2025), "import", at);
    source.add(loadGpciFile(GPCI_2026, 2026), "import", at);
    source.add(loadPosFile(), "import", at);
    source.add(loadZip5File(), "import", at);
    cachedReference = new Reference(source);
  }
  return cachedReference;
}
