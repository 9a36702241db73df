import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { timedUnits } from "../src/coding/units.js";
import { type Claim, type ClaimInput, claimSchema } from "../src/model/claim.js";
import type { PayerType, UnitMethod } from "../src/model/common.js";
import { defaultsByType } from "../src/payers/profile.js";
import { parseReferenceFile } from "../src/reference/importers/index.js";
import { parsePolicy } from "../src/reference/importers/policy.js";
import { MemorySource } from "../src/reference/memory-source.js";
import { Reference } from "../src/reference/reference.js";
import type { ReferenceData } from "../src/reference/types.js";
import { profileForClaim, scrubClaim } from "../src/rules/engine.js";
import { ReferenceCache } from "../src/rules/reference-cache.js";
import { type BenchResult, round } from "./result.js";

/**
 * Scrubbing throughput (issue 3): claims per second on one thread, every rule, against the
 * full NCCI PTP practitioner table (2.5 million rows) and the real MUE, ICD-10-CM, RVU,
 * HCPCS and place-of-service files. There is no npm claim scrubber to compare with, so
 * the figure is set against the target of 100,000 claims/s, named "target".
 *
 *   npx tsx bench/scrub.ts
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.resolve(here, "../../shared/data");

/** The target of issue 3. */
export const targetClaimsPerSecond = 100_000;

/** The real files the benchmark reference is built from. */
const files = [
  "ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz",
  "ncci-2024q3/mue_practitioner_2024q3.csv",
  "icd10cm-fy2024/icd10cm_fy2024.csv.gz",
  "mpfs-2025/PPRRVU2025_Oct.csv",
  "mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv",
  "hcpcs-2025/HCPC2025_OCT_ANWEB.csv",
  "pos-2024/pos_codes_2024-06.csv",
];

/** A Reference over the full PTP table and the other real files, and how long it took to build. */
export function fullReference(): { reference: Reference; seconds: number; ptpRows: number } {
  const start = process.hrtime.bigint();
  const source = new MemorySource();
  let ptpRows = 0;
  for (const file of files) {
    const parsed = parseReferenceFile(fs.readFileSync(path.join(data, file)), path.basename(file));
    if (parsed.edition.table === "ptp") ptpRows = parsed.rows.length;
    source.add(parsed, "import");
  }
  const policy = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "../src/reference/policy/bundled-policy.json",
  );
  source.add(parsePolicy(fs.readFileSync(policy), "bundled-policy.json"), "pack");
  const reference = new Reference(source);
  return { reference, seconds: Number(process.hrtime.bigint() - start) / 1e9, ptpRows };
}

/** Mulberry32: a small seeded generator, so every run scrubs the same batch. */
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

const payerMix: ReadonlyArray<[PayerType, number]> = [
  ["medicare", 0.5],
  ["commercial", 0.25],
  ["medicare-advantage", 0.1],
  ["medicaid", 0.05],
  ["workers-comp", 0.05],
  ["self-pay", 0.05],
];

const methodOf = Object.fromEntries(
  Object.entries(defaultsByType).map(([type, d]) => [type, d.unitMethod]),
) as Record<PayerType, UnitMethod>;

const ptCodes = ["97012", "97110", "97112", "97116", "97140", "97530", "97035", "G0283"];
/** Re-evaluations and group therapy, on a few visits (each has NCCI pairs with the others). */
const occasional = ["97164", "97150"];
const otCodes = ["97530", "97535", "97110", "97140", "97168", "97112"];
const chiroCodes = ["98940", "98941", "97012", "97140", "97110", "99213"];
const timed = new Set(["97110", "97112", "97116", "97140", "97530", "97535", "97035"]);
const diagnoses = ["M54.16", "M51.26", "M54.50", "M54.2", "M25.511", "M62.81", "S13.4XXA", "M99.03"];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/**
 * A realistic batch: mixed payers, PT, OT and chiropractic visits of 3 to 6 lines, dated in
 * late 2025, about a third with a coding fault (a missing GP, 97014 to Medicare, traction
 * billed twice, manual therapy without its distinct modifier, a header diagnosis).
 */
