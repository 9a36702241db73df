import { describe, expect, it } from "vitest";
import { claimStructure, isValidNpi } from "./claim-structure.js";
import { profileForClaim } from "./engine.js";
import { runRuleCases, testAsOf } from "./rule-tester.js";
import {
  billing837,
  claimOf,
  patient837 as patient,
  sendableClaimOf as sendable,
} from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

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
