import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";
import { runCli, envelopeFlags as sharedEnvelopeFlags, tempHome } from "./cli-harness.js";

/**
 * Issue 8 §3, "the first hour of a new user": what a new user runs into, each from a real
 * case. Expected values come from the contract, CMS Pub. 100-04 ch. 5 §20.2 and the
 * bundled examples, never from the code under test.
 */

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const seedPath = path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json");
const seedText = fs.readFileSync(seedPath, "utf8");
const seed = JSON.parse(seedText);
const BOM = "\uFEFF";
const asOf = ["--as-of", "2026-04-01"];

function write(name: string, value: unknown): string {
  const file = path.join(home, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

interface Finding {
  rule: string;
  severity: string;
  lines: number[];
  message: string;
  fix?: { description: string; patch: Array<{ op: string; line: number }> };
}

/**
 * The seed visit with only 97110 for 7 minutes: under the CMS total-time method a unit
 * needs at least 8 minutes (Pub. 100-04 ch. 5 §20.2), so no service earns a unit.
 */
const sevenMinutes = { ...structuredClone(seed), id: "V-7MIN", services: [{ code: "97110", minutes: 7 }] };

const envelopeFlags = [...sharedEnvelopeFlags, "--control-number", "17"];

describe("no billable unit is a result, not unusable input", () => {
  it("97110 for 7 minutes: a nothing-to-bill error, a claim with no lines, no estimate, exit 1", async () => {
    const run = await runCli(["check", write("seven.json", sevenMinutes), "--format", "json", ...asOf], home);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.claim.lines).toEqual([]);
    expect(out.estimate).toBeNull();
    const nothing = out.findings.filter((f: Finding) => /nothing to bill/.test(f.message));
    expect(nothing).toHaveLength(1);
    expect(nothing[0]).toMatchObject({ rule: "claim-structure", severity: "error", lines: [] });
    // The 7 minutes are still recorded: they count toward the day's total (§20.2).
    expect(out.claim.unbilledTimedMinutes).toEqual([
      { code: "97110", minutes: 7, dateOfService: "2026-03-02" },
    ]);
  });

  it("is reported in place inside a batch; the other visits are coded and priced (exit 1, not 2)", async () => {
    const run = await runCli(
      ["check", write("batch-seven.json", [seed, sevenMinutes]), "--format", "json", ...asOf],
      home,
    );
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out).toHaveLength(2);
    // The seed visit's 2026 Miami estimate (contract §4).
    expect(out[0].estimate.allowed).toBe("87.11");
    expect(out[1].claim.id).toBe("V-7MIN");
    expect(out[1].claim.lines).toEqual([]);
    expect(out[1].estimate).toBeNull();
  });

  it("says so in text too, and --fix writes no file (there is no claim to fix)", async () => {
    const fixFile = path.join(home, "seven-fixed.json");
    const run = await runCli(
      ["check", path.join(home, "seven.json"), "--format", "text", "--fix", fixFile, ...asOf],
      home,
    );
    expect(run.code).toBe(1);
    expect(fs.existsSync(fixFile)).toBe(false);
    expect(run.stdout).toMatch(/^V-7MIN .* no billable line$/m);
    expect(run.stdout).toMatch(/claim-structure {2}nothing to bill/);
    expect(run.stdout).toMatch(/estimate {2}nothing to price/);
  });
});

