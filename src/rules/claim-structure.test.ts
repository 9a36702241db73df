import { describe, expect, it } from "vitest";
import { claimStructure, isValidNpi } from "./claim-structure.js";
import { profileForClaim } from "./engine.js";
import { runRuleCases, testAsOf } from "./rule-tester.js";
import {
  billing837,
  claimOf,
  patient837 as patient,
  profileOf,
  sendableClaimOf as sendable,
} from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

/** A workers' comp claim with what the payer requires (synthetic employer and claim number). */
const workersComp = {
  payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" as const },
  accident: { causes: ["EM" as const], date: "2026-02-10" },
  propertyCasualtyClaimNumber: "WC2026-0044172",
  employer: { name: "Gulf Coast Roofing Inc" },
};
/** A Florida PIP claim: auto accident, its state and the insurer's claim number. */
const autoPip = {
  payer: { id: "AUTO7", name: "GEICO PIP", type: "auto" as const },
  accident: { causes: ["AA" as const], date: "2026-02-10", state: "FL" },
  propertyCasualtyClaimNumber: "PIP-77-310045",
};

/** The JSON paths a readiness warning names, in order. */
const pathsIn = (message: string) => [...message.matchAll(/\$\.[A-Za-z.]+/g)].map((m) => m[0]);

