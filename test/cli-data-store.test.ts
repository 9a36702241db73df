import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { updateStore } from "../src/reference/file-store.js";
import { parseReferenceFile } from "../src/reference/importers/index.js";
import { openReference } from "../src/reference/open.js";
import type { Edition } from "../src/reference/types.js";
import { repoRoot, sharedDataDir } from "../src/test-support/reference.js";
import { runCli, tempHomes } from "./cli-harness.js";

/**
 * Reference-data updates never lose or invent edits (issue 8 §1): PTP parts imported one
 * command at a time, files far smaller than the edition they follow, undo, and a store
 * held open while another import runs. Expectations come from the CMS files themselves
 * (row counts and rows read off the files, the data README), not from the code.
 */
const home = tempHomes();

const samples = path.join(sharedDataDir, "official-format-samples");
const manifestOf = (h: string) => fs.readFileSync(path.join(h, "reference/manifest.json"), "utf8");
const imported = (h: string) => openReference({ home: h, includePack: false }).editions();

/**
 * The official 2026Q3 part-1 excerpt cut into three parts: its 6 header lines, then data
 * rows 1-60 (f1), 61-110 (f2) and 111-154 (f3). Row 155 is cut off in the excerpt.
 */
function ptpParts(dir: string, version = "v322r0"): { f1: string; f2: string; f3: string } {
  const lines = fs
    .readFileSync(path.join(samples, "ptp_practitioner_2026q3_ccipra-v322r0-f1.excerpt.txt"), "utf8")
    .split("\r\n");
  const header = lines.slice(0, 6);
  const data = lines.slice(6, 6 + 154);
  const write = (part: number, rows: string[]) => {
    const file = path.join(dir, `ptp_practitioner_2026q3_ccipra-${version}-f${part}.txt`);
    fs.writeFileSync(file, `${[...header, ...rows].join("\r\n")}\r\n`);
    return file;
  };
  return {
    f1: write(1, data.slice(0, 60)),
    f2: write(2, data.slice(60, 110)),
    f3: write(3, data.slice(110)),
  };
}

function ptpBinDigest(h: string, e: Edition): string {
  const bin = fs.readFileSync(path.join(h, "reference/editions", e.id, "ptp.bin"));
  return createHash("sha256").update(bin).digest("hex");
}

describe("NCCI PTP parts imported one command at a time", () => {
  it("f1 then f2 give the same edition as f1 and f2 together; f1 again changes nothing", async () => {
    const apart = home();
    const { f1, f2 } = ptpParts(apart);
    expect((await runCli(["data", "import", f1, "--format", "text"], apart)).code).toBe(0);
    const second = await runCli(["data", "import", f2, "--format", "text"], apart);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^imported ptp NCCI PTP practitioner 2026Q3 \(110 rows, parts f1, f2,/);

    const [edition, ...others] = imported(apart);
    expect(others).toEqual([]);
    expect(edition?.rows).toBe(110);
    expect(edition?.parts?.map((p) => [p.part, p.version, p.rows])).toEqual([
      [1, "v322r0", 60],
      [2, "v322r0", 50],
    ]);
    const ref = openReference({ home: apart, includePack: false });
    // Data row 1 of the file (in f1): 0001A/0591T, 20220101 to 20231231, indicator 1.
    expect(ref.ptpIndex(edition!).rows("0001A", "0591T")).toEqual([
      {
        column1: "0001A",
        column2: "0591T",
        effective: "2022-01-01",
        deletion: "2023-12-31",
        modifierIndicator: "1",
        rationale: "CPT Manual or CMS manual coding instruction",
      },
    ]);
    // Data row 110 (in f2): 0001U/0213U from 20210101, not deleted, indicator 1.
    expect(ref.ptp("0001U", "0213U", "2026-08-03").value?.modifierIndicator).toBe("1");

    const together = home();
    const both = ptpParts(together);
    expect((await runCli(["data", "import", both.f2, both.f1], together)).code).toBe(0);
    const [joined] = imported(together);
    expect(joined?.rows).toBe(110);
    expect(joined?.parts?.map((p) => ({ ...p, source: path.basename(p.source) }))).toEqual(
      edition?.parts?.map((p) => ({ ...p, source: path.basename(p.source) })),
    );
    expect(ptpBinDigest(together, joined!)).toBe(ptpBinDigest(apart, edition!));

    const before = manifestOf(apart);
    const again = await runCli(["data", "import", f1, "--format", "text"], apart);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^unchanged ptp NCCI PTP practitioner 2026Q3: the same rows are already loaded/,
    );
    expect(manifestOf(apart)).toBe(before);
  });

  it("refuses a loaded part with other rows, a part of another version, and a part over a whole quarter", async () => {
    const h = home();
    const { f1, f2 } = ptpParts(h);
    expect((await runCli(["data", "import", f1, f2], h)).code).toBe(0);
    const before = manifestOf(h);
    const changed = path.join(h, "changed", path.basename(f2));
    fs.mkdirSync(path.dirname(changed));
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(f2, "utf8")
        .replace("0001A\tG0445\t\t20220101\t20231231\t1", "0001A\tG0445\t\t20220101\t20231231\t0"),
    );
    const other = await runCli(["data", "import", changed], h);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /part 2 of NCCI PTP practitioner 2026Q3 is already loaded from .* with other rows \(50 there, 50 here\)/,
    );
    const revision = ptpParts(fs.mkdtempSync(path.join(h, "r1-")), "v322r1");
    const r1 = await runCli(["data", "import", revision.f3], h);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/already loaded are NCCI version v322r0; this file is v322r1/);
    expect(manifestOf(h)).toBe(before);

    const status = JSON.parse((await runCli(["data", "status", "--format", "json"], h)).stdout);
    expect(status.warnings).toContain(
      "NCCI PTP practitioner 2026Q3 holds parts f1, f2 only; import f3, f4 (one command at a time is fine): edits in the missing parts are not checked",
    );

    // A whole-quarter edition in the store (written directly: 60 rows is too few to pass
    // the CLI's plausibility check against the pack's 114,898).
    const whole = home();
    const wholeFile = path.join(whole, "ptp_practitioner_2026q3_all.txt");
    fs.copyFileSync(f1, wholeFile);
    updateStore(path.join(whole, "reference"), [parseReferenceFile(fs.readFileSync(wholeFile), wholeFile)]);
    const part = await runCli(["data", "import", f2], whole);
    expect(part.code).toBe(2);
    expect(part.stderr).toMatch(
      /is loaded as a whole quarter .*import the whole-quarter file or the parts, not both/,
    );
  });
});

