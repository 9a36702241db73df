import { createHash } from "node:crypto";
import { fromYyyymmdd, type IsoDate, isIsoDate } from "../../model/dates.js";
import type { EditionInfo, ModifierIndicator, ParsedTable, PtpRow } from "../types.js";
import {
  matchName,
  ncciQuarterFromName,
  type Quarter,
  quarterEnd,
  quarterLabel,
  quarterOf,
  quarterStart,
} from "./editions.js";
import { fail, ImportError, type Place } from "./errors.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/**
 * NCCI procedure-to-procedure edits, practitioner. Two layouts:
 * - the official tab-delimited file (ccipra-vNNNrN-fN.TXT): a 6-line header block, then
 *   column 1, column 2, pre-1996 flag, effective and deletion dates (YYYYMMDD, "*" = not
 *   deleted), modifier indicator, rationale;
 * - a normalised csv: column1, column2, deletion_date (ISO, blank = not deleted),
 *   modifier_indicator, ptp_edit_rationale.
 *
 * A quarter holds 2.5 million rows, so this reader avoids per-row regular expressions and
 * interns the few thousand distinct codes, dates and rationales: each distinct value is
 * checked once, and the rows share one string per value.
 */

/** A data line of the official layout: two codes, the pre-1996 flag, then an 8-digit date. */
export const OFFICIAL_PTP_LINE = /^[0-9A-Z]{5}\t[0-9A-Z]{5}\t\*?\t\d{8}\t/;
const MAX_HEADER_LINES = 12;

interface Columns {
  column1: number;
  column2: number;
  effective: number;
  deletion: number;
  modifier: number;
  rationale: number;
}

const OFFICIAL: Columns = { column1: 0, column2: 1, effective: 3, deletion: 4, modifier: 5, rationale: 6 };

