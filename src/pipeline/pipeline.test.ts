import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import { InputError } from "../model/validate.js";
import { visitSchema } from "../model/visit.js";
import { parsePayerProfile } from "../payers/load.js";
import { parseFeeTable } from "../pricing/fee-table.js";
import { packReference, repoRoot } from "../test-support/reference.js";
import { testEnvelope } from "../x12/test-support/therapy-claims.js";
import { write837 } from "../x12/write837.js";
import { isCheckOutput, parseClaimInput } from "./input.js";
import { checkOne, type PipelineOptions, priceOne, scrubOne } from "./pipeline.js";
import { scrub837 } from "./scrub837.js";

const reference = packReference();
const options: PipelineOptions = { reference, asOf: "2026-04-01" };
const seed = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
);
const seedClaim = (): Claim => checkOne(visitSchema.parse(seed), options).claim;

describe("scrub837: the 837P scrub flow in the core", () => {
  it("gives one entry per claim, with the engine's findings positioned at the claim's 2300/2400 segments", () => {
    const claim = seedClaim();
    const result = scrub837(Buffer.from(write837([claim], testEnvelope)), "seed.837", options);
    expect(result.fileFindings).toEqual([]);
    expect(result.entries.map((e) => e.claimId)).toEqual(["V-1001"]);
    expect(result.claims).toHaveLength(1);
    const info = result.entries[0]!.findings.find((f) => f.rule === "x12");
    // The info finding points at the claim's own CLM segment, as the reader numbered it.
    expect(info?.location).toBe(
      `2300/CLM (segment ${result.claims[0]!.position.segment}, ST ${result.claims[0]!.position.transaction})`,
    );
    expect(result.fixed).toHaveLength(1);
    // The seed claim scrubs without error: its 837 twin does too (contract §3 example visit).
    expect(result.entries[0]!.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("puts file-level findings first with claimId null (a file cut off before SE/GE/IEA)", () => {
    const text = write837([seedClaim()], testEnvelope);
    const cut = text.slice(0, text.indexOf("SE*"));
    const result = scrub837(Buffer.from(cut), "cut.837", options);
    expect(result.entries[0]!.claimId).toBeNull();
    expect(result.entries[0]!.findings.length).toBeGreaterThan(0);
    expect(result.entries[0]!.findings).toEqual(result.fileFindings);
  });
});

describe("fee tables are data: the pipeline reads no file", () => {
  // A profile whose fee table file does not exist anywhere: only the data given counts.
  const profile = parsePayerProfile(
    JSON.stringify({
      id: "WC-TEST",
      name: "Test WC",
      type: "workers-comp",
      pricing: { basis: "fee-table", feeTable: "fees.csv", coinsurancePercent: "0", deductible: false },
    }),
    "wc.json",
    "/nonexistent/profiles/wc.json",
  );
  const claim = { ...seedClaim(), payer: { id: "WC-1", name: "Test WC", type: "workers-comp" as const } };

  it("prices from the table carried by the loaded profile", () => {
    const table = parseFeeTable(
      "code,modifier,amount\n97012,,28.00\n97110,,40.00\n97140,,35.00\n",
      "fees.csv",
    );
    const estimate = priceOne(claim, { ...options, profiles: [{ ...profile, feeTableData: table }] });
    // 28.00 + 40.00 x 2 + 35.00 = 143.00 (amount per unit x units, no MPPR for this payer type).
    expect(estimate.allowed).toBe("143.00");
  });

  it("without the table, says the profile needs it (and does not go looking on disk)", () => {
    const run = () => priceOne(claim, { ...options, profiles: [profile] });
    expect(run).toThrow(InputError);
    expect(run).toThrow(/\$\.pricing\.feeTable: basis "fee-table" needs the fee table/);
  });

  it("the pipeline's sources import no file system and keep no module-level state", () => {
    for (const file of fs.readdirSync(path.join(repoRoot, "src/pipeline"))) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const text = fs.readFileSync(path.join(repoRoot, "src/pipeline", file), "utf8");
      expect(text, file).not.toMatch(/from "node:fs"|from "fs"|readFileSync|process\.cwd/);
      expect(text, file).not.toMatch(/^(let|var) |^const \w+ = new (Weak)?(Map|Set)/m);
    }
  });
});

describe("check and code output are claim input", () => {
  it("takes the claim of a check output, and only an object with claim + findings and no lines", () => {
    const claim = seedClaim();
    const output = { claim, findings: [], estimate: null };
    expect(isCheckOutput(output)).toBe(true);
    expect(isCheckOutput(claim)).toBe(false);
    expect(isCheckOutput({ claim, findings: [], lines: [] })).toBe(false);
    expect(parseClaimInput(output, "out.json").claim.id).toBe("V-1001");
    expect(parseClaimInput(output, "out.json").warnings).toEqual([]);
  });

  it("reports an unknown field inside the wrapped claim by its path in the document", () => {
    const claim = { ...seedClaim(), frequncy: "7" };
    const { warnings } = parseClaimInput({ claim, findings: [] }, "out.json");
    expect(warnings.map((w) => w.location)).toEqual(["out.json $.claim.frequncy"]);
  });
});

describe("nothing to bill", () => {
  it("a visit whose only service is 97110 for 7 minutes is a result: no lines, no estimate", () => {
    const visit = visitSchema.parse({ ...seed, services: [{ code: "97110", minutes: 7 }] });
    const result = checkOne(visit, options);
    expect(result.claim.lines).toEqual([]);
    expect(result.estimate).toBeNull();
    expect(result.findings.some((f) => f.severity === "error" && /nothing to bill/.test(f.message))).toBe(
      true,
    );
  });
});

describe("state daily caps: the estimate and the daily-cap finding agree (issue 11)", () => {
  const waFile = path.join(repoRoot, "profiles/states/wa-lni.json");
  const wa = parsePayerProfile(fs.readFileSync(waFile, "utf8"), waFile, waFile);
  // Synthetic fees (L&I's file is not in the repository); WA's cap is the real $149.45 from 2025-07-01.
  const feeTableData = parseFeeTable(
    "code,modifier,amount\n97012,,30.00\n97110,,50.00\n97140,,45.00\n",
    "wa.csv",
  );
  const withWa: PipelineOptions = { ...options, profiles: [{ ...wa, feeTableData }] };
  // A Seattle practice: wa-lni.json applies to Washington's claims (appliesTo.states).
  const visit = visitSchema.parse({
    ...seed,
    payer: { id: "WA-LNI", name: "WA L&I", type: "workers-comp" },
    billingProvider: { ...seed.billingProvider, state: "WA" },
  });

  it("check: 30.00 + 2 x 50.00 + 45.00 = 175.00; 25.55 over 149.45 comes off 97140 (45.00 -> 19.45)", () => {
    const result = checkOne(visit, withWa);
    expect(result.estimate?.lines.map((l) => [l.code, l.allowed])).toEqual([
      ["97012", "30.00"],
      ["97110", "100.00"],
      ["97140", "19.45"],
    ]);
    expect(result.estimate?.allowed).toBe("149.45");
    const caps = result.findings.filter((f) => f.rule === "daily-cap");
    expect(caps).toMatchObject([{ severity: "warning", carc: "45", lines: [2] }]);
    expect(caps[0]!.message).toContain(
      "total $175.00, more than the daily cap wa-pt-ot-daily of $149.45: expect $25.55 off line 3 (97140)",
    );
    // scrub (the claim alone) prices with the same fee table and reports the same.
    expect(scrubOne(result.claim, withWa).filter((f) => f.rule === "daily-cap")).toEqual(caps);
  });
});

describe("state profiles apply to their state's claims only (appliesTo.states)", () => {
  const load = (name: string) => {
    const file = path.join(repoRoot, "profiles/states", name);
    return parsePayerProfile(fs.readFileSync(file, "utf8"), file, file);
  };
  const feeTableData = parseFeeTable(
    "code,modifier,amount\n97012,,30.00\n97110,,50.00\n97140,,45.00\n",
    "wa.csv",
  );
  const withStates: PipelineOptions = {
    ...options,
    profiles: [{ ...load("wa-lni.json"), feeTableData }, load("tx-workers-comp.json")],
  };
  const wc = (billingProvider: Record<string, unknown>) =>
    visitSchema.parse({
      ...seed,
      payer: { id: "WC-1", name: "Carrier", type: "workers-comp" },
      billingProvider: {
        npi: seed.billingProvider.npi,
        taxId: seed.billingProvider.taxId,
        ...billingProvider,
      },
    });

  it("a Seattle practice (ZIP 98101, no state given) is priced on WA L&I's fee table", () => {
    const result = checkOne(wc({ zip: "981011234" }), withStates);
    expect(result.estimate?.schedule).toBe("WA L&I: Medical Aid Rules and Fee Schedules");
    expect(result.estimate?.allowed).toBe("149.45");
    expect(result.findings.filter((f) => /state is not known/.test(f.message))).toEqual([]);
  });

  it("a claim whose state is unknown gets the type's defaults, and a warning naming the state profiles", () => {
    const result = checkOne(wc({ zip: "00000" }), withStates);
    expect(result.estimate?.schedule).toBe("MPFS");
    const warning = result.findings.filter((f) => /state is not known/.test(f.message));
    expect(warning).toMatchObject([
      { rule: "reference-data", severity: "warning", lines: [], location: "$.billingProvider.state" },
    ]);
    expect(warning[0]!.message).toContain("(wa-lni (WA), tx-dwc (TX))");
    expect(scrubOne(result.claim, withStates).filter((f) => /state is not known/.test(f.message))).toEqual(
      warning,
    );
  });

  it("a Medicare claim of the same run is not told about them", () => {
    const result = checkOne(
      visitSchema.parse({
        ...seed,
        billingProvider: { ...seed.billingProvider, state: undefined, zip: "00000" },
      }),
      withStates,
    );
    expect(result.findings.filter((f) => /state is not known/.test(f.message))).toEqual([]);
  });
});

describe("a profile chosen by payer id whose type is not the claim's payer type", () => {
  const acme = parsePayerProfile(
    JSON.stringify({
      id: "ACME-WC",
      name: "Acme workers' comp",
      type: "workers-comp",
      appliesTo: { payerIds: ["ACME"] },
    }),
    "acme.json",
    "acme.json",
  );
  const withAcme: PipelineOptions = { ...options, profiles: [acme] };
  const told = (type: string) =>
    checkOne(
      visitSchema.parse({ ...seed, payer: { id: "ACME", name: "Acme", type } }),
      withAcme,
    ).findings.filter((f) => f.location === "$.payer.type");

  it("is told when the claim says commercial", () => {
    expect(told("commercial")).toMatchObject([{ rule: "claim-structure", severity: "warning", lines: [] }]);
    expect(told("commercial")[0]!.message).toBe(
      "payer profile ACME-WC (acme.json) is for workers-comp payers and applies to this claim by its payer id ACME, but the claim's payer type is commercial: correct payer.type, or name the types the profile is for in its appliesTo.payerTypes",
    );
  });

  it("is not told when the types agree", () => {
    expect(told("workers-comp")).toEqual([]);
  });
});
