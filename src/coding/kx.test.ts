import { describe, expect, it } from "vitest";
import { medicareProfile } from "../payers/profile.js";
import { estimateAllowedByLine } from "../pricing/index.js";
import { packReference } from "../test-support/reference.js";
import { codeVisit } from "./index.js";
import { feeScheduleAllowed, walkKxThreshold } from "./kx.js";
import { codingReference, visitWith } from "./test-support/reference.js";

const reference = packReference();

describe("walkKxThreshold (contract §3 KX)", () => {
  type D = "PT" | "OT" | "SLP" | undefined;
  const walk = (yearToDate: number, allowed: Array<number | undefined>, disciplines?: D[]) =>
    walkKxThreshold({
      lineDisciplines: disciplines ?? allowed.map((): D => "PT"),
      allowed,
      discipline: "PT",
      yearToDate,
      threshold: 241_000,
    });

  it.each<[ytd: number, allowed: number[], past: number[], why: string]>([
    [240_000, [500, 500, 500], [2], "2,405 → 2,410 (equal is not past) → 2,415 past on line 2"],
    [240_999, [1, 1], [1], "reaching the threshold exactly is not past it"],
    [241_000, [0, 1], [1], "a $0.00 line does not pass it"],
    [241_001, [0, 0], [0, 1], "already past: every line"],
    [0, [10_000, 10_000], [], "far below"],
  ])("ytd %i, %j → %j (%s)", (ytd, allowed, past) => {
    expect(walk(ytd, allowed).pastThreshold).toEqual(past);
  });

  it("PT and SLP share a threshold; OT lines are another group; non-therapy lines are skipped", () => {
    const result = walk(240_901, [50, 50, 50, 50], ["PT", "OT", undefined, "SLP"]);
    expect(result.pastThreshold).toEqual([3]);
    expect(result.otherGroup).toEqual([1]);
    expect(result.total).toBe(241_001);
  });

  it("unknown amounts count as 0 and are listed", () => {
    expect(walk(0, [undefined, 10]).unknown).toEqual([0]);
  });
});

describe("feeScheduleAllowed: national fee schedule fallback, exact", () => {
  it("PPRRVU2025_Oct at CF 32.3465: 97012 $14.23, 97110 ×2 $57.58, 97140 $27.17", () => {
    const { claim } = codeVisit(visitWith({ dateOfService: "2025-11-03" }), {
      reference,
      profile: medicareProfile,
    });
    // 0.44 × 32.3465 = 14.23246; 1.78 × 32.3465 = 57.57677; 0.84 × 32.3465 = 27.17106.
    expect(feeScheduleAllowed(claim, reference)).toEqual([1423, 5758, 2717]);
  });

  it("a status I code (97014) adds nothing; a code without an RVU row is unknown", () => {
    // The small fixture (real rows, fewer codes) has no 97750 row; the pack has one.
    const fixture = codingReference();
    const { claim } = codeVisit(
      visitWith({
        dateOfService: "2025-11-03",
        payer: { id: "ACME", type: "commercial" },
        services: [{ code: "97014" }, { code: "97750", minutes: 15 }],
        charges: { "97014": "30.00", "97750": "50.00" },
      }),
      { reference: fixture, profile: { ...medicareProfile, accepts97014: true } },
    );
    expect(claim.lines.map((l) => l.code)).toEqual(["97014", "97750"]);
    expect(feeScheduleAllowed(claim, fixture)).toEqual([0, undefined]);
  });
});

describe("KX with the pricing engine's estimate (src/pricing estimateAllowedByLine)", () => {
  // Contract §4: the seed visit at 2025 national rates allows $82.64 with therapy MPPR
  // (97012 $11.32, 97110 ×2 $50.62, 97140 $20.70); the fallback's upper bound is $98.98.
  const visit = visitWith({
    dateOfService: "2025-11-03",
    planOfCare: { discipline: "PT", certifiedFrom: "2025-10-01", certifiedThrough: "2025-12-31" },
    therapyYearToDate: "2340.00",
    medicallyNecessaryOverThreshold: true,
  });

  it("MPPR lowers the estimate, so the threshold is passed one line later than with the fallback", () => {
    const priced = codeVisit(visit, {
      reference,
      profile: medicareProfile,
      allowedAmounts: (claim) =>
        estimateAllowedByLine(claim, { reference, profile: medicareProfile, locality: "national" }),
    });
    // 2,340.00 + 11.32 + 50.62 = 2,401.94; + 20.70 = 2,422.64: past on 97140.
    expect(priced.claim.lines.map((l) => l.modifiers.includes("KX"))).toEqual([false, false, true]);

    const fallback = codeVisit(visit, { reference, profile: medicareProfile });
    // 2,340.00 + 14.23 + 57.58 = 2,411.81: past on 97110.
    expect(fallback.claim.lines.map((l) => l.modifiers.includes("KX"))).toEqual([false, true, true]);
  });
});

describe("KX when no policy edition gives the year's threshold", () => {
  // The bundled policy figures give KX thresholds for 2022-2026 (docs/policy-figures.md). A
  // January 2027 visit far past any threshold is not given KX on a guessed figure: coding
  // says which figure is missing and what to import.
  const visit = visitWith({
    dateOfService: "2027-01-05",
    planOfCare: { discipline: "PT", certifiedFrom: "2027-01-02", certifiedThrough: "2027-03-31" },
    therapyYearToDate: "9000.00",
    medicallyNecessaryOverThreshold: true,
  });

  it("adds no KX and warns, naming the policy file to import", () => {
    const coded = codeVisit(visit, { reference, profile: medicareProfile });
    expect(coded.claim.lines.some((l) => l.modifiers.includes("KX"))).toBe(false);
    expect(coded.findings).toContainEqual(
      expect.objectContaining({
        rule: "kx-threshold",
        severity: "warning",
        message:
          "no loaded policy edition gives the therapy KX threshold for 2027-01-05: import a policy figures file that covers it (`cleanclaim data import policy-2027.json`; the format is in docs/policy-figures.md); KX was not judged for this claim",
      }),
    );
  });
});
