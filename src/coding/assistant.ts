import { unitMinutes } from "./units.js";

/**
 * CQ and CO: services furnished in whole or in part by a PTA or OTA (SSA §1834(v);
 * CMS Pub. 100-04 ch. 5 §20.1; CMS "Billing Examples Using CQ/CO Modifiers for Services
 * Furnished In Whole or In Part by PTAs and OTAs", CY 2022 PFS final rule method).
 *
 * "In part" is the de minimis standard: the assistant furnished more than 10% of the
 * service. Timed codes are judged per billed 15-minute unit, untimed codes on total time.
 * Only the minutes the assistant furnished apart from the therapist count.
 */

/** True when `assistantMinutes` are more than 10% of `minutes` (exactly 10% is not). */
export function exceedsDeMinimis(assistantMinutes: number, minutes: number): boolean {
  // Integer comparison: A > 10% of M ⇔ 10·A > M.
  return assistantMinutes > 0 && assistantMinutes * 10 > minutes;
}

/** A run of units of one timed code that share the same assistant modifier decision. */
export interface UnitGroup {
  units: number;
  /** True when these units carry CQ (PT) or CO (OT). */
  assistant: boolean;
  /** The documented minutes these units account for (the groups of a code add up to its minutes). */
  minutes: number;
  /** The part of `minutes` the assistant furnished. */
  assistantMinutes: number;
}

/** One timed code: its billable units (from the unit method) and who furnished its minutes. */
export interface TimedAssistantInput {
  units: number;
  minutes: number;
  /** Minutes furnished by the assistant; clamped to 0..minutes. */
  assistantMinutes: number;
}

/**
 * Splits one timed code's units into units without and with CQ/CO, following the steps of
 * the CMS billing examples (contract §3 "CQ and CO"):
 *
 * 1. The billable units come from the unit method (the caller passes them in).
 * 2. Each full 15 minutes the therapist furnished alone is a unit without the modifier;
 *    each full 15 minutes the assistant furnished alone is a unit with it.
 * 3. A remaining unit carries the modifier when the assistant's leftover minutes exceed
 *    10% of that unit's minutes (the therapist's and the assistant's leftover minutes).
 * 4. CMS exception: when two units remain and the therapist and the assistant each
 *    furnished 9–14 leftover minutes, one unit carries the modifier and one does not.
 *
 * Two remaining units outside the exception only happen under the CMS total-time method
 * (a code receives a spare unit on top of its own leftover unit). The assistant's part of
 * those leftover minutes cannot be tied to one unit, so both units are judged together:
 * each carries the modifier when the assistant's leftover exceeds 10% of the leftover.
 * This errs toward the modifier, which never overstates payment.
 *
 * Leftover minutes that earn no unit stay with the group of whoever furnished them (or
 * the only group), so that the groups always add up to the documented minutes.
 *
 * Returns at most two groups, the therapist's units first; groups of 0 units are dropped.
 */
export function assistantUnitGroups(input: TimedAssistantInput): UnitGroup[] {
  const { units, minutes } = input;
  const assistantTotal = Math.min(Math.max(input.assistantMinutes, 0), minutes);
  const therapistTotal = minutes - assistantTotal;

  const therapistFull = Math.min(Math.floor(therapistTotal / unitMinutes), units);
  const assistantFull = Math.min(Math.floor(assistantTotal / unitMinutes), units - therapistFull);
  const therapistLeft = therapistTotal - therapistFull * unitMinutes;
  const assistantLeft = assistantTotal - assistantFull * unitMinutes;
  const remaining = units - therapistFull - assistantFull;

  const therapist: UnitGroup = {
    units: therapistFull,
    assistant: false,
    minutes: therapistFull * unitMinutes,
    assistantMinutes: 0,
  };
  const assistant: UnitGroup = {
    units: assistantFull,
    assistant: true,
    minutes: assistantFull * unitMinutes,
    assistantMinutes: assistantFull * unitMinutes,
  };

  const inExceptionRange = (m: number) => m >= 9 && m <= 14;
  if (remaining === 2 && inExceptionRange(therapistLeft) && inExceptionRange(assistantLeft)) {
    therapist.units += 1;
    therapist.minutes += therapistLeft;
    assistant.units += 1;
    assistant.minutes += assistantLeft;
    assistant.assistantMinutes += assistantLeft;
  } else if (remaining > 0) {
    const to = exceedsDeMinimis(assistantLeft, therapistLeft + assistantLeft) ? assistant : therapist;
    to.units += remaining;
    to.minutes += therapistLeft + assistantLeft;
    to.assistantMinutes += assistantLeft;
  } else {
    // No unit left: the leftover minutes are not billed. They stay on the lines for the
    // record, with whoever furnished them when that group is billed.
    const billed = [therapist, assistant].filter((g) => g.units > 0);
    const home = (g: UnitGroup) => (g.units > 0 ? g : billed[0]);
    const forTherapist = home(therapist);
    const forAssistant = home(assistant);
    if (forTherapist) forTherapist.minutes += therapistLeft;
    if (forAssistant) {
      forAssistant.minutes += assistantLeft;
      forAssistant.assistantMinutes += assistantLeft;
    }
  }
  return [therapist, assistant].filter((g) => g.units > 0);
}

/**
 * Untimed codes: CQ/CO when the assistant furnished more than 10% of the service's total
 * time. When the total is not documented, the assistant's part cannot be shown to be de
 * minimis, so any assistant minutes carry the modifier.
 */
export function untimedNeedsAssistantModifier(
  minutes: number | undefined,
  assistantMinutes: number | undefined,
): boolean {
  if (assistantMinutes === undefined || assistantMinutes <= 0) return false;
  if (minutes === undefined) return true;
  return exceedsDeMinimis(Math.min(assistantMinutes, minutes), minutes);
}