const mue2024 = path.join(sharedDataDir, "ncci-2024q3/mue_practitioner_2024q3.csv");
const hcpcs2025 = path.join(sharedDataDir, "hcpcs-2025/HCPC2025_OCT_ANWEB.csv");
const icd2024 = path.join(sharedDataDir, "icd10cm-fy2024/icd10cm_fy2024.csv.gz");
const mueExcerpt = path.join(samples, "mue_practitioner_2026-07-01.excerpt.csv");
const hcpcsExcerpt = path.join(samples, "HCPC2026_OCT_ANWEB.excerpt.csv");
const icdExcerpt = path.join(samples, "icd10cm_order_2026.excerpt.txt");

describe("a file far smaller than the edition it follows", () => {
  const h = home();

  it.each([
    // Rows: the data README (14,677 / 8,846 / 97,296) and the samples README (44 / 35 / 100).
    [mueExcerpt, /it has 44 rows, fewer than half the 14,677 of NCCI MUE practitioner 2024Q3/],
    [hcpcsExcerpt, /it has 35 rows, fewer than half the 8,846 of HCPCS Level II October 2025/],
    [icdExcerpt, /it has 100 rows, fewer than half the 97,296 of ICD-10-CM FY2024/],
  ])("refuses %s with exit 2, row counts and codes lost", async (excerpt, rows) => {
    if (!fs.existsSync(path.join(h, "reference/manifest.json"))) {
      expect((await runCli(["data", "import", mue2024, hcpcs2025, icd2024], h)).code).toBe(0);
    }
    const before = manifestOf(h);
    const run = await runCli(["data", "import", excerpt, "--format", "text"], h);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(rows);
    expect(run.stderr).toMatch(/\d[\d,]* of the [\d,]+ codes of that edition are not in it \(.+, \.\.\.\)/);
    expect(run.stderr).toContain("--partial");
    expect(manifestOf(h)).toBe(before);
  });

  it("--partial makes them overlays: their codes use them, every other code keeps the full edition, with a warning", async () => {
    const run = await runCli(
      ["data", "import", "--partial", mueExcerpt, hcpcsExcerpt, icdExcerpt, "--format", "json"],
      h,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).imported.map((e: Edition) => [e.table, e.rows, e.partial])).toEqual([
      ["mue", 44, true],
      ["hcpcs", 35, true],
      ["icd10cm", 100, true],
    ]);
    const ref = openReference({ home: h });
    // 97110: 6 units, MAI 3 in the 2024Q3 file; not in the 2026-07-01 excerpt.
    const mue = ref.mue("97110", "2026-08-03");
    expect([mue.value?.units, mue.edition?.release, mue.overlays?.map((o) => o.release)]).toEqual([
      6,
      "NCCI MUE practitioner 2024Q3",
      ["NCCI MUE practitioner 2026Q3"],
    ]);
    // 0001U is the excerpt's first row: 1 unit, "2 Date of Service Edit: Policy".
    expect([
      ref.mue("0001U", "2026-08-03").value?.mai,
      ref.mue("0001U", "2026-08-03").edition?.partial,
    ]).toEqual([2, true]);
    // GP (row 120 of the 2025 file) is not in the 2026 excerpt; A1 is its first row.
    expect(ref.modifier("GP", "2026-10-05").edition?.release).toBe("HCPCS Level II October 2025");
    expect(ref.modifier("A1", "2026-10-05").value?.description).toBe("Dressing for one wound");
    // M17.11 is billable in FY2024 (order 17772) and not in the 2026 excerpt; M54.50 is.
    expect(ref.icd10("M17.11", "2026-05-01").value?.billable).toBe(true);
    expect(ref.icd10("M54.50", "2026-05-01").value?.title).toBe("Low back pain, unspecified");

    // Scrubbed: 97110 x10 breaks the MUE of 6, GP is a modifier, M17.11 is valid.
    const seed = JSON.parse(
      fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
    );
    seed.dateOfService = "2026-08-03";
    seed.planOfCare = { ...seed.planOfCare, certifiedFrom: "2026-07-01", certifiedThrough: "2026-09-30" };
    const visitFile = path.join(h, "visit.json");
    fs.writeFileSync(visitFile, JSON.stringify(seed));
    const coded = JSON.parse((await runCli(["code", visitFile, "--format", "json"], h)).stdout);
    const claim = coded.claim;
    claim.diagnoses = ["M17.11"];
    claim.lines = [
      {
        ...claim.lines[0],
        code: "97110",
        units: 10,
        minutes: 150,
        modifiers: ["GP"],
        diagnosisPointers: [1],
      },
    ];
    const claimFile = path.join(h, "claim.json");
    fs.writeFileSync(claimFile, JSON.stringify(claim));
    const scrub = await runCli(["scrub", claimFile, "--format", "json", "--as-of", "2026-11-26"], h);
    const findings = JSON.parse(scrub.stdout).findings as Finding[];
    expect(findings.filter((f) => f.rule === "mue").map((f) => f.severity)).toEqual(["error"]);
    expect(findings.filter((f) => f.rule === "modifier" && /GP/.test(f.message))).toEqual([]);
    expect(findings.filter((f) => f.rule === "diagnosis" && /M17\.?11/.test(f.message))).toEqual([]);
    const warning = findings.find((f) => f.rule === "reference-data");
    expect(warning?.message).toMatch(
      /NCCI MUE: partial edition NCCI MUE practitioner 2026Q3 over NCCI MUE practitioner 2024Q3/,
    );
    expect(warning?.message).toMatch(/ICD-10-CM: partial edition ICD-10-CM FY2026 over ICD-10-CM FY2024/);
  });

  it("data editions lists every edition; data remove takes an overlay out and the full edition returns", async () => {
    const listing = JSON.parse((await runCli(["data", "editions", "--format", "json"], h)).stdout);
    const mueOverlay = listing.editions.find(
      (e: Edition & { inForce: boolean }) => e.table === "mue" && e.partial,
    );
    expect(mueOverlay.inForce).toBe(true);
    const pack = listing.editions.find((e: Edition) => e.table === "mue" && e.origin === "pack");
    // The full 2024Q3 import shadows the pack's 2024Q3 subset for the same dates.
    expect(pack.inForce).toBe(false);
    const text = await runCli(["data", "editions", "--format", "text"], h);
    expect(text.stdout).toContain(
      `in force  ${mueOverlay.id}\n    mue NCCI MUE practitioner 2026Q3, 2026-07-01 to 2026-09-30, 44 rows, imported`,
    );

    const removed = await runCli(["data", "remove", mueOverlay.id, "--format", "text"], h);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain("removed mue NCCI MUE practitioner 2026Q3 (44 rows");
    expect(removed.stdout).toContain("mue on 2026-07-01 now uses NCCI MUE practitioner 2024Q3");
    const ref = openReference({ home: h });
    expect(ref.mue("0001U", "2026-08-03").edition?.release).toBe("NCCI MUE practitioner 2024Q3");
    expect(ref.mue("97110", "2026-08-03").overlays).toBeUndefined();

    const unknown = await runCli(["data", "remove", "mue--no-such-edition"], h);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'cleanclaim: no imported edition has the id "mue--no-such-edition": "cleanclaim data editions" lists them\n',
    );
    const packRemoval = await runCli(["data", "remove", pack.id], h);
    expect(packRemoval.code).toBe(2);
    expect(packRemoval.stderr).toMatch(
      /is an edition of the bundled pack \(mue NCCI MUE practitioner 2024Q3\): pack editions cannot be removed/,
    );

    const gc = await runCli(["data", "gc", "--format", "json"], h);
    expect(JSON.parse(gc.stdout).removed.map((r: { name: string }) => r.name)).toEqual([
      `editions/${mueOverlay.id}`,
    ]);
  });
});

