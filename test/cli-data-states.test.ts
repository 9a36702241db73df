import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";
import { runCli, tempHomes } from "./cli-harness.js";

// Issue 11, "Provenance": `data status` lists the state fee schedule profiles (the bundled
// ones in profiles/states and --payer-profile), each figure with its source and whether it
// was verified, and the figures that are missing (null), for which pricing refuses.

const home = tempHomes();

interface Figure {
  kind: string;
  figure: string;
  value: string | null;
  source: { citation: string; url?: string; retrieved?: string };
  verified: boolean;
  note?: string;
  missing: boolean;
}
interface Schedule {
  profileId: string;
  file: string;
  origin: string;
  state: string;
  method: string;
  figures: Figure[];
  missing: string[];
  verified: number;
  unverified: number;
}

const citation = { citation: "Test WC rule §1", url: "https://example.test/wc" };

/** A Colorado-shaped profile written by hand: one verified factor, one null, a null percent and a null cap. */
const given = {
  id: "test-state",
  name: "Test state workers' comp",
  type: "workers-comp",
  appliesTo: { payerIds: ["TESTWC"] },
  pricing: {
    basis: "state-schedule",
    coinsurancePercent: "0",
    deductible: false,
    stateSchedule: {
      program: "Test workers' compensation",
      state: "CO",
      authority: citation,
      method: "medicare-rvu",
      conversionFactors: [
        {
          section: "physical medicine",
          from: "2026-01-01",
          amount: "41.29",
          source: { ...citation, retrieved: "2026-12-01" },
          verified: true,
        },
        {
          section: "evaluation and management",
          from: "2026-01-01",
          amount: null,
          source: citation,
          verified: false,
          note: "enter the E/M factor from the rule",
        },
      ],
      sections: [
        { section: "physical medicine", codes: ["97010-97799"] },
        { section: "evaluation and management", codes: ["99202-99215"] },
      ],
      dailyCaps: [
        {
          id: "pt-daily",
          disciplines: ["PT"],
          amount: null,
          from: "2026-01-01",
          source: citation,
          verified: false,
        },
      ],
      visitLimits: [
        {
          id: "pt-visits",
          per: "injury",
          disciplines: ["PT"],
          visits: 24,
          action: "authorization",
          source: citation,
          verified: true,
        },
      ],
    },
  },
};

function writeGiven(dir: string, profile: unknown = given): string {
  const file = path.join(dir, "test-state.json");
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

describe("cleanclaim data status: state fee schedule figures and their provenance", () => {
  it("lists every bundled state profile, with TX's verified 2024 factor and its source", async () => {
    const run = await runCli(["data", "status", "--format", "json", "--as-of", "2026-12-02"], home());
    expect(run.code).toBe(0);
    const { stateSchedules } = JSON.parse(run.stdout) as { stateSchedules: Schedule[] };
    const bundledFiles = fs
      .readdirSync(path.join(repoRoot, "profiles/states"))
      .filter((n) => n.endsWith(".json"))
      .sort()
      .map((n) => `profiles/states/${n}`);
    expect(stateSchedules.map((s) => s.file)).toEqual(bundledFiles);
    expect(stateSchedules.every((s) => s.origin === "bundled")).toBe(true);
    const tx = stateSchedules.find((s) => s.profileId === "tx-dwc");
    // 28 TAC §134.203(c): $67.81 for CY2024, as TDI publishes it (the profile marks it verified).
    expect(tx?.figures.find((f) => f.figure.includes("2024-01-01 to 2024-12-31"))).toMatchObject({
      kind: "conversion-factor",
      value: "67.81",
      verified: true,
      missing: false,
      source: { citation: expect.stringContaining("28 TAC §134.203(c)") },
    });
    // Every figure names a source, and every null figure is listed as missing.
    for (const s of stateSchedules) {
      for (const f of s.figures) expect(f.source.citation.length).toBeGreaterThan(0);
      expect(s.missing).toEqual(s.figures.filter((f) => f.value === null).map((f) => f.figure));
    }
  });

  it("shows a --payer-profile's figures: values, verification, notes, and the missing ones", async () => {
    const h = home();
    const run = await runCli(
      ["data", "status", "--format", "json", "--as-of", "2026-12-02", "--payer-profile", writeGiven(h)],
      h,
    );
    expect(run.code).toBe(0);
    const { stateSchedules, warnings } = JSON.parse(run.stdout) as {
      stateSchedules: Schedule[];
      warnings: string[];
    };
    const mine = stateSchedules.find((s) => s.origin === "given");
    expect(mine).toMatchObject({ profileId: "test-state", state: "CO", method: "medicare-rvu", verified: 2 });
    expect(mine?.figures.map((f) => [f.kind, f.value, f.verified, f.missing])).toEqual([
      ["conversion-factor", "41.29", true, false],
      ["conversion-factor", null, false, true],
      ["daily-cap", null, false, true],
      ["visit-limit", "24 visits, then authorization", true, false],
    ]);
    expect(mine?.figures[1]?.note).toBe("enter the E/M factor from the rule");
    expect(mine?.missing).toEqual([
      "conversion factor, section evaluation and management, 2026-01-01 to open",
      "daily cap pt-daily (PT), 2026-01-01 to open",
    ]);
    expect(warnings).toContain(
      "test-state (CO): 2 figures missing, so pricing refuses what they cover until the user gives them: conversion factor, section evaluation and management, 2026-01-01 to open; daily cap pt-daily (PT), 2026-01-01 to open",
    );
  });

  it("text: each figure on its line, MISSING and NOT verified spelled out, with its source", async () => {
    const h = home();
    const run = await runCli(
      ["data", "status", "--format", "text", "--as-of", "2026-12-02", "--payer-profile", writeGiven(h)],
      h,
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const cf = lines.find((l) => l.includes("section physical medicine"));
    expect(cf).toMatch(/41\.29 +verified +Test WC rule §1, https:\/\/example\.test\/wc, read 2026-12-01$/);
    const em = lines.find((l) => l.includes("section evaluation and management"));
    expect(em).toMatch(/MISSING +NOT verified +Test WC rule §1, .*\(enter the E\/M factor from the rule\)$/);
    expect(run.stdout).toContain("4 figures: 2 verified, 2 not verified, 2 missing");
  });

  it("a --payer-profile that is not a state schedule is named in a warning", async () => {
    const run = await runCli(
      [
        "data",
        "status",
        "--format",
        "json",
        "--payer-profile",
        path.join(repoRoot, "profiles/commercial-example.json"),
      ],
      home(),
    );
    expect(run.code).toBe(0);
    const { warnings } = JSON.parse(run.stdout) as { warnings: string[] };
    expect(
      warnings.some((w) => w.includes('profile EXAMPLE-PPO prices on basis "percent-of-medicare"')),
    ).toBe(true);
  });

  it("an unusable --payer-profile exits 2 naming the file, with nothing on stdout", async () => {
    const h = home();
    const bad = structuredClone(given);
    (bad.pricing.stateSchedule.conversionFactors[0] as { amount: unknown }).amount = 41.29;
    const file = writeGiven(h, bad);
    const run = await runCli(["data", "status", "--format", "json", "--payer-profile", file], h);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain("conversionFactors[0].amount");
  });
});
