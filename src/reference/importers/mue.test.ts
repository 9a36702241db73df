import { describe, expect, it } from "vitest";
import { parseMue } from "./mue.js";
import { readData, readDataText } from "./test-support/shared-data.js";

const SAMPLE = "official-format-samples/mue_practitioner_2026-07-01.excerpt.csv";

describe("NCCI MUE, official csv", () => {
  const parsed = parseMue(readData(SAMPLE), "mue_practitioner_2026-07-01.excerpt.csv");

  it("reads past the quoted multi-line notice and header, and takes the indicator's leading digit", () => {
    expect(parsed.rows).toHaveLength(44);
    expect(parsed.rows[0]).toEqual({
      code: "0001U",
      units: 1,
      mai: 2,
      rationale: "Code Descriptor / CPT Instruction",
    });
    expect(parsed.rows[1]).toEqual({ code: "0002M", units: 1, mai: 3, rationale: "Nature of Analyte" });
    expect(parsed.edition).toEqual({
      table: "mue",
      source: "mue_practitioner_2026-07-01.excerpt.csv",
      release: "NCCI MUE practitioner 2026Q3",
      effectiveFrom: "2026-07-01",
      effectiveThrough: "2026-09-30",
    });
  });

  it("reads the file in Latin-1, as CMS publishes it", () => {
    const latin1 = Buffer.from(readDataText(SAMPLE), "latin1");
    expect(latin1.includes(Buffer.from("®", "utf8"))).toBe(false);
    expect(parseMue(latin1, "mue_practitioner_2026-07-01.csv").rows).toEqual(parsed.rows);
  });

  it("dates the quarter from the archive's name when the member's name has none", () => {
    const name = "medicare-ncci-2026-q3-practitioner-services-mue-table.zip!MCR_MUE_PractitionerServices.csv";
    expect(parseMue(readData(SAMPLE), name).edition.effectiveFrom).toBe("2026-07-01");
  });

  it("rejects an unknown adjudication indicator, naming the line", () => {
    const bad = readDataText(SAMPLE).replace(
      "0002M,1,3 Date of Service Edit: Clinical",
      "0002M,1,4 Date of Service Edit",
    );
    expect(() => parseMue(bad, "mue_2026-07-01.csv")).toThrowError(
      'mue_2026-07-01.csv line 11: expected MUE adjudication indicator 1, 2 or 3, got "4 Date of Service Edit"',
    );
  });

  it("refuses the hospital table", () => {
    const hospital = readDataText(SAMPLE).replace(
      "Practitioner Services MUE Values",
      "Outpatient Hospital Services MUE Values",
    );
    expect(() => parseMue(hospital, "mue_2026-07-01.csv")).toThrowError(/outpatient hospital MUEs/);
  });
});

describe("NCCI MUE, normalised csv", () => {
  const parsed = parseMue(readData("ncci-2024q3/mue_practitioner_2024q3.csv"), "mue_practitioner_2024q3.csv");
  const mue = (code: string) => parsed.rows.find((r) => r.code === code);

  it("reads every row, dated 2024Q3 from the name", () => {
    expect(parsed.rows).toHaveLength(14_677);
    expect(parsed.edition).toMatchObject({
      release: "NCCI MUE practitioner 2024Q3",
      effectiveFrom: "2024-07-01",
      effectiveThrough: "2024-09-30",
    });
  });

  it.each([
    ["97012", 1, 3],
    ["G0283", 1, 3],
    ["97014", 0, 3],
    ["97010", 0, 3],
    ["97110", 6, 3],
    ["97112", 4, 3],
    ["97140", 6, 3],
    ["97035", 2, 3],
    ["98940", 1, 2],
    ["97161", 1, 2],
  ])("%s: %i units (MAI %i)", (code, units, mai) => {
    expect(mue(code)).toMatchObject({ units, mai });
  });

  it("rejects units that are not a whole number", () => {
    const text = readDataText("ncci-2024q3/mue_practitioner_2024q3.csv").replace(
      /^97012,1,3/m,
      "97012,one,3",
    );
    expect(() => parseMue(text, "mue_2024q3.csv")).toThrowError(
      /^mue_2024q3\.csv line \d+: expected a whole number of MUE units, got "one"$/,
    );
  });
});
