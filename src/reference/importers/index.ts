import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import type { EditionPart, ParsedTable, PtpRow, TableName, TableRows } from "../types.js";
import { parseAoc } from "./aoc.js";
import { parseClaimStatusCodes } from "./claim-status-codes.js";
import { companionReason, fixedWidthCopyReason } from "./companions.js";
import { dropCopies, ptpPart } from "./copies.js";
import { inspectKind, isWorkbook, kindFromContent } from "./detect.js";
import { ImportError } from "./errors.js";
import { parseGpci } from "./gpci.js";
import { parseHcpcs, parseHcpcsXlsx } from "./hcpcs.js";
import { parseIcd10cm } from "./icd10cm.js";
import { parseLocalityCounties } from "./locality-counties.js";
import { parseMue } from "./mue.js";
import { parsePolicy } from "./policy.js";
import { parsePos } from "./pos.js";
import { parsePprrvu } from "./pprrvu.js";
import type { ParseOptions, ProgressHook } from "./progress.js";
import { parsePtp, ptpRowsDigest, ptpVersion } from "./ptp.js";
import { parseRemitCodes } from "./remit-codes.js";
import { decode, isZip, looksBinary } from "./text.js";
import { workbookToCsv } from "./workbook.js";
import { parseZip5 } from "./zip5.js";

export { detectKind } from "./detect.js";
export { ImportError } from "./errors.js";
export type { ParseOptions, ProgressHook } from "./progress.js";
export {
  parseAoc,
  parseClaimStatusCodes,
  parseGpci,
  parseHcpcs,
  parseHcpcsXlsx,
  parseIcd10cm,
  parseLocalityCounties,
  parseMue,
  parsePolicy,
  parsePos,
  parsePprrvu,
  parsePtp,
  parseRemitCodes,
  parseZip5,
};

/** One parsed file: an edition of whichever table the file turned out to hold. */
export type AnyParsedTable = ParsedTable<TableRows[TableName]>;

const PARSERS: {
  [K in TableName]: (input: Buffer, source: string, options?: ParseOptions) => ParsedTable<TableRows[K]>;
} = {
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
  "claim-status-codes": parseClaimStatusCodes,
  policy: parsePolicy,
};

/**
 * Parses one reference file, whatever it is (gzip accepted). An xlsx workbook must come
 * through `expandInputs`, which reads it (asynchronously) into csv; `parseHcpcsXlsx`
 * reads one directly. A file that is not a table cleanclaim imports is an error.
 */
export function parseReferenceFile(buffer: Buffer, name: string, options: ParseOptions = {}): AnyParsedTable {
  const verdict = classify({ name, buffer });
  if ("skip" in verdict) throw new ImportError(name, undefined, verdict.skip);
  return parseAs(verdict.kind, buffer, name, options);
}

function parseAs(kind: TableName, buffer: Buffer, name: string, options: ParseOptions): AnyParsedTable {
  if (isZip(buffer)) {
    throw new ImportError(
      name,
      undefined,
      "an xlsx workbook: import it with the import command, which reads workbooks",
    );
  }
  return PARSERS[kind](buffer, name, options);
}

/** What to do with a file: parse it as a table, or leave it out for a reason. */
type Verdict = { kind: TableName } | { skip: string };

/**
 * A file named on the command line must be a table cleanclaim reads: any reason to skip
 * it becomes an error. An archive member may be anything CMS put beside the data (the
 * anesthesia file, a fixed-width copy, a file of unknown layout): it is left out and the
 * user is told why. Damaged data is an error either way.
 */
function classify(file: InputFile): Verdict {
  const companion = companionReason(file.name);
  if (companion !== undefined) return { skip: companion };
  const detection = inspectKind(file.buffer, file.name);
  if ("problem" in detection) {
    if (file.archived && detection.unknown) return { skip: detection.problem };
    throw new ImportError(file.name, undefined, detection.problem);
  }
  if (detection.by === "name") {
    const copy = fixedWidthCopyReason(detection.kind, file.name);
    if (copy !== undefined) return { skip: copy };
  }
  return { kind: detection.kind };
}

