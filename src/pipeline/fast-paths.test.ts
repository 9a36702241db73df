import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codeVisit } from "../coding/index.js";
import type { Claim } from "../model/claim.js";
import { visitSchema } from "../model/visit.js";
import { parsePayerProfile } from "../payers/load.js";
import { medicareProfile, type PayerProfile } from "../payers/profile.js";
import { claimOf, type LineSpec, profileOf, seedLines } from "../pricing/claim-builder.test-support.js";
import { parseFeeTable } from "../pricing/fee-table.js";
import { estimateAllowedByLine, type PricingContext, priceClaimDetailed } from "../pricing/price-claim.js";
import { sharedReference } from "../pricing/test-support.js";
import { referenceCache, scrubClaim } from "../rules/index.js";
import { packReference, repoRoot } from "../test-support/reference.js";
import {
  type CheckResult,
  checkOne,
  type LoadedPayerProfile,
  type PipelineOptions,
  pricingContext,
  profileFor,
} from "./pipeline.js";

/**
 * The fast paths of issue 9 give what the slow ones give:
 * - estimateAllowedByLine (amounts only, no trace) against priceClaimDetailed's allowed
 *   cents and its estimate lines, or the same error, over a generated table of claims in
 *   the pricing tables' shapes (every payer basis, settings, localities, years, modifiers);
 * - checkOne (one pricing shared by coding, the kx-threshold rule and the estimate) against
 *   the pipeline as it was composed before: code, scrub and price, each pricing the claim
 *   in full, over every example visit under several run options.
 */

