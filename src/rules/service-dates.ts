import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";

/** The lines billed on one date of service, in claim order (shared between rules: read only). */
export interface ServiceDate {
  readonly date: IsoDate;
  readonly lines: readonly number[];
}

/**
 * Lines grouped by date of service, dates in order of first appearance. Most claims have
 * one date, so the common case is one small array; grouping is cheaper than remembering
 * (no module-level memo: a claim edited in place is always regrouped).
 */
export function serviceDates(claim: Claim): ServiceDate[] {
  const lines = claim.lines;
  const out: ServiceDate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const date = lines[i]!.dateOfService;
    let group: ServiceDate | undefined;
    for (const g of out) {
      if (g.date === date) {
        group = g;
        break;
      }
    }
    if (group === undefined) out.push({ date, lines: [i] });
    else (group.lines as number[]).push(i);
  }
  return out;
}

/** The lines of one date grouped by procedure code, codes in order of first appearance. */
export function linesByCode(
  claim: Claim,
  lines: readonly number[],
): Array<{ code: string; lines: number[] }> {
  const out: Array<{ code: string; lines: number[] }> = [];
  for (const i of lines) {
    const code = claim.lines[i]!.code;
    const group = out.find((g) => g.code === code);
    if (group === undefined) out.push({ code, lines: [i] });
    else group.lines.push(i);
  }
  return out;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, by calendar arithmetic (no Date objects on the hot path). */
export function dayNumber(date: IsoDate): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  // Howard Hinnant's days_from_civil.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** True when any modifier of the line is in the set. */
export function hasAnyModifier(modifiers: readonly string[], set: ReadonlySet<string>): boolean {
  for (const m of modifiers) if (set.has(m)) return true;
  return false;
}

/** The earliest date of service on the claim. */
export function firstDateOfService(claim: Claim): IsoDate {
  let first = claim.lines[0]?.dateOfService ?? "";
  for (const line of claim.lines) if (line.dateOfService < first) first = line.dateOfService;
  return first;
}

/**
 * "line 2" or "lines 0 and 2": the same 0-based indexes as `Finding.lines` and the patch,
 * as in the contract's example ("add modifier XS to line 2" for patch line 2).
 */
export function lineLabel(lines: readonly number[]): string {
  const n = lines.map((i) => String(i));
  if (n.length <= 1) return `line ${n[0] ?? "?"}`;
  return `lines ${n.slice(0, -1).join(", ")} and ${n[n.length - 1]}`;
}

/**
 * True when `group[x]` is the first line of its code in the group. Rules walk each code once
 * this way, adding up its lines in place, instead of building a grouping per claim.
 */
export function firstOfCode(lines: Claim["lines"], group: readonly number[], x: number): boolean {
  const code = lines[group[x]!]!.code;
  for (let y = 0; y < x; y++) if (lines[group[y]!]!.code === code) return false;
  return true;
}

/** The lines of the group, from position x on, that bill `code` (allocated only for a code on several lines). */
export function linesOfCode(lines: Claim["lines"], group: readonly number[], x: number): number[] {
  const code = lines[group[x]!]!.code;
  const out = [group[x]!];
  for (let y = x + 1; y < group.length; y++) if (lines[group[y]!]!.code === code) out.push(group[y]!);
  return out;
}
