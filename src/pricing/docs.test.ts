import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { claimOf, type LineSpec, medicare, seedLines } from "./claim-builder.test-support.js";
import { priceClaim } from "./price-claim.js";

/**
 * docs/pricing.md works the seed visit by hand (97012 + 97110 x2 + 97140, Medicare, Miami
 * 09102-04, 2026-03-02). These tests hold the page and the engine to the same numbers.
 */
const docPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/pricing.md");
const doc = fs.readFileSync(docPath, "utf8");

function between(start: string, end: string): string {
  const from = doc.indexOf(start);
  const to = doc.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`docs/pricing.md has no ${start} ... ${end} section`);
  return doc.slice(from + start.length, to);
}

const seedVisit = (lines: LineSpec[] = seedLines, participating = true) =>
  claimOf({ date: "2026-03-02", locality: "09102-04", lines, participating, deductibleRemaining: "0.00" });

describe("docs/pricing.md", () => {
  const estimate = priceClaim(seedVisit(), medicare());

  it("shows the engine's estimate for the worked example, field by field", () => {
    const block = between("<!-- estimate:seed-visit -->", "<!-- /estimate -->");
    const json = /```json\n([\s\S]*?)\n```/.exec(block)?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toEqual(estimate);
  });

  it("computes by hand exactly the figures the engine gives, and no other bold figure", () => {
    const hand = between("<!-- hand:start -->", "<!-- hand:end -->");
    const bold = new Set([...hand.matchAll(/\*\*([\d.]+)\*\*/g)].map((m) => m[1]));

    const unitFees = estimate.trace.flatMap((t) => /^\d{5} unit \d.*= ([\d.]+)$/.exec(t)?.[1] ?? []);
    expect(unitFees).toEqual(["11.990255082", "30.13095189", "23.0030328255", "21.9873114565"]);
    // The CQ and non-participating variants of line 2 worked in steps 8 and 9.
    const cq = priceClaim(
      seedVisit([
        ["97012", 1, ["GP"]],
        ["97110", 2, ["GP", "CQ"]],
        ["97140", 1, ["GP", "XS"]],
      ]),
      medicare(),
    ).lines[1]!;
    const nonPar = priceClaim(seedVisit(seedLines, false), medicare()).lines[1]!;

    const engine = new Set([
      ...unitFees,
      ...estimate.lines.flatMap((l) => [l.allowed, l.mpprReduction]),
      estimate.allowed,
      estimate.deductibleApplied,
      estimate.coinsurance,
      estimate.payerPayment,
      estimate.sequestration,
      estimate.payerPaid,
      estimate.patientResponsibility,
      cq.allowed,
      cq.assistantReduction,
      nonPar.allowed,
      nonPar.limitingCharge ?? "missing",
    ]);
    expect([...bold].sort()).toEqual([...engine].sort());
    expect(engine).toContain("87.11");
  });
});
