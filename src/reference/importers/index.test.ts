import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { expandInputs, ImportError, parseReferenceFile, parseReferenceFiles } from "./index.js";
import { readData, readDataText } from "./test-support/shared-data.js";

const dir = mkdtempSync(path.join(tmpdir(), "cleanclaim-importers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe("expandInputs", () => {
  it("unpacks archives and nested archives, leaving out documents and saying so", async () => {
    const nested = zipSync({ "25LOCCO.csv": readData("mpfs-2025/25LOCCO.csv") });
    const archive = write(
      "rvu25d.zip",
      zipSync({
        "GPCI2025.csv": readData("mpfs-2025/GPCI2025.csv"),
        "RVU25D.pdf": Buffer.from("%PDF-1.7 ..."),
        "ZIP5lyout.txt": readData("zip-locality-2025/ZIP5lyout.txt"),
        "__MACOSX/._GPCI2025.csv": Buffer.from([0, 5, 22, 7]),
        "counties/": new Uint8Array(),
        "counties/locco.zip": nested,
      }),
    );
    const skipped: string[] = [];
    const local = (name: string) => path.relative(dir, name);
    const files = await expandInputs([archive], { onSkipped: (name) => skipped.push(local(name)) });
    expect(files.map((f) => local(f.name))).toEqual([
      "rvu25d.zip!GPCI2025.csv",
      "rvu25d.zip!counties/locco.zip!25LOCCO.csv",
    ]);
    expect(skipped).toEqual(["rvu25d.zip!RVU25D.pdf", "rvu25d.zip!ZIP5lyout.txt"]);
    const tables = parseReferenceFiles(files);
    expect(tables.map((t) => [t.edition.table, t.rows.length])).toEqual([
      ["gpci", 109],
      ["locality-counties", 109],
    ]);
    expect(tables[1]!.edition.source).toBe(`${archive}!counties/locco.zip!25LOCCO.csv`);
  });

  it("skips members of unknown layout and CMS companion files, saying why; a file named directly must parse", async () => {
    const unknown = Buffer.from("Contractor,Locality,Anesthesia base units\n01112,05,3\n");
    const archive = write(
      "mixed.zip",
      zipSync({
        "GPCI2025.csv": readData("mpfs-2025/GPCI2025.csv"),
        "ANES2025.csv": Buffer.from("Contractor,Locality,Locality Name,Anesthesia Conversion Factor\n"),
        "units.csv": unknown,
        "logo.png": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
        "empty.csv": new Uint8Array(),
      }),
    );
    const skipped: [string, string][] = [];
    const onSkipped = (name: string, reason: string) => skipped.push([path.basename(name), reason]);
    const files = await expandInputs([archive], { onSkipped });
    expect(files.map((f) => [path.basename(f.name), f.archived])).toEqual([
      ["mixed.zip!GPCI2025.csv", true],
      ["mixed.zip!units.csv", true],
      ["mixed.zip!logo.png", true],
      ["mixed.zip!empty.csv", true],
    ]);
    const tables = parseReferenceFiles(files, { onSkipped });
    expect(tables.map((t) => [t.edition.table, t.rows.length])).toEqual([["gpci", 109]]);
    expect(skipped).toEqual([
      ["mixed.zip!ANES2025.csv", "anesthesia conversion factors are not used by cleanclaim"],
      ["mixed.zip!units.csv", "not a recognised CMS reference file: no known header or record layout"],
      ["mixed.zip!logo.png", "not a recognised CMS reference file: it holds binary data, not text"],
      ["mixed.zip!empty.csv", "the file is empty"],
    ]);
    // The same file named directly is an error, not a skip.
    expect(() => parseReferenceFiles([{ name: "units.csv", buffer: unknown }])).toThrowError(
      "units.csv: not a recognised CMS reference file: no known header or record layout",
    );
  });

  it("fails on a damaged member rather than skipping it", () => {
    const damaged = {
      name: "a.zip!mue_2024q3.csv.gz",
      buffer: Buffer.from([0x1f, 0x8b, 1, 2, 3]),
      archived: true,
    };
    expect(() => parseReferenceFiles([damaged])).toThrowError(
      "a.zip!mue_2024q3.csv.gz: damaged gzip data, or an empty file inside it",
    );
  });

  it("reads an xlsx workbook, loose or inside an archive", async () => {
    const rows = readDataText("official-format-samples/HCPC2026_OCT_ANWEB.excerpt.csv")
      .split("\n")
      .slice(0, 6)
      .map((line) => line.split(",").map((cell) => cell || null));
    const workbook = await writeXlsxFile(rows).toBuffer();
    const loose = write("HCPC2026_OCT_ANWEB.xlsx", workbook);
    const zipped = write(
      "october-2026-alpha-numeric-hcpcs-file.zip",
      zipSync({ "HCPC2026_OCT_ANWEB.xlsx": workbook }),
    );
    const files = await expandInputs([loose, zipped]);
    // The loose workbook and the zipped one are one edition: read once, the other told.
    const skipped: string[] = [];
    const tables = parseReferenceFiles(files, {
      onSkipped: (name, reason) => skipped.push(`${name}: ${reason}`),
    });
    expect(tables.map((t) => [t.edition.table, t.edition.effectiveFrom, t.rows.length])).toEqual([
      ["hcpcs", "2026-10-01", 5],
    ]);
    expect(skipped).toEqual([
      `${zipped}!HCPC2026_OCT_ANWEB.xlsx: the same hcpcs edition (HCPCS Level II October 2026, 5 rows) as ${loose}, which is imported instead`,
    ]);
    // Given straight to the synchronous parser, a workbook is refused with a pointer to the way in.
    expect(() => parseReferenceFile(workbook, "HCPC2026_OCT_ANWEB.xlsx")).toThrowError(/an xlsx workbook/);
  });

  it("rejects a damaged archive and a missing file, naming them", async () => {
    const zip = Buffer.from(zipSync({ "GPCI2025.csv": readData("mpfs-2025/GPCI2025.csv") }));
    const damaged = write("damaged.zip", zip.subarray(0, zip.length - 30));
    await expect(expandInputs([damaged])).rejects.toThrowError(/damaged\.zip: damaged zip archive/);
    await expect(expandInputs([path.join(dir, "nowhere.csv")])).rejects.toThrowError(
      /nowhere\.csv: cannot read the file \(ENOENT\)/,
    );
  });
});

