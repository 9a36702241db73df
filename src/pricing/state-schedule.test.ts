import { describe, expect, it } from "vitest";
import type { PayerProfileInput } from "../payers/profile.js";
import { claimOf, medicare, profileOf } from "./claim-builder.test-support.js";
import { priceClaim } from "./price-claim.js";

/**
 * State fee schedules (issue 11) over the real 2026 RVU file (97110: 0.45 / 0.41 / 0.01,
 * 97140: 0.43 / 0.39 / 0.01, non-facility). Expectations are worked by hand below; the
 * conversion factor 67.81 is TDI's verified 2024 figure, entered here as a user would
 * enter a figure, to show the arithmetic (docs/state-fee-schedules.md).
 */
const source = {
  citation: "28 TAC §134.203(c)",
  url: "https://www.tdi.texas.gov/wc/fee/conversionfactors.html",
};

function stateProfile(schedule: Record<string, unknown>, extra: Partial<PayerProfileInput> = {}) {
  return profileOf({
    type: "workers-comp",
    pricing: {
      basis: "state-schedule",
      coinsurancePercent: "0",
      deductible: false,
      stateSchedule: {
        program: "Test workers' compensation",
        state: "TX",
        authority: source,
        method: "medicare-rvu",
        geographic: "none",
        ...schedule,
      },
    } as never,
    ...extra,
  });
}

const cf = (amount: string | null) => ({
  conversionFactors: [{ from: "2026-01-01", through: "2026-12-31", amount, source, verified: false }],
});

const visit = () =>
  claimOf({
    date: "2026-07-15",
    payerType: "workers-comp",
    lines: [
      ["97110", 2, ["GP"]],
      ["97140", 1, ["GP"]],
    ],
  });

describe("state schedule pricing", () => {
  it.each([
    {
      name: "RVUs x state CF, no GPCI: 0.87 x 67.81 = 58.9947 x 2 = 117.99; 0.83 x 67.81 = 56.2823 -> 56.28",
      schedule: cf("67.81"),
      lines: ["117.99", "56.28"],
      allowed: "174.27",
    },
    {
      name: "lesser of the billed charge (50.00 a line) and the maximum",
      schedule: { ...cf("67.81"), lesserOfCharge: { applies: true, source, verified: false } },
      lines: ["50.00", "50.00"],
      allowed: "100.00",
    },
    {
      name: "PT daily cap 149.45: 174.27 - 149.45 = 24.82 off the last line, 56.28 -> 31.46",
      schedule: {
        ...cf("67.81"),
        dailyCaps: [
          {
            id: "pt-day",
            disciplines: ["PT"],
            amount: "149.45",
            from: "2025-07-01",
            source,
            verified: false,
          },
        ],
      },
      lines: ["117.99", "31.46"],
      allowed: "149.45",
    },
    {
      name: "an excluded code is allowed 0.00",
      schedule: {
        ...cf("67.81"),
        excludedCodes: [{ codes: ["97140"], reason: "test", source, verified: false }],
      },
      lines: ["117.99", "0.00"],
      allowed: "117.99",
    },
    {
      name: "80% of 200% of Medicare (national, 33.4009): 58.117566 x 1.6 = 92.99; 27.722747 x 1.6 = 44.36",
      schedule: {
        method: "percent-of-medicare",
        percentages: [
          { label: "200% of Medicare", percent: "200", source, verified: false },
          { label: "80% of that", percent: "80", source, verified: false },
        ],
      },
      lines: ["92.99", "44.36"],
      allowed: "137.35",
    },
  ])("$name", ({ schedule, lines, allowed }) => {
    const estimate = priceClaim(visit(), { ...medicare(), profile: stateProfile(schedule) });
    expect(estimate.lines.map((l) => l.allowed)).toEqual(lines);
    expect(estimate.allowed).toBe(allowed);
    expect(estimate.payerPaid).toBe(allowed);
    expect(estimate.findings ?? []).toEqual([]);
  });

  it.each([
    {
      name: "a conversion factor not verified (null)",
      schedule: cf(null),
      path: "pricing.stateSchedule.conversionFactors[0].amount",
    },
    {
      name: "no conversion factor for the date",
      schedule: { conversionFactors: [] },
      path: "pricing.stateSchedule.conversionFactors",
    },
    {
      name: "a program with no fee schedule",
      schedule: { method: "none", refusal: { reason: "usual and customary", source, verified: false } },
      path: "pricing.stateSchedule.refusal",
    },
    {
      name: "a fee table not imported",
      schedule: {
        method: "fee-table",
        requiredFile: { what: "the state's fee file", source, verified: false },
      },
      path: "pricing.feeTable",
    },
  ])("refuses with a reference-data error naming the figure: $name", ({ schedule, path }) => {
    const estimate = priceClaim(visit(), { ...medicare(), profile: stateProfile(schedule) });
    expect(estimate.allowed).toBeNull();
    expect(estimate.findings).toHaveLength(1);
    expect(estimate.findings![0]).toMatchObject({
      rule: "reference-data",
      severity: "error",
      location: path,
    });
  });
});

