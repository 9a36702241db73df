import { assistantUnitGroups, exceedsDeMinimis } from "../coding/assistant.js";
import { timedUnits as codedUnits, midpointUnits } from "../coding/units.js";
import type { UnitMethod } from "../model/common.js";

/**
 * Timed-code units as the scrubber needs them. Coding's allocation (src/coding/units.ts)
 * is the one units are fixed to, so that `--fix` and coding agree; the scrubber adds the
 * most each code may carry under any allocation CMS accepts (tied leftovers either way).
 *
 * Source: CMS Claims Processing Manual, Pub. 100-04 ch. 5 §20.2 (total-time method);
 * the AMA per-code method counts each code on its own minutes.
 */

/** Units for one block of 15-minute timed minutes: fewer than 8 is 0, then one per 15 from the midpoint. */
export function unitsForMinutes(minutes: number): number {
  return midpointUnits(minutes);
}

/** The units coding bills for each code's minutes under the method (ties to the earlier service). */
export function timedUnits(minutes: readonly number[], method: UnitMethod): number[] {
  return codedUnits(
    minutes.map((m) => ({ code: "", minutes: m })),
    method,
  );
}

/**
 * The most units each code may carry in some CMS-acceptable allocation: its full units,
 * plus one when its leftover minutes rank among those that receive the remaining units
 * (ties included). The day's total is `unitsForMinutes(sum)`.
 */
export function cmsMaximumUnits(minutes: readonly number[]): number[] {
  let total = 0;
  for (const m of minutes) total += m;
  const base = minutes.map((m) => Math.floor(m / 15));
  let remaining = unitsForMinutes(total);
  for (const u of base) remaining -= u;
  if (remaining <= 0) return base;
  const leftovers = minutes.map((m) => m % 15).sort((a, b) => b - a);
  const cutoff = leftovers[remaining - 1]!;
  return base.map((u, i) => (minutes[i]! % 15 >= cutoff ? u + 1 : u));
}

/**
 * Whether some CMS-acceptable allocation bills at least `units[k]` on every code k (billing
 * fewer is the biller's choice). Each code gets its full 15-minute units; the remaining
 * units go to the codes with the largest leftovers, ties either way. So a code billed one
 * unit past its full units needs one of the remaining units: fewer than R codes may have
 * more leftover than it, and with the others billed likewise at its leftover, at most R in
 * all. Per-code maxima alone are not enough: 3 + 3 + 32 minutes support 3 units, one of
 * them to either 3-minute code but not to both.
 */
export function cmsSupports(minutes: readonly number[], units: readonly number[]): boolean {
  let total = 0;
  let base = 0;
  let billed = 0;
  for (let k = 0; k < minutes.length; k++) {
    total += minutes[k]!;
    base += Math.floor(minutes[k]! / 15);
    billed += units[k]!;
  }
  const allowed = unitsForMinutes(total);
  if (billed > allowed) return false;
  const remaining = allowed - base;
  for (let k = 0; k < minutes.length; k++) {
    const full = Math.floor(minutes[k]! / 15);
    if (units[k]! <= full) continue;
    if (units[k]! > full + 1 || remaining <= 0) return false;
    const leftover = minutes[k]! % 15;
    let ahead = 0;
    let alongside = 0;
    for (let j = 0; j < minutes.length; j++) {
      const other = minutes[j]! % 15;
      if (other > leftover) ahead++;
      else if (other === leftover && units[j]! > Math.floor(minutes[j]! / 15)) alongside++;
    }
    if (ahead + alongside > remaining) return false;
  }
  return true;
}

/** Units of one code under the AMA per-code method. */
export function amaUnits(minutes: number): number {
  return unitsForMinutes(minutes);
}

/**
 * How many of a timed code's billed units need CQ or CO, by the steps of CMS's billing
 * examples as coding applies them (src/coding/assistant.ts): full 15-minute blocks by the
 * therapist alone go without, by the assistant with; a remaining unit carries it when the
 * assistant's leftover exceeds 10% of the unit; two remaining 9–14/9–14 split one each.
 */
export function assistantUnitsNeeded(billedUnits: number, minutes: number, assistantMinutes: number): number {
  let needed = 0;
  for (const g of assistantUnitGroups({ units: billedUnits, minutes, assistantMinutes })) {
    if (g.assistant) needed += g.units;
  }
  return needed;
}

/** Untimed codes: the modifier applies when the assistant's minutes exceed 10% of the service. */
export function assistantOverDeMinimis(minutes: number, assistantMinutes: number): boolean {
  return exceedsDeMinimis(assistantMinutes, minutes);
}
