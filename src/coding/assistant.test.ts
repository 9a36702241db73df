import { describe, expect, it } from "vitest";
import {
  assistantUnitGroups,
  exceedsDeMinimis,
  type UnitGroup,
  untimedNeedsAssistantModifier,
} from "./assistant.js";
import { timedUnits } from "./units.js";

/** Units without and with CQ/CO, as [plain, with modifier]. */
function split(groups: UnitGroup[]): [number, number] {
  const plain = groups.filter((g) => !g.assistant).reduce((s, g) => s + g.units, 0);
  const withModifier = groups.filter((g) => g.assistant).reduce((s, g) => s + g.units, 0);
  return [plain, withModifier];
}

interface Case {
  source: string;
  /** Services in visit order: code, therapist minutes, assistant minutes (furnished apart). */
  services: Array<{ code: string; therapist: number; assistant: number }>;
  /** Expected [units without, units with CQ/CO] per service under the CMS total-time method. */
  expected: Array<[number, number]>;
}

/**
 * Timed codes. Sources:
 * - CMS, "Billing Examples Using CQ/CO Modifiers for Services Furnished In Whole or In Part
 *   by PTAs and OTAs" (cms.gov, therapy services), scenario 1, as quoted in contract.md §3
 *   and transcribed in "CQ and CO Modifiers 2022 Reimbursement Changes, Part 2".
 * - CY 2022 PFS proposed rule example A, as summarised by therapycomply.com ("Proposed 2022 Rule").
 * - APTA, "Quick Guide to Using the PTA Modifier" (2019), example D.
 * - The remaining rows apply the page's steps to boundaries (marked "derived").
 */
const timedCases: Case[] = [
  {
    source:
      "CMS billing examples, scenario 1: PTA 23 + PT 13 min of 97110, PT 30 min of 97140 = 66 min, 4 units",
    services: [
      { code: "97110", therapist: 13, assistant: 23 },
      { code: "97140", therapist: 30, assistant: 0 },
    ],
    expected: [
      [0, 2],
      [2, 0],
    ],
  },
  {
    source: "CY 2022 proposed rule example A: PTA 10 + PT 5 min of 97110 = 15 min, 1 unit with CQ",
    services: [{ code: "97110", therapist: 5, assistant: 10 }],
    expected: [[0, 1]],
  },
  {
    source: "APTA quick guide D: PT 15 min of 97140, then PTA 7 min of 97110 = 22 min, 1 unit",
    services: [
      { code: "97140", therapist: 15, assistant: 0 },
      { code: "97110", therapist: 0, assistant: 7 },
    ],
    expected: [
      [1, 0],
      [0, 0],
    ],
  },
  {
    source:
      "CMS exception (CY 2022 final rule): two units left, PT 12 and PTA 12 leftover minutes → one each",
    services: [{ code: "97110", therapist: 12, assistant: 12 }],
    expected: [[1, 1]],
  },
  {
    source: "CMS exception at its edges: PT 9 and PTA 14 → one each",
    services: [{ code: "97110", therapist: 9, assistant: 14 }],
    expected: [[1, 1]],
  },
  {
    source: "derived: PT 14 + PTA 1 = 15 min, the assistant's 6.7% is de minimis → no CQ (just under)",
    services: [{ code: "97110", therapist: 14, assistant: 1 }],
    expected: [[1, 0]],
  },
  {
    source: "derived: PT 13 + PTA 2 = 15 min, the assistant's 13.3% exceeds 10% → CQ (just over)",
    services: [{ code: "97110", therapist: 13, assistant: 2 }],
    expected: [[0, 1]],
  },
  {
    source: "derived: PT 9 + PTA 1 = 10 min, exactly 10% is not more than 10% → no CQ",
    services: [{ code: "97110", therapist: 9, assistant: 1 }],
    expected: [[1, 0]],
  },
  {
    source: "derived: PT 8 + PTA 2 = 10 min, 20% → CQ",
    services: [{ code: "97110", therapist: 8, assistant: 2 }],
    expected: [[0, 1]],
  },
  {
    source:
      "derived: PT 20 + PTA 13 = 33 min, 2 units: the therapist's full 15, then a remaining unit with CQ",
    services: [{ code: "97110", therapist: 20, assistant: 13 }],
    expected: [[1, 1]],
  },
  {
    source: "derived: PT 30 + PTA 15 = 45 min, 3 full units: 2 without, 1 with",
    services: [{ code: "97110", therapist: 30, assistant: 15 }],
    expected: [[2, 1]],
  },
  {
    source:
      "derived: PT 15 + PTA 5 = 20 min, 1 unit: the therapist's full unit; the PTA's 5 minutes earn none",
    services: [{ code: "97110", therapist: 15, assistant: 5 }],
    expected: [[1, 0]],
  },
  {
    source: "derived: PTA alone 45 min → 3 units with CQ",
    services: [{ code: "97530", therapist: 0, assistant: 45 }],
    expected: [[0, 3]],
  },
];

