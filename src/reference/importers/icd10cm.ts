import type { EditionInfo, Icd10Row, ParsedTable } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { nameParts } from "./editions.js";
import { fail, ImportError, type Place } from "./errors.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText, splitLines } from "./text.js";

/**
 * ICD-10-CM codes with their billable flag and title. Two layouts:
 * - the official order file (icd10cm_order_YYYY.txt), fixed width: order number 1-5, code
 *   7-13 (no dot), flag 15 (1 = billable), short title 17-76, long title from 78;
 * - a csv with icd10cm_code (dotted), billable and description.
 * Codes are stored without the dot, upper case.
 */
export const ORDER_FILE_LINE = /^\d{5} [A-Z][0-9A-Z]{2}[0-9A-Z ]{4} [01] /;
const CODE = /^[A-Z][0-9][0-9A-Z]{1,5}$/;

export function parseIcd10cm(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<Icd10Row> {
  const text = readText(input, source);
  return ORDER_FILE_LINE.test(text.slice(0, 80))
    ? readOrderFile(text, source, options)
    : readCsvLayout(text, source, options);
}

function readOrderFile(text: string, source: string, options: ParseOptions): ParsedTable<Icd10Row> {
  const lines = splitLines(text);
  const progress = new Progress(options.onProgress, lines.length);
  const rows: Icd10Row[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    progress.at(i);
    const record = lines[i]!;
    if (record.trim() === "") continue;
    const at = { source, line: i + 1 };
    if (!ORDER_FILE_LINE.test(record)) {
      fail(at, `expected order number, code and billable flag in columns 1-15, got "${record.slice(0, 16)}"`);
    }
    // The short title is padded to 60 characters, so a complete record reaches column 78.
    if (record.length < 78)
      fail(at, "the record ends before the long title (column 78): the line is cut short");
    const code = record.slice(6, 13).trim();
    const title = record.slice(77).trim();
    if (title === "") fail(at, `${code} has no title`);
    add(rows, seen, { code, billable: record[14] === "1", title }, at);
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no ICD-10-CM codes");
  return { edition: fiscalYearEdition(source), rows };
}

const COLUMNS = {
  code: ["ICD10CM_CODE", "CODE", "ICD-10-CM CODE", "ICD10_CODE"],
  billable: ["BILLABLE", "VALID", "VALID FOR HIPAA"],
  title: ["DESCRIPTION", "LONG DESCRIPTION", "TITLE"],
} as const;

function readCsvLayout(text: string, source: string, options: ParseOptions): ParsedTable<Icd10Row> {
  const records = readCsv(text, source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) =>
      names.some((n) => /ICD-?10/.test(n)) && names.some((n) => n === "BILLABLE" || n.startsWith("VALID")),
    source,
    "ICD-10-CM",
  );
  const header = records[headerAt]!;
  const col = columnsByName(
    header.cells.map((c) => c.trim().toUpperCase()),
    COLUMNS,
    { source, line: header.line },
  );
  const rows: Icd10Row[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    const flag = cell(cells, col.billable);
    if (flag !== "0" && flag !== "1") fail(at, `expected billable 0 or 1, got "${flag}"`);
    const code = cell(cells, col.code).replace(".", "").toUpperCase();
    add(rows, seen, { code, billable: flag === "1", title: cell(cells, col.title) }, at);
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no ICD-10-CM codes");
  return { edition: fiscalYearEdition(source), rows };
}

function add(rows: Icd10Row[], seen: Map<string, number>, row: Icd10Row, at: Place): void {
  if (!CODE.test(row.code)) fail(at, `expected an ICD-10-CM code, got "${row.code}"`);
  const earlier = seen.get(row.code);
  if (earlier !== undefined) fail(at, `${row.code} appears twice (also line ${earlier})`);
  seen.set(row.code, at.line!);
  rows.push(row);
}

/**
 * ICD-10-CM fiscal year N runs from October 1 of N-1 through September 30 of N. The year
 * comes from the file name ("icd10cm_order_2026", "icd10cm_fy2024", "2026-code-descriptions");
 * an April 1 update ("april-1-2026-...") is in force from April 1 through the year's end.
 */
function fiscalYearEdition(source: string): EditionInfo {
  let year: number | undefined;
  for (const part of nameParts(source)) {
    const match =
      /icd-?10-?cm[-_ ]?(?:order|codes|tabular)?[-_ ]?(?:fy)?[-_ ]?(20\d\d)/i.exec(part) ??
      /fy[-_ ]?(20\d\d)/i.exec(part) ??
      /(?:^|[^0-9])(20\d\d)[-_ ]code[-_ ]descriptions/i.exec(part);
    if (match) {
      year = Number(match[1]);
      break;
    }
  }
  if (year === undefined) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell the fiscal year: put it in the file name (for example icd10cm_order_2026.txt or icd10cm_fy2026.csv) and import again",
    );
  }
  const april = nameParts(source).some((part) => /april/i.test(part));
  return {
    table: "icd10cm",
    source,
    release: `ICD-10-CM FY${year}${april ? " April 1 update" : ""}`,
    effectiveFrom: april ? `${year}-04-01` : `${year - 1}-10-01`,
    effectiveThrough: `${year}-09-30`,
  };
}
