import type { ParsedTable, TableName, TableRows } from "../types.js";
import { nameParts } from "./editions.js";
import { ImportError } from "./errors.js";

type AnyParsedTable = ParsedTable<TableRows[TableName]>;

/** A table left out because another copy of the same edition is imported. */
export interface DroppedCopy {
  table: AnyParsedTable;
  keptInstead: AnyParsedTable;
}

/**
 * One table per edition. CMS archives carry the same file in several formats (the RVU
 * archive: PPRRVU as csv, xlsx and txt), and a user may name a file and the archive it
 * came in. Tables of the same table, release and start date are copies of one edition:
 * the csv is kept, else the xlsx, else the first given; the others are dropped, provided
 * they hold the same rows. Copies that disagree are an error naming both, since nothing
 * says which one is right.
 *
 * The practitioner PTP quarter comes in parts (ccipra-v322r0-f1 to f4) that share an
 * edition; a part is a copy only of the same part.
 */
export function dropCopies(tables: readonly AnyParsedTable[]): {
  kept: AnyParsedTable[];
  dropped: DroppedCopy[];
} {
  const groups = new Map<string, AnyParsedTable[]>();
  for (const table of tables) {
    const key = copyKey(table);
    groups.set(key, [...(groups.get(key) ?? []), table]);
  }
  const keep = new Set<AnyParsedTable>();
  const dropped: DroppedCopy[] = [];
  for (const group of groups.values()) {
    const best = group.reduce((a, b) => (formatRank(b) < formatRank(a) ? b : a));
    keep.add(best);
    for (const other of group) {
      if (other === best) continue;
      const difference = firstDifference(best.rows, other.rows);
      if (difference !== undefined) {
        const { table, release } = best.edition;
        throw new ImportError(
          `${best.edition.source} and ${other.edition.source}`,
          undefined,
          `two copies of one edition (${table} ${release}) disagree: ${difference}. Import the right one alone`,
        );
      }
      dropped.push({ table: other, keptInstead: best });
    }
  }
  return { kept: tables.filter((table) => keep.has(table)), dropped };
}

/** The part number of a practitioner PTP file (ccipra-v322r0-f2 -> "2"), or "" for a whole quarter. */
export function ptpPart(source: string): string {
  return /(?:^|[-_ ])f(\d+)(?=[-_. ]|$)/i.exec(baseName(source))?.[1] ?? "";
}

function copyKey({ edition }: AnyParsedTable): string {
  const part = edition.table === "ptp" ? ptpPart(edition.source) : "";
  return [edition.table, edition.release, edition.effectiveFrom, part].join("\u0000");
}

/** Which copy to keep: csv (plain or gzipped), then xlsx, then any other format. */
function formatRank({ edition }: AnyParsedTable): number {
  const base = baseName(edition.source);
  if (/\.csv(\.gz)?$/i.test(base)) return 0;
  if (/\.xlsx$/i.test(base)) return 1;
  return 2;
}

/** The innermost file name: "RVU25D.zip!PPRRVU2025_Oct.csv" gives "PPRRVU2025_Oct.csv". */
function baseName(source: string): string {
  return nameParts(source)[0]!;
}

/** Where two copies' rows first differ, in words; undefined when they hold the same rows. */
function firstDifference(first: readonly unknown[], second: readonly unknown[]): string | undefined {
  if (first.length !== second.length) {
    return `${count(first.length)} rows in the first, ${count(second.length)} in the second`;
  }
  for (let i = 0; i < first.length; i++) {
    const a = first[i] as Record<string, unknown>;
    const b = second[i] as Record<string, unknown>;
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (sameValue(a[field], b[field])) continue;
      const [labelField, label] = Object.entries(a)[0] ?? ["row", ""];
      return `row ${count(i + 1)} (${labelField} ${String(label)}) has ${field} ${show(a[field])} in the first, ${show(b[field])} in the second`;
    }
  }
  return undefined;
}

/**
 * Values compared as the files mean them: a workbook drops the zeros a csv writes
 * ("1.000" is 1 in the xlsx), so decimals compare by value.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return canonicalDecimal(a) === canonicalDecimal(b);
  return a === b;
}

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;

function canonicalDecimal(text: string): string {
  const match = DECIMAL.exec(text);
  if (!match || text === "" || text === "-" || text === ".") return text;
  const whole = match[2]!.replace(/^0+/, "") || "0";
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  return `${match[1]}${whole}${fraction ? `.${fraction}` : ""}`;
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
