import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, sharedDataDir } from "../src/test-support/reference.js";
import { envelopeFlags, runCli, tempHome } from "./cli-harness.js";

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

let claimsFile = "";
let claims: Array<{ id: string; lines: Array<{ code: string }> }> = [];

beforeAll(async () => {
  const coded = JSON.parse(
    (await runCli(["code", path.join(repoRoot, "examples/visits"), "--format", "json"], home)).stdout,
  );
  claims = coded.map((r: { claim: unknown }) => r.claim);
  claimsFile = path.join(home, "claims.json");
  fs.writeFileSync(claimsFile, JSON.stringify(claims));
});

describe("cleanclaim x12 837 / parse / scrub (issue 5)", () => {
  it("writes an interchange that re-reads with zero validation findings and the same claims", async () => {
    const out = path.join(home, "out.837");
    const write = await runCli(["x12", "837", claimsFile, ...envelopeFlags, "--out", out], home);
    expect(write.stderr).toBe("");
    expect(write.code).toBe(0);
    const text = fs.readFileSync(out, "utf8");
    expect(text.startsWith("ISA*00*")).toBe(true);
    const parsed = await runCli(["x12", "parse", out, "--format", "json"], home);
    expect(parsed.code).toBe(0);
    const doc = JSON.parse(parsed.stdout);
    expect(doc.kind).toBe("837P");
    expect(doc.findings).toEqual([]);
    expect(doc.claims.map((c: { claim: { id: string } }) => c.claim.id)).toEqual(claims.map((c) => c.id));
    expect(
      doc.claims[0].claim.lines.map((l: { code: string; modifiers: string[] }) => [l.code, l.modifiers]),
    ).toEqual([
      ["97012", ["GP"]],
      ["97110", ["GP"]],
      ["97140", ["GP", "XS"]],
    ]);
  });

  it("numbers interchanges one after another (ISA13) unless told", async () => {
    const a = await runCli(["x12", "837", claimsFile, ...envelopeFlags], home);
    const b = await runCli(["x12", "837", claimsFile, ...envelopeFlags], home);
    const isa13 = (t: string) => t.split("~")[0]!.split("*")[13];
    expect(Number(isa13(b.stdout))).toBe(Number(isa13(a.stdout)) + 1);
    const c = await runCli(["x12", "837", claimsFile, ...envelopeFlags, "--control-number", "4242"], home);
    expect(isa13(c.stdout)).toBe("000004242");
  });

  it("scrub on an 837P reports positioned findings per claim", async () => {
    const out = path.join(home, "scrub.837");
    await runCli(["x12", "837", claimsFile, ...envelopeFlags, "--out", out], home);
    const run = await runCli(["scrub", out, "--format", "json", "--as-of", "2026-04-01"], home);
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout);
    expect(entries.map((e: { claimId: string }) => e.claimId)).toEqual(claims.map((c) => c.id));
    const ptp = entries[1].findings.find((f: { rule: string }) => f.rule === "ncci-ptp");
    expect(ptp.location).toMatch(/^2400\/SV1 \(segment \d+, ST 0001\)/);
    // No documentation in an 837P: missing minutes and plan of care are not reported as errors.
    expect(entries[0].findings.filter((f: { severity: string }) => f.severity === "error")).toEqual([]);
  });

  it("refuses to write without the envelope, naming what is missing", async () => {
    const run = await runCli(["x12", "837", claimsFile], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/submitter name/);
    expect(run.stdout).toBe("");
  });

  it("refuses a claim the 837P cannot carry, naming its JSON path", async () => {
    const bad = structuredClone(claims[0]) as Record<string, unknown>;
    (bad.billingProvider as Record<string, unknown>).zip = "33101";
    const file = path.join(home, "bad-claim.json");
    fs.writeFileSync(file, JSON.stringify(bad));
    const out = path.join(home, "never.837");
    const run = await runCli(["x12", "837", file, ...envelopeFlags, "--out", out], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/billingProvider\.zip/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it.each(fs.readdirSync(path.join(sharedDataDir, "x12-samples/837p")))(
    "parses the 837P sample %s",
    async (name) => {
      const run = await runCli(
        ["x12", "parse", path.join(sharedDataDir, "x12-samples/837p", name), "--format", "json"],
        home,
      );
      expect([0, 1]).toContain(run.code);
      const doc = JSON.parse(run.stdout);
      expect(doc.kind).toBe("837P");
      expect(doc.claims.length).toBeGreaterThan(0);
    },
  );

  it("garbage is unusable input (exit 2), never a crash", async () => {
    const file = path.join(home, "garbage.837");
    fs.writeFileSync(file, "this is not X12 at all");
    const run = await runCli(["x12", "parse", file], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/garbage\.837/);
  });

  it("x12 parse judges codes with the engine's rules: its own 837 of CPT modifiers and codes passes (issue 8)", async () => {
    // CPT modifiers 59, 25, RT, 76 are Level I (CPT appendix A), not in the HCPCS Level II file;
    // 99213 and 90834 are CPT codes outside the therapy pack's ranges.
    const base = claims[0] as Record<string, unknown>;
    const line = (code: string, modifiers: string[], charge: string) => ({
      code,
      modifiers,
      units: 1,
      charge,
      diagnosisPointers: [1],
      dateOfService: "2026-03-02",
    });
    const claim = {
      ...base,
      lines: [
        line("97110", ["GP", "59"], "40.00"),
        line("99213", ["25"], "90.00"),
        line("90834", [], "120.00"),
        line("97140", ["GP", "RT"], "40.00"),
        line("97110", ["GP", "76"], "40.00"),
      ],
    };
    const file = path.join(home, "cpt-modifiers.json");
    fs.writeFileSync(file, JSON.stringify(claim));
    const out = path.join(home, "cpt-modifiers.837");
    const write = await runCli(["x12", "837", file, ...envelopeFlags, "--out", out], home);
    expect(write.code).toBe(0);
    const parsed = await runCli(["x12", "parse", out, "--format", "json"], home);
    const doc = JSON.parse(parsed.stdout);
    const codeSetErrors = doc.findings.filter(
      (f: { rule: string; severity: string }) =>
        ["modifier", "code-status", "diagnosis"].includes(f.rule) && f.severity === "error",
    );
    expect(codeSetErrors).toEqual([]);
    expect(parsed.code).toBe(0);
  });

  it("scrub on an 837 whose 2010BB NM109 is empty reports the claim at the segment, never an internal error", async () => {
    const out = path.join(home, "no-payer-id.837");
    await runCli(["x12", "837", claimsFile, ...envelopeFlags, "--out", out], home);
    // 005010X222A1 2010BB NM109 (payer identifier) is required; the claims' payer id is MEDICARE-FL.
    const text = fs.readFileSync(out, "utf8").replace(/(NM1\*PR\*2\*[^*~]*\*{5}PI)\*[^~]*~/g, "$1*~");
    expect(text).toContain("*PI*~");
    fs.writeFileSync(out, text);
    const run = await runCli(["scrub", out, "--format", "json", "--as-of", "2026-04-01"], home);
    expect(run.stderr).not.toMatch(/internal error|ZodError/);
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout);
    const fileLevel = entries.find((e: { claimId: string | null }) => e.claimId === null);
    const notRead = fileLevel.findings.filter((f: { message: string }) => f.message.includes("is not read"));
    expect(notRead.length).toBe(claims.length);
    for (const f of notRead) {
      expect(f.location).toBe("2010BB/NM1-09");
      expect(f.message).toMatch(/^segment \d+ \(byte \d+.*\$\.payer\.id is empty/);
    }
  });

  it("scrub of an 837 with 200,000 findings finishes (no spread over the findings overflows the stack)", async () => {
    const out = path.join(home, "many-findings.837");
    await runCli(["x12", "837", claimsFile, ...envelopeFlags, "--out", out], home);
    const text = fs.readFileSync(out, "utf8");
    // 200,000 NTE segments inside the first claim: each one is a finding (over the repeat count of 1).
    const at = text.indexOf("LX*1~");
    fs.writeFileSync(out, text.slice(0, at) + "NTE*ADD*X~".repeat(200_000) + text.slice(at));
    const run = await runCli(["scrub", out, "--format", "json", "--as-of", "2026-04-01"], home);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout) as Array<{ findings: unknown[] }>;
    expect(entries.reduce((n, e) => n + e.findings.length, 0)).toBeGreaterThanOrEqual(200_000);
  }, 60_000);

  it("accident and dependent claims written by x12 837 parse with no finding and read back the same", async () => {
    const base = claims[0] as Record<string, unknown>;
    const written = [
      {
        ...base,
        id: "WC-1",
        payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" },
        accident: { causes: ["EM"], date: "2026-02-20" },
        propertyCasualtyClaimNumber: "WC2026-0044172",
        employer: { name: "GULF COAST ROOFING INC" },
      },
      {
        ...base,
        id: "AUTO-1",
        payer: { id: "AUTO1", name: "AUTO INSURER", type: "auto" },
        accident: { causes: ["AA"], date: "2026-02-21", state: "FL" },
        propertyCasualtyClaimNumber: "PIP-77-310045",
      },
      {
        ...base,
        id: "CHILD-1",
        subscriber: {
          relationship: "19",
          lastName: "RIVERA",
          firstName: "MARTA",
          birthDate: "1980-05-05",
          sex: "F",
        },
      },
    ];
    const file = path.join(home, "accident-dependent.json");
    fs.writeFileSync(file, JSON.stringify(written));
    const out = path.join(home, "accident-dependent.837");
    const write = await runCli(["x12", "837", file, ...envelopeFlags, "--out", out], home);
    expect(write.stderr).toBe("");
    const parsed = await runCli(["x12", "parse", out, "--format", "json"], home);
    const doc = JSON.parse(parsed.stdout);
    expect(doc.findings).toEqual([]);
    const back = new Map(doc.claims.map((c: { claim: { id: string } }) => [c.claim.id, c.claim]));
    expect(back.get("WC-1")).toMatchObject({
      accident: { causes: ["EM"], date: "2026-02-20" },
      propertyCasualtyClaimNumber: "WC2026-0044172",
      employer: { name: "GULF COAST ROOFING INC" },
    });
    expect(back.get("AUTO-1")).toMatchObject({
      accident: { causes: ["AA"], date: "2026-02-21", state: "FL" },
      propertyCasualtyClaimNumber: "PIP-77-310045",
    });
    expect(back.get("CHILD-1")).toMatchObject({
      subscriber: {
        relationship: "19",
        lastName: "RIVERA",
        firstName: "MARTA",
        birthDate: "1980-05-05",
        sex: "F",
      },
      patient: base.patient as object,
    });
  });

  it("names every value holding a delimiter by its JSON path", async () => {
    const base = claims[0] as unknown as { patient: object; diagnoses: string[] };
    const bad = {
      ...base,
      patient: { ...base.patient, lastName: "DIAZ*RUIZ" },
      diagnoses: ["M54.16", "M51~26"],
    };
    const file = path.join(home, "delimiters.json");
    fs.writeFileSync(file, JSON.stringify(bad));
    const run = await runCli(["x12", "837", file, ...envelopeFlags], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\$\.patient\.lastName/);
    expect(run.stderr).toMatch(/\$\.diagnoses\[1\]/);
  });

  // Issue 11: a workers' comp claim without its claim number and employer is not written.
  it("refuses a workers' comp claim without REF*Y4 and the employer, naming both paths (exit 2)", async () => {
    const base = claims[0] as Record<string, unknown>;
    const wc = {
      ...base,
      id: "WC-2",
      payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" },
      accident: { causes: ["EM"], date: "2026-02-20" },
    };
    const file = path.join(home, "wc-incomplete.json");
    fs.writeFileSync(file, JSON.stringify(wc));
    const run = await runCli(["x12", "837", file, ...envelopeFlags], home);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/\$\.propertyCasualtyClaimNumber: .*\(2010CA REF\*Y4/);
    expect(run.stderr).toMatch(/\$\.employer: .*2010BA NM1\*IL with NM102 = 2, the name in NM103/);
  });

  it("a visit's accident and subscriber are carried by code into the claim and its 837P", async () => {
    const visit = JSON.parse(
      fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
    );
    visit.id = "V-DEP-1";
    visit.payer = { id: "00590", name: "BLUE CROSS", type: "commercial" };
    visit.accident = { causes: ["OA"], date: "2026-02-27" };
    visit.subscriber = {
      relationship: "01",
      lastName: "DIAZ",
      firstName: "LUIS",
      birthDate: "1950-01-02",
      sex: "M",
    };
    const file = path.join(home, "visit-dependent.json");
    fs.writeFileSync(file, JSON.stringify(visit));
    const coded = JSON.parse((await runCli(["code", file, "--format", "json"], home)).stdout);
    const claim = (Array.isArray(coded) ? coded[0] : coded).claim;
    expect(claim.accident).toEqual(visit.accident);
    expect(claim.subscriber).toEqual(visit.subscriber);
    const claimFile = path.join(home, "claim-dependent.json");
    fs.writeFileSync(claimFile, JSON.stringify(claim));
    const out = path.join(home, "claim-dependent.837");
    expect((await runCli(["x12", "837", claimFile, ...envelopeFlags, "--out", out], home)).code).toBe(0);
    const text = fs.readFileSync(out, "utf8");
    expect(text).toContain("PAT*01~");
    expect(text).toContain("*OA~");
    expect(text).toContain("DTP*439*D8*20260227~");
    const doc = JSON.parse((await runCli(["x12", "parse", out, "--format", "json"], home)).stdout);
    expect(doc.findings).toEqual([]);
  });
});
