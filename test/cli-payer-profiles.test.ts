import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";
import { runCli, tempHome } from "./cli-harness.js";

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const seed = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
);
const commercialProfile = path.join(repoRoot, "profiles/commercial-example.json");
const profilesDir = path.join(repoRoot, "profiles");

function write(name: string, value: unknown): string {
  const file = path.join(home, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

/** The seed visit (contract §1) billed to another payer. */
const seedFor = (id: string, payer: { id: string; name: string; type: string }) => ({ ...seed, id, payer });
const expPpo = seedFor("V-PPO", { id: "EXPPO", name: "Example Health PPO", type: "commercial" });
const acme = seedFor("V-ACME", { id: "ACME-HEALTH", name: "Acme Health PPO", type: "commercial" });
// A workers' comp visit carries what those payers require (claim-structure): the injury, the claim number, the employer.
const stateWc = {
  ...seedFor("V-WC", { id: "TXWC1", name: "Texas workers' comp carrier", type: "workers-comp" }),
  accident: { causes: ["EM"], date: "2026-02-10" },
  propertyCasualtyClaimNumber: "WC2026-0044172",
  employer: { name: "Gulf Coast Roofing Inc" },
};

interface Out {
  claim: { id: string; lines: Array<{ code: string; units: number; modifiers: string[] }> };
  findings: Array<{ rule: string; message: string }>;
  estimate: { allowed: string; trace: string[] };
}

async function check(visits: unknown, ...flags: string[]) {
  const file = write(`visits-${Math.random().toString(36).slice(2)}.json`, visits);
  const run = await runCli(["check", file, "--format", "json", "--as-of", "2026-04-01", ...flags], home);
  return { ...run, out: run.stdout ? (JSON.parse(run.stdout) as Out[]) : [] };
}

const modifiers = (o: Out) => o.claim.lines.map((l) => `${l.code}x${l.units} ${l.modifiers.join(",")}`);

describe("payer profiles apply to the payers they name (issue 8 §3)", () => {
  it("--payer-profile with a commercial profile leaves a Medicare claim on Medicare's rules (87.11, CMS units, XS)", async () => {
    const { out, code, stderr } = await check([seed, expPpo], "--payer-profile", commercialProfile);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [medicare, ppo] = out as [Out, Out];
    // The 2026 Miami Medicare estimate of the seed visit (contract §4 note): not 110% of it.
    expect(medicare.estimate.allowed).toBe("87.11");
    expect(modifiers(medicare)).toEqual(["97012x1 GP", "97110x2 GP", "97140x1 GP,XS"]);
    expect(medicare.findings.filter((f) => f.rule === "payer-edits")).toEqual([]);
    // The payer the profile names (EXPPO, commercial) gets the profile: 59 for the attested
    // distinct service, its own rules, priced at 110% of Medicare.
    expect(modifiers(ppo)).toEqual(["97012x1 GP", "97110x2 GP", "97140x1 GP,59"]);
    expect(ppo.findings.some((f) => f.rule === "payer-edits" && /requires 97 on 97110/.test(f.message))).toBe(
      true,
    );
    expect(ppo.estimate.trace.join("\n")).toMatch(/at 110% of Medicare/);
  });

  it("a commercial payer the profile does not name keeps the built-in commercial defaults", async () => {
    const { out } = await check([acme], "--payer-profile", commercialProfile);
    const [other] = out as [Out];
    expect(modifiers(other)).toEqual(["97012x1 GP", "97110x2 GP", "97140x1 GP,XS"]);
    expect(other.estimate.trace.join("\n")).not.toMatch(/of Medicare:/);
    expect(other.findings.filter((f) => f.rule === "payer-edits")).toEqual([]);
  });

  it("--payer-profiles DIR: each claim takes its own profile; workers' comp is priced from its fee table", async () => {
    const { out, code, stderr } = await check([seed, expPpo, stateWc, acme], "--payer-profiles", profilesDir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [medicare, ppo, wc, other] = out as [Out, Out, Out, Out];
    expect(medicare.estimate.allowed).toBe("87.11");
    expect(modifiers(ppo)[2]).toBe("97140x1 GP,59");
    // profiles/workers-comp-example-fees.csv: 97012 28.00 + 97110 2 × 38.00 + 97140 36.00 = 140.00 (AMA units 1, 2, 1).
    expect(modifiers(wc)).toEqual(["97012x1 GP", "97110x2 GP", "97140x1 GP,XS"]);
    expect(wc.estimate.allowed).toBe("140.00");
    expect(modifiers(other)[2]).toBe("97140x1 GP,XS");
  });

  it("the most specific profile wins: a payer id over a payer type", async () => {
    const dir = path.join(home, "specific");
    write("specific/all-commercial.json", {
      id: "ALL-COMMERCIAL",
      name: "Any commercial plan",
      type: "commercial",
      appliesTo: { payerTypes: ["commercial"] },
      distinctModifier: "59",
    });
    write("specific/acme.json", {
      id: "ACME",
      name: "Acme Health PPO",
      type: "commercial",
      appliesTo: { payerIds: ["acme-health"] },
      distinctModifier: "X",
    });
    const { out } = await check([acme, expPpo], "--payer-profiles", dir);
    const [byId, byType] = out as [Out, Out];
    expect(modifiers(byId)[2]).toBe("97140x1 GP,XS");
    expect(modifiers(byType)[2]).toBe("97140x1 GP,59");
  });

  it("two profiles for the same payer id are refused (exit 2), naming both files", async () => {
    const dir = path.join(home, "clash");
    const a = write("clash/a.json", {
      id: "A",
      name: "A",
      type: "commercial",
      appliesTo: { payerIds: ["60054"] },
    });
    const b = write("clash/b.yaml", "id: B\nname: B\ntype: commercial\nappliesTo:\n  payerIds: ['60054']\n");
    const run = await check([seed], "--payer-profiles", dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${a} and ${b} both apply to payer id 60054`);
  });

  it("a profile without appliesTo applies to its own payer type only, and says so on stderr", async () => {
    const file = write("bare.json", {
      id: "BARE",
      name: "Bare PPO",
      type: "commercial",
      distinctModifier: "59",
    });
    const { out, code, stderr } = await check([seed, acme], "--payer-profile", file);
    expect(code).toBe(0);
    expect(stderr).toBe(
      `cleanclaim: warning: ${file}: no "appliesTo", so the profile applies to commercial payers only (its type); add "appliesTo": { "payerIds": [...] } to name the payers it is for\n`,
    );
    const [medicare, commercial] = out as [Out, Out];
    expect(medicare.estimate.allowed).toBe("87.11");
    expect(modifiers(medicare)[2]).toBe("97140x1 GP,XS");
    expect(modifiers(commercial)[2]).toBe("97140x1 GP,59");
  });
});
