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
