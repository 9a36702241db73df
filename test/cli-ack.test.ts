import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";
import { publicAckSample, publicAckSamples } from "../src/x12/test-support/ack-samples.js";
import { envelopeFlags, runCli, tempHome } from "./cli-harness.js";

const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const fixture = (name: string) => path.join(repoRoot, "test/fixtures/acks", name);

let sent837 = "";
let claimsFile = "";

beforeAll(async () => {
  const coded = JSON.parse(
    (await runCli(["code", path.join(repoRoot, "examples/visits"), "--format", "json"], home)).stdout,
  );
  claimsFile = path.join(home, "claims.json");
  fs.writeFileSync(claimsFile, JSON.stringify(coded.map((r: { claim: unknown }) => r.claim)));
  sent837 = path.join(home, "sent.837");
  // GS06 101 and ST02 0001: what the fixtures' AK1 and AK2 acknowledge.
  const write = await runCli(
    ["x12", "837", claimsFile, ...envelopeFlags, "--control-number", "101", "--out", sent837],
    home,
  );
  expect(write.code).toBe(0);
});

interface Reason {
  code: string;
  rule?: string;
  line?: number;
  at?: { location: string; segmentPosition: number; name?: string };
}
interface ClaimAck {
  patientControlNumber?: string;
  status: string;
  reasons: Reason[];
  resubmit?: { frequency: string };
  payerClaimControlNumber?: string;
  claim?: { id: string; matchedBy: string; timelyFiling?: { deadline: string; daysLeft: number } };
}

