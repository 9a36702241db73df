import { describe, expect, it } from "vitest";
import { ImportError } from "./errors.js";
import { parsePprrvu } from "./pprrvu.js";
import { readData, readDataText } from "./test-support/shared-data.js";

const rvu2025 = parsePprrvu(readData("mpfs-2025/PPRRVU2025_Oct.csv"), "PPRRVU2025_Oct.csv");
const rvu2026 = parsePprrvu(
  readData("mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv"),
  "PPRRVU2026_Jul_nonQPP.EXCERPT.csv",
);
const row = (parsed: typeof rvu2025, code: string, modifier = "") =>
  parsed.rows.find((r) => r.code === code && r.modifier === modifier);

describe("PPRRVU", () => {
  it("reads every row of the 2025 October release", () => {
    expect(rvu2025.rows).toHaveLength(19_090);
    expect(rvu2025.edition).toEqual({
      table: "rvu",
      source: "PPRRVU2025_Oct.csv",
      release: "2025 October release",
      effectiveFrom: "2025-10-01",
      effectiveThrough: "2025-12-31",
    });
  });

  it.each([
    // code, status, work, PE non-facility, PE facility, MP, mult proc, facility NA
    ["97012", "A", "0.25", "0.18", "0.18", "0.01", "5", true],
    ["97110", "A", "0.45", "0.43", "0.43", "0.01", "5", true],
    ["97140", "A", "0.43", "0.40", "0.40", "0.01", "5", true],
    ["97014", "I", "0.18", "0.19", "0.19", "0.01", "9", true],
  ])(
    "2025 %s: status %s, RVUs %s / %s / %s / %s",
    (code, status, work, peNf, peF, mp, multProc, facilityNa) => {
      expect(row(rvu2025, code)).toMatchObject({
        status,
        work,
        peNonFacility: peNf,
        peFacility: peF,
        mp,
        multipleProcedure: multProc,
        peNonFacilityNa: false,
        peFacilityNa: facilityNa,
        conversionFactor: "32.3465",
      });
    },
  );

  it("keeps modifier rows apart from the global row", () => {
    const modifiers = rvu2025.rows.filter((r) => r.code === "70450").map((r) => r.modifier);
    expect(modifiers.sort()).toEqual(["", "26", "TC"]);
  });

  it("finds columns by name in 2026, which inserts PRIC IND before the conversion factor", () => {
    expect(rvu2026.rows).toHaveLength(47);
    expect(row(rvu2026, "97012")).toMatchObject({
      work: "0.24",
      peNonFacility: "0.18",
      mp: "0.01",
      conversionFactor: "33.4009",
    });
    expect(row(rvu2026, "97110")).toMatchObject({ work: "0.45", peNonFacility: "0.41", mp: "0.01" });
    expect(row(rvu2026, "G0283")).toMatchObject({ status: "A", multipleProcedure: "5" });
    expect(rvu2026.edition).toMatchObject({
      release: "2026 July release (non-QPP)",
      effectiveFrom: "2026-07-01",
      effectiveThrough: "2026-12-31",
    });
  });

  it("finds the header by content, whatever the caption lines above it", () => {
    const text = readDataText("mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv");
    const moreCaptions = `,,A caption CMS might add one year,,\n\n${text}`;
    const parsed = parsePprrvu(moreCaptions, "PPRRVU2026_Jul.csv");
    expect(parsed.rows).toHaveLength(47);
    expect(parsed.edition.release).toBe("2026 July release");
  });

  it("rejects a file cut off mid-row, naming the line", () => {
    const text = readDataText("mpfs-2025/PPRRVU2025_Oct.csv");
    const cut = text.slice(0, text.indexOf("\n97012,") + 30);
    expect(() => parsePprrvu(cut, "PPRRVU2025_Oct.csv")).toThrowError(
      /^PPRRVU2025_Oct\.csv line \d+: expected 31 columns, got \d+: the row is cut short$/,
    );
  });

  it("names the line, the column and the value of a garbled RVU", () => {
    const lines = readDataText("mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv").split("\n");
    lines[11] = lines[11]!.replace("0.24", "abc");
    try {
      parsePprrvu(lines.join("\n"), "PPRRVU2026_Jul.csv");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).line).toBe(12);
      expect((error as Error).message).toBe(
        'PPRRVU2026_Jul.csv line 12: expected a decimal WORK RVU, got "abc"',
      );
    }
  });

  it("rejects a file whose header is missing", () => {
    const text = readDataText("mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv").replace(
      /^HCPCS,MOD,/m,
      "CODE,MOD,",
    );
    expect(() => parsePprrvu(text, "x.csv")).toThrowError(
      "x.csv: no PPRRVU header row in the first 40 lines",
    );
  });
});
