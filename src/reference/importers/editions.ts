import type { IsoDate } from "../../model/dates.js";

/** Edition dates, and what CMS file and archive names say about them. */

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

export function quarterStart({ year, quarter }: Quarter): IsoDate {
  return `${year}-${String((quarter - 1) * 3 + 1).padStart(2, "0")}-01`;
}

export function quarterEnd({ year, quarter }: Quarter): IsoDate {
  return `${year}-${["03-31", "06-30", "09-30", "12-31"][quarter - 1]}`;
}

export function quarterOf(date: IsoDate): Quarter {
  const month = Number(date.slice(5, 7));
  return { year: Number(date.slice(0, 4)), quarter: (Math.floor((month - 1) / 3) + 1) as Quarter["quarter"] };
}

export function quarterLabel({ year, quarter }: Quarter): string {
  return `${year}Q${quarter}`;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

/** 1-12 for a month name or its 3-letter abbreviation ("Oct", "OCTOBER"); undefined otherwise. */
export function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  if (lower.length < 3) return undefined;
  const index = MONTHS.findIndex((month) => month.startsWith(lower));
  return index < 0 ? undefined : index + 1;
}

export function monthName(month: number): string {
  const name = MONTHS[month - 1]!;
  return name[0]!.toUpperCase() + name.slice(1);
}

/**
 * The parts of a source name to search for dates, most specific first: the innermost
 * member's base name, then the enclosing archives' names, then the folders. A quarter
 * written on the file itself beats one written on the folder it sits in.
 */
export function nameParts(source: string): string[] {
  const members = source.split("!").reverse();
  const bases = members.map((member) => member.split(/[\\/]/).pop() ?? member);
  return [...bases, source];
}

/** The first match of `pattern` in the source's name parts, most specific first. */
export function matchName(source: string, pattern: RegExp): RegExpExecArray | undefined {
  for (const part of nameParts(source)) {
    const match = pattern.exec(part);
    if (match) return match;
  }
  return undefined;
}

/**
 * The NCCI quarter a file name states: "2024q3", "2026-q3", "2026-07-01", or the NCCI
 * version ("v322r0" is version 32.2: major 30 was 2024, minor 0-3 are quarters 1-4).
 */
export function ncciQuarterFromName(source: string): { quarter: Quarter; from: string } | undefined {
  for (const part of nameParts(source)) {
    const q = /(20\d\d)[-_ ]?q([1-4])(?![0-9])/i.exec(part);
    if (q)
      return { quarter: { year: Number(q[1]), quarter: Number(q[2]) as Quarter["quarter"] }, from: q[0] };
    const date = /(20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/.exec(part);
    if (date) return { quarter: quarterOf(date[0]), from: date[0] };
    const version = /(?:^|[^a-z])v(\d\d)([0-3])r\d+/i.exec(part);
    if (version) {
      const quarter = {
        year: 1994 + Number(version[1]),
        quarter: (Number(version[2]) + 1) as Quarter["quarter"],
      };
      return { quarter, from: `v${version[1]}${version[2]}` };
    }
  }
  return undefined;
}

/** "2024-06" (or "2024_06", "202406") in the name: the first of that month. */
export function monthFromName(source: string): IsoDate | undefined {
  const match = matchName(source, /(?:^|[^0-9])(20\d\d)[-_]?(0[1-9]|1[0-2])(?:[^0-9]|$)/);
  return match ? `${match[1]}-${match[2]}-01` : undefined;
}
