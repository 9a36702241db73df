import type { EditionInfo, ParsedTable, RvuRow } from "../types.js";
import { type CsvRecord, cell, columnsByName, findHeader, headerName, isBlank, readCsv } from "./csv.js";
import { monthName, monthNumber } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { decimal } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/**
 * The MPFS relative value file (PPRRVU). Its header spans up to five lines ("WORK" over
 * "RVU", "NON-FAC" over "PE RVU"...), so columns are named by joining each column's
 * header cells, and found by that name: 2026 inserted PRIC IND, shifting later columns.
 */
const COLUMNS = {
  code: ["HCPCS"],
  modifier: ["MOD"],
  status: ["STATUS CODE"],
  work: ["WORK RVU"],
  peNonFacility: ["NON-FAC PE RVU"],
  peNonFacilityNa: ["NON-FAC NA INDICATOR"],
  peFacility: ["FACILITY PE RVU"],
  peFacilityNa: ["FACILITY NA INDICATOR"],
  mp: ["MP RVU"],
  pctc: ["PCTC IND"],
  globalDays: ["GLOB DAYS"],
  multipleProcedure: ["MULT PROC"],
  conversionFactor: ["CONV FACTOR"],
} as const;

const CAPTION = /(20\d\d) National Physician Fee Schedule Relative Value File,? (\w+) Release/i;

export function parsePprrvu(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<RvuRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => names[0] === "HCPCS" && names.includes("MOD"),
    source,
    "PPRRVU",
  );
  const header = records[headerAt]!;
  const names = joinedHeaderNames(records, headerAt);
  const col = columnsByName(names, COLUMNS, { source, line: header.line });
  const warnings: string[] = [];
  const edition = pprrvuEdition(records.slice(0, headerAt), source, warnings);

  const rows: RvuRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    // A row cut short (a truncated download) must not pass for a row with empty trailing columns.
    if (cells.length < header.cells.length) {
      fail(at, `expected ${header.cells.length} columns, got ${cells.length}: the row is cut short`);
    }
    const code = cell(cells, col.code).toUpperCase();
    if (!/^[0-9A-Z]{5}$/.test(code))
      fail(at, `expected a 5-character HCPCS code, got "${cell(cells, col.code)}"`);
    const modifier = cell(cells, col.modifier).toUpperCase();
    if (!/^([0-9A-Z]{2})?$/.test(modifier))
      fail(at, `expected a 2-character modifier or none, got "${modifier}"`);
    const status = cell(cells, col.status).toUpperCase();
    if (!/^[A-Z]$/.test(status)) fail(at, `expected a one-letter STATUS CODE, got "${status}"`);
    const key = `${code} ${modifier}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      fail(at, `${code}${modifier ? `-${modifier}` : ""} appears twice (also line ${earlier})`);
    seen.set(key, line);
    rows.push({
      code,
      modifier,
      status,
      work: decimal(cell(cells, col.work), "WORK RVU", at),
      peNonFacility: decimal(cell(cells, col.peNonFacility), "NON-FAC PE RVU", at),
      peFacility: decimal(cell(cells, col.peFacility), "FACILITY PE RVU", at),
      peNonFacilityNa: naFlag(cell(cells, col.peNonFacilityNa), "NON-FAC NA INDICATOR", at),
      peFacilityNa: naFlag(cell(cells, col.peFacilityNa), "FACILITY NA INDICATOR", at),
      mp: decimal(cell(cells, col.mp), "MP RVU", at),
      multipleProcedure: cell(cells, col.multipleProcedure),
      globalDays: cell(cells, col.globalDays),
      pctc: cell(cells, col.pctc),
      conversionFactor: decimal(cell(cells, col.conversionFactor), "CONV FACTOR", at),
    });
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no RVU rows after the header");
  return warnings.length > 0 ? { edition, rows, warnings } : { edition, rows };
}

/**
 * Each column's name is its cells on the header line and on the lines right above it,
 * joined top to bottom. The block ends upward at a blank line or at a caption line
 * (captions sit in the first three columns, which the header block leaves empty).
 */
function joinedHeaderNames(records: readonly CsvRecord[], headerAt: number): string[] {
  let top = headerAt;
  while (top > 0) {
    const above = records[top - 1]!.cells;
    if (isBlank(above) || above.slice(0, 3).some((c) => c.trim() !== "")) break;
    top--;
  }
  const width = records[headerAt]!.cells.length;
  return Array.from({ length: width }, (_, column) =>
    headerName(
      records
        .slice(top, headerAt + 1)
        .map((record) => record.cells[column] ?? "")
        .join(" "),
    ),
  );
}

function naFlag(value: string, what: string, at: { source: string; line: number }): boolean {
  if (value === "") return false;
  if (value.toUpperCase() === "NA") return true;
  return fail(at, `expected "NA" or nothing as ${what}, got "${value}"`);
}

/**
 * The release from the caption ("2025 ... Relative Value File October Release"), else
 * from the file name (PPRRVU2025_Oct). A release is in force from the start of its
 * quarter (January, April, July, October) through the end of the year.
 */
function pprrvuEdition(captions: readonly CsvRecord[], source: string, warnings: string[]): EditionInfo {
  let year: number | undefined;
  let month: number | undefined;
  for (const { cells } of captions) {
    const match = CAPTION.exec(cells.join(" "));
    if (match) {
      year = Number(match[1]);
      month = monthNumber(match[2]!);
      break;
    }
  }
  if (year === undefined || month === undefined) {
    const fromName = /PPRRVU(\d{2}|20\d\d)_?([A-Za-z]{3,9})/.exec(source);
    if (fromName) {
      year = fromName[1]!.length === 2 ? 2000 + Number(fromName[1]) : Number(fromName[1]);
      month = monthNumber(fromName[2]!);
    }
  }
  if (year === undefined || month === undefined) {
    throw new ImportError(
      source,
      undefined,
      'cannot tell the release: no caption "YYYY National Physician Fee Schedule Relative Value File <Month> Release" and no PPRRVU<year>_<month> in the file name',
    );
  }
  if (![1, 4, 7, 10].includes(month)) {
    warnings.push(
      `${monthName(month)} is not a quarterly release month: taken as in force from ${monthName(month)} 1`,
    );
  }
  // The 2026 file comes in two versions whose conversion factors differ (qualifying APM or not).
  const apm = /non[-_ ]?QPP/i.test(source) ? " (non-QPP)" : /(^|[^a-z])QPP/i.test(source) ? " (QPP)" : "";
  return {
    table: "rvu",
    source,
    release: `${year} ${monthName(month)} release${apm}`,
    effectiveFrom: `${year}-${String(month).padStart(2, "0")}-01`,
    effectiveThrough: `${year}-12-31`,
  };
}