export interface ReadOptions extends ParseOptions, Pick<ExpandOptions, "nameOf"> {
  /**
   * Told about each archive member left out (a document, a companion file CMS ships with
   * the data, a member of unknown layout) and each copy of an edition already read in
   * another format, with the reason.
   */
  onSkipped?: (name: string, reason: string) => void;
}

/**
 * Parses several files, joining the parts CMS splits one edition into: the practitioner
 * PTP edits come as four files (ccipra-...-f1 to f4) that together make one quarter.
 * Copies of one edition in several formats are read once (see `dropCopies`). Archive
 * members that are not tables cleanclaim reads are skipped and reported; any other file
 * must parse. `onProgress` follows the whole batch, weighted by file size.
 */
export function parseReferenceFiles(
  files: readonly InputFile[],
  options: ReadOptions = {},
): AnyParsedTable[] {
  return parseFiles(files, options).tables;
}

function parseFiles(
  files: readonly InputFile[],
  options: ReadOptions,
): { tables: AnyParsedTable[]; parsed: Set<string> } {
  const total = files.reduce((sum, file) => sum + file.buffer.length, 0);
  const overall = atMostOncePerPercent(options.onProgress);
  let done = 0;
  const parsed: AnyParsedTable[] = [];
  const names = new Set<string>();
  for (const file of files) {
    const size = file.buffer.length;
    const verdict = classify(file);
    if ("skip" in verdict) {
      if (!file.archived) throw new ImportError(file.name, undefined, verdict.skip);
      options.onSkipped?.(file.name, verdict.skip);
    } else {
      const onProgress = overall && ((fraction: number) => overall((done + fraction * size) / total));
      parsed.push(parseAs(verdict.kind, file.buffer, file.name, onProgress ? { onProgress } : {}));
      names.add(file.name);
    }
    done += size;
    overall?.(total === 0 ? 1 : done / total);
  }
  const { kept, dropped } = dropCopies(parsed);
  for (const { table, keptInstead } of dropped) {
    const { edition, rows } = keptInstead;
    options.onSkipped?.(
      table.edition.source,
      `the same ${edition.table} edition (${edition.release}, ${rows.length.toLocaleString("en-US")} rows) as ${edition.source}, which is imported instead`,
    );
  }
  return { tables: joinPtpParts(kept), parsed: names };
}

/** The hook, called only when the whole percentage rises: at most 101 times for a batch. */
function atMostOncePerPercent(hook: ProgressHook | undefined): ProgressHook | undefined {
  if (!hook) return undefined;
  let shown = -1;
  return (fraction) => {
    const percent = Math.floor(Math.min(1, fraction) * 100);
    if (percent <= shown) return;
    shown = percent;
    hook(Math.min(1, fraction));
  };
}

/**
 * Joins the numbered parts of one PTP quarter into one edition, in part order, and records
 * each part (number, version, rows, digest) so that parts imported by later commands join
 * the same edition (see `commitEditions`). Only numbered parts join: a whole-quarter file
 * next to them (the normalised csv, say) would double every edit.
 */
