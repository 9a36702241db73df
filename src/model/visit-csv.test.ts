import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseVisitInput } from "../pipeline/input.js";
import { InputError } from "./validate.js";
import { parseVisitCsv } from "./visit-csv.js";

/**
 * The visit CSV reader (docs/visit-csv.md). Each good case writes out by hand the visits
 * its rows mean; each bad case the row and column a person would have to fix.
 */

const seedHeader =
  "visit_id,date_of_service,patient_id,patient_first_name,patient_last_name,patient_birth_date,patient_sex,patient_member_id,patient_zip,patient_address,patient_city,patient_state,payer_id,payer_name,payer_type,place_of_service,rendering_npi,rendering_first_name,rendering_last_name,rendering_credential,rendering_participating,plan_of_care_discipline,plan_of_care_from,plan_of_care_through,diagnoses,code,minutes,region,distinct,diagnosis_pointers,charge,deductible_remaining";
const seedCsv = [
  seedHeader,
  "V-1001,2026-03-02,P-77,Ana,Diaz,1956-04-09,F,1EG4TE5MK73,33101,1450 NW 10th Ave,Miami,FL,MEDICARE-FL,Medicare Part B,medicare,11,1972638468,Elena,Ruiz,PT,yes,PT,2026-02-01,2026-04-30,M54.16;M51.26,97012,15,,,,45.00,0.00",
  "V-1001,,,,,,,,,,,,,,,,,,,,,,,,,97110,30,,,1;2,60.00",
  "V-1001,,,,,,,,,,,,,,,,,,,,,,,,,97140,8,cervical,XS,,55.00",
].join("\n");

interface Good {
  name: string;
  csv: string;
  visits: unknown[];
}

