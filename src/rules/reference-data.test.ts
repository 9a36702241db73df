import { expect } from "vitest";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import type { ParsedTable } from "../reference/types.js";
import { referenceData } from "./reference-data.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";
import * as tables from "./test-support/tables.js";

// The loaded editions (the pack's dates): NCCI PTP and MUE 2024Q3 (2024-07-01 to 2024-09-30),
// ICD-10-CM FY2024 (2023-10-01 to 2024-09-30), RVU 2025 October and 2026 July releases.

/** The same real rows, relabelled as editions in force from 2026-01-01: every table covers the seed date. */
function currentReference(): Reference {
  const source = new MemorySource();
  const current = <R>(t: ParsedTable<R>): ParsedTable<R> => ({
    ...t,
    edition: {
      ...t.edition,
      release: `${t.edition.release}, relabelled 2026`,
      effectiveFrom: "2026-01-01",
      effectiveThrough: null,
    },
  });
  for (const t of [tables.ptp, tables.mue, tables.icd10cm, tables.rvu2026, tables.hcpcs, tables.pos]) {
    source.add(current(t as ParsedTable<unknown>), "import", "2026-01-01T00:00:00.000Z");
  }
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
        findings: [
          {
            rule: "reference-data",
            severity: "warning",
            lines: [0, 1],
            message: expect.stringMatching(
              /^no loaded NCCI PTP edition covers 2026-03-02; used NCCI PTP practitioner 2024Q3 .*\(2024-07-01 to 2024-09-30, ptp_practitioner_2024q3_all\.csv\.gz\) instead/,
            ),
            carc: undefined,
          },
          {
            message: expect.stringContaining(
              "no loaded NCCI MUE edition covers 2026-03-02; used NCCI MUE practitioner 2024Q3",
            ),
          },
          {
            message: expect.stringContaining(
              "no loaded ICD-10-CM edition covers 2026-03-02; used ICD-10-CM FY2024",
            ),
          },
          {
            message: expect.stringMatching(
              /^no loaded MPFS RVU edition covers 2026-03-02; used 2026 July release .*\(2026-07-01 to 2026-12-31/,
            ),
            reference: expect.stringContaining("PPRRVU2026_Jul_nonQPP.EXCERPT.csv"),
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
            message: expect.stringContaining(
              "no NCCI PTP edition is loaded for 2026-03-02: code pairs were not checked",
            ),
          },
          { message: expect.stringContaining("no NCCI MUE edition is loaded") },
          { message: expect.stringContaining("no ICD-10-CM edition is loaded") },
          {
            message: expect.stringContaining(
              "no MPFS RVU edition is loaded for 2026-03-02: code status was not checked",
            ),
          },
        ],
      },
      {
        name: "one warning per table and date: two dates, two sets",
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
