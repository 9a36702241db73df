import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Claim, claimSchema } from "../model/claim.js";
import { parsePayerProfile } from "../payers/load.js";
import type { PayerProfile } from "../payers/profile.js";
import { medicare } from "./claim-builder.test-support.js";
import { parseFeeTable } from "./fee-table.js";
import { priceClaim } from "./price-claim.js";
import { parseStateRvuTable } from "./state-rvu-table.js";

/**
 * The shipped state profiles (profiles/states/*.json) against visits priced by hand in
 * docs/state-fee-schedules.md ("Worked examples by state"), over the bundled reference data:
 * 2026 July RVUs (97110 0.45/0.41/0.01, 97140 0.43/0.39/0.01, 98941 0.69/0.45/0.01 non-facility),
 * 2025 October RVUs (97110 0.45/0.43/0.01, 98941 0.71/0.47/0.01), GPCIs of 2026 (Miami
 * 1.000/1.041/2.529, Houston 1.008/0.993/1.376) and 2025 (Miami 1.000/1.027/2.500), and the
 * Medicare conversion factors 33.4009 (2026) and 32.3465 (2025). Each amount below is the
 * doc's arithmetic, not the engine's output.
 */
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../profiles/states");
const load = (name: string): PayerProfile => {
  const file = path.join(dir, name);
  return parsePayerProfile(fs.readFileSync(file, "utf8"), file, file);
};

/** A copy of a shipped profile with a user's change to its schedule (a figure the user entered). */
function edited(profile: PayerProfile, change: (s: Record<string, unknown>) => void): PayerProfile {
  const copy = structuredClone(profile);
  change(copy.pricing.stateSchedule as unknown as Record<string, unknown>);
  return copy;
}

interface VisitSpec {
  date: string;
  credential: "PT" | "DC";
  payerType: "workers-comp" | "auto";
  locality?: string;
  zip?: string;
  lines: Array<[code: string, units: number, modifiers: string[], charge?: string]>;
}

function visit(spec: VisitSpec): Claim {
  return claimSchema.parse({
    id: "S-1",
    patient: { id: "P-1" },
    payer: { id: "PAYER", type: spec.payerType },
    billingProvider: {
      npi: "1234567893",
      ...(spec.locality ? { locality: spec.locality } : {}),
      ...(spec.zip ? { zip: spec.zip } : {}),
    },
    renderingProvider: { credential: spec.credential, participating: true },
    placeOfService: "11",
    diagnoses: ["M54.16"],
    lines: spec.lines.map(([code, units, modifiers, charge = "200.00"]) => ({
      code,
      units,
      modifiers,
      charge,
      diagnosisPointers: [1],
      dateOfService: spec.date,
    })),
  });
}

const ptVisit = (date: string, payerType: VisitSpec["payerType"], locality?: string) =>
  visit({
    date,
    credential: "PT",
    payerType,
    ...(locality ? { locality } : {}),
    lines: [
      ["97110", 2, ["GP"]],
      ["97140", 1, ["GP"]],
    ],
  });
const dcVisit = (date: string, payerType: VisitSpec["payerType"], locality?: string) =>
  visit({ date, credential: "DC", payerType, ...(locality ? { locality } : {}), lines: [["98941", 1, []]] });

const flPip = load("fl-pip.json");
const tx = load("tx-workers-comp.json");
const co = load("co-workers-comp.json");
const ca = load("ca-workers-comp.json");

/** TX and CO with their verified 2024 factor entered by a user into the 2026 entries (the pack has no 2024 RVUs). */
const txWith2024Cf = edited(tx, (s) => {
  const cfs = s.conversionFactors as Array<Record<string, unknown>>;
  Object.assign(cfs[2]!, { amount: "67.81", verified: false });
});
const coWith2024Cfs = edited(co, (s) => {
  const cfs = s.conversionFactors as Array<Record<string, unknown>>;
  const figures: Record<string, string> = { pmr: "49.00", em: "56.00", all: "68.00" };
  for (const cf of cfs) {
    if (cf.from === "2026-01-01" && figures[cf.section as string]) {
      Object.assign(cf, { amount: figures[cf.section as string], verified: false });
    }
  }
});

