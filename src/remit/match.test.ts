import { describe, expect, it } from "vitest";
import { claimOf } from "../rules/test-support/claims.js";
import { matchLines } from "./match.js";
import type { RemitClaim, RemitServiceLine } from "./types.js";

const claim = claimOf({
  lines: [
    { code: "97012", modifiers: ["GP"] },
    { code: "97110", modifiers: ["GP"], units: 2, charge: "120.00" },
    { code: "97110", modifiers: ["GP", "CQ"], units: 1, charge: "60.00" },
    { code: "97140", modifiers: ["GP", "XS"] },
  ],
});

function svc(code: string, modifiers: string[], extra: Partial<RemitServiceLine> = {}): RemitServiceLine {
  return {
    code,
    modifiers,
    charge: "45.00",
    paid: "0.00",
    units: 1,
    dateOfService: "2026-03-02",
    adjustments: [],
    remarks: [],
    ...extra,
  };
}

function remitOf(lines: RemitServiceLine[]): RemitClaim {
  return { claimId: "T-1", status: "1", charge: "0.00", paid: "0.00", adjustments: [], remarks: [], lines };
}

describe("matching remit lines to submitted lines", () => {
  it("matches exactly when the payer echoes code, modifiers and date", () => {
    const m = matchLines(remitOf([svc("97012", ["GP"]), svc("97140", ["GP", "XS"])]), claim);
    expect(m.matches).toEqual([
      { remitLine: 0, line: 0, kind: "exact" },
      { remitLine: 1, line: 3, kind: "exact" },
    ]);
    expect(m.unmatchedLines).toEqual([1, 2]);
  });

  it("tolerates reordered, dropped and added modifiers, and lines in another order", () => {
    const m = matchLines(
      remitOf([
        svc("97140", ["XS", "GP"]),
        svc("97012", []),
        svc("97110", ["GP", "KX"], { charge: "120.00", units: 2 }),
      ]),
      claim,
    );
    expect(m.matches).toEqual([
      { remitLine: 0, line: 3, kind: "modifiers-reordered" },
      { remitLine: 1, line: 0, kind: "modifiers-dropped" },
      { remitLine: 2, line: 1, kind: "modifiers-added" },
    ]);
  });

  it("tells apart two lines of one code by their charge when the payer dropped the modifier that differs", () => {
    // 97110 x2 without CQ and 97110 x1 with CQ; the payer reports both as 97110 GP.
    const m = matchLines(
      remitOf([
        svc("97110", ["GP"], { charge: "60.00" }),
        svc("97110", ["GP"], { charge: "120.00", units: 2 }),
      ]),
      claim,
    );
    expect(m.matches).toEqual([
      { remitLine: 0, line: 2, kind: "modifiers-dropped" },
      { remitLine: 1, line: 1, kind: "exact" },
    ]);
  });

  it("keeps an exact match from being taken by a looser one earlier in the file", () => {
    const m = matchLines(remitOf([svc("97110", []), svc("97110", ["GP", "CQ"], { charge: "60.00" })]), claim);
    expect(m.matches).toEqual([
      { remitLine: 0, line: 1, kind: "modifiers-dropped" },
      { remitLine: 1, line: 2, kind: "exact" },
    ]);
  });

  it("falls back to the code alone when the date differs, and reports what matches nothing", () => {
    const m = matchLines(
      remitOf([svc("97012", ["GP"], { dateOfService: "2026-03-03" }), svc("G0283", ["GP"])]),
      claim,
    );
    expect(m.matches).toEqual([{ remitLine: 0, line: 0, kind: "code-only" }]);
    expect(m.unmatchedRemitLines).toEqual([1]);
    expect(m.unmatchedLines).toEqual([1, 2, 3]);
  });

  it("matches on SVC06 (the code as submitted) when the payer changed the code", () => {
    const m = matchLines(
      remitOf([svc("G0283", [], { submitted: { code: "97012", modifiers: ["GP"] } })]),
      claim,
    );
    expect(m.matches).toEqual([{ remitLine: 0, line: 0, kind: "exact" }]);
  });

  it("uses the claim's statement date for a line without its own date", () => {
    const line = svc("97012", ["GP"]);
    delete line.dateOfService;
    const remit = { ...remitOf([line]), statementFrom: "2026-03-02" };
    expect(matchLines(remit, claim).matches).toEqual([{ remitLine: 0, line: 0, kind: "exact" }]);
  });
});
