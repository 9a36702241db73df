import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import type { PayerType } from "../model/common.js";
import { profileForClaim, scrubClaim } from "./engine.js";
import { fixClaim } from "./fixes.js";
import { claimOf, type LineSpec, testAsOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

/*
 * `--fix` converges (issue 8 §3): on claims built from real cases, applying every safe fix
 * and scrubbing again offers no further fix; fixing twice gives the same claim; no fix
 * creates a duplicate line. The checks are independent of the engine: a duplicate is two
 * lines of the same code, modifiers (in any order) and date, counted here by hand.
 */

/** Lines from real cases: the contract's seed visit, the CMS unit examples, the CMS CQ/CO examples. */
const realLines: readonly LineSpec[] = [
  { code: "97012", modifiers: ["GP"], minutes: 15 }, // seed
  { code: "97110", modifiers: ["GP"], units: 2, minutes: 30 }, // seed
  { code: "97140", modifiers: ["GP", "XS"], minutes: 8, distinct: "XS", region: "cervical" }, // seed, attested
  { code: "97140", modifiers: ["GP"], minutes: 8 }, // seed, not attested
  { code: "97112", modifiers: ["GP"], units: 2, minutes: 24 }, // CMS example 1
  { code: "97110", modifiers: ["GP"], minutes: 23 }, // CMS example 1
  { code: "97116", modifiers: ["GP"], minutes: 10 }, // CMS example 4
  { code: "97035", modifiers: ["GP"], minutes: 8 }, // CMS example 4
  { code: "97110", modifiers: ["GP", "CQ"], units: 2, minutes: 36, assistantMinutes: 23 }, // CQ example: PTA 23 + PT 13
  { code: "97140", modifiers: ["GP"], units: 2, minutes: 30 }, // CQ example: PT 30
  { code: "97110", modifiers: ["GP"], units: 3, minutes: 45, assistantMinutes: 15 }, // PT 30 + PTA 15: one unit needs CQ
  { code: "97014", modifiers: ["GP"], minutes: 15 }, // Medicare: G0283
  { code: "97161", modifiers: ["GP"] }, // PT evaluation
  { code: "97530", modifiers: ["GP"], minutes: 15 },
];

/** A real line as billed with a common mistake: a modifier dropped, or the units off by one. */
const billedLine = fc
  .record({
    base: fc.constantFrom(...realLines),
    drop: fc.subarray(["GP", "XS", "CQ"]),
    unitsDelta: fc.constantFrom(0, 0, 1, -1),
  })
  .map(({ base, drop, unitsDelta }): LineSpec => {
    const units = Math.max(1, (base.units ?? 1) + unitsDelta);
    return {
      ...base,
      modifiers: (base.modifiers ?? []).filter((m) => !drop.includes(m)),
      units,
      charge: `${45 * units}.00`,
    };
  });

const claims = fc
  .record({
    payer: fc.constantFrom<PayerType>("medicare", "commercial"),
    lines: fc.array(billedLine, { minLength: 1, maxLength: 5 }),
    repeat: fc.boolean(),
  })
  .map(({ payer, lines, repeat }) =>
    // A line billed twice is a real mistake too (duplicate-line).
    claimOf({ payer, lines: repeat && lines[0] ? [...lines, lines[0]] : lines }),
  );

const scrub = (claim: Claim) =>
  scrubClaim(claim, { reference: ruleReference(), profile: profileForClaim(claim), asOf: testAsOf });
/** What `--fix` writes. */
const fixOnce = (claim: Claim) => fixClaim(claim, scrub(claim), scrub);

/** Keys of the lines that share code, modifiers (any order) and date with an earlier line. */
function duplicateKeys(claim: Claim): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const l of claim.lines) {
    const key = `${l.code}|${[...l.modifiers].sort().join(",")}|${l.dateOfService}`;
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  return repeated;
}

describe("--fix converges on real-case claims", () => {
  it("after every safe fix, a second scrub offers no fix", () => {
    fc.assert(
      fc.property(claims, (claim) => {
        const fixed = fixOnce(claim);
        const offered = scrub(fixed).filter((f) => f.fix !== undefined);
        expect(offered.map((f) => `${f.rule}: ${f.fix!.description}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("fixing twice gives the same claim", () => {
    fc.assert(
      fc.property(claims, (claim) => {
        const once = fixOnce(claim);
        expect(fixOnce(once)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it("no fix creates a duplicate line", () => {
    fc.assert(
      fc.property(claims, (claim) => {
        const before = duplicateKeys(claim);
        const created = [...duplicateKeys(fixOnce(claim))].filter((k) => !before.has(k));
        expect(created).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("--fix on the cases that take more than one round", () => {
  const lineView = (c: Claim) =>
    c.lines.map((l) => ({
      code: l.code,
      modifiers: l.modifiers,
      units: l.units,
      charge: l.charge,
      minutes: l.minutes,
    }));

  it("GP added to one of two 97140 lines makes them one line: 8 + 30 = 38 minutes, ×3 (CMS table 38-52), 45.00 + 90.00", () => {
    const claim = claimOf({
      lines: [
        { code: "97140", minutes: 8 },
        { code: "97140", modifiers: ["GP"], units: 2, minutes: 30 },
      ],
    });
    expect(lineView(fixOnce(claim))).toEqual([
      { code: "97140", modifiers: ["GP"], units: 3, charge: "135.00", minutes: 38 },
    ]);
  });

  it("97012 billed on two lines: one line of one unit (untimed, one a day; MUE 1)", () => {
    const claim = claimOf({
      lines: [
        { code: "97012", modifiers: ["GP"], minutes: 15 },
        { code: "97012", modifiers: ["GP"], minutes: 15 },
      ],
    });
    expect(lineView(fixOnce(claim)).map(({ code, units, charge }) => [code, units, charge])).toEqual([
      ["97012", 1, "45.00"],
    ]);
  });

  it("the CQ split is part of the fix: PT 30 + PTA 15 of 97110 ×3 becomes ×2 and ×1 CQ, and scrubs clean", () => {
    const claim = claimOf({
      lines: [{ code: "97110", modifiers: ["GP"], units: 3, minutes: 45, assistantMinutes: 15 }],
    });
    const fixed = fixOnce(claim);
    expect(lineView(fixed)).toEqual([
      { code: "97110", modifiers: ["GP"], units: 2, charge: "90.00", minutes: 30 },
      { code: "97110", modifiers: ["GP", "CQ"], units: 1, charge: "45.00", minutes: 15 },
    ]);
    expect(scrub(fixed).filter((f) => f.severity === "error")).toEqual([]);
  });
});
