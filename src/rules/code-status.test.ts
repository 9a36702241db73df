import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { parseReferenceFile } from "../reference/importers/index.js";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import { bundledPolicy, packReference, sharedDataDir } from "../test-support/reference.js";
import { codeStatus } from "./code-status.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf, profileOf } from "./test-support/claims.js";
import { memoryReference, ruleReference } from "./test-support/reference.js";
import { rvu2026 } from "./test-support/tables.js";

// MPFS status (PPRRVU2026_Jul_nonQPP.EXCERPT.csv): 97014 I, 97010 B, 98943 N, G0283 A.
// An imported (full) RVU file: a code it does not list is unknown.
const imported = memoryReference;

/** hcpcs-2025/HCPC2025_OCT_ANWEB.csv: G0106 (barium enema screening), terminated 2024-12-31. */
function terminatedReference(): Reference {
  const source = new MemorySource();
  source.add(rvu2026, "import", "2026-01-01T00:00:00.000Z");
  source.add(bundledPolicy(), "pack", "2026-01-01T00:00:00.000Z");
  source.add(
    {
      edition: {
        table: "hcpcs",
        source: "HCPC2025_OCT_ANWEB.csv",
        release: "HCPCS Level II October 2025 (G0106 row)",
        effectiveFrom: "2025-10-01",
        effectiveThrough: null,
      },
      rows: [
        {
          code: "G0106",
          kind: "procedure",
          addDate: "1998-01-01",
          effectiveDate: "2025-01-01",
          terminationDate: "2024-12-31",
        },
      ],
    },
    "import",
    "2026-01-01T00:00:00.000Z",
  );
  return new Reference(source);
}

let fullRvu: Reference | undefined;

/** The whole CY2025 October RVU file (mpfs-2025/PPRRVU2025_Oct.csv, 19,090 rows), as imported. */
function fullPprrvu2025(): Reference {
  if (!fullRvu) {
    const file = path.join(sharedDataDir, "mpfs-2025", "PPRRVU2025_Oct.csv");
    const source = new MemorySource();
    source.add(
      parseReferenceFile(readFileSync(file), "PPRRVU2025_Oct.csv"),
      "import",
      "2026-01-01T00:00:00.000Z",
    );
    fullRvu = new Reference(source);
  }
  return fullRvu;
}

/** A date the 2025 October release covers, in both the pack and the full file. */
const oct2025 = "2025-10-15";

/**
 * Unknown and malformed codes (issue 8 §1). Expectations from the CMS file itself:
 * PPRRVU2025_Oct.csv lists 97110, 99213 and 90834 (status A) and has no row 97111;
 * the pack's 2025 release keeps its ranges (97010-97799, 99211-99215...) in full, its
 * 2026 release comes from the therapy excerpt (no E/M rows); 90834 is in no pack range.
 */
runRuleCases(
  codeStatus,
  {
    valid: [
      {
        name: "97110 with the full PPRRVU2025",
        claim: claimOf({ date: oct2025, lines: ["97110"] }),
        reference: fullPprrvu2025(),
      },
      {
        name: "99213 and 90834 with the full PPRRVU2025 (valid CPT codes)",
        claim: claimOf({ date: oct2025, payer: "commercial", lines: ["99213", "90834"] }),
        reference: fullPprrvu2025(),
      },
      {
        name: "99213 with the pack's 2025 release, which holds the office E/M range",
        claim: claimOf({ date: oct2025, payer: "commercial", lines: ["99213"] }),
        reference: packReference(),
      },
      { name: "97110 with the pack", claim: claimOf({ lines: ["97110"] }), reference: packReference() },
    ],
    invalid: [
      {
        name: "97111 (not a CPT code) inside the pack's range 97010-97799: an error",
        claim: claimOf({ lines: ["97110", "97111"] }),
        reference: packReference(),
        findings: [
          {
            rule: "code-status",
            severity: "error",
            lines: [1],
            carc: "181",
            rarc: "M51",
            message:
              "97111 is not in the fee schedule 2026 July release (non-QPP) (the bundled pack, which holds every code of 97010-97799) for 2026-03-02; it is not a valid code on that date: check the code",
            location: "$.lines[1].code",
          },
        ],
      },
      {
        name: "97111 absent from the full PPRRVU2025: an error",
        claim: claimOf({ date: oct2025, lines: ["97111"] }),
        reference: fullPprrvu2025(),
        findings: [
          {
            severity: "error",
            message:
              "97111 is not in the fee schedule 2025 October release for 2025-10-15; it is not a valid code on that date: check the code",
          },
        ],
      },
      {
        name: "ABCDE is not in the HCPCS pattern: an error whatever is loaded",
        claim: claimOf({ lines: ["ABCDE"] }),
        reference: packReference(),
        findings: [
          {
            severity: "error",
            carc: "181",
            rarc: "M51",
            message: expect.stringMatching(
              /^"ABCDE" is not a procedure code: expected five characters in the HCPCS pattern/,
            ),
          },
        ],
      },
      {
        name: "G02A3 (a letter inside the digits) is malformed",
        claim: claimOf({ date: oct2025, lines: ["G02A3"] }),
        reference: fullPprrvu2025(),
        findings: [
          { severity: "error", message: expect.stringContaining('"G02A3" is not a procedure code') },
        ],
      },
      {
        name: "99213 with only the pack's 2026 release (no E/M rows): a warning to import the full PPRRVU",
        claim: claimOf({ payer: "commercial", lines: ["99213"] }),
        reference: packReference(),
        findings: [
          {
            severity: "warning",
            lines: [0],
            message:
              "99213 is outside the codes of the bundled pack (2026 July release (non-QPP), bundled pack: pack codes), so it could not be checked: import the full PPRRVU file for 2026 (`cleanclaim data import`) to check it",
          },
        ],
      },
      {
        name: "90834 (psychotherapy) is in no pack range: a warning with the pack",
        claim: claimOf({ date: oct2025, payer: "commercial", lines: ["90834"] }),
        reference: packReference(),
        findings: [
          { severity: "warning", message: expect.stringContaining("import the full PPRRVU file for 2025") },
        ],
      },
    ],
  },
  { reference: ruleReference },
);

