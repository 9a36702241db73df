import { type EditionSpan, spansOf } from "./edition-select.js";
import { keyOf, type Reference } from "./reference.js";
import type { Edition, EditionInfo, ParsedTable, PtpRow, TableName, TableRows } from "./types.js";

/**
 * When a new file is too small to be the edition it follows. CMS editions of one table
 * change by a few percent from one release to the next: a quarter's MUE or HCPCS file
 * adds and ends some codes, a fiscal year of ICD-10-CM adds a few hundred codes to about
 * 74,000 and deletes fewer, terminated HCPCS codes stay listed with their termination
 * date. A file with fewer than half the rows, or without a tenth of the codes, of the
 * edition it follows is an excerpt, a cut download or the wrong file; made the edition in
 * force it would quietly pass every code it lacks (97110 x10 within the MUE, GP "not a
 * modifier", M17.11 "invalid"). Such a file is refused unless imported with --partial.
 */
export const plausibilityLimits = {
  /** Refuse when the new edition has fewer rows than this share of the previous one. */
  minRowShare: 0.5,
  /** Refuse when more than this share of the previous edition's codes is missing. */
  maxLostShare: 0.1,
  /** Codes named in the message. */
  examples: 5,
} as const;

export interface Implausible {
  source: string;
  table: TableName;
  release: string;
  rows: number;
  previous: Edition;
  lostCodes: number;
  previousCodes: number;
  examples: string[];
  /** The whole explanation, in words. */
  message: string;
}

/** A code as a biller reads it, for each table (the lookup key is shaped for the machine). */
const codeOf: { [T in TableName]: (r: TableRows[T]) => string } = {
  rvu: (r) => (r.modifier ? `${r.code}-${r.modifier}` : r.code),
  gpci: keyOf.gpci,
  "locality-counties": keyOf["locality-counties"],
  "zip-locality": keyOf["zip-locality"],
  // PTP: the column 1 codes, under which CMS lists the edits.
  ptp: (r) => r.column1,
  mue: keyOf.mue,
  aoc: (r) => r.addOn,
  icd10cm: (r) => (r.code.length > 3 ? `${r.code.slice(0, 3)}.${r.code.slice(3)}` : r.code),
  hcpcs: (r) => (r.kind === "modifier" ? `modifier ${r.code}` : r.code),
  pos: keyOf.pos,
  "remit-codes": (r) => `${r.kind} ${r.code}`,
  "claim-status-codes": (r) => `${r.kind} ${r.code}`,
  policy: (r) => r.figure,
};

/**
 * The full edition a new one follows: of the same table, starting on or before it, the
 * one preferred on that start date (the one a lookup would have used there).
 */
export function editionFollowed(editions: readonly Edition[], edition: EditionInfo): Edition | undefined {
  const full = editions.filter((e) => e.table === edition.table && e.partial !== true);
  const spans = spansOf(full).filter((s) => s.from <= edition.effectiveFrom);
  const rank = (s: EditionSpan) =>
    [s.from, s.edition.origin === "import" ? "1" : "0", s.edition.importedAt].join(" ");
  return spans.sort((a, b) => (rank(a) < rank(b) ? 1 : -1))[0]?.edition;
}

/**
 * Whether a parsed table may become the edition in force after `reference`'s editions
 * (plausibilityLimits). Parts of a PTP quarter are not judged: each is a quarter of it by
 * design, and they join one edition. Nor are policy figures.
 */
export function judgePlausibility(
  parsed: ParsedTable<unknown>,
  reference: Reference,
): Implausible | undefined {
  const { edition } = parsed;
  // Policy figures are chosen figure by figure (docs/policy-figures.md): a small file that
  // holds only what changed is the normal case, never a lost edition.
  if (edition.parts || edition.table === "policy") return undefined;
  const previous = editionFollowed(reference.editions(), edition);
  if (!previous) return undefined;
  const table = edition.table;
  const code = codeOf[table] as (r: unknown) => string;
  const before =
    table === "ptp"
      ? reference.ptpIndex(previous).column1Codes()
      : new Set(reference.rowsOf(previous as Edition & { table: Exclude<TableName, "ptp"> }).map(code));
  const after = new Set<string>();
  if (table === "ptp") {
    // Rows come sorted by column 1: add each run's code once.
    let last: string | undefined;
    for (const r of parsed.rows as PtpRow[]) {
      if (r.column1 !== last) after.add(r.column1);
      last = r.column1;
    }
  } else for (const r of parsed.rows) after.add(code(r));
  const lost = [...before].filter((c) => !after.has(c)).sort();
  const rows = parsed.rows.length;
  const fewRows = rows < previous.rows * plausibilityLimits.minRowShare;
  const manyLost = before.size > 0 && lost.length > before.size * plausibilityLimits.maxLostShare;
  if (!fewRows && !manyLost) return undefined;
  const n = (x: number) => x.toLocaleString("en-US");
  const from =
    previous.origin === "pack" ? "the bundled pack" : `imported ${previous.importedAt.slice(0, 10)}`;
  const examples = lost.slice(0, plausibilityLimits.examples);
  const reasons: string[] = [];
  if (fewRows)
    reasons.push(
      `it has ${n(rows)} rows, fewer than half the ${n(previous.rows)} of ${previous.release} (${previous.source}, ${from}), the edition it follows`,
    );
  if (lost.length > 0)
    reasons.push(
      `${n(lost.length)} of the ${n(before.size)} codes of ${fewRows ? "that edition" : `${previous.release} (${from})`} are not in it (${examples.join(", ")}${lost.length > examples.length ? ", ..." : ""})`,
    );
  const message = `${edition.source}: not imported: this ${table} file looks like part of an edition, not a whole one: ${reasons.join("; ")}. As the edition in force it would drop those codes. Import the complete file, or, if it is meant to correct some codes only, import it as a partial edition (an overlay): the codes it holds then use it and every other code keeps ${previous.release}`;
  return {
    source: edition.source,
    table,
    release: edition.release,
    rows,
    previous,
    lostCodes: lost.length,
    previousCodes: before.size,
    examples,
    message,
  };
}