/**
 * Daily caps in RVUs, with the evaluation-day variants NY's physical-medicine ground rule
 * has (12 RVUs, 18 with an initial evaluation, 15 with a re-evaluation). The amounts here are
 * small synthetic caps so that the 2026 RVUs of a short visit pass them; the arithmetic is the
 * same. RVUs (2026 July release, non-facility): 97161 1.54 + 1.38 + 0.01 = 2.93; 97164
 * 0.96 + 1.05 + 0.01 = 2.02; 97110 0.87 a unit (x2 = 1.74); 97140 0.83. Each line's cut is
 * its allowed x (RVUs off / its RVUs), rounded half-up once.
 */
describe("state schedule daily caps in RVUs, by evaluation that day", () => {
  const rvuCap = (extra: Record<string, unknown> = {}) => ({
    ...cf("67.81"),
    dailyCaps: [
      {
        id: "pm-day",
        disciplines: ["PT", "OT", "DC"],
        unit: "rvus",
        amount: "2.00",
        codes: ["97010-97799"],
        withEvaluation: { codes: ["97161-97163"], amount: "4.00" },
        withReevaluation: { codes: ["97164"], amount: "3.00" },
        from: "2019-04-01",
        source: { citation: "Test ground rule: physical medicine RVUs per day" },
        verified: false,
        ...extra,
      },
    ],
  });
  const day = (first?: string) =>
    claimOf({
      date: "2026-07-15",
      payerType: "workers-comp",
      lines: [
        ...(first ? [[first, 1, ["GP"]] as [string, number, string[]]] : []),
        ["97110", 2, ["GP"]],
        ["97140", 1, ["GP"]],
      ],
    });

  it.each([
    {
      name: "no evaluation, cap 2.00 RVUs: 1.74 + 0.83 = 2.57, 0.57 over, off 97140: 56.28 x 57/83 = 38.65 -> 17.63",
      claim: day(),
      lines: ["117.99", "17.63"],
      // 117.99 + 17.63 = 135.62 = 2.00 x 67.81
      allowed: "135.62",
      trace: "daily cap pm-day PT 2026-07-15: lines 1, 2 total 2.57 RVUs, more than 2.00 RVUs",
    },
    {
      name: "initial evaluation 97161, cap 4.00: 2.93 + 1.74 + 0.83 = 5.50, 1.50 over: 97140 all 0.83 (56.28), then 0.67 of 97110: 117.99 x 67/174 = 45.43 -> 72.56",
      claim: day("97161"),
      // 97161: 2.93 x 67.81 = 198.6833 -> 198.68
      lines: ["198.68", "72.56", "0.00"],
      // 198.68 + 72.56 = 271.24 = 4.00 x 67.81
      allowed: "271.24",
      trace: "more than 4.00 RVUs (the cap with an evaluation: line 1 97161)",
    },
    {
      name: "re-evaluation 97164, cap 3.00: 2.02 + 1.74 + 0.83 = 4.59, 1.59 over: 97140 all, then 0.76 of 97110: 117.99 x 76/174 = 51.54 -> 66.45",
      claim: day("97164"),
      // 97164: 2.02 x 67.81 = 136.9762 -> 136.98
      lines: ["136.98", "66.45", "0.00"],
      // 136.98 + 66.45 = 203.43 = 3.00 x 67.81
      allowed: "203.43",
      trace: "more than 3.00 RVUs (the cap with a re-evaluation: line 1 97164)",
    },
  ])("$name", ({ claim, lines, allowed, trace }) => {
    const estimate = priceClaim(claim, { ...medicare(), profile: stateProfile(rvuCap()) });
    expect(estimate.lines.map((l) => l.allowed)).toEqual(lines);
    expect(estimate.allowed).toBe(allowed);
    expect(estimate.findings ?? []).toEqual([]);
    const line = estimate.trace.find((t) => t.startsWith("daily cap pm-day"));
    expect(line).toContain(trace);
    expect(line).toContain("Test ground rule: physical medicine RVUs per day; NOT verified");
  });

  it("a dollar cap that counts only its codes: 97110 117.99 over 100.00 loses 17.99; 97140 is not counted", () => {
    const schedule = {
      ...cf("67.81"),
      dailyCaps: [
        {
          id: "ex-day",
          disciplines: ["PT"],
          amount: "100.00",
          codes: ["97110"],
          from: "2025-01-01",
          source,
          verified: false,
        },
      ],
    };
    const estimate = priceClaim(day(), { ...medicare(), profile: stateProfile(schedule) });
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["100.00", "56.28"]);
    expect(estimate.allowed).toBe("156.28");
  });

  it.each([
    { variant: "withEvaluation", path: "pricing.stateSchedule.dailyCaps[0].withEvaluation.amount" },
    { variant: "withReevaluation", path: "pricing.stateSchedule.dailyCaps[0].withReevaluation.amount" },
  ])("an unverified $variant amount (null) refuses, naming it", ({ variant, path }) => {
    const schedule = rvuCap({ [variant]: { codes: ["97161"], amount: null } });
    const estimate = priceClaim(day(), { ...medicare(), profile: stateProfile(schedule) });
    expect(estimate.allowed).toBeNull();
    expect(estimate.findings![0]).toMatchObject({ rule: "reference-data", location: path });
  });
});