describe("parseReferenceFiles", () => {
  it("joins the parts of one PTP quarter (f1 to f4) into one edition", () => {
    const text = readDataText("official-format-samples/ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt");
    const lines = text.slice(0, text.lastIndexOf("\n") + 1).split("\r\n");
    const header = lines.slice(0, 6);
    const part1 = [...header, ...lines.slice(6, 100)].join("\r\n");
    const part2 = [...header, ...lines.slice(100)].join("\r\n");
    const tables = parseReferenceFiles([
      { name: "ccipra-v322r0-f1.TXT", buffer: Buffer.from(part1) },
      { name: "ccipra-v322r0-f2.TXT", buffer: Buffer.from(part2) },
      { name: "GPCI2025.csv", buffer: readData("mpfs-2025/GPCI2025.csv") },
    ]);
    expect(tables).toHaveLength(2);
    expect(tables[0]!.edition).toMatchObject({
      table: "ptp",
      source: "ccipra-v322r0-f1.TXT + ccipra-v322r0-f2.TXT",
      release: "NCCI PTP practitioner 2026Q3",
    });
    expect(tables[0]!.rows).toHaveLength(154);
  });

  it("refuses a whole-quarter PTP file next to parts of the same quarter (the rows would double)", () => {
    const text = readDataText("official-format-samples/ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt");
    const whole = text.slice(0, text.lastIndexOf("\n") + 1);
    expect(() =>
      parseReferenceFiles([
        { name: "ccipra-v322r0-f1.TXT", buffer: Buffer.from(whole) },
        { name: "ptp_practitioner_2026q3.TXT", buffer: Buffer.from(whole) },
      ]),
    ).toThrowError(
      /one as a whole quarter and one as a part: import the whole-quarter file or the parts, not both/,
    );
  });

  it("refuses parts of different NCCI versions in one command, as it does one at a time (v322r0 f1 with v322r1 f2)", () => {
    const text = readDataText("official-format-samples/ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt");
    const whole = text.slice(0, text.lastIndexOf("\n") + 1);
    expect(() =>
      parseReferenceFiles([
        { name: "ccipra-v322r0-f1.TXT", buffer: Buffer.from(whole) },
        { name: "ccipra-v322r1-f2.TXT", buffer: Buffer.from(whole) },
      ]),
    ).toThrowError(/are of different NCCI versions \(v322r0, v322r1\)/);
  });

  it("accepts gzip and names the file, the line and the problem on bad input", () => {
    expect(
      parseReferenceFile(readData("zip-locality-2025/ZIP5_OCT2025.txt.gz"), "ZIP5_OCT2025.txt.gz").rows,
    ).toHaveLength(42_956);
    const bad = readDataText("mpfs-2025/GPCI2025.csv").replace("MANHATTAN,1.065", "MANHATTAN,n/a");
    try {
      parseReferenceFile(Buffer.from(bad), "GPCI2025.csv");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect(error).toMatchObject({
        source: "GPCI2025.csv",
        line: 78,
        problem: 'expected a decimal work GPCI, got "n/a"',
      });
    }
  });
});
