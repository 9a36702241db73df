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
import { amaUnits, cmsMaximumUnits, unitsForMinutes } from "./unit-method.js";

describe("timed-units agrees with the allocation rule on any day", () => {
  const codes = ["97110", "97112", "97116", "97140", "97530"];
  const day = fc
    .uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: 5 })
    .chain((picked) =>
      fc.tuple(
        fc.constant(picked),
        fc.array(fc.integer({ min: 0, max: 70 }), { minLength: picked.length, maxLength: picked.length }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: picked.length, maxLength: picked.length }),
      ),
    );
  for (const payer of ["medicare", "commercial"] as const) {
    it(`${payer}: a finding exactly when some code, or the day, bills more units than the minutes support`, () => {
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
          const over =
            payer === "medicare"
              ? units.reduce((a, b) => a + b, 0) > unitsForMinutes(minutes.reduce((a, b) => a + b, 0)) ||
                cmsMaximumUnits(minutes).some((max, k) => units[k]! > max)
              : minutes.some((m, k) => units[k]! > amaUnits(m));
          return found.length === (over ? 1 : 0);
        }),
        { numRuns: 2000 },
      );
    });
  }
});
