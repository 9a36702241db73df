import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import type { VisitInput } from "../model/visit.js";
import { medicareProfile, type PayerProfile, profileForPayer } from "../payers/profile.js";
import { packReference } from "../test-support/reference.js";
import { type CodingContext, codeVisit } from "./index.js";
import { codingReference, seedVisit, visitWith } from "./test-support/reference.js";

const reference = packReference();
const medicare: CodingContext = { reference, profile: medicareProfile };
const commercialProfile = profileForPayer({ id: "ACME", name: "Acme Health PPO", type: "commercial" });
const commercial: CodingContext = { reference, profile: commercialProfile };
const commercialPayer = { id: "ACME", name: "Acme Health PPO", type: "commercial" } as const;

/** "code ×units MOD MOD" per line: readable in a failing diff. */
function summary(claim: Claim): string[] {
  return claim.lines.map((l) => [`${l.code} ×${l.units}`, ...l.modifiers].join(" "));
}

function ofRule(findings: Finding[], rule: string, severity?: Finding["severity"]): Finding[] {
  return findings.filter((f) => f.rule === rule && (severity === undefined || f.severity === severity));
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === "error");

function code(changes: Partial<VisitInput>, ctx: CodingContext = medicare) {
  return codeVisit(visitWith(changes), ctx);
}