describe("shipped state profiles: worked examples to the cent", () => {
  it.each([
    {
      name: "FL PIP, PT visit, Miami 2026-07-15: 97110 (0.45 + 0.41 x 1.041 + 0.01 x 2.529) x 33.4009 = 30.13095189 x 2 x 1.60 = 96.42; 97140 28.767527152 x 1.60 = 46.03",
      profile: flPip,
      claim: ptVisit("2026-07-15", "auto", "09102-04"),
      lines: ["96.42", "46.03"],
      allowed: "142.45",
      trace: [
        "200% of the Medicare Part B participating physicians fee schedule amount: 200%",
        "80% of that",
        "locality 09102-04 MIAMI",
      ],
      warning: /the 2007 floor of FL PIP: personal injury protection medical benefits was not checked/,
    },
    {
      name: "FL PIP, chiropractic visit, Miami 2026-07-15: 98941 (0.69 + 0.45 x 1.041 + 0.01 x 2.529) x 33.4009 = 39.537981366 x 1.60 = 63.26",
      profile: flPip,
      claim: dcVisit("2026-07-15", "auto", "09102-04"),
      lines: ["63.26"],
      allowed: "63.26",
      trace: [
        "98941 unit 1: (0.69 x 1.000 + 0.45 x 1.041 + 0.01 x 2.529) x 33.4009 = 39.537981366",
        "line 1 98941 at the schedule's percentages of Medicare: 39.537981366 x 1.60 = 63.2607701856",
        "line 1 98941 allowed: 63.2607701856 -> 63.26",
      ],
      warning: /was not checked/,
    },
    {
      name: "TX arithmetic (67.81 entered for 2026), PT visit, Houston: 97110 59.2991669 + 45.49542425 (MPPR) = 104.79; 97140 at 50% PE 43.46",
      profile: txWith2024Cf,
      claim: ptVisit("2026-07-15", "workers-comp", "04412-18"),
      lines: ["104.79", "43.46"],
      allowed: "148.25",
      trace: ["locality 04412-18 HOUSTON", "conversion factor 67.81"],
    },
    {
      name: "TX arithmetic (67.81 entered for 2026), chiropractic visit, Houston: 98941 (0.69 x 1.008 + 0.45 x 0.993 + 0.01 x 1.376) x 67.81 = 78.3971753 -> 78.40",
      profile: txWith2024Cf,
      claim: dcVisit("2026-07-15", "workers-comp", "04412-18"),
      lines: ["78.40"],
      allowed: "78.40",
      trace: [
        "98941 unit 1: (0.69 x 1.008 + 0.45 x 0.993 + 0.01 x 1.376) x 67.8100 = 78.3971753",
        "line 1 98941 allowed: 78.3971753 -> 78.40",
      ],
    },
    {
      name: "CO arithmetic (the 2024 factors entered for 2026), PT visit, no GPCI: 97110 0.87 x 49.00 x 2 = 85.26; 97140 0.83 x 49.00 = 40.67",
      profile: coWith2024Cfs,
      claim: ptVisit("2026-07-15", "workers-comp"),
      lines: ["85.26", "40.67"],
      allowed: "125.93",
      trace: ["section pmr"],
    },
  ])("$name", ({ profile, claim, lines, allowed, trace, warning }) => {
    const estimate = priceClaim(claim, { ...medicare(), profile });
    expect(estimate.findings ?? []).toEqual([]);
    expect(estimate.lines.map((l) => l.allowed)).toEqual(lines);
    expect(estimate.allowed).toBe(allowed);
    expect(estimate.payerPaid).toBe(allowed);
    expect(estimate.patientResponsibility).toBe("0.00");
    for (const text of trace) expect(estimate.trace.join("\n")).toContain(text);
    if (warning) expect((estimate.warnings ?? []).some((w) => warning.test(w))).toBe(true);
  });

  it.each([
    {
      name: "a floor year whose schedule is higher wins: 2025-10-15 priced against a 2026 floor (97110 30.13095189 > 29.649125365; 98941 39.537981366 > 39.388009585)",
      date: "2025-10-15",
      year: 2026,
      lines: ["96.42", "63.26"],
    },
    {
      name: "a floor year whose schedule is lower leaves the service year: 2026-10-15 against a 2025 floor",
      date: "2026-10-15",
      year: 2025,
      lines: ["96.42", "63.26"],
    },
  ])("FL PIP floor: $name", ({ date, year, lines }) => {
    const profile = edited(flPip, (s) => {
      Object.assign(s.floor as object, { year, whenNotLoaded: "refuse" });
    });
    const claim = visit({
      date,
      credential: "PT",
      payerType: "auto",
      locality: "09102-04",
      lines: [
        ["97110", 2, ["GP"]],
        ["98941", 1, []],
      ],
    });
    const estimate = priceClaim(claim, { ...medicare(), profile });
    expect(estimate.findings ?? []).toEqual([]);
    expect(estimate.lines.map((l) => l.allowed)).toEqual(lines);
    expect(estimate.lines[0]!.notes.some((n) => n.includes(`${year} floor`))).toBe(true);
  });
});