describe("state schedule benefit caps", () => {
  it("without benefitUsed are shown in the trace with their provenance, and do not change the amounts", () => {
    const schedule = {
      ...cf("67.81"),
      benefitCaps: [
        {
          label: "PIP medical benefit",
          amount: "10000.00",
          source: { citation: "Fla. Stat. §627.736(1)" },
          verified: false,
        },
        { label: "PIP without an emergency medical condition", amount: null, source, verified: false },
      ],
    };
    const estimate = priceClaim(visit(), { ...medicare(), profile: stateProfile(schedule) });
    // The same amounts as without the caps: 117.99 + 56.28.
    expect(estimate.allowed).toBe("174.27");
    expect(estimate.trace.filter((t) => t.startsWith("benefit cap"))).toEqual([
      "benefit cap PIP medical benefit: 10000.00 (Fla. Stat. §627.736(1); NOT verified: supplied by the user or a secondary source); not applied: the claim does not give benefitUsed (what the program has already paid on this injury)",
      "benefit cap PIP without an emergency medical condition: amount not verified (null in the profile) (28 TAC §134.203(c), https://www.tdi.texas.gov/wc/fee/conversionfactors.html; NOT verified: supplied by the user or a secondary source); not applied: enter the amount in the profile once verified",
    ]);
    expect(estimate.payerPayment).toBe("174.27");
  });

  it("with benefitUsed cut the payer payment to what the tightest cap leaves (10,000.00 - 9,950.00 = 50.00 of 174.27)", () => {
    const schedule = {
      ...cf("67.81"),
      benefitCaps: [
        {
          label: "PIP medical benefit",
          amount: "10000.00",
          source: { citation: "Fla. Stat. §627.736(1)" },
          verified: false,
        },
        { label: "a larger cap", amount: "20000.00", source, verified: false },
      ],
    };
    const claim = { ...visit(), benefitUsed: "9950.00" };
    const estimate = priceClaim(claim, { ...medicare(), profile: stateProfile(schedule) });
    expect(estimate.allowed).toBe("174.27");
    expect(estimate.payerPayment).toBe("50.00");
    expect(estimate.patientResponsibility).toBe("124.27");
    expect(estimate.trace).toContain(
      "benefit cap PIP medical benefit 10000.00 (Fla. Stat. §627.736(1); NOT verified: supplied by the user or a secondary source): 9950.00 used before this claim (benefitUsed), 50.00 left; the payer pays 50.00 of 174.27, 124.27 is past the cap",
    );
  });
});