export function parsePtp(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<PtpRow> {
  const text = readText(input, source);
  const head = text.slice(0, 4096);
  const progress = new Progress(options.onProgress, text.length);
  const table = head.includes("\t")
    ? readOfficial(text, source, progress)
    : readNormalised(text, source, progress);
  progress.end();
  return table;
}

function readOfficial(text: string, source: string, progress: Progress): ParsedTable<PtpRow> {
  rejectHospitalEdits(source);
  // The header block (AMA notice, title, column titles wrapped over four lines) precedes the first data line.
  let pos = 0;
  let line = 1;
  while (!OFFICIAL_PTP_LINE.test(text.slice(pos, pos + 40))) {
    const end = text.indexOf("\n", pos);
    if (line >= MAX_HEADER_LINES || end < 0) {
      throw new ImportError(source, undefined, `no PTP data row in the first ${MAX_HEADER_LINES} lines`);
    }
    pos = end + 1;
    line++;
  }
  const dates = new DateReader("YYYYMMDD");
  const rows = readRows(text, pos, line, "\t", OFFICIAL, dates, source, progress);
  return { ...ptpEdition(source, dates.latestEffective, rows.length), rows };
}

function readNormalised(text: string, source: string, progress: Progress): ParsedTable<PtpRow> {
  rejectHospitalEdits(source);
  const headerEnd = text.indexOf("\n");
  const names = text
    .slice(0, headerEnd < 0 ? text.length : headerEnd)
    .replace(/\r$/, "")
    .split(",")
    .map((n) => n.trim().toLowerCase().replace(/^"|"$/g, ""));
  const at = { source, line: 1 };
  const find = (what: string, ...aliases: string[]): number => {
    const index = names.findIndex((n) => aliases.includes(n));
    if (index < 0) fail(at, `no column ${what} in the header (found: ${names.join(", ")})`);
    return index;
  };
  const columns: Columns = {
    column1: find("column1", "column1", "column_1", "column 1"),
    column2: find("column2", "column2", "column_2", "column 2"),
    effective: names.findIndex((n) => n === "effective_date" || n === "effective date"),
    deletion: find("deletion_date", "deletion_date", "deletion date"),
    modifier: find("modifier_indicator", "modifier_indicator", "modifier indicator"),
    rationale: find("ptp_edit_rationale", "ptp_edit_rationale", "ptp edit rationale", "rationale"),
  };
  const dates = new DateReader("ISO");
  const rows = headerEnd < 0 ? [] : readRows(text, headerEnd + 1, 2, ",", columns, dates, source, progress);
  return { ...ptpEdition(source, dates.latestEffective, rows.length), rows };
}

function readRows(
  text: string,
  start: number,
  firstLine: number,
  delimiter: string,
  col: Columns,
  dates: DateReader,
  source: string,
  progress: Progress,
): PtpRow[] {
  const rows: PtpRow[] = [];
  const codes = new Map<string, string>();
  const rationales = new Map<string, string>();
  const width =
    Math.max(col.column1, col.column2, col.effective, col.deletion, col.modifier, col.rationale) + 1;
  const at: Place = { source, line: firstLine };
  const code = (raw: string, what: string): string => {
    let known = codes.get(raw);
    if (known === undefined) {
      const trimmed = raw.trim().toUpperCase();
      if (!/^[0-9A-Z]{5}$/.test(trimmed)) fail(at, `expected a 5-character ${what} code, got "${raw}"`);
      known = trimmed;
      codes.set(raw, known);
    }
    return known;
  };
  let nextQuote = delimiter === "," ? text.indexOf('"', start) : -1;
  let pos = start;
  let line = firstLine - 1;
  let lastRowTerminated = true;
  // One array reused for every row: allocating 2.5 million arrays costs more than the parsing.
  const cells: string[] = [];
  let count = 0;
  while (pos < text.length) {
    progress.at(pos);
    line++;
    at.line = line;
    let end = text.indexOf("\n", pos);
    let terminated = end >= 0;
    if (end < 0) end = text.length;
    if (nextQuote >= 0 && nextQuote < end) {
      const quoted = splitQuotedRecord(text, pos, at);
      count = quoted.cells.length;
      for (let i = 0; i < count; i++) cells[i] = quoted.cells[i]!;
      end = quoted.end;
      terminated = end < text.length;
      line += quoted.lineBreaks;
      nextQuote = text.indexOf('"', end);
    } else {
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      count = splitFields(text, pos, stop, delimiter, cells);
    }
    pos = end + 1;
    if (count === 1 && cells[0]!.trim() === "") continue;
    if (count < width) fail(at, `expected ${width} fields, got ${count}: the row is cut short`);
    if (count > width && col.rationale !== width - 1) fail(at, `expected ${width} fields, got ${count}`);
    const indicator = cells[col.modifier]!.trim();
    if (indicator !== "0" && indicator !== "1" && indicator !== "9") {
      fail(at, `expected modifier indicator 0, 1 or 9, got "${indicator}"`);
    }
    // Extra delimiters can only belong to an unquoted last field: the rationale.
    const rawRationale =
      count > width ? cells.slice(col.rationale, count).join(delimiter) : cells[col.rationale]!;
    let rationale = rationales.get(rawRationale);
    if (rationale === undefined) {
      rationale = rawRationale.trim();
      rationales.set(rawRationale, rationale);
    }
    rows.push({
      column1: code(cells[col.column1]!, "column 1"),
      column2: code(cells[col.column2]!, "column 2"),
      effective: col.effective < 0 ? null : dates.effective(cells[col.effective]!, at),
      deletion: dates.deletion(cells[col.deletion]!, at),
      modifierIndicator: indicator as ModifierIndicator,
      rationale,
    });
    lastRowTerminated = terminated;
  }
  // A download cut short ends without a line break, often inside the rationale: such a last
  // row counts only when its rationale is one the file used before.
  if (!lastRowTerminated) {
    const last = rows[rows.length - 1]!;
    const usedBefore = rows.some((row, i) => i < rows.length - 1 && row.rationale === last.rationale);
    if (!usedBefore) {
      fail(at, `the file ends inside a row ("${cells.slice(0, count).join(" | ")}"): it looks cut off`);
    }
  }
  return rows;
}

/** Splits text[start, end) on the delimiter into `into`; returns the number of fields. */
function splitFields(text: string, start: number, end: number, delimiter: string, into: string[]): number {
  let count = 0;
  let from = start;
  for (let at = text.indexOf(delimiter, from); at >= 0 && at < end; at = text.indexOf(delimiter, from)) {
    into[count++] = text.slice(from, at);
    from = at + 1;
  }
  into[count++] = text.slice(from, end);
  return count;
}

/** Reads dates once per distinct value; CMS files repeat a few thousand dates millions of times. */
class DateReader {
  private readonly seen = new Map<string, IsoDate | null>();
  latestEffective: IsoDate | undefined;

  constructor(private readonly format: "YYYYMMDD" | "ISO") {}

  effective(raw: string, at: Place): IsoDate {
    const date = this.read(raw, "effective date", at, false)!;
    if (this.latestEffective === undefined || date > this.latestEffective) this.latestEffective = date;
    return date;
  }

  /** The last date the edit is in force; "*" (official) or blank (csv) when not deleted. */
  deletion(raw: string, at: Place): IsoDate | null {
    return this.read(raw, "deletion date", at, true);
  }

  private read(raw: string, what: string, at: Place, openEnded: boolean): IsoDate | null {
    const known = this.seen.get(raw);
    if (known !== undefined && (known !== null || openEnded)) return known;
    const value = raw.trim();
    let date: IsoDate | null | undefined;
    if (openEnded && (value === "" || value === "*")) date = null;
    else if (this.format === "YYYYMMDD") date = fromYyyymmdd(value);
    else date = isIsoDate(value) ? value : undefined;
    if (date === undefined) {
      const shape = this.format === "YYYYMMDD" ? `YYYYMMDD${openEnded ? ' or "*"' : ""}` : "YYYY-MM-DD";
      fail(at, `expected the ${what} as ${shape}, got "${raw}"`);
    }
    this.seen.set(raw, date);
    return date;
  }
}

/**
 * One csv record from `start` that contains quotes, possibly spanning lines. Returns the
 * index of the line break that ends it (or the text length).
 */
function splitQuotedRecord(
  text: string,
  start: number,
  at: Place,
): { cells: string[]; end: number; lineBreaks: number } {
  const cells: string[] = [];
  let field = "";
  let i = start;
  let lineBreaks = 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") lineBreaks++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === ",") {
      cells.push(field);
      field = "";
    } else if (ch === "\n") break;
    else if (ch !== "\r" || text[i + 1] !== "\n") field += ch;
  }
  if (quoted) fail(at, "a quoted field is never closed: the file looks cut off");
  cells.push(field);
  return { cells, end: i, lineBreaks };
}

