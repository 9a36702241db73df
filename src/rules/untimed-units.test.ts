import { expect } from "vitest";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import { untimedUnits } from "./untimed-units.js";

// Service-based codes: Pub. 100-04 ch. 5 §20.2; the CMS therapy code list (src/reference/policy/therapy-codes.ts).
runRuleCases(
  untimedUnits,
  {
    valid: [
      {
        name: "97012 ×1 with 20 minutes documented",
        claim: claimOf({ lines: [{ code: "97012", minutes: 20 }] }),
      },
      { name: "G0283 ×1", claim: claimOf({ lines: ["G0283"] }) },
      {
        name: "97012 once on each of two dates",
        claim: claimOf({
          lines: [
            { code: "97012", date: "2026-03-02" },
            { code: "97012", date: "2026-03-04" },
          ],
        }),
      },
      {
        name: "a timed code with several units is not this rule's: 97110 ×3",
        claim: claimOf({ lines: [{ code: "97110", units: 3 }] }),
      },
      {
        name: "97598 is an add-on billed per 20 sq cm: 3 units",
        claim: claimOf({ lines: [{ code: "97598", units: 3 }] }),
      },
    ],
    invalid: [
      {
        name: "97012 ×2 for 30 minutes of traction: one unit whatever the minutes",
        claim: claimOf({ lines: [{ code: "97012", units: 2, minutes: 30 }] }),
        findings: [
          {
            rule: "untimed-units",
            severity: "error",
            lines: [0],
            carc: "151",
            message: expect.stringMatching(
              /^97012 \(mechanical traction\) is service-based.*but 2 units are billed on 2026-03-02; bill 1 unit$/,
            ),
            fix: { patch: [{ op: "set-units", line: 0, units: 1 }] },
          },
        ],
      },
      {
        name: "G0283 ×3",
        claim: claimOf({ lines: [{ code: "G0283", units: 3 }] }),
        findings: [{ fix: { patch: [{ op: "set-units", line: 0, units: 1 }] } }],
      },
      {
        name: "97150 group therapy ×2",
        claim: claimOf({ lines: [{ code: "97150", units: 2 }] }),
        findings: [{ lines: [0], fix: { patch: [{ op: "set-units", line: 0, units: 1 }] } }],
      },
      {
        name: "an evaluation billed twice on one day (97161 on two lines)",
        claim: claimOf({ lines: ["97161", { code: "97161", modifiers: ["GP"] }] }),
        findings: [{ lines: [0, 1], fix: { patch: [{ op: "remove-line", line: 1 }] } }],
      },
      {
        name: "97014 ×2 for a commercial payer",
        claim: claimOf({ payer: "commercial", lines: [{ code: "97014", units: 2 }] }),
        findings: [{ lines: [0], fix: { patch: [{ op: "set-units", line: 0, units: 1 }] } }],
      },
      {
        name: "97010 hot packs ×2",
        claim: claimOf({ lines: [{ code: "97010", units: 2 }] }),
        findings: [{ lines: [0], fix: { patch: [{ op: "set-units", line: 0, units: 1 }] } }],
      },
    ],
  },
  { reference: ruleReference },
);
