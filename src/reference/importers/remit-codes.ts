import type { ParsedTable, RemitCodeRow } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { monthFromName } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { optionalIsoDate } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/** Claim adjustment group codes, CARCs and RARCs in one csv (adj_code, adj_type, ...). */
const COLUMNS = {
  code: ["ADJ_CODE", "CODE"],
  type: ["ADJ_TYPE", "TYPE"],
  description: ["ADJ_DESCRIPTION", "DESCRIPTION"],
  start: ["ADJ_START_DATE", "START DATE"],
  end: ["ADJ_END_DATE", "END DATE", "STOP DATE"],
} as const;

const KINDS: Record<string, RemitCodeRow["kind"]> = { group: "group", carc: "carc", rarc: "rarc" };

export function parseRemitCodes(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<RemitCodeRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => names.includes("ADJ_CODE") || (names.includes("CODE") && names.includes("TYPE")),
    source,
    "CARC/RARC",
  );
  const header = records[headerAt]!;
  const col = columnsByName(
    header.cells.map((c) => c.trim().toUpperCase()),
    COLUMNS,
    { source, line: header.line },
  );
  const rows: RemitCodeRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    const kind = KINDS[cell(cells, col.type).toLowerCase()];
    if (kind === undefined) fail(at, `expected adj_type Group, CARC or RARC, got "${cell(cells, col.type)}"`);
    const code = cell(cells, col.code).toUpperCase();
    if (!/^[0-9A-Z]{1,5}$/.test(code)) fail(at, `expected a ${kind.toUpperCase()} code, got "${code}"`);
    const key = `${kind} ${code}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(at, `${kind} ${code} appears twice (also line ${earlier})`);
    seen.set(key, line);
    const row: RemitCodeRow = {
      kind,
      code,
      startDate: optionalIsoDate(cell(cells, col.start), "start date", at),
      endDate: optionalIsoDate(cell(cells, col.end), "end date", at),
    };
    const description = cell(cells, col.description);
    if (description !== "") row.description = description;
    rows.push(row);
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no remittance codes");
  const from = monthFromName(source);
  if (from === undefined) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell the list's date: put the month in the file name (for example carc_rarc_2024-06.csv) and import again",
    );
  }
  return {
    edition: {
      table: "remit-codes",
      source,
      release: `CARC/RARC/group codes ${from.slice(0, 7)}`,
      effectiveFrom: from,
      effectiveThrough: null,
    },
    rows,
  };
}
