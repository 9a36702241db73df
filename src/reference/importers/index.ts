import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import type { ParsedTable, TableName, TableRows } from "../types.js";
import { parseAoc } from "./aoc.js";
import { detectKind, isWorkbook, kindFromContent } from "./detect.js";
import { ImportError } from "./errors.js";
import { parseGpci } from "./gpci.js";
import { parseHcpcs, parseHcpcsXlsx } from "./hcpcs.js";
import { parseIcd10cm } from "./icd10cm.js";
import { parseLocalityCounties } from "./locality-counties.js";
import { parseMue } from "./mue.js";
import { parsePos } from "./pos.js";
import { parsePprrvu } from "./pprrvu.js";
import { parsePtp } from "./ptp.js";
import { parseRemitCodes } from "./remit-codes.js";
import { decode, isZip, looksBinary } from "./text.js";
import { workbookToCsv } from "./workbook.js";
import { parseZip5 } from "./zip5.js";

export { detectKind } from "./detect.js";
export { ImportError } from "./errors.js";
export {
  parseAoc,
  parseGpci,
  parseHcpcs,
  parseHcpcsXlsx,
  parseIcd10cm,
  parseLocalityCounties,
  parseMue,
  parsePos,
  parsePprrvu,
  parsePtp,
  parseRemitCodes,
  parseZip5,
};

/** One parsed file: an edition of whichever table the file turned out to hold. */
export type AnyParsedTable = ParsedTable<TableRows[TableName]>;

const PARSERS: { [K in TableName]: (input: Buffer, source: string) => ParsedTable<TableRows[K]> } = {
  rvu: parsePprrvu,
  gpci: parseGpci,
  "locality-counties": parseLocalityCounties,
  "zip-locality": parseZip5,
  ptp: parsePtp,
  mue: parseMue,
  aoc: parseAoc,
  icd10cm: parseIcd10cm,
  hcpcs: parseHcpcs,
  pos: parsePos,
  "remit-codes": parseRemitCodes,
};

/**
 * Parses one reference file, whatever it is (gzip accepted). An xlsx workbook must come
 * through `expandInputs`, which reads it (asynchronously) into csv; `parseHcpcsXlsx`
 * reads one directly.
 */
export function parseReferenceFile(buffer: Buffer, name: string): AnyParsedTable {
  const kind = detectKind(buffer, name);
  if (isZip(buffer)) {
    throw new ImportError(
      name,
      undefined,
      "an xlsx workbook: import it with the import command, which reads workbooks",
    );
  }
  return PARSERS[kind](buffer, name);
}

/**
 * Parses several files, joining the parts CMS splits one edition into: the practitioner
 * PTP edits come as four files (ccipra-...-f1 to f4) that together make one quarter.
 */
export function parseReferenceFiles(files: readonly InputFile[]): AnyParsedTable[] {
  const tables: AnyParsedTable[] = [];
  const parts = new Map<string, AnyParsedTable>();
  for (const file of files) {
    const table = parseReferenceFile(file.buffer, file.name);
    const { edition } = table;
    if (edition.table !== "ptp") {
      tables.push(table);
      continue;
    }
    const key = `${edition.release} ${edition.effectiveFrom}`;
    const earlier = parts.get(key);
    if (!earlier) {
      parts.set(key, table);
      tables.push(table);
      continue;
    }
    for (const row of table.rows) earlier.rows.push(row);
    earlier.edition.source = `${earlier.edition.source} + ${edition.source}`;
    if (table.warnings) earlier.warnings = [...(earlier.warnings ?? []), ...table.warnings];
  }
  return tables;
}

export interface InputFile {
  /** As the user gave it; a member of an archive is "archive.zip!member.csv". */
  name: string;
  /** The file's bytes; for an xlsx workbook, the csv of its first sheet. */
  buffer: Buffer;
}

export interface ExpandOptions {
  /** Told about each archive member left out as a document (a PDF, a readme). */
  onSkipped?: (name: string, reason: string) => void;
}

/**
 * Reads the files named, unpacking zip archives (and zips inside them) and reading xlsx
 * workbooks into csv. Members that are plainly documents are left out; every other
 * member is returned, and so must parse.
 */
export async function expandInputs(
  paths: readonly string[],
  options: ExpandOptions = {},
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const path of paths) {
    let buffer: Buffer;
    try {
      buffer = await readFile(path);
    } catch (error) {
      throw new ImportError(
        path,
        undefined,
        `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
    expand({ name: path, buffer }, files, options);
  }
  for (const file of files) {
    if (isZip(file.buffer)) file.buffer = await workbookToCsv(file.buffer, file.name);
  }
  return files;
}

/** Unpacks archives into `into`; workbooks are kept whole (an xlsx is a zip too). */
function expand(file: InputFile, into: InputFile[], options: ExpandOptions): void {
  if (!isZip(file.buffer) || isWorkbook(file.buffer)) {
    into.push(file);
    return;
  }
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(file.buffer);
  } catch (error) {
    throw new ImportError(file.name, undefined, `damaged zip archive (${(error as Error).message})`);
  }
  for (const [member, bytes] of Object.entries(members)) {
    if (member.endsWith("/") || /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/.test(member)) continue;
    const name = `${file.name}!${member}`;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const reason = documentReason(member, buffer);
    if (reason) {
      options.onSkipped?.(name, reason);
      continue;
    }
    expand({ name, buffer }, into, options);
  }
}

const DOCUMENT_EXTENSIONS = /\.(pdf|docx?|rtf|html?|md|pptx?|odt)$/i;
const DOCUMENT_NAMES = /readme|read_me|read-me|lyout|layout|record[-_ ]?layout|description|notice|license/i;

/**
 * Why a member is plainly a document, or undefined. A text member counts as one only
 * when its name says so (README, a record layout) and it holds no known table, so that
 * a data file is never dropped for its name alone.
 */
function documentReason(member: string, buffer: Buffer): string | undefined {
  if (DOCUMENT_EXTENSIONS.test(member)) return "a document, not data";
  if (!/\.txt$/i.test(member) || !DOCUMENT_NAMES.test(member.split("/").pop() ?? member)) return undefined;
  if (looksBinary(buffer) || kindFromContent(decode(buffer.subarray(0, 64 * 1024))) !== undefined)
    return undefined;
  return "a text document (readme or record layout), not data";
}
