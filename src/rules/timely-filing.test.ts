import { expect } from "vitest";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import { filingDeadline, timelyFiling } from "./timely-filing.js";

// Medicare: 1 calendar year after the date of service (42 CFR 424.44). Commercial default: 180 days.
runRuleCases(
  timelyFiling,
  {
    valid: [
      { name: "filed the week after the visit", claim: claimOf({ lines: ["97110"] }), asOf: "2026-03-09" },
      {
        name: "Medicare: the last day, one calendar year later",
        claim: claimOf({ lines: ["97110"] }),
        asOf: "2027-03-02",
      },
      {
        name: "a commercial payer's 180th day",
        claim: claimOf({ payer: "commercial", lines: ["97110"] }),
        asOf: "2026-08-29",
      },
    ],
    invalid: [
      {
        name: "Medicare: the day after the year is up",
        claim: claimOf({ lines: ["97110", "97140"] }),
        asOf: "2027-03-03",
        findings: [
          {
            rule: "timely-filing",
            lines: [0, 1],
            carc: "29",
            message: expect.stringMatching(
              /^services on 2026-03-02 had to be filed with MEDICARE-FL by 2027-03-02 \(12 months after the date of service\); as of 2027-03-03 the filing limit has passed/,
            ),
            reference: "42 CFR 424.44; CMS Claims Processing Manual, Pub. 100-04, ch. 1 §70",
          },
        ],
      },
      {
        name: "a commercial payer's 181st day",
        claim: claimOf({ payer: "commercial", lines: ["97110"] }),
        asOf: "2026-08-30",
        findings: [{ reference: expect.stringContaining("timely filing 180 days") }],
      },
      {
        name: "a payer profile with 90 days",
        claim: claimOf({ payer: "commercial", lines: ["97110"] }),
        profile: profileOf("commercial", { timelyFilingDays: 90 }),
        asOf: "2026-06-01",
        findings: [{ message: expect.stringContaining("by 2026-05-31 (90 days after the date of service)") }],
      },
      {
        name: "only the late date of a two-date claim",
        claim: claimOf({
          lines: [
            { code: "97110", date: "2025-02-10" },
            { code: "97110", date: "2026-03-02" },
          ],
        }),
        asOf: "2026-03-10",
        findings: [{ lines: [0], message: expect.stringContaining("services on 2025-02-10") }],
      },
    ],
  },
  { reference: ruleReference },
);

// A whole number of years is calendar years: 2024-02-29 + 1 year is 2025-02-28.
import { describe, it } from "vitest";

describe("filingDeadline", () => {
  it.each([
    ["2026-03-02", 365, "2027-03-02"],
    ["2024-02-29", 365, "2025-02-28"],
    ["2026-01-15", 180, "2026-07-14"],
    ["2026-03-02", 730, "2028-03-02"],
  ])("%s + %i days → %s", (date, days, deadline) => {
    expect(filingDeadline(date, days)).toBe(deadline);
  });
});
