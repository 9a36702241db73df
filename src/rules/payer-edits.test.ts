import { expect } from "vitest";
import { payerEdits } from "./payer-edits.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// Profiles shaped like profiles/commercial-example.json: pair edits and extra rules of a payer's policy.
const payer = profileOf("commercial", {
  codePairEdits: [
    {
      column1: "97530",
      column2: "97110",
      modifierIndicator: "1",
      reason: "therapeutic activities include exercise",
    },
    {
      column1: "97140",
      column2: "97124",
      modifierIndicator: "0",
      reason: "massage is part of manual therapy",
      effectiveFrom: "2026-01-01",
    },
  ],
  extraRules: [
    {
      kind: "require-modifier",
      id: "habilitative",
      codes: ["97530"],
      modifier: "97",
      reason: "rehabilitative services carry 97",
    },
    {
      kind: "max-units",
      id: "ionto-limit",
      code: "97033",
      units: 1,
      reason: "one unit of iontophoresis a day",
    },
    {
      kind: "not-covered",
      id: "no-hot-packs",
      codes: ["97010"],
      reason: "hot packs are not covered",
      severity: "warning",
    },
  ],
});

runRuleCases(
  payerEdits,
  {
    valid: [
      {
        name: "a payer profile without edits",
        claim: claimOf({ payer: "commercial", lines: ["97530", "97110"] }),
      },
      {
        name: "the pair bypassed by XS on the column-2 code",
        claim: claimOf({
          payer: "commercial",
          lines: [
            { code: "97530", modifiers: ["97"] },
            { code: "97110", modifiers: ["XS"] },
          ],
        }),
        profile: payer,
      },
      {
        name: "a pair edit before its effective date",
        claim: claimOf({ payer: "commercial", date: "2025-12-01", lines: ["97140", "97124"] }),
        profile: payer,
      },
    ],
    invalid: [
      {
        name: "the payer's indicator-1 pair, with a distinct service attested",
        claim: claimOf({
          payer: "commercial",
          lines: [
            { code: "97530", modifiers: ["97"] },
            { code: "97110", distinct: "XU" },
          ],
        }),
        profile: payer,
        findings: [
          {
            rule: "payer-edits",
            lines: [0, 1],
            carc: "97",
            message: expect.stringContaining(
              "bundles 97110 into 97530 on the same day (therapeutic activities include exercise)",
            ),
            reference: "payer profile COMMERCIAL-TEST (test): code pair 97530/97110",
            fix: { patch: [{ op: "add-modifier", line: 1, modifier: "XU" }] },
          },
        ],
      },
      {
        name: "the payer's indicator-0 pair",
        claim: claimOf({ payer: "commercial", lines: ["97140", { code: "97124", modifiers: ["59"] }] }),
        profile: payer,
        findings: [
          { message: expect.stringContaining("no modifier bypasses this payer edit"), fix: undefined },
        ],
      },
      {
        name: "a required modifier is missing",
        claim: claimOf({ payer: "commercial", lines: ["97530"] }),
        profile: payer,
        findings: [
          {
            carc: "4",
            severity: "error",
            message: expect.stringContaining("requires 97 on 97530 (payer rule habilitative"),
          },
        ],
      },
      {
        name: "above the payer's daily units",
        claim: claimOf({ payer: "commercial", lines: [{ code: "97033", units: 2, minutes: 30 }] }),
        profile: payer,
        findings: [{ carc: "151", fix: { patch: [{ op: "set-units", line: 0, units: 1 }] } }],
      },
      {
        name: "a code the payer does not cover, at the rule's own severity",
        claim: claimOf({ payer: "commercial", lines: ["97010"] }),
        profile: payer,
        findings: [{ severity: "warning", carc: "96" }],
      },
    ],
  },
  { reference: ruleReference },
);
