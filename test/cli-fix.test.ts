import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimOf } from "../src/rules/test-support/claims.js";
import { runCli, tempHome } from "./cli-harness.js";

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

interface Finding {
  rule: string;
  fix?: unknown;
}

describe("scrub --fix converges (issue 8 §3)", () => {
  it("97140 without GP next to 97140 GP ×2: the written claim is one 97140 GP ×3 line (38 minutes) and scrubs with no fix", async () => {
    const claim = claimOf({
      lines: [
        { code: "97140", minutes: 8 },
        { code: "97140", modifiers: ["GP"], units: 2, minutes: 30 },
      ],
    });
    const claimFile = path.join(home, "two-97140.json");
    fs.writeFileSync(claimFile, JSON.stringify(claim));
    const fixedFile = path.join(home, "two-97140-fixed.json");
    const first = await runCli(
      ["scrub", claimFile, "--format", "json", "--as-of", "2026-04-01", "--fix", fixedFile],
      home,
    );
    // The first scrub offers only GP; combining the lines is the next round's fix.
    const offered = (JSON.parse(first.stdout).findings as Finding[]).filter((f) => f.fix);
    expect(offered.map((f) => f.rule)).toEqual(["therapy-modifier"]);
    const fixed = JSON.parse(fs.readFileSync(fixedFile, "utf8"));
    expect(
      fixed.lines.map((l: { code: string; modifiers: string[]; units: number; charge: string }) => [
        l.code,
        l.modifiers,
        l.units,
        l.charge,
      ]),
    ).toEqual([["97140", ["GP"], 3, "135.00"]]);
    const second = await runCli(["scrub", fixedFile, "--format", "json", "--as-of", "2026-04-01"], home);
    expect((JSON.parse(second.stdout).findings as Finding[]).filter((f) => f.fix)).toEqual([]);
  });
});