async function ack(file: string, ...flags: string[]) {
  const run = await runCli(
    ["ack", fixture(file), "--format", "json", "--as-of", "2026-12-05", ...flags],
    home,
  );
  return { run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
}

describe("cleanclaim ack (issue 12)", () => {
  it("the fixtures' positions are those of the 837 that x12 837 writes (counted by hand: ST is 1)", () => {
    const set = fs
      .readFileSync(sent837, "utf8")
      .split("~")
      .map((s) => s.trim())
      .filter(Boolean);
    const st = set.findIndex((s) => s.startsWith("ST*"));
    expect(set[st + 33]).toBe("NM1*IL*1*Ortega*Luis****MI*2TK9QX3RH41"); // position 34: claim V-1002's subscriber
    expect(set[st + 26]).toBe("SV1*HC:97110:GP*120*UN*2***1:2"); // position 27: claim V-1001, line 2
  });

  it("a rejected 999 names the claim, line, element, rule and fix; every claim of the set is rejected", async () => {
    const { run, report } = await ack("999-rejected.999", "--claims", sent837);
    expect(run.code).toBe(1);
    expect(report.findings).toEqual([]);
    const claims = report.claims as ClaimAck[];
    expect(claims.map((c) => [c.patientControlNumber, c.status, c.resubmit?.frequency])).toEqual([
      ["V-1001", "rejected", "1"],
      ["V-1002", "rejected", "1"],
      ["V-2001", "rejected", "1"],
      ["V-3001", "rejected", "1"],
    ]);
    const v1001 = claims[0]!.reasons.find((r) => r.code.startsWith("IK3"));
    expect(v1001).toMatchObject({
      code: "IK3 SV1 27 8 / IK4 1-2 7",
      rule: "code-status",
      line: 1,
      at: { location: "2400/SV1-01-2", segmentPosition: 27, name: "professional service: procedure code" },
    });
    const v1002 = claims[1]!.reasons.find((r) => r.code.startsWith("IK3"));
    expect(v1002).toMatchObject({
      code: "IK3 NM1 34 8 / IK4 9 I12",
      rule: "claim-structure",
      at: { location: "2010BA/NM1-09", segmentPosition: 34 },
    });
    expect(v1002?.line).toBeUndefined();
    expect(claims[2]!.reasons.map((r) => r.code)).toEqual(["IK5 R", "IK5 I5"]);
    expect(claims[0]!.claim).toMatchObject({
      id: "V-1001",
      matchedBy: "segment-position",
      // 2026-03-02 + 12 months (42 CFR 424.44), 87 days after 2026-12-05.
      timelyFiling: { deadline: "2027-03-02", daysLeft: 87 },
    });
  });

  it("an accepted 999 accepts every claim (exit 0)", async () => {
    const { run, report } = await ack("999-accepted.999", "--claims", sent837);
    expect(run.code).toBe(0);
    expect(report.summary).toMatchObject({ claims: 4, accepted: 4, rejected: 0 });
  });

  it("without the 837, a 999 answers per transaction set", async () => {
    const { run, report } = await ack("999-rejected.999");
    expect(run.code).toBe(1);
    expect(report.claims).toHaveLength(1);
    expect(report.claims[0]).toMatchObject({ transactionSet: "0001", status: "rejected" });
    expect(report.claims[0].patientControlNumber).toBeUndefined();
  });

  it("a 277CA: accepted (A2), rejected (A7 with a claim status code and a line), pended (A1), tied by CLM01", async () => {
    const { run, report } = await ack("277ca-mixed.277", "--claims", claimsFile);
    expect(run.code).toBe(1);
    const claims = report.claims as ClaimAck[];
    expect(claims.map((c) => [c.patientControlNumber, c.status, c.claim?.matchedBy])).toEqual([
      ["V-1001", "accepted", "patient-control-number"],
      ["V-1002", "rejected", "patient-control-number"],
      ["V-2001", "pended", "patient-control-number"],
    ]);
    expect(claims[0]!.payerClaimControlNumber).toBe("2026337000101");
    expect(claims[1]!.reasons.map((r) => [r.code, r.rule, r.line])).toEqual([
      ["A7:562:82", "claim-structure", undefined],
      ["A7:454", "code-status", 1],
    ]);
    expect(claims[1]!.resubmit?.frequency).toBe("1");
    expect(claims[2]!.resubmit).toBeUndefined();
    expect(report.notAcknowledged).toEqual(["V-3001"]);
  });

  it("prints text: status, the plain words, the rule, the fix and the new-claim advice", async () => {
    const run = await runCli(
      [
        "ack",
        fixture("277ca-mixed.277"),
        "--claims",
        claimsFile,
        "--format",
        "text",
        "--as-of",
        "2026-12-05",
      ],
      home,
    );
    expect(run.stdout).toContain("V-1002: 277CA rejected");
    expect(run.stdout).toContain("the entity's NPI is missing or invalid (about the rendering provider)");
    expect(run.stdout).toContain("rule: claim-structure");
    expect(run.stdout).toContain("NEW original claim (CLM05-3 frequency 1");
    expect(run.stdout).toContain("filing deadline: 2027-03-02, 87 day(s) left");
  });

  it("refuses a file that is no acknowledgment (exit 2)", async () => {
    const run = await runCli(["ack", sent837], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected a 999");
  });
});

describe("cleanclaim x12 276 and x12 parse of acknowledgments", () => {
  it("writes a 276 that its own guide reads clean, one claim status tracking number per claim", async () => {
    const out = path.join(home, "status.276");
    const write = await runCli(
      ["x12", "276", claimsFile, ...envelopeFlags, "--control-number", "7", "--out", out],
      home,
    );
    expect(write.code).toBe(0);
    const text = fs.readFileSync(out, "utf8");
    expect(text.match(/^TRN\*1\*[^~]+/gm)).toEqual([
      "TRN*1*V-1001",
      "TRN*1*V-1002",
      "TRN*1*V-2001",
      "TRN*1*V-3001",
    ]);
    expect(text).toContain("GS*HR*123456789*CLEARHOUSE*");
    const parse = await runCli(["x12", "parse", out, "--format", "json"], home);
    expect(parse.code).toBe(0);
    expect(JSON.parse(parse.stdout)).toEqual({ kind: "276", findings: [] });
  });

  it.each([
    ["999-rejected.999", "999"],
    ["277ca-mixed.277", "277CA"],
  ])("parses %s as a %s", async (name, kind) => {
    const run = await runCli(["x12", "parse", fixture(name), "--format", "json"], home);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).kind).toBe(kind);
  });

  it.each(publicAckSamples)("explains the public sample %s", async (name) => {
    const sample = publicAckSample(name);
    if (sample === undefined) return; // the imsweb mirror is not on this machine (read-acks.test.ts reports the skip)
    const file = path.join(home, name);
    fs.writeFileSync(file, sample);
    const run = await runCli(["ack", file, "--format", "json", "--as-of", "2026-12-05"], home);
    const report = JSON.parse(run.stdout);
    const expected: Record<string, string[]> = {
      "x12_999_accepted.txt": ["accepted"],
      "x12_999_rejected.txt": ["rejected"],
      "x12_277CA_accepted.txt": ["accepted"],
      "x12_277CA_rejected.txt": ["rejected"],
      "x12_277_x212.txt": Array.from({ length: 8 }, () => "pended"), // eight claims, each A1 (received)
    };
    expect(report.claims.map((c: ClaimAck) => c.status)).toEqual(expected[name]);
    expect(run.code).toBe(name.includes("rejected") ? 1 : 0);
  });
});