runRuleCases(
  codeStatus,
  {
    valid: [
      { name: "97110 is active (status A)", claim: claimOf({ lines: ["97110"] }) },
      { name: "G0283 is Medicare's unattended e-stim code", claim: claimOf({ lines: ["G0283"] }) },
      { name: "a commercial payer accepts 97014", claim: claimOf({ payer: "commercial", lines: ["97014"] }) },
      {
        name: "status B applies to Medicare only: 97010 for a commercial payer",
        claim: claimOf({ payer: "commercial", lines: ["97010"] }),
      },
      {
        name: "98943 (status N) billed with GY expects the denial",
        claim: claimOf({ credential: "DC", lines: [{ code: "98943", modifiers: ["GY"] }] }),
      },
      {
        name: "no RVU release of 2024 is loaded: status is not judged",
        claim: claimOf({ date: "2024-08-05", lines: ["97014"] }),
        profile: profileOf("medicare", { accepts97014: true }),
      },
      {
        name: "a known code with an imported RVU file",
        claim: claimOf({ lines: ["97140"] }),
        reference: imported(),
      },
    ],
    invalid: [
      {
        name: "97014 to Medicare: replace with G0283",
        claim: claimOf({ lines: [{ code: "97014", modifiers: ["GP"] }] }),
        findings: [
          {
            rule: "code-status",
            severity: "error",
            lines: [0],
            carc: "181",
            rarc: "N657",
            message:
              "97014 is not valid for MEDICARE-FL (MPFS status I); it uses G0283 for this service: replace 97014 with G0283",
            reference: expect.stringMatching(
              /^Medicare PFS Relative Value File 2026 July release .*status indicator/,
            ),
            fix: {
              description: "replace 97014 with G0283 on line 0",
              patch: [{ op: "replace-code", line: 0, code: "G0283" }],
            },
          },
        ],
      },
      {
        name: "97010 hot packs to Medicare: status B, bundled",
        claim: claimOf({ lines: ["97010"] }),
        findings: [{ carc: "97", rarc: "M15", message: expect.stringContaining("MPFS status B (bundled") }],
      },
      {
        name: "98943 (extraspinal CMT) to Medicare without a liability modifier: status N",
        claim: claimOf({ credential: "DC", lines: ["98943"] }),
        findings: [{ carc: "96", message: expect.stringContaining("status N (not covered by Medicare)") }],
      },
      {
        name: "Medicare Advantage follows Medicare status: 97010",
        claim: claimOf({ payer: "medicare-advantage", lines: ["97010"] }),
        findings: [{ carc: "97" }],
      },
      {
        name: "a CPT-shaped code no RVU file lists (97999)",
        claim: claimOf({ lines: ["97110", "97999"] }),
        reference: imported(),
        findings: [
          { lines: [1], rarc: "M51", message: expect.stringContaining("97999 is not in the fee schedule") },
        ],
      },
      {
        name: "a Level II-shaped code in neither the RVU nor the HCPCS file (G0999)",
        claim: claimOf({ lines: ["G0999"] }),
        reference: imported(),
        findings: [{ message: expect.stringContaining("nor in the HCPCS file") }],
      },
      {
        name: "G0106 was terminated 2024-12-31 (HCPCS)",
        claim: claimOf({ lines: ["G0106"] }),
        reference: terminatedReference(),
        findings: [
          {
            message:
              "G0106 was terminated on 2024-12-31, before the date of service 2026-03-02; bill the code in force on that date",
          },
        ],
      },
    ],
  },
  { reference: ruleReference },
);