const good: Good[] = [
  {
    // A practice's second clinic: loop 2310C, whose ZIP prices the claim.
    name: "a visit at the practice's Orlando clinic: the service facility columns",
    csv: [
      "visit_id,date_of_service,patient_id,payer_id,payer_type,place_of_service,diagnoses,service_facility_name,service_facility_address,service_facility_city,service_facility_state,service_facility_zip,code,minutes",
      "V-7,2026-03-02,P-1,MEDICARE-FL,medicare,11,M54.16,Bayside Therapy Orlando,100 Orange Ave,Orlando,fl,328011234,97110,30",
    ].join("\n"),
    visits: [
      {
        id: "V-7",
        dateOfService: "2026-03-02",
        patient: { id: "P-1" },
        payer: { id: "MEDICARE-FL", type: "medicare" },
        placeOfService: "11",
        diagnoses: ["M54.16"],
        services: [{ code: "97110", minutes: 30 }],
        serviceFacility: {
          name: "Bayside Therapy Orlando",
          address: "100 Orange Ave",
          city: "Orlando",
          state: "FL",
          zip: "328011234",
        },
      },
    ],
  },
  {
    // Issue 11: a workers' comp visit carries its injury, the insurer's claim number and the employer.
    name: "a workers' comp visit: accident (EM and its date), claim number and employer",
    csv: [
      "visit_id,date_of_service,patient_id,payer_id,payer_type,place_of_service,diagnoses,accident_causes,accident_date,accident_state,property_casualty_claim_number,employer_name,benefit_used,code,minutes",
      "WC-1,2026-03-02,P-1,WC001,workers-comp,11,S83.511A,em,2026-02-10,,WC2026-0044172,Gulf Coast Roofing Inc,,97110,30",
      "PIP-1,2026-03-03,P-2,AUTO7,auto,11,S13.4XXA,AA,2026-02-20,fl,PIP-77-310045,,9900.00,97140,15",
    ].join("\n"),
    visits: [
      {
        id: "WC-1",
        dateOfService: "2026-03-02",
        patient: { id: "P-1" },
        payer: { id: "WC001", type: "workers-comp" },
        placeOfService: "11",
        diagnoses: ["S83.511A"],
        services: [{ code: "97110", minutes: 30 }],
        accident: { causes: ["EM"], date: "2026-02-10" },
        propertyCasualtyClaimNumber: "WC2026-0044172",
        employer: { name: "Gulf Coast Roofing Inc" },
      },
      {
        id: "PIP-1",
        dateOfService: "2026-03-03",
        patient: { id: "P-2" },
        payer: { id: "AUTO7", type: "auto" },
        placeOfService: "11",
        diagnoses: ["S13.4XXA"],
        services: [{ code: "97140", minutes: 15 }],
        accident: { causes: ["AA"], date: "2026-02-20", state: "FL" },
        propertyCasualtyClaimNumber: "PIP-77-310045",
        benefitUsed: "9900.00",
      },
    ],
  },
  {
    name: "two visits, rows grouped by visit id even when interleaved; blank visit cells on later rows",
    csv: [
      "visit_id,date_of_service,patient_id,payer_id,payer_type,place_of_service,diagnoses,code,minutes,assistant_minutes",
      "A-1,2026-03-02,P-1,MCR,medicare,11,M54.50,97110,38,",
      "B-7,2026-03-03,P-2,ACME,commercial,11,M25.511;M75.101,97530,25,10",
      "A-1,,,,,,,97140,12,",
    ].join("\r\n"),
    visits: [
      {
        id: "A-1",
        dateOfService: "2026-03-02",
        patient: { id: "P-1" },
        payer: { id: "MCR", type: "medicare" },
        placeOfService: "11",
        diagnoses: ["M54.50"],
        services: [
          { code: "97110", minutes: 38 },
          { code: "97140", minutes: 12 },
        ],
      },
      {
        id: "B-7",
        dateOfService: "2026-03-03",
        patient: { id: "P-2" },
        payer: { id: "ACME", type: "commercial" },
        placeOfService: "11",
        diagnoses: ["M25.511", "M75.101"],
        services: [{ code: "97530", minutes: 25, assistantMinutes: 10 }],
      },
    ],
  },
  {
    name: "headers in any spelling and order, values folded (case), a byte-order mark, a quoted comma, blank rows",
    csv: [
      "\uFEFFCode,Visit ID,Date of Service,Payer Type,payerId,Place-of-Service,Modifiers,Region,Distinct,Payer Name,ABN on file,Deductible Remaining",
      'g0283,v-9,2026-05-01,Medicare,MCR,11,kx;gp,LUMBAR,xs,"Medicare, Part B",Y,12.5',
      ",,,,,,,,,,,",
      "",
    ].join("\n"),
    visits: [
      {
        id: "v-9",
        dateOfService: "2026-05-01",
        patient: {},
        payer: { id: "MCR", type: "medicare", name: "Medicare, Part B" },
        placeOfService: "11",
        diagnoses: [],
        services: [{ code: "G0283", modifiers: ["KX", "GP"], region: "lumbar", distinct: "XS" }],
        abnOnFile: true,
        deductibleRemaining: "12.50",
      },
    ],
  },
  {
    name: "a visit cell repeated with the same value on later rows is fine; rendering NPI alone (the practice gives the credential)",
    csv: [
      "visit_id,date_of_service,payer_id,payer_type,place_of_service,rendering_npi,code,minutes,charge",
      "C-1,2026-04-10,MCR,medicare,12,1972638468,97110,23,60.00",
      "C-1,2026-04-10,MCR,medicare,12,1972638468,97110,15,60.00",
    ].join("\n"),
    visits: [
      {
        id: "C-1",
        dateOfService: "2026-04-10",
        patient: {},
        payer: { id: "MCR", type: "medicare" },
        placeOfService: "12",
        renderingProvider: { npi: "1972638468" },
        diagnoses: [],
        services: [
          { code: "97110", minutes: 23 },
          { code: "97110", minutes: 15 },
        ],
        charges: { "97110": "60.00" },
      },
    ],
  },
];

interface Bad {
  name: string;
  csv: string;
  issues: Array<{ path: string; message: string }>;
}

