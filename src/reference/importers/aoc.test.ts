import { describe, expect, it } from "vitest";
import { parseAoc } from "./aoc.js";
import { readData } from "./test-support/shared-data.js";

describe("NCCI add-on code edits", () => {
  const parsed = parseAoc(readData("ncci-2024q3/aoc_2024-06.csv"), "aoc_2024-06.csv");

  it("reads every row, in force from the month the name gives", () => {
    expect(parsed.rows).toHaveLength(7_465);
    expect(parsed.edition).toEqual({
      table: "aoc",
      source: "aoc_2024-06.csv",
      release: "NCCI add-on codes 2024-06",
      effectiveFrom: "2024-06-01",
      effectiveThrough: null,
    });
    expect(parsed.rows[0]).toEqual({ primary: "CCCCC", addOn: "0054T", editType: "2" });
    expect(parsed.rows).toContainEqual({ primary: "0070U", addOn: "0071U", editType: "1" });
  });

  it("rejects an unknown edit type and asks for the month when the name has none", () => {
    const csv = "primary_code,add_on_code,aoc_edit_type\n0070U,0071U,4\n";
    expect(() => parseAoc(csv, "aoc_2024-06.csv")).toThrowError(
      'aoc_2024-06.csv line 2: expected AOC edit type 1, 2 or 3, got "4"',
    );
    expect(() => parseAoc(csv.replace(",4", ",1"), "aoc.csv")).toThrowError(/put the month in the file name/);
  });
});
