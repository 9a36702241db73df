import { expect } from "vitest";
import { planOfCare } from "./plan-of-care.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// The seed plan: PT, certified 2026-02-01 through 2026-04-30 (42 CFR 424.24(c); Pub. 100-02 ch. 15 §220.1).
runRuleCases(
  planOfCare,
  {
    valid: [
      {
        name: "treatment inside the certification",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP"] }] }),
      },
      { name: "the first certified day", claim: claimOf({ date: "2026-02-01", lines: ["97110"] }) },
      { name: "the last certified day", claim: claimOf({ date: "2026-04-30", lines: ["97110"] }) },
      {
        name: "an initial evaluation may precede the plan it establishes",
        claim: claimOf({ date: "2026-01-28", lines: ["97161"] }),
      },
      {
        name: "an initial evaluation with no plan yet",
        claim: claimOf({ planOfCare: null, lines: ["97162"] }),
      },
      {
        name: "CMT is not furnished under a therapy plan",
        claim: claimOf({ credential: "DC", planOfCare: null, lines: ["98940"] }),
      },
      {
        name: "a chiropractor's traction billed as excluded (GY)",
        claim: claimOf({ credential: "DC", planOfCare: null, lines: [{ code: "97012", modifiers: ["GY"] }] }),
      },
      {
        name: "a commercial payer without a recorded plan",
        claim: claimOf({ payer: "commercial", planOfCare: null, lines: ["97110"] }),
      },
    ],
    invalid: [
      {
        name: "treatment after the certification ended",
        claim: claimOf({ date: "2026-05-04", lines: ["97012", "97110"] }),
        findings: [
          {
            rule: "plan-of-care",
            severity: "error",
            lines: [0],
            rarc: "N351",
            message:
              "97012 on 2026-05-04 is after the plan of care certification ended (2026-04-30); recertify the plan (a signed recertification covering 2026-05-04) before billing",
            reference: expect.stringContaining("42 CFR 410.61"),
          },
          { lines: [1] },
        ],
      },
      {
        name: "treatment before the certification starts",
        claim: claimOf({ date: "2026-01-28", lines: ["97110"] }),
        findings: [
          {
            message: expect.stringContaining("is before the plan of care certification starts (2026-02-01)"),
          },
        ],
      },
      {
        name: "a re-evaluation is under the plan, unlike an initial evaluation",
        claim: claimOf({ date: "2026-01-28", lines: ["97164"] }),
        findings: [{ lines: [0] }],
      },
      {
        name: "Medicare therapy with no plan of care",
        claim: claimOf({ planOfCare: null, lines: ["97161", "97110", "97140"] }),
        findings: [
          {
            lines: [1, 2],
            location: "$.planOfCare",
            message: expect.stringContaining("the claim records none"),
          },
        ],
      },
      {
        name: "a claim that does not say whether there is a plan (no planOfCare key): not judged, said as info",
        claim: claimOf({ planOfCare: undefined, lines: ["97161", "97110"] }),
        findings: [
          {
            severity: "info",
            lines: [0, 1],
            location: "$.planOfCare",
            message: expect.stringContaining("does not record the plan of care"),
          },
        ],
      },
      {
        name: "a commercial payer: dates outside a recorded plan are a warning",
        claim: claimOf({ payer: "commercial", date: "2026-05-04", lines: ["97110"] }),
        findings: [{ severity: "warning" }],
      },
    ],
  },
  { reference: ruleReference },
);
