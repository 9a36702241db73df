import { expect } from "vitest";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import { timedUnitsRule } from "./timed-units.js";

// The CMS examples of Pub. 100-04 ch. 5 §20.2 (domain.md), and the AMA per-code method.
const line = (code: string, minutes: number, units: number) => ({ code, minutes, units });
const commercial = profileOf("commercial");

runRuleCases(
  timedUnitsRule,
  {
    valid: [
      {
        name: "CMS example 1: 97112 24 + 97110 23 = 47 minutes → 97112 ×2, 97110 ×1",
        claim: claimOf({ lines: [line("97112", 24, 2), line("97110", 23, 1)] }),
      },
      {
        name: "CMS example 2: 97112 20 + 97110 20 → 2 + 1",
        claim: claimOf({ lines: [line("97112", 20, 2), line("97110", 20, 1)] }),
      },
      {
        name: "CMS example 2, the other tied choice: 1 + 2 is accepted too",
        claim: claimOf({ lines: [line("97112", 20, 1), line("97110", 20, 2)] }),
      },
      {
        name: "CMS example 3: 97110 33 + 97140 7 = 40 → 97110 ×2, 97140 ×1",
        claim: claimOf({ lines: [line("97110", 33, 2), line("97140", 7, 1)] }),
      },
      {
        name: "CMS example 4: 97110 18 + 97140 13 + 97116 10 (97035 8 minutes not billed) → 1 each",
        claim: claimOf({ lines: [line("97110", 18, 1), line("97140", 13, 1), line("97116", 10, 1)] }),
      },
      {
        name: "97110 7 + 97140 7 = 14 minutes → 1 unit; 97140's 7 minutes are documented but not billed",
        claim: claimOf({
          lines: [line("97110", 7, 1)],
          unbilledTimedMinutes: [{ code: "97140", minutes: 7, dateOfService: "2026-03-02" }],
        }),
      },
      {
        name: "CMS example 4 with 97035's 8 unbilled minutes recorded: still 3 units",
        claim: claimOf({
          lines: [line("97110", 18, 1), line("97140", 13, 1), line("97116", 10, 1)],
          unbilledTimedMinutes: [{ code: "97035", minutes: 8, dateOfService: "2026-03-02" }],
        }),
      },
      { name: "CMS example 5: 8 minutes → 1", claim: claimOf({ lines: [line("97110", 8, 1)] }) },
      { name: "CMS example 5: 22 minutes → 1", claim: claimOf({ lines: [line("97110", 22, 1)] }) },
      { name: "CMS example 5: 38 minutes → 3", claim: claimOf({ lines: [line("97110", 38, 3)] }) },
      { name: "CMS example 5: 128 minutes → 9", claim: claimOf({ lines: [line("97530", 128, 9)] }) },
      {
        name: "billing fewer units than the minutes support is the biller's choice",
        claim: claimOf({ lines: [line("97110", 45, 2)] }),
      },
      {
        name: "AMA example: 97110 33 + 97140 7 → 97110 ×2 (97140 not billed)",
        claim: claimOf({ payer: "commercial", lines: [line("97110", 33, 2)] }),
        profile: commercial,
      },
      {
        name: "AMA example 4: 18 + 13 + 10 + 8 → 4 units, one each",
        claim: claimOf({
          payer: "commercial",
          lines: [line("97110", 18, 1), line("97140", 13, 1), line("97116", 10, 1), line("97035", 8, 1)],
        }),
        profile: commercial,
      },
      {
        name: "a code split over two lines by CQ carries its minutes on both (PT 15 + PTA 15 = 30 → 2)",
        claim: claimOf({
          lines: [
            { code: "97110", modifiers: ["GP"], minutes: 15, units: 1 },
            { code: "97110", modifiers: ["GP", "CQ"], minutes: 15, assistantMinutes: 15, units: 1 },
          ],
        }),
      },
      {
        name: "untimed codes are not this rule's: 97012 ×1 with no minutes",
        claim: claimOf({ lines: ["97012"] }),
      },
    ],
    invalid: [
      {
        name: "unbilled minutes that the allocation would bill: no automatic fix (a line would have to be added)",
        claim: claimOf({
          lines: [line("97110", 8, 2)],
          unbilledTimedMinutes: [{ code: "97140", minutes: 14, dateOfService: "2026-03-02" }],
        }),
        findings: [{ rule: "timed-units", lines: [0], fix: undefined }],
      },
      {
        name: "CMS example 4 billed as AMA would (4 units) under the CMS method",
        claim: claimOf({
          lines: [line("97110", 18, 1), line("97140", 13, 1), line("97116", 10, 1), line("97035", 8, 1)],
        }),
        findings: [
          {
            rule: "timed-units",
            lines: [0, 1, 2, 3],
            carc: "151",
            message: expect.stringMatching(
              /is more than the minutes support under the CMS total-time method: 97110 18 min, 97140 13 min, 97116 10 min, 97035 8 min on 2026-03-02 total 49 timed minutes, which support 3 units; bill 97110 ×1, 97140 ×1, 97116 ×1 and leave 97035 off the claim$/,
            ),
            reference: expect.stringContaining("Pub. 100-04, ch. 5 §20.2"),
            fix: { patch: [{ op: "remove-line", line: 3 }] },
          },
        ],
      },
      {
        name: "CMS example 3 with the unit on the wrong code: 97110 ×1, 97140 ×2",
        claim: claimOf({ lines: [line("97110", 33, 1), line("97140", 7, 2)] }),
        findings: [
          {
            lines: [1],
            fix: {
              patch: [
                { op: "set-units", line: 0, units: 2 },
                { op: "set-units", line: 1, units: 1 },
              ],
            },
          },
        ],
      },
      {
        // Found by the independent oracle below: each code within its own maximum, not both at once.
        name: "3 + 3 + 32 minutes billed 1 + 1 + 1: 38 minutes give the third unit to one 3-minute code, not both",
        claim: claimOf({ lines: [line("97110", 3, 1), line("97140", 3, 1), line("97112", 32, 1)] }),
        findings: [
          {
            lines: [0, 1],
            message: expect.stringContaining(
              "total 38 timed minutes, which support 3 units; bill 97110 ×1, 97112 ×2",
            ),
            fix: undefined,
          },
        ],
      },
      {
        name: "CMS example 2 billed 2 + 2 = 4 for 40 minutes",
        claim: claimOf({ lines: [line("97112", 20, 2), line("97110", 20, 2)] }),
        findings: [{ lines: [0, 1], fix: { patch: [{ op: "set-units", line: 1, units: 1 }] } }],
      },
      {
        name: "7 minutes alone is not billable: the line goes",
        claim: claimOf({ lines: [line("97110", 7, 1)] }),
        findings: [
          {
            lines: [0],
            message: expect.stringContaining("; leave 97110 off the claim"),
            fix: { patch: [{ op: "remove-line", line: 0 }] },
          },
        ],
      },
      {
        name: "97110 7 + 97140 7 = 14 → 1 unit: removing 97140 would drop its minutes, so no automatic fix",
        claim: claimOf({ lines: [line("97110", 7, 1), line("97140", 7, 1)] }),
        findings: [{ lines: [0, 1], fix: undefined }],
      },
      {
        name: "23 minutes billed as 3",
        claim: claimOf({ lines: [line("97140", 23, 3)] }),
        findings: [{ fix: { patch: [{ op: "set-units", line: 0, units: 2 }] } }],
      },
      {
        name: "AMA: 97140 7 minutes billed ×1 earns no unit on its own",
        claim: claimOf({ payer: "commercial", lines: [line("97110", 33, 2), line("97140", 7, 1)] }),
        profile: commercial,
        findings: [
          {
            lines: [1],
            message: expect.stringContaining("under the AMA per-code method"),
            reference: expect.stringContaining("AMA CPT time rule"),
            fix: { patch: [{ op: "remove-line", line: 1 }] },
          },
        ],
      },
      {
        name: "a timed code with no minutes, on a claim that documents minutes for its other lines",
        claim: claimOf({ lines: [line("97112", 15, 1), { code: "97110", units: 2 }] }),
        findings: [
          {
            lines: [1],
            carc: "16",
            rarc: "M51",
            message: expect.stringContaining(
              "97110 is a timed code (15-minute units) billed with 2 units but no documented minutes",
            ),
            location: "$.lines[1].minutes",
          },
        ],
      },
      {
        name: "a claim that carries no minutes at all (the contract's claim shape): units not checked, said as info",
        claim: claimOf({ lines: [{ code: "97110", units: 2 }, "97012"] }),
        findings: [
          {
            lines: [0],
            severity: "info",
            message: expect.stringContaining("the claim carries no treatment minutes"),
          },
        ],
      },
    ],
  },
  { reference: ruleReference },
);

