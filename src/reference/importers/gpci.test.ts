import { describe, expect, it } from "vitest";
import { parseGpci } from "./gpci.js";
import { readData, readDataText } from "./test-support/shared-data.js";

const gpci2025 = parseGpci(readData("mpfs-2025/GPCI2025.csv"), "GPCI2025.csv");
const gpci2026 = parseGpci(readData("mpfs-2026/GPCI2026.csv"), "GPCI2026.csv");
const locality = (parsed: typeof gpci2025, mac: string, number: string) =>
  parsed.rows.find((r) => r.mac === mac && r.locality === number);

describe("GPCI (Addendum E)", () => {
  it("reads the 109 localities of each year, dated by the header's year", () => {
    expect(gpci2025.rows).toHaveLength(109);
    expect(gpci2026.rows).toHaveLength(109);
    expect(gpci2025.edition).toEqual({
      table: "gpci",
      source: "GPCI2025.csv",
      release: "CY2025 GPCIs (Addendum E)",
      effectiveFrom: "2025-01-01",
      effectiveThrough: "2025-12-31",
    });
    expect(gpci2026.edition).toMatchObject({ effectiveFrom: "2026-01-01", effectiveThrough: "2026-12-31" });
  });

  it.each([
    // year, MAC, locality, name, work, PE, MP: as written in the files
    [2025, "13202", "01", "MANHATTAN", "1.065", "1.166", "1.656"],
    [2026, "13202", "01", "MANHATTAN", "1.064", "1.162", "1.586"],
    [2025, "09102", "04", "MIAMI", "1", "1.027", "2.5"],
    [2026, "09102", "04", "MIAMI", "1.000", "1.041", "2.529"],
    [2025, "02102", "01", "ALASKA", "1.5", "1.081", "0.592"],
    [2025, "03602", "21", "WYOMING", "1", "1", "0.739"],
    [2026, "02402", "02", "SEATTLE (KING CNTY)", "1.050", "1.227", "0.817"],
  ])("%i %s-%s %s: %s / %s / %s", (year, mac, number, name, work, pe, mp) => {
    const parsed = year === 2025 ? gpci2025 : gpci2026;
    expect(locality(parsed, mac, number)).toEqual({
      mac,
      locality: number,
      state: expect.stringMatching(/^[A-Z]{2}$/),
      name,
      work,
      pe,
      mp,
    });
  });

  it("strips footnote stars from names and skips the footnote lines", () => {
    expect(gpci2025.rows.filter((r) => r.name.includes("*"))).toEqual([]);
    expect(gpci2026.rows.at(-1)?.name).toBe("WYOMING");
  });

  it("rejects a non-numeric GPCI, naming the line", () => {
    const text = readDataText("mpfs-2025/GPCI2025.csv").replace(
      "13202,NY,01,MANHATTAN,1.065",
      "13202,NY,01,MANHATTAN,1.O65",
    );
    expect(() => parseGpci(text, "GPCI2025.csv")).toThrowError(
      'GPCI2025.csv line 78: expected a decimal work GPCI, got "1.O65"',
    );
  });

  it("rejects a garbled data row after the data, rather than taking it for a footnote", () => {
    const text = `${readDataText("mpfs-2025/GPCI2025.csv")}99999,ZZ,X1,NOWHERE,1,1,1\r\n`;
    expect(() => parseGpci(text, "GPCI2025.csv")).toThrowError(
      /line 117: expected a locality number, got "X1"/,
    );
  });

  it("rejects a locality listed twice", () => {
    const text = `${readDataText("mpfs-2025/GPCI2025.csv")}13202,NY,01,MANHATTAN,1,1,1\r\n`;
    expect(() => parseGpci(text, "GPCI2025.csv")).toThrowError(
      /locality 13202-01 appears twice \(also line 78\)/,
    );
  });
});
