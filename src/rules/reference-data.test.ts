import { expect } from "vitest";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import type { ParsedTable } from "../reference/types.js";
import { bundledPolicy } from "../test-support/reference.js";
import { referenceData } from "./reference-data.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import * as tables from "./test-support/tables.js";

// The loaded editions (the pack's dates): NCCI PTP and MUE 2024Q3 (2024-07-01 to 2024-09-30),
// ICD-10-CM FY2024 (2023-10-01 to 2024-09-30), RVU 2025 October and 2026 July releases.

/** The same real rows, relabelled as editions in force from 2026-01-01: every table covers the seed date. */
function currentReference(options: { policy?: boolean; ptpParts?: number[] } = {}): Reference {
  const source = new MemorySource();
  const current = <R>(t: ParsedTable<R>): ParsedTable<R> => ({
    ...t,
    edition: {
      ...t.edition,
      release: `${t.edition.release}, relabelled 2026`,
      effectiveFrom: "2026-01-01",
      effectiveThrough: null,
      // A quarter imported from some of CMS's numbered parts (f1 to f4) only.
      ...(t.edition.table === "ptp" && options.ptpParts
        ? {
            parts: options.ptpParts.map((part) => ({
              part,
              source: `ccipra-v322r0-f${part}.txt`,
              rows: 1,
              digest: `d${part}`,
            })),
          }
        : {}),
    },
  });
  for (const t of [tables.ptp, tables.mue, tables.icd10cm, tables.rvu2026, tables.hcpcs, tables.pos]) {
    source.add(current(t as ParsedTable<unknown>), "import", "2026-01-01T00:00:00.000Z");
  }
  if (options.policy !== false) source.add(bundledPolicy(), "pack", "2026-01-01T00:00:00.000Z");
  return new Reference(source);
}

const nothingLoaded = () => new Reference(new MemorySource());

runRuleCases(
  referenceData,
  {
    valid: [
      {
        name: "every edition covers the date of service",
        claim: claimOf({ lines: ["97110"] }),
        reference: currentReference(),
      },
      {
        name: "self-pay consults no NCCI table",
        claim: claimOf({ payer: "self-pay", lines: ["97110"] }),
        reference: currentReference(),
      },
    ],
    invalid: [
      {
        name: "a 2026 visit against 2024Q3 NCCI, FY2024 ICD-10-CM and the 2026 July RVU release",
        claim: claimOf({ lines: ["97012", "97110"] }),
        // One warning for the date that names all four stale tables (a biller needs one
        // list of what to import, not four copies of the advice).
        findings: [
          {
            rule: "reference-data",
            severity: "warning",
            lines: [0, 1],
            message: expect.stringMatching(
              /^no loaded edition covers 2026-03-02 for 4 tables, so findings that depend on them may be out of date: NCCI PTP: used NCCI PTP practitioner 2024Q3 \(2024-07-01 to 2024-09-30\); NCCI MUE: used NCCI MUE practitioner 2024Q3 .*; ICD-10-CM: used ICD-10-CM FY2024 .*; MPFS RVU: used 2026 July release .*\(2026-07-01 to 2026-12-31\)\. Import the editions in force/,
            ),
            reference: expect.stringContaining("PPRRVU2026_Jul_nonQPP.EXCERPT.csv"),
            carc: undefined,
          },
        ],
      },
      {
        name: "a 2024 visit: NCCI and ICD-10-CM cover it, but no RVU release of 2024 is loaded",
        claim: claimOf({ date: "2024-08-05", lines: ["97110"] }),
        findings: [
          {
            message:
              "no MPFS RVU edition is loaded for 2024-08-05: no RVU release of 2024 is loaded: the claim cannot be priced and code status was not checked; import the edition in force with `cleanclaim data import`",
          },
        ],
      },
      {
        name: "nothing loaded at all",
        claim: claimOf({ lines: ["97110"] }),
        reference: nothingLoaded(),
        findings: [
          {
            message: expect.stringMatching(
              /NCCI PTP: none loaded \(code pairs were not checked\); NCCI MUE: none loaded .*; ICD-10-CM: none loaded .*; MPFS RVU: none loaded \(code status was not checked and the claim cannot be priced\)/,
            ),
          },
          {
            message: expect.stringMatching(
              /^no loaded policy edition gives the therapy code list for 2026-03-02/,
            ),
          },
        ],
      },
      {
        // Every CMS table covers the date, but no policy edition is loaded: the rules cannot
        // tell a timed code from an untimed one, and the finding names the file to import.
        name: "every CMS table covers the date, but no policy edition gives a therapy code list",
        claim: claimOf({ lines: ["97110"] }),
        reference: currentReference({ policy: false }),
        findings: [
          {
            rule: "reference-data",
            severity: "warning",
            lines: [0],
            carc: undefined,
            message:
              "no loaded policy edition gives the therapy code list for 2026-03-02: import a policy figures file that covers it (`cleanclaim data import policy-2026.json`; the format is in docs/policy-figures.md); without it no line is known as a timed, untimed or therapy code, so units, therapy modifiers and the plan of care were not checked",
            reference: "CMS annual therapy code list; Pub. 100-04 ch. 5 §20.2 (docs/policy-figures.md)",
            location: "$.lines[0].dateOfService",
          },
        ],
      },
      {
        name: "a PTP quarter imported from parts f1 and f2 only (issue 8: one part must not pass for the quarter)",
        claim: claimOf({ lines: ["97110"] }),
        reference: currentReference({ ptpParts: [1, 2] }),
        findings: [
          {
            rule: "reference-data",
            severity: "warning",
            lines: [0],
            message:
              "NCCI PTP practitioner 2024Q3, relabelled 2026 in force holds parts f1, f2 only: code pairs listed in f3, f4 were not checked; import those parts with `cleanclaim data import`",
            reference: "NCCI PTP practitioner 2024Q3, relabelled 2026 (ptp_practitioner_2024q3_all.csv.gz)",
          },
        ],
      },
      {
        name: "one warning per date: two dates, two warnings",
        claim: claimOf({
          lines: [
            { code: "97110", date: "2024-08-05" },
            { code: "97110", date: "2024-08-07" },
          ],
        }),
        findings: [{ lines: [0] }, { lines: [1] }],
      },
    ],
  },
  { reference: ruleReference },
);
