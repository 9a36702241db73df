import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledPolicy, packReference, repoRoot } from "../../test-support/reference.js";
import { parsePolicy } from "../importers/policy.js";
import { MemorySource } from "../memory-source.js";
import { Reference } from "../reference.js";
import type { PolicyRow } from "../types.js";

/** The bundled figures alone, as the pack holds them. */
function bundled(): Reference {
  const source = new MemorySource();
  source.add(bundledPolicy(), "pack", "2026-11-26T19:37:53.985Z");
  return new Reference(source);
}

/** The bundled figures plus a user's import of `rows`. */
function withImport(release: string, rows: PolicyRow[]): Reference {
  const source = new MemorySource();
  source.add(bundledPolicy(), "pack", "2026-11-26T19:37:53.985Z");
  const from = rows.map((r) => r.effectiveFrom).sort()[0]!;
  source.add(
    {
      edition: {
        table: "policy",
        source: "policy-2027.json",
        release,
        effectiveFrom: from,
        effectiveThrough: null,
      },
      rows,
    },
    "import",
    "2026-12-01T10:00:00.000Z",
  );
  return new Reference(source);
}

describe("policy figures by date of service (domain.md; the CMS final rules)", () => {
  const reference = bundled();

  it.each([
    // CY2024: 32.7442 from 1 January, 33.2875 from 9 March (Consolidated Appropriations Act 2024).
    ["2024-03-08", false, "32.7442"],
    ["2024-03-09", false, "33.2875"],
    ["2025-11-03", false, "32.3465"],
    // 2025 has one factor for everyone: a qualifying APM participant gets it too.
    ["2025-11-03", true, "32.3465"],
    ["2026-03-02", false, "33.4009"],
    ["2026-03-02", true, "33.5675"],
  ])("conversion factor on %s (qualifying APM %s): %s", (date, qualifyingApm, value) => {
    expect(reference.conversionFactor(date, { qualifyingApm })?.value).toBe(value);
  });

  it("has no conversion factor for 2023 or 2027: none is loaded, and none is guessed", () => {
    expect(reference.conversionFactor("2023-12-31")).toBeUndefined();
    expect(reference.conversionFactor("2027-01-04")).toBeUndefined();
  });

  it("gives the KX threshold of the date's year, and says which are unverified", () => {
    expect(reference.kxThreshold("2024-12-31")).toMatchObject({ cents: 233_000, verified: true });
    expect(reference.kxThreshold("2025-01-01")).toMatchObject({ cents: 241_000, verified: false });
    expect(reference.kxThreshold("2026-06-30")).toMatchObject({ cents: 248_000, verified: false });
    expect(reference.kxThreshold("2027-01-01")).toBeUndefined();
  });

  it("gives the $3,000 targeted review threshold through 2027 (SSA §1833(g)(7)(B)) and the deductibles", () => {
    expect(reference.targetedMedicalReviewThreshold("2027-12-31")?.cents).toBe(300_000);
    expect(reference.targetedMedicalReviewThreshold("2028-01-01")).toBeUndefined();
    expect(reference.partBDeductible("2025-05-01")?.cents).toBe(25_700);
    expect(reference.partBDeductible("2026-05-01")?.cents).toBe(28_300);
  });

  it("gives the percentages in force: MPPR 50% of PE from 2013-04-01, CQ/CO 85% from 2022, sequestration 2% from 2022-07-01", () => {
    expect(reference.policyFigure("therapy-mppr", "2013-03-31")).toBeUndefined();
    expect(reference.policyFigure("therapy-mppr", "2013-04-01")?.value.pePercent).toBe("50");
    expect(reference.policyFigure("assistant-payment", "2021-12-31")).toBeUndefined();
    expect(reference.policyFigure("assistant-payment", "2022-01-01")?.value.percent).toBe("85");
    expect(reference.policyFigure("sequestration", "2022-06-30")).toBeUndefined();
    expect(reference.policyFigure("sequestration", "2022-07-01")?.value.percent).toBe("2");
    expect(reference.policyFigure("non-participating", "2026-03-02")?.value).toMatchObject({
      percent: "95",
      limitingChargePercent: "115",
    });
  });

  it("reads the therapy code list in force on the date", () => {
    expect(reference.therapyCode("97110", "2026-03-02")).toMatchObject({
      timing: "timed",
      therapyClass: "always",
    });
    expect(reference.therapyCode("97161", "2026-03-02")?.evaluationDiscipline).toBe("PT");
    expect(reference.therapyCode("98940", "2026-03-02")?.therapyClass).toBeUndefined();
    // The bundled list starts with CY2024 (it has the 2024 caregiver training codes 97550-97552).
    expect(reference.therapyCode("97110", "2023-12-31")).toBeUndefined();
  });

  it("is what the built pack holds (run `npm run pack:build` after editing bundled-policy.json)", () => {
    const pack = packReference()
      .policyFigures()
      .map((f) => f.value);
    expect(pack).toHaveLength(bundledPolicy().rows.length);
    expect(new Set(pack.map((r) => JSON.stringify(r)))).toEqual(
      new Set(bundledPolicy().rows.map((r) => JSON.stringify(r))),
    );
  });
});

describe("an imported policy edition", () => {
  it("adds a new year's figures; the bundled ones keep answering for the rest", () => {
    const reference = withImport("CY2027 test figures", [
      {
        figure: "conversion-factor",
        value: "33.4009",
        label: "test factor for 2027",
        appliesTo: "all",
        effectiveFrom: "2027-01-01",
        effectiveThrough: "2027-12-31",
        source: "test",
        verified: false,
      },
    ]);
    expect(reference.conversionFactor("2027-02-01")?.value).toBe("33.4009");
    expect(reference.policyFigure("conversion-factor", "2027-02-01")?.edition.origin).toBe("import");
    expect(reference.conversionFactor("2026-02-01", { qualifyingApm: true })?.value).toBe("33.5675");
    // Open-ended bundled figures go on in 2027.
    expect(reference.policyFigure("sequestration", "2027-02-01")?.edition.origin).toBe("pack");
  });

  it("replaces a bundled figure with the same dates: a corrected 2025 KX threshold wins", () => {
    const reference = withImport("KX 2025 correction", [
      {
        figure: "kx-threshold",
        amount: "2410.00",
        effectiveFrom: "2025-01-01",
        effectiveThrough: "2025-12-31",
        source: "CMS therapy services page (checked)",
        verified: true,
      },
    ]);
    expect(reference.kxThreshold("2025-06-01")).toMatchObject({ cents: 241_000, verified: true });
    expect(reference.kxThreshold("2026-06-01")).toMatchObject({ verified: false });
  });

  it("reads the example file from examples/policy like any other import", () => {
    const file = path.join(repoRoot, "examples/policy/policy-2026.json");
    const parsed = parsePolicy(fs.readFileSync(file), "policy-2026.json");
    const reference = withImport(parsed.edition.release, parsed.rows);
    expect(reference.partBDeductible("2026-01-01")?.source).toBe(
      'CMS fact sheet "2026 Medicare Parts A & B Premiums and Deductibles"',
    );
  });
});
