import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import { parsePayerProfile } from "../payers/load.js";
import type { PayerProfile } from "../payers/profile.js";
import { parseFeeTable } from "../pricing/fee-table.js";
import { dailyCapExcessOf } from "../pricing/price-claim.js";
import { repoRoot } from "../test-support/reference.js";
import { dailyCap } from "./daily-cap.js";
import { scrubClaim } from "./engine.js";
import { runRuleCases, testAsOf } from "./rule-tester.js";
import { claimOf, type LineSpec, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

/**
 * WA L&I's real PT/OT daily cap ($149.45 from 2025-07-01, profiles/states/wa-lni.json) over
 * a synthetic fee table (L&I's file is not in the repository; the fees below are made up
 * for the arithmetic): 97110 60.00 a unit, 97140 55.00, 97530 65.00, 97165 90.00.
 */
const waFile = path.join(repoRoot, "profiles/states/wa-lni.json");
const wa = parsePayerProfile(fs.readFileSync(waFile, "utf8"), waFile, waFile);
const waFees = parseFeeTable(
  "code,modifier,amount\n97110,,60.00\n97140,,55.00\n97530,,65.00\n97165,,90.00\n",
  "synthetic-wa-fees.csv",
);
const withWaFees = (claim: Claim) =>
  dailyCapExcessOf(claim, { reference: ruleReference(), profile: wa, feeTable: waFees });

const comp = (date: string, lines: Array<LineSpec | string>): Claim =>
  claimOf({ payer: "workers-comp", date, lines, planOfCare: null });
const gp = (code: string, units = 1): LineSpec => ({ code, units, modifiers: ["GP"] });
const go = (code: string, units = 1): LineSpec => ({ code, units, modifiers: ["GO"] });

/**
 * A synthetic state schedule priced from Medicare RVUs x a conversion factor (67.81, TDI's
 * verified 2024 figure, entered as a user would), no GPCIs, with NY's physical-medicine cap
 * shape: base, with an initial evaluation, with a re-evaluation. `amounts` are the three caps.
 * RVUs (2026 July release, non-facility): 97161 2.93, 97164 2.02, 97110 0.87 a unit,
 * 97140 0.83 a unit.
 */
function rvuProfile(
  [base, evaluation, reevaluation]: [string, string, string],
  citation: string,
): PayerProfile {
  return profileOf("workers-comp", {
    id: `RVU-CAP-${base}`,
    pricing: {
      basis: "state-schedule",
      coinsurancePercent: "0",
      deductible: false,
      stateSchedule: {
        program: "Test physical medicine schedule",
        state: "NY",
        authority: { citation: "test authority" },
        method: "medicare-rvu",
        geographic: "none",
        conversionFactors: [
          {
            from: "2026-01-01",
            amount: "67.81",
            source: { citation: "entered by the user" },
            verified: false,
          },
        ],
        dailyCaps: [
          {
            id: "pm-day",
            disciplines: ["PT", "OT", "DC"],
            unit: "rvus",
            amount: base,
            codes: ["97010-97799"],
            withEvaluation: { codes: ["97161-97163", "97165-97167"], amount: evaluation },
            withReevaluation: { codes: ["97164", "97168"], amount: reevaluation },
            from: "2019-04-01",
            source: { citation },
            verified: false,
          },
        ],
      },
    } as never,
  });
}
/** NY's 12 / 18 / 15 RVUs as the NY Law Journal reported the 2019-04-01 schedule (secondary, so verified false). */
const nyShape = rvuProfile(
  ["12.00", "18.00", "15.00"],
  "NY WCB physical medicine ground rule (NYLJ 2019-04-10)",
);
/** Small caps a short visit passes: 2.00 / 4.00 / 3.00 RVUs. */
const small = rvuProfile(["2.00", "4.00", "3.00"], "test ground rule");

const day = "2026-07-15";

runRuleCases(
  dailyCap,
  {
    valid: [
      { name: "a Medicare claim has no state schedule", claim: claimOf({ lines: ["97110", "97140"] }) },
      {
        name: "WA PT day under the cap: 97110 x2 = 120.00 <= 149.45",
        claim: comp(day, [gp("97110", 2)]),
        profile: wa,
        dailyCapExcess: withWaFees,
      },
      {
        name: "WA before the cap is in force (2025-06-30): 175.00 is not capped",
        claim: comp("2025-06-30", [gp("97110", 2), gp("97140")]),
        profile: wa,
        dailyCapExcess: withWaFees,
      },
      {
        name: "WA caps each discipline on its own: PT 120.00 and OT 55.00, each under 149.45",
        claim: comp(day, [gp("97110", 2), go("97140")]),
        profile: wa,
        dailyCapExcess: withWaFees,
      },
      {
        name: "WA without its fee table: pricing refuses, so the rule judges nothing",
        claim: comp(day, [gp("97110", 3)]),
        profile: wa,
      },
      {
        name: "NY shape, with an initial evaluation: 2.93 + 8 x 0.87 + 8 x 0.83 = 16.53 <= 18.00",
        claim: comp(day, [gp("97161"), gp("97110", 8), gp("97140", 8)]),
        profile: nyShape,
      },
    ],
    invalid: [
      {
        // 2 x 60.00 + 55.00 = 175.00; 175.00 - 149.45 = 25.55 off the last line (97140: 55.00 -> 29.45).
        name: "WA PT day over the cap: 175.00 - 149.45 = 25.55 off 97140",
        claim: comp(day, [gp("97110", 2), gp("97140")]),
        profile: wa,
        dailyCapExcess: withWaFees,
        findings: [
          {
            rule: "daily-cap",
            severity: "warning",
            lines: [1],
            carc: "45",
            message:
              "the PT lines of 2026-07-15 total $175.00, more than the daily cap wa-pt-ot-daily of $149.45: expect $25.55 off line 2 (97140) (CARC 45); the estimate allows no more than the cap",
            reference:
              "L&I MARFS 2025 update bulletin: PT and OT daily maximum $149.45 from 2025-07-01, read 2026-12-02; verified against the source (the payer profile's pricing.stateSchedule.dailyCaps[0])",
            location: "$.lines[1]",
          },
        ],
      },
      {
        // 120.00 + 55.00 + 65.00 = 240.00; 90.55 over: all of 97530 (65.00), then 25.55 of 97140.
        name: "WA PT day cut across two lines: 240.00 - 149.45 = 90.55 = 65.00 (97530) + 25.55 (97140)",
        claim: comp(day, [gp("97110", 2), gp("97140"), gp("97530")]),
        profile: wa,
        dailyCapExcess: withWaFees,
        findings: [
          {
            lines: [1, 2],
            message: expect.stringContaining(
              "total $240.00, more than the daily cap wa-pt-ot-daily of $149.45: expect $25.55 off line 2 (97140), $65.00 off line 3 (97530)",
            ),
          },
        ],
      },
      {
        // PT 120.00 + 55.00 + 65.00 = 240.00 is capped; OT's 97165 (90.00) alone is under 149.45.
        name: "WA: the PT day is capped, the OT evaluation of the same day is not",
        claim: comp(day, [gp("97110", 2), gp("97140"), gp("97530"), go("97165")]),
        profile: wa,
        dailyCapExcess: withWaFees,
        findings: [{ lines: [1, 2], message: expect.stringContaining("the PT lines of 2026-07-15") }],
      },
      {
        // 8 x 0.87 + 8 x 0.83 = 6.96 + 6.64 = 13.60 RVUs; 1.60 over 12.00, off 97140 (6.64 RVUs,
        // 8 x 0.83 x 67.81 = 450.2584 -> 450.26): 450.26 x 160 / 664 = 108.4963... -> 108.50.
        name: "NY shape, no evaluation: 13.60 RVUs over 12.00, 1.60 RVUs (108.50) off 97140",
        claim: comp(day, [gp("97110", 8), gp("97140", 8)]),
        profile: nyShape,
        findings: [
          {
            lines: [1],
            message:
              "the PT lines of 2026-07-15 total 13.60 RVUs, more than the daily cap pm-day of 12.00 RVUs: expect $108.50 (1.60 RVUs) off line 2 (97140) (CARC 45); the estimate allows no more than the cap",
            reference:
              "NY WCB physical medicine ground rule (NYLJ 2019-04-10); NOT verified: supplied by the user or a secondary source (the payer profile's pricing.stateSchedule.dailyCaps[0])",
          },
        ],
      },
      {
        // 2.93 + 1.74 + 0.83 = 5.50 RVUs, cap 4.00 with the evaluation: 1.50 over. All of 97140
        // (0.83 RVUs, 0.83 x 67.81 = 56.2823 -> 56.28), then 0.67 of 97110 (1.74 RVUs, 117.99):
        // 117.99 x 67 / 174 = 45.4329... -> 45.43.
        name: "evaluation day under a small RVU cap: 5.50 over 4.00, 97140 all and 0.67 RVUs of 97110",
        claim: comp(day, [gp("97161"), gp("97110", 2), gp("97140")]),
        profile: small,
        findings: [
          {
            lines: [1, 2],
            message:
              "the PT lines of 2026-07-15 total 5.50 RVUs, more than the daily cap pm-day of 4.00 RVUs with an evaluation that day (line 1 (97161)): expect $45.43 (0.67 RVUs) off line 2 (97110), $56.28 (0.83 RVUs) off line 3 (97140) (CARC 45); the estimate allows no more than the cap",
          },
        ],
      },
      {
        // 2.02 + 1.74 + 0.83 = 4.59 RVUs, cap 3.00 with the re-evaluation: 1.59 over: all of
        // 97140 (56.28), then 0.76 of 97110: 117.99 x 76 / 174 = 51.5359... -> 51.54.
        name: "re-evaluation day under a small RVU cap: 4.59 over 3.00",
        claim: comp(day, [gp("97164"), gp("97110", 2), gp("97140")]),
        profile: small,
        findings: [
          {
            lines: [1, 2],
            message: expect.stringContaining(
              "more than the daily cap pm-day of 3.00 RVUs with a re-evaluation that day (line 1 (97164)): expect $51.54 (0.76 RVUs) off line 2 (97110), $56.28 (0.83 RVUs) off line 3 (97140)",
            ),
          },
        ],
      },
      {
        // Each date is its own day: 2026-07-15 is 2.57 RVUs (0.57 over 2.00: 56.28 x 57/83 =
        // 38.6516... -> 38.65 off 97140); 2026-07-17's 97110 x2 is 1.74, under.
        name: "two dates: only the day over the cap is reported",
        claim: comp(day, [gp("97110", 2), gp("97140"), { ...gp("97110", 2), date: "2026-07-17" }]),
        profile: small,
        findings: [
          { lines: [1], message: expect.stringContaining("expect $38.65 (0.57 RVUs) off line 2 (97140)") },
        ],
      },
    ],
  },
  { reference: ruleReference },
);

describe("daily-cap through the scrubbing engine", () => {
  const claim = comp(day, [gp("97110", 2), gp("97140")]);
  const ctx = { reference: ruleReference(), asOf: testAsOf, dailyCapExcess: withWaFees };

  it("is a warning by default", () => {
    const findings = scrubClaim(claim, { ...ctx, profile: wa }, [dailyCap]);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([["daily-cap", "warning"]]);
  });

  it("takes the profile's severity, like every rule", () => {
    const strict = { ...wa, severities: { "daily-cap": "error" as const } };
    expect(scrubClaim(claim, { ...ctx, profile: strict }, [dailyCap]).map((f) => f.severity)).toEqual([
      "error",
    ]);
    const off = { ...wa, severities: { "daily-cap": "off" as const } };
    expect(scrubClaim(claim, { ...ctx, profile: off }, [dailyCap])).toEqual([]);
  });
});
