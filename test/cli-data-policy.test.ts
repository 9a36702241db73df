import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";
import { runCli, tempHomes } from "./cli-harness.js";

// Policy figures as editions (docs/policy-figures.md): listed by `data status` with their
// sources, and imported with `data import` like the CMS files.

const home = tempHomes();

interface Figure {
  figure: string;
  value: string;
  effectiveFrom: string;
  effectiveThrough: string | null;
  source: string;
  verified: boolean;
  release: string;
}

const yaml = path.join(repoRoot, "examples/policy/policy-2026.yaml");

describe("cleanclaim data status: policy figures", () => {
  it("lists the bundled policy edition's figures with their dates and sources", async () => {
    const run = await runCli(["data", "status", "--format", "json", "--as-of", "2026-12-02"], home());
    expect(run.code).toBe(0);
    const { editions, policy } = JSON.parse(run.stdout) as {
      editions: Array<{ table: string; origin: string }>;
      policy: Figure[];
    };
    expect(editions.filter((e) => e.table === "policy").map((e) => e.origin)).toEqual(["pack"]);
    const kx2026 = policy.find(
      (f) => f.figure === "therapy KX threshold" && f.effectiveFrom === "2026-01-01",
    );
    expect(kx2026).toMatchObject({ value: "$2480.00", effectiveThrough: "2026-12-31", verified: false });
    expect(policy.find((f) => f.value === "33.5675 (qualifying apm)")).toMatchObject({
      figure: "MPFS conversion factor",
      source: "CY2026 MPFS final rule text (no CMS data file carries it)",
    });
    expect(policy.find((f) => f.figure === "therapy code list")?.value).toMatch(
      /^93 codes \(CMS therapy code list CY2025/,
    );
    expect(policy.every((f) => f.source.length > 0 && f.release.length > 0)).toBe(true);
  });

  it("shows them in text, marking the unverified ones", async () => {
    const run = await runCli(["data", "status", "--format", "text", "--as-of", "2026-12-02"], home());
    expect(run.stdout).toContain("policy figures (docs/policy-figures.md)");
    expect(run.stdout).toMatch(/therapy KX threshold +\$2410\.00 UNVERIFIED +2025-01-01 to 2025-12-31/);
    expect(run.stdout).not.toContain("policy data compiled into cleanclaim");
  });
});

describe("cleanclaim data status: policy figures that end", () => {
  it("warns in January 2027 that the bundled yearly figures end with 2026", async () => {
    const run = await runCli(["data", "status", "--format", "json", "--as-of", "2027-01-10"], home());
    expect(JSON.parse(run.stdout).warnings).toContain(
      'MPFS conversion factor: the loaded policy figures end 2026-12-31; import the figures in force after it ("cleanclaim data import policy-2027.json", docs/policy-figures.md)',
    );
  });
});

describe("cleanclaim data import: a policy figures file", () => {
  it("imports the YAML example as a policy edition, which status then lists", async () => {
    const h = home();
    const run = await runCli(["data", "import", yaml, "--format", "json"], h);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { imported } = JSON.parse(run.stdout);
    expect(imported).toMatchObject([
      {
        table: "policy",
        rows: 4,
        release: "CY2026 Medicare figures (example file, YAML)",
        effectiveFrom: "2026-01-01",
        effectiveThrough: "2026-12-31",
        origin: "import",
      },
    ]);
    const status = JSON.parse((await runCli(["data", "status", "--format", "json"], h)).stdout);
    const releases = new Set(status.policy.map((f: Figure) => f.release));
    expect(releases).toEqual(
      new Set([
        "CY2026 Medicare figures (example file, YAML)",
        "cleanclaim bundled policy figures (CY2024-CY2026)",
      ]),
    );
  });

  it("with --partial too, stores the figures as a full edition that lookups read (figures are chosen one by one)", async () => {
    const h = home();
    const run = await runCli(["data", "import", "--partial", yaml, "--format", "json"], h);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).imported[0].partial).toBeUndefined();
    const status = JSON.parse((await runCli(["data", "status", "--format", "json"], h)).stdout);
    expect(
      status.policy.some((f: Figure) => f.release === "CY2026 Medicare figures (example file, YAML)"),
    ).toBe(true);
  });

  it("refuses a file with a bad figure: exit 2, the JSON path, nothing imported", async () => {
    const h = home();
    const bad = path.join(h, "policy-2027.json");
    fs.writeFileSync(
      bad,
      JSON.stringify({
        kind: "cleanclaim policy figures",
        formatVersion: 1,
        release: "CY2027",
        figures: [
          {
            figure: "kx-threshold",
            amount: "2,550",
            effectiveFrom: "2027-01-01",
            effectiveThrough: "2027-12-31",
            source: "CY2027 final rule",
            verified: true,
          },
        ],
      }),
    );
    const run = await runCli(["data", "import", bad], h);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'policy-2027.json: not a valid policy figures file (docs/policy-figures.md): $.figures[0].amount: expected dollars as a decimal string such as "2480.00", got "2,550" (text)',
    );
    expect(fs.existsSync(path.join(h, "reference/manifest.json"))).toBe(false);
  });
});
