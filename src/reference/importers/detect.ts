import { unzipSync } from "fflate";
import type { TableName } from "../types.js";
import { nameParts } from "./editions.js";
import { ImportError } from "./errors.js";
import { ORDER_FILE_LINE } from "./icd10cm.js";
import { OFFICIAL_PTP_LINE } from "./ptp.js";
import { decode, gunzipHead, isGzip, isZip, looksBinary } from "./text.js";
import { ZIP5_LINE } from "./zip5.js";

/** Enough of a file to see its captions and header: CMS puts at most ~10 lines above it. */
const HEAD_BYTES = 64 * 1024;
const HEAD_LINES = 40;

/**
 * Which reference table a file holds, judged by its content first (header cells, the
 * shape of fixed-width records) and by its name only when the content says nothing, so
 * that a renamed file still imports and a misnamed one is not taken for something else.
 */
export function detectKind(buffer: Buffer, name: string): TableName {
  if (buffer.length === 0) throw new ImportError(name, undefined, "the file is empty");
  const head = isGzip(buffer) ? gunzipHead(buffer, HEAD_BYTES) : buffer.subarray(0, HEAD_BYTES);
  if (head.length === 0)
    throw new ImportError(name, undefined, "damaged gzip data, or an empty file inside it");
  if (isZip(head)) {
    if (isHcpcsWorkbook(buffer)) return "hcpcs";
    throw new ImportError(
      name,
      undefined,
      isWorkbook(buffer)
        ? "not a recognised CMS reference file: the only workbook cleanclaim reads is the HCPCS Level II file (others: import the csv)"
        : "not a recognised CMS reference file: this is a zip archive (the import command unpacks archives itself)",
    );
  }
  if (looksBinary(head)) {
    throw new ImportError(
      name,
      undefined,
      "not a recognised CMS reference file: it holds binary data, not text",
    );
  }
  const kind = kindFromContent(decode(head)) ?? kindFromName(name);
  if (kind === undefined) {
    throw new ImportError(
      name,
      undefined,
      "not a recognised CMS reference file: no known header or record layout",
    );
  }
  return kind;
}

export function kindFromContent(text: string): TableName | undefined {
  const lines = text.split(/\r?\n/, HEAD_LINES);
  const first = lines.find((line) => line.trim() !== "") ?? "";
  if (ZIP5_LINE.test(first) && first.length >= 80) return "zip-locality";
  if (ORDER_FILE_LINE.test(first)) return "icd10cm";
  if (lines.some((line) => OFFICIAL_PTP_LINE.test(line) || line.startsWith("Column 1\tColumn 2")))
    return "ptp";
  for (const line of lines) {
    const kind = kindFromHeader(line.split(",").map((cell) => cell.replace(/"/g, "").trim().toUpperCase()));
    if (kind) return kind;
  }
  return undefined;
}

function kindFromHeader(cells: string[]): TableName | undefined {
  const has = (name: string) => cells.includes(name);
  const some = (test: RegExp) => cells.some((cell) => test.test(cell));
  if (cells[0] === "HCPCS" && has("MOD")) return "rvu";
  if (cells[0] === "HCPC" && has("RECID")) return "hcpcs";
  if (some(/\bGPCI\b/) && some(/LOCALITY/)) return "gpci";
  if (has("COUNTIES") && some(/^LOCALITY/)) return "locality-counties";
  if (has("COLUMN1") && has("COLUMN2") && has("MODIFIER_INDICATOR")) return "ptp";
  if (has("MUE_UNITS") || (some(/MUE VALUES$/) && some(/ADJUDICATION INDICATOR$/))) return "mue";
  if (some(/^ADD[-_ ]?ON[_ ]CODE$/) && some(/^PRIMARY[_ ]CODE$/)) return "aoc";
  if (some(/ICD-?10/) && (has("BILLABLE") || some(/^VALID/))) return "icd10cm";
  if (some(/^POS[_ ]CODE$/)) return "pos";
  if (has("ADJ_CODE") && has("ADJ_TYPE")) return "remit-codes";
  return undefined;
}

/**
 * CMS's own names, for files whose content matched nothing: the parser then reports what
 * exactly is wrong (a missing header, a cut-off record) rather than "not recognised".
 */
const NAMES: [RegExp, TableName][] = [
  [/PPRRVU/i, "rvu"],
  [/GPCI/i, "gpci"],
  [/\d\dLOCCO/i, "locality-counties"],
  [/^ZIP5_/i, "zip-locality"],
  [/ccipra|ptp/i, "ptp"],
  [/\bmue|_mue/i, "mue"],
  [/\baoc|add-?on/i, "aoc"],
  [/icd-?10-?cm/i, "icd10cm"],
  [/^HCPC\d{4}/i, "hcpcs"],
  [/pos[-_]codes|place[-_ ]of[-_ ]service/i, "pos"],
  [/carc|rarc/i, "remit-codes"],
];

export function kindFromName(name: string): TableName | undefined {
  const base = nameParts(name)[0]!;
  return NAMES.find(([pattern]) => pattern.test(base))?.[1];
}

export function isWorkbook(buffer: Buffer): boolean {
  try {
    const files = unzipSync(buffer, { filter: (file) => file.name === "xl/workbook.xml" });
    return "xl/workbook.xml" in files;
  } catch {
    return false;
  }
}

/** An xlsx whose strings (shared, or inline in the first sheet) hold the HCPCS header cells. */
function isHcpcsWorkbook(buffer: Buffer): boolean {
  try {
    const files = unzipSync(buffer, {
      filter: (file) => file.name === "xl/sharedStrings.xml" || file.name === "xl/worksheets/sheet1.xml",
    });
    return Object.values(files).some((xml) => {
      const text = decode(xml);
      return /<t[^>]*>HCPC<\/t>/.test(text) && /<t[^>]*>RECID<\/t>/.test(text);
    });
  } catch {
    return false;
  }
}
