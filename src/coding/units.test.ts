import { describe, expect, it } from "vitest";
import { hourBasedUnits, midpointUnits, type TimedMinutes, timedUnits } from "./units.js";

const svc = (code: string, minutes: number): TimedMinutes => ({ code, minutes });

/**
 * CMS Pub. 100-04 ch. 5 §20.2 examples, as listed in ../shared/spec/domain.md
 * ("CMS examples (use these as tests)"), with the AMA per-code variants.
 */
const cmsExamples: Array<{
  name: string;
  services: TimedMinutes[];
  cms: number[];
  ama: number[];
}> = [
  {
    name: "§20.2 example 1: 97112 24 + 97110 23 = 47 minutes, 3 units",
    services: [svc("97112", 24), svc("97110", 23)],
    cms: [2, 1],
    ama: [2, 2],
  },
  {
    name: "§20.2 example 2: 97112 20 + 97110 20 = 40 minutes, 3 units, never 3 of one (tie: earlier service)",
    services: [svc("97112", 20), svc("97110", 20)],
    cms: [2, 1],
    ama: [1, 1],
  },
  {
    name: "§20.2 example 3: 97110 33 + 97140 7 = 40 minutes, 3 units; 7 minutes still earn the third unit",
    services: [svc("97110", 33), svc("97140", 7)],
    cms: [2, 1],
    ama: [2, 0],
  },
  {
    name: "§20.2 example 4: 97110 18 + 97140 13 + 97116 10 + 97035 8 = 49 minutes, 3 units; 97035 not billed",
    services: [svc("97110", 18), svc("97140", 13), svc("97116", 10), svc("97035", 8)],
    cms: [1, 1, 1, 0],
    ama: [1, 1, 1, 1],
  },
  {
    name: "seed visit timed codes: 97110 30 + 97140 8 = 38 minutes, 3 units",
    services: [svc("97110", 30), svc("97140", 8)],
    cms: [2, 1],
    ama: [2, 1],
  },
];

describe("timedUnits: CMS total-time method and AMA per-code method", () => {
  it.each(cmsExamples)("$name", ({ services, cms, ama }) => {
    expect(timedUnits(services, "cms")).toEqual(cms);
    expect(timedUnits(services, "ama")).toEqual(ama);
  });

  it("CMS example 2: the total is 3 units whichever order the services come in", () => {
    expect(timedUnits([svc("97110", 20), svc("97112", 20)], "cms")).toEqual([2, 1]);
  });

  it("ties on leftover minutes go to the earlier service (contract §3 units tie-break)", () => {
    // 97110 10 + 97140 10 + 97112 10 = 30 minutes → 2 units; three leftovers of 10.
    expect(timedUnits([svc("97110", 10), svc("97140", 10), svc("97112", 10)], "cms")).toEqual([1, 1, 0]);
    expect(timedUnits([svc("97112", 10), svc("97110", 10), svc("97140", 10)], "cms")).toEqual([1, 1, 0]);
  });

  it("a larger leftover beats an earlier service", () => {
    // 97110 17 (leftover 2) + 97140 9 = 26 minutes → 2 units: 97110 ×1, 97140 ×1.
    expect(timedUnits([svc("97110", 17), svc("97140", 9)], "cms")).toEqual([1, 1]);
  });

  it("total units follow the §20.2 table for every total from 0 to 300 minutes", () => {
    for (let t = 0; t <= 300; t++) {
      const expected = t < 8 ? 0 : Math.floor((t + 7) / 15);
      const half = Math.floor(t / 2);
      const units = timedUnits([svc("97110", half), svc("97140", t - half)], "cms");
      expect(units[0]! + units[1]!, `${t} minutes`).toBe(expected);
    }
  });

  it("no services gives no units", () => {
    expect(timedUnits([], "cms")).toEqual([]);
    expect(timedUnits([], "ama")).toEqual([]);
  });
});

/** §20.2 units table edges (domain.md example 5) for one code alone; the methods agree on one code. */
const singleCode: Array<[minutes: number, units: number]> = [
  [0, 0],
  [7, 0],
  [8, 1],
  [22, 1],
  [23, 2],
  [37, 2],
  [38, 3],
  [52, 3],
  [53, 4],
  [67, 4],
  [68, 5],
  [82, 5],
  [83, 6],
  [97, 6],
  [98, 7],
  [112, 7],
  [113, 8],
  [127, 8],
  [128, 9],
];

describe("one timed code alone (§20.2 table)", () => {
  it.each(singleCode)("%i minutes → %i units", (minutes, units) => {
    expect(timedUnits([svc("97110", minutes)], "cms")).toEqual([units]);
    expect(timedUnits([svc("97110", minutes)], "ama")).toEqual([units]);
    expect(midpointUnits(minutes)).toBe(units);
  });

  it("rejects minutes that are not whole or are negative", () => {
    expect(() => midpointUnits(-1)).toThrow(/whole number/);
    expect(() => midpointUnits(7.5)).toThrow(/whole number/);
  });
});

describe("hour-based codes (descriptors: 97545 initial 2 hours, 97546 each additional hour)", () => {
  it.each([
    ["97545", 60, 0],
    ["97545", 61, 1],
    ["97545", 120, 1],
    ["97545", 240, 1],
    ["97546", 30, 0],
    ["97546", 31, 1],
    ["97546", 90, 1],
    ["97546", 91, 2],
    ["97546", 120, 2],
  ] as const)("%s %i minutes → %i units", (code, minutes, units) => {
    expect(hourBasedUnits(code, minutes)).toBe(units);
  });

  it("refuses a code that is not hour-based", () => {
    expect(() => hourBasedUnits("97110", 60)).toThrow(/not an hour-based code/);
  });
});
