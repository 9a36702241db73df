import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Worklist } from "../src/remit/index.js";
import { x12Of } from "../src/remit/test-support/remit-835.js";
import { deniedClaim, paidClaim, spec, v1001, v1002 } from "../src/remit/test-support/scenario.js";
import { sharedDataDir } from "../src/test-support/reference.js";
import { parse837 } from "../src/x12/read837.js";
import { testEnvelope } from "../src/x12/test-support/therapy-claims.js";
import { runCli, tempHome } from "./cli-harness.js";

const home = tempHome();
const samples = path.join(sharedDataDir, "x12-samples/835");

function workDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-remit-"));
}

/** The scenario's files: the 835, the claims as sent and the envelope settings. */
function files(dir: string, remit = spec(deniedClaim(), paidClaim())) {
  const era = path.join(dir, "era.835");
  const claims = path.join(dir, "claims.json");
  const envelope = path.join(dir, "envelope.json");
  fs.writeFileSync(era, x12Of(remit));
  fs.writeFileSync(claims, JSON.stringify([v1001, v1002], null, 2));
  fs.writeFileSync(envelope, JSON.stringify(testEnvelope));
  return { era, claims, envelope };
}

const common = ["--as-of", "2026-03-25", "--format", "json"];

describe("cleanclaim remit", () => {
  it("writes the worklist and the corrected claims, and exits 1 when there are denials to work", async () => {
    const dir = workDir();
    const f = files(dir);
    const out = path.join(dir, "corrected");
    const run = await runCli(
      ["remit", f.era, "--claims", f.claims, "--envelope", f.envelope, "--corrected-dir", out, ...common],
      home,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const worklist = JSON.parse(run.stdout) as Worklist;
    expect(worklist.items.map((i) => [i.claimId, i.line, i.rule, i.action])).toEqual([
      ["V-1001", 1, "therapy-modifier", "correct"],
      ["V-1001", 2, "ncci-ptp", "correct"],
    ]);
    expect(worklist.underpayments.map((u) => [u.claimId, u.code, u.shortBy])).toEqual([
      ["V-1002", "97110", "2.35"],
    ]);
    expect(worklist.correctedClaims[0]!.files).toEqual({ json: "V-1001-7.json", x12: "V-1001-7.837" });
    expect(fs.readdirSync(out).sort()).toEqual(["V-1001-7.837", "V-1001-7.json"]);
    expect(fs.readdirSync(dir).filter((n) => n.includes("staging"))).toEqual([]);
    const reread = parse837(fs.readFileSync(path.join(out, "V-1001-7.837")));
    expect(reread.findings).toEqual([]);
    expect(reread.claims[0]!.claim).toMatchObject({
      frequency: "7",
      payerClaimControlNumber: "22026079123450",
    });
    expect(JSON.parse(fs.readFileSync(path.join(out, "V-1001-7.json"), "utf8"))).toMatchObject({
      id: "V-1001",
      frequency: "7",
      payerClaimControlNumber: "22026079123450",
    });
  });

  it("also takes the 837P that was sent as --claims, and renders text", async () => {
    const dir = workDir();
    const f = files(dir);
    const sent = path.join(dir, "sent.837");
    const { write837 } = await import("../src/x12/write837.js");
    fs.writeFileSync(sent, write837([v1001, v1002], testEnvelope));
    const run = await runCli(
      ["remit", f.era, "--claims", sent, "--as-of", "2026-03-25", "--format", "text"],
      home,
    );
    expect(run.code).toBe(1);
    // 97110 is the claim's second line (97012, 97110, 97140): a person sees "line 2" (issue 8).
    expect(run.stdout).toMatch(/V-1001 line 2 97110 \(2026-03-02\) {2}CO-4 120\.00 {2}correct/);
    expect(run.stdout).toMatch(/rule: ncci-ptp \(CARC 236; the scrubber reports ncci-ptp on this line\)/);
    expect(run.stdout).toMatch(/V-1002 line 2 97110.*short 2\.35/);
    // The fix is rendered from its patch (add-modifier, line 1), numbered as the person sees it.
    expect(run.stdout).toMatch(/line 2 97110 CO-4: add modifier GP to line 2 \(97110\)/);
    expect(run.stdout).toMatch(/837P: the 837P needs the submitter/);
  });

  it("exits 0 when every line was paid as expected", async () => {
    const dir = workDir();
    const f = files(dir, spec(paidClaim(0)));
    const run = await runCli(["remit", f.era, "--claims", f.claims, ...common], home);
    expect(run.code).toBe(0);
    const worklist = JSON.parse(run.stdout) as Worklist;
    expect(worklist.summary).toMatchObject({ items: 0, underpayments: 0, atStake: "0.00" });
    expect(worklist.unmatched).toEqual([]);
    expect(worklist.correctedClaims).toEqual([]);
  });

  it("exits 2 on unusable input and writes nothing", async () => {
    const dir = workDir();
    const f = files(dir);
    const out = path.join(dir, "corrected");
    const badClaims = path.join(dir, "bad.json");
    fs.writeFileSync(badClaims, JSON.stringify([{ ...v1001, lines: "none" }]));
    const cases: Array<{ args: string[]; stderr: RegExp }> = [
      { args: [path.join(dir, "missing.835")], stderr: /cannot read the 835 file/ },
      { args: [f.claims], stderr: /expected an 835 remittance .* with at least one transaction set/ },
      { args: [f.era, "--claims", badClaims], stderr: /bad\.json\[0\]: \$\.lines: expected array/ },
      {
        args: [f.era, "--claims", f.claims, "--envelope", f.claims],
        stderr: /\$: expected object, got an array/,
      },
    ];
    const sent837 = path.join(dir, "sent.837");
    const { write837 } = await import("../src/x12/write837.js");
    fs.writeFileSync(sent837, write837([v1001], testEnvelope));
    cases.push({
      args: [sent837],
      stderr: /expected an 835 remittance \(005010X221A1\); this file holds 837P claims/,
    });
    for (const c of cases) {
      const run = await runCli(["remit", ...c.args, "--corrected-dir", out, ...common], home);
      expect(run.code, c.args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(c.stderr);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it("writes the corrected claims all or nothing into an existing directory", async () => {
    const dir = workDir();
    const f = files(dir);
    const out = path.join(dir, "corrected");
    fs.mkdirSync(path.join(out, "V-1001-7.837"), { recursive: true });
    const args = [
      "remit",
      f.era,
      "--claims",
      f.claims,
      "--envelope",
      f.envelope,
      "--corrected-dir",
      out,
      ...common,
    ];
    const blocked = await runCli(args, home);
    expect(blocked.code).toBe(2);
    expect(blocked.stdout).toBe("");
    expect(blocked.stderr).toMatch(/V-1001-7\.837 is in the way \(not a file\); nothing was written/);
    expect(fs.readdirSync(out)).toEqual(["V-1001-7.837"]);
    fs.rmdirSync(path.join(out, "V-1001-7.837"));
    fs.writeFileSync(path.join(out, "V-1001-7.json"), "an older correction");
    const run = await runCli(args, home);
    expect(run.code).toBe(1);
    expect(fs.readdirSync(out).sort()).toEqual(["V-1001-7.837", "V-1001-7.json"]);
    expect(fs.readFileSync(path.join(out, "V-1001-7.json"), "utf8")).toMatch(/"frequency": "7"/);
  });
});

describe("cleanclaim remit on the shared 835 samples, without claims", () => {
  const sampleFiles = fs.existsSync(samples) ? fs.readdirSync(samples).sort() : [];
  it("finds the samples", () => {
    expect(sampleFiles.length).toBeGreaterThanOrEqual(4);
  });
  for (const name of sampleFiles) {
    it(`${name}: explains every CARC and remark code, or says honestly it cannot`, async () => {
      const file = path.join(samples, name);
      const run = await runCli(["remit", file, ...common], home);
      expect([0, 1]).toContain(run.code);
      const worklist = JSON.parse(run.stdout) as Worklist;
      // Every CAS reason code in the file (read with a regex, independently of the reader).
      const text = fs.readFileSync(file, "latin1");
      const carcs = new Set<string>();
      for (const m of text.matchAll(/(?:^|~)\s*CAS\*([^~]*)/g)) {
        const elements = m[1]!.split("*");
        for (let i = 1; i < elements.length; i += 3) if (elements[i]) carcs.add(elements[i]!);
      }
      const explained = new Map(worklist.codes.filter((c) => c.kind === "carc").map((c) => [c.code, c]));
      for (const carc of carcs) {
        const c = explained.get(carc);
        expect(c, `CARC ${carc} of ${name}`).toBeDefined();
        if (c!.known) expect(c!.forBiller).toBeDefined();
        else {
          expect(c!.meaning).toMatch(new RegExp(`^cleanclaim has no explanation of CARC ${carc}; `));
          expect(["active", "retired", "not-listed"]).toContain(c!.status);
        }
      }
      for (const c of worklist.codes) expect(c.meaning.length, `${c.kind} ${c.code}`).toBeGreaterThan(0);
      for (const item of worklist.items) {
        expect(item.fix).toBeNull();
        expect(["needs-claims", "no-rule"]).toContain(item.action);
      }
      expect(worklist.notes.join("\n")).toMatch(/run again with the submitted claims/);
    });
  }

  it("names the honest status of the retired and unexplained codes the samples use", async () => {
    const run = await runCli(["remit", path.join(samples, "pyx12_835_mult_loops.txt"), ...common], home);
    const worklist = JSON.parse(run.stdout) as Worklist;
    const byCode = new Map(worklist.codes.map((c) => [`${c.kind}:${c.code}`, c]));
    expect(byCode.get("carc:A7")).toMatchObject({ known: false, status: "retired" });
    expect(byCode.get("carc:16")).toMatchObject({ known: true, status: "active" });
    expect(byCode.get("rarc:N14")).toMatchObject({ known: false, status: "active" });
    expect(worklist.items[0]).toMatchObject({
      code: "T1005",
      rule: "claim-structure",
      action: "needs-claims",
    });
  });
});
