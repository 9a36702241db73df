import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { openReference } from "../src/reference/open.js";
import { sharedDataDir } from "../src/test-support/reference.js";
import { runCli, tempHomes } from "./cli-harness.js";

/**
 * Whole official archives, as users download them: the data files CMS ships with
 * companions, documents and copies in other formats. The zips are built here from the
 * real files in ../shared/data (never copied into the repository).
 */

const home = tempHomes();

const shared = (relative: string) => fs.readFileSync(path.join(sharedDataDir, relative));
const rvuCsv = shared("mpfs-2025/PPRRVU2025_Oct.csv");
const gpciCsv = shared("mpfs-2025/GPCI2025.csv");
const loccoCsv = shared("mpfs-2025/25LOCCO.csv");
const pdf = Buffer.from("%PDF-1.7\n% RVU25D readme\n");
const anes = Buffer.from(
  "ANES2025,,,\nContractor,Locality,Locality Name,Anesthesia Conversion Factor\n01112,05,SAN FRANCISCO,22.4416\n",
);
// OPPSCAP's header begins like the PPRRVU file's: only its name tells them apart.
const oppscap = Buffer.from(
  "HCPCS,MOD,PROCSTAT,CARRIER,LOCALITY,FACILITY PRICE,NON-FACILTY PRICE\n0011T,,C,01112,05,0.00,0.00\n",
);

/**
 * A csv as CMS's fixed-width txt copy of it looks: an HDR line, then every record (captions,
 * header, rows) with its cells padded and no delimiter.
 */
function fixedWidth(csv: Buffer): Buffer {
  const records = parse(csv.toString("utf8"), { relax_column_count: true }) as string[][];
  const lines = [
    "HDR CPT codes and descriptions only are copyright 2024 American Medical Association.",
    ...records.map((cells) => cells.map((cell) => cell.replaceAll(",", " ").padEnd(9)).join("")),
  ];
  return Buffer.from(`${lines.join("\r\n")}\r\n`);
}

/** A workbook of the csv, decimals stored as numbers the way Excel does ("0.00" becomes 0). */
async function workbook(
  csv: Buffer,
  edit: (cells: string[]) => string[] = (cells) => cells,
): Promise<Buffer> {
  const records = parse(csv.toString("utf8"), { relax_column_count: true }) as string[][];
  const rows = records.map((cells) =>
    edit(cells).map((cell) => (cell === "" ? null : /^-?\d*\.\d+$/.test(cell) ? Number(cell) : cell)),
  );
  return Buffer.from(await writeXlsxFile(rows).toBuffer());
}

let rvuXlsx: Buffer;
let rvuXlsxEdited: Buffer;
beforeAll(async () => {
  rvuXlsx = await workbook(rvuCsv);
  rvuXlsxEdited = await workbook(rvuCsv, (cells) =>
    cells[0] === "97012" && cells[1] === "" ? cells.map((cell, i) => (i === 5 ? "0.26" : cell)) : cells,
  );
});

function writeZip(h: string, name: string, members: Record<string, Uint8Array>): string {
  const file = path.join(h, name);
  fs.writeFileSync(file, zipSync(members));
  return file;
}

