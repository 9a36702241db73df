import { expect } from "vitest";
import { duplicateLine } from "./duplicate-line.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

runRuleCases(
  duplicateLine,
  {
    valid: [
      { name: "one line per code", claim: claimOf({ lines: ["97110", "97140"] }) },
      {
        name: "the same code split by CQ is two different lines",
        claim: claimOf({
          lines: [
            { code: "97110", modifiers: ["GP"] },
            { code: "97110", modifiers: ["GP", "CQ"] },
          ],
        }),
      },
      {
        name: "the same code on two dates",
        claim: claimOf({
          lines: [
            { code: "97110", date: "2026-03-02" },
            { code: "97110", date: "2026-03-04" },
          ],
        }),
      },
    ],
    invalid: [
      {
        name: "97110 GP on two lines: combine the units",
        claim: claimOf({
          lines: [
            { code: "97110", modifiers: ["GP"], units: 2, minutes: 30 },
            { code: "97140", modifiers: ["GP"] },
            { code: "97110", modifiers: ["GP"], units: 1, minutes: 15 },
          ],
        }),
        findings: [
          {
            rule: "duplicate-line",
            severity: "warning",
            lines: [0, 2],
            carc: "18",
            message: "97110 GP is billed on 2 lines on 2026-03-02; bill it once with 3 units",
            fix: {
              patch: [
                { op: "set-units", line: 0, units: 3 },
                { op: "remove-line", line: 2 },
              ],
            },
          },
        ],
      },
      {
        name: "the same modifiers in another order are the same line",
        claim: claimOf({
          lines: [
            { code: "97140", modifiers: ["GP", "XS"] },
            { code: "97140", modifiers: ["XS", "GP"] },
          ],
        }),
        findings: [
          {
            lines: [0, 1],
            message: expect.stringContaining("bill it once with 2 units"),
            fix: {
              patch: [
                { op: "set-units", line: 0, units: 2 },
                { op: "remove-line", line: 1 },
              ],
            },
          },
        ],
        fixed: { lines: [{ code: "97140", modifiers: ["GP", "XS"], units: 2 }] },
      },
    ],
  },
  { reference: ruleReference },
);
