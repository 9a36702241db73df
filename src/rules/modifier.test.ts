import { expect } from "vitest";
import { modifier } from "./modifier.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// Modifiers: HCPCS Level II October 2025 (HCPC2025_OCT_ANWEB.csv, RECID 7) and CPT Level I.
runRuleCases(
  modifier,
  {
    valid: [
      { name: "GP XS", claim: claimOf({ lines: [{ code: "97140", modifiers: ["GP", "XS"] }] }) },
      {
        name: "CPT modifier 59 alone",
        claim: claimOf({ lines: [{ code: "97140", modifiers: ["GP", "59"] }] }),
      },
      {
        name: "GP CQ KX, in coding's order",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP", "CQ", "KX"] }] }),
      },
      {
        name: "a pricing modifier first: 52 GP",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["52", "GP"] }] }),
      },
      {
        name: "AT with GA on a commercial claim: left to chiro-coverage under Medicare only",
        claim: claimOf({ lines: [{ code: "98940", modifiers: ["AT"] }] }),
      },
    ],
    invalid: [
      {
        name: "an unknown modifier (XZ)",
        claim: claimOf({ lines: [{ code: "97140", modifiers: ["GP", "XZ"] }] }),
        findings: [
          {
            carc: "182",
            message: "97140 carries XZ, which is not a CPT or HCPCS modifier; correct or remove it",
          },
        ],
      },
      {
        name: "CP was terminated 2017-12-31",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP", "CP"] }] }),
        findings: [
          { carc: "182", message: expect.stringContaining("a modifier terminated before 2026-03-02") },
        ],
      },
      {
        name: "59 with XS: remove 59",
        claim: claimOf({ lines: [{ code: "97140", modifiers: ["GP", "59", "XS"] }] }),
        findings: [
          {
            rule: "modifier",
            carc: "4",
            message: expect.stringMatching(
              /^97140 carries both 59 and XS: 59 is only for a distinct service that no X modifier describes/,
            ),
            reference: expect.stringContaining("MLN1783722"),
            fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "59" }] },
          },
        ],
      },
      {
        name: "59 with XU for a payer that wants 59: remove XU",
        claim: claimOf({ payer: "commercial", lines: [{ code: "97140", modifiers: ["GP", "XU", "59"] }] }),
        profile: profileOf("commercial", { distinctModifier: "59" }),
        findings: [{ fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "XU" }] } }],
      },
      {
        name: "AT with GA outside Medicare chiropractic rules",
        claim: claimOf({ payer: "commercial", lines: [{ code: "98940", modifiers: ["AT", "GA"] }] }),
        findings: [{ message: expect.stringContaining("98940 carries both AT and GA"), fix: undefined }],
      },
      {
        name: "GA with GZ",
        claim: claimOf({ lines: [{ code: "98940", modifiers: ["GA", "GZ"] }] }),
        findings: [
          { message: expect.stringContaining("GA says an ABN is on file and GZ says there is none") },
        ],
      },
      {
        name: "GP twice",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP", "GP"] }] }),
        findings: [{ fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "GP" }] } }],
      },
      {
        name: "five modifiers on one line",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP", "CQ", "KX", "XS", "RT"] }] }),
        findings: [{ message: expect.stringContaining("carries 5 modifiers"), fix: undefined }],
      },
      {
        name: "the pricing modifier after an informational one: GP 52 → 52 GP",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP", "52", "KX"] }] }),
        findings: [
          {
            severity: "warning",
            message: expect.stringContaining("bill 52 GP KX"),
            fix: {
              patch: [
                { op: "remove-modifier", line: 0, modifier: "GP" },
                { op: "remove-modifier", line: 0, modifier: "KX" },
                { op: "add-modifier", line: 0, modifier: "GP" },
                { op: "add-modifier", line: 0, modifier: "KX" },
              ],
            },
          },
        ],
      },
    ],
  },
  { reference: ruleReference },
);
