import type { Claim, ClaimLine } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import { parseCents, roundHalfUp } from "../model/money.js";
import { lineDiscipline } from "../payers/line-discipline.js";
import {
  type Discipline,
  dailyCapsOn,
  inCodeRanges,
  provenanceText,
  type StateDailyCap,
  type StateSchedule,
} from "../payers/state-schedule.js";

/**
 * A state schedule's daily caps (issue 11; docs/state-fee-schedules.md, "Daily caps"): per
 * discipline and date of service, the day's lines may not pass the cap, in dollars of
 * allowed amount or in RVUs, with a higher cap on a day with an evaluation or a
 * re-evaluation where the state sets one. The excess comes off the last line back, so the
 * earlier lines keep their amounts. All arithmetic is in integer cents and hundredths of an
 * RVU.
 */

/** One line as the caps see it. */
export interface CapLine {
  index: number;
  line: ClaimLine;
  /** The line's allowed cents so far (after the lesser of charge); undefined: not priced, not counted. */
  allowed: bigint | undefined;
  /**
   * The line's RVUs in hundredths: units x (work + PE + MP) of the RVUs it is priced with,
   * before GPCIs and before MPPR. Undefined when the line is not priced from RVUs (a fee table).
   */
  rvus: bigint | undefined;
}

/** What one line lost to a cap. */
export interface DailyCapCut {
  line: number;
  cents: bigint;
  /** Under an RVU cap: the RVUs (hundredths) that came off the line. */
  rvus?: bigint;
}

/** Which of a cap's amounts applied on the day. */
export type DailyCapVariant = "base" | "withEvaluation" | "withReevaluation";

/** One discipline's day that exceeded a daily cap: what the cap counted and what it took off. */
export interface DailyCapExcess {
  capId: string;
  /** Its index in `pricing.stateSchedule.dailyCaps`. */
  capIndex: number;
  discipline: Discipline;
  date: IsoDate;
  unit: StateDailyCap["unit"];
  variant: DailyCapVariant;
  /** The line whose code chose the evaluation variant. */
  variantLine?: number;
  /** The cap: cents, or hundredths of an RVU. */
  limit: bigint;
  /** The day's total before the cap, in the same unit. */
  total: bigint;
  /** The lines the cap counted, in claim order. */
  lines: number[];
  /** What came off, last line first. */
  cuts: DailyCapCut[];
  /** The cap's provenance, as a trace or a message shows it. */
  source: string;
}

/** An RVU cap's day with lines it could not count (no RVUs): reported, never guessed. */
export interface DailyCapUncounted {
  capId: string;
  discipline: Discipline;
  date: IsoDate;
  lines: number[];
}

export interface DailyCapResult {
  allowed: Array<bigint | undefined>;
  excesses: DailyCapExcess[];
  uncounted: DailyCapUncounted[];
}

/** The cap amount of the day: an evaluation variant when a line of the day bills one of its codes. */
function capFor(
  cap: StateDailyCap,
  day: readonly CapLine[],
): { variant: DailyCapVariant; amount: string | null; line?: number } {
  for (const variant of ["withEvaluation", "withReevaluation"] as const) {
    const v = cap[variant];
    const hit = v ? day.find((l) => inCodeRanges(l.line.code, v.codes)) : undefined;
    if (v && hit) return { variant, amount: v.amount, line: hit.index };
  }
  return { variant: "base", amount: cap.amount };
}

/** "12.00" RVUs or "149.45" dollars as hundredths (cents are hundredths of a dollar). */
const hundredths = (amount: string): bigint => BigInt(parseCents(amount));

/**
 * Applies every daily cap of the schedule in force on each date of service, in profile
 * order, to the allowed cents. A cap whose amount is null is skipped here: pricing has
 * already refused the claim naming it.
 */
export function applyDailyCaps(
  claim: Claim,
  lines: readonly CapLine[],
  schedule: StateSchedule,
): DailyCapResult {
  const allowed = lines.map((l) => l.allowed);
  const rvus = lines.map((l) => l.rvus);
  const excesses: DailyCapExcess[] = [];
  const uncounted: DailyCapUncounted[] = [];
  for (const date of [...new Set(lines.map((l) => l.line.dateOfService))].sort()) {
    for (const cap of dailyCapsOn(schedule, date)) {
      const capIndex = schedule.dailyCaps.indexOf(cap);
      for (const discipline of cap.disciplines) {
        const ofDay = lines.filter(
          (l) => l.line.dateOfService === date && lineDiscipline(l.line, claim) === discipline,
        );
        if (ofDay.length === 0) continue;
        const chosen = capFor(cap, ofDay);
        if (chosen.amount === null) continue;
        const limit = hundredths(chosen.amount);
        const counted = ofDay.filter(
          (l) => allowed[l.index] !== undefined && (!cap.codes || inCodeRanges(l.line.code, cap.codes)),
        );
        const measure = (i: number): bigint | undefined => (cap.unit === "rvus" ? rvus[i] : allowed[i]);
        const missing = counted.filter((l) => measure(l.index) === undefined).map((l) => l.index);
        if (missing.length > 0) uncounted.push({ capId: cap.id, discipline, date, lines: missing });
        const day = counted.filter((l) => measure(l.index) !== undefined);
        const total = day.reduce((sum, l) => sum + measure(l.index)!, 0n);
        if (total <= limit) continue;
        const cuts: DailyCapCut[] = [];
        let over = total - limit;
        for (const l of [...day].reverse()) {
          if (over === 0n) break;
          const i = l.index;
          const has = measure(i)!;
          if (has === 0n) continue;
          // bigints: Math.min does not take them.
          let off = has;
          if (over < has) off = over;
          over -= off;
          if (cap.unit === "rvus") {
            // The line keeps the share of its amount its remaining RVUs carry: one rounding.
            const cents = off === has ? allowed[i]! : roundHalfUp(allowed[i]! * off, has);
            allowed[i] = allowed[i]! - cents;
            rvus[i] = has - off;
            cuts.push({ line: i, cents, rvus: off });
          } else {
            allowed[i] = allowed[i]! - off;
            cuts.push({ line: i, cents: off });
          }
        }
        excesses.push({
          capId: cap.id,
          capIndex,
          discipline,
          date,
          unit: cap.unit,
          variant: chosen.variant,
          ...(chosen.line !== undefined ? { variantLine: chosen.line } : {}),
          limit,
          total,
          lines: day.map((l) => l.index),
          cuts,
          source: provenanceText(cap),
        });
      }
    }
  }
  return { allowed, excesses, uncounted };
}
