import { InputError } from "../model/validate.js";
import { CODE, codeCsvRows, csvProblem, MODIFIER } from "./code-csv.js";

/**
 * A state's own relative values (NY WCB medical fee schedule), imported from the state's
 * file as csv: code, modifier, rvu. Priced by a state schedule of method "state-rvu":
 * RVU × the conversion factor of the practice's region and the code's section
 * (docs/state-fee-schedules.md). The caller reads the file; this parses text.
 */
export interface StateRvuEntry {
  code: string;
  /** "" when the value is for the code whatever its modifiers. */
  modifier: string;
  /** The relative value as written ("7.05"). */
  rvu: string;
  /** 1-based line in the file, for the trace. */
  line: number;
}

export interface StateRvuTable {
  /** The file the table came from. */
  source: string;
  /** Keyed "code|modifier". */
  entries: ReadonlyMap<string, StateRvuEntry>;
}

const RVU = /^\d{1,4}(\.\d{1,4})?$/;

/**
 * Parses a state RVU table: csv of code,modifier,rvu with an optional header row, blank
 * lines and `#` comment lines. Every problem names the file and line.
 */
export function parseStateRvuTable(text: string, source: string): StateRvuTable {
  const entries = new Map<string, StateRvuEntry>();
  for (const [index, { raw: record, cells, line }] of codeCsvRows(text, source).entries()) {
    if (index === 0 && cells[0]?.toLowerCase() === "code") {
      if (cells.join(",").toLowerCase() !== "code,modifier,rvu") {
        throw csvProblem(source, line, `expected the header "code,modifier,rvu", got "${record.join(",")}"`);
      }
      continue;
    }
    if (cells.length !== 3) {
      throw csvProblem(source, line, `expected 3 columns (code,modifier,rvu), got ${cells.length}`);
    }
    const [rawCode, rawModifier, rvu] = cells as [string, string, string];
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
    if (!RVU.test(rvu)) {
      throw csvProblem(source, line, `expected the relative value as a decimal such as "7.05", got "${rvu}"`);
    }
    const key = `${code}|${modifier}`;
    const earlier = entries.get(key);
    if (earlier) {
      throw csvProblem(
        source,
        line,
        `${code}${modifier ? ` ${modifier}` : ""} appears twice (also line ${earlier.line}); keep one value`,
      );
    }
    entries.set(key, { code, modifier, rvu, line });
  }
  if (entries.size === 0)
    throw new InputError([{ path: "(file)", message: "expected at least one relative value row" }], source);
  return { source, entries };
}

/** The row that prices a line: the first of its modifiers with a row, else the code's row without one. */
export function stateRvuFor(
  table: StateRvuTable,
  code: string,
  modifiers: readonly string[],
): StateRvuEntry | undefined {
  for (const modifier of [...modifiers, ""]) {
    const entry = table.entries.get(`${code}|${modifier}`);
    if (entry) return entry;
  }
  return undefined;
}