describe("a store held open by a running process", () => {
  it("keeps answering from its snapshot after another import, and moves on reload()", async () => {
    const h = home();
    expect((await runCli(["data", "import", mue2024], h)).code).toBe(0);
    // Opened, nothing loaded yet.
    const open = openReference({ home: h });
    const firstId = open.editions().find((e) => e.origin === "import")!.id;

    // The same quarter again with 97110 at 4 units: it replaces the first import.
    const revised = path.join(h, "mue_practitioner_2024q3.csv");
    fs.writeFileSync(revised, fs.readFileSync(mue2024, "utf8").replace("97110,6,3,", "97110,4,3,"));
    const run = await runCli(["data", "import", revised, "--format", "text"], h);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `replaced mue NCCI MUE practitioner 2024Q3 (14,677 rows, edition ${firstId})`,
    );

    expect(open.mue("97110", "2024-08-01").value?.units).toBe(6);
    const generation = open.generation;
    expect(open.reload()).toBe(true);
    expect(open.generation).toBe(generation + 1);
    expect(open.mue("97110", "2024-08-01").value?.units).toBe(4);
    expect(open.reload()).toBe(false);

    // The first import's folder goes only on gc, which reports it and its size.
    const secondId = open.editions().find((e) => e.origin === "import")!.id;
    expect(fs.existsSync(path.join(h, "reference/editions", firstId))).toBe(true);
    const gc = await runCli(["data", "gc", "--format", "text"], h);
    expect(gc.stdout).toMatch(
      new RegExp(`^removed editions/${firstId} \\(\\d+\\.\\d KiB\\)\\nfreed \\d+\\.\\d KiB in 1 folder\\n$`),
    );
    expect(fs.existsSync(path.join(h, "reference/editions", firstId))).toBe(false);
    // With the first import collected, removing the second brings back the pack's 2024Q3.
    const removed = await runCli(["data", "remove", secondId, "--format", "json"], h);
    expect(JSON.parse(removed.stdout).restored).toEqual([]);
    expect(openReference({ home: h }).mue("97110", "2024-08-01").edition?.origin).toBe("pack");
  });

  it("survives an import by another process", () => {
    const h = home();
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "src/cli/bin.ts"), ...args], {
        env: { ...process.env, CLEANCLAIM_HOME: h },
        encoding: "utf8",
      });
    expect(cli(["data", "import", mue2024]).status).toBe(0);
    const open = openReference({ home: h });
    const revised = path.join(h, "mue_practitioner_2024q3.csv");
    fs.writeFileSync(revised, fs.readFileSync(mue2024, "utf8").replace("97110,6,3,", "97110,4,3,"));
    const child = cli(["data", "import", revised]);
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(open.mue("97110", "2024-08-01").value?.units).toBe(6);
    open.reload();
    expect(open.mue("97110", "2024-08-01").value?.units).toBe(4);
  });

  it("removing an import that replaced an edition of the same release brings that edition back", async () => {
    const h = home();
    expect((await runCli(["data", "import", mue2024], h)).code).toBe(0);
    const [first] = imported(h);
    const revised = path.join(h, "mue_practitioner_2024q3.csv");
    fs.writeFileSync(revised, fs.readFileSync(mue2024, "utf8").replace("97110,6,3,", "97110,4,3,"));
    expect((await runCli(["data", "import", revised], h)).code).toBe(0);
    const [second] = imported(h);
    expect(second?.replaces?.map((e) => e.id)).toEqual([first!.id]);
    const run = await runCli(["data", "remove", second!.id, "--format", "text"], h);
    expect(run.stdout).toContain(
      `restored mue NCCI MUE practitioner 2024Q3 (14,677 rows, edition ${first!.id}), which it had replaced`,
    );
    expect(imported(h).map((e) => e.id)).toEqual([first!.id]);
    expect(openReference({ home: h }).mue("97110", "2024-08-01").value?.units).toBe(6);
  });
});
