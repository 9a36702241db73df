import { describe, expect, it } from "vitest";
import type { GpciRow, ParsedTable } from "../types.js";
import { dropCopies } from "./copies.js";
import { parseReferenceFiles } from "./index.js";
import { readData, readDataText } from "./test-support/shared-data.js";

function gpci(source: string, rows: Partial<GpciRow>[]): ParsedTable<GpciRow> {
  return {
    edition: {
      table: "gpci",
      source,
      release: "CY2025 GPCIs (Addendum E)",
      effectiveFrom: "2025-01-01",
      effectiveThrough: "2025-12-31",
    },
    rows: rows.map((row) => ({
      mac: "01112",
      locality: "05",
      state: "CA",
      name: "SAN FRANCISCO",
      work: "1.000",
      pe: "1.200",
      mp: "0.500",
      ...row,
    })),
  };
}

describe("dropCopies", () => {
  it("keeps the csv over the xlsx and any other format, whatever the order given", () => {
    const txt = gpci("RVU25D.zip!GPCI2025.txt", [{}]);
    const xlsx = gpci("RVU25D.zip!GPCI2025.xlsx", [{ work: "1", pe: "1.2", mp: ".5" }]);
    const csv = gpci("RVU25D.zip!GPCI2025.csv", [{}]);
    const { kept, dropped } = dropCopies([txt, xlsx, csv]);
    expect(kept).toEqual([csv]);
    expect(dropped.map((d) => [d.table.edition.source, d.keptInstead.edition.source])).toEqual([
      ["RVU25D.zip!GPCI2025.txt", "RVU25D.zip!GPCI2025.csv"],
      ["RVU25D.zip!GPCI2025.xlsx", "RVU25D.zip!GPCI2025.csv"],
    ]);
  });

  it("keeps different editions of one table", () => {
    const y2025 = gpci("GPCI2025.csv", [{}]);
    const y2026 = { ...gpci("GPCI2026.csv", [{}]), edition: { ...y2025.edition, release: "CY2026 GPCIs" } };
    expect(dropCopies([y2025, y2026]).kept).toEqual([y2025, y2026]);
  });

  it.each([
    [
      "a value",
      [{ work: "1.001" }],
      'row 1 (mac 01112) has work "1.000" in the first, "1.001" in the second',
    ],
    ["the row count", [{}, { locality: "06" }], "1 rows in the first, 2 in the second"],
    [
      "a name",
      [{ name: "SAN MATEO" }],
      'row 1 (mac 01112) has name "SAN FRANCISCO" in the first, "SAN MATEO" in the second',
    ],
  ])("refuses copies that differ in %s, naming both", (_what, rows, difference) => {
    expect(() =>
      dropCopies([gpci("a.zip!GPCI2025.csv", [{}]), gpci("a.zip!GPCI2025.xlsx", rows)]),
    ).toThrowError(
      `a.zip!GPCI2025.csv and a.zip!GPCI2025.xlsx: two copies of one edition (gpci CY2025 GPCIs (Addendum E)) disagree: ${difference}. Import the right one alone`,
    );
  });

  it("joins the parts of a PTP quarter, and reads a part given twice once", () => {
    const text = readDataText("official-format-samples/ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt");
    const lines = text.slice(0, text.lastIndexOf("\n") + 1).split("\r\n");
    const part1 = Buffer.from([...lines.slice(0, 6), ...lines.slice(6, 100)].join("\r\n"));
    const part2 = Buffer.from([...lines.slice(0, 6), ...lines.slice(100)].join("\r\n"));
    const skipped: string[] = [];
    const tables = parseReferenceFiles(
      [
        { name: "ccipra-v322r0-f1.TXT", buffer: part1 },
        { name: "ccipra-v322r0-f2.TXT", buffer: part2 },
        { name: "medicare-ncci-2026q3.zip!ccipra-v322r0-f1.TXT", buffer: part1, archived: true },
        { name: "GPCI2025.csv", buffer: readData("mpfs-2025/GPCI2025.csv") },
      ],
      { onSkipped: (name) => skipped.push(name) },
    );
    expect(tables.map((t) => [t.edition.table, t.edition.source, t.rows.length])).toEqual([
      ["ptp", "ccipra-v322r0-f1.TXT + ccipra-v322r0-f2.TXT", 154],
      ["gpci", "GPCI2025.csv", 109],
    ]);
    expect(skipped).toEqual(["medicare-ncci-2026q3.zip!ccipra-v322r0-f1.TXT"]);
  });
});
