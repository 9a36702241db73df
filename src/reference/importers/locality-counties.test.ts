import { describe, expect, it } from "vitest";
import { parseGpci } from "./gpci.js";
import { parseLocalityCounties } from "./locality-counties.js";
import { readData, readDataText } from "./test-support/shared-data.js";

const counties = parseLocalityCounties(readData("mpfs-2025/25LOCCO.csv"), "25LOCCO.csv");

describe("locality county file (25LOCCO)", () => {
  it("reads one row per locality, the same 109 localities as the GPCI file", () => {
    const gpci = parseGpci(readData("mpfs-2025/GPCI2025.csv"), "GPCI2025.csv");
    const keys = (rows: { mac: string; locality: string }[]) =>
      rows.map((r) => `${r.mac}-${r.locality}`).sort();
    expect(counties.rows).toHaveLength(109);
    expect(keys(counties.rows)).toEqual(keys(gpci.rows));
    expect(counties.edition).toMatchObject({
      table: "locality-counties",
      effectiveFrom: "2025-01-01",
      effectiveThrough: "2025-12-31",
    });
  });

  it("keeps a repeated row once, and says so", () => {
    expect(counties.warnings).toEqual(["line 97: locality 05302-99 repeats line 96; kept once"]);
  });

  it.each([
    // MAC and locality zero-padded; the state carried down from the state's first row
    ["13202", "01", "NEW YORK", "MANHATTAN", "NEW YORK"],
    [
      "13202",
      "03",
      "NEW YORK",
      "POUGHKPSIE/N NYC SUBURBS",
      "COLUMBIA, DELAWARE, DUTCHESS, GREENE, ORANGE, PUTNAM, SULLIVAN AND ULSTER",
    ],
    ["02102", "01", "ALASKA", "STATEWIDE", "ALL COUNTIES"],
    ["09102", "04", "FLORIDA", "MIAMI", "DADE AND MONROE"],
    ["01112", "75", "CALIFORNIA", "REST OF STATE", "ALL OTHER COUNTIES"],
    ["05202", "00", "KANSAS", "STATEWIDE", "ALL COUNTIES"],
  ])("%s-%s is %s, %s: %s", (mac, locality, state, name, list) => {
    expect(counties.rows.find((r) => r.mac === mac && r.locality === locality)).toEqual({
      mac,
      locality,
      state,
      name,
      counties: list,
    });
  });

  it("rejects a garbled locality number", () => {
    const text = readDataText("mpfs-2025/25LOCCO.csv").replace("13202,1,NEW YORK", "13202,one,NEW YORK");
    expect(() => parseLocalityCounties(text, "25LOCCO.csv")).toThrowError(
      /^25LOCCO\.csv line \d+: expected a locality number, got "one"$/,
    );
  });
});
