import type { UnitMethod } from "../model/common.js";

/**
 * Units of service from documented minutes.
 *
 * - 15-minute codes: the CMS total-time method (CMS Pub. 100-04 ch. 5 §20.2, the
 *   "8-minute rule") or the AMA per-code method (CPT time rule: a unit is attained once
 *   the midpoint is passed). Which one applies is a payer setting.
 * - Hour-based codes (97545, 97546): per their descriptors, by the same midpoint rule.
 * - Untimed (service-based) codes: one unit per day, whatever the minutes.
 */

/** Minutes in one unit of a 15-minute timed code. */
export const unitMinutes = 15;

/**
 * Units attained on `minutes` for a unit of `unitLength` minutes: a unit counts once
 * its midpoint is passed (15-minute units: 8 → 1, 22 → 1, 23 → 2; hour units: 31 → 1).
 * For 15-minute units this is `floor((T + 7) / 15)` for T ≥ 8, as in §20.2.
 */
export function midpointUnits(minutes: number, unitLength = unitMinutes): number {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a whole number of minutes, 0 or more; got ${minutes}`);
  }
  return Math.floor((2 * minutes + unitLength - 1) / (2 * unitLength));
}

/** One timed code of a visit and its documented minutes, in service order. */
export interface TimedMinutes {
  code: string;
  minutes: number;
}

/**
 * Units per 15-minute timed code, in the order given.
 *
 * CMS (Pub. 100-04 ch. 5 §20.2): the total timed minutes give the day's units
 * (`floor((T + 7) / 15)` for T ≥ 8). Each code first gets `floor(minutes / 15)`; the
 * units left go one at a time to the codes with the most leftover minutes (a code with
 * less than 8 minutes can still receive one). On a tie the clinician may choose; we
 * give the unit to the earlier service so that the output is deterministic.
 *
 * AMA: each code is converted on its own minutes by the midpoint rule.
 */
export function timedUnits(services: readonly TimedMinutes[], method: UnitMethod): number[] {
  if (method === "ama") return services.map((s) => midpointUnits(s.minutes));
  const total = services.reduce((sum, s) => sum + s.minutes, 0);
  const units = services.map((s) => Math.floor(s.minutes / unitMinutes));
  let remaining = midpointUnits(total) - units.reduce((a, b) => a + b, 0);
  // Largest leftover first; Array.prototype.sort is stable, so ties keep service order.
  const byLeftover = services
    .map((s, index) => ({ index, leftover: s.minutes % unitMinutes }))
    .sort((a, b) => b.leftover - a.leftover);
  for (const { index } of byLeftover) {
    if (remaining <= 0) break;
    units[index] = (units[index] ?? 0) + 1;
    remaining--;
  }
  return units;
}

/**
 * Hour-based codes and the length of their unit, from the code descriptors: 97545 is
 * the initial 2 hours (one unit at most), 97546 each additional hour.
 */
export const hourBasedCodes: ReadonlyMap<string, { unitLength: number; maxUnits?: number }> = new Map([
  ["97545", { unitLength: 120, maxUnits: 1 }],
  ["97546", { unitLength: 60 }],
]);

/** Units of an hour-based code (97545/97546) on its own minutes, by the midpoint rule. */
export function hourBasedUnits(code: string, minutes: number): number {
  const rule = hourBasedCodes.get(code);
  if (!rule) throw new RangeError(`${code} is not an hour-based code (expected one of 97545, 97546)`);
  const units = midpointUnits(minutes, rule.unitLength);
  return rule.maxUnits === undefined ? units : Math.min(units, rule.maxUnits);
}

/** Untimed (service-based) codes are billed once per day, whatever the minutes (§20.2). */
export const untimedUnitsPerDay = 1;
