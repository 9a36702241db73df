import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readData } from "./test-support/shared-data.js";
import { parseZip5 } from "./zip5.js";

const gz = readData("zip-locality-2025/ZIP5_OCT2025.txt.gz");
const zips = parseZip5(gz, "ZIP5_OCT2025.txt.gz");
const zip = (code: string) => zips.rows.find((r) => r.zip === code);

describe("ZIP5 (ZIP code to locality)", () => {
  it("reads every record of the gzipped file, dated by its year and quarter field", () => {
    expect(zips.rows).toHaveLength(42_956);
    expect(zips.edition).toEqual({
      table: "zip-locality",
      source: "ZIP5_OCT2025.txt.gz",
      release: "ZIP5 2025Q4",
      effectiveFrom: "2025-10-01",
      effectiveThrough: null,
    });
  });

  it.each([
    ["10001", "NY", "13202", "01", ""],
    ["33101", "FL", "09102", "04", ""],
    ["99501", "AK", "02102", "01", ""],
    ["83414", "WY", "03602", "21", "B"],
  ])("%s is in %s, %s-%s (rural flag %j)", (code, state, mac, locality, rural) => {
    expect(zip(code)).toEqual({ zip: code, state, mac, locality, rural });
  });

  it("reads the same file uncompressed", () => {
    expect(parseZip5(gunzipSync(gz), "ZIP5_OCT2025.txt").rows).toHaveLength(42_956);
  });

  it("rejects a record cut short, naming the line", () => {
    const text = gunzipSync(gz).toString("latin1");
    const cut = text.slice(0, text.indexOf("\n", 1000) + 40);
    expect(() => parseZip5(cut, "ZIP5_OCT2025.txt")).toThrowError(
      /^ZIP5_OCT2025\.txt line \d+: expected an 80-character ZIP5 record, got 39 characters: the line is cut short$/,
    );
  });
});
