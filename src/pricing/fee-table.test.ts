import { describe, expect, it } from "vitest";
import { InputError } from "../model/validate.js";
import { claimOf, medicare, profileOf } from "./claim-builder.test-support.js";
import { feeFor, parseFeeTable } from "./fee-table.js";
import { priceClaim } from "./price-claim.js";

const sample = [
  "code,modifier,amount",
  "# a payer's contracted rates, one unit each",
  "97012,,30.00",
  "",
  "97110,GP,28.00",
  "97110,,25.00",
  '"97140","",27.5',
].join("\n");

describe("parseFeeTable", () => {
  it("reads code, modifier and amount per unit, skipping the header, comments and blank lines", () => {
    const table = parseFeeTable(sample, "fees.csv");
    expect([...table.entries.values()]).toEqual([
      { code: "97012", modifier: "", region: "", cents: 3000, line: 3 },
      { code: "97110", modifier: "GP", region: "", cents: 2800, line: 5 },
      { code: "97110", modifier: "", region: "", cents: 2500, line: 6 },
      { code: "97140", modifier: "", region: "", cents: 2750, line: 7 },
    ]);
    expect(table.regions.size).toBe(0);
  });

  it("reads an optional region column: the region's row first, then the row for every region", () => {
    const table = parseFeeTable(
      [
        "code,modifier,amount,region",
        "97110,,30.00,I",
        "97110,,33.00,II",
        "97110,GP,34.00,II",
        "97140,,27.00,",
      ].join("\n"),
      "nj.csv",
    );
    expect([...table.regions]).toEqual(["I", "II"]);
    expect(feeFor(table, "97110", [], "I")?.cents).toBe(3000);
    expect(feeFor(table, "97110", ["GP"], "II")?.cents).toBe(3400);
    expect(feeFor(table, "97110", ["GO"], "II")?.cents).toBe(3300);
    // No region of its own: the row for every region.
    expect(feeFor(table, "97140", [], "II")?.cents).toBe(2700);
    // A regional table asked without a region finds only rows for every region.
    expect(feeFor(table, "97110", [])).toBeUndefined();
    expect(() => parseFeeTable("97110,,1.00,II\n97110,,2.00,II", "nj.csv")).toThrow(
      /line 2: 97110 in region II appears twice/,
    );
  });

  it("prefers a row for one of the line's modifiers, then the code's plain row", () => {
    const table = parseFeeTable(sample, "fees.csv");
    expect(feeFor(table, "97110", ["GP", "CQ"])?.cents).toBe(2800);
    expect(feeFor(table, "97110", ["GO"])?.cents).toBe(2500);
    expect(feeFor(table, "97530", ["GP"])).toBeUndefined();
  });

  it.each([
    {
      text: "97110,GP,abc",
      message: 'fees.csv: line 1: expected the amount for one unit as a decimal such as "30.00", got "abc"',
    },
    { text: "97110,GP,-1.00", message: /line 1: expected the amount/ },
    {
      text: "9711,GP,1.00",
      message: 'fees.csv: line 1: expected a 5-character code such as 97110, got "9711"',
    },
    { text: "97110,GPX,1.00", message: /line 1: expected a 2-character modifier/ },
    {
      text: "97110,GP",
      message:
        "fees.csv: line 1: expected 3 columns (code,modifier,amount) or 4 (code,modifier,amount,region), got 2",
    },
    {
      text: "# rates\n\n97110,,1.00\n97110,,2.00",
      message: /fees.csv: line 4: 97110 appears twice \(also line 3\)/,
    },
    { text: "code,mod,price\n97110,,1.00", message: /line 1: expected the header "code,modifier,amount"/ },
    { text: "code,modifier,amount\n", message: "fees.csv: (file): expected at least one fee row" },
    { text: '97110,"GP,1.00', message: /fees.csv: line 1: malformed csv/ },
  ])("rejects $text with a message naming the file and line", ({ text, message }) => {
    expect(() => parseFeeTable(text, "fees.csv")).toThrow(InputError);
    expect(() => parseFeeTable(text, "fees.csv")).toThrow(message);
  });
});

/**
 * Pricing takes the table as data: the CLI reads the file beside the profile that names it
 * (src/cli/profiles.test.ts), so nothing here touches the disk.
 */
describe("fee-table pricing", () => {
  const feesFile = "/payers/acme/fees.csv";
  const profilePath = "/payers/acme/acme.json";
  const profile = {
    ...profileOf({
      type: "commercial",
      assistantReduction: true,
      mppr: true,
      pricing: { basis: "fee-table", feeTable: "fees.csv", coinsurancePercent: "20", deductible: false },
    }),
    origin: profilePath,
  };

  it("prices amount x units, applies CQ/CO when the profile does, and leaves unknown codes unpriced", () => {
    const feeTable = parseFeeTable(sample, feesFile);
    const claim = claimOf({
      date: "2026-07-15",
      payerType: "commercial",
      lines: [
        ["97012", 1, ["GP"]],
        ["97110", 2, ["GP", "CQ"]],
        ["97140", 1, ["GP", "XS"]],
        ["97530", 1, ["GP"]],
      ],
    });
    const estimate = priceClaim(claim, medicare({ profile, feeTable }));
    // 97012 30.00; 97110 GP row 28.00 x 2 = 56.00, CQ x 0.85 = 47.60 (reduction 8.40);
    // 97140 27.50; MPPR has no PE to halve in a fee table; 97530 is not in the table.
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["30.00", "47.60", "27.50", "0.00"]);
    expect(estimate.lines.map((l) => l.assistantReduction)).toEqual(["0.00", "8.40", "0.00", "0.00"]);
    expect(estimate.lines.map((l) => l.mpprReduction)).toEqual(["0.00", "0.00", "0.00", "0.00"]);
    expect(estimate).toMatchObject({
      schedule: "fee table",
      edition: `fee table ${feesFile}`,
      locality: null,
      conversionFactor: "n/a",
      allowed: "105.10",
      coinsurance: "21.02",
      payerPayment: "84.08",
      sequestration: "0.00",
    });
    expect(estimate.trace).toContain("line 2 97110: fee table line 5 (97110 GP) 28.00 x 2 = 56.00");
    expect(estimate.warnings).toContainEqual(
      expect.stringMatching(/^line 4 \(97530\) cannot be priced: 97530 is not in the fee table/),
    );
  });

  it("needs the table: pricing without it is unusable input naming the profile", () => {
    const claim = claimOf({ date: "2026-07-15", lines: [["97110", 1]] });
    expect(() => priceClaim(claim, medicare({ profile }))).toThrow(`${profilePath}: $.pricing.feeTable`);
  });
});
