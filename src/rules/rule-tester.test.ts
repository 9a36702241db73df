import { describe, expect, it } from "vitest";
import type { Finding } from "../model/finding.js";
import { runInvalidCase, shapeProblems, tableProblems } from "./rule-tester.js";
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
});
