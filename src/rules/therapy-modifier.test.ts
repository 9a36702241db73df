import { expect } from "vitest";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import { therapyModifier } from "./therapy-modifier.js";

// Pub. 100-04 ch. 5 §20.1; CR 10176; the CMS therapy code list (always / sometimes therapy).
const otPlan = { discipline: "OT" as const, certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" };

runRuleCases(
  therapyModifier,
  {
    valid: [
      { name: "97110 GP under a PT plan", claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP"] }] }) },
      {
        name: "97165 (OT evaluation) GO under an OT plan",
        claim: claimOf({
          planOfCare: otPlan,
          credential: "OT",
          lines: [{ code: "97165", modifiers: ["GO"] }],
        }),
      },
      {
        name: "92523 (SLP evaluation) takes GN whatever the plan",
        claim: claimOf({ lines: [{ code: "92523", modifiers: ["GN"] }] }),
      },
      {
        name: "self-pay: therapy modifiers not required",
        claim: claimOf({ payer: "self-pay", lines: ["97110"] }),
      },
      {
        name: "CMT is not a therapy code",
        claim: claimOf({ credential: "DC", planOfCare: null, lines: [{ code: "98940", modifiers: ["AT"] }] }),
      },
      {
        name: "a sometimes-therapy code (97597) by a physician outside a therapy plan needs none",
        claim: claimOf({ credential: "MD", planOfCare: null, lines: ["97597"] }),
      },
      {
        name: "a chiropractor's traction billed as excluded (GY) is not judged as therapy",
        claim: claimOf({ credential: "DC", planOfCare: null, lines: [{ code: "97012", modifiers: ["GY"] }] }),
      },
    ],
    invalid: [
      {
        name: "97110 without GP under a PT plan: fix adds GP",
        claim: claimOf({ lines: ["97110"] }),
        findings: [
          {
            rule: "therapy-modifier",
            lines: [0],
            carc: "16",
            rarc: "MA130",
            message:
              "97110 is an always-therapy code and has no therapy modifier (GP, GO or GN); add GP: the plan of care is PT",
            fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GP" }] },
          },
        ],
      },
      {
        name: "97110 GO under a PT plan: fix swaps GO for GP",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GO"] }] }),
        findings: [
          {
            carc: "4",
            message: expect.stringContaining(
              "97110 is billed with GO but the plan of care is PT, which takes GP",
            ),
            fix: {
              patch: [
                { op: "remove-modifier", line: 0, modifier: "GO" },
                { op: "add-modifier", line: 0, modifier: "GP" },
              ],
            },
          },
        ],
      },
      {
        name: "97161 (PT evaluation) billed with GO under an OT plan: an evaluation takes its own discipline",
        claim: claimOf({ planOfCare: otPlan, lines: [{ code: "97161", modifiers: ["GO"] }] }),
        findings: [
          {
            message: expect.stringContaining("97161 is a PT evaluation code, which takes GP"),
            fix: {
              patch: [
                { op: "remove-modifier", line: 0, modifier: "GO" },
                { op: "add-modifier", line: 0, modifier: "GP" },
              ],
            },
          },
        ],
      },
      {
        name: "97110 GP GO: one plan of care, one modifier",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP", "GO"] }] }),
        findings: [{ fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "GO" }] } }],
      },
      {
        name: "97110 by a physician with no plan: the discipline is unknown, so no fix",
        claim: claimOf({ credential: "MD", planOfCare: null, lines: ["97110"] }),
        findings: [{ fix: undefined }],
      },
      {
        name: "97597 (sometimes therapy) under an OT plan needs GO",
        claim: claimOf({ planOfCare: otPlan, credential: "OT", lines: ["97597"] }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GO" }] } }],
      },
      {
        name: "97530 by an OTA with no plan on the claim: the credential gives GO",
        claim: claimOf({ credential: "OTA", planOfCare: null, lines: ["97530"] }),
        findings: [
          {
            message: expect.stringContaining("add GO: the rendering provider is a OTA"),
            fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GO" }] },
          },
        ],
      },
    ],
  },
  { reference: ruleReference },
);
