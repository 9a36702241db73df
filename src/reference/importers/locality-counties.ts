import type { LocalityCountyRow, ParsedTable } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { fail, ImportError } from "./errors.js";
import { localityNumber, macNumber, withoutFootnoteMarks } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/** The counties in each MPFS locality (25LOCCO.csv). */
const COLUMNS = {
  mac: [/CONTRACTOR/, "MAC"],
  locality: ["LOCALITY NUMBER", "LOCALITY"],
  state: ["STATE"],
  name: ["FEE SCHEDULE AREA", "LOCALITY NAME"],
  counties: ["COUNTIES"],
} as const;

export function parseLocalityCounties(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<LocalityCountyRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => names.includes("COUNTIES") && names.some((n) => n.startsWith("LOCALITY")),
    source,
    "locality county",
  );
  const header = records[headerAt]!;
  const col = columnsByName(
    header.cells.map((c) => c.trim().toUpperCase()),
    COLUMNS,
    { source, line: header.line },
  );
  const year = records
    .slice(0, headerAt)
    .map((r) => /\b(20\d\d) LOCALITIES\b/i.exec(r.cells.join(" "))?.[1])
    .find((y) => y !== undefined);
  if (year === undefined) {
    throw new ImportError(
      source,
      undefined,
      'cannot tell the year: expected a caption like "COUNTIES INCLUDED IN 2025 LOCALITIES"',
    );
  }

  const rows: LocalityCountyRow[] = [];
  const seen = new Map<string, { line: number; row: LocalityCountyRow }>();
  const warnings: string[] = [];
  // The file names each state once, on its first locality; later rows leave it blank.
  let state = "";
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells) || isBlank(cells.slice(1))) continue;
    const at = { source, line };
    const mac = macNumber(cell(cells, col.mac), at);
    const locality = localityNumber(cell(cells, col.locality), at);
    state = cell(cells, col.state).toUpperCase() || state;
    if (state === "") fail(at, "no state on the first locality row");
    const row = {
      mac,
      locality,
      state,
      name: withoutFootnoteMarks(cell(cells, col.name)),
      counties: cell(cells, col.counties).replace(/\s+/g, " "),
    };
    const key = `${mac}-${locality}`;
    const earlier = seen.get(key);
    if (earlier) {
      // 2025 lists 05302-99 twice, identically but for trailing spaces.
      const same = JSON.stringify(earlier.row) === JSON.stringify(row);
      if (!same) fail(at, `locality ${key} appears twice with different content (also line ${earlier.line})`);
      warnings.push(`line ${line}: locality ${key} repeats line ${earlier.line}; kept once`);
      continue;
    }
    seen.set(key, { line, row });
    rows.push(row);
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no locality rows after the header");
  const edition = {
    table: "locality-counties" as const,
    source,
    release: `CY${year} localities and counties`,
    effectiveFrom: `${year}-01-01`,
    effectiveThrough: `${year}-12-31`,
  };
  return warnings.length > 0 ? { edition, rows, warnings } : { edition, rows };
}