// FL PIP's $10,000 benefit (Fla. Stat. §627.736(1)) against the PT visit worked above (allowed
// 142.45, no coinsurance or deductible under PIP's profile): by hand, left = 10,000.00 − used;
// the payer pays min(142.45, left) and the rest is past the benefit.
describe("FL PIP benefit cap: what the program has already paid on the injury (benefitUsed)", () => {
  it.each([
    { used: undefined, payer: "142.45", patient: "0.00", warning: false },
    { used: "5000.00", payer: "142.45", patient: "0.00", warning: false },
    { used: "9857.55", payer: "142.45", patient: "0.00", warning: false }, // exactly 142.45 left
    { used: "9900.00", payer: "100.00", patient: "42.45", warning: true },
    { used: "9999.99", payer: "0.01", patient: "142.44", warning: true },
    { used: "10000.00", payer: "0.00", patient: "142.45", warning: true },
    { used: "12000.00", payer: "0.00", patient: "142.45", warning: true },
  ])(
    "benefitUsed $used: the payer pays $payer, $patient past the cap",
    ({ used, payer, patient, warning }) => {
      const claim = { ...ptVisit("2026-07-15", "auto", "09102-04"), ...(used ? { benefitUsed: used } : {}) };
      const estimate = priceClaim(claim, { ...medicare(), profile: flPip });
      expect(estimate.allowed).toBe("142.45");
      expect(estimate.payerPayment).toBe(payer);
      expect(estimate.payerPaid).toBe(payer);
      expect(estimate.patientResponsibility).toBe(patient);
      expect((estimate.warnings ?? []).some((w) => w.includes("past the benefit (CARC 119)"))).toBe(warning);
      const capTrace = estimate.trace.filter((t) => t.startsWith("benefit cap PIP medical and disability"));
      expect(capTrace).toHaveLength(1);
      expect(capTrace[0]).toContain(used === undefined ? "not applied" : `${used} used before this claim`);
      // The $2,500 limit has no verified amount: shown, never applied.
      expect(
        estimate.trace.some(
          (t) => t.includes("limit without an emergency medical condition") && t.includes("not verified"),
        ),
      ).toBe(true);
    },
  );
});

