import { expect } from "vitest";
import { kxThreshold } from "./kx-threshold.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// KX threshold 2026: $2,480 (domain.md; secondary sources, UNVERIFIED), a policy figure of the
// bundled policy edition (src/reference/policy/bundled-policy.json).
// Allowed amounts are given in cents, as the pricing engine reports them.
const amounts =
  (...cents: number[]) =>
  () =>
    cents;
const gp = (code: string, extra: string[] = []) => ({ code, modifiers: ["GP", ...extra] });

runRuleCases(
  kxThreshold,
  {
    valid: [
      {
        name: "far below the threshold",
        claim: claimOf({ therapyYearToDate: "500.00", lines: [gp("97110"), gp("97140")] }),
        allowedAmounts: amounts(5_000, 4_000),
      },
      {
        name: "reaching the threshold exactly is not passing it",
        claim: claimOf({ therapyYearToDate: "2470.00", lines: [gp("97110")] }),
        allowedAmounts: amounts(1_000),
      },
      {
        name: "past the threshold with KX and documented medical necessity",
        claim: claimOf({
          therapyYearToDate: "2470.00",
          medicallyNecessaryOverThreshold: true,
          lines: [gp("97110", ["KX"])],
        }),
        allowedAmounts: amounts(5_000),
      },
      {
        name: "a commercial payer has no KX threshold",
        claim: claimOf({ payer: "commercial", therapyYearToDate: "9000.00", lines: [gp("97110")] }),
      },
      {
        name: "OT counts apart from PT: an OT year-to-date near the threshold leaves a PT line alone",
        claim: claimOf({
          planOfCare: { discipline: "OT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
          therapyYearToDate: "2479.00",
          lines: [gp("97110")],
        }),
        allowedAmounts: amounts(5_000),
      },
    ],
    invalid: [
      {
        // The bundled policy edition gives thresholds for 2022-2026 only: for a 2027 visit the
        // rule says which figure is missing and what to import, and never guesses one.
        name: "no KX threshold for 2027 is loaded: a warning naming the policy file to import",
        claim: claimOf({
          date: "2027-01-05",
          therapyYearToDate: "2470.00",
          lines: [gp("97110"), gp("97140")],
        }),
        allowedAmounts: amounts(5_000, 4_000),
        findings: [
          {
            rule: "kx-threshold",
            severity: "warning",
            lines: [0, 1],
            carc: undefined,
            message:
              "no loaded policy edition gives the therapy KX threshold for 2027-01-05: import a policy figures file that covers it (`cleanclaim data import policy-2027.json`; the format is in docs/policy-figures.md); the KX threshold was not judged for these lines",
            location: "$.lines[0].dateOfService",
          },
        ],
      },
      {
        name: "the line that crosses and every later therapy line need KX (necessity documented)",
        claim: claimOf({
          therapyYearToDate: "2460.00",
          medicallyNecessaryOverThreshold: true,
          lines: [gp("97012"), gp("97110"), gp("97140")],
        }),
        allowedAmounts: amounts(1_000, 2_500, 3_000),
        findings: [
          {
            rule: "kx-threshold",
            lines: [1],
            carc: "119",
            message:
              "PT/SLP therapy allowed this year reaches $2495.00 with 97110, past the 2026 KX threshold of $2480.00; medical necessity is documented, so add KX",
            reference: expect.stringContaining("KX threshold 2026: $2480.00"),
            fix: { patch: [{ op: "add-modifier", line: 1, modifier: "KX" }] },
          },
          { lines: [2], fix: { patch: [{ op: "add-modifier", line: 2, modifier: "KX" }] } },
        ],
      },
      {
        name: "crossing without documented medical necessity: denied, no fix",
        claim: claimOf({ therapyYearToDate: "2460.00", lines: [gp("97012"), gp("97110")] }),
        allowedAmounts: amounts(1_000, 2_500),
        findings: [
          { lines: [1], message: expect.stringContaining("without KX the line is denied"), fix: undefined },
        ],
      },
      {
        name: "KX without documented medical necessity: remove it",
        claim: claimOf({ therapyYearToDate: "3000.00", lines: [gp("97110", ["KX"])] }),
        allowedAmounts: amounts(2_900),
        findings: [{ carc: "50", fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "KX" }] } }],
        afterFix: [{ message: expect.stringContaining("without KX the line is denied") }],
      },
      {
        name: "without pricing, the national fee schedule estimate is used (97110 2026: 0.87 RVU x 33.4009)",
        claim: claimOf({
          therapyYearToDate: "2479.00",
          medicallyNecessaryOverThreshold: true,
          lines: [gp("97110")],
        }),
        findings: [
          {
            message: expect.stringContaining("reaches $2508.06 with 97110"),
            fix: { patch: [{ op: "add-modifier", line: 0, modifier: "KX" }] },
          },
        ],
      },
      {
        name: "OT has its own threshold",
        claim: claimOf({
          planOfCare: { discipline: "OT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
          therapyYearToDate: "2479.00",
          medicallyNecessaryOverThreshold: true,
          lines: [{ code: "97530", modifiers: ["GO"] }],
        }),
        allowedAmounts: amounts(3_000),
        findings: [
          {
            message: expect.stringMatching(/^OT therapy allowed this year reaches \$2509\.00/),
            fix: { patch: [{ op: "add-modifier", line: 0, modifier: "KX" }] },
          },
        ],
      },
    ],
  },
  { reference: ruleReference },
);

import fc from "fast-check";
import { describe, it } from "vitest";
import { parseCents } from "../model/money.js";
import { centsOf } from "./kx-threshold.js";

describe("centsOf (the year-to-date amount, parsed without regex)", () => {
  it("agrees with parseCents on every money string the schema accepts", () => {
    const money = fc
      .tuple(fc.boolean(), fc.nat(99_999_999), fc.constantFrom("", ".", ".0", ".00"), fc.nat(99))
      .map(([neg, whole, shape, frac]) => {
        const f =
          shape === ""
            ? ""
            : shape === "."
              ? `.${frac % 10}`
              : shape === ".0"
                ? `.${frac % 10}`
                : `.${String(frac).padStart(2, "0")}`;
        return `${neg ? "-" : ""}${whole}${f}`;
      });
    fc.assert(fc.property(money, (text) => centsOf(text) === parseCents(text)));
  });
});