const head = "visit_id,date_of_service,payer_id,payer_type,place_of_service,code,minutes";
const bad: Bad[] = [
  {
    name: "minutes that are not a whole number, on the row a spreadsheet shows (header = row 1)",
    csv: [head, "A,2026-03-02,MCR,medicare,11,97110,30", "A,,,,,97140,7.5"].join("\n"),
    issues: [
      { path: "row 3, column minutes", message: 'expected a whole number of minutes (0 to 1440), got "7.5"' },
    ],
  },
  {
    name: "a date that is not a date, and an unknown payer type, reported together",
    csv: [head, "A,03/02/2026,MCR,medicare,11,97110,30", "B,2026-03-02,X,hmo,11,97110,30"].join("\n"),
    issues: [
      { path: "row 2, column date_of_service", message: 'expected a date as YYYY-MM-DD, got "03/02/2026"' },
      {
        path: "row 3, column payer_type",
        message:
          'expected one of medicare, medicare-advantage, medicaid, commercial, workers-comp, auto, self-pay, got "hmo"',
      },
    ],
  },
  {
    name: "a later row of a visit that contradicts its first",
    csv: [head, "A,2026-03-02,MCR,medicare,11,97110,30", "A,2026-03-03,,,,97140,8"].join("\n"),
    issues: [
      {
        path: "row 3, column date_of_service",
        message:
          'visit A has "2026-03-02" on row 2; give a visit\'s value once, or the same on each of its rows',
      },
    ],
  },
  {
    name: "a typo in a header (minuts) and a missing required column",
    csv: [
      "visit_id,date_of_service,payer_id,payer_type,code,minuts",
      "A,2026-03-02,MCR,medicare,97110,30",
    ].join("\n"),
    issues: [
      {
        path: "row 1, column 6",
        message: expect.stringMatching(
          /^unknown column "minuts"; the columns are visit_id, date_of_service, /,
        ) as never,
      },
      { path: "row 1", message: "the required column place_of_service is missing" },
    ],
  },
  {
    name: "visit columns missing on a visit's first row; a row with no visit id; a row without a code",
    csv: [head, "A,,MCR,medicare,11,97110,30", ",2026-03-02,MCR,medicare,11,97110,30", "A,,,,,,8"].join("\n"),
    issues: [
      { path: "row 2, column date_of_service", message: "required on the visit's first row" },
      { path: "row 3, column visit_id", message: "required: every row names its visit" },
      { path: "row 4, column code", message: "required on every row" },
    ],
  },
  {
    name: "a plan of care given in part; one code charged two ways",
    csv: [
      `${head},plan_of_care_discipline,plan_of_care_from,charge`,
      "A,2026-03-02,MCR,medicare,11,97110,30,PT,2026-02-01,60.00",
      "A,,,,,97110,15,,,61.00",
    ].join("\n"),
    issues: [
      {
        path: "row 3, column charge",
        message: "97110 is charged 60.00 on row 2; a code has one unit charge per visit",
      },
      {
        path: "row 2, column plan_of_care_through",
        message: "a plan of care needs its discipline, from and through dates together",
      },
    ],
  },
  {
    name: "pointers and modifiers lists with a bad member",
    csv: [
      `${head},diagnosis_pointers,modifiers`,
      "A,2026-03-02,MCR,medicare,11,97110,30,1;13,GP",
      "A,,,,,97140,8,1,GP;X",
    ].join("\n"),
    issues: [
      {
        path: "row 2, column diagnosis_pointers",
        message: 'expected diagnosis pointers separated by ";", each a number from 1 to 12, got "1;13"',
      },
      {
        path: "row 3, column modifiers",
        message: 'expected modifiers separated by ";", each a 2-character modifier, got "GP;X"',
      },
    ],
  },
  {
    name: "an unclosed quote: malformed CSV, at the row it starts",
    csv: [head, "A,2026-03-02,MCR,medicare,11,97110,30", 'B,2026-03-02,"MCR,medicare,11,97110,30'].join("\n"),
    issues: [{ path: "row 3", message: expect.stringMatching(/^malformed CSV: /) as never }],
  },
  {
    name: "a header and no rows",
    csv: `${head}\n`,
    issues: [{ path: "row 2", message: "no service rows after the header" }],
  },
];

describe("parseVisitCsv", () => {
  it.each(good)("reads $name", ({ csv, visits }) => {
    expect(parseVisitCsv(csv)).toEqual(visits);
  });

  it.each(bad)("refuses $name", ({ csv, issues }) => {
    let caught: unknown;
    try {
      parseVisitCsv(csv, "upload.csv");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    const problem = caught as InputError;
    expect(problem.issues).toEqual(issues.map((i) => ({ ...i, code: "invalid-input" })));
    expect(problem.message.startsWith(`upload.csv: ${issues[0]!.path}: `)).toBe(true);
  });

  it("reads the seed visit as its JSON example says, once the practice gives the billing provider", () => {
    const json = JSON.parse(readFileSync("examples/visits/01-seed-medicare-pt.json", "utf8")) as Record<
      string,
      unknown
    >;
    const [visit] = parseVisitCsv(seedCsv);
    const fromCsv = parseVisitInput({ ...visit, billingProvider: json.billingProvider }, "csv");
    const fromJson = parseVisitInput(json, "json");
    expect(fromCsv.warnings).toEqual([]);
    expect(fromCsv.visit).toEqual(fromJson.visit);
  });
});
