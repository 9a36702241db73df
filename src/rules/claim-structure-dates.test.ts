import { expect } from "vitest";
import { claimStructure } from "./claim-structure.js";
import { runRuleCases } from "./rule-tester.js";
import { sendableClaimOf as claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

/**
 * Issue 8 §1: a date of service after the day the claim is judged on (RuleContext.asOf,
 * the CLI's --as-of; the tester's default is 2026-03-10) is a claim-structure error. A
 * claim bills services already furnished; payers deny with CARC 110, "billing date
 * predates service date" (X12 CARC list). The claims carry what the 837P needs, so only
 * the date is judged.
 */
runRuleCases(
  claimStructure,
  {
    valid: [
      { name: "the seed date 2026-03-02, judged 2026-03-10", claim: claimOf({ lines: ["97110"] }) },
      {
        name: "a service on the very day the claim is judged",
        claim: claimOf({ date: "2026-03-10", lines: ["97110"] }),
      },
      {
        name: "judged later: 2026-03-11 as of 2026-03-11",
        claim: claimOf({ date: "2026-03-11", lines: ["97110"] }),
        asOf: "2026-03-11",
      },
    ],
    invalid: [
      {
        name: "a service the day after the claim is judged",
        claim: claimOf({ date: "2026-03-11", lines: ["97110", "97140"] }),
        findings: [
          {
            rule: "claim-structure",
            severity: "error",
            lines: [0, 1],
            carc: "110",
            message:
              "services dated 2026-03-11 are after 2026-03-10, the day the claim is judged on: a claim bills only services already furnished; correct the date of service, or bill it once the service is furnished",
            reference:
              "ASC X12 837P 005010X222A1, 2400 DTP*472 (service date); CMS Pub. 100-04 ch. 1 §80.3.2; CARC 110",
            location: "$.lines[0].dateOfService",
          },
        ],
      },
      {
        name: "the seed date judged as of 2026-02-01 (the context's day, not the clock)",
        claim: claimOf({ lines: ["97110"] }),
        asOf: "2026-02-01",
        findings: [
          {
            lines: [0],
            carc: "110",
            message: expect.stringMatching(/^services dated 2026-03-02 are after 2026-02-01/),
          },
        ],
      },
      {
        name: "only the future date of a two-date claim",
        claim: twoDates("2026-03-02", "2026-04-01"),
        findings: [{ lines: [1], location: "$.lines[1].dateOfService" }],
      },
    ],
  },
  { reference: ruleReference },
);

/** The seed claim with one 97110 line on each date. */
function twoDates(first: string, second: string) {
  const claim = claimOf({ date: first, lines: ["97110", "97110"] });
  claim.lines[1]!.dateOfService = second;
  return claim;
}
