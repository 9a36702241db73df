import type { GpciRow, ParsedTable } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { fail, ImportError } from "./errors.js";
import { decimal, localityNumber, macNumber, withoutFootnoteMarks } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/** MPFS Addendum E: GPCIs by MAC and locality. */
const COLUMNS = {
  mac: [/^MEDICARE ADMINI?STRATIVE CONTRACTOR/, "MAC", "CONTRACTOR"],
  state: ["STATE"],
  locality: ["LOCALITY NUMBER", "LOCALITY"],
  name: ["LOCALITY NAME"],
  work: [/\bP?W(ORK)? GPCI\b/],
  pe: [/\bPE GPCI\b/],
  mp: [/\bMP GPCI\b/],
} as const;

export function parseGpci(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<GpciRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => names.some((n) => n.includes("LOCALITY")) && names.some((n) => /\bPE GPCI\b/.test(n)),
    source,
    "GPCI",
  );
  const header = records[headerAt]!;
  const names = header.cells.map((c) => c.replace(/\s+/g, " ").trim().toUpperCase());
  const col = columnsByName(names, COLUMNS, { source, line: header.line });
  const year = /\b(20\d\d) (PW|WORK|PE|MP) GPCI/i.exec(names.join(" "))?.[1];
  if (year === undefined) {
    throw new ImportError(source, header.line, 'cannot tell the year: expected a header like "2025 PW GPCI"');
  }

  const rows: GpciRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    // Footnotes and the "MAC Assignments as of ..." line fill the first cell only.
    if (isBlank(cells) || isBlank(cells.slice(1))) continue;
    const at = { source, line };
    const mac = macNumber(cell(cells, col.mac), at);
    const locality = localityNumber(cell(cells, col.locality), at);
    const key = `${mac}-${locality}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(at, `locality ${key} appears twice (also line ${earlier})`);
    seen.set(key, line);
    const name = withoutFootnoteMarks(cell(cells, col.name));
    if (name === "") fail(at, `locality ${key} has no name`);
    rows.push({
      mac,
      locality,
      state: cell(cells, col.state).toUpperCase(),
      name,
      work: decimal(cell(cells, col.work), "work GPCI", at),
      pe: decimal(cell(cells, col.pe), "PE GPCI", at),
      mp: decimal(cell(cells, col.mp), "MP GPCI", at),
    });
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no locality rows after the header");
  return {
    edition: {
      table: "gpci",
      source,
      release: `CY${year} GPCIs (Addendum E)`,
      effectiveFrom: `${year}-01-01`,
      effectiveThrough: `${year}-12-31`,
    },
    rows,
  };
}
