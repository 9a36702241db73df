import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contractRuleIds } from "../src/rules/test-support/contract-rules.js";
import { repoRoot } from "../src/test-support/reference.js";
import { runCli, tempHome } from "./cli-harness.js";

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const seedPath = path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json");
const seed = JSON.parse(fs.readFileSync(seedPath, "utf8"));

function write(name: string, value: unknown): string {
  const file = path.join(home, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

interface Line {
  code: string;
  units: number;
  modifiers: string[];
}
interface Finding {
  rule: string;
  severity: string;
  lines: number[];
  reference: string;
  fix?: unknown;
  message: string;
}

describe("cleanclaim check (issue 3 acceptance)", () => {
  it("codes the seed visit with XS attested: 97012 x1 GP, 97110 x2 GP, 97140 x1 GP XS, no error", async () => {
    const run = await runCli(["check", seedPath, "--format", "json", "--as-of", "2026-04-01"], home);
    const out = JSON.parse(run.stdout);
    expect(out.claim.lines.map((l: Line) => [l.code, l.units, l.modifiers])).toEqual([
      ["97012", 1, ["GP"]],
      ["97110", 2, ["GP"]],
      ["97140", 1, ["GP", "XS"]],
    ]);
    expect(out.findings.filter((f: Finding) => f.severity === "error")).toEqual([]);
    expect(run.code).toBe(0);
    // The 2026 Miami estimate of the seed visit (contract §4).
    expect(out.estimate.allowed).toBe("87.11");
    expect(out.estimate.locality).toEqual({ mac: "09102", locality: "04", name: "MIAMI" });
  });

  it("without the attestation reports an ncci-ptp error on the 97140 line citing the edition, with no fix", async () => {
    const visit = structuredClone(seed);
    delete visit.services[2].distinct;
    const run = await runCli(
      ["check", write("no-xs.json", visit), "--format", "json", "--as-of", "2026-04-01"],
      home,
    );
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.claim.lines[2].modifiers).toEqual(["GP"]);
    const ptp = out.findings.filter((f: Finding) => f.rule === "ncci-ptp");
    expect(ptp).toHaveLength(1);
    expect(ptp[0].severity).toBe("error");
    expect(ptp[0].lines).toContain(2);
    expect(ptp[0].reference).toMatch(/NCCI PTP practitioner 2024Q3/);
    expect(ptp[0].fix).toBeUndefined();
  });

  it.each([
    [["services", 1, "minutes"], "thirty", /\$\.services\[1\]\.minutes: expected number/],
    [["renderingProvider", "credential"], "PTX", /\$\.renderingProvider\.credential: expected one of/],
    [["dateOfService"], undefined, /\$\.dateOfService: required field is missing/],
  ])("rejects a malformed visit (%j = %j) with exit 2 naming the JSON path", async (at, value, message) => {
    const visit = structuredClone(seed);
    let target = visit;
    for (const key of at.slice(0, -1)) target = target[key as never];
    if (value === undefined) delete target[at.at(-1) as never];
    else target[at.at(-1) as never] = value as never;
    const run = await runCli(["check", write("bad.json", visit), "--format", "json"], home);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("bad.json");
  });

  it("reports an unknown field as a warning naming its path, and keeps it out of the result", async () => {
    const visit = structuredClone(seed);
    visit.services[0].minuts = 15;
    const run = await runCli(
      ["check", write("typo.json", visit), "--format", "json", "--as-of", "2026-04-01"],
      home,
    );
    const out = JSON.parse(run.stdout);
    const warning = out.findings.find((f: Finding) => f.rule === "unknown-field");
    expect(warning.severity).toBe("warning");
    expect(warning.message).toContain("$.services[0].minuts");
  });

  it("processes a batch per visit and never stops at the first bad one", async () => {
    const bad = structuredClone(seed);
    bad.services[0].minutes = "fifteen";
    const run = await runCli(
      ["check", write("batch.json", [seed, bad, seed]), "--format", "json", "--as-of", "2026-04-01"],
      home,
    );
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toHaveLength(3);
    expect(out[0].claim.id).toBe("V-1001");
    expect(out[1].error).toMatch(/batch\.json\[1\]: \$\.services\[0\]\.minutes/);
    expect(out[2].estimate.allowed).toBe("87.11");
  });

  it("checks the bundled example directory (npm start) and prints a text report", async () => {
    const run = await runCli(
      ["check", path.join(repoRoot, "examples/visits"), "--format", "text", "--as-of", "2026-11-26"],
      home,
    );
    expect(run.stdout).toContain("V-1001");
    expect(run.stdout).toContain("ncci-ptp");
    expect(run.stdout).toContain("allowed 87.11");
    expect(run.code).toBe(1);
  });

  it("--fix writes the claim with every safe fix, and that claim scrubs clean of the fixed findings", async () => {
    const visit = structuredClone(seed);
    visit.payer = { id: "MEDICARE-FL", name: "Medicare Part B", type: "medicare" };
    visit.services = [{ code: "97014", minutes: 10 }, ...visit.services];
    const coded = JSON.parse(
      (await runCli(["code", write("v.json", visit), "--format", "json"], home)).stdout,
    );
    // Bill 97014 to Medicare by hand: scrubbing must fix it to G0283.
    coded.claim.lines[0].code = "97014";
    const claimFile = write("claim.json", coded.claim);
    const fixedFile = path.join(home, "fixed.json");
    const first = await runCli(
      ["scrub", claimFile, "--format", "json", "--as-of", "2026-04-01", "--fix", fixedFile],
      home,
    );
    const before = JSON.parse(first.stdout).findings as Finding[];
    expect(before.some((f) => f.rule === "code-status" && f.fix)).toBe(true);
    const fixed = JSON.parse(fs.readFileSync(fixedFile, "utf8"));
    expect(fixed.lines[0].code).toBe("G0283");
    const second = await runCli(["scrub", fixedFile, "--format", "json", "--as-of", "2026-04-01"], home);
    const after = JSON.parse(second.stdout).findings as Finding[];
    expect(after.filter((f) => f.fix)).toEqual([]);
  });
});

describe("cleanclaim price and rules", () => {
  it("prices a claim and shows a trace", async () => {
    const coded = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout);
    const run = await runCli(["price", write("c.json", coded.claim), "--format", "json"], home);
    expect(run.code).toBe(0);
    const estimate = JSON.parse(run.stdout);
    expect(estimate.allowed).toBe("87.11");
    expect(estimate.trace.length).toBeGreaterThan(3);
  });

  it("an unknown explicit locality is unusable input", async () => {
    const coded = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout);
    const run = await runCli(["price", write("c2.json", coded.claim), "--locality", "99999-99"], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/99999-99/);
  });

  it("lists every contract rule", async () => {
    const run = await runCli(["rules", "--format", "json"], home);
    const ids = JSON.parse(run.stdout).map((m: { id: string }) => m.id);
    for (const id of contractRuleIds) {
      expect(ids).toContain(id);
    }
  });
});
