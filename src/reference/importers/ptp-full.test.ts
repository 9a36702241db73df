import { describe, expect, it } from "vitest";
import { parsePtp } from "./ptp.js";
import { readData } from "./test-support/shared-data.js";

/** The whole 2024Q3 practitioner file (2.5 million rows), parsed once for every check below. */
const gz = readData("ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz");
const started = performance.now();
const ptp = parsePtp(gz, "ptp_practitioner_2024q3_all.csv.gz");
const seconds = (performance.now() - started) / 1000;
const pairs = new Map(ptp.rows.map((row) => [`${row.column1} ${row.column2}`, row]));

describe("NCCI PTP 2024Q3, full practitioner file", () => {
  it("reads every row, fast", () => {
    console.info(`parsed ${ptp.rows.length.toLocaleString("en-US")} PTP rows in ${seconds.toFixed(2)} s`);
    expect(ptp.rows).toHaveLength(2_546_017);
    expect(ptp.rows.filter((r) => r.deletion === null)).toHaveLength(1_669_820);
    // The target is under 5 s; the bound leaves room for a busy 2-core machine.
    expect(seconds).toBeLessThan(15);
  });

  it("dates the edition from the file name", () => {
    expect(ptp.edition).toEqual({
      table: "ptp",
      source: "ptp_practitioner_2024q3_all.csv.gz",
      release: "NCCI PTP practitioner 2024Q3",
      effectiveFrom: "2024-07-01",
      effectiveThrough: "2024-09-30",
    });
  });

  it.each([
    ["97012", "97140", "1", null],
    ["98940", "97140", "1", null],
    ["98941", "98940", "0", null],
    ["97163", "97161", "0", null],
    ["97150", "97530", "1", null],
    ["97140", "97530", "1", "2019-12-31"],
  ])("%s / %s: indicator %s, deletion %s", (column1, column2, indicator, deletion) => {
    expect(pairs.get(`${column1} ${column2}`)).toMatchObject({
      modifierIndicator: indicator,
      deletion,
      effective: null,
    });
  });
});