runRuleCases(
  claimStructure,
  {
    valid: [
      { name: "the seed claim, ready for the 837P", claim: sendable({ lines: ["97012", "97110"] }) },
      {
        name: "a self-pay claim is never sent as an 837P: no readiness warning",
        claim: claimOf({ payer: "self-pay", lines: ["97110"] }),
      },
      {
        name: "an EIN with its dash",
        claim: sendable({ billingProvider: { ...billing837, taxId: "59-1234567" }, lines: ["97110"] }),
      },
      { name: "home (POS 12)", claim: sendable({ placeOfService: "12", lines: ["97110"] }) },
      {
        name: "a replacement claim with its payer claim control number",
        claim: sendable({ frequency: "7", payerClaimControlNumber: "22025123456789", lines: ["97110"] }),
      },
      { name: "50 lines", claim: sendable({ lines: Array.from({ length: 50 }, () => "97110") }) },
      {
        name: "a workers' comp claim with its injury (EM, date), claim number and employer",
        claim: sendable({ ...workersComp, lines: ["97110"] }),
      },
      {
        // The employer is the subscriber (2010BA NM102 = 2), whose NM108/NM109 are situational.
        name: "a workers' comp claim without a member id: the carrier issues none",
        claim: sendable({ ...workersComp, patient: { ...patient, memberId: "" }, lines: ["97110"] }),
      },
      {
        name: "an auto (PIP) claim with AA, the date and state, and the claim number",
        claim: sendable({ ...autoPip, lines: ["97110"] }),
      },
      {
        // EM and AA together: an injury at work in a vehicle (both causes reported, CLM11-1 and -2).
        name: "a workers' comp claim for a crash while driving for work (EM and AA)",
        claim: sendable({
          ...workersComp,
          accident: { causes: ["EM", "AA"], date: "2026-02-10", state: "FL" },
          lines: ["97110"],
        }),
      },
      {
        name: "a commercial claim needs none of them, even with an employment accident",
        claim: sendable({
          payer: { id: "60054", name: "AETNA", type: "commercial" },
          accident: { causes: ["EM"], date: "2026-02-10" },
          lines: ["97110"],
        }),
      },
    ],
    invalid: [
      {
        name: "a billing NPI with a wrong check digit (1234567890)",
        claim: sendable({ billingProvider: { ...billing837, npi: "1234567890" }, lines: ["97110"] }),
        findings: [
          {
            rule: "claim-structure",
            lines: [],
            carc: "16",
            rarc: "N257",
            message:
              'billing provider NPI "1234567890" is not a valid NPI: its check digit is wrong; copy it from NPPES',
            location: "$.billingProvider.npi",
          },
        ],
      },
      {
        name: "a rendering NPI of 9 digits",
        claim: sendable({
          renderingProvider: { npi: "197263846", credential: "PT", participating: true, lastName: "Alvarez" },
          lines: ["97110"],
        }),
        findings: [{ rarc: "N290", message: expect.stringContaining("an NPI is 10 digits") }],
      },
      {
        name: "a tax id of 8 digits",
        claim: sendable({ billingProvider: { ...billing837, taxId: "59123456" }, lines: ["97110"] }),
        findings: [{ location: "$.billingProvider.taxId" }],
      },
      {
        name: "no tax id",
        claim: sendable({ billingProvider: { ...billing837, taxId: "" }, lines: ["97110"] }),
        findings: [{ message: expect.stringContaining("has no tax id") }],
      },
      {
        name: "place of service 00 is not a code",
        claim: sendable({ placeOfService: "00", lines: ["97110"] }),
        findings: [{ rarc: "M77", location: "$.placeOfService" }],
      },
      {
        name: "a line charged 0.00",
        claim: sendable({ lines: [{ code: "97110", charge: "0.00" }] }),
        findings: [{ lines: [0], location: "$.lines[0].charge" }],
      },
      {
        name: "a line with 0 units",
        claim: sendable({ lines: [{ code: "97110", units: 0, charge: "45.00" }] }),
        findings: [{ lines: [0], message: expect.stringContaining("billed with 0 units") }],
      },
      {
        name: "a void (frequency 8) without the payer claim control number",
        claim: sendable({ frequency: "8", lines: ["97110"] }),
        findings: [
          {
            message: expect.stringContaining(
              "a void (frequency 8) claim must carry the payer claim control number",
            ),
          },
        ],
      },
      {
        name: "51 lines",
        claim: sendable({ lines: Array.from({ length: 51 }, () => "97110") }),
        findings: [{ message: expect.stringContaining("the claim has 51 lines") }],
      },
      {
        name: "no member id",
        claim: sendable({
          patient: { ...patient, memberId: "" },
          lines: ["97110"],
        }),
        findings: [{ location: "$.patient.memberId" }],
      },
      {
        // Contract §2's claim: no addresses, billing ZIP 33101 (5 digits), a rendering PT with
        // no name. The 837P requires 2010AA N301/N401/N402 and a 9-digit N403, 2010BA N301/N401/N402
        // when the patient is the subscriber, and 2310B NM103 (005010X222A1).
        name: "the contract's seed claim lacks what the 837P needs: one warning listing each field",
        claim: claimOf({
          payer: { id: "MEDICARE-FL", name: "Medicare Part B", type: "medicare" },
          lines: ["97012", "97110"],
        }),
        findings: [
          {
            rule: "claim-structure",
            severity: "warning",
            lines: [],
            carc: undefined,
            rarc: undefined,
            location: "$.billingProvider.address",
            message: expect.stringMatching(
              /^the 837P needs what this claim lacks: .*Add them before `cleanclaim x12 837`$/,
            ),
            reference: expect.stringContaining("ASC X12 837P 005010X222A1"),
          },
        ],
      },
      {
        name: "only the billing provider's ZIP+4 missing (33101 is 5 digits; 2010AA N403 needs 9)",
        claim: sendable({ billingProvider: { ...billing837, zip: "33101" }, lines: ["97110"] }),
        findings: [
          {
            severity: "warning",
            message:
              "the 837P needs what this claim lacks: $.billingProvider.zip expected the 9-digit ZIP+4: the 837P requires it for the billing provider (2010AA N403). Add it before `cleanclaim x12 837`",
          },
        ],
      },
      {
        name: "a rendering provider without a last name (2310B NM103)",
        claim: sendable({
          renderingProvider: { npi: "1972638468", credential: "PT", participating: true },
          lines: ["97110"],
        }),
        findings: [{ severity: "warning", location: "$.renderingProvider.lastName" }],
      },
      {
        // A Texas WC claim as an EMR would send it before the insurer's number and employer were entered.
        name: "workers' comp with none of the P&C fields: accident, REF*Y4 and employer, each named",
        claim: sendable({ payer: workersComp.payer, lines: ["97110"] }),
        findings: [
          {
            severity: "error",
            location: "$.accident",
            reference: expect.stringContaining("2300 CLM11-1 and DTP*439"),
            message: expect.stringContaining(
              "related cause EM (2300 CLM11-1) and the date of injury (DTP*439)",
            ),
          },
          { location: "$.propertyCasualtyClaimNumber", reference: expect.stringContaining("2010CA REF*Y4") },
          { location: "$.employer", reference: expect.stringContaining("2010BA NM103") },
        ],
      },
      {
        name: "workers' comp coded as other accident (OA) instead of employment (EM)",
        claim: sendable({
          ...workersComp,
          accident: { causes: ["OA"], date: "2026-02-10" },
          lines: ["97110"],
        }),
        findings: [{ location: "$.accident.causes", reference: expect.stringContaining("2300 CLM11-1") }],
      },
      {
        // DTP*439 is the guide's only for AA and OA; workers' comp payers need the date of injury too.
        name: "workers' comp with EM but no date of injury",
        claim: sendable({ ...workersComp, accident: { causes: ["EM"] }, lines: ["97110"] }),
        findings: [{ location: "$.accident.date", reference: expect.stringContaining("2300 DTP*439") }],
      },
      {
        name: "workers' comp naming a person subscriber as well as the employer",
        claim: sendable({
          ...workersComp,
          subscriber: { relationship: "20", lastName: "Rivera" },
          lines: ["97110"],
        }),
        findings: [{ location: "$.subscriber", message: expect.stringContaining("remove subscriber") }],
      },
      {
        name: "auto PIP without the insurer's claim number: REF*Y4 of 2010BA (the patient is the subscriber)",
        claim: sendable({ payer: autoPip.payer, accident: autoPip.accident, lines: ["97110"] }),
        findings: [
          { location: "$.propertyCasualtyClaimNumber", reference: expect.stringContaining("2010BA REF*Y4") },
        ],
      },
      {
        name: "auto PIP for a dependent without the claim number: REF*Y4 of 2010CA",
        claim: sendable({
          payer: autoPip.payer,
          accident: autoPip.accident,
          subscriber: { relationship: "01", lastName: "Rivera" },
          lines: ["97110"],
        }),
        findings: [
          { location: "$.propertyCasualtyClaimNumber", reference: expect.stringContaining("2010CA REF*Y4") },
        ],
      },
      {
        name: "auto PIP billed as an employment injury: no AA, no state",
        claim: sendable({ ...autoPip, accident: { causes: ["EM"], date: "2026-02-10" }, lines: ["97110"] }),
        findings: [
          { location: "$.accident.causes", message: expect.stringContaining("add AA") },
          { location: "$.accident.state", reference: expect.stringContaining("2300 CLM11-4") },
        ],
      },
      {
        // A payer entered as commercial but priced by a state workers' comp schedule profile.
        name: "a state workers' comp schedule prices the claim: judged as workers' comp",
        claim: sendable({
          payer: { id: "TXWC1", name: "TEXAS MUTUAL", type: "commercial" },
          lines: ["97110"],
        }),
        profile: profileOf("workers-comp", {
          pricing: { basis: "state-schedule", coinsurancePercent: "0", deductible: false } as never,
        }),
        findings: [
          { location: "$.accident" },
          { location: "$.propertyCasualtyClaimNumber" },
          { location: "$.employer" },
        ],
      },
      {
        name: "an error is not repeated as a readiness warning: a wrong NPI is one finding",
        claim: sendable({ billingProvider: { ...billing837, npi: "123456789" }, lines: ["97110"] }),
        findings: [{ severity: "error", location: "$.billingProvider.npi" }],
      },
    ],
  },
  { reference: ruleReference },
);

