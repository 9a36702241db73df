import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openReference } from "../src/reference/open.js";
import { sharedDataDir } from "../src/test-support/reference.js";
import { runCli, tempHomes } from "./cli-harness.js";

const home = tempHomes();

const rvu2025 = path.join(sharedDataDir, "mpfs-2025/PPRRVU2025_Oct.csv");
const gpci2025 = path.join(sharedDataDir, "mpfs-2025/GPCI2025.csv");

describe("cleanclaim data status", () => {
  it("shows the bundled editions on a fresh home, with staleness warnings", async () => {
    const run = await runCli(["data", "status", "--format", "json", "--as-of", "2026-11-26"], home());
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    const tables = new Set(status.editions.map((e: { table: string }) => e.table));
    for (const t of ["rvu", "gpci", "zip-locality", "ptp", "mue", "icd10cm", "hcpcs", "pos", "remit-codes"]) {
      expect(tables.has(t), t).toBe(true);
    }
    expect(status.editions.every((e: { origin: string }) => e.origin === "pack")).toBe(true);
    expect(status.warnings).toContain(
      "NCCI PTP edits end 2024-09-30; dates of service after that are checked against an older edition. Import the current release.",
    );
  });
});

describe("cleanclaim data import", () => {
  it("imports the 2025 RVU and GPCI files: 19,090 code rows and 109 localities", async () => {
    const h = home();
    const run = await runCli(["data", "import", rvu2025, gpci2025, "--format", "json"], h);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { imported, unchanged } = JSON.parse(run.stdout);
    expect(imported.map((e: { table: string; rows: number }) => [e.table, e.rows])).toEqual([
      ["rvu", 19_090],
    ]);
    // The pack holds GPCI2025.csv whole: the same rows are not stored a second time.
    expect(
      unchanged.map((e: { table: string; rows: number; origin: string }) => [e.table, e.rows, e.origin]),
    ).toEqual([["gpci", 109, "pack"]]);
    const ref = openReference({ home: h });
    const r = ref.rvu("97012", "2025-11-03").value;
    expect(r && [r.work, r.peNonFacility, r.peFacility, r.mp, r.status]).toEqual([
      "0.25",
      "0.18",
      "0.18",
      "0.01",
      "A",
    ]);
    expect(ref.rvu("97014", "2025-11-03").value?.status).toBe("I");
    // Imported full file wins over the pack's subset: a code outside the pack is found.
    expect(ref.rvu("99223", "2025-11-03").edition?.origin).toBe("import");
    const manhattan = ref.gpci("13202", "01", "2025-06-01").value;
    expect(manhattan?.name).toMatch(/MANHATTAN/);
  });

  it.each([
    [
      "garbage",
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x99, 0x10]),
      /not a recognised CMS reference file/,
    ],
    ["truncated", fs.readFileSync(rvu2025).subarray(0, 5000), /line \d+: .*cut short/],
  ])("rejects a %s file with exit 2 and keeps the previous edition", async (_kind, bytes, message) => {
    const h = home();
    expect((await runCli(["data", "import", rvu2025], h)).code).toBe(0);
    const manifest = fs.readFileSync(path.join(h, "reference/manifest.json"), "utf8");
    const bad = path.join(h, "PPRRVU2025_Oct_bad.csv");
    fs.writeFileSync(bad, bytes);
    const run = await runCli(["data", "import", bad], h);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("PPRRVU2025_Oct_bad.csv");
    expect(run.stdout).toBe("");
    expect(fs.readFileSync(path.join(h, "reference/manifest.json"), "utf8")).toBe(manifest);
    expect(openReference({ home: h }).rvu("99223", "2025-11-03").value?.status).toBe("A");
  });

  it("rejects a batch atomically when one file of it is bad", async () => {
    const h = home();
    const bad = path.join(h, "GPCI_bad.csv");
    fs.writeFileSync(bad, fs.readFileSync(gpci2025, "utf8").replace("0.869", "zero.eight"));
    const run = await runCli(["data", "import", rvu2025, bad], h);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/GPCI_bad\.csv line \d+/);
    expect(fs.existsSync(path.join(h, "reference/manifest.json"))).toBe(false);
  });
});

describe("full NCCI PTP import", () => {
  it("imports 2,546,017 rows and answers 2024 dates of service", async () => {
    const h = home();
    const file = path.join(sharedDataDir, "ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz");
    const run = await runCli(["data", "import", file, "--format", "json"], h);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).imported[0].rows).toBe(2_546_017);
    const ref = openReference({ home: h, includePack: false });
    const dos = "2024-08-15";
    expect(ref.ptp("97012", "97140", dos).value?.modifierIndicator).toBe("1");
    expect(ref.ptp("97012", "97140", dos).value?.deletion).toBeNull();
    expect(ref.ptp("97140", "97530", dos).value).toBeUndefined();
    expect(ref.ptpIndex(ref.ptp("97140", "97530", dos).edition!).rows("97140", "97530")[0]?.deletion).toBe(
      "2019-12-31",
    );
    expect(ref.ptp("98941", "98940", dos).value?.modifierIndicator).toBe("0");
    expect(ref.ptp("97110", "97140", dos).value).toBeUndefined();
  });
});
