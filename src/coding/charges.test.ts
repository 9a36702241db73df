import { describe, expect, it } from "vitest";
import { InputError } from "../model/validate.js";
import { parseChargeSchedule, unitCharge } from "./charges.js";

describe("parseChargeSchedule: a practice fee schedule as code,amount csv", () => {
  it("reads codes and unit charges, with or without a header, normalising the amounts", () => {
    const schedule = parseChargeSchedule("code,amount\n97110,60\n\n97140, 55.5\ng0283,30.00\n", "fees.csv");
    expect([...schedule]).toEqual([
      ["97110", "60.00"],
      ["97140", "55.50"],
      ["G0283", "30.00"],
    ]);
  });

  it.each([
    [
      "97110,60.00\n97140,abc\n",
      /fees\.csv: line 2: expected an amount such as "45\.00" for 97140, got "abc"/,
    ],
    [
      "97110,60.00\n9711,60.00\n",
      /fees\.csv: line 2: expected a 5-character CPT or HCPCS code such as 97110, got "9711"/,
    ],
    ["97110,60.00,extra\n", /fees\.csv: line 1: expected 2 columns \(code,amount\), got 3/],
    ["97110,60.00\n97110,62.00\n", /fees\.csv: line 2: 97110 is listed twice \(first on line 1\)/],
    ["97110,-5.00\n", /fees\.csv: line 1: expected an amount/],
    ['97110,"60.00\n', /fees\.csv: .*malformed csv/],
  ])("refuses %j with a message naming the file and line", (text, message) => {
    expect(() => parseChargeSchedule(text, "fees.csv")).toThrow(InputError);
    expect(() => parseChargeSchedule(text, "fees.csv")).toThrow(message);
  });
});

describe("unitCharge: the visit first, then the fee schedule, under any documented code", () => {
  const schedule = new Map([
    ["97110", "62.00"],
    ["97014", "28.00"],
  ]);
  it.each([
    [["97110"], { "97110": "60.00" }, { cents: 6000, from: "visit" }],
    [["97110"], {}, { cents: 6200, from: "fee schedule" }],
    [["G0283", "97014"], { "97014": "30.00" }, { cents: 3000, from: "visit" }],
    [["G0283", "97014"], undefined, { cents: 2800, from: "fee schedule" }],
    [["97140"], { "97110": "60.00" }, undefined],
  ] as const)("%j with %j → %j", (codes, visit, expected) => {
    expect(unitCharge(codes, visit, schedule)).toEqual(expected);
  });
});
