import type { ParsedTable, ZipLocalityRow } from "../types.js";
import { type Quarter, quarterLabel, quarterStart } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText, splitLines } from "./text.js";

/**
 * The CMS ZIP5 file: ZIP code to MAC and pricing locality, fixed width (ZIP5lyout.txt):
 * state 1-2, ZIP 3-7, carrier 8-12, locality 13-14, rural flag 15, year and quarter
 * (YYYYQ) 76-80. Positions below are 0-based.
 */
export const ZIP5_LINE = /^[A-Z]{2}\d{5}\d{5}\d{2}[ RB]/;
const RECORD_LENGTH = 80;

export function parseZip5(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<ZipLocalityRow> {
  const lines = splitLines(readText(input, source));
  const progress = new Progress(options.onProgress, lines.length);
  const rows: ZipLocalityRow[] = [];
  const seen = new Map<string, number>();
  const quarters = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    progress.at(i);
    const text = lines[i]!;
    const line = i + 1;
    if (text.trim() === "") continue;
    const at = { source, line };
    if (text.length < RECORD_LENGTH) {
      fail(
        at,
        `expected an ${RECORD_LENGTH}-character ZIP5 record, got ${text.length} characters: the line is cut short`,
      );
    }
    if (!ZIP5_LINE.test(text)) {
      fail(at, `expected state, ZIP, carrier and locality in columns 1-15, got "${text.slice(0, 15)}"`);
    }
    const yearQuarter = text.slice(75, 80);
    if (!/^20\d\d[1-4]$/.test(yearQuarter))
      fail(at, `expected the year and quarter (YYYYQ) in columns 76-80, got "${yearQuarter}"`);
    quarters.set(yearQuarter, (quarters.get(yearQuarter) ?? 0) + 1);
    const zip = text.slice(2, 7);
    const earlier = seen.get(zip);
    if (earlier !== undefined) fail(at, `ZIP ${zip} appears twice (also line ${earlier})`);
    seen.set(zip, line);
    rows.push({
      zip,
      state: text.slice(0, 2),
      mac: text.slice(7, 12),
      locality: text.slice(12, 14),
      rural: text[14] === " " ? "" : text[14]!,
    });
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no ZIP5 records");
  // Every record carries the file's quarter; should they differ, the latest one names the edition.
  const latest = [...quarters.keys()].sort().pop()!;
  const quarter: Quarter = {
    year: Number(latest.slice(0, 4)),
    quarter: Number(latest[4]) as Quarter["quarter"],
  };
  const edition = {
    table: "zip-locality" as const,
    source,
    release: `ZIP5 ${quarterLabel(quarter)}`,
    effectiveFrom: quarterStart(quarter),
    effectiveThrough: null,
  };
  const warnings =
    quarters.size > 1
      ? [
          `records carry ${quarters.size} different quarters (${[...quarters.keys()].join(", ")}); dated ${latest}`,
        ]
      : undefined;
  return warnings ? { edition, rows, warnings } : { edition, rows };
}