describe("the seed case (contract §1 visit; issue 3 acceptance)", () => {
  // 97012 15 min + 97110 30 min + 97140 8 min, Medicare PT. NCCI 2024Q3: 97012/97140 indicator 1.
  it.each(["2024-08-01", "2026-03-02"])("on %s with XS attested on 97140", (date) => {
    const { claim, findings } = code({
      dateOfService: date,
      planOfCare: {
        discipline: "PT",
        certifiedFrom: `${date.slice(0, 4)}-01-01`,
        certifiedThrough: `${date.slice(0, 4)}-12-31`,
      },
    });
    expect(summary(claim)).toEqual(["97012 ×1 GP", "97110 ×2 GP", "97140 ×1 GP XS"]);
    expect(errors(findings)).toEqual([]);
    expect(claim.lines.map((l) => l.charge)).toEqual(["45.00", "120.00", "55.00"]);
    expect(claim.lines.map((l) => l.diagnosisPointers)).toEqual([[1], [1], [1]]);
    expect(claim.lines.map((l) => l.minutes)).toEqual([15, 30, 8]);
    expect(claim.lines[2]).toMatchObject({ region: "cervical", distinct: "XS" });
  });

  it("without the attestation, no XS or 59 is invented (the scrubber reports ncci-ptp)", () => {
    const services = seedVisit.services.map((s) => ({ code: s.code, minutes: s.minutes! }));
    const { claim, findings } = code({ services });
    expect(summary(claim)).toEqual(["97012 ×1 GP", "97110 ×2 GP", "97140 ×1 GP"]);
    expect(claim.lines[2]!.distinct).toBeUndefined();
    expect(errors(findings)).toEqual([]);
  });

  it("carries the visit context the scrubber needs", () => {
    const { claim } = code({ therapyYearToDate: "120.00", abnOnFile: true });
    expect(claim).toMatchObject({
      id: "V-1001",
      frequency: "1",
      payerClaimControlNumber: null,
      placeOfService: "11",
      diagnoses: ["M54.16", "M51.26"],
      planOfCare: { discipline: "PT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
      therapyYearToDate: "120.00",
      medicallyNecessaryOverThreshold: false,
      abnOnFile: true,
      authorization: null,
      chiropractic: null,
      deductibleRemaining: "0.00",
    });
  });

  it("keeps a replacement claim's frequency and control number", () => {
    const { claim } = code({ frequency: "7", payerClaimControlNumber: "ICN-1" });
    expect(claim).toMatchObject({ frequency: "7", payerClaimControlNumber: "ICN-1" });
  });
});

describe("units on the claim under each payer's method", () => {
  const example4 = [
    { code: "97110", minutes: 18 },
    { code: "97140", minutes: 13 },
    { code: "97116", minutes: 10 },
    { code: "97035", minutes: 8 },
  ];

  it("CMS §20.2 example 4: 97035 is not billed, and an info finding says why", () => {
    const { claim, findings } = code({ services: example4 });
    expect(summary(claim)).toEqual(["97110 ×1 GP", "97140 ×1 GP", "97116 ×1 GP"]);
    const info = ofRule(findings, "timed-units", "info");
    expect(info).toHaveLength(1);
    expect(info[0]!.message).toMatch(/^97035 8 minutes: no unit left under the CMS total-time method/);
    expect(info[0]!.location).toBe("$.services[3].minutes");
  });

  it("AMA per-code method for a commercial payer: example 4 gives 4 units", () => {
    const { claim } = code({ services: example4, payer: commercialPayer }, commercial);
    expect(summary(claim)).toEqual(["97110 ×1 GP", "97140 ×1 GP", "97116 ×1 GP", "97035 ×1 GP"]);
  });

  it("the visit's payer unitMethod wins over the profile default", () => {
    const { claim } = code(
      { services: example4, payer: { ...commercialPayer, unitMethod: "cms" } },
      commercial,
    );
    expect(summary(claim)).toHaveLength(3);
  });

  it("untimed codes are one unit whatever the minutes; their minutes never count", () => {
    const { claim } = code({
      services: [
        { code: "97012", minutes: 45 },
        { code: "97110", minutes: 7 },
      ],
    });
    // 7 timed minutes alone earn no unit: the 45 untimed minutes do not help.
    expect(summary(claim)).toEqual(["97012 ×1 GP"]);
  });

  it("a timed code without minutes is an error and is not billed", () => {
    const { claim, findings } = code({
      services: [{ code: "97012", minutes: 15 }, { code: "97110" }],
    });
    expect(summary(claim)).toEqual(["97012 ×1 GP"]);
    const [error] = ofRule(findings, "timed-units", "error");
    expect(error).toMatchObject({
      location: "$.services[1].minutes",
      reference: expect.stringContaining("§20.2"),
    });
  });

  it("a visit with nothing billable gives an empty claim and a claim-structure error", () => {
    const { claim, findings } = code({ services: [{ code: "97110", minutes: 7 }] });
    expect(claim.lines).toEqual([]);
    expect(ofRule(findings, "claim-structure", "error")[0]!.message).toMatch(/^nothing to bill/);
  });

  it("a code documented twice is billed on one line with its minutes added", () => {
    const { claim, findings } = code({
      services: [
        { code: "97110", minutes: 10 },
        { code: "97012", minutes: 15 },
        { code: "97110", minutes: 15 },
        { code: "97012", minutes: 10 },
      ],
    });
    expect(summary(claim)).toEqual(["97110 ×2 GP", "97012 ×1 GP"]);
    expect(claim.lines[0]!.minutes).toBe(25);
    expect(ofRule(findings, "untimed-units", "info")).toHaveLength(1);
  });

  it("hour-based 97545 follows its descriptor", () => {
    const { claim } = code(
      { services: [{ code: "97545", minutes: 120 }], payer: commercialPayer },
      commercial,
    );
    expect(summary(claim)).toEqual(["97545 ×1 GP"]);
  });
});

describe("GP, GO, GN from the plan of care (Pub. 100-04 ch. 5 §20.1)", () => {
  it("OT plan → GO; SLP plan → GN", () => {
    const ot = code({
      planOfCare: { discipline: "OT", certifiedFrom: "2026-01-01", certifiedThrough: "2026-12-31" },
      renderingProvider: { credential: "OT" },
      services: [{ code: "97530", minutes: 30 }],
    });
    expect(summary(ot.claim)).toEqual(["97530 ×2 GO"]);
    const slp = code({
      planOfCare: { discipline: "SLP", certifiedFrom: "2026-01-01", certifiedThrough: "2026-12-31" },
      renderingProvider: { credential: "SLP" },
      services: [{ code: "92507" }],
    });
    expect(summary(slp.claim)).toEqual(["92507 ×1 GN"]);
  });

  it("an evaluation takes its own discipline; a conflict with the plan is an error, not a recode", () => {
    const { claim, findings } = code({ services: [{ code: "97165" }] });
    expect(summary(claim)).toEqual(["97165 ×1 GO"]);
    const [error] = ofRule(findings, "therapy-modifier", "error");
    expect(error!.message).toMatch(/97165 is a OT evaluation but the plan of care is PT/);
    expect(error!.lines).toEqual([0]);
  });

  it('"sometimes therapy" codes take the modifier only under a therapy plan of care', () => {
    const withPlan = code({ services: [{ code: "97597" }], charges: { "97597": "80.00" } });
    expect(summary(withPlan.claim)).toEqual(["97597 ×1 GP"]);
    const withoutPlan = code({
      planOfCare: null,
      renderingProvider: { credential: "MD" },
      services: [{ code: "97597" }],
      charges: { "97597": "80.00" },
    });
    expect(summary(withoutPlan.claim)).toEqual(["97597 ×1"]);
    expect(errors(withoutPlan.findings)).toEqual([]);
  });

  it('an "always therapy" code by a physician without a plan of care cannot get a discipline: error', () => {
    const { claim, findings } = code({
      planOfCare: null,
      renderingProvider: { credential: "MD" },
      services: [{ code: "97110", minutes: 15 }],
    });
    expect(summary(claim)).toEqual(["97110 ×1"]);
    expect(ofRule(findings, "therapy-modifier", "error")).toHaveLength(1);
  });

  it("a payer that takes no therapy modifiers (self-pay) gets none", () => {
    const selfPay = profileForPayer({ id: "SELF", type: "self-pay" });
    const { claim } = code({ payer: { id: "SELF", type: "self-pay" } }, { reference, profile: selfPay });
    expect(summary(claim)).toEqual(["97012 ×1", "97110 ×2", "97140 ×1"]);
  });

  it("hand-chosen modifiers are kept, merged without duplicates, in the documented order", () => {
    const { claim } = code({
      services: [
        { code: "97110", minutes: 30, modifiers: ["GP", "76"] },
        { code: "97140", minutes: 15, modifiers: ["RT"] },
      ],
    });
    expect(summary(claim)).toEqual(["97110 ×2 GP 76", "97140 ×1 GP RT"]);
  });

  it("a hand-chosen discipline modifier that differs is kept, with a warning", () => {
    const { claim, findings } = code({ services: [{ code: "97110", minutes: 15, modifiers: ["GO"] }] });
    expect(summary(claim)).toEqual(["97110 ×1 GO"]);
    expect(ofRule(findings, "therapy-modifier", "warning")).toHaveLength(1);
  });
});

describe("CQ/CO on the claim (CMS billing examples; contract §3)", () => {
  it("CMS scenario 1: PTA 23 + PT 13 min of 97110, PT 30 min of 97140 → 97110 ×2 CQ, 97140 ×2 without", () => {
    const { claim, findings } = code({
      services: [
        { code: "97110", minutes: 36, assistantMinutes: 23 },
        { code: "97140", minutes: 30 },
      ],
    });
    expect(summary(claim)).toEqual(["97110 ×2 GP CQ", "97140 ×2 GP"]);
    expect(claim.lines[0]).toMatchObject({ minutes: 36, assistantMinutes: 23, charge: "120.00" });
    expect(errors(findings)).toEqual([]);
  });

  it("a code whose units differ in CQ splits into two lines that add up to the documentation", () => {
    // PT 12 + PTA 12 of 97110: the CMS two-unit exception, one unit each.
    const { claim } = code({ services: [{ code: "97110", minutes: 24, assistantMinutes: 12 }] });
    expect(summary(claim)).toEqual(["97110 ×1 GP", "97110 ×1 GP CQ"]);
    expect(claim.lines.map((l) => [l.minutes, l.assistantMinutes ?? 0, l.charge])).toEqual([
      [12, 0, "60.00"],
      [12, 12, "60.00"],
    ]);
  });

  it("untimed code: just under 10% has no CQ, just over has CQ", () => {
    const under = code({ services: [{ code: "97012", minutes: 20, assistantMinutes: 2 }] });
    expect(summary(under.claim)).toEqual(["97012 ×1 GP"]);
    const over = code({ services: [{ code: "97012", minutes: 20, assistantMinutes: 3 }] });
    expect(summary(over.claim)).toEqual(["97012 ×1 GP CQ"]);
  });

  it("timed code: 1 of 15 minutes (6.7%) has no CQ, 2 of 15 (13.3%) has CQ", () => {
    expect(summary(code({ services: [{ code: "97110", minutes: 15, assistantMinutes: 1 }] }).claim)).toEqual([
      "97110 ×1 GP",
    ]);
    expect(summary(code({ services: [{ code: "97110", minutes: 15, assistantMinutes: 2 }] }).claim)).toEqual([
      "97110 ×1 GP CQ",
    ]);
  });

  it("CO goes with GO under an OT plan (example visit 04, commercial, AMA units)", () => {
    const { claim, findings } = code(
      {
        payer: commercialPayer,
        renderingProvider: { credential: "OT" },
        planOfCare: { discipline: "OT", certifiedFrom: "2026-02-15", certifiedThrough: "2026-05-15" },
        services: [
          { code: "97014", minutes: 10 },
          { code: "97110", minutes: 33, assistantMinutes: 20 },
          { code: "97140", minutes: 7 },
        ],
        charges: { "97014": "30.00", "97110": "60.00", "97140": "55.00" },
      },
      commercial,
    );
    expect(summary(claim)).toEqual(["97014 ×1 GO", "97110 ×2 GO CO"]);
    expect(ofRule(findings, "timed-units", "info")[0]!.message).toMatch(
      /^97140 7 minutes: no unit under the AMA/,
    );
    expect(errors(findings)).toEqual([]);
  });

  it("a PTA as rendering provider: every minute is the assistant's, and the missing supervising PT is an error", () => {
    const { claim, findings } = code({ renderingProvider: { credential: "PTA" } });
    expect(summary(claim)).toEqual(["97012 ×1 GP CQ", "97110 ×2 GP CQ", "97140 ×1 GP CQ XS"]);
    const [error] = ofRule(findings, "assistant-modifier", "error");
    expect(error!.message).toMatch(/needs a supervising PT as rendering provider/);
    expect(error!.lines).toEqual([0, 1, 2]);
  });

  it("a PTA as rendering provider with assistantMinutes given: the rest were the therapist's", () => {
    const { claim } = code({
      renderingProvider: { credential: "PTA" },
      services: [{ code: "97110", minutes: 30, assistantMinutes: 15 }],
    });
    expect(summary(claim)).toEqual(["97110 ×1 GP", "97110 ×1 GP CQ"]);
  });

  it("a PTA under an OT plan: CO goes with GO, and the PTA is named in the supervision error", () => {
    const { claim, findings } = code({
      renderingProvider: { credential: "PTA" },
      planOfCare: { discipline: "OT", certifiedFrom: "2026-01-01", certifiedThrough: "2026-12-31" },
      services: [{ code: "97530", minutes: 15 }],
      charges: { "97530": "60.00" },
    });
    expect(summary(claim)).toEqual(["97530 ×1 GO CO"]);
    expect(ofRule(findings, "assistant-modifier", "error")[0]!.message).toMatch(
      /a PTA furnished .* rendering provider is a PTA: the claim needs a supervising OT/,
    );
  });

  it("assistant minutes with a physician as rendering provider: error (no supervising PT)", () => {
    const { findings } = code({
      renderingProvider: { credential: "MD" },
      services: [{ code: "97110", minutes: 30, assistantMinutes: 30 }],
    });
    expect(ofRule(findings, "assistant-modifier", "error")).toHaveLength(1);
  });

  it("assistantMinutes above minutes is an error; coded as if the assistant furnished all", () => {
    const { claim, findings } = code({ services: [{ code: "97110", minutes: 15, assistantMinutes: 20 }] });
    expect(summary(claim)).toEqual(["97110 ×1 GP CQ"]);
    expect(ofRule(findings, "assistant-modifier", "error")[0]!.location).toBe(
      "$.services[0].assistantMinutes",
    );
  });

  it("an evaluation never takes CQ; an assistant's evaluation is an error", () => {
    const { claim, findings } = code({ services: [{ code: "97161", minutes: 30, assistantMinutes: 30 }] });
    expect(summary(claim)).toEqual(["97161 ×1 GP"]);
    expect(ofRule(findings, "assistant-modifier", "error")[0]!.message).toMatch(/97161 is an evaluation/);
  });

  it("SLP has no assistant modifier: a warning, no split", () => {
    const { claim, findings } = code({
      planOfCare: { discipline: "SLP", certifiedFrom: "2026-01-01", certifiedThrough: "2026-12-31" },
      renderingProvider: { credential: "SLP" },
      services: [{ code: "92507", minutes: 30, assistantMinutes: 30 }],
    });
    expect(summary(claim)).toEqual(["92507 ×1 GN"]);
    expect(ofRule(findings, "assistant-modifier", "warning")).toHaveLength(1);
  });
});

describe("NCCI-associated modifier: only on column 2 of an indicator-1 pair, only with the attestation", () => {
  it("an attestation on the column-1 code (97012) is not used", () => {
    const { claim, findings } = code({
      services: [
        { code: "97012", minutes: 15, distinct: "XS" },
        { code: "97140", minutes: 8 },
      ],
    });
    expect(summary(claim)).toEqual(["97012 ×1 GP", "97140 ×1 GP"]);
    expect(ofRule(findings, "modifier", "info")[0]!.message).toMatch(/not the column-2 code/);
  });

  it("a deleted pair (97140/97530, deleted 2019-12-31) needs no modifier", () => {
    const { claim } = code({
      services: [
        { code: "97140", minutes: 15 },
        { code: "97530", minutes: 15, distinct: "XU" },
      ],
    });
    expect(summary(claim)).toEqual(["97140 ×1 GP", "97530 ×1 GP"]);
  });

  it("indicator 0 (98941/98940) is never bypassed", () => {
    const { claim, findings } = code({
      renderingProvider: { credential: "DC" },
      planOfCare: null,
      chiropractic: { activeTreatment: true, spinalRegions: 3, initialTreatmentDate: "2026-02-01" },
      services: [{ code: "98941" }, { code: "98940", distinct: "XS" }],
      charges: { "98941": "65.00", "98940": "55.00" },
    });
    expect(summary(claim)).toEqual(["98941 ×1 AT", "98940 ×1 AT"]);
    expect(ofRule(findings, "modifier", "info")[0]!.message).toMatch(/modifier indicator 0/);
  });

  it("a payer that wants 59 gets 59 for an attested X modifier, with an info finding", () => {
    const profile: PayerProfile = { ...medicareProfile, distinctModifier: "59" };
    const { claim, findings } = code({}, { reference, profile });
    expect(summary(claim)[2]).toBe("97140 ×1 GP 59");
    expect(claim.lines[2]!.distinct).toBe("XS");
    expect(ofRule(findings, "modifier", "info")[0]!.message).toMatch(/wants modifier 59/);
  });

  it("a payer profile's own code pair (indicator 1) also takes the attested modifier", () => {
    const profile: PayerProfile = {
      ...commercialProfile,
      codePairEdits: [
        {
          column1: "97110",
          column2: "97530",
          modifierIndicator: "1",
          reason: "payer policy: same-session exercise",
        },
      ],
    };
    const { claim } = code(
      {
        payer: commercialPayer,
        services: [
          { code: "97110", minutes: 15 },
          { code: "97530", minutes: 15, distinct: "XU" },
        ],
      },
      { reference, profile },
    );
    expect(summary(claim)).toEqual(["97110 ×1 GP", "97530 ×1 GP XU"]);
  });
});

describe("Medicare chiropractic matrix (NGS, Noridian, Palmetto; contract §3)", () => {
  const dc = (
    chiropractic: VisitInput["chiropractic"],
    abnOnFile: boolean,
    services: VisitInput["services"] = [
      { code: "98940", region: "lumbar" },
      { code: "97012", minutes: 15 },
    ],
  ) =>
    code({
      renderingProvider: { credential: "DC" },
      planOfCare: null,
      diagnoses: ["M99.03", "M54.50"],
      chiropractic,
      abnOnFile,
      services,
      charges: { "98940": "55.00", "97012": "40.00", "98943": "50.00", "97140": "45.00" },
    });
  const active = { activeTreatment: true, spinalRegions: 2, initialTreatmentDate: "2026-02-20" };
  const maintenance = { ...active, activeTreatment: false };

  it.each([
    ["active treatment, no ABN", active, false, ["98940 ×1 AT", "97012 ×1 GP GY"]],
    [
      "active treatment with an ABN: AT only, never AT with GA",
      active,
      true,
      ["98940 ×1 AT", "97012 ×1 GP GY GX"],
    ],
    ["maintenance with an ABN", maintenance, true, ["98940 ×1 GA", "97012 ×1 GP GY GX"]],
    ["maintenance without an ABN", maintenance, false, ["98940 ×1 GZ", "97012 ×1 GP GY"]],
  ] as const)("%s", (_name, chiropractic, abn, expected) => {
    const { claim } = dc(chiropractic, abn);
    expect(summary(claim)).toEqual(expected);
    expect(claim.lines.some((l) => l.modifiers.includes("AT") && l.modifiers.includes("GA"))).toBe(false);
  });

  it("98943 (extraspinal) is excluded: GY", () => {
    const { claim } = dc(active, false, [{ code: "98943" }]);
    expect(summary(claim)).toEqual(["98943 ×1 GY"]);
  });

  it("CMT with manual therapy: XS goes on 97140 (column 2 of 98940/97140, indicator 1)", () => {
    const { claim } = dc(active, false, [
      { code: "98940", region: "lumbar" },
      { code: "97140", minutes: 15, region: "cervical", distinct: "XS" },
    ]);
    expect(summary(claim)).toEqual(["98940 ×1 AT", "97140 ×1 GP GY XS"]);
  });

  it("maintenance is a warning; excluded services an info; no plan-of-care error for a DC", () => {
    const { findings } = dc(maintenance, false);
    expect(ofRule(findings, "chiro-coverage", "warning")).toHaveLength(1);
    expect(ofRule(findings, "chiro-coverage", "info")).toHaveLength(1);
    expect(ofRule(findings, "plan-of-care")).toEqual([]);
  });

  it("no chiropractic block: no AT, GA or GZ is guessed, and it is an error", () => {
    const { claim, findings } = dc(null, false);
    expect(summary(claim)).toEqual(["98940 ×1", "97012 ×1 GP GY"]);
    expect(ofRule(findings, "chiro-coverage", "error")).toHaveLength(1);
  });

  it("spinal regions that do not fit the code: a warning", () => {
    const { findings } = dc({ ...active, spinalRegions: 4 }, false);
    expect(ofRule(findings, "chiro-coverage", "warning")[0]!.message).toMatch(
      /98940 describes 1–2 spinal regions/,
    );
  });

  it("a chiropractor billing a commercial payer gets no Medicare chiropractic modifiers", () => {
    const { claim } = code(
      {
        payer: commercialPayer,
        renderingProvider: { credential: "DC" },
        planOfCare: null,
        chiropractic: active,
        services: [{ code: "98940" }, { code: "97012", minutes: 15 }],
        charges: { "98940": "55.00", "97012": "40.00" },
      },
      commercial,
    );
    expect(summary(claim)).toEqual(["98940 ×1", "97012 ×1 GP"]);
  });
});

describe("97014 and G0283 follow the payer (MPFS: 97014 status I)", () => {
  const estim = { services: [{ code: "97014", minutes: 15 }], charges: { "97014": "30.00" } };

  it("Medicare: 97014 is recoded to G0283, with an info code-status finding", () => {
    const { claim, findings } = code(estim);
    expect(summary(claim)).toEqual(["G0283 ×1 GP"]);
    expect(claim.lines[0]!.charge).toBe("30.00");
    expect(ofRule(findings, "code-status", "info")[0]!.message).toMatch(/^recoded 97014 to G0283/);
  });

  it("commercial: 97014 is kept", () => {
    const { claim, findings } = code({ ...estim, payer: commercialPayer }, commercial);
    expect(summary(claim)).toEqual(["97014 ×1 GP"]);
    expect(ofRule(findings, "code-status")).toEqual([]);
  });

  it("G0283 stays G0283 for a payer that accepts 97014, unless its profile does not cover G0283", () => {
    const g0283 = { services: [{ code: "G0283" }], charges: { G0283: "30.00" }, payer: commercialPayer };
    expect(summary(code(g0283, commercial).claim)).toEqual(["G0283 ×1 GP"]);
    const profile: PayerProfile = {
      ...commercialProfile,
      extraRules: [
        { kind: "not-covered", id: "no-g0283", codes: ["G0283"], reason: "uses 97014", severity: "error" },
      ],
    };
    expect(summary(code(g0283, { reference, profile }).claim)).toEqual(["97014 ×1 GP"]);
  });
});

describe("plan of care (Medicare therapy; 42 CFR 410.61)", () => {
  const plan = (certifiedFrom: string, certifiedThrough: string) => ({
    planOfCare: { discipline: "PT" as const, certifiedFrom, certifiedThrough },
  });

  it.each([
    ["on the first certified day", "2026-03-02", "2026-04-30", 0],
    ["on the last certified day", "2026-02-01", "2026-03-02", 0],
    ["the day before certification", "2026-03-03", "2026-05-31", 1],
    ["the day after certification ends", "2026-01-01", "2026-03-01", 1],
  ] as const)("date of service %s", (_name, from, through, errorsExpected) => {
    const { findings } = code(plan(from, through));
    expect(ofRule(findings, "plan-of-care", "error")).toHaveLength(errorsExpected);
  });

  it("no plan of care for Medicare therapy is an error on every therapy line", () => {
    const { findings } = code({ planOfCare: null });
    expect(ofRule(findings, "plan-of-care", "error")[0]!.lines).toEqual([0, 1, 2]);
  });

  it("an initial evaluation comes before the plan; a re-evaluation needs one", () => {
    expect(
      ofRule(code({ planOfCare: null, services: [{ code: "97161" }] }).findings, "plan-of-care"),
    ).toEqual([]);
    expect(
      ofRule(code({ planOfCare: null, services: [{ code: "97164" }] }).findings, "plan-of-care"),
    ).toHaveLength(1);
  });

  it("commercial payers: no plan-of-care finding", () => {
    const { findings } = code({ planOfCare: null, payer: commercialPayer }, commercial);
    expect(ofRule(findings, "plan-of-care")).toEqual([]);
  });
});

describe("KX threshold crossing (SSA §1833(g)(7); 2025 threshold $2,410)", () => {
  // 2025 seed visit priced from PPRRVU2025_Oct at national GPCIs, CF 32.3465:
  // 97012 0.44 RVU → $14.23; 97110 ×2 1.78 RVU → $57.58; 97140 0.84 RVU → $27.17.
  const visit2025 = (ytd: string, medicallyNecessaryOverThreshold: boolean) => ({
    dateOfService: "2025-11-03",
    planOfCare: { discipline: "PT" as const, certifiedFrom: "2025-10-01", certifiedThrough: "2025-12-31" },
    therapyYearToDate: ytd,
    medicallyNecessaryOverThreshold,
  });

  it("the line that passes the threshold and every later therapy line get KX", () => {
    // 2,350.00 + 14.23 = 2,364.23; + 57.58 = 2,421.81 > 2,410.00 on line 1.
    const { claim, findings } = code(visit2025("2350.00", true));
    expect(summary(claim)).toEqual(["97012 ×1 GP", "97110 ×2 GP KX", "97140 ×1 GP KX XS"]);
    expect(ofRule(findings, "kx-threshold", "info").map((f) => f.message)).toEqual([
      expect.stringMatching(/no pricing estimate was given/),
      expect.stringMatching(
        /reaches \$2448\.98 with this claim, past the \$2410\.00 2025 PT and SLP threshold/,
      ),
    ]);
    expect(errors(findings)).toEqual([]);
  });

  it("just below: 2,310.00 + 98.98 = 2,408.98 stays under, no KX", () => {
    const { claim, findings } = code(visit2025("2310.00", true));
    expect(summary(claim)).toEqual(["97012 ×1 GP", "97110 ×2 GP", "97140 ×1 GP XS"]);
    expect(ofRule(findings, "kx-threshold", "error")).toEqual([]);
  });

  it("already past the threshold: every therapy line gets KX", () => {
    const { claim } = code(visit2025("2500.00", true));
    expect(summary(claim)).toEqual(["97012 ×1 GP KX", "97110 ×2 GP KX", "97140 ×1 GP KX XS"]);
  });

  it("past the threshold without documented medical necessity: no KX, an error on those lines", () => {
    const { claim, findings } = code(visit2025("2350.00", false));
    expect(claim.lines.some((l) => l.modifiers.includes("KX"))).toBe(false);
    const [error] = ofRule(findings, "kx-threshold", "error");
    expect(error!.lines).toEqual([1, 2]);
  });

  it("uses the pricing engine's estimate when given (no fallback info)", () => {
    const seen: Claim[] = [];
    const { claim, findings } = code(visit2025("2400.00", true), {
      ...medicare,
      allowedAmounts: (c) => {
        seen.push(c);
        return [500, 500, 500];
      },
    });
    // 2,400.00 + 5.00 + 5.00 = 2,410.00 (not past) + 5.00 → past on line 2.
    expect(summary(claim)).toEqual(["97012 ×1 GP", "97110 ×2 GP", "97140 ×1 GP KX XS"]);
    expect(seen[0]!.lines).toHaveLength(3);
    expect(ofRule(findings, "kx-threshold", "info").some((f) => /no pricing estimate/.test(f.message))).toBe(
      false,
    );
  });

  it("an unknown estimate counts as $0.00, with a warning", () => {
    const { findings } = code(visit2025("100.00", true), {
      ...medicare,
      allowedAmounts: () => [100, undefined],
    });
    expect(ofRule(findings, "kx-threshold", "warning")[0]!.lines).toEqual([1, 2]);
  });

  it("not for payers without Medicare therapy rules", () => {
    const { claim } = code({ ...visit2025("9000.00", true), payer: commercialPayer }, commercial);
    expect(claim.lines.some((l) => l.modifiers.includes("KX"))).toBe(false);
  });

  it("OT counts toward its own threshold; an OT plan's year-to-date does not judge PT lines", () => {
    const { claim, findings } = code({
      ...visit2025("2500.00", true),
      planOfCare: { discipline: "OT", certifiedFrom: "2025-10-01", certifiedThrough: "2025-12-31" },
      renderingProvider: { credential: "OT" },
      services: [{ code: "97530", minutes: 15 }, { code: "97161" }],
      charges: { "97530": "60.00", "97161": "150.00" },
    });
    expect(summary(claim)).toEqual(["97530 ×1 GO KX", "97161 ×1 GP"]);
    expect(ofRule(findings, "kx-threshold", "info").some((f) => f.lines.includes(1))).toBe(true);
  });
});

describe("charges and pointers", () => {
  it("falls back to the practice fee schedule, per unit × units", () => {
    const { claim, findings } = code(
      { charges: { "97012": "45.00" } },
      {
        ...medicare,
        chargeSchedule: new Map([
          ["97110", "62.50"],
          ["97140", "50.00"],
        ]),
      },
    );
    expect(claim.lines.map((l) => l.charge)).toEqual(["45.00", "125.00", "50.00"]);
    expect(ofRule(findings, "claim-structure")).toEqual([]);
  });

  it("a line with no charge is a claim-structure error", () => {
    const { claim, findings } = code({ charges: { "97012": "45.00", "97110": "60.00" } });
    expect(claim.lines[2]!.charge).toBe("0.00");
    const [error] = ofRule(findings, "claim-structure", "error");
    expect(error).toMatchObject({ lines: [2], location: "$.charges" });
  });

  it("diagnosis pointers come from the service, else the principal diagnosis", () => {
    const { claim } = code({
      services: [
        { code: "97110", minutes: 30, diagnosisPointers: [1, 2] },
        { code: "97012", minutes: 15 },
      ],
    });
    expect(claim.lines.map((l) => l.diagnosisPointers)).toEqual([[1, 2], [1]]);
  });
});

describe("payer profile severities", () => {
  it('apply to coding findings too ("off" drops one)', () => {
    const profile: PayerProfile = {
      ...medicareProfile,
      severities: { "plan-of-care": "warning", "kx-threshold": "off" },
    };
    const { findings } = code({ planOfCare: null }, { reference, profile });
    expect(ofRule(findings, "plan-of-care").map((f) => f.severity)).toEqual(["warning"]);
    expect(ofRule(findings, "kx-threshold")).toEqual([]);
  });
});

describe("the small fixture of real rows codes like the bundled pack", () => {
  // test-support/reference.ts copies rows from ../shared/data; the pack is built from the
  // same files. Same visits, same claims: the fixture is faithful where tests rely on it.
  const fixture: CodingContext = { reference: codingReference(), profile: medicareProfile };
  it.each<[string, Partial<VisitInput>]>([
    ["the seed visit, 2026", {}],
    ["the seed visit, 2024", { dateOfService: "2024-08-01", planOfCare: null }],
    [
      "KX crossing, 2025",
      { dateOfService: "2025-11-03", therapyYearToDate: "2350.00", medicallyNecessaryOverThreshold: true },
    ],
    [
      "chiropractic with manual therapy",
      {
        renderingProvider: { credential: "DC" },
        planOfCare: null,
        chiropractic: { activeTreatment: true, spinalRegions: 3, initialTreatmentDate: "2026-02-01" },
        services: [
          { code: "98941" },
          { code: "98940", distinct: "XS" },
          { code: "97140", minutes: 15, distinct: "XS" },
        ],
        charges: { "98941": "65.00", "98940": "55.00", "97140": "45.00" },
      },
    ],
  ])("%s", (_name, changes) => {
    const visit = visitWith(changes);
    const pack = codeVisit(visit, medicare);
    const rows = codeVisit(visit, fixture);
    expect(rows.claim).toEqual(pack.claim);
    // Findings may name the edition differently; their rules, severities and lines agree.
    const shape = (fs: Finding[]) => fs.map((f) => [f.rule, f.severity, f.lines]);
    expect(shape(rows.findings)).toEqual(shape(pack.findings));
  });
});

describe("findings are plain data (pinned whole, so wording changes show in review)", () => {
  it("Medicare maintenance chiropractic with traction, no ABN", () => {
    const { findings } = code({
      renderingProvider: { credential: "DC" },
      planOfCare: null,
      diagnoses: ["M99.03", "M54.50"],
      chiropractic: { activeTreatment: false, spinalRegions: 2, initialTreatmentDate: "2026-02-20" },
      services: [
        { code: "98940", region: "lumbar" },
        { code: "97012", minutes: 15 },
      ],
      charges: { "98940": "55.00", "97012": "40.00" },
    });
    expect(findings).toMatchInlineSnapshot(`
      [
        {
          "lines": [
            1,
          ],
          "message": "97012 by a chiropractor is excluded from Medicare (only spinal manipulation 98940–98942 is covered): coded with GY; Medicare denies it and the patient is liable",
          "reference": "CMS Pub. 100-04 ch. 30 (ABN; liability modifiers GA, GX, GY, GZ); SSA §1861(r)(5)",
          "rule": "chiro-coverage",
          "severity": "info",
        },
        {
          "lines": [
            0,
          ],
          "location": "$.chiropractic.activeTreatment",
          "message": "98940: maintenance care (not active treatment) is not covered: coded with GZ (no ABN); Medicare denies it and the practice cannot bill the patient",
          "reference": "CMS Pub. 100-02 ch. 15 §240.1.3 (AT modifier); CMS Pub. 100-04 ch. 12 §220; NGS, Noridian and Palmetto chiropractic billing pages",
          "rule": "chiro-coverage",
          "severity": "warning",
        },
      ]
    `);
  });
});
