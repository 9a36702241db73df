import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { Problem } from "../model/problem.js";
import { applyFixes, profileForClaim, scrubClaim, scrubClaims } from "./engine.js";
import { ReferenceCache } from "./reference-cache.js";
import { rules } from "./registry.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { memoryReference, ruleReference } from "./test-support/reference.js";
import type { Rule, RuleContext } from "./types.js";

const asOf = "2026-03-10";
const context = (claim: Claim, extra: Partial<RuleContext> = {}): RuleContext => ({
  reference: ruleReference(),
  profile: profileForClaim(claim),
  asOf,
  ...extra,
});
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === "error");

/** The contract's seed visit as coding bills it (issue 3 acceptance). */
function seedClaim(attested: boolean): Claim {
  return claimOf({
    lines: [
      { code: "97012", modifiers: ["GP"], minutes: 15 },
      { code: "97110", modifiers: ["GP"], units: 2, minutes: 30 },
      attested
        ? { code: "97140", modifiers: ["GP", "XS"], minutes: 8, region: "cervical", distinct: "XS" }
        : { code: "97140", modifiers: ["GP"], minutes: 8, region: "cervical" },
    ],
  });
}

describe("scrubClaim on the seed visit", () => {
  it("97012 ×1 GP, 97110 ×2 GP, 97140 ×1 GP XS (attested): no error", () => {
    const claim = seedClaim(true);
    expect(errors(scrubClaim(claim, context(claim)))).toEqual([]);
  });

  it("without the attestation: one ncci-ptp error on 97140, citing the edition, with no fix", () => {
    const claim = seedClaim(false);
    const found = errors(scrubClaim(claim, context(claim)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: "ncci-ptp", lines: [0, 2], carc: "236" });
    expect(found[0]!.reference).toMatch(/2024Q3 .*in force from 2024-07-01; NCCI Policy Manual ch\. XI/);
    expect(found[0]!.fix).toBeUndefined();
  });

  it("reports the editions it had to fall back on as warnings, never errors", () => {
    const claim = seedClaim(true);
    const warnings = scrubClaim(claim, context(claim)).filter((f) => f.rule === "reference-data");
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((f) => f.severity === "warning")).toBe(true);
  });
});

