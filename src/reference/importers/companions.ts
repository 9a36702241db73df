import type { TableName } from "../types.js";
import { nameParts } from "./editions.js";

/**
 * Files CMS ships in the same archives as the tables cleanclaim reads, and which it does
 * not import. They are known by CMS's own file names, because some of them look like a
 * table cleanclaim reads: OPPSCAP's header begins "HCPCS,MOD", as the PPRRVU file's does.
 */
const COMPANIONS: readonly [RegExp, string][] = [
  [/^ANES\d{4}/i, "anesthesia conversion factors are not used by cleanclaim"],
  [/^OPPSCAP/i, "the OPPS payment caps are not used by cleanclaim"],
  [
    /^icd-?10-?cm[-_](codes|order)?[-_]?addend/i,
    "the addenda list only the year's changes; cleanclaim imports the complete order file (icd10cm_order_*.txt)",
  ],
  [
    /^icd-?10-?cm[-_]codes/i,
    "the code list has no billable flags or category headers; cleanclaim imports the order file (icd10cm_order_*.txt)",
  ],
];

/** Why a file is a CMS companion file that cleanclaim does not import, or undefined. */
export function companionReason(name: string): string | undefined {
  const base = nameParts(name)[0]!;
  return COMPANIONS.find(([pattern]) => pattern.test(base))?.[1];
}

/**
 * The RVU archive carries each of its files as csv, xlsx and a fixed-width txt. The txt
 * layouts are not read: the csv or xlsx copy holds the same rows.
 */
const FIXED_WIDTH_COPIES: Partial<Record<TableName, string>> = {
  rvu: "PPRRVU",
  gpci: "GPCI",
  "locality-counties": "locality county (LOCCO)",
};

/**
 * Why a .txt file that only its name identifies (its content matched no layout cleanclaim
 * reads) is a fixed-width copy that cleanclaim does not read, or undefined.
 */
export function fixedWidthCopyReason(kind: TableName, name: string): string | undefined {
  const label = FIXED_WIDTH_COPIES[kind];
  if (label === undefined || !/\.txt$/i.test(nameParts(name)[0]!)) return undefined;
  return `the fixed-width text copy of the ${label} file, which cleanclaim does not read; it reads the csv or xlsx copy of the same file`;
}
