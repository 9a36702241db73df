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
            message:
              "services on 2026-03-02 are past MEDICARE-FL's filing limit: date of service 2026-03-02 + 12 months = 2027-03-02, the last day to file; judged as of 2027-03-03. The limit is Medicare's 1 calendar year after the date of service (42 CFR 424.44). Submit only with proof of an exception (such as an administrative error by the payer or retroactive entitlement)",
            reference: "42 CFR 424.44; CMS Claims Processing Manual, Pub. 100-04, ch. 1 §70",
          },
        ],
      },
      {
        name: "a commercial payer's 181st day",
        claim: claimOf({ payer: "commercial", lines: ["97110"] }),
        asOf: "2026-08-30",
        findings: [
          {
            reference: expect.stringContaining("timely filing 180 days"),
            message: expect.stringContaining(
              "date of service 2026-03-02 + 180 days = 2026-08-29, the last day to file; judged as of 2026-08-30. The limit is the built-in commercial default of 180 days (unverified: set timelyFilingDays in a payer profile)",
            ),
          },
        ],
      },
      {
        // The case of issue 8: a March 2025 visit judged in November 2026 (12 months end 2026-03-04).
        name: "a March visit judged in November of the next year says what it measured from",
        claim: claimOf({ lines: [{ code: "97110", date: "2025-03-04" }] }),
        asOf: "2026-11-26",
        findings: [
          {
            message: expect.stringContaining(
              "date of service 2025-03-04 + 12 months = 2026-03-04, the last day to file; judged as of 2026-11-26",
            ),
          },
        ],
      },
      {
        name: "a payer profile with 90 days",
        claim: claimOf({ payer: "commercial", lines: ["97110"] }),
        profile: profileOf("commercial", { timelyFilingDays: 90 }),
        asOf: "2026-06-01",
        findings: [
          {
            message: expect.stringContaining(
              "date of service 2026-03-02 + 90 days = 2026-05-31, the last day to file; judged as of 2026-06-01. The limit is timelyFilingDays 90 of the payer profile COMMERCIAL-TEST",
            ),
          },
        ],
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
