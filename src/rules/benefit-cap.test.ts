import fs from "node:fs";
import path from "node:path";
import { parsePayerProfile } from "../payers/load.js";
import { repoRoot } from "../test-support/reference.js";
import { benefitCap } from "./benefit-cap.js";
import { runRuleCases } from "./rule-tester.js";
import { type ClaimSpec, claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

/**
 * FL PIP's real profile (profiles/states/fl-pip.json): the $10,000 benefit of Fla. Stat.
 * §627.736(1) (verified); the $2,500 limit without an emergency medical condition is null
 * (not verified), so it never decides. Claims of two lines charging 120.00 + 55.00 = 175.00.
 */
const flFile = path.join(repoRoot, "profiles/states/fl-pip.json");
const flPip = parsePayerProfile(fs.readFileSync(flFile, "utf8"), flFile, flFile);
const pip = (spec: Omit<ClaimSpec, "lines">) =>
  claimOf({
    payer: "auto",
    date: "2026-07-15",
    planOfCare: null,
    ...spec,
    lines: [
      { code: "97110", units: 2, modifiers: ["GP"], charge: "120.00" },
      { code: "97140", modifiers: ["GP"], charge: "55.00" },
    ],
  });
const flReference =
  "Fla. Stat. §627.736(1): benefits up to $10,000; verified against the source (the payer profile's pricing.stateSchedule.benefitCaps[0])";

runRuleCases(
  benefitCap,
  {
    valid: [
      {
        name: "no benefitUsed given: the cap cannot be judged (the estimate's trace says so)",
        claim: pip({}),
        profile: flPip,
      },
      {
        name: "5,000.00 used: 5,000.00 left, more than the 175.00 charged",
        claim: pip({ benefitUsed: "5000.00" }),
        profile: flPip,
      },
      {
        name: "9,825.00 used: exactly the 175.00 charged is left",
        claim: pip({ benefitUsed: "9825.00" }),
        profile: flPip,
      },
      {
        name: "a Medicare claim with benefitUsed: no state schedule, no cap",
        claim: claimOf({ benefitUsed: "10000.00", lines: ["97110"] }),
      },
      {
        name: "a state schedule whose only cap has no verified amount (null) never decides",
        claim: pip({ benefitUsed: "10000.00" }),
        profile: profileOf("auto", {
          id: "NULL-CAP",
          pricing: {
            basis: "state-schedule",
            coinsurancePercent: "0",
            deductible: false,
            stateSchedule: {
              program: "Test PIP",
              state: "FL",
              authority: { citation: "test" },
              method: "none",
              refusal: { reason: "test", source: { citation: "test" }, verified: false },
              benefitCaps: [
                { label: "unverified", amount: null, source: { citation: "test" }, verified: false },
              ],
            },
          } as never,
        }),
      },
    ],
    invalid: [
      {
        // 10,000.00 − 9,900.00 = 100.00 left < 175.00 charged.
        name: "9,900.00 used: 100.00 left, less than the 175.00 charged",
        claim: pip({ benefitUsed: "9900.00" }),
        profile: flPip,
        findings: [
          {
            severity: "warning",
            carc: "119",
            lines: [0, 1],
            message:
              "FL PIP: personal injury protection medical benefits: the benefit cap PIP medical and disability benefit limit is $10000.00, and $9900.00 was paid before this claim (benefitUsed): $100.00 is left, less than this claim's charges of $175.00; the payer pays no more than $100.00 (the estimate shows what it pays), and the rest goes to the patient's other coverage or the patient",
            reference: flReference,
            location: "$.benefitUsed",
          },
        ],
      },
      {
        name: "10,000.00 used: the benefit is used up, nothing will be paid",
        claim: pip({ benefitUsed: "10000.00" }),
        profile: flPip,
        findings: [
          {
            severity: "error",
            carc: "119",
            lines: [0, 1],
            message:
              "FL PIP: personal injury protection medical benefits: the benefit cap PIP medical and disability benefit limit is $10000.00, and $10000.00 was paid before this claim (benefitUsed): the benefit is used up, so the payer will pay nothing for this claim (CARC 119); bill the patient's other coverage or the patient, or correct benefitUsed if the insurer's ledger says otherwise",
            reference: flReference,
          },
        ],
      },
      {
        name: "more than the cap used (12,000.00): used up",
        claim: pip({ benefitUsed: "12000.00" }),
        profile: flPip,
        findings: [{ severity: "error", lines: [0, 1] }],
      },
    ],
  },
  { reference: ruleReference },
);
