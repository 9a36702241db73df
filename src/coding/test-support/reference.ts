import type { VisitInput } from "../../model/visit.js";
import { type Visit, visitSchema } from "../../model/visit.js";
import { MemorySource } from "../../reference/memory-source.js";
import { Reference } from "../../reference/reference.js";
import type { ModifierIndicator, PtpRow, RvuRow } from "../../reference/types.js";
import { bundledPolicy } from "../../test-support/reference.js";

/**
 * A small reference for coding tests, with REAL rows copied verbatim from the shared CMS
 * files (../shared/data). Most tests use the bundled pack (`packReference()`); this
 * fixture pins exact editions, lacks some codes on purpose, and a parity test checks that
 * it codes like the pack.
 */

/** ../shared/data/mpfs-2025/PPRRVU2025_Oct.csv (CY2025 October release, RVU25D), rows as published. */
const pprrvu2025 = `
97010,,,B,+,0.06,0.13,,0.13,NA,0.01,0.20,0.20,9,XXX,0.00,0.00,0.00,9,9,9,9,9,,32.3465,09,0,99,0.00,0.00,0.00
97012,,,A,,0.25,0.18,,0.18,NA,0.01,0.44,0.44,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97014,,,I,+,0.18,0.19,,0.19,NA,0.01,0.38,0.38,9,XXX,0.00,0.00,0.00,9,9,9,9,9,,32.3465,09,0,99,0.00,0.00,0.00
97035,,,A,,0.21,0.21,,0.21,NA,0.01,0.43,0.43,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97110,,,A,,0.45,0.43,,0.43,NA,0.01,0.89,0.89,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97112,,,A,,0.50,0.48,,0.48,NA,0.01,0.99,0.99,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97116,,,A,,0.45,0.43,,0.43,NA,0.01,0.89,0.89,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97140,,,A,,0.43,0.40,,0.40,NA,0.01,0.84,0.84,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97161,,,A,,1.54,1.45,,1.45,NA,0.04,3.03,3.03,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97165,,,A,,1.54,1.53,,1.53,NA,0.04,3.11,3.11,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
97530,,,A,,0.44,0.62,,0.62,NA,0.01,1.07,1.07,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
98940,,,A,,0.46,0.35,,0.19,,0.01,0.82,0.66,0,000,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
98941,,,A,,0.71,0.47,,0.29,,0.01,1.19,1.01,0,000,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
98943,,,N,+,0.46,0.28,,0.18,,0.03,0.77,0.67,9,XXX,0.00,0.00,0.00,9,9,9,9,9,,32.3465,09,0,99,0.00,0.00,0.00
G0283,,Elec stim other than wound,A,,0.18,0.19,,0.19,NA,0.01,0.38,0.38,7,XXX,0.00,0.00,0.00,5,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00
`;

/** ../shared/data/mpfs-2026/PPRRVU2026_Jul_nonQPP.EXCERPT.csv (CY2026 July release; adds PRIC IND). */
const pprrvu2026 = `
97012,,,A,,0.24,0.18,,0.18,NA,0.01,0.43,0.43,7,XXX,0.00,0.00,0.00,5,0,0,0,0,9,,33.4009,09,0,99,0.00,0.00,0.00
97110,,,A,,0.45,0.41,,0.41,NA,0.01,0.87,0.87,7,XXX,0.00,0.00,0.00,5,0,0,0,0,9,,33.4009,09,0,99,0.00,0.00,0.00
97140,,,A,,0.43,0.39,,0.39,NA,0.01,0.83,0.83,7,XXX,0.00,0.00,0.00,5,0,0,0,0,9,,33.4009,09,0,99,0.00,0.00,0.00
G0283,,Elec stim other than wound,A,,0.18,0.19,,0.19,NA,0.01,0.38,0.38,7,XXX,0.00,0.00,0.00,5,0,0,0,0,9,,33.4009,09,0,99,0.00,0.00,0.00
`;

/**
 * ../shared/data/ncci-2024q3/ptp_practitioner_2024q3_all.csv.gz (practitioner PTP, effective
 * 2024-07-01; normalised csv: column1, column2, deletion_date, modifier_indicator, rationale).
 */
