import type { ParsedTable, PosRow } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { monthFromName } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/**
 * Place-of-service codes. CMS's list gives no pricing setting; the file's pos_type
 * column does ("Facility", "Non-Facility", or "Unassigned" for codes not in use, which are
 * left out so that a claim with one fails the place-of-service check).
 */
const COLUMNS = {
  code: ["POS_CODE", "POS CODE", "PLACE OF SERVICE CODE"],
  type: ["POS_TYPE", "POS TYPE", "SETTING"],
  name: ["POS_NAME", "POS NAME", "PLACE OF SERVICE NAME"],
} as const;

export function parsePos(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<PosRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => names.some((n) => /^POS[_ ]CODE$/.test(n)),
    source,
    "place of service",
  );
  const header = records[headerAt]!;
  const col = columnsByName(
    header.cells.map((c) => c.trim().toUpperCase()),
    COLUMNS,
    { source, line: header.line },
  );
  const rows: PosRow[] = [];
  const seen = new Map<string, number>();
  let unassigned = 0;
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    const raw = cell(cells, col.code);
    if (!/^\d{1,2}$/.test(raw)) fail(at, `expected a 2-digit place of service code, got "${raw}"`);
    const code = raw.padStart(2, "0");
    const earlier = seen.get(code);
    if (earlier !== undefined) fail(at, `place of service ${code} appears twice (also line ${earlier})`);
    seen.set(code, line);
    const type = cell(cells, col.type).toLowerCase();
    if (type === "unassigned") {
      unassigned++;
      continue;
    }
    if (type !== "facility" && type !== "non-facility") {
      fail(at, `expected pos_type Facility, Non-Facility or Unassigned, got "${cell(cells, col.type)}"`);
    }
    rows.push({ code, setting: type, name: cell(cells, col.name) });
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no place of service codes");
  const from = monthFromName(source);
  if (from === undefined) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell the list's date: put the month in the file name (for example pos_codes_2024-06.csv) and import again",
    );
  }
  const edition = {
    table: "pos" as const,
    source,
    release: `Place of service codes ${from.slice(0, 7)}`,
    effectiveFrom: from,
    effectiveThrough: null,
  };
  const warnings = unassigned > 0 ? [`${unassigned} unassigned codes left out`] : undefined;
  return warnings ? { edition, rows, warnings } : { edition, rows };
}