function rejectHospitalEdits(source: string): void {
  if (matchName(source, /ccioph|hospital/i)) {
    throw new ImportError(
      source,
      undefined,
      "these are the NCCI outpatient hospital edits; cleanclaim checks professional claims with the practitioner edits (ccipra)",
    );
  }
}

/**
 * The quarter comes from the file name ("2024q3", "2026-07-01", or the NCCI version
 * "v322r0"). Failing that, the official layout's latest effective date says which
 * quarter the file was built for (a guess, so it warns). Otherwise the user must say.
 */
function ptpEdition(
  source: string,
  latestEffective: IsoDate | undefined,
  rows: number,
): { edition: EditionInfo; warnings?: string[] } {
  if (rows === 0) throw new ImportError(source, undefined, "no PTP rows");
  const named = ncciQuarterFromName(source);
  let quarter: Quarter;
  const warnings: string[] = [];
  if (named) quarter = named.quarter;
  else if (latestEffective !== undefined) {
    quarter = quarterOf(latestEffective);
    warnings.push(
      `no quarter in the file name: dated ${quarterLabel(quarter)} from the latest effective date (${latestEffective}); rename the file with its quarter if that is wrong`,
    );
  } else {
    throw new ImportError(
      source,
      undefined,
      "cannot tell which NCCI quarter this file is: put it in the file name (for example ptp_practitioner_2024q3.csv) and import again",
    );
  }
  const edition: EditionInfo = {
    table: "ptp",
    source,
    release: `NCCI PTP practitioner ${quarterLabel(quarter)}`,
    effectiveFrom: quarterStart(quarter),
    effectiveThrough: quarterEnd(quarter),
  };
  return warnings.length > 0 ? { edition, warnings } : { edition };
}

/**
 * How many numbered files CMS splits a practitioner PTP quarter into (ccipra-vNNNrN-f1 to
 * -f4 on the NCCI PTP edits page). Used only to tell a user which parts are still missing.
 */
export const PTP_PRACTITIONER_PARTS = 4;

/** The NCCI version a file name states ("ccipra-v322r0-f1.TXT" gives "v322r0"). */
export function ptpVersion(source: string): string | undefined {
  return matchName(source, /(?:^|[^a-z])(v\d{3}r\d+)/i)?.[1]?.toLowerCase();
}

/**
 * sha256 of PTP rows in file order: the same part imported again has the same digest. Each
 * row is hashed as six integers (ids of its distinct values, in order of first use) and the
 * value lists last, so that 2.5 million rows cost a few map lookups each, not a string.
 */
export function ptpRowsDigest(rows: readonly PtpRow[]): string {
  const hash = createHash("sha256");
  const ids = new Map<string | null, number>();
  const id = (value: string | null): number => {
    let known = ids.get(value);
    if (known === undefined) {
      known = ids.size;
      ids.set(value, known);
    }
    return known;
  };
  const block = new Uint32Array(6 * 8192);
  let at = 0;
  for (const r of rows) {
    block[at++] = id(r.column1);
    block[at++] = id(r.column2);
    block[at++] = id(r.effective);
    block[at++] = id(r.deletion);
    block[at++] = id(r.modifierIndicator);
    block[at++] = id(r.rationale);
    if (at === block.length) {
      hash.update(block);
      at = 0;
    }
  }
  hash.update(block.subarray(0, at));
  hash.update(JSON.stringify([...ids.keys()]));
  return hash.digest("hex");
}
