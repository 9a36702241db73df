import { unzipSync } from "fflate";
import type { TableName } from "../types.js";
import { nameParts } from "./editions.js";
import { ImportError } from "./errors.js";
import { ORDER_FILE_LINE } from "./icd10cm.js";
import { POLICY_KIND } from "./policy.js";
import { OFFICIAL_PTP_LINE } from "./ptp.js";
import { decode, gunzipHead, isGzip, isZip, looksBinary } from "./text.js";
import { ZIP5_LINE } from "./zip5.js";

/** Enough of a file to see its captions and header: CMS puts at most ~10 lines above it. */
const HEAD_BYTES = 64 * 1024;
const HEAD_LINES = 40;

/** What a file's bytes say it holds: a table, and whether the content or only the name said so. */
export type Detection =
  | { kind: TableName; by: "content" | "name" }
  /** `unknown`: readable, but not a table cleanclaim knows; otherwise damaged. */
  | { problem: string; unknown: boolean };

/**
 * Which reference table a file holds, judged by its content first (header cells, the
 * shape of fixed-width records) and by its name only when the content says nothing, so
 * that a renamed file still imports and a misnamed one is not taken for something else.
 */
export function detectKind(buffer: Buffer, name: string): TableName {
  const detection = inspectKind(buffer, name);
  if ("problem" in detection) throw new ImportError(name, undefined, detection.problem);
  return detection.kind;
}

/** `detectKind` without throwing: an archive member that is not a known table is skipped, not fatal. */
export function inspectKind(buffer: Buffer, name: string): Detection {
  if (buffer.length === 0) return { problem: "the file is empty", unknown: true };
  const head = isGzip(buffer) ? gunzipHead(buffer, HEAD_BYTES) : buffer.subarray(0, HEAD_BYTES);
  if (head.length === 0) return { problem: "damaged gzip data, or an empty file inside it", unknown: false };
  if (isZip(head)) {
    if (isHcpcsWorkbook(buffer)) return { kind: "hcpcs", by: "content" };
    return {
      problem: isWorkbook(buffer)
        ? "not a recognised CMS reference file: the only workbook cleanclaim reads is the HCPCS Level II file (others: import the csv)"
        : "not a recognised CMS reference file: this is a zip archive (the import command unpacks archives itself)",
      unknown: true,
    };
  }
  if (looksBinary(head)) {
    return { problem: "not a recognised CMS reference file: it holds binary data, not text", unknown: true };
  }
  const byContent = kindFromContent(decode(head));
  if (byContent !== undefined) return { kind: byContent, by: "content" };
  const byName = kindFromName(name);
  if (byName !== undefined) return { kind: byName, by: "name" };
  return { problem: "not a recognised CMS reference file: no known header or record layout", unknown: true };
}

export function kindFromContent(text: string): TableName | undefined {
  if (POLICY_KIND.test(text)) return "policy";
  const lines = text.split(/\r?\n/, HEAD_LINES);
  const first = lines.find((line) => line.trim() !== "") ?? "";
  if (ZIP5_LINE.test(first) && first.length >= 80) return "zip-locality";
  if (ORDER_FILE_LINE.test(first)) return "icd10cm";
  if (lines.some((line) => OFFICIAL_PTP_LINE.test(line) || line.startsWith("Column 1\tColumn 2")))
    return "ptp";
  for (const line of lines) {
    const cells = line.split(",").map((cell) => cell.replace(/"/g, "").trim().toUpperCase());
    // Every csv header has several columns. A line without commas is fixed-width text, whose
    // one long "cell" may hold all the words of a header (CMS's GPCI2025.txt copy).
    if (cells.length < 3) continue;
    const kind = kindFromHeader(cells);
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
  [/claim[-_ ]?status/i, "claim-status-codes"],
  // No CMS table is JSON or YAML: such a file is meant as policy figures, and the parser says what it lacks.
  [/\.(json|ya?ml)$/i, "policy"],
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
