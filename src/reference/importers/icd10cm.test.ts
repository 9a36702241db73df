import { describe, expect, it } from "vitest";
import { parseIcd10cm } from "./icd10cm.js";
import { readData, readDataText } from "./test-support/shared-data.js";

describe("ICD-10-CM csv", () => {
  const parsed = parseIcd10cm(readData("icd10cm-fy2024/icd10cm_fy2024.csv.gz"), "icd10cm_fy2024.csv.gz");
  const code = (c: string) => parsed.rows.find((r) => r.code === c);

  it("reads every code of FY2024, stored without the dot", () => {
    expect(parsed.rows).toHaveLength(97_296);
    expect(parsed.rows.filter((r) => r.billable)).toHaveLength(74_044);
    expect(parsed.edition).toEqual({
      table: "icd10cm",
      source: "icd10cm_fy2024.csv.gz",
      release: "ICD-10-CM FY2024",
      effectiveFrom: "2023-10-01",
      effectiveThrough: "2024-09-30",
    });
  });

  it.each([
    ["M5450", true, "Low back pain, unspecified"],
    ["M545", false, "Low back pain"],
    ["M5416", true, undefined],
    ["A000", true, "Cholera due to Vibrio cholerae 01, biovar cholerae"],
  ])("%s billable: %s", (c, billable, title) => {
    expect(code(c)).toMatchObject(title === undefined ? { billable } : { billable, title });
  });
});

describe("ICD-10-CM order file (fixed width)", () => {
  const SAMPLE = "official-format-samples/icd10cm_order_2026.excerpt.txt";
  const parsed = parseIcd10cm(readData(SAMPLE), "icd10cm_order_2026.txt");

  it("reads the records, keeping the long title", () => {
    expect(parsed.rows).toHaveLength(100);
    expect(parsed.rows.find((r) => r.code === "M5450")).toEqual({
      code: "M5450",
      billable: true,
      title: "Low back pain, unspecified",
    });
    expect(parsed.rows.find((r) => r.code === "M545")).toMatchObject({ billable: false });
    expect(parsed.rows.find((r) => r.code === "M5401")).toMatchObject({
      title: "Panniculitis affecting regions of neck and back, occipito-atlanto-axial region",
    });
  });

  it("dates fiscal year 2026 from October 2025, or from April 1 for the April update", () => {
    expect(parsed.edition).toMatchObject({
      release: "ICD-10-CM FY2026",
      effectiveFrom: "2025-10-01",
      effectiveThrough: "2026-09-30",
    });
    const april = parseIcd10cm(
      readData(SAMPLE),
      "april-1-2026-code-descriptions-tabular-order.zip!icd10cm_order_2026.txt",
    );
    expect(april.edition).toMatchObject({
      release: "ICD-10-CM FY2026 April 1 update",
      effectiveFrom: "2026-04-01",
      effectiveThrough: "2026-09-30",
    });
  });

  it("rejects a record cut short and a bad billable flag, naming the line", () => {
    const lines = readDataText(SAMPLE).split("\r\n");
    const cut = `${lines.slice(0, 3).join("\r\n")}\r\n${lines[3]!.slice(0, 40)}`;
    expect(() => parseIcd10cm(cut, "icd10cm_order_2026.txt")).toThrowError(
      "icd10cm_order_2026.txt line 4: the record ends before the long title (column 78): the line is cut short",
    );
    lines[1] = lines[1]!.replace("A000    1", "A000    7");
    expect(() => parseIcd10cm(lines.join("\r\n"), "icd10cm_order_2026.txt")).toThrowError(
      /^icd10cm_order_2026\.txt line 2: expected order number, code and billable flag/,
    );
  });
});
