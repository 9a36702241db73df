import { expect } from "vitest";
import { assistantModifier } from "./assistant-modifier.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// CMS, "Billing Examples Using CQ/CO Modifiers for Services Furnished In Whole or In Part by
// PTAs and OTAs" (CY 2022 MPFS final rule method); de minimis = more than 10%.
const otPlan = { discipline: "OT" as const, certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" };
const slpPlan = { discipline: "SLP" as const, certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" };

runRuleCases(
  assistantModifier,
  {
    valid: [
      {
        name: "CMS example: PTA 23 + PT 13 of 97110 is ×2 with CQ; PT 30 of 97140 is ×2 without",
        claim: claimOf({
          lines: [
            { code: "97110", modifiers: ["GP", "CQ"], units: 2, minutes: 36, assistantMinutes: 23 },
            { code: "97140", modifiers: ["GP"], units: 2, minutes: 30, assistantMinutes: 0 },
          ],
        }),
      },
      {
        name: "untimed, exactly 10%: 97012 20 minutes, assistant 2: no CQ",
        claim: claimOf({ lines: [{ code: "97012", modifiers: ["GP"], minutes: 20, assistantMinutes: 2 }] }),
      },
      {
        name: "timed, assistant minutes inside the therapist's full unit: 97110 20 minutes, assistant 2, ×1",
        claim: claimOf({ lines: [{ code: "97110", modifiers: ["GP"], minutes: 20, assistantMinutes: 2 }] }),
      },
      {
        name: "split code: PT 15 alone (×1) and PTA 15 alone (×1 CQ)",
        claim: claimOf({
          lines: [
            { code: "97110", modifiers: ["GP"], minutes: 15, assistantMinutes: 0 },
            { code: "97110", modifiers: ["GP", "CQ"], minutes: 15, assistantMinutes: 15 },
          ],
        }),
      },
      {
        name: "CMS exception: PT 12 and PTA 12 leftover minutes, two units: one with CQ, one without",
        claim: claimOf({
          lines: [
            { code: "97110", modifiers: ["GP"], minutes: 12, assistantMinutes: 0 },
            { code: "97110", modifiers: ["GP", "CQ"], minutes: 12, assistantMinutes: 12 },
          ],
        }),
      },
      {
        name: "CO with GO for an OTA's service",
        claim: claimOf({
          planOfCare: otPlan,
          lines: [{ code: "97530", modifiers: ["GO", "CO"], minutes: 15, assistantMinutes: 15 }],
        }),
      },
      {
        name: "a commercial payer without CQ/CO reductions",
        claim: claimOf({
          payer: "commercial",
          lines: [{ code: "97110", modifiers: ["GP"], minutes: 15, assistantMinutes: 15 }],
        }),
      },
    ],
    invalid: [
      {
        name: "untimed, just over 10%: 97012 20 minutes, assistant 3: add CQ",
        claim: claimOf({ lines: [{ code: "97012", modifiers: ["GP"], minutes: 20, assistantMinutes: 3 }] }),
        findings: [
          {
            rule: "assistant-modifier",
            lines: [0],
            carc: "4",
            message: expect.stringContaining(
              "3 of 20 minutes by the assistant, so 1 of its 1 unit must carry CQ",
            ),
            fix: { patch: [{ op: "add-modifier", line: 0, modifier: "CQ" }] },
          },
        ],
      },
      {
        name: "CMS example without CQ: 97110 ×2, PTA 23 of 36 minutes",
        claim: claimOf({
          lines: [{ code: "97110", modifiers: ["GP"], units: 2, minutes: 36, assistantMinutes: 23 }],
        }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 0, modifier: "CQ" }] } }],
      },
      {
        // CMS CQ/CO billing examples, steps 2 and 5: PT 15 alone is a unit without CQ, PTA 15
        // alone a unit with it, and a code whose units differ in CQ is split into two lines.
        name: "one of two units needs CQ (PT 15 + PTA 15 of 97110): the fix splits the line",
        claim: claimOf({
          lines: [{ code: "97110", modifiers: ["GP"], units: 2, minutes: 30, assistantMinutes: 15 }],
        }),
        findings: [
          {
            message: expect.stringContaining(
              "bill the 1 assistant unit on a line with CQ and the rest on a line without",
            ),
            fix: {
              description: "split line 0: 1 unit without CQ, 1 with CQ on a new line",
              patch: [
                { op: "split-line", line: 0, units: 1, modifier: "CQ", minutes: 15, assistantMinutes: 15 },
              ],
            },
          },
        ],
        fixed: {
          lines: [
            { code: "97110", modifiers: ["GP"], units: 1, charge: "45.00", minutes: 15, assistantMinutes: 0 },
            {
              code: "97110",
              modifiers: ["GP", "CQ"],
              units: 1,
              charge: "45.00",
              minutes: 15,
              assistantMinutes: 15,
            },
          ],
        },
      },
      {
        // PT 30 + PTA 15 = 45 minutes, ×3: two therapist units without CQ, one assistant unit with it.
        name: "one of three units needs CQ (PT 30 + PTA 15): 2 stay, 1 moves to a CQ line",
        claim: claimOf({
          lines: [{ code: "97110", modifiers: ["GP"], units: 3, minutes: 45, assistantMinutes: 15 }],
        }),
        findings: [{ fix: { patch: [{ op: "split-line", line: 0, units: 1, modifier: "CQ" }] } }],
        fixed: {
          lines: [
            { units: 2, charge: "90.00", minutes: 30, assistantMinutes: 0 },
            { modifiers: ["GP", "CQ"], units: 1, charge: "45.00", minutes: 15, assistantMinutes: 15 },
          ],
        },
      },
      {
        name: "an assistant who renders the whole service: every minute is the assistant's",
        claim: claimOf({ credential: "PTA", lines: [{ code: "97110", modifiers: ["GP"], minutes: 15 }] }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 0, modifier: "CQ" }] } }],
      },
      {
        name: "CQ on an OT line: swap for CO",
        claim: claimOf({
          planOfCare: otPlan,
          lines: [{ code: "97530", modifiers: ["GO", "CQ"], minutes: 15, assistantMinutes: 15 }],
        }),
        findings: [
          {
            message: "97530 is a OT service billed with CQ; a OT assistant's service takes CO",
            fix: {
              patch: [
                { op: "remove-modifier", line: 0, modifier: "CQ" },
                { op: "add-modifier", line: 0, modifier: "CO" },
              ],
            },
          },
        ],
      },
      {
        name: "CQ on an SLP line: there is no SLP assistant modifier",
        claim: claimOf({ planOfCare: slpPlan, lines: [{ code: "92507", modifiers: ["GN", "CQ"] }] }),
        findings: [{ fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "CQ" }] } }],
      },
      {
        name: "CQ where the documentation records no assistant minutes: a warning, fix removes it",
        claim: claimOf({
          lines: [{ code: "97110", modifiers: ["GP", "CQ"], minutes: 15, assistantMinutes: 0 }],
        }),
        findings: [
          { severity: "warning", fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "CQ" }] } },
        ],
      },
    ],
  },
  { reference: ruleReference },
);
