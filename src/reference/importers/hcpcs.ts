import type { EditionInfo, HcpcsRow, ParsedTable } from "../types.js";
import { type CsvRecord, cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { matchName, monthName, monthNumber } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { optionalYyyymmdd } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";
import { workbookToCsv } from "./workbook.js";

/**
 * The HCPCS Level II alpha-numeric file (HCPC2025_OCT_ANWEB), as CMS's xlsx or a csv
 * export of it. RECID 3 is a procedure code and 7 a modifier; other record ids carry
 * continuation text, and only the first record of each code is kept. Codes may be
 * right-aligned with leading spaces ("   A1").
 */
const COLUMNS = {
  code: ["HCPC", "HCPCS"],
  recordId: ["RECID"],
  longDescription: ["LONG DESCRIPTION"],
  shortDescription: ["SHORT DESCRIPTION"],
  coverage: ["COV"],
  addDate: ["ADD DT"],
  effectiveDate: ["ACT EFF DT"],
  terminationDate: ["TERM DT"],
} as const;

const KIND: Record<string, HcpcsRow["kind"]> = { "3": "procedure", "7": "modifier" };

export function parseHcpcs(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<HcpcsRow> {
  return fromRecords(readCsv(readText(input, source), source), source, options);
}

/** The same file as CMS publishes it, in xlsx: read through the csv of its first sheet. */
export async function parseHcpcsXlsx(
  input: Buffer,
  source: string,
  options: ParseOptions = {},
): Promise<ParsedTable<HcpcsRow>> {
  return parseHcpcs(await workbookToCsv(input, source), source, options);
}

function fromRecords(records: CsvRecord[], source: string, options: ParseOptions): ParsedTable<HcpcsRow> {
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => names[0] === "HCPC" && names.includes("RECID"),
    source,
    "HCPCS",
  );
  const header = records[headerAt]!;
  const col = columnsByName(
    header.cells.map((c) => c.trim().toUpperCase()),
    COLUMNS,
    { source, line: header.line },
  );
  const rows: HcpcsRow[] = [];
  const seen = new Set<string>();
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    const code = cell(cells, col.code).toUpperCase();
    const recordId = cell(cells, col.recordId);
    if (!/^\d$/.test(recordId)) fail(at, `expected a one-digit RECID, got "${recordId}"`);
    const kind = KIND[recordId];
    if (kind === undefined) continue;
    if (!(kind === "procedure" ? /^[0-9A-Z]{5}$/ : /^[0-9A-Z]{2}$/).test(code)) {
      fail(
        at,
        `expected a ${kind === "procedure" ? "5-character HCPCS code" : "2-character modifier"}, got "${code}"`,
      );
    }
    const key = `${kind} ${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const row: HcpcsRow = {
      code,
      kind,
      addDate: optionalYyyymmdd(cell(cells, col.addDate), "ADD DT", at),
      effectiveDate: optionalYyyymmdd(cell(cells, col.effectiveDate), "ACT EFF DT", at),
      terminationDate: optionalYyyymmdd(cell(cells, col.terminationDate), "TERM DT", at),
    };
    const coverage = cell(cells, col.coverage);
    if (coverage !== "") row.coverage = coverage;
    const description = cell(cells, col.longDescription) || cell(cells, col.shortDescription);
    if (description !== "") row.description = description;
    rows.push(row);
  }
  progress.end();
  if (rows.length === 0)
    throw new ImportError(source, undefined, "no HCPCS codes or modifiers (RECID 3 or 7)");
  return { edition: hcpcsEdition(source), rows };
}

/** "HCPC2025_OCT" in the file (or archive) name: in force from the first of that month. */
function hcpcsEdition(source: string): EditionInfo {
  const match = matchName(source, /HCPC(20\d\d)[-_ ]?([A-Za-z]{3,9})/i);
  const month = match ? monthNumber(match[2]!) : undefined;
  if (!match || month === undefined) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell the release: expected HCPC<year>_<month> in the file name, as CMS names it (HCPC2025_OCT_ANWEB.xlsx)",
    );
  }
  const year = Number(match[1]);
  return {
    table: "hcpcs",
    source,
    release: `HCPCS Level II ${monthName(month)} ${year}`,
    effectiveFrom: `${year}-${String(month).padStart(2, "0")}-01`,
    effectiveThrough: null,
  };
}