describe("shipped state profiles that cannot price refuse naming what is missing", () => {
  it.each([
    {
      name: "FL PIP told to refuse without the 2007 schedule",
      profile: edited(flPip, (s) => Object.assign(s.floor as object, { whenNotLoaded: "refuse" })),
      claim: ptVisit("2026-07-15", "auto", "09102-04"),
      location: "pricing.stateSchedule.floor",
      message: /the 2007 floor .* cannot be checked: no RVU release of 2007 is loaded/,
    },
    {
      name: "TX 2024: its verified factor, but no 2024 RVUs in the bundled data",
      profile: tx,
      claim: ptVisit("2024-07-15", "workers-comp", "04412-18"),
      location: "$.lines[0].dateOfService",
      message: /no fee schedule for 2024/,
    },
    {
      name: "TX 2026: the factor is not verified",
      profile: tx,
      claim: dcVisit("2026-07-15", "workers-comp", "04412-18"),
      location: "pricing.stateSchedule.conversionFactors[2].amount",
      message: /conversion factor for its services on 2026-07-15 is not verified.*28 TAC §134.203\(c\)\(2\)/,
    },
    {
      name: "CO 2024-10: its verified factors, but no 2024 RVUs in the bundled data",
      profile: co,
      claim: ptVisit("2024-10-15", "workers-comp"),
      location: "$.lines[0].dateOfService",
      message: /no fee schedule for 2024/,
    },
    {
      name: "CO chiropractic: which section prices CMT is not verified",
      profile: coWith2024Cfs,
      claim: dcVisit("2026-07-15", "workers-comp"),
      location: "pricing.stateSchedule.conversionFactors[11].amount",
      message: /conversion factor for section cmt on 2026-07-15 is not verified/,
    },
    {
      name: "CA PT visit: no DWC conversion factor verified",
      profile: ca,
      claim: ptVisit("2026-07-15", "workers-comp", "01182-18"),
      location: "pricing.stateSchedule.conversionFactors[2].amount",
      message:
        /CA workers' compensation: .*conversion factor for its services on 2026-07-15 is not verified.*8 CCR §9789.19/,
    },
    {
      name: "CA chiropractic visit: no DWC conversion factor verified",
      profile: ca,
      claim: dcVisit("2026-07-15", "workers-comp", "01182-18"),
      location: "pricing.stateSchedule.conversionFactors[2].amount",
      message: /8 CCR §9789.19/,
    },
    {
      name: "FL workers' comp template",
      profile: load("fl-workers-comp.json"),
      claim: ptVisit("2026-07-15", "workers-comp", "09102-04"),
      location: "pricing.stateSchedule.percentages[0].percent",
      message: /physical therapists and chiropractic physicians.*§440.13\(12\)/,
    },
    {
      name: "NY workers' comp: the WCB RVU table is not imported",
      profile: load("ny-workers-comp.json"),
      claim: ptVisit("2026-07-15", "workers-comp"),
      location: "pricing.stateRvuTable",
      message:
        /its RVU table is not loaded: import the WCB's medical fee schedule relative values .* pricing.stateRvuTable/,
    },
    {
      name: "NY no-fault: the WCB RVU table is not imported",
      profile: load("ny-no-fault.json"),
      claim: dcVisit("2026-07-15", "auto"),
      location: "pricing.stateRvuTable",
      message: /its RVU table is not loaded/,
    },
    {
      name: "NJ PIP: the exhibit is not imported",
      profile: load("nj-pip.json"),
      claim: ptVisit("2026-07-15", "auto"),
      location: "pricing.feeTable",
      message:
        /import the physician fee schedule exhibit of N.J.A.C. 11:3-29 .*code,modifier,amount \(and region.*import the file and name it at pricing.feeTable/,
    },
    {
      name: "AZ template",
      profile: load("az-workers-comp.json"),
      claim: ptVisit("2026-07-15", "workers-comp"),
      location: "pricing.feeTable",
      message: /Industrial Commission of Arizona physicians' fee schedule/,
    },
    {
      name: "MD template",
      profile: load("md-workers-comp.json"),
      claim: ptVisit("2026-07-15", "workers-comp", "12302-01"),
      location: "pricing.stateSchedule.percentages[0].percent",
      message: /COMAR 14.09.08/,
    },
  ])("$name", ({ profile, claim, location, message }) => {
    const estimate = priceClaim(claim, { ...medicare(), profile });
    expect(estimate.allowed).toBeNull();
    expect(estimate.findings).toHaveLength(1);
    expect(estimate.findings![0]).toMatchObject({ rule: "reference-data", severity: "error", location });
    expect(estimate.findings![0]!.message).toMatch(message);
  });
});

describe("state files imported by the user", () => {
  // A synthetic two-row table: the WCB's own values are licensed and not bundled. The
  // figures are made up to check the arithmetic: 97110 RVU 7.05 x region IV PM factor 6.50
  // = 45.825 x 2 = 91.65; 98941 RVU 9.50 x the chiropractic factor 7.00 = 66.50.
  const table = parseStateRvuTable("code,modifier,rvu\n97110,,7.05\n98941,,9.50", "wcb-rvus.csv");
  const ny = edited(load("ny-workers-comp.json"), (s) => {
    s.regions = [
      { region: "IV", zipPrefixes: ["100"], source: { citation: "user's table" }, verified: false },
    ];
    for (const cf of s.conversionFactors as Array<Record<string, unknown>>) {
      if (cf.region !== "IV") continue;
      if (cf.section === "physical-medicine") Object.assign(cf, { amount: "6.50" });
      if (cf.section === "chiropractic") Object.assign(cf, { amount: "7.00" });
    }
  });
  const nyVisit = (zip?: string) =>
    visit({
      date: "2026-07-15",
      credential: "PT",
      payerType: "workers-comp",
      ...(zip ? { zip } : {}),
      lines: [
        ["97110", 2, ["GP"]],
        ["98941", 1, []],
      ],
    });

  it("NY: the state's RVUs x the region's and section's factor, region from the practice ZIP", () => {
    const estimate = priceClaim(nyVisit("10001"), { ...medicare(), profile: ny, stateRvuTable: table });
    expect(estimate.findings ?? []).toEqual([]);
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["91.65", "66.50"]);
    expect(estimate.allowed).toBe("158.15");
    expect(estimate.conversionFactor).toBe("6.50");
    expect(estimate.edition).toBe("state RVU table wcb-rvus.csv");
    expect(estimate.trace).toEqual(
      expect.arrayContaining([
        "region IV: practice ZIP 10001 (user's table; NOT verified: supplied by the user or a secondary source)",
        "line 1 97110: state RVU table line 2 (97110) RVU 7.05 x 6.50 x 2 = 91.6500",
      ]),
    );
  });

  it("NY: an RVU daily cap counts the state's RVUs (a user's 12.00-RVU PT cap on 14.10 RVUs)", () => {
    // 97110 x 2 at RVU 7.05 = 14.10 RVUs, 2.10 over 12.00: 91.65 x 210 / 1410 = 13.65 comes off,
    // leaving 78.00 (= 12.00 x 6.50).
    const capped = edited(ny, (s) => {
      s.dailyCaps = [
        {
          id: "ny-pm-day",
          disciplines: ["PT"],
          unit: "rvus",
          amount: "12.00",
          from: "2019-04-01",
          source: { citation: "user's figure" },
          verified: false,
        },
      ];
    });
    const claim = visit({
      date: "2026-07-15",
      credential: "PT",
      payerType: "workers-comp",
      zip: "10001",
      lines: [["97110", 2, ["GP"]]],
    });
    const estimate = priceClaim(claim, { ...medicare(), profile: capped, stateRvuTable: table });
    expect(estimate.findings ?? []).toEqual([]);
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["78.00"]);
  });

  it.each([
    { name: "a ZIP in no region", zip: "14201", message: /practice ZIP 14201 is in no region/ },
    { name: "no practice ZIP", zip: undefined, message: /the practice ZIP is not known/ },
  ])("NY refuses when the region cannot be chosen: $name", ({ zip, message }) => {
    const estimate = priceClaim(nyVisit(zip), { ...medicare(), profile: ny, stateRvuTable: table });
    expect(estimate.allowed).toBeNull();
    expect(estimate.findings![0]).toMatchObject({ location: "pricing.stateSchedule.regions" });
    expect(estimate.findings![0]!.message).toMatch(message);
  });

  it("NJ PIP: the region's fee row, the lesser of the charge, and a refusal naming the daily maximum", () => {
    // Synthetic rows (the exhibit is not bundled): 97110 region II 33.00 x 2 = 66.00, and
    // 97140 for every region 27.00, but billed 25.00: the lesser, 25.00.
    const fees = parseFeeTable(
      "code,modifier,amount,region\n97110,,30.00,I\n97110,,33.00,II\n97140,,27.00,",
      "nj-exhibit1.csv",
    );
    const base = edited(load("nj-pip.json"), (s) => {
      s.regions = [
        { region: "I", zipPrefixes: ["070"], source: { citation: "user's table" }, verified: false },
        { region: "II", zipPrefixes: ["085"], source: { citation: "user's table" }, verified: false },
      ];
    });
    const claim = visit({
      date: "2026-07-15",
      credential: "PT",
      payerType: "auto",
      zip: "08540",
      lines: [
        ["97110", 2, ["GP"]],
        ["97140", 1, ["GP"], "25.00"],
      ],
    });
    // As shipped, the daily physical-medicine maximum is not verified: no amounts.
    const refused = priceClaim(claim, { ...medicare(), profile: base, feeTable: fees });
    expect(refused.findings![0]).toMatchObject({ location: "pricing.stateSchedule.dailyCaps[0].amount" });
    const capped = edited(base, (s) => {
      Object.assign((s.dailyCaps as object[])[0]!, { amount: "80.00", verified: false });
    });
    // 66.00 + 25.00 = 91.00 > 80.00: 11.00 off the last line, 25.00 -> 14.00.
    const estimate = priceClaim(claim, { ...medicare(), profile: capped, feeTable: fees });
    expect(estimate.findings ?? []).toEqual([]);
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["66.00", "14.00"]);
    expect(estimate.trace).toContain("line 1 97110: fee table line 3 (97110, region II) 33.00 x 2 = 66.00");
  });
});

describe("every shipped state profile", () => {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".json"));
  it.each(names)("%s loads, and every figure it gives has a source", (name) => {
    const schedule = load(name).pricing.stateSchedule!;
    expect(schedule.authority.citation.length).toBeGreaterThan(0);
    const figures = [
      ...schedule.conversionFactors,
      ...schedule.percentages,
      ...schedule.dailyCaps,
      ...schedule.benefitCaps,
    ];
    for (const f of figures) expect(f.source.citation.length).toBeGreaterThan(0);
  });
});
