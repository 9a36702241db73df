import { expect } from "vitest";
import { chiroCoverage } from "./chiro-coverage.js";
import { runRuleCases } from "./rule-tester.js";
import { type ClaimSpec, claimOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

// Pub. 100-02 ch. 15 §240; NGS, Noridian and Palmetto chiropractic pages: the AT/GA/GZ/GY matrix.
const active = { activeTreatment: true, initialTreatmentDate: "2026-02-16" };
const maintenance = { activeTreatment: false, initialTreatmentDate: "2025-06-02" };
function dc(spec: Omit<ClaimSpec, "credential">) {
  return claimOf({ credential: "DC", planOfCare: null, diagnoses: ["M99.03", "M54.16"], ...spec });
}

runRuleCases(
  chiroCoverage,
  {
    valid: [
      {
        name: "active treatment: 98940 AT",
        claim: dc({ chiropractic: active, lines: [{ code: "98940", modifiers: ["AT"] }] }),
      },
      {
        name: "traction by a chiropractor with GY",
        claim: dc({ chiropractic: active, lines: [{ code: "97012", modifiers: ["GY"] }] }),
      },
      {
        name: "excluded service with a voluntary ABN: GY and GX",
        claim: dc({
          chiropractic: active,
          abnOnFile: true,
          lines: [{ code: "97012", modifiers: ["GY", "GX"] }],
        }),
      },
      {
        name: "a commercial payer: Medicare chiropractic rules do not apply",
        claim: dc({ payer: "commercial", lines: ["98940", "97012"] }),
      },
      { name: "a physical therapist's manual therapy", claim: claimOf({ lines: ["97140"] }) },
      // ICD-10-CM FY2024: M99.00-M99.05 are segmental and somatic dysfunction of the head
      // (occipito-atlantal), cervical, thoracic, lumbar, sacral and pelvic regions: spinal
      // subluxations, the primary diagnosis of covered CMT (Pub. 100-02 ch. 15 §240.1.2, §240.1.4).
      ...["M99.00", "M99.01", "M99.02", "M99.03", "M99.04", "M99.05"].map((primary) => ({
        name: `98942 AT with ${primary} first: a spinal subluxation`,
        claim: dc({
          chiropractic: active,
          diagnoses: [primary, "M54.16"],
          lines: [{ code: "98942", modifiers: ["AT"] }],
        }),
      })),
    ],
    invalid: [
      {
        name: "active treatment without AT: add AT",
        claim: dc({ chiropractic: active, lines: ["98941"] }),
        findings: [
          {
            rule: "chiro-coverage",
            severity: "error",
            carc: "50",
            message: expect.stringContaining(
              "98941 is documented as active/corrective treatment but has no AT",
            ),
            fix: { patch: [{ op: "add-modifier", line: 0, modifier: "AT" }] },
          },
        ],
      },
      {
        name: "AT with GA on active treatment: Medicare rejects the pair; remove GA",
        claim: dc({
          chiropractic: active,
          abnOnFile: true,
          lines: [{ code: "98940", modifiers: ["AT", "GA"] }],
        }),
        findings: [{ carc: "4", fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "GA" }] } }],
      },
      {
        name: "AT with GA on maintenance care under an ABN: remove AT (then a maintenance warning remains)",
        claim: dc({
          chiropractic: maintenance,
          abnOnFile: true,
          lines: [{ code: "98940", modifiers: ["AT", "GA"] }],
        }),
        findings: [{ fix: { patch: [{ op: "remove-modifier", line: 0, modifier: "AT" }] } }],
        afterFix: [
          {
            severity: "warning",
            message: expect.stringContaining("GA, the patient is liable under the ABN"),
          },
        ],
      },
      {
        name: "maintenance care with an ABN and no modifier: add GA",
        claim: dc({ chiropractic: maintenance, abnOnFile: true, lines: ["98942"] }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GA" }] } }],
        afterFix: [{ severity: "warning" }],
      },
      {
        name: "maintenance care without an ABN: add GZ",
        claim: dc({ chiropractic: maintenance, lines: ["98940"] }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GZ" }] } }],
        afterFix: [{ severity: "warning", message: expect.stringContaining("GZ, the practice is liable") }],
      },
      {
        name: "maintenance care billed with GZ: a warning only",
        claim: dc({ chiropractic: maintenance, lines: [{ code: "98940", modifiers: ["GZ"] }] }),
        findings: [{ severity: "warning", fix: undefined }],
      },
      {
        name: "GA without an ABN on file: use GZ",
        claim: dc({ chiropractic: maintenance, lines: [{ code: "98940", modifiers: ["GA"] }] }),
        findings: [
          {
            fix: {
              patch: [
                { op: "remove-modifier", line: 0, modifier: "GA" },
                { op: "add-modifier", line: 0, modifier: "GZ" },
              ],
            },
          },
        ],
        afterFix: [{ severity: "warning" }],
      },
      {
        name: "maintenance care billed with AT",
        claim: dc({ chiropractic: maintenance, lines: [{ code: "98940", modifiers: ["AT"] }] }),
        findings: [
          {
            message: expect.stringContaining("replace AT with GZ"),
            fix: {
              patch: [
                { op: "remove-modifier", line: 0, modifier: "AT" },
                { op: "add-modifier", line: 0, modifier: "GZ" },
              ],
            },
          },
        ],
        fixed: { lines: [{ code: "98940", modifiers: ["GZ"] }] },
        afterFix: [{ severity: "warning" }],
      },
      {
        name: "no chiropractic documentation and no modifier: no fix, and no initial treatment date",
        claim: dc({ lines: ["98940"] }),
        findings: [
          { severity: "error", fix: undefined, message: expect.stringContaining("has none of AT, GA or GZ") },
          { severity: "warning", location: "$.chiropractic.initialTreatmentDate" },
        ],
      },
      {
        name: "traction by a chiropractor without GY: excluded by statute",
        claim: dc({ chiropractic: active, lines: [{ code: "98940", modifiers: ["AT"] }, "97012"] }),
        findings: [
          {
            lines: [1],
            carc: "96",
            rarc: "N425",
            message: expect.stringContaining(
              "97012 furnished by a chiropractor is excluded from Medicare by statute",
            ),
            fix: { patch: [{ op: "add-modifier", line: 1, modifier: "GY" }] },
          },
        ],
      },
      {
        name: "excluded service with a voluntary ABN on file: GY and GX",
        claim: dc({ chiropractic: active, abnOnFile: true, lines: ["97140"] }),
        findings: [
          {
            fix: {
              patch: [
                { op: "add-modifier", line: 0, modifier: "GY" },
                { op: "add-modifier", line: 0, modifier: "GX" },
              ],
            },
          },
        ],
      },
      {
        name: "GY without GX though a voluntary ABN is on file: a warning",
        claim: dc({ chiropractic: active, abnOnFile: true, lines: [{ code: "97012", modifiers: ["GY"] }] }),
        findings: [
          { severity: "warning", fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GX" }] } },
        ],
      },
      {
        name: "98943 (extraspinal CMT) is not covered: GY",
        claim: dc({ chiropractic: active, lines: ["98943"] }),
        findings: [{ fix: { patch: [{ op: "add-modifier", line: 0, modifier: "GY" }] } }],
      },
      {
        name: "CMT whose first diagnosis is not a subluxation",
        claim: dc({
          chiropractic: active,
          diagnoses: ["M54.16", "M99.03"],
          lines: [{ code: "98940", modifiers: ["AT"] }],
        }),
        findings: [
          {
            severity: "warning",
            message: expect.stringContaining(
              "first diagnosis is M54.16, not a spinal subluxation (M99.00–M99.05)",
            ),
          },
        ],
      },
      // ICD-10-CM FY2024: M99.06 lower extremity, M99.07 upper extremity, M99.08 rib cage,
      // M99.09 abdomen and other regions. Segmental dysfunction, but not of the spine: it does
      // not support spinal CMT (issue 8: these were accepted before).
      ...(
        [
          ["M99.06", "lower extremity"],
          ["M99.07", "upper extremity"],
          ["M99.08", "rib cage"],
          ["M99.09", "abdomen and other regions"],
        ] as const
      ).map(([primary, region]) => ({
        name: `98941 AT with ${primary} (${region}) first: not a spinal subluxation`,
        claim: dc({
          chiropractic: active,
          diagnoses: [primary, "M54.16"],
          lines: [{ code: "98941", modifiers: ["AT"] }],
        }),
        findings: [
          {
            rule: "chiro-coverage",
            severity: "warning",
            lines: [0],
            carc: undefined,
            message: `98941's first diagnosis is ${primary}, which is segmental dysfunction outside the spine (an extremity, the rib cage or the abdomen), not a spinal subluxation (M99.00–M99.05); Medicare expects the subluxation as the primary diagnosis of CMT, with the condition it causes as the secondary`,
            location: "$.lines[0].diagnosisPointers",
          },
        ],
      })),
    ],
  },
  { reference: ruleReference },
);
