import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { optionFlags, problemHints } from "../src/cli/problems.js";
import { problemKinds } from "../src/model/problem.js";
import { repoRoot } from "../src/test-support/reference.js";
import { runCli, tempHome } from "./cli-harness.js";

/**
 * Issue 8: the CLI's side of the core's problems and estimate gaps. The core names
 * options by domain path (pricing.locality); the CLI shows the flag and its hint, and
 * gives the exit status of the problem code (contract §5). The bundled pack holds RVUs
 * and GPCIs of 2025 and 2026 only (pack/manifest.json).
 */
const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const seedPath = path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json");
const seed = JSON.parse(fs.readFileSync(seedPath, "utf8"));

function write(name: string, value: unknown): string {
  const file = path.join(home, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

interface Finding {
  rule: string;
  severity: string;
  message: string;
}

/** The seed visit moved to another date of service (plan of care moved with it). */
function visitOn(date: string, services?: unknown[]): unknown {
  const visit = structuredClone(seed);
  visit.dateOfService = date;
  const year = date.slice(0, 4);
  visit.planOfCare = {
    ...visit.planOfCare,
    certifiedFrom: `${year}-02-01`,
    certifiedThrough: `${year}-04-30`,
  };
  if (services) {
    visit.services = services;
    visit.charges = Object.fromEntries(services.map((s) => [(s as { code: string }).code, "60.00"]));
  }
  return visit;
}

describe("problems on the command line", () => {
  it("maps every run option the core names to a flag, and every hint to a known code", () => {
    expect(optionFlags).toEqual({
      "pricing.year": "--year",
      "pricing.locality": "--locality",
      "pricing.zip": "--zip",
      "pricing.deductibleRemaining": "--deductible-remaining",
      asOf: "--as-of",
    });
    for (const code of Object.keys(problemHints)) expect(Object.keys(problemKinds)).toContain(code);
  });

  it("an unknown locality (locality-unknown): exit 2, the flag named, and the hint", async () => {
    const claim = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout).claim;
    const run = await runCli(["price", write("claim.json", claim), "--locality", "99999-99"], home);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "cleanclaim: --locality: locality 99999-99 is not in CY2026 GPCIs (Addendum E) (GPCI2026.csv); expected a MAC-locality from that table, such as 09102-04 for Miami; give --locality MAC-LL with a locality of that table, or --locality national\n",
    );
  });

  it("a malformed ZIP (invalid-option): exit 2 naming --zip", async () => {
    const claim = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout).claim;
    const run = await runCli(["price", write("claim-zip.json", claim), "--zip", "3310"], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cleanclaim: --zip: expected a 5-digit ZIP code such as 33101, got "3310"\n');
  });
});

describe("dates with no fee schedule (issue 8 §1)", () => {
  it("check of a 2027 visit: no amounts, a reference-data error naming PPRRVU2027 and GPCI2027, exit 1", async () => {
    const run = await runCli(
      ["check", write("v2027.json", visitOn("2027-03-02")), "--format", "json", "--as-of", "2027-03-10"],
      home,
    );
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.estimate.allowed).toBeNull();
    expect(out.estimate.payerPaid).toBeNull();
    const errors = out.findings.filter((f: Finding) => f.severity === "error");
    expect(errors.map((f: Finding) => f.rule)).toEqual(["reference-data"]);
    expect(errors[0].message).toMatch(/import PPRRVU2027 and GPCI2027 with `cleanclaim data import`$/);
  });

  it("price --year 2030: no amounts and exit 1", async () => {
    const claim = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout).claim;
    const run = await runCli(
      ["price", write("c2030.json", claim), "--year", "2030", "--format", "json"],
      home,
    );
    expect(run.code).toBe(1);
    const estimate = JSON.parse(run.stdout);
    expect(estimate.allowed).toBeNull();
    expect(estimate.findings[0].message).toMatch(/import PPRRVU2030 and GPCI2030/);
  });
});

describe("unknown codes with the bundled pack (issue 8 §1)", () => {
  const cases: Array<[string, number, string | undefined]> = [
    ["97111", 1, "error"],
    ["ABCDE", 1, "error"],
    ["90834", 0, "warning"],
    ["97110", 0, undefined],
  ];
  it.each(cases)("check of a visit billing %s: exit %i, code-status %s", async (code, exit, severity) => {
    const visit = visitOn("2026-03-02", [{ code, minutes: 30 }]);
    const run = await runCli(
      ["check", write(`v-${code}.json`, visit), "--format", "json", "--as-of", "2026-03-10"],
      home,
    );
    expect(run.code).toBe(exit);
    const status = JSON.parse(run.stdout).findings.filter((f: Finding) => f.rule === "code-status");
    expect(status.map((f: Finding) => f.severity)).toEqual(severity ? [severity] : []);
  });
});
