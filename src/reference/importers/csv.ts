import { CsvError, parse } from "csv-parse/sync";
import { ImportError, type Place } from "./errors.js";

/** One csv record with the line it starts on (records may span lines inside quotes). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** Parses csv text into records, keeping blank lines so that line numbers stay true. */
export function readCsv(text: string, source: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // The typings describe plain records; with `info` each record comes with its position.
    parsed = parse(text, { info: true, relax_column_count: true }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportError(source, line, `malformed csv: ${error.message.replace(/ at line \d+/, "")}`);
    }
    throw error;
  }
  const records: CsvRecord[] = [];
  let previousEnd = 0;
  for (const { record, info } of parsed) {
    records.push({ cells: record, line: previousEnd + 1 });
    previousEnd = info.lines;
  }
  return records;
}

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

/** Header text as people read it: line breaks and runs of spaces folded, upper case. */
export function headerName(cell: string): string {
  return cell.replace(/\s+/g, " ").trim().toUpperCase();
}

/**
 * Finds the header record by content: the first record, within the first `within`
 * records, that `isHeader` accepts. CMS puts a varying number of caption lines above it.
 */
export function findHeader(
  records: readonly CsvRecord[],
  isHeader: (names: string[]) => boolean,
  source: string,
  what: string,
  within = 40,
): number {
  const end = Math.min(records.length, within);
  for (let i = 0; i < end; i++) {
    if (isHeader(records[i]!.cells.map(headerName))) return i;
  }
  throw new ImportError(source, undefined, `no ${what} header row in the first ${within} lines`);
}

/**
 * Column positions by header name. Each wanted column gives the names it may go by
 * (CMS and the normalised files name the same column differently); a missing
 * column is an error that lists what the header does hold.
 */
export function columnsByName<K extends string>(
  names: readonly string[],
  wanted: Record<K, readonly (string | RegExp)[]>,
  at: Place,
  optional: readonly NoInfer<K>[] = [],
): Record<K, number> {
  const found = {} as Record<K, number>;
  for (const key of Object.keys(wanted) as K[]) {
    const index = names.findIndex((name) =>
      wanted[key].some((alias) =>
        typeof alias === "string" ? name === alias.toUpperCase() : alias.test(name),
      ),
    );
    if (index < 0 && !optional.includes(key)) {
      const shown = names.filter((n) => n !== "").join(", ");
      throw new ImportError(
        at.source,
        at.line,
        `no column ${describe(wanted[key][0]!)} in the header (found: ${shown})`,
      );
    }
    found[key] = index;
  }
  return found;
}

function describe(alias: string | RegExp): string {
  return typeof alias === "string" ? `"${alias}"` : alias.source;
}

/** The cell at `index`, trimmed; "" when the record is short or the column is absent. */
export function cell(cells: readonly string[], index: number): string {
  return index < 0 ? "" : (cells[index] ?? "").trim();
}
