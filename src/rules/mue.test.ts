import { expect } from "vitest";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import { bundledPolicy } from "../test-support/reference.js";
import { mue } from "./mue.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// MUE values: ncci-2024q3/mue_practitioner_2024q3.csv (code, units, MAI, rationale).
// 97012 1 (3) Clinical: Data; 97014 0 (3) CMS Policy; 97010 0 (3) CMS Policy; 97110 6 (3);
// 98940 1 (2) Code Descriptor / CPT Instruction.

/** No therapy code has MAI 1; G0514 (1 unit, MAI 1, "Clinical: CMS Workgroup") is a real per-line row. */
function perLineReference(): Reference {
  const source = new MemorySource();
  source.add(bundledPolicy(), "pack", "2026-01-01T00:00:00.000Z");
  source.add(
    {
      edition: {
        table: "mue",
        source: "mue_practitioner_2024q3.csv",
        release: "NCCI MUE practitioner 2024Q3 (G0514 row)",
        effectiveFrom: "2024-07-01",
        effectiveThrough: "2024-09-30",
      },
      rows: [{ code: "G0514", units: 1, mai: 1, rationale: "Clinical: CMS Workgroup" }],
    },
    "import",
    "2026-01-01T00:00:00.000Z",
  );
  return new Reference(source);
}

runRuleCases(
  mue,
  {
    valid: [
      { name: "97012 ×1 is within its MUE of 1", claim: claimOf({ lines: ["97012"] }) },
      {
        name: "97110 ×4 (60 minutes) is within its MUE of 6",
        claim: claimOf({ lines: [{ code: "97110", units: 4, minutes: 60 }] }),
      },
      {
        name: "commercial payers skip MUE 0 rows set by CMS policy: 97014 ×1",
        claim: claimOf({ payer: "commercial", lines: ["97014"] }),
      },
      {
        name: "self-pay applies no MUE: 97012 ×3",
        claim: claimOf({ payer: "self-pay", lines: [{ code: "97012", units: 3 }] }),
      },
      {
        name: "MAI 1 counts each line: G0514 ×1 on two lines",
        claim: claimOf({ lines: ["G0514", { code: "G0514", modifiers: ["76"] }] }),
        reference: perLineReference(),
      },
    ],
    invalid: [
      {
        name: "97012 ×2: MUE 1, per day (MAI 3); fix bills the service once",
        claim: claimOf({ lines: [{ code: "97012", units: 2 }] }),
        findings: [
          {
            rule: "mue",
            lines: [0],
            carc: "151",
            rarc: "MA01",
            message: expect.stringMatching(
              /^97012 is billed with 2 units on 2026-03-02, above its MUE \(MUE 1, adjudication indicator 3: per day, clinical; rationale: Clinical: Data\)/,
            ),
            reference: expect.stringMatching(
              /^NCCI MUE practitioner 2024Q3 .*in force from 2024-07-01; NCCI Policy Manual ch\. I §V$/,
            ),
            fix: { patch: [{ op: "set-units", line: 0, units: 1 }] },
          },
        ],
      },
      {
        name: "97012 on two lines of one day adds up (MAI 3): keep the first, remove the second",
        claim: claimOf({ lines: ["97012", { code: "97012", modifiers: ["59"] }] }),
        findings: [{ lines: [0, 1], fix: { patch: [{ op: "remove-line", line: 1 }] } }],
      },
      {
        name: "Medicare 97014: MUE 0 (CMS policy), never payable; no unit fix",
        claim: claimOf({ lines: ["97014"] }),
        findings: [
          {
            lines: [0],
            message: expect.stringContaining("never payable for this payer (MUE 0)"),
            fix: undefined,
          },
        ],
      },
      {
        name: "Medicare 97010 hot packs: MUE 0",
        claim: claimOf({ lines: ["97010"] }),
        findings: [{ lines: [0], fix: undefined }],
      },
      {
        name: "a commercial profile that keeps CMS-policy MUE 0 rows flags 97014",
        claim: claimOf({ payer: "commercial", lines: ["97014"] }),
        profile: profileOf("commercial", { skipMueZeroCmsPolicy: false }),
        findings: [{ lines: [0] }],
      },
      {
        name: "98940 ×2: MAI 2 (policy, not appealable)",
        claim: claimOf({ credential: "DC", lines: [{ code: "98940", units: 2 }] }),
        findings: [
          {
            message: expect.stringContaining(
              "adjudication indicator 2: per day, set by policy, not appealable",
            ),
            fix: { patch: [{ op: "set-units", line: 0, units: 1 }] },
          },
        ],
      },
      {
        name: "97110 ×7 with 45 minutes documented: the minutes support 3, within the MUE",
        claim: claimOf({ lines: [{ code: "97110", units: 7, minutes: 45 }] }),
        findings: [{ fix: { patch: [{ op: "set-units", line: 0, units: 3 }] } }],
      },
      {
        name: "97110 ×8 with 120 minutes: documented, but above the MUE of 6; no automatic fix",
        claim: claimOf({ lines: [{ code: "97110", units: 8, minutes: 120 }] }),
        findings: [{ message: expect.stringContaining("bill no more than 6 for the day"), fix: undefined }],
      },
      {
        name: "MAI 1: G0514 ×2 on one line",
        claim: claimOf({ lines: [{ code: "G0514", units: 2 }] }),
        reference: perLineReference(),
        findings: [
          { lines: [0], message: expect.stringContaining("adjudication indicator 1: per claim line") },
        ],
      },
    ],
  },
  { reference: ruleReference },
);
