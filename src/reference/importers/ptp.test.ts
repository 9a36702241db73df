import { describe, expect, it } from "vitest";
import { ImportError } from "./errors.js";
import { parsePtp } from "./ptp.js";
import { readDataText } from "./test-support/shared-data.js";

const SAMPLE = "official-format-samples/ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt";
const sample = readDataText(SAMPLE);
const sampleName = "ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt";
/** The sample ends mid-row (it was cut at 12,000 characters); these are its complete rows. */
const complete = sample.slice(0, sample.lastIndexOf("\n") + 1);

describe("NCCI PTP, official tab-delimited layout", () => {
  it("rejects the sample as published: its last row is cut off", () => {
    try {
      parsePtp(sample, sampleName);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).line).toBe(161);
      expect((error as Error).message).toMatch(
        /^ptp_practitioner_2026q3_ccipra-v322r0-f1\.excerpt\.txt line 161: .*cut off/,
      );
    }
  });

  const parsed = parsePtp(complete, sampleName);

  it("reads the complete rows below the 6-line header", () => {
    expect(parsed.rows).toHaveLength(154);
    expect(parsed.edition).toEqual({
      table: "ptp",
      source: sampleName,
      release: "NCCI PTP practitioner 2026Q3",
      effectiveFrom: "2026-07-01",
      effectiveThrough: "2026-09-30",
    });
  });

  it("converts YYYYMMDD dates and reads '*' as no deletion", () => {
    expect(parsed.rows[0]).toEqual({
      column1: "0001A",
      column2: "0591T",
      effective: "2022-01-01",
      deletion: "2023-12-31",
      modifierIndicator: "1",
      rationale: "CPT Manual or CMS manual coding instruction",
    });
    expect(parsed.rows.at(-1)).toEqual({
      column1: "0001U",
      column2: "81166",
      effective: "2019-01-01",
      deletion: null,
      modifierIndicator: "1",
      rationale: "Misuse of Column Two code with Column One code",
    });
    expect(parsed.rows.find((r) => r.column2 === "90473")).toMatchObject({ modifierIndicator: "9" });
  });

  it("dates the file by the NCCI version when the name holds no quarter (v322 is 2026Q3)", () => {
    expect(parsePtp(complete, "ccipra-v322r0-f1.TXT").edition.release).toBe("NCCI PTP practitioner 2026Q3");
    expect(parsePtp(complete, "ccipra-v302r0-f1.TXT").edition.effectiveFrom).toBe("2024-07-01");
  });

  it("falls back to the latest effective date's quarter, with a warning", () => {
    const guessed = parsePtp(complete, "edits.txt");
    // The latest effective date in the sample is 2025-01-01.
    expect(guessed.edition.release).toBe("NCCI PTP practitioner 2025Q1");
    expect(guessed.warnings?.[0]).toMatch(/no quarter in the file name/);
  });

  it("rejects a modifier indicator other than 0, 1 or 9, naming the line", () => {
    const bad = complete.replace(
      "0001A\t36591\t\t20220101\t20231231\t0\t",
      "0001A\t36591\t\t20220101\t20231231\t2\t",
    );
    expect(() => parsePtp(bad, sampleName)).toThrowError(
      `${sampleName} line 10: expected modifier indicator 0, 1 or 9, got "2"`,
    );
  });

  it("rejects an impossible date", () => {
    const bad = complete.replace("0001A\t0591T\t\t20220101", "0001A\t0591T\t\t20221301");
    expect(() => parsePtp(bad, sampleName)).toThrowError(
      /line 7: expected the effective date as YYYYMMDD, got "20221301"/,
    );
  });

  it("refuses the outpatient hospital edits", () => {
    expect(() => parsePtp(complete, "ccioph-v322r0-f1.TXT")).toThrowError(/outpatient hospital edits/);
  });
});

describe("NCCI PTP, normalised csv", () => {
  const csv = [
    "column1,column2,deletion_date,modifier_indicator,ptp_edit_rationale",
    "97012,97140,,1,Mutually exclusive procedures",
    "97140,97530,2019-12-31,1,Mutually exclusive procedures",
    '98941,98940,,0,"More extensive procedure, by definition"',
    "",
  ].join("\n");

  it("reads rows, quoted fields included, and dates the quarter from the name", () => {
    const parsed = parsePtp(csv, "ptp_practitioner_2024q3.csv");
    expect(parsed.rows).toEqual([
      {
        column1: "97012",
        column2: "97140",
        effective: null,
        deletion: null,
        modifierIndicator: "1",
        rationale: "Mutually exclusive procedures",
      },
      {
        column1: "97140",
        column2: "97530",
        effective: null,
        deletion: "2019-12-31",
        modifierIndicator: "1",
        rationale: "Mutually exclusive procedures",
      },
      {
        column1: "98941",
        column2: "98940",
        effective: null,
        deletion: null,
        modifierIndicator: "0",
        rationale: "More extensive procedure, by definition",
      },
    ]);
    expect(parsed.edition).toMatchObject({
      release: "NCCI PTP practitioner 2024Q3",
      effectiveFrom: "2024-07-01",
      effectiveThrough: "2024-09-30",
    });
  });

  it("asks for the quarter when neither the name nor the rows give it", () => {
    expect(() => parsePtp(csv, "edits.csv")).toThrowError(/cannot tell which NCCI quarter.*file name/);
  });

  it("rejects a bad modifier indicator with its line", () => {
    expect(() => parsePtp(csv.replace("97012,97140,,1,", "97012,97140,,X,"), "ptp_2024q3.csv")).toThrowError(
      'ptp_2024q3.csv line 2: expected modifier indicator 0, 1 or 9, got "X"',
    );
  });

  it("rejects a row cut short and a last row cut mid-field", () => {
    expect(() =>
      parsePtp(
        csv.replace("97140,97530,2019-12-31,1,Mutually exclusive procedures", "97140,97530"),
        "p_2024q3.csv",
      ),
    ).toThrowError(/line 3: expected 5 fields, got 2/);
    const cut = csv.slice(0, csv.indexOf("Mutually exclusive procedures\n98941") + 12);
    expect(() => parsePtp(cut, "p_2024q3.csv")).toThrowError(/line 3: the file ends inside a row/);
  });

  it("rejects a code that is not a code", () => {
    expect(() => parsePtp(csv.replace("97012,97140", "97012,9714"), "p_2024q3.csv")).toThrowError(
      'p_2024q3.csv line 2: expected a 5-character column 2 code, got "9714"',
    );
  });
});