import fc from "fast-check";
import { describe, it } from "vitest";
import { profileForClaim } from "./engine.js";

/*
 * An oracle independent of src/rules/unit-method.ts and src/coding/units.ts: the CMS
 * total-time table of Pub. 100-04 ch. 5 §20.2 as printed in domain.md (a lookup, not the
 * code's formula), and the allocation steps enumerated by brute force over every tied choice.
 */
const cmsTable: ReadonlyArray<readonly [from: number, through: number, units: number]> = [
  [0, 7, 0],
  [8, 22, 1],
  [23, 37, 2],
  [38, 52, 3],
  [53, 67, 4],
  [68, 82, 5],
  [83, 97, 6],
  [98, 112, 7],
  [113, 127, 8],
];
function tableUnits(minutes: number): number {
  const row = cmsTable.find(([from, through]) => from <= minutes && minutes <= through);
  if (row === undefined) throw new Error(`${minutes} minutes is past the printed table`);
  return row[2];
}

/**
 * Every allocation the CMS steps allow: each code its full 15-minute units, then the
 * remaining units one each to the codes with the largest leftover minutes, any tied choice.
 */
function cmsAllocations(minutes: readonly number[]): number[][] {
  const full = minutes.map((m) => Math.floor(m / 15));
  const leftover = minutes.map((m, k) => m - 15 * full[k]!);
  const remaining = tableUnits(minutes.reduce((a, b) => a + b, 0)) - full.reduce((a, b) => a + b, 0);
  const out: number[][] = [];
  for (let set = 0; set < 1 << minutes.length; set++) {
    const chosen = minutes.map((_, k) => (set & (1 << k)) !== 0);
    if (chosen.filter(Boolean).length !== remaining) continue;
    // Largest leftovers first: no code left out may have more leftover than one chosen.
    const ok = chosen.every((c, k) => !c || leftover.every((l, j) => chosen[j] || l <= leftover[k]!));
    if (ok) out.push(full.map((u, k) => u + (chosen[k] ? 1 : 0)));
  }
  return out;
}

