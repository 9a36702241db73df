import type { ClaimStatusCodeRow, ParsedTable } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { monthFromName } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { optionalIsoDate } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/**
 * The published claim status category codes and claim status codes (WPC's lists behind
 * 277CA and 277 STC01), as a csv of code and description, with start and stop dates when
 * the list gives them and a type column when one file holds both lists. Without a type,
 * each code's shape tells: a category code is a letter and digits, perhaps with a letter
 * after them (A7, R16, F3F); a claim status code is digits only (562).
 */
const COLUMNS = {
  code: ["CODE", "STATUS CODE", "CATEGORY CODE"],
  type: ["TYPE", "KIND", "LIST"],
  description: ["DESCRIPTION", "DESC"],
  start: ["START DATE", "START", "EFFECTIVE DATE"],
  end: ["END DATE", "STOP DATE", "STOP", "DEACTIVATION DATE"],
} as const;

const KINDS: Record<string, ClaimStatusCodeRow["kind"]> = {
  category: "category",
  "claim status category": "category",
  status: "status",
  "claim status": "status",
};

const categoryShape = /^[A-Z]\d{1,2}[A-Z]?$/;
const statusShape = /^\d{1,4}$/;

export function parseClaimStatusCodes(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<ClaimStatusCodeRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) =>
      names.some((n) => (COLUMNS.code as readonly string[]).includes(n)) && names.includes("DESCRIPTION"),
    source,
    "claim status code",
  );
  const header = records[headerAt]!;
  const names = header.cells.map((c) => c.trim().toUpperCase());
  const col = columnsByName(
    names,
    { code: COLUMNS.code, description: COLUMNS.description },
    { source, line: header.line },
  );
  const find = (list: readonly string[]) => names.findIndex((n) => list.includes(n));
  const typeAt = find(COLUMNS.type);
  const startAt = find(COLUMNS.start);
  const endAt = find(COLUMNS.end);
  const rows: ClaimStatusCodeRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    const code = cell(cells, col.code).toUpperCase();
    const typed = typeAt >= 0 ? KINDS[cell(cells, typeAt).toLowerCase()] : undefined;
    if (typeAt >= 0 && typed === undefined)
      fail(at, `expected type category or status, got "${cell(cells, typeAt)}"`);
    const kind =
      typed ?? (categoryShape.test(code) ? "category" : statusShape.test(code) ? "status" : undefined);
    if (kind === undefined || !(kind === "category" ? categoryShape : statusShape).test(code))
      fail(at, `expected a claim status category code (A7) or a claim status code (562), got "${code}"`);
    const key = `${kind} ${code}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(at, `${kind} code ${code} appears twice (also line ${earlier})`);
    seen.set(key, line);
    const row: ClaimStatusCodeRow = {
      kind,
      code,
      startDate: startAt >= 0 ? optionalIsoDate(cell(cells, startAt), "start date", at) : null,
      endDate: endAt >= 0 ? optionalIsoDate(cell(cells, endAt), "end date", at) : null,
    };
    const description = cell(cells, col.description);
    if (description !== "") row.description = description;
    rows.push(row);
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no claim status codes");
  const from = monthFromName(source);
  if (from === undefined) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell the list's date: put the month in the file name (for example claim_status_codes_2025-03.csv) and import again",
    );
  }
  return {
    edition: {
      table: "claim-status-codes",
      source,
      release: `claim status codes ${from.slice(0, 7)}`,
      effectiveFrom: from,
      effectiveThrough: null,
    },
    rows,
  };
}
