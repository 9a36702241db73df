import { describe, expect, it } from "vitest";
import { parsePos } from "./pos.js";
import { readData } from "./test-support/shared-data.js";

describe("place of service codes", () => {
  const parsed = parsePos(readData("pos-2024/pos_codes_2024-06.csv"), "pos_codes_2024-06.csv");
  const pos = (code: string) => parsed.rows.find((r) => r.code === code);

  it("reads the assigned codes and leaves out the unassigned ones, saying so", () => {
    expect(parsed.rows).toHaveLength(52);
    expect(parsed.warnings).toEqual(["47 unassigned codes left out"]);
    expect(parsed.edition).toMatchObject({
      table: "pos",
      effectiveFrom: "2024-06-01",
      effectiveThrough: null,
    });
  });

  it.each([
    ["11", "non-facility", "Office"],
    ["12", "non-facility", "Home"],
    ["21", "facility", "Inpatient Hospital"],
    ["22", "facility", "On Campus-Outpatient Hospital"],
    ["02", "facility", "Telehealth Provided Other than in Patient’s Home"],
  ])("%s is %s (%s)", (code, setting, name) => {
    expect(pos(code)).toEqual({ code, setting, name });
  });

  it("rejects an unknown setting", () => {
    expect(() =>
      parsePos("pos_code,pos_type,pos_name\n11,Office-ish,Office\n", "pos_2024-06.csv"),
    ).toThrowError(
      'pos_2024-06.csv line 2: expected pos_type Facility, Non-Facility or Unassigned, got "Office-ish"',
    );
  });
});