describe("a broken file in a directory does not abort the batch", () => {
  const dir = path.join(home, "visits-with-broken");
  write("visits-with-broken/01-seed.json", seed);
  // Cut off mid-object, as a failed copy leaves it.
  write("visits-with-broken/02-truncated.json", seedText.slice(0, 120));
  // A directory named like a visit file cannot be read as one.
  fs.mkdirSync(path.join(dir, "03-folder.json"), { recursive: true });
  write("visits-with-broken/04-seed-again.json", { ...seed, id: "V-1001-B" });

  it("reports each bad file in place as {source, error, issues}, processes the others, exit 2", async () => {
    const run = await runCli(["check", dir, "--format", "json", ...asOf], home);
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toHaveLength(4);
    expect(out[0].claim.id).toBe("V-1001");
    expect(out[1]).toEqual({
      source: path.join(dir, "02-truncated.json"),
      error: expect.stringMatching(/02-truncated\.json: \$: expected valid JSON/),
      issues: [{ code: "invalid-input", path: "$", message: expect.stringMatching(/^expected valid JSON/) }],
    });
    expect(out[2].source).toBe(path.join(dir, "03-folder.json"));
    expect(out[2].error).toMatch(/cannot read the JSON file \(it is a directory\)/);
    expect(out[3].claim.id).toBe("V-1001-B");
    expect(out[3].estimate.allowed).toBe("87.11");
  });

  it("in text, names the file once and goes on", async () => {
    const run = await runCli(["check", dir, "--format", "text", ...asOf], home);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${path.join(dir, "02-truncated.json")}: unusable input: $: expected valid JSON`,
    );
    expect(run.stdout).toContain("V-1001-B");
  });

  it("x12 837 still writes nothing when a file of the directory is unreadable", async () => {
    const coded = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout);
    const claims = path.join(home, "claims-with-broken");
    write("claims-with-broken/01-claim.json", coded.claim);
    write("claims-with-broken/02-truncated.json", JSON.stringify(coded.claim).slice(0, 80));
    const run = await runCli(["x12", "837", claims, ...envelopeFlags], home);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/02-truncated\.json: \$: expected valid JSON/);
  });
});

describe("a UTF-8 byte-order mark is read everywhere", () => {
  it("visits", async () => {
    const run = await runCli(
      ["check", write("bom-visit.json", BOM + seedText), "--format", "json", ...asOf],
      home,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).estimate.allowed).toBe("87.11");
  });

  it("claims (scrub and price), and envelopes (x12 837)", async () => {
    const coded = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout);
    const claimFile = write("bom-claim.json", BOM + JSON.stringify(coded.claim));
    const scrub = await runCli(["scrub", claimFile, "--format", "json", ...asOf], home);
    expect(scrub.stderr).toBe("");
    expect(JSON.parse(scrub.stdout).claimId).toBe("V-1001");
    const price = await runCli(["price", claimFile, "--format", "json"], home);
    expect(JSON.parse(price.stdout).allowed).toBe("87.11");
    const envelope = write(
      "bom-envelope.json",
      `${BOM}${JSON.stringify({
        submitter: {
          name: "Bayside Therapy",
          id: "123456789",
          contactName: "Billing Office",
          phone: "3055551234",
        },
        receiver: { name: "Clearinghouse", id: "CLEARHOUSE" },
        controlNumber: 18,
      })}`,
    );
    const x12 = await runCli(["x12", "837", claimFile, "--envelope", envelope], home);
    expect(x12.stderr).toBe("");
    expect(x12.code).toBe(0);
    expect(x12.stdout).toMatch(/^ISA\*00\*/);
  });

  it("payer profiles (JSON and YAML), their fee tables, and the practice charge csv", async () => {
    const fees = fs.readFileSync(path.join(repoRoot, "profiles/workers-comp-example-fees.csv"), "utf8");
    const profile = JSON.parse(
      fs.readFileSync(path.join(repoRoot, "profiles/workers-comp-example.json"), "utf8"),
    );
    write("bom-profiles/fees.csv", BOM + fees);
    const jsonProfile = write(
      "bom-profiles/wc.json",
      BOM + JSON.stringify({ ...profile, pricing: { ...profile.pricing, feeTable: "fees.csv" } }),
    );
    const yamlProfile = write(
      "bom-profiles/wc.yaml",
      `${BOM}id: EXAMPLE-WC\nname: Example WC\ntype: workers-comp\nappliesTo:\n  payerTypes: [workers-comp]\npricing:\n  basis: fee-table\n  feeTable: fees.csv\n  coinsurancePercent: "0"\n  deductible: false\n`,
    );
    const visit = {
      ...structuredClone(seed),
      payer: { id: "WC-1", name: "Example WC", type: "workers-comp" },
    };
    delete visit.charges;
    const visitFile = write("bom-profiles/visit.json", visit);
    const charges = write(
      "bom-profiles/charges.csv",
      `${BOM}code,amount\n97012,45.00\n97110,60.00\n97140,55.00\n`,
    );
    for (const file of [jsonProfile, yamlProfile]) {
      const run = await runCli(
        ["check", visitFile, "--payer-profile", file, "--charges", charges, "--format", "json", ...asOf],
        home,
      );
      expect(run.stderr).toBe("");
      const out = JSON.parse(run.stdout);
      // The charge csv's first code was read despite the BOM: 97012 x1 at 45.00.
      expect(out.claim.lines[0]).toMatchObject({ code: "97012", charge: "45.00" });
      // The example fee table (first row after the header 97010; 97012 at 28.00 a unit).
      expect(out.estimate.lines.find((l: { code: string }) => l.code === "97012").allowed).toBe("28.00");
      expect(out.estimate.edition).toContain(path.join(home, "bom-profiles/fees.csv"));
    }
  });
});

describe("from visits to an 837 in the documented way", () => {
  it("x12 837, scrub and price take check output (one object or an array) as well as claims", async () => {
    const check = await runCli(
      ["check", path.join(repoRoot, "examples/visits"), "--format", "json", ...asOf],
      home,
    );
    const results = JSON.parse(check.stdout) as Array<{ claim: { id: string } }>;
    const checkFile = write("check-output.json", check.stdout);
    const x12 = await runCli(["x12", "837", checkFile, ...envelopeFlags], home);
    expect(x12.stderr).toBe("");
    expect(x12.code).toBe(0);
    // One CLM per visit of the examples, with the visits' ids as CLM01.
    const clm01 = [...x12.stdout.matchAll(/~?CLM\*([^*]+)\*/g)].map((m) => m[1]);
    expect(clm01).toEqual(results.map((r) => r.claim.id));

    const one = write("check-one.json", results[0]);
    const scrub = await runCli(["scrub", one, "--format", "json", ...asOf], home);
    const scrubbed = JSON.parse(scrub.stdout);
    expect(scrubbed.claimId).toBe("V-1001");
    // findings and estimate are results, not unknown input fields.
    expect(scrubbed.findings.filter((f: Finding) => f.rule === "unknown-field")).toEqual([]);
    const price = await runCli(["price", one, "--format", "json"], home);
    expect(JSON.parse(price.stdout).allowed).toBe("87.11");
  });

  it("a bad field inside a check output is named by its path in the document", async () => {
    const check = JSON.parse((await runCli(["check", seedPath, "--format", "json", ...asOf], home)).stdout);
    check.claim.lines[1].units = "two";
    const run = await runCli(["price", write("bad-check.json", check), "--format", "json"], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\$\.claim\.lines\[1\]\.units: expected number/);
  });

  it("check --claims-out writes the claims (an array), which x12 837 takes as they are", async () => {
    const out = path.join(home, "claims-out.json");
    const check = await runCli(
      [
        "check",
        write("out-batch.json", [seed, sevenMinutes]),
        "--format",
        "json",
        "--claims-out",
        out,
        ...asOf,
      ],
      home,
    );
    expect(check.code).toBe(1);
    const claims = JSON.parse(fs.readFileSync(out, "utf8"));
    // The nothing-to-bill visit has no claim to send.
    expect(claims.map((c: { id: string }) => c.id)).toEqual(["V-1001"]);
    expect(claims[0]).toEqual(JSON.parse(check.stdout)[0].claim);
    const x12 = await runCli(["x12", "837", out, ...envelopeFlags], home);
    expect(x12.code).toBe(0);
    expect(x12.stdout).toContain("CLM*V-1001*220***11:B:1*Y*A*Y*Y");
  });

  it("code --claims-out writes one visit's claim as an array too", async () => {
    const out = path.join(home, "code-claims-out.json");
    await runCli(["code", seedPath, "--format", "json", "--claims-out", out], home);
    const claims = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(claims).toHaveLength(1);
    expect(claims[0].lines.map((l: { code: string }) => l.code)).toEqual(["97012", "97110", "97140"]);
  });
});

describe("text numbers lines from 1; JSON keeps 0-based indexes", () => {
  // The seed visit without the XS attestation: 97140 (the third line) is bundled into 97012.
  const noXs = structuredClone(seed);
  delete noXs.services[2].distinct;

  it("findings are grouped under the lines as printed (1 97012 + 3 97140)", async () => {
    const file = write("no-xs.json", noXs);
    const json = JSON.parse((await runCli(["check", file, "--format", "json", ...asOf], home)).stdout);
    const ptp = json.findings.find((f: Finding) => f.rule === "ncci-ptp");
    expect(ptp.lines).toEqual([0, 2]);
    const text = (await runCli(["check", file, "--format", "text", ...asOf], home)).stdout;
    expect(text).toMatch(/^ {2}3\. 97140 x1/m);
    expect(text).toMatch(/^ {2}lines 1 97012 \+ 3 97140$/m);
  });

  it("a fix is printed from its patch with the line a person sees; JSON keeps patch line 0", async () => {
    // 97014 billed to Medicare on the first line: code-status replaces it with G0283.
    const coded = JSON.parse((await runCli(["code", seedPath, "--format", "json"], home)).stdout);
    coded.claim.lines[0].code = "97014";
    const file = write("claim-97014.json", coded.claim);
    const json = JSON.parse((await runCli(["scrub", file, "--format", "json", ...asOf], home)).stdout);
    const status = json.findings.find((f: Finding) => f.rule === "code-status" && f.fix);
    expect(status.lines).toEqual([0]);
    expect(status.fix.patch).toEqual([{ op: "replace-code", line: 0, code: "G0283" }]);
    const text = (await runCli(["scrub", file, "--format", "text", ...asOf], home)).stdout;
    expect(text).toContain("fix: replace the code of line 1 (97014) with G0283");
    expect(text).not.toMatch(/on line 0\b/);
  });
});