const ptp2024q3 = `
97012,97140,,1,Mutually exclusive procedures
97012,97164,2019-12-31,1,Standards of medical/surgical practice
97012,97164,,1,Standards of medical/surgical practice
97110,97140,1999-04-01,9,Standards of medical/surgical practice
97140,97530,2019-12-31,1,Mutually exclusive procedures
97150,97110,,1,Mutually exclusive procedures
97162,97161,,0,More extensive procedure
97530,97110,1996-01-01,9,Mutually exclusive procedures
98940,97112,,1,Standards of medical/surgical practice
98940,97140,,1,Standards of medical/surgical practice
98940,97161,2020-01-01,9,Standards of medical/surgical practice
98940,97161,,0,Standards of medical/surgical practice
98941,97140,,1,Standards of medical/surgical practice
98941,98940,,0,More extensive procedure
G0283,97164,,1,Standards of medical/surgical practice
`;

function rvuRows(csv: string, convFactorColumn: number): RvuRow[] {
  return csv
    .trim()
    .split("\n")
    .map((line) => {
      const c = line.split(",");
      const at = (i: number) => c[i] ?? "";
      return {
        code: at(0),
        modifier: at(1),
        status: at(3),
        work: at(5),
        peNonFacility: at(6),
        peNonFacilityNa: at(7) === "NA",
        peFacility: at(8),
        peFacilityNa: at(9) === "NA",
        mp: at(10),
        pctc: at(13),
        globalDays: at(14),
        multipleProcedure: at(18),
        conversionFactor: at(convFactorColumn),
      };
    });
}

function ptpRows(csv: string): PtpRow[] {
  return csv
    .trim()
    .split("\n")
    .map((line) => {
      const [column1 = "", column2 = "", deletion = "", indicator = "", rationale = ""] = line.split(",");
      return {
        column1,
        column2,
        effective: null,
        deletion: deletion === "" ? null : deletion,
        modifierIndicator: indicator as ModifierIndicator,
        rationale,
      };
    });
}

let cached: Reference | undefined;

/** Reference data for coding tests: 2025 and 2026 RVUs and the 2024Q3 PTP rows above. */
export function codingReference(): Reference {
  if (cached) return cached;
  const source = new MemorySource();
  const at = "2026-01-01T00:00:00.000Z";
  source.add(
    {
      edition: {
        table: "rvu",
        source: "PPRRVU2025_Oct.csv",
        release: "CY2025 October release (RVU25D)",
        effectiveFrom: "2025-10-01",
        effectiveThrough: "2025-12-31",
      },
      rows: rvuRows(pprrvu2025, 24),
    },
    "import",
    at,
  );
  source.add(
    {
      edition: {
        table: "rvu",
        source: "PPRRVU2026_Jul_nonQPP.EXCERPT.csv",
        release: "CY2026 July release (excerpt)",
        effectiveFrom: "2026-07-01",
        effectiveThrough: "2026-12-31",
      },
      rows: rvuRows(pprrvu2026, 25),
    },
    "import",
    at,
  );
  source.add(
    {
      edition: {
        table: "ptp",
        source: "ptp_practitioner_2024q3_all.csv.gz",
        release: "NCCI 2024Q3",
        effectiveFrom: "2024-07-01",
        effectiveThrough: null,
      },
      rows: ptpRows(ptp2024q3),
    },
    "import",
    at,
  );
  source.add(bundledPolicy(), "pack", at);
  cached = new Reference(source);
  return cached;
}

/** The seed visit of contract §1 (Medicare PT, 2026-03-02), with the attestation on 97140. */
export const seedVisit: VisitInput = {
  id: "V-1001",
  dateOfService: "2026-03-02",
  patient: {
    id: "P-77",
    firstName: "Ana",
    lastName: "Diaz",
    birthDate: "1956-04-09",
    sex: "F",
    memberId: "1EG4TE5MK73",
    zip: "33101",
  },
  payer: { id: "MEDICARE-FL", name: "Medicare Part B", type: "medicare" },
  placeOfService: "11",
  billingProvider: {
    npi: "1234567893",
    taxId: "591234567",
    name: "Bayside Therapy",
    zip: "33101",
    locality: "09102-04",
  },
  renderingProvider: { npi: "1972638468", credential: "PT", participating: true },
  planOfCare: { discipline: "PT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
  diagnoses: ["M54.16", "M51.26"],
  services: [
    { code: "97012", minutes: 15 },
    { code: "97110", minutes: 30 },
    { code: "97140", minutes: 8, region: "cervical", distinct: "XS" },
  ],
  charges: { "97012": "45.00", "97110": "60.00", "97140": "55.00" },
  deductibleRemaining: "0.00",
};

/** A validated visit: the seed with `changes` on top (defaults filled in by the schema). */
export function visitWith(changes: Partial<VisitInput> = {}): Visit {
  return visitSchema.parse({ ...seedVisit, ...changes });
}