function importJson(run: { code: number; stdout: string }): {
  imported: { table: string; rows: number; source: string; release: string }[];
  unchanged: { table: string; rows: number; origin: string }[];
  skipped: { name: string; reason: string }[];
} {
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const manifestOf = (h: string) => fs.readFileSync(path.join(h, "reference/manifest.json"));

/**
 * A home with the full 2024Q3 MUE file imported (the pack keeps its own codes' rows only, so
 * the import is an edition of the store), and its manifest's bytes, to prove a failed import
 * leaves it alone.
 */
async function homeWithMue(): Promise<{ h: string; manifest: Buffer }> {
  const h = home();
  const mue = path.join(sharedDataDir, "ncci-2024q3/mue_practitioner_2024q3.csv");
  expect((await runCli(["data", "import", mue], h)).code).toBe(0);
  return { h, manifest: manifestOf(h) };
}

function expectUnchanged(h: string, manifest: Buffer): void {
  expect(manifestOf(h).equals(manifest)).toBe(true);
  const editions = openReference({ home: h, includePack: false }).editions();
  expect(editions.map((e) => [e.table, e.rows])).toEqual([["mue", 14_677]]);
}

describe("cleanclaim data import of whole CMS archives", () => {
  it("imports the RVU and GPCI files of an RVU archive and reports every member it skips", async () => {
    const h = home();
    const zip = writeZip(h, "RVU25D.zip", {
      "PPRRVU2025_Oct.csv": rvuCsv,
      "ANES2025.csv": anes,
      "RVU25D.pdf": pdf,
      "GPCI2025.csv": gpciCsv,
    });
    const run = await runCli(["data", "import", zip, "--format", "json"], h);
    const { imported, unchanged, skipped } = importJson(run);
    expect(imported.map((e) => [e.table, e.rows, path.basename(e.source)])).toEqual([
      ["rvu", 19_090, "RVU25D.zip!PPRRVU2025_Oct.csv"],
    ]);
    // GPCI2025.csv is in the bundled pack whole: the same rows are not stored again.
    expect(unchanged.map((e) => [e.table, e.rows, e.origin])).toEqual([["gpci", 109, "pack"]]);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      `skipped ${zip}!ANES2025.csv: anesthesia conversion factors are not used by cleanclaim`,
      `skipped ${zip}!RVU25D.pdf: a document, not data`,
    ]);
    expect(skipped.map((s) => path.basename(s.name))).toEqual([
      "RVU25D.zip!ANES2025.csv",
      "RVU25D.zip!RVU25D.pdf",
    ]);
    const ref = openReference({ home: h });
    expect(ref.rvu("97012", "2025-11-03").value?.work).toBe("0.25");
    expect(ref.gpci("13202", "01", "2025-06-01").value?.name).toMatch(/MANHATTAN/);
  });

  it("imports each edition once from csv, xlsx and fixed-width txt copies, preferring the csv", async () => {
    const h = home();
    const zip = writeZip(h, "RVU25D.zip", {
      "PPRRVU2025_Oct.xlsx": rvuXlsx,
      "PPRRVU2025_Oct.txt": fixedWidth(rvuCsv),
      "PPRRVU2025_Oct.csv": rvuCsv,
      "GPCI2025.csv": gpciCsv,
      "GPCI2025.txt": fixedWidth(gpciCsv),
      "25LOCCO.csv": loccoCsv,
      "OPPSCAP_Oct.csv": oppscap,
      "ANES2025.xlsx": await workbook(anes),
    });
    const run = await runCli(["data", "import", zip, "--format", "json"], h);
    const { imported, unchanged, skipped } = importJson(run);
    expect(imported.map((e) => [e.table, e.rows, path.basename(e.source)])).toEqual([
      ["rvu", 19_090, "RVU25D.zip!PPRRVU2025_Oct.csv"],
    ]);
    expect(unchanged.map((e) => [e.table, e.rows, e.origin])).toEqual([
      ["gpci", 109, "pack"],
      ["locality-counties", 109, "pack"],
    ]);
    const reasons = Object.fromEntries(skipped.map((s) => [s.name.slice(zip.length + 1), s.reason]));
    expect(reasons).toEqual({
      "OPPSCAP_Oct.csv": "the OPPS payment caps are not used by cleanclaim",
      "ANES2025.xlsx": "anesthesia conversion factors are not used by cleanclaim",
      "PPRRVU2025_Oct.txt":
        "the fixed-width text copy of the PPRRVU file, which cleanclaim does not read; it reads the csv or xlsx copy of the same file",
      "GPCI2025.txt":
        "the fixed-width text copy of the GPCI file, which cleanclaim does not read; it reads the csv or xlsx copy of the same file",
      "PPRRVU2025_Oct.xlsx": `the same rvu edition (2025 October release, 19,090 rows) as ${zip}!PPRRVU2025_Oct.csv, which is imported instead`,
    });
    expect(run.stderr).toContain(`skipped ${zip}!PPRRVU2025_Oct.xlsx: the same rvu edition`);
    expect(openReference({ home: h, includePack: false }).editions()).toHaveLength(1);
  });

  it("rejects copies of one edition that disagree, naming both, and keeps the previous editions", async () => {
    const { h, manifest } = await homeWithMue();
    const zip = writeZip(h, "RVU25D.zip", {
      "PPRRVU2025_Oct.csv": rvuCsv,
      "PPRRVU2025_Oct.xlsx": rvuXlsxEdited,
    });
    const run = await runCli(["data", "import", zip], h);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `cleanclaim: ${zip}!PPRRVU2025_Oct.csv and ${zip}!PPRRVU2025_Oct.xlsx: two copies of one edition (rvu 2025 October release) disagree: `,
    );
    expect(run.stderr).toMatch(
      /: row [0-9,]+ \(code 97012\) has work "0.25" in the first, "0.26" in the second/,
    );
    expectUnchanged(h, manifest);
  });

  it("imports the ICD-10-CM order file of the code-descriptions archive, not the code list beside it", async () => {
    const h = home();
    const order = shared("official-format-samples/icd10cm_order_2026.excerpt.txt");
    // icd10cm_codes_2026.txt: the billable codes only, the code padded to 8, then the long title.
    const codes = order
      .toString("utf8")
      .split("\r\n")
      .filter((line) => line[14] === "1")
      .map((line) => `${line.slice(6, 13).trim().padEnd(8)}${line.slice(77)}`)
      .join("\r\n");
    const zip = writeZip(h, "april-1-2026-code-descriptions-tabular-order.zip", {
      "icd10cm_codes_2026.txt": Buffer.from(codes),
      "icd10cm_order_2026.txt": order,
      "icd10cm_codes_addenda_2026.txt": Buffer.from("Add:    M5450   Low back pain, unspecified\r\n"),
      "icd10OrderFiles.pdf": pdf,
    });
    // The order file is an excerpt (100 of some 98,000 codes): only --partial lets it in.
    const run = await runCli(["data", "import", zip, "--partial", "--format", "json"], h);
    const { imported, skipped } = importJson(run);
    expect(imported).toMatchObject([
      {
        table: "icd10cm",
        partial: true,
        rows: 100,
        release: "ICD-10-CM FY2026 April 1 update",
        source: `${zip}!icd10cm_order_2026.txt`,
      },
    ]);
    expect(skipped.map((s) => [s.name.slice(zip.length + 1), s.reason.split(";")[0]])).toEqual([
      ["icd10cm_codes_2026.txt", "the code list has no billable flags or category headers"],
      ["icd10cm_codes_addenda_2026.txt", "the addenda list only the year's changes"],
      ["icd10OrderFiles.pdf", "a document, not data"],
    ]);
    expect(openReference({ home: h, includePack: false }).icd10("M54.50", "2026-05-01").value?.billable).toBe(
      true,
    );
  });

  it("unpacks a zip within a zip and names members by their path through both", async () => {
    const h = home();
    const rvuZip = zipSync({ "PPRRVU2025_Oct.csv": rvuCsv, "ANES2025.csv": anes, "RVU25D.pdf": pdf });
    const mueZip = zipSync({
      "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv": shared(
        "official-format-samples/mue_practitioner_2026-07-01.excerpt.csv",
      ),
      "README.pdf": pdf,
    });
    const zip = writeZip(h, "cms-downloads.zip", {
      "RVU25D.zip": rvuZip,
      "medicare-ncci-2026-q3-practitioner-services-mue-table.zip": mueZip,
    });
    // The MUE file is an excerpt (44 rows where the pack has 105): only --partial lets it in.
    const run = await runCli(["data", "import", zip, "--partial", "--format", "json"], h);
    const { imported } = importJson(run);
    expect(imported.map((e) => [e.table, e.rows, e.source.slice(zip.length)])).toEqual([
      ["rvu", 19_090, "!RVU25D.zip!PPRRVU2025_Oct.csv"],
      [
        "mue",
        44,
        "!medicare-ncci-2026-q3-practitioner-services-mue-table.zip!MCR_MUE_PractitionerServices_Eff_07-01-2026.csv",
      ],
    ]);
    expect(run.stderr).toContain(
      `skipped ${zip}!RVU25D.zip!ANES2025.csv: anesthesia conversion factors are not used by cleanclaim\n`,
    );
    expect(run.stderr).toContain(
      `skipped ${zip}!medicare-ncci-2026-q3-practitioner-services-mue-table.zip!README.pdf: a document, not data\n`,
    );
  });
});

