import { CsvError, parse } from "csv-parse/sync";
import { InputError } from "../model/validate.js";

/**
 * The csv layout shared by a payer's fee table and a state's RVU table: one row per code
 * (and modifier), an optional header row, blank lines and `#` comment lines. Every problem
 * names the file and the line.
 */
export const CODE = /^[A-Z0-9]{5}$/;
export const MODIFIER = /^([A-Z0-9]{2})?$/;

export function csvProblem(source: string, line: number, message: string): InputError {
  return new InputError([{ path: `line ${line}`, message }], source);
}

/** The rows of the file: each with its cells as written (`raw`), trimmed (`cells`), and its 1-based line. */
export function codeCsvRows(
  text: string,
  source: string,
): Array<{ raw: string[]; cells: string[]; line: number }> {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      comment: "#",
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      throw csvProblem(source, line, `malformed csv: ${error.message.replace(/ at line \d+/, "")}`);
    }
    throw error;
  }
  return records.map(({ record, info }) => ({
    raw: record,
    cells: record.map((c) => c.trim()),
    line: info.lines,
  }));
}
