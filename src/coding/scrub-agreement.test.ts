import { describe, expect, it } from "vitest";
import type { VisitInput } from "../model/visit.js";
import { profileForPayer } from "../payers/profile.js";
import { scrubClaim } from "../rules/index.js";
import { packReference } from "../test-support/reference.js";
import { codeVisit } from "./index.js";
import { visitWith } from "./test-support/reference.js";

/**
 * Coding and scrubbing implement the same contract from two sides: a claim coded from
 * complete documentation must scrub without errors (issue 3 acceptance: the seed visit
 * with XS "returns these lines, and no error").
 */
const reference = packReference();

function codeAndScrub(changes: Partial<VisitInput>) {
  const visit = visitWith(changes);
  const profile = profileForPayer(visit.payer);
  const { claim } = codeVisit(visit, { reference, profile });
  return { claim, scrub: scrubClaim(claim, { reference, profile, asOf: "2026-03-10" }) };
}

describe("claims coded from complete documentation scrub without errors", () => {
  it.each<[string, Partial<VisitInput>]>([
    ["the seed visit with XS on 97140", {}],
    [
      "CMS CQ scenario 1 (97110 ×2 CQ, 97140 ×2)",
      {
        services: [
          { code: "97110", minutes: 36, assistantMinutes: 23 },
          { code: "97140", minutes: 30 },
        ],
      },
    ],
    [
      "a code split by CQ (PT 12 + PTA 12)",
      { services: [{ code: "97110", minutes: 24, assistantMinutes: 12 }] },
    ],
    ["an untimed code with CQ", { services: [{ code: "97012", minutes: 20, assistantMinutes: 3 }] }],
    [
      "CMS §20.2 example 4 (97035 not billed)",
      {
        services: [
          { code: "97110", minutes: 18 },
          { code: "97140", minutes: 13 },
          { code: "97116", minutes: 10 },
          { code: "97035", minutes: 8 },
        ],
        charges: { "97110": "60.00", "97140": "55.00", "97116": "50.00", "97035": "30.00" },
      },
    ],
    [
      "97110 7 + 97140 7 = 14 minutes: one unit, 97140's minutes kept as unbilled",
      {
        services: [
          { code: "97110", minutes: 7 },
          { code: "97140", minutes: 7 },
        ],
      },
    ],
    ["97014 recoded to G0283", { services: [{ code: "97014", minutes: 15 }], charges: { "97014": "30.00" } }],
    [
      "KX past the 2025 threshold with medical necessity",
      {
        dateOfService: "2025-11-03",
        planOfCare: { discipline: "PT", certifiedFrom: "2025-10-01", certifiedThrough: "2025-12-31" },
        therapyYearToDate: "2350.00",
        medicallyNecessaryOverThreshold: true,
      },
    ],
    [
      "Medicare chiropractic: active CMT with manual therapy on another region",
      {
        renderingProvider: { credential: "DC" },
        planOfCare: null,
        diagnoses: ["M99.03", "M54.50"],
        chiropractic: { activeTreatment: true, spinalRegions: 2, initialTreatmentDate: "2026-02-20" },
        services: [
          { code: "98940", region: "lumbar" },
          { code: "97140", minutes: 15, region: "cervical", distinct: "XS" },
        ],
        charges: { "98940": "55.00", "97140": "45.00" },
      },
    ],
  ])("%s", (_name, changes) => {
    const { scrub } = codeAndScrub(changes);
    expect(scrub.filter((f) => f.severity === "error")).toEqual([]);
  });
});

describe("without the attestation, the scrubber reports what coding would not invent", () => {
  it("seed visit without XS: an ncci-ptp error on the 97140 line, citing the edition, with no fix", () => {
    const { claim, scrub } = codeAndScrub({
      services: [
        { code: "97012", minutes: 15 },
        { code: "97110", minutes: 30 },
        { code: "97140", minutes: 8, region: "cervical" },
      ],
    });
    expect(claim.lines.map((l) => [l.code, l.units, ...l.modifiers])).toEqual([
      ["97012", 1, "GP"],
      ["97110", 2, "GP"],
      ["97140", 1, "GP"],
    ]);
    const errors = scrub.filter((f) => f.severity === "error");
    expect(errors.map((f) => f.rule)).toEqual(["ncci-ptp"]);
    expect(errors[0]!.lines).toContain(2);
    expect(errors[0]!.reference).toMatch(/2024Q3/);
    expect(errors[0]!.fix).toBeUndefined();
  });
});

describe("documented timed minutes that earn no unit", () => {
  it("are kept on the claim so the day's total stays whole (Pub. 100-04 ch. 5 §20.2)", () => {
    const { claim } = codeAndScrub({
      services: [
        { code: "97110", minutes: 7 },
        { code: "97140", minutes: 7 },
      ],
    });
    expect(claim.lines.map((l) => [l.code, l.units, l.minutes])).toEqual([["97110", 1, 7]]);
    expect(claim.unbilledTimedMinutes).toEqual([{ code: "97140", minutes: 7, dateOfService: "2026-03-02" }]);
  });
});