/** The value or the error (class and message), so a throw compares like a result. */
function outcome<T>(f: () => T): T | { error: string; message: string } {
  try {
    return f();
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

/** Mulberry32: the same cases on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const feeTable = parseFeeTable(
  fs.readFileSync(path.join(repoRoot, "profiles/workers-comp-example-fees.csv"), "utf8"),
  "workers-comp-example-fees.csv",
);
const feeTableProfile = profileOf({
  type: "workers-comp",
  pricing: { basis: "fee-table", feeTable: "fees.csv", coinsurancePercent: "0", deductible: false },
});

/** The payer settings the pricing tables use (price-claim.test.ts, fee-table.test.ts). */
const payers: Array<{ name: string; profile: PayerProfile; feeTable?: typeof feeTable }> = [
  { name: "medicare", profile: medicareProfile },
  { name: "medicare, no MPPR", profile: profileOf({ type: "medicare", mppr: false }) },
  { name: "medicare, no CQ/CO cut", profile: profileOf({ type: "medicare", assistantReduction: false }) },
  { name: "medicare advantage", profile: profileOf({ type: "medicare-advantage" }) },
  {
    name: "commercial 110%",
    profile: profileOf({
      type: "commercial",
      mppr: true,
      pricing: { basis: "percent-of-medicare", percentOfMedicare: "110", coinsurancePercent: "20" },
    }),
  },
  {
    name: "commercial, no percentage",
    profile: profileOf({ type: "commercial", pricing: { basis: "percent-of-medicare" } }),
  },
  { name: "self-pay", profile: profileOf({ type: "self-pay" }) },
  { name: "workers' comp fee table", profile: feeTableProfile, feeTable },
  { name: "fee table profile without its table", profile: feeTableProfile },
];

const codes = [
  "97110",
  "97140",
  "97012",
  "97530",
  "97112",
  "97035",
  "97014",
  "97039",
  "G0283",
  "98941",
  "99213",
  "97164",
  "XXXXX",
];
const modifierSets = [
  ["GP"],
  ["GP", "XS"],
  ["GP", "CQ"],
  ["GO", "CO"],
  ["GP", "KX"],
  ["GP", "GY"],
  ["GA"],
  ["26"],
  ["TC"],
  [],
];
const dates = ["2025-11-03", "2026-03-02", "2026-07-15", "2025-12-31", "2027-02-01", "2024-06-01"];
const places = [
  {},
  { locality: "09102-04" },
  { locality: "99999-99" },
  { zip: "33101" },
  { zip: "00000" },
  { zip: "3310" },
];

/** Claims and contexts in the shapes of the pricing tables, with a few faults. */
function generatedCases(count: number): Array<{ name: string; claim: Claim; ctx: PricingContext }> {
  const rnd = random(20260302);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const cases: Array<{ name: string; claim: Claim; ctx: PricingContext }> = [];
  for (let n = 0; n < count; n++) {
    const date = pick(dates);
    const lines: LineSpec[] =
      n % 10 === 0
        ? seedLines
        : Array.from(
            { length: 1 + Math.floor(rnd() * 5) },
            (): LineSpec => [
              pick(codes),
              Math.floor(rnd() * 4),
              pick(modifierSets),
              rnd() < 0.15 ? pick(dates) : date,
            ],
          );
    const payer = pick(payers);
    const claim = claimOf({
      date,
      lines,
      ...pick(places),
      pos: pick(["11", "11", "22", "99"]),
      participating: rnd() < 0.8,
      ...(rnd() < 0.8 ? { deductibleRemaining: pick(["0.00", "120.00", "257.00", "9999.00"]) } : {}),
    });
    const ctx: PricingContext = {
      reference: sharedReference(),
      profile: payer.profile,
      ...(payer.feeTable ? { feeTable: payer.feeTable } : {}),
      ...(rnd() < 0.15 ? { locality: pick(["national", "09102-04", "01112-05", "bad"]) } : {}),
      ...(rnd() < 0.1 ? { year: pick([2025, 2026, 2027, 1899]) } : {}),
      ...(rnd() < 0.2 ? { qualifyingApm: rnd() < 0.5 } : {}),
      ...(rnd() < 0.1 ? { deductibleRemaining: pick(["0.00", "50.00", "abc", "-5.00"]) } : {}),
    };
    cases.push({ name: `${n}: ${payer.name}, ${date}, ${lines.map((l) => l[0]).join(" ")}`, claim, ctx });
  }
  return cases;
}

describe("estimateAllowedByLine gives priceClaimDetailed's allowed amounts", () => {
  const cases = generatedCases(1500);

  it("covers priced, unpriced, zero and refused claims", () => {
    const kinds = new Set<string>();
    for (const { claim, ctx } of cases) {
      const slow = outcome(() => priceClaimDetailed(claim, ctx));
      if ("error" in slow) kinds.add("error");
      else
        for (const c of slow.allowedCents)
          kinds.add(c === undefined ? "unpriced" : c === 0n ? "zero" : "priced");
    }
    expect([...kinds].sort()).toEqual(["error", "priced", "unpriced", "zero"]);
  });

  it.each(cases)("$name", ({ claim, ctx }) => {
    const slow = outcome(() => priceClaimDetailed(claim, ctx));
    const fast = outcome(() => estimateAllowedByLine(claim, ctx));
    if ("error" in slow) {
      expect(fast).toEqual(slow);
      return;
    }
    const cents = slow.allowedCents.map((c) => (c === undefined ? undefined : Number(c)));
    expect(fast).toEqual(cents);
    // And what the estimate shows per line (a priced line's allowed, as money text).
    const shown = slow.estimate.lines.map((l, i) => (cents[i] === undefined ? undefined : l.allowed));
    expect(shown).toEqual(
      cents.map((c, i) =>
        c === undefined ? undefined : slow.estimate.lines[i]!.allowed === null ? null : (c / 100).toFixed(2),
      ),
    );
  });
});

/** checkOne as it was composed before the shared pricing: each step prices the claim in full. */
function slowCheck(visitInput: unknown, options: PipelineOptions): CheckResult {
  const visit = visitSchema.parse(visitInput);
  const allowed = (profile: LoadedPayerProfile) => (claim: Claim) =>
    priceClaimDetailed(claim, pricingContext(profile, options)).allowedCents.map((c) =>
      c === undefined ? undefined : Number(c),
    );
  const codingProfile = profileFor(visit, options);
  const coded = codeVisit(visit, {
    reference: options.reference,
    profile: codingProfile,
    allowedAmounts: allowed(codingProfile),
    ...(options.chargeSchedule ? { chargeSchedule: options.chargeSchedule } : {}),
  });
  if (coded.claim.lines.length === 0) return { claim: coded.claim, findings: coded.findings, estimate: null };
  const profile = profileFor(coded.claim, options);
  const scrubbed = scrubClaim(coded.claim, {
    reference: options.reference,
    profile,
    asOf: options.asOf,
    cache: referenceCache(options),
    allowedAmounts: allowed(profile),
  });
  const estimate = priceClaimDetailed(coded.claim, pricingContext(profile, options)).estimate;
  const covered = (f: (typeof scrubbed)[number]) =>
    coded.findings.some(
      (c) =>
        c.rule === f.rule &&
        (c.message === f.message ||
          (c.severity === f.severity && f.lines.length > 0 && f.lines.every((l) => c.lines.includes(l)))),
    );
  return {
    claim: coded.claim,
    findings: [...coded.findings, ...scrubbed.filter((f) => !covered(f)), ...(estimate.findings ?? [])],
    estimate,
  };
}

describe("checkOne gives the result of coding, scrubbing and pricing each on their own", () => {
  const reference = packReference();
  const visitsDir = path.join(repoRoot, "examples/visits");
  const visits = fs
    .readdirSync(visitsDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ file: f, visit: JSON.parse(fs.readFileSync(path.join(visitsDir, f), "utf8")) }));
  const profiles = ["commercial-example.json", "workers-comp-example.json"].map((name) => {
    const file = path.join(repoRoot, "profiles", name);
    const profile = parsePayerProfile(fs.readFileSync(file, "utf8"), name, file);
    return profile.pricing.basis === "fee-table" ? { ...profile, feeTableData: feeTable } : profile;
  });
  /** The seed visit past the KX threshold, documented or not: coding adds KX, or reports it. */
  const pastThreshold = (necessary: boolean) => ({
    ...visits.find((v) => v.file.startsWith("01-"))!.visit,
    therapyYearToDate: "2460.00",
    medicallyNecessaryOverThreshold: necessary,
  });
  const inputs = [
    ...visits,
    { file: "seed past the KX threshold, necessary", visit: pastThreshold(true) },
    { file: "seed past the KX threshold, not documented", visit: pastThreshold(false) },
    {
      file: "seed as a commercial PPO visit",
      visit: { ...pastThreshold(true), payer: { id: "EXPPO", name: "Example PPO", type: "commercial" } },
    },
    {
      file: "seed as workers' comp",
      visit: { ...pastThreshold(true), payer: { id: "WC", type: "workers-comp" } },
    },
  ];
  const runs: Array<[string, Omit<PipelineOptions, "reference">]> = [
    ["as of 2026-04-01", { asOf: "2026-04-01" }],
    ["national", { asOf: "2026-04-01", pricing: { locality: "national" } }],
    ["2025 fee schedule, APM", { asOf: "2026-04-01", pricing: { year: 2025, qualifyingApm: true } }],
    ["unknown locality", { asOf: "2026-04-01", pricing: { locality: "99999-99" } }],
    ["with payer profiles", { asOf: "2026-04-01", profiles }],
  ];

  it.each(inputs.flatMap((v) => runs.map(([run, o]) => [v.file, run, v.visit, o] as const)))(
    "%s, %s",
    (_file, _run, visit, run) => {
      // Each side has its own options (and so its own reference cache), as two runs would.
      const fast = outcome(() => checkOne(visitSchema.parse(visit), { reference, ...run }));
      const slow = outcome(() => slowCheck(visit, { reference, ...run }));
      expect(fast).toEqual(slow);
    },
  );

  it("the KX cases do reprice: coding adds KX after its walk, and the estimate shows it", () => {
    const result = checkOne(visitSchema.parse(pastThreshold(true)), { reference, asOf: "2026-04-01" });
    expect(result.claim.lines.some((l) => l.modifiers.includes("KX"))).toBe(true);
    expect(result.estimate?.lines.some((l) => l.modifiers?.includes("KX"))).toBe(true);
  });
});
