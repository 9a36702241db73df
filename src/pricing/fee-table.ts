import { type Cents, isMoney, parseCents } from "../model/money.js";
import { InputError } from "../model/validate.js";
import { CODE, codeCsvRows, csvProblem, MODIFIER } from "./code-csv.js";

/** One row of a payer's fee table: the amount for one unit of a code (with a modifier, or none). */
export interface FeeTableEntry {
  code: string;
  /** "" when the amount is for the code whatever its modifiers. */
  modifier: string;
  /** The state fee schedule region the amount is for ("" for every region; docs/state-fee-schedules.md). */
  region: string;
  cents: Cents;
  /** 1-based line in the file, for the trace. */
  line: number;
}

export interface FeeTable {
  /** The file the table came from. */
  source: string;
  /** Keyed "code|modifier", and "code|modifier|region" for a row of one region. */
  entries: ReadonlyMap<string, FeeTableEntry>;
  /** The regions the rows name (empty: one amount everywhere). */
  regions: ReadonlySet<string>;
}

const REGION = /^([A-Za-z0-9][A-Za-z0-9 _-]{0,29})?$/;

/**
 * Parses a fee table: csv with the columns code, modifier, amount (one unit), an optional
 * header row, blank lines and `#` comment lines (contract §4.7). A fourth column, region,
 * is optional (state schedules with amounts by region, such as NJ PIP); an empty region is
 * the amount for every region. Every problem names the file and line. The caller reads the
 * file (the CLI, beside the profile that names it).
 */
export function parseFeeTable(text: string, source: string): FeeTable {
  const entries = new Map<string, FeeTableEntry>();
  const regions = new Set<string>();
  for (const [index, { raw: record, cells, line }] of codeCsvRows(text, source).entries()) {
    if (index === 0 && cells[0]?.toLowerCase() === "code") {
      const header = cells.join(",").toLowerCase();
      if (header !== "code,modifier,amount" && header !== "code,modifier,amount,region") {
        throw csvProblem(
          source,
          line,
          `expected the header "code,modifier,amount" or "code,modifier,amount,region", got "${record.join(",")}"`,
        );
      }
      continue;
    }
    if (cells.length !== 3 && cells.length !== 4) {
      throw csvProblem(
        source,
        line,
        `expected 3 columns (code,modifier,amount) or 4 (code,modifier,amount,region), got ${cells.length}`,
      );
    }
    const [rawCode, rawModifier, amount, region = ""] = cells as [string, string, string, string?];
    if (!REGION.test(region)) {
      throw csvProblem(source, line, `expected a region name such as "II" or an empty cell, got "${region}"`);
    }
    const code = rawCode.toUpperCase();
    const modifier = rawModifier.toUpperCase();
    if (!CODE.test(code))
      throw csvProblem(source, line, `expected a 5-character code such as 97110, got "${rawCode}"`);
    if (!MODIFIER.test(modifier)) {
      throw csvProblem(
        source,
        line,
        `expected a 2-character modifier or an empty cell, got "${rawModifier}"`,
      );
    }
    if (!isMoney(amount) || amount.startsWith("-")) {
      throw csvProblem(
        source,
        line,
        `expected the amount for one unit as a decimal such as "30.00", got "${amount}"`,
      );
    }
    const key = feeKey(code, modifier, region);
    const earlier = entries.get(key);
    if (earlier) {
      throw csvProblem(
        source,
        line,
        `${code}${modifier ? ` ${modifier}` : ""}${region ? ` in region ${region}` : ""} appears twice (also line ${earlier.line}); keep one amount`,
      );
    }
    entries.set(key, { code, modifier, region, cents: parseCents(amount), line });
    if (region) regions.add(region);
  }
  if (entries.size === 0)
    throw new InputError([{ path: "(file)", message: "expected at least one fee row" }], source);
  return { source, entries, regions };
}

/** "code|modifier", and "code|modifier|region" for a regional row (the old keys stay as they were). */
function feeKey(code: string, modifier: string, region: string): string {
  return region ? `${code}|${modifier}|${region}` : `${code}|${modifier}`;
}

/**
 * The row that prices a line: the first of the line's modifiers that has its own row,
 * else the code's row without a modifier; with a region, the region's rows first, then
 * the rows for every region.
 */
export function feeFor(
  table: FeeTable,
  code: string,
  modifiers: readonly string[],
  region?: string,
): FeeTableEntry | undefined {
  for (const r of region ? [region, ""] : [""]) {
    for (const modifier of [...modifiers, ""]) {
      const entry = table.entries.get(feeKey(code, modifier, r));
      if (entry) return entry;
    }
  }
  return undefined;
}