export function claimBatch(size: number, seed = 20261126): Claim[] {
  const rnd = random(seed);
  const claims: Claim[] = [];
  for (let n = 0; n < size; n++) {
    let u = rnd();
    let payer: PayerType = "medicare";
    for (const [type, share] of payerMix) {
      if (u < share) {
        payer = type;
        break;
      }
      u -= share;
    }
    const kind = rnd();
    const credential = kind < 0.7 ? "PT" : kind < 0.85 ? "OT" : "DC";
    const pool = credential === "PT" ? ptCodes : credential === "OT" ? otCodes : chiroCodes;
    const count = 3 + Math.floor(rnd() * 4);
    const codes: string[] = credential === "PT" && rnd() < 0.05 ? [pick(rnd, occasional)] : [];
    while (codes.length < count) {
      const c = pick(rnd, pool);
      if (!codes.includes(c)) codes.push(c);
    }
    const faulty = rnd() < 0.33;
    const day = String(3 + Math.floor(rnd() * 25)).padStart(2, "0");
    const date = `2025-11-${day}`;
    const discipline = credential === "OT" ? "GO" : "GP";
    // Units as coding bills them: the payer's unit method over the day's timed minutes.
    const minutesOf = codes.map((code) => (timed.has(code) ? 8 + Math.floor(rnd() * 30) : 15));
    const timedIndexes = codes.flatMap((code, i) => (timed.has(code) ? [i] : []));
    const allocation = timedUnits(
      timedIndexes.map((i) => ({ code: codes[i]!, minutes: minutesOf[i]! })),
      methodOf[payer],
    );
    const lines: ClaimInput["lines"] = codes.map((code, i) => {
      const minutes = minutesOf[i]!;
      const k = timedIndexes.indexOf(i);
      // A code the allocation leaves at 0 units keeps 1 here: the claim has no empty lines.
      const units = k < 0 ? 1 : Math.max(1, allocation[k]!);
      const modifiers = credential === "DC" ? (code.startsWith("989") ? ["AT"] : ["GP", "GY"]) : [discipline];
      // Manual therapy with traction or CMT: the clinician attests a separate region.
      if (code === "97140" && (codes.includes("97012") || codes.some((c) => c.startsWith("989"))))
        modifiers.push("XS");
      void i;
      return {
        code,
        modifiers,
        units,
        charge: `${45 * units}.00`,
        diagnosisPointers: [1],
        dateOfService: date,
        minutes,
      };
    });
    if (faulty) {
      const line = lines[Math.floor(rnd() * lines.length)]!;
      const fault = Math.floor(rnd() * 4);
      if (fault === 0) line.modifiers = [];
      else if (fault === 1) line.code = "97014";
      else if (fault === 2) line.units = 2;
      else line.modifiers = (line.modifiers ?? []).filter((m) => m !== "XS");
    }
    claims.push(
      claimSchema.parse({
        id: `B-${n}`,
        patient: {
          firstName: "Pat",
          lastName: `Test${n}`,
          birthDate: "1950-01-01",
          memberId: `M${n}`,
          sex: "F",
          address: "12 Ocean Dr",
          city: "Miami",
          state: "FL",
          zip: "33101",
        },
        // What an EMR sends for a claim bound for the 837P: the parties' names and addresses
        // (a claim without them gets the claim-structure readiness warning instead).
        payer: { id: `${payer.toUpperCase()}-1`, name: `${payer} payer`, type: payer },
        billingProvider: {
          npi: "1234567893",
          taxId: "591234567",
          name: "Bench Therapy",
          address: "100 Biscayne Blvd",
          city: "Miami",
          state: "FL",
          zip: "331011234",
        },
        renderingProvider: {
          npi: "1972638468",
          credential,
          participating: true,
          firstName: "Rosa",
          lastName: "Alvarez",
        },
        placeOfService: "11",
        diagnoses: faulty && rnd() < 0.2 ? ["M54.5"] : [pick(rnd, diagnoses), pick(rnd, diagnoses)],
        planOfCare:
          credential === "DC"
            ? null
            : { discipline: credential, certifiedFrom: "2025-10-01", certifiedThrough: "2025-12-31" },
        chiropractic:
          credential === "DC" ? { activeTreatment: true, initialTreatmentDate: "2025-10-15" } : null,
        therapyYearToDate: `${Math.floor(rnd() * 2600)}.00`,
        medicallyNecessaryOverThreshold: rnd() < 0.5,
        abnOnFile: false,
        lines,
      }),
    );
  }
  return claims;
}

