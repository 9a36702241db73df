import type { AocRow, ParsedTable } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { monthFromName } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/**
 * NCCI add-on code edits: each add-on code with the primary codes it may be billed with.
 * A primary code of "CCCCC" means the add-on code has no listed primary (edit type 2:
 * the contractor decides), so it is kept as written.
 */
const COLUMNS = {
  primary: ["PRIMARY_CODE", "PRIMARY CODE"],
  addOn: ["ADD_ON_CODE", "ADD-ON CODE", "ADD ON CODE"],
  editType: ["AOC_EDIT_TYPE", "AOC EDIT TYPE", "EDIT TYPE"],
} as const;

export function parseAoc(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<AocRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) =>
      names.some((n) => /^ADD[-_ ]?ON[_ ]CODE$/.test(n)) && names.some((n) => /^PRIMARY[_ ]CODE$/.test(n)),
    source,
    "add-on code",
  );
  const header = records[headerAt]!;
  const col = columnsByName(
    header.cells.map((c) => c.replace(/\s+/g, " ").trim().toUpperCase()),
    COLUMNS,
    { source, line: header.line },
  );
  const rows: AocRow[] = [];
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    const primary = cell(cells, col.primary).toUpperCase();
    const addOn = cell(cells, col.addOn).toUpperCase();
    if (!/^[0-9A-Z]{5}$/.test(primary)) fail(at, `expected a 5-character primary code, got "${primary}"`);
    if (!/^[0-9A-Z]{5}$/.test(addOn)) fail(at, `expected a 5-character add-on code, got "${addOn}"`);
    const editType = cell(cells, col.editType);
    if (!/^[123]$/.test(editType)) fail(at, `expected AOC edit type 1, 2 or 3, got "${editType}"`);
    rows.push({ primary, addOn, editType });
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no add-on code rows");
  const from = monthFromName(source);
  if (from === undefined) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell when these edits start: put the month in the file name (for example aoc_2024-06.csv) and import again",
    );
  }
  return {
    edition: {
      table: "aoc",
      source,
      release: `NCCI add-on codes ${from.slice(0, 7)}`,
      effectiveFrom: from,
      effectiveThrough: null,
    },
    rows,
  };
}
