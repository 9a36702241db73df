import { expect } from "vitest";
import { authorization } from "./authorization.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

const auth = {
  number: "AUTH-991",
  visitsAllowed: 12,
  visitsUsed: 4,
  from: "2026-02-15",
  through: "2026-04-15",
};

runRuleCases(
  authorization,
  {
    valid: [
      { name: "no authorization recorded", claim: claimOf({ lines: ["97110"] }) },
      {
        name: "inside the dates, visits left",
        claim: claimOf({ authorization: auth, lines: ["97110", "97140"] }),
      },
      {
        name: "the last allowed visit",
        claim: claimOf({ authorization: { ...auth, visitsUsed: 11 }, lines: ["97110"] }),
      },
      {
        name: "an authorization without dates or a count",
        claim: claimOf({ authorization: { number: "A-1" }, lines: ["97110"] }),
      },
    ],
    invalid: [
      {
        name: "a visit after the authorization ends",
        claim: claimOf({ authorization: auth, date: "2026-04-20", lines: ["97110"] }),
        findings: [
          {
            rule: "authorization",
            lines: [0],
            carc: "197",
            rarc: "N54",
            message:
              "97110 on 2026-04-20 is after authorization AUTH-991 ends (2026-04-15); obtain an authorization covering 2026-04-20 before submitting",
          },
        ],
      },
      {
        name: "a visit before it starts",
        claim: claimOf({ authorization: auth, date: "2026-02-10", lines: ["97110"] }),
        findings: [{ message: expect.stringContaining("before authorization AUTH-991 starts (2026-02-15)") }],
      },
      {
        name: "all visits used",
        claim: claimOf({ authorization: { ...auth, visitsUsed: 12 }, lines: ["97110", "97140"] }),
        findings: [
          {
            carc: "198",
            lines: [0, 1],
            message: expect.stringContaining("allows 12 visits and 12 are used"),
          },
        ],
      },
      {
        name: "two dates of service with one visit left: the later date is the one past the count",
        claim: claimOf({
          authorization: { ...auth, visitsUsed: 11 },
          lines: [
            { code: "97110", date: "2026-03-02" },
            { code: "97110", date: "2026-03-04" },
          ],
        }),
        findings: [{ lines: [1] }],
      },
    ],
  },
  { reference: ruleReference },
);