describe("the engine", () => {
  const throwing: Rule = {
    meta: {
      id: "throws",
      severity: "warning",
      description: "a defect",
      references: ["test"],
      docs: "docs/rules/throws.md",
    },
    check() {
      throw new Error("index out of range");
    },
  };
  const twice: Rule = {
    meta: {
      id: "twice",
      severity: "warning",
      description: "reports twice",
      references: ["test"],
      docs: "docs/rules/twice.md",
    },
    check: () =>
      [0, 1].map(() => ({
        rule: "twice",
        severity: "warning",
        lines: [0],
        message: "same",
        reference: "test",
      })),
  };

  it("turns a rule's exception into an error finding naming the rule, and runs the others", () => {
    const claim = claimOf({ lines: ["97110"] });
    const found = scrubClaim(claim, context(claim), [throwing, twice]);
    expect(found[0]).toMatchObject({ rule: "throws", severity: "error", lines: [] });
    expect(found[0]!.message).toContain("rule throws failed on this claim (index out of range)");
    expect(found.map((f) => f.rule)).toEqual(["throws", "twice"]);
  });

  it("passes a reference-data problem (an edition gone from disk) to the caller instead of calling it a defect", () => {
    const gone: Rule = {
      ...throwing,
      check() {
        throw new Problem([{ code: "reference-data", message: "edition mue--x is no longer on disk" }]);
      },
    };
    const claim = claimOf({ lines: ["97110"] });
    expect(() => scrubClaim(claim, context(claim), [gone, twice])).toThrowError(/no longer on disk/);
  });

  it("drops exact duplicates", () => {
    const claim = claimOf({ lines: ["97110"] });
    expect(scrubClaim(claim, context(claim), [twice])).toHaveLength(1);
  });

  it("applies the payer profile's severities, and skips rules set to off", () => {
    const claim = claimOf({
      lines: [
        { code: "97110", modifiers: ["GP"] },
        { code: "97110", modifiers: ["GP"] },
      ],
    });
    const profile = profileOf("medicare", {
      severities: { "duplicate-line": "error", "reference-data": "off" },
    });
    const found = scrubClaim(claim, context(claim, { profile }));
    expect(found.find((f) => f.rule === "duplicate-line")?.severity).toBe("error");
    expect(found.some((f) => f.rule === "reference-data")).toBe(false);
  });

  it("reports findings in registry order", () => {
    const claim = claimOf({ lines: ["97014", { code: "97012", units: 2 }] });
    const order = scrubClaim(claim, context(claim)).map((f) => rules.findIndex((r) => r.meta.id === f.rule));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("scrubClaims uses each claim's payer when no profile is given", () => {
    const medicare = claimOf({ lines: ["97014"] });
    const commercial = claimOf({ payer: "commercial", lines: ["97014"] });
    const [a, b] = scrubClaims([medicare, commercial], { reference: ruleReference(), asOf });
    expect(a!.findings.some((f) => f.rule === "code-status")).toBe(true);
    expect(b!.findings.some((f) => f.rule === "code-status")).toBe(false);
  });
});

describe("applyFixes", () => {
  it("removes lines last, highest first, so that the other patches keep their indexes", () => {
    const claim = claimOf({ lines: ["97012", "97110", "97140", "97530"] });
    const fixed = applyFixes(claim, [
      {
        rule: "a",
        severity: "error",
        lines: [1],
        message: "",
        reference: "",
        fix: { description: "", patch: [{ op: "remove-line", line: 1 }] },
      },
      {
        rule: "b",
        severity: "error",
        lines: [2],
        message: "",
        reference: "",
        fix: {
          description: "",
          patch: [
            { op: "add-modifier", line: 2, modifier: "XS" },
            { op: "remove-line", line: 3 },
          ],
        },
      },
    ]);
    expect(fixed.lines.map((l) => [l.code, l.modifiers])).toEqual([
      ["97012", []],
      ["97140", ["XS"]],
    ]);
  });

  it("takes the fewest units when rules disagree, and scales the charge", () => {
    const claim = claimOf({ lines: [{ code: "97012", units: 3, charge: "135.00" }] });
    const setUnits = (units: number): Finding => ({
      rule: "r",
      severity: "error",
      lines: [0],
      message: String(units),
      reference: "",
      fix: { description: "", patch: [{ op: "set-units", line: 0, units }] },
    });
    const fixed = applyFixes(claim, [setUnits(2), setUnits(1)]);
    expect(fixed.lines[0]).toMatchObject({ units: 1, charge: "45.00" });
    expect(claim.lines[0]!.units).toBe(3);
  });

  it("applies a patch repeated by two findings once, and keeps the order within a fix", () => {
    const claim = claimOf({ lines: [{ code: "97110", modifiers: ["GP", "52"] }] });
    const add: Finding = {
      rule: "r",
      severity: "error",
      lines: [0],
      message: "",
      reference: "",
      fix: {
        description: "",
        patch: [
          { op: "remove-modifier", line: 0, modifier: "GP" },
          { op: "add-modifier", line: 0, modifier: "GP" },
        ],
      },
    };
    expect(applyFixes(claim, [add, { ...add, message: "again" }]).lines[0]!.modifiers).toEqual(["52", "GP"]);
  });

  it("a messy Medicare claim scrubs clean of every fixed finding after --fix", () => {
    const claim = claimOf({
      diagnoses: ["M54.16", "M51.26"],
      lines: [
        { code: "97014", modifiers: ["GP"] },
        { code: "97012", units: 2, modifiers: ["GP"] },
        { code: "97110", units: 4, minutes: 30 },
        { code: "97140", minutes: 8, distinct: "XS", modifiers: ["GP", "GP"] },
        { code: "97530", minutes: 15, pointers: [] },
        { code: "97530", minutes: 15, pointers: [] },
      ],
    });
    const ctx = context(claim);
    const before = scrubClaim(claim, ctx);
    const fixable = before.filter((f) => f.fix);
    expect(new Set(fixable.map((f) => f.rule))).toEqual(
      new Set([
        "ncci-ptp",
        "mue",
        "untimed-units",
        "timed-units",
        "therapy-modifier",
        "code-status",
        "diagnosis",
        "modifier",
        "duplicate-line",
      ]),
    );
    const fixed = applyFixes(claim, before);
    const after = scrubClaim(fixed, ctx);
    expect(after.filter((f) => f.fix)).toEqual([]);
    expect(errors(after)).toEqual([]);
    expect(fixed.lines.map((l) => `${l.code}×${l.units} ${l.modifiers.join(" ")}`)).toEqual([
      "G0283×1 GP",
      "97012×1 GP",
      "97110×2 GP",
      "97140×1 GP XS",
      "97530×2 GP",
    ]);
  });
});

describe("run state lives in the run's context (issue 8 §4)", () => {
  it("keeps one ReferenceCache on the context for the run, and a new context starts its own", () => {
    const claim = seedClaim(true);
    const ctx = context(claim);
    expect(ctx.cache).toBeUndefined();
    scrubClaim(claim, ctx);
    const first = ctx.cache;
    expect(first).toBeInstanceOf(ReferenceCache);
    scrubClaim(claim, ctx);
    expect(ctx.cache).toBe(first);
    const other = context(claim, { reference: memoryReference() });
    scrubClaim(claim, other);
    expect(other.cache).not.toBe(first);
    expect(other.cache?.reference).toBe(other.reference);
  });

  it("judges with the context's day: the same claim is late as of one day and on time as of another", () => {
    // Medicare: 12 months after the date of service (42 CFR 424.44); 2025-03-03 is due by 2026-03-03.
    const claim = claimOf({ date: "2025-03-03", lines: ["97110"] });
    const late = (day: string) =>
      scrubClaim(claim, context(claim, { asOf: day })).some((f) => f.rule === "timely-filing");
    expect(late("2026-03-04")).toBe(true);
    expect(late("2026-03-03")).toBe(false);
    expect(late("2026-03-04")).toBe(true);
  });
});