/** Supported when some CMS allocation bills at least as much on every code (fewer is the biller's choice). */
const cmsSupports = (minutes: readonly number[], units: readonly number[]): boolean =>
  cmsAllocations(minutes).some((a) => units.every((u, k) => u <= a[k]!));

/** AMA per code: each code on its own minutes, by the same printed table. */
const amaSupports = (minutes: readonly number[], units: readonly number[]): boolean =>
  units.every((u, k) => u <= tableUnits(minutes[k]!));

describe("the oracle itself reproduces the CMS examples of domain.md", () => {
  it.each<[string, number[], number[][]]>([
    ["example 1: 24 + 23", [24, 23], [[2, 1]]],
    [
      "example 2: 20 + 20, either tied choice",
      [20, 20],
      [
        [2, 1],
        [1, 2],
      ],
    ],
    ["example 3: 33 + 7", [33, 7], [[2, 1]]],
    ["example 4: 18 + 13 + 10 + 8", [18, 13, 10, 8], [[1, 1, 1, 0]]],
    ["example 5: 7 alone", [7], [[0]]],
  ])("%s", (_, minutes, allocations) => {
    expect(cmsAllocations(minutes)).toEqual(expect.arrayContaining(allocations));
    expect(cmsAllocations(minutes)).toHaveLength(allocations.length);
  });
});

describe("timed-units agrees with the independent oracle on any day", () => {
  const codes = ["97110", "97112", "97116", "97140", "97530"];
  // Days within the printed table (at most 127 timed minutes).
  const day = fc.uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: 5 }).chain((picked) =>
    fc.tuple(
      fc.constant(picked),
      fc
        .array(fc.integer({ min: 0, max: 45 }), { minLength: picked.length, maxLength: picked.length })
        .filter((m) => m.reduce((a, b) => a + b, 0) <= 127),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: picked.length, maxLength: picked.length }),
    ),
  );
  for (const payer of ["medicare", "commercial"] as const) {
    it(`${payer}: a finding exactly when the billed units are more than the minutes support`, () => {
      fc.assert(
        fc.property(day, ([picked, minutes, units]) => {
          const claim = claimOf({
            payer,
            lines: picked.map((code, k) => ({ code, minutes: minutes[k]!, units: units[k]! })),
          });
          const found = timedUnitsRule.check(claim, {
            reference: ruleReference(),
            profile: profileForClaim(claim),
            asOf: "2026-12-01",
          });
          const supported = payer === "medicare" ? cmsSupports(minutes, units) : amaSupports(minutes, units);
          return found.length === (supported ? 0 : 1);
        }),
        { numRuns: 2000 },
      );
    });
  }
});