describe("cleanclaim data import: what is still rejected", () => {
  it.each([
    [
      "a companion file named directly",
      (h: string) => {
        const file = path.join(h, "ANES2025.csv");
        fs.writeFileSync(file, anes);
        return file;
      },
      /ANES2025\.csv: anesthesia conversion factors are not used by cleanclaim/,
    ],
    [
      "a fixed-width copy named directly",
      (h: string) => {
        const file = path.join(h, "PPRRVU2025_Oct.txt");
        fs.writeFileSync(file, fixedWidth(rvuCsv));
        return file;
      },
      /PPRRVU2025_Oct\.txt: the fixed-width text copy of the PPRRVU file/,
    ],
    [
      "an archive with nothing to import",
      (h: string) => writeZip(h, "RVU25D.zip", { "ANES2025.csv": anes, "RVU25D.pdf": pdf }),
      /RVU25D\.zip: nothing to import: no member of this archive is a table cleanclaim reads/,
    ],
    [
      "a truncated data file inside an archive",
      (h: string) =>
        writeZip(h, "RVU25D.zip", {
          "PPRRVU2025_Oct.csv": rvuCsv.subarray(0, 5000),
          "GPCI2025.csv": gpciCsv,
          "ANES2025.csv": anes,
        }),
      /RVU25D\.zip!PPRRVU2025_Oct\.csv line \d+: .*cut short/,
    ],
  ])("rejects %s with exit 2 and keeps the previous editions", async (_case, make, message) => {
    const { h, manifest } = await homeWithMue();
    const run = await runCli(["data", "import", make(h)], h);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expectUnchanged(h, manifest);
  });
});

describe("cleanclaim data import progress", () => {
  it("draws a parsing bar on a terminal and clears it before telling the skips", async () => {
    const h = home();
    const zip = writeZip(h, "RVU25D.zip", { "PPRRVU2025_Oct.csv": rvuCsv, "ANES2025.csv": anes });
    const stderr = process.stderr as unknown as { isTTY: boolean | undefined; columns: number | undefined };
    const [isTTY, columns] = [stderr.isTTY, stderr.columns];
    stderr.isTTY = true;
    stderr.columns = 100;
    let run: Awaited<ReturnType<typeof runCli>>;
    try {
      run = await runCli(["data", "import", zip, "--format", "json"], h);
    } finally {
      stderr.isTTY = isTTY;
      stderr.columns = columns;
    }
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/parsing \[[█░]+\] 100\/100/);
    const skip = run.stderr.indexOf(
      `skipped ${zip}!ANES2025.csv: anesthesia conversion factors are not used by cleanclaim\n`,
    );
    expect(skip).toBeGreaterThan(run.stderr.lastIndexOf("parsing ["));
    expect(skip).toBeLessThan(run.stderr.indexOf("writing ["));
  });
});