describe("isValidNpi (Luhn with the 80840 prefix)", () => {
  it.each([
    ["1234567893", true],
    ["1972638468", true],
    ["1245319599", true],
    ["1234567890", false],
    ["123456789", false],
    ["12345678A3", false],
  ])("%s → %s", (npi, valid) => {
    expect(isValidNpi(npi)).toBe(valid);
  });
});

describe("837P readiness names every field the writer will need", () => {
  it("the contract's seed claim: addresses, billing ZIP+4 and the rendering provider's last name", () => {
    const claim = claimOf({
      payer: { id: "MEDICARE-FL", name: "Medicare Part B", type: "medicare" },
      lines: ["97012", "97110"],
    });
    const [warning] = claimStructure.check(claim, {
      reference: ruleReference(),
      profile: profileForClaim(claim),
      asOf: testAsOf,
    });
    expect(pathsIn(warning!.message)).toEqual([
      "$.billingProvider.address",
      "$.billingProvider.city",
      "$.billingProvider.state",
      "$.billingProvider.zip",
      "$.patient.address",
      "$.patient.city",
      "$.patient.state",
      "$.renderingProvider.lastName",
    ]);
  });

  it("a claim read from an 837P is not asked again for what its 837P carried", () => {
    const claim = claimOf({ lines: ["97110"] });
    const ctx = {
      reference: ruleReference(),
      profile: profileForClaim(claim),
      asOf: testAsOf,
      claimOnly: true,
    };
    expect(claimStructure.check(claim, ctx)).toEqual([]);
  });
});