describe("assistantUnitGroups: CQ/CO per 15-minute unit (CMS billing examples method)", () => {
  it.each(timedCases)("$source", ({ services, expected }) => {
    const units = timedUnits(
      services.map((s) => ({ code: s.code, minutes: s.therapist + s.assistant })),
      "cms",
    );
    services.forEach((s, i) => {
      const groups = assistantUnitGroups({
        units: units[i]!,
        minutes: s.therapist + s.assistant,
        assistantMinutes: s.assistant,
      });
      expect(split(groups), s.code).toEqual(expected[i]);
      // The groups of a billed code account for all of its documented minutes.
      if (groups.length > 0) {
        expect(groups.reduce((n, g) => n + g.minutes, 0)).toBe(s.therapist + s.assistant);
        expect(groups.reduce((n, g) => n + g.assistantMinutes, 0)).toBe(s.assistant);
      }
    });
  });

  it("two remaining units outside the exception (a CMS spare unit) are judged together", () => {
    // 97110 PT 14 + PTA 6 = 20 min earns a spare unit from the total-time method (2 units).
    expect(split(assistantUnitGroups({ units: 2, minutes: 20, assistantMinutes: 6 }))).toEqual([0, 2]);
    // 97110 PT 13 + PTA 7: the assistant's 7 of 20 leftover minutes exceed 10% → both with CQ.
    expect(split(assistantUnitGroups({ units: 2, minutes: 20, assistantMinutes: 7 }))).toEqual([0, 2]);
    expect(split(assistantUnitGroups({ units: 2, minutes: 20, assistantMinutes: 0 }))).toEqual([2, 0]);
  });

  it("splits minutes so that each line's documentation adds up (exception case)", () => {
    expect(assistantUnitGroups({ units: 2, minutes: 24, assistantMinutes: 12 })).toEqual([
      { units: 1, assistant: false, minutes: 12, assistantMinutes: 0 },
      { units: 1, assistant: true, minutes: 12, assistantMinutes: 12 },
    ]);
  });

  it("no units gives no groups, and assistant minutes above the total are clamped", () => {
    expect(assistantUnitGroups({ units: 0, minutes: 7, assistantMinutes: 7 })).toEqual([]);
    expect(split(assistantUnitGroups({ units: 1, minutes: 15, assistantMinutes: 40 }))).toEqual([0, 1]);
  });
});

describe("untimed codes: CQ/CO on total time (more than 10%)", () => {
  it.each<[minutes: number, assistant: number, modifier: boolean, why: string]>([
    [20, 2, false, "exactly 10% (97012 traction, PTA sets up 2 of 20 minutes)"],
    [20, 3, true, "15%: just over"],
    [30, 3, false, "exactly 10%"],
    [30, 4, true, "13.3%"],
    [15, 0, false, "therapist alone"],
    [15, 15, true, "assistant alone"],
  ])("%i min, assistant %i → %s (%s)", (minutes, assistant, expected) => {
    expect(untimedNeedsAssistantModifier(minutes, assistant)).toBe(expected);
  });

  it("assistant minutes without a documented total carry the modifier", () => {
    expect(untimedNeedsAssistantModifier(undefined, 5)).toBe(true);
    expect(untimedNeedsAssistantModifier(undefined, undefined)).toBe(false);
  });

  it("exceedsDeMinimis compares exactly, without floats", () => {
    expect(exceedsDeMinimis(1, 10)).toBe(false);
    expect(exceedsDeMinimis(2, 19)).toBe(true);
    expect(exceedsDeMinimis(0, 0)).toBe(false);
  });
});