function joinPtpParts(tables: readonly AnyParsedTable[]): AnyParsedTable[] {
  const joined: AnyParsedTable[] = [];
  const groups = new Map<string, AnyParsedTable[]>();
  for (const table of tables) {
    const { edition } = table;
    if (edition.table !== "ptp") {
      joined.push(table);
      continue;
    }
    const key = `${edition.release} ${edition.effectiveFrom}`;
    const group = groups.get(key);
    if (group) group.push(table);
    else {
      groups.set(key, [table]);
      joined.push(table);
    }
  }
  for (const group of groups.values()) {
    const whole = group.find((t) => ptpPart(t.edition.source) === "");
    if (whole && group.length > 1) {
      const other = group.find((t) => t !== whole)!;
      const [first, second] = group.indexOf(whole) < group.indexOf(other) ? [whole, other] : [other, whole];
      throw new ImportError(
        `${first.edition.source} and ${second.edition.source}`,
        undefined,
        `both hold NCCI PTP edits for ${whole.edition.release} (from ${whole.edition.effectiveFrom}), one as a whole quarter and one as a part: import the whole-quarter file or the parts, not both`,
        "conflict",
      );
    }
    if (whole) continue;
    // Parts of different NCCI versions do not make one quarter, whether they are imported
    // together or one at a time (the store refuses the second case too).
    const versions = [
      ...new Set(group.map((t) => ptpVersion(t.edition.source)).filter((v) => v !== undefined)),
    ];
    if (versions.length > 1) {
      throw new ImportError(
        group.map((t) => t.edition.source).join(" and "),
        undefined,
        `these parts of ${group[0]!.edition.release} are of different NCCI versions (${versions.join(", ")}): parts of different versions do not make one edition; import every part of one version`,
        "conflict",
      );
    }
    const sorted = [...group].sort(
      (a, b) => Number(ptpPart(a.edition.source)) - Number(ptpPart(b.edition.source)),
    );
    const head = group[0]!;
    const rows = sorted.length === 1 ? head.rows : sorted.flatMap((t) => t.rows);
    const warnings = sorted.flatMap((t) => t.warnings ?? []);
    const parts = sorted.map((t) => describePart(t));
    const joinedTable: AnyParsedTable = {
      edition: { ...head.edition, source: parts.map((p) => p.source).join(" + "), parts },
      rows,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    joined[joined.indexOf(head)] = joinedTable;
  }
  return joined;
}

function describePart(table: AnyParsedTable): EditionPart {
  const { source } = table.edition;
  const version = ptpVersion(source);
  return {
    part: Number(ptpPart(source)),
    ...(version !== undefined ? { version } : {}),
    source,
    rows: table.rows.length,
    digest: ptpRowsDigest(table.rows as PtpRow[]),
  };
}

/**
 * `expandInputs` then `parseReferenceFiles`, as `cleanclaim data import` does it. Each
 * file named must give something to import: an archive whose every member was skipped is
 * an error (it is not the download the user meant), not a silent success.
 */
export async function readReferenceInputs(
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<AnyParsedTable[]> {
  const files = await expandInputs(paths, {
    ...(options.onSkipped ? { onSkipped: options.onSkipped } : {}),
    ...(options.nameOf ? { nameOf: options.nameOf } : {}),
  });
  const { tables, parsed } = parseFiles(files, options);
  for (const path of paths) {
    const given = options.nameOf?.(path) ?? path;
    if ([...parsed].some((name) => name === given || name.startsWith(`${given}!`))) continue;
    throw new ImportError(
      given,
      undefined,
      "nothing to import: no member of this archive is a table cleanclaim reads (each member skipped is listed with its reason)",
    );
  }
  return tables;
}

export interface InputFile {
  /** As the user gave it; a member of an archive is "archive.zip!member.csv". */
  name: string;
  /** The file's bytes; for an xlsx workbook, the csv of its first sheet. */
  buffer: Buffer;
  /** A member of an archive: left out, not fatal, when it is not a table cleanclaim reads. */
  archived?: boolean;
}

export interface ExpandOptions {
  /** Told about each archive member left out as a document or a companion file, with the reason. */
  onSkipped?: (name: string, reason: string) => void;
  /**
   * The name a file is known by (its editions' `source`, messages): the path as given when
   * absent. The service passes the upload's own name, so no server path is recorded or shown.
   */
  nameOf?: (path: string) => string;
}

/**
 * Reads the files named, unpacking zip archives (and zips inside them) and reading xlsx
 * workbooks into csv. Members that are plainly documents, or companion files CMS ships
 * with the data (`companionReason`), are left out before any workbook is read; the rest
 * are returned, marked `archived`.
 */
export async function expandInputs(
  paths: readonly string[],
  options: ExpandOptions = {},
): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const path of paths) {
    const name = options.nameOf?.(path) ?? path;
    let buffer: Buffer;
    try {
      buffer = await readFile(path);
    } catch (error) {
      throw new ImportError(
        name,
        undefined,
        `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`,
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "not-found" : "invalid-reference-file",
      );
    }
    expand({ name, buffer }, files, options);
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
    const reason = documentReason(member, buffer) ?? companionReason(name);
    if (reason) {
      options.onSkipped?.(name, reason);
      continue;
    }
    expand({ name, buffer, archived: true }, into, options);
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
