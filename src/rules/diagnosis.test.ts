import { expect } from "vitest";
import { diagnosis } from "./diagnosis.js";
import { runRuleCases } from "./rule-tester.js";
import { claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// ICD-10-CM FY2024 (icd10cm-fy2024/icd10cm_fy2024.csv.gz): M54.5 is a header since FY2022
// (M54.50, M54.51, M54.59 are billable); M54.16 and M51.26 are billable.
runRuleCases(
  diagnosis,
  {
    valid: [
      {
        name: "the seed diagnoses M54.16 and M51.26",
        claim: claimOf({ lines: [{ code: "97110", pointers: [1, 2] }] }),
      },
      {
        name: "codes without the dot are accepted",
        claim: claimOf({ diagnoses: ["M5416", "M5126"], lines: ["97110"] }),
      },
      { name: "M54.50 is billable", claim: claimOf({ diagnoses: ["M54.50"], lines: ["97110"] }) },
      {
        name: "12 diagnoses is the 837P maximum",
        claim: claimOf({
          diagnoses: [
            "M54.16",
            "M51.26",
            "M54.50",
            "M54.51",
            "M54.59",
            "M54.2",
            "M54.6",
            "M25.511",
            "M62.81",
            "R26.2",
            "G89.29",
            "M17.11",
          ],
          lines: [{ code: "97110", pointers: [1, 2, 3, 4] }],
        }),
      },
    ],
    invalid: [
      {
        name: "M54.5 is a category header, not billable: suggest its billable children",
        claim: claimOf({ diagnoses: ["M54.5"], lines: ["97110"] }),
        findings: [
          {
            rule: "diagnosis",
            lines: [0],
            carc: "146",
            rarc: "M81",
            message: expect.stringMatching(
              /^diagnosis 1 \(M54\.5\) is a category header in ICD-10-CM FY2024( [^,]*)?, not a billable code; choose a billable code such as M54\.50, M54\.51, M54\.59$/,
            ),
            reference: expect.stringContaining("ICD-10-CM Official Guidelines Section I.B.2"),
            location: "$.diagnoses[0]",
          },
        ],
      },
      {
        name: "M54.52 is not a code in ICD-10-CM FY2024 (only M54.50, M54.51, M54.59 are)",
        claim: claimOf({ diagnoses: ["M54.16", "M54.52"], lines: [{ code: "97110", pointers: [1, 2] }] }),
        findings: [
          {
            lines: [0],
            message: expect.stringContaining(
              "diagnosis 2 (M54.52) is not a valid ICD-10-CM code on 2026-03-02",
            ),
          },
        ],
      },
      {
        name: "an ICD-9-CM code (724.2, lumbago)",
        claim: claimOf({ diagnoses: ["724.2"], lines: ["97110"] }),
        findings: [{ message: expect.stringContaining("looks like an ICD-9-CM code") }],
      },
      {
        name: "a malformed code: the dot after the second character",
        claim: claimOf({ diagnoses: ["M5.416"], lines: ["97110"] }),
        findings: [{ message: expect.stringContaining("is not an ICD-10-CM code") }],
      },
      {
        name: "no diagnosis at all",
        claim: claimOf({ diagnoses: [], lines: [{ code: "97110", pointers: [1] }] }),
        findings: [
          { carc: "16", message: expect.stringContaining("the claim has no diagnosis") },
          { message: expect.stringContaining("pointer 1 outside 1..0"), fix: undefined },
        ],
      },
      {
        name: "a line without a pointer: fix points it at the principal diagnosis",
        claim: claimOf({ lines: [{ code: "97110", pointers: [] }] }),
        findings: [{ fix: { patch: [{ op: "set-pointers", line: 0, pointers: [1] }] } }],
      },
      {
        name: "pointer 3 of 2 diagnoses, and a repeated pointer",
        claim: claimOf({ lines: [{ code: "97110", pointers: [1, 3, 1] }] }),
        findings: [
          {
            message: "97110 has pointer 3 outside 1..2 and a repeated pointer; point it at 1",
            fix: { patch: [{ op: "set-pointers", line: 0, pointers: [1] }] },
          },
        ],
      },
      {
        name: "more than 4 pointers on a line",
        claim: claimOf({
          diagnoses: ["M54.16", "M51.26", "M54.50", "M54.2", "M54.6"],
          lines: [{ code: "97110", pointers: [1, 2, 3, 4, 5] }],
        }),
        findings: [{ fix: { patch: [{ op: "set-pointers", line: 0, pointers: [1, 2, 3, 4] }] } }],
      },
      {
        name: "13 diagnoses: more than an 837P claim holds",
        claim: claimOf({
          diagnoses: [
            "M54.16",
            "M51.26",
            "M54.50",
            "M54.51",
            "M54.59",
            "M54.2",
            "M54.6",
            "M25.511",
            "M62.81",
            "R26.2",
            "G89.29",
            "M17.11",
            "I10",
          ],
          lines: ["97110"],
        }),
        findings: [{ lines: [], message: expect.stringContaining("lists 13 diagnoses") }],
      },
    ],
  },
  { reference: ruleReference },
);
