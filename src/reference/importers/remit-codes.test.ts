import { describe, expect, it } from "vitest";
import { parseRemitCodes } from "./remit-codes.js";
import { readData } from "./test-support/shared-data.js";

describe("CARC, RARC and group codes", () => {
  const parsed = parseRemitCodes(
    readData("remit-codes-2024/carc_rarc_group_codes_2024-06.csv"),
    "carc_rarc_group_codes_2024-06.csv",
  );
  const code = (kind: string, c: string) => parsed.rows.find((r) => r.kind === kind && r.code === c);

  it("reads every code", () => {
    expect(parsed.rows).toHaveLength(1_581);
    expect(parsed.rows.filter((r) => r.kind === "group").map((r) => r.code)).toEqual([
      "CO",
      "CR",
      "OA",
      "PI",
      "PR",
    ]);
    expect(parsed.edition).toMatchObject({
      table: "remit-codes",
      effectiveFrom: "2024-06-01",
      effectiveThrough: null,
    });
  });

  it.each([
    ["carc", "236"],
    ["carc", "253"],
    ["carc", "97"],
    ["rarc", "M15"],
    ["rarc", "N657"],
    ["rarc", "MA130"],
  ])("has %s %s", (kind, c) => {
    expect(code(kind, c)).toMatchObject({ kind, code: c, description: expect.any(String) });
  });

  it("keeps start and end dates", () => {
    expect(code("carc", "236")).toMatchObject({ startDate: "2011-01-30", endDate: null });
  });

  it("rejects an unknown code type", () => {
    const csv =
      "adj_code,adj_type,adj_description,adj_usage,adj_notes,adj_start_date,adj_last_modified,adj_end_date\n1,XYZ,x,,,,,\n";
    expect(() => parseRemitCodes(csv, "carc_2024-06.csv")).toThrowError(
      'carc_2024-06.csv line 2: expected adj_type Group, CARC or RARC, got "XYZ"',
    );
  });
});
