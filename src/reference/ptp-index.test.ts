import { describe, expect, it } from "vitest";
import { PtpIndex } from "./ptp-index.js";
import type { PtpRow } from "./types.js";

// Real rows from the NCCI practitioner PTP file, 2024Q3 (domain.md, NCCI section).
const rows: PtpRow[] = [
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
    rationale: "Misuse of column two code with column one code",
  },
  {
    column1: "0001A",
    column2: "90473",
    effective: "2022-01-01",
    deletion: "2022-01-01",
    modifierIndicator: "9",
    rationale: "CPT Manual or CMS manual coding instruction",
  },
  // A pair that was deleted and later re-added: two rows, the later one in force.
  {
    column1: "11111",
    column2: "22222",
    effective: "2020-01-01",
    deletion: "2020-06-30",
    modifierIndicator: "0",
    rationale: "A",
  },
  {
    column1: "11111",
    column2: "22222",
    effective: "2021-01-01",
    deletion: null,
    modifierIndicator: "1",
    rationale: "B",
  },
];

describe("PtpIndex", () => {
  const index = PtpIndex.fromRows(rows);
  const reloaded = PtpIndex.deserialize(index.serialize());

  it.each([
    ["97012", "97140", "2024-08-01", "1"],
    ["97140", "97530", "2019-12-31", "1"],
    ["97140", "97530", "2024-08-01", undefined],
    ["97140", "97012", "2024-08-01", undefined],
    ["98941", "98940", "2024-08-01", "0"],
    ["11111", "22222", "2020-03-01", "0"],
    ["11111", "22222", "2020-09-01", undefined],
    ["11111", "22222", "2024-01-01", "1"],
    ["99999", "97140", "2024-01-01", undefined],
  ])("%s/%s on %s has indicator %s (fresh and reloaded)", (c1, c2, date, expected) => {
    expect(index.editOn(c1, c2, date)?.modifierIndicator).toBe(expected);
    expect(reloaded.editOn(c1, c2, date)?.modifierIndicator).toBe(expected);
  });

  it("keeps every row of a pair with its dates and rationale", () => {
    expect(reloaded.rows("11111", "22222")).toEqual([rows[4], rows[5]]);
    expect(reloaded.size).toBe(rows.length);
  });

  it("rejects a buffer that is not an index, and a truncated one", () => {
    expect(() => PtpIndex.deserialize(Buffer.from("garbage bytes here"))).toThrow(
      /not a cleanclaim PTP index/,
    );
    const bin = index.serialize();
    expect(() => PtpIndex.deserialize(bin.subarray(0, bin.length - 40))).toThrow(/truncated/);
  });
});
