import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { medicareProfile } from "../payers/profile.js";
import { parseReferenceFile } from "../reference/importers/index.js";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import type { ParsedTable } from "../reference/types.js";
import { bundledPolicy, sharedDataDir } from "../test-support/reference.js";
import { claimOf, seedLines } from "./claim-builder.test-support.js";
import { priceClaim } from "./price-claim.js";

/**
 * Policy figures come from the policy editions, by date of service (docs/policy-figures.md).
 * The 2026 RVU excerpt and GPCIs, relabelled as editions in force in 2027, stand for a 2027
 * fee schedule: with no 2027 conversion factor loaded, nothing is priced and the estimate
 * names the file to import. Importing a factor prices the visit: with the 2026 factor
 * 33.4009 the seed visit in Miami allows 87.11, the contract's hand-computed 2026 figure
 * (contract §4; price-claim.test.ts "Miami").
 */
function in2027(file: string): ParsedTable<unknown> {
  const parsed = parseReferenceFile(fs.readFileSync(path.join(sharedDataDir, file)), path.basename(file));
  return {
    ...parsed,
    edition: { ...parsed.edition, effectiveFrom: "2027-01-01", effectiveThrough: "2027-12-31" },
  } as ParsedTable<unknown>;
}

function reference2027(policy?: Buffer): Reference {
  const source = new MemorySource();
  for (const file of ["mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv", "mpfs-2026/GPCI2026.csv"])
    source.add(in2027(file), "import", "2026-12-01T00:00:00.000Z");
  source.add(
    parseReferenceFile(
      fs.readFileSync(path.join(sharedDataDir, "pos-2024/pos_codes_2024-06.csv")),
      "pos_codes_2024-06.csv",
    ),
    "import",
    "2026-12-01T00:00:00.000Z",
  );
  source.add(bundledPolicy(), "pack", "2026-11-26T19:37:53.985Z");
  if (policy)
    source.add(parseReferenceFile(policy, "policy-2027.json"), "import", "2026-12-02T00:00:00.000Z");
  return new Reference(source);
}

const visit = claimOf({
  date: "2027-03-01",
  lines: seedLines,
  locality: "09102-04",
  deductibleRemaining: "0.00",
});

describe("a date of service with no conversion factor loaded", () => {
  const estimate = priceClaim(visit, { reference: reference2027(), profile: medicareProfile });
  const missing =
    "no loaded policy edition gives the MPFS conversion factor for 2027-03-01: import a policy figures file that covers it (`cleanclaim data import policy-2027.json`; the format is in docs/policy-figures.md)";

  it("prices nothing, and says which figure is missing and what to import", () => {
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["0.00", "0.00", "0.00"]);
    expect(estimate.lines.map((l) => l.notes)).toEqual([
      [`not priced: ${missing}`],
      [`not priced: ${missing}`],
      [`not priced: ${missing}`],
    ]);
    expect(estimate.warnings).toContain(
      `line 1 (97012) cannot be priced: ${missing}; its allowed amount is left at 0.00`,
    );
    expect(estimate.conversionFactor).toBe("unknown");
  });

  it("names the missing Part B deductible too", () => {
    expect(estimate.warnings).toContain(
      "no loaded policy edition gives the Part B deductible for 2027-03-01: import a policy figures file that covers it (`cleanclaim data import policy-2027.json`; the format is in docs/policy-figures.md)",
    );
  });
});

describe("after importing a policy figures file for 2027", () => {
  const figures = Buffer.from(
    JSON.stringify({
      kind: "cleanclaim policy figures",
      formatVersion: 1,
      release: "test: the CY2026 factor carried into 2027",
      figures: [
        {
          figure: "conversion-factor",
          value: "33.4009",
          label: "test factor",
          appliesTo: "all",
          effectiveFrom: "2027-01-01",
          effectiveThrough: "2027-12-31",
          source: "test: the CY2026 non-qualifying APM factor",
          verified: false,
        },
      ],
    }),
  );
  const estimate = priceClaim(visit, { reference: reference2027(figures), profile: medicareProfile });

  it("prices the visit to the cent with the imported factor, MPPR, sequestration from the bundled edition", () => {
    expect(estimate.conversionFactor).toBe("33.4009");
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["11.99", "53.13", "21.99"]);
    expect(estimate.lines.map((l) => l.mpprReduction)).toEqual(["3.13", "7.13", "6.78"]);
    expect(estimate).toMatchObject({ allowed: "87.11", sequestration: "1.39", payerPaid: "68.30" });
    expect(estimate.trace).toContain(
      "conversion factor 33.4009 (test factor; test: the CY2026 non-qualifying APM factor)",
    );
  });
});

describe("a CQ line when no policy edition gives the assistant payment percentage", () => {
  // The bundled figures without the CQ/CO 85% row: the CQ line is not priced at 100% (a guess),
  // it is left unpriced with the figure named; the line without CQ is priced as usual.
  it("leaves the CQ line unpriced and prices the others", () => {
    const source = new MemorySource();
    for (const file of [
      "mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv",
      "mpfs-2026/GPCI2026.csv",
      "pos-2024/pos_codes_2024-06.csv",
    ])
      source.add(
        parseReferenceFile(fs.readFileSync(path.join(sharedDataDir, file)), path.basename(file)),
        "import",
        "2026-12-01T00:00:00.000Z",
      );
    const policy = bundledPolicy();
    source.add({ ...policy, rows: policy.rows.filter((r) => r.figure !== "assistant-payment") }, "pack");
    const claim = claimOf({
      date: "2026-07-15",
      lines: [
        ["97110", 1, ["GP", "CQ"]],
        ["97140", 1, ["GP"]],
      ],
      locality: "09102-04",
      deductibleRemaining: "0.00",
    });
    const estimate = priceClaim(claim, { reference: new Reference(source), profile: medicareProfile });
    expect(estimate.lines[0]!.notes).toEqual([
      "not priced: no loaded policy edition gives the CQ/CO assistant payment percentage for 2026-07-15: import a policy figures file that covers it (`cleanclaim data import policy-2026.json`; the format is in docs/policy-figures.md)",
    ]);
    expect(estimate.lines[0]!.allowed).toBe("0.00");
    // 97140 alone under MPPR, in full: (0.43 x 1.000 + 0.39 x 1.041 + 0.01 x 2.529) x 33.4009
    // = 0.86128 x 33.4009 = 28.76752715 -> 28.77 (by hand).
    expect(estimate.lines[1]!.allowed).toBe("28.77");
  });
});
