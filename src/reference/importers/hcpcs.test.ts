import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { parseHcpcs, parseHcpcsXlsx } from "./hcpcs.js";
import { readData, readDataText } from "./test-support/shared-data.js";

const hcpcs2025 = parseHcpcs(readData("hcpcs-2025/HCPC2025_OCT_ANWEB.csv"), "HCPC2025_OCT_ANWEB.csv");
const find = (parsed: typeof hcpcs2025, kind: "procedure" | "modifier", code: string) =>
  parsed.rows.find((r) => r.kind === kind && r.code === code);

describe("HCPCS Level II, csv", () => {
  it("reads codes (RECID 3) and modifiers (RECID 7), in force from the month in the name", () => {
    expect(hcpcs2025.rows).toHaveLength(8_846);
    expect(hcpcs2025.rows.filter((r) => r.kind === "modifier")).toHaveLength(383);
    expect(hcpcs2025.edition).toEqual({
      table: "hcpcs",
      source: "HCPC2025_OCT_ANWEB.csv",
      release: "HCPCS Level II October 2025",
      effectiveFrom: "2025-10-01",
      effectiveThrough: null,
    });
  });

  it.each(["GP", "GO", "GN", "CQ", "CO", "KX", "GY", "GA", "GZ", "AT", "XS", "XE", "XP", "XU"])(
    "has modifier %s",
    (code) => {
      expect(find(hcpcs2025, "modifier", code)).toMatchObject({ kind: "modifier", terminationDate: null });
    },
  );

  it("converts YYYYMMDD dates and keeps the coverage code", () => {
    expect(find(hcpcs2025, "modifier", "GP")).toMatchObject({
      addDate: "1999-01-01",
      effectiveDate: "2003-01-01",
      coverage: "C",
    });
    expect(find(hcpcs2025, "procedure", "G0283")).toMatchObject({
      addDate: "2003-01-01",
      effectiveDate: "2003-01-01",
      terminationDate: null,
      description: expect.stringMatching(/^Electrical stimulation \(unattended\)/),
    });
  });

  it("reads the 2026 layout: right-aligned codes, no final line break, termination dates", () => {
    const parsed = parseHcpcs(
      readData("official-format-samples/HCPC2026_OCT_ANWEB.excerpt.csv"),
      "HCPC2026_OCT_ANWEB.csv",
    );
    expect(parsed.rows).toHaveLength(35);
    expect(parsed.rows[0]).toMatchObject({ code: "A1", kind: "modifier", addDate: "2002-07-01" });
    expect(parsed.rows.at(-1)).toMatchObject({ code: "L1", terminationDate: "2016-12-31" });
    expect(parsed.edition.effectiveFrom).toBe("2026-10-01");
  });

  it("keeps only the first record of a code: later records continue its text", () => {
    const header = readDataText("official-format-samples/HCPC2026_OCT_ANWEB.excerpt.csv").split("\n")[0]!;
    const blanks = ",".repeat(40);
    const csv = [
      header,
      `A4206,0010,3,Syringe with needle,Syr w needle,${blanks}20000101,20000101,,N`,
      `A4206,0020,4,continued text,,${blanks}20000101,20000101,,N`,
    ].join("\n");
    expect(header.split(",")).toHaveLength(48);
    const parsed = parseHcpcs(csv, "HCPC2026_JAN.csv");
    expect(parsed.rows).toEqual([
      expect.objectContaining({ code: "A4206", kind: "procedure", description: "Syringe with needle" }),
    ]);
  });

  it("rejects a bad date, naming the line", () => {
    const text = readDataText("official-format-samples/HCPC2026_OCT_ANWEB.excerpt.csv").replace(
      ",20020701,20020701,",
      ",20021301,20020701,",
    );
    expect(() => parseHcpcs(text, "HCPC2026_OCT.csv")).toThrowError(
      'HCPC2026_OCT.csv line 2: expected ADD DT as YYYYMMDD, got "20021301"',
    );
  });
});

describe("HCPCS Level II, xlsx", () => {
  it("reads a workbook laid out like CMS's into the same rows as the csv", async () => {
    const csv = readDataText("hcpcs-2025/HCPC2025_OCT_ANWEB.csv");
    const records = (parse(csv, { relax_column_count: true }) as string[][]).slice(0, 41);
    // Excel keeps the dates as numbers and the codes as text; one date cell is typed as a date.
    const sheet = records.map((cells, i) =>
      cells.map((value, column) => {
        if (i === 0 || value === "") return value === "" ? null : value;
        if (column >= 44 && column <= 46)
          return i === 1 && column === 44
            ? { value: new Date(Date.UTC(2002, 6, 1)), format: "yyyy-mm-dd" }
            : Number(value);
        return value;
      }),
    );
    const workbook = await writeXlsxFile(sheet).toBuffer();
    const fromXlsx = await parseHcpcsXlsx(workbook, "HCPC2025_OCT_ANWEB.xlsx");
    expect(fromXlsx.rows).toHaveLength(40);
    expect(fromXlsx.rows).toEqual(hcpcs2025.rows.slice(0, 40));
    expect(fromXlsx.edition).toMatchObject({
      source: "HCPC2025_OCT_ANWEB.xlsx",
      effectiveFrom: "2025-10-01",
    });
  });

  it("rejects a file that is not a workbook", async () => {
    await expect(
      parseHcpcsXlsx(Buffer.from("PK\u0003\u0004garbage"), "HCPC2025_OCT.xlsx"),
    ).rejects.toThrowError(/^HCPC2025_OCT\.xlsx: unreadable xlsx workbook/);
  });
});