/**
 * Claims per second scrubbing `claims` against `reference`: the best of several timed
 * passes after a warm-up pass (which also fills the lookup caches, as a long batch would).
 * Wall-clock time is the figure; process CPU time is reported beside it, because on a
 * shared machine other processes stretch the wall clock but not the CPU time (which also
 * counts the garbage collector's helper threads, so it errs against us).
 */
export function measureScrub(
  reference: ReferenceData,
  claims: readonly Claim[],
  passes = 7,
): { claimsPerSecond: number; claimsPerCpuSecond: number; findingsPerClaim: number } {
  const asOf = "2026-01-15";
  // One run, one cache (as the pipeline keeps it on its options across a batch).
  const cache = new ReferenceCache(reference);
  const profiles = claims.map((c) => profileForClaim(c, cache));
  let findings = 0;
  for (let i = 0; i < claims.length; i++) {
    findings += scrubClaim(claims[i]!, { reference, profile: profiles[i]!, asOf, cache }).length;
  }
  let best = 0;
  let bestCpu = 0;
  for (let p = 0; p < passes; p++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < claims.length; i++)
      scrubClaim(claims[i]!, { reference, profile: profiles[i]!, asOf, cache });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    best = Math.max(best, claims.length / seconds);
    bestCpu = Math.max(bestCpu, claims.length / ((used.user + used.system) / 1e6));
  }
  return { claimsPerSecond: best, claimsPerCpuSecond: bestCpu, findingsPerClaim: findings / claims.length };
}

/** The benchmark over a Reference the caller built (for `npm run bench` to wire in). */
export function benchScrubWith(reference: ReferenceData, batchSize = 50_000): BenchResult[] {
  const claims = claimBatch(batchSize);
  const { claimsPerSecond, claimsPerCpuSecond, findingsPerClaim } = measureScrub(reference, claims);
  return [
    {
      name: "scrub: claims/s, one thread, full NCCI PTP, 3-6 lines, mixed payers",
      value: Math.round(claimsPerSecond),
      unit: "claims/s",
      peer: "target",
      ratio: round(claimsPerSecond / targetClaimsPerSecond),
    },
    {
      name: "scrub: claims per CPU-second (same batch; robust to a busy machine)",
      value: Math.round(claimsPerCpuSecond),
      unit: "claims/s",
      peer: "target",
      ratio: round(claimsPerCpuSecond / targetClaimsPerSecond),
    },
    { name: "scrub: findings per claim in the batch", value: round(findingsPerClaim), unit: "findings" },
  ];
}

/** `npm run bench` entry: builds the full-PTP reference from ../shared/data, then measures. */
export async function benchScrub(): Promise<BenchResult[]> {
  const { reference, seconds, ptpRows } = fullReference();
  return [
    ...benchScrubWith(reference),
    {
      name: `scrub: build the reference (${ptpRows} PTP rows and the other files)`,
      value: round(seconds),
      unit: "s",
    },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of await benchScrub()) {
    const vs = r.peer ? `  vs ${r.peer}: ${r.ratio}x` : "";
    process.stdout.write(`${r.name.padEnd(72)} ${String(r.value).padStart(10)} ${r.unit}${vs}\n`);
  }
}
