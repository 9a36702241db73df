import { describe, expect, it } from "vitest";
import { claimStructure, isValidNpi } from "./claim-structure.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

const billing = {
  npi: "1234567893",
  taxId: "591234567",
  name: "Bayside Therapy",
  zip: "33101",
  locality: "09102-04",
};

runRuleCases(
  claimStructure,
  {
    valid: [
      { name: "the seed claim", claim: claimOf({ lines: ["97012", "97110"] }) },
      {
        name: "an EIN with its dash",
        claim: claimOf({ billingProvider: { ...billing, taxId: "59-1234567" }, lines: ["97110"] }),
      },
      { name: "home (POS 12)", claim: claimOf({ placeOfService: "12", lines: ["97110"] }) },
      {
        name: "a replacement claim with its payer claim control number",
        claim: claimOf({ frequency: "7", payerClaimControlNumber: "22025123456789", lines: ["97110"] }),
      },
      { name: "50 lines", claim: claimOf({ lines: Array.from({ length: 50 }, () => "97110") }) },
    ],
    invalid: [
      {
        name: "a billing NPI with a wrong check digit (1234567890)",
        claim: claimOf({ billingProvider: { ...billing, npi: "1234567890" }, lines: ["97110"] }),
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
        claim: claimOf({
          renderingProvider: { npi: "197263846", credential: "PT", participating: true },
          lines: ["97110"],
        }),
        findings: [{ rarc: "N290", message: expect.stringContaining("an NPI is 10 digits") }],
      },
      {
        name: "a tax id of 8 digits",
        claim: claimOf({ billingProvider: { ...billing, taxId: "59123456" }, lines: ["97110"] }),
        findings: [{ location: "$.billingProvider.taxId" }],
      },
      {
        name: "no tax id",
        claim: claimOf({ billingProvider: { npi: "1234567893", name: "Bayside Therapy" }, lines: ["97110"] }),
        findings: [{ message: expect.stringContaining("has no tax id") }],
      },
      {
        name: "place of service 00 is not a code",
        claim: claimOf({ placeOfService: "00", lines: ["97110"] }),
        findings: [{ rarc: "M77", location: "$.placeOfService" }],
      },
      {
        name: "a line charged 0.00",
        claim: claimOf({ lines: [{ code: "97110", charge: "0.00" }] }),
        findings: [{ lines: [0], location: "$.lines[0].charge" }],
      },
      {
        name: "a line with 0 units",
        claim: claimOf({ lines: [{ code: "97110", units: 0, charge: "45.00" }] }),
        findings: [{ lines: [0], message: expect.stringContaining("billed with 0 units") }],
      },
      {
        name: "a void (frequency 8) without the payer claim control number",
        claim: claimOf({ frequency: "8", lines: ["97110"] }),
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
        claim: claimOf({ lines: Array.from({ length: 51 }, () => "97110") }),
        findings: [{ message: expect.stringContaining("the claim has 51 lines") }],
      },
      {
        name: "no member id",
        claim: claimOf({
          patient: { firstName: "Ana", lastName: "Diaz", birthDate: "1956-04-09" },
          lines: ["97110"],
        }),
        findings: [{ location: "$.patient.memberId" }],
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
