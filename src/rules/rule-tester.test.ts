import { describe, expect, it } from "vitest";
import type { Finding } from "../model/finding.js";
import {
  afterFixProblems,
  runInvalidCase,
  shapeProblems,
  tableProblems,
  unpinnedFixes,
} from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import type { Rule } from "./types.js";

const silent: Rule = {
  meta: {
    id: "silent",
    severity: "error",
    description: "reports nothing",
    references: ["test"],
    docs: "docs/rules/silent.md",
  },
  check: () => [],
};
const claim = claimOf({ lines: ["97110"] });
const options = { reference: ruleReference };

describe("the rule tester", () => {
  it('refuses an invalid case that reports nothing: "expected findings, got none"', () => {
    expect(() => runInvalidCase(silent, { name: "should fail", claim, findings: [{}] }, options)).toThrow(
      'silent: invalid case "should fail": expected findings, got none',
    );
  });

  it("refuses duplicate cases: a repeated name, or the same claim twice", () => {
    const problems = tableProblems(silent, {
      valid: [
        { name: "one", claim },
        { name: "one", claim: claimOf({ lines: ["97140"] }) },
      ],
      invalid: [{ name: "two", claim, findings: [{}] }],
    });
    expect(problems).toEqual([
      'silent: valid case "one" repeats the name of valid case "one"',
      'silent: invalid case "two" is a duplicate of valid case "one" (same claim, profile and date)',
    ]);
  });

  it("refuses a table without an invalid case", () => {
    expect(tableProblems(silent, { valid: [{ name: "ok", claim }], invalid: [] })).toEqual([
      "silent: the table has no invalid case; a rule needs at least one failing claim",
    ]);
  });

  it("checks the shape of findings: rule id, lines, reference and patches", () => {
    const bad: Finding = {
      rule: "other",
      severity: "error",
      lines: [3],
      message: "wrong",
      reference: "",
      fix: { description: "x", patch: [{ op: "set-units", line: 7, units: 1 }] },
    };
    expect(shapeProblems(silent, claim, [bad])).toEqual([
      'finding 0 (wrong): rule is "other", expected "silent"',
      "finding 0 (wrong): no reference (the authority the finding rests on)",
      "finding 0 (wrong): line 3 is not a line of the claim",
      'finding 0 (wrong): patch {"op":"set-units","line":7,"units":1} points past the last line',
    ]);
  });

  // A rule that fixes 97012 ×2 to ×1 (untimed-units' fix, Pub. 100-04 ch. 5 §20.2: one unit a day).
  const twoUnits = claimOf({ lines: [{ code: "97012", units: 2 }] });
  const unitFix: Finding = {
    rule: "silent",
    severity: "error",
    lines: [0],
    message: "97012 is untimed",
    reference: "test",
    fix: { description: "bill 97012 once", patch: [{ op: "set-units", line: 0, units: 1 }] },
  };

  it("refuses a fix the case does not pin (ESLint's RuleTester refuses a fix without output)", () => {
    const c = { name: "unpinned", claim: twoUnits, findings: [{ lines: [0] }] };
    expect(unpinnedFixes(silent, c, [unitFix])).toEqual([
      'silent: invalid case "unpinned": finding 0 has a fix the case does not pin; add fix: {"description":"bill 97012 once","patch":[{"op":"set-units","line":0,"units":1}]} to its expected finding, or the fixed claim as `fixed`',
    ]);
  });

  it("accepts a fix pinned by the finding's fix, or by the fixed claim", () => {
    const byFix = { name: "a", claim: twoUnits, findings: [{ fix: { patch: unitFix.fix!.patch } }] };
    const byClaim = { name: "b", claim: twoUnits, findings: [{}], fixed: { lines: [{ units: 1 }] } };
    expect(unpinnedFixes(silent, byFix, [unitFix])).toEqual([]);
    expect(unpinnedFixes(silent, byClaim, [unitFix])).toEqual([]);
    // A finding without a fix needs no pin.
    const { fix: _, ...noFix } = unitFix;
    expect(unpinnedFixes(silent, { name: "c", claim: twoUnits, findings: [{}] }, [noFix])).toEqual([]);
  });

  it("refuses a fixed claim that is not clean of the rule: another fix offered, or an error left", () => {
    expect(afterFixProblems(silent, [unitFix], [unitFix])).toEqual([
      'silent: after the fixes, finding 0 offers another fix: {"description":"bill 97012 once","patch":[{"op":"set-units","line":0,"units":1}]}',
      "silent: after the fixes, 1 error finding(s) remain where only 0 had no fix",
    ]);
    const { fix: _, ...leftover } = unitFix;
    expect(afterFixProblems(silent, [unitFix], [leftover])).toEqual([
      "silent: after the fixes, 1 error finding(s) remain where only 0 had no fix",
    ]);
    // Pinned by the case (afterFix): an error the fix uncovers may remain, a fix may not.
    expect(afterFixProblems(silent, [unitFix], [leftover], true)).toEqual([]);
    expect(afterFixProblems(silent, [unitFix], [])).toEqual([]);
  });
});
