import { expect } from "vitest";
import { ncciPtp } from "./ncci-ptp.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// Pairs from ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz (column 1, column 2, deletion, indicator).
const edition = expect.stringMatching(
  /^NCCI PTP practitioner 2024Q3 .*\(ptp_practitioner_2024q3_all\.csv\.gz\), in force from 2024-07-01; NCCI Policy Manual ch\. XI$/,
);

runRuleCases(
  ncciPtp,
  {
    valid: [
      {
        name: "seed visit with the attested XS on 97140 (97012/97140, indicator 1, bypassed)",
        claim: claimOf({
          lines: [
            { code: "97012", modifiers: ["GP"] },
            { code: "97110", modifiers: ["GP"], units: 2, minutes: 30 },
            { code: "97140", modifiers: ["GP", "XS"], minutes: 8, distinct: "XS" },
          ],
        }),
      },
      {
        name: "97140/97530 was deleted 2019-12-31: not an edit in 2026",
        claim: claimOf({ lines: ["97140", "97530"] }),
      },
      {
        name: "97110/97140 is an indicator-9 row deleted 1999-04-01: not an edit",
        claim: claimOf({ lines: ["97110", "97140"] }),
      },
      {
        name: "97530/97110 was deleted 1996-01-01: not an edit",
        claim: claimOf({ lines: ["97530", "97110"] }),
      },
      {
        name: "an anatomic modifier (RT) on the column-2 code bypasses indicator 1",
        claim: claimOf({ lines: ["97012", { code: "97140", modifiers: ["GP", "RT"] }] }),
      },
      {
        name: "98940/97140 with XS on 97140 (CMT and manual therapy to another region)",
        claim: claimOf({ credential: "DC", lines: ["98940", { code: "97140", modifiers: ["XS"] }] }),
      },
      {
        name: "98941/99213, indicator 1: an E/M with 25 on the day of CMT (NCCI Policy Manual ch. I §E)",
        claim: claimOf({
          credential: "DC",
          planOfCare: null,
          lines: ["98941", { code: "99213", modifiers: ["25"] }],
        }),
      },
      {
        name: "the pair on different dates of service is not a same-day pair",
        claim: claimOf({
          lines: [
            { code: "97012", date: "2026-03-02" },
            { code: "97140", date: "2026-03-03" },
          ],
        }),
      },
      {
        name: "self-pay: no NCCI edits",
        claim: claimOf({ payer: "self-pay", lines: ["97012", "97140"] }),
      },
    ],
    invalid: [
      {
        name: "seed visit without attestation: 97140 bundled into 97012, no fix",
        claim: claimOf({
          lines: [
            { code: "97012", modifiers: ["GP"] },
            { code: "97110", modifiers: ["GP"], units: 2, minutes: 30 },
            { code: "97140", modifiers: ["GP"], minutes: 8 },
          ],
        }),
        findings: [
          {
            rule: "ncci-ptp",
            severity: "error",
            lines: [0, 2],
            carc: "236",
            message: expect.stringMatching(
              /^97140 is bundled into 97012 on the same day \(NCCI PTP, modifier indicator 1: mutually exclusive procedures\); add XE, XS, XP, XU or 59 to 97140 only if it was a distinct service/,
            ),
            reference: edition,
            fix: undefined,
          },
        ],
      },
      {
        name: "attested distinct service (XS) without the modifier: fix adds XS to the column-2 line",
        claim: claimOf({ lines: ["97012", { code: "97140", distinct: "XS" }] }),
        findings: [
          {
            lines: [0, 1],
            fix: {
              description: "add modifier XS to line 1",
              patch: [{ op: "add-modifier", line: 1, modifier: "XS" }],
            },
          },
        ],
      },
      {
        name: "a payer that wants 59 gets 59 for the attested XS",
        claim: claimOf({ payer: "commercial", lines: ["97012", { code: "97140", distinct: "XS" }] }),
        profile: profileOf("commercial", { distinctModifier: "59" }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 1, modifier: "59" }] } }],
      },
      {
        name: "column 2 listed first: 97140 before 97012 is still the denied code",
        claim: claimOf({ lines: ["97140", "97012"] }),
        findings: [{ lines: [0, 1], location: "$.lines[0].modifiers" }],
      },
      {
        name: "98941/98940, indicator 0: never bypassed, even with 59; the fix removes 98940",
        claim: claimOf({ credential: "DC", lines: ["98941", { code: "98940", modifiers: ["59"] }] }),
        findings: [
          {
            lines: [0, 1],
            message: expect.stringContaining("modifier indicator 0"),
            fix: { patch: [{ op: "remove-line", line: 1 }] },
          },
        ],
      },
      {
        name: "97163/97161, indicator 0: two evaluations the same day",
        claim: claimOf({ lines: ["97161", "97163"] }),
        findings: [
          {
            lines: [0, 1],
            message: expect.stringContaining("97161 is not payable with 97163"),
            fix: { patch: [{ op: "remove-line", line: 0 }] },
          },
        ],
      },
      {
        name: "97150 (group) with 97110, indicator 1",
        claim: claimOf({ lines: ["97150", { code: "97110", minutes: 15 }] }),
        findings: [{ lines: [0, 1], message: expect.stringContaining("97110 is bundled into 97150") }],
      },
      {
        name: "97150 with 97110 and 97140: one finding per pair",
        claim: claimOf({ lines: ["97150", "97110", { code: "97140", distinct: "XU" }] }),
        findings: [
          { lines: [0, 1], fix: undefined },
          { lines: [0, 2], fix: { patch: [{ op: "add-modifier", line: 2, modifier: "XU" }] } },
        ],
        afterFix: [{ lines: [0, 1] }],
      },
      {
        name: "98941/99213, indicator 1: an E/M on the day of CMT without 25",
        claim: claimOf({ credential: "DC", planOfCare: null, lines: ["98941", "99213"] }),
        findings: [{ lines: [0, 1], message: expect.stringContaining("99213 is bundled into 98941") }],
      },
      {
        name: "98940/97140, indicator 1: CMT with manual therapy needs XS or 59 on 97140",
        claim: claimOf({ credential: "DC", lines: ["98940", "97140"] }),
        findings: [{ lines: [0, 1], message: expect.stringContaining("97140 is bundled into 98940") }],
      },
      {
        name: "re-evaluation pair 97012/97164, indicator 1 (active row after the 2019-12-31 deletion)",
        claim: claimOf({ lines: ["97012", "97164"] }),
        findings: [{ lines: [0, 1], message: expect.stringContaining("97164 is bundled into 97012") }],
      },
      {
        name: "97140/97530 is an edit for a date before its 2019-12-31 deletion",
        claim: claimOf({ date: "2019-06-03", lines: ["97140", "97530"] }),
        findings: [{ lines: [0, 1], message: expect.stringContaining("97530 is bundled into 97140") }],
      },
    ],
  },
  { reference: ruleReference },
);
