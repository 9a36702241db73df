import { CsvError, parse } from "csv-parse/sync";
import { credentials, disciplines, distinctModifiers, payerTypes, regions, unitMethods } from "./common.js";
import { isIsoDate } from "./dates.js";
import { formatCents, isMoney, parseCents } from "./money.js";
import { InputError, type InputIssue, stripByteOrderMark } from "./validate.js";

/**
 * Visits from a CSV file (docs/visit-csv.md): one row per service line, rows grouped into
 * visits by `visit_id`. Visit columns (date of service, patient, payer, provider, plan of
 * care, diagnoses) are given on a visit's first row; a later row of the same visit leaves
 * them blank or repeats the same value. The billing provider is not a column: the practice's
 * settings fill it when the visit is stored, as for a visit typed on the Check page.
 *
 * Every cell is checked here, so a problem names its row (as a spreadsheet numbers it, the
 * header being row 1) and its column. What only the whole visit can tell (a code the
 * reference does not know, a plan of care that ends before the visit) is judged when each
 * visit is checked, like a JSON visit.
 */

/** A visit read from CSV: contract §1 without `billingProvider`, which the practice fills. */
export interface CsvVisit {
  id: string;
  dateOfService: string;
  patient: Record<string, string>;
  payer: { id: string; type: string; name?: string; unitMethod?: string };
  placeOfService: string;
  renderingProvider?: {
    npi?: string;
    firstName?: string;
    lastName?: string;
    credential?: string;
    participating?: boolean;
  };
  planOfCare?: { discipline: string; certifiedFrom: string; certifiedThrough: string };
  diagnoses: string[];
  services: Array<Record<string, unknown>>;
  charges?: Record<string, string>;
  abnOnFile?: boolean;
  medicallyNecessaryOverThreshold?: boolean;
  deductibleRemaining?: string;
  accident?: { causes: string[]; date?: string; state?: string };
  propertyCasualtyClaimNumber?: string;
  employer?: { name: string };
  benefitUsed?: string;
  serviceFacility?: {
    name: string;
    npi?: string;
    address?: string;
    city?: string;
    state?: string;
    zip?: string;
  };
}

type Value = string | number | boolean | string[] | number[];
type Reader = (cell: string) => { value: Value } | { expected: string };

interface Column {
  name: string;
  /** visit: one value per visit; service: one per row. */
  level: "visit" | "service";
  required?: boolean;
  read: Reader;
  /** What the column means, for docs/visit-csv.md. */
  meaning: string;
}

const text: Reader = (cell) => ({ value: cell });
const date: Reader = (cell) => (isIsoDate(cell) ? { value: cell } : { expected: "a date as YYYY-MM-DD" });
const oneOf =
  (values: readonly string[], fold: (s: string) => string = (s) => s): Reader =>
  (cell) =>
    values.includes(fold(cell)) ? { value: fold(cell) } : { expected: `one of ${values.join(", ")}` };
const minutes: Reader = (cell) =>
  /^\d+$/.test(cell) && Number(cell) <= 1440
    ? { value: Number(cell) }
    : { expected: "a whole number of minutes (0 to 1440)" };
const money: Reader = (cell) =>
  isMoney(cell) && !cell.startsWith("-")
    ? { value: formatCents(parseCents(cell)) }
    : { expected: 'an amount such as "45.00"' };
const yesNo: Reader = (cell) => {
  const v = cell.toLowerCase();
  if (["yes", "y", "true", "1"].includes(v)) return { value: true };
  if (["no", "n", "false", "0"].includes(v)) return { value: false };
  return { expected: "yes or no" };
};
const pattern =
  (re: RegExp, expected: string, fold: (s: string) => string = (s) => s): Reader =>
  (cell) =>
    re.test(fold(cell)) ? { value: fold(cell) } : { expected };
const list =
  (item: Reader, max: number, what: string): Reader =>
  (cell) => {
    const parts = cell
      .split(";")
      .map((p) => p.trim())
      .filter((p) => p !== "");
    if (parts.length > max) return { expected: `at most ${max} ${what} separated by ";"` };
    const out: Value[] = [];
    for (const part of parts) {
      const r = item(part);
      if ("expected" in r) return { expected: `${what} separated by ";", each ${r.expected}` };
      out.push(r.value);
    }
    return { value: out as string[] | number[] };
  };
const upper = (s: string) => s.toUpperCase();

/** The columns, in the order docs/visit-csv.md lists them. */
export const visitCsvColumns: readonly Column[] = [
  {
    name: "visit_id",
    level: "visit",
    required: true,
    read: text,
    meaning: "The visit's id: groups rows into one visit; becomes the claim id (CLM01).",
  },
  {
    name: "date_of_service",
    level: "visit",
    required: true,
    read: date,
    meaning: "The date the services were furnished.",
  },
  {
    name: "patient_id",
    level: "visit",
    read: text,
    meaning: "The practice's patient id (medical record number).",
  },
  { name: "patient_first_name", level: "visit", read: text, meaning: "The patient's first name." },
  { name: "patient_last_name", level: "visit", read: text, meaning: "The patient's last name." },
  { name: "patient_birth_date", level: "visit", read: date, meaning: "The patient's date of birth." },
  { name: "patient_sex", level: "visit", read: oneOf(["F", "M", "U"], upper), meaning: "F, M or U." },
  {
    name: "patient_member_id",
    level: "visit",
    read: text,
    meaning: "The member id on the insurance card (the MBI for Medicare).",
  },
  { name: "patient_zip", level: "visit", read: text, meaning: "The patient's ZIP code." },
  { name: "patient_address", level: "visit", read: text, meaning: "The patient's street address." },
  { name: "patient_city", level: "visit", read: text, meaning: "The patient's city." },
  { name: "patient_state", level: "visit", read: text, meaning: "The patient's state, two letters." },
  { name: "payer_id", level: "visit", required: true, read: text, meaning: "The payer's electronic id." },
  { name: "payer_name", level: "visit", read: text, meaning: "The payer's name." },
  {
    name: "payer_type",
    level: "visit",
    required: true,
    read: oneOf(payerTypes, (s) => s.toLowerCase()),
    meaning: `${payerTypes.join(", ")}.`,
  },
  {
    name: "payer_unit_method",
    level: "visit",
    read: oneOf(unitMethods, (s) => s.toLowerCase()),
    meaning: "cms or ama; blank: from the payer type.",
  },
  {
    name: "place_of_service",
    level: "visit",
    required: true,
    read: pattern(/^\d{2}$/, "a 2-digit place of service code such as 11"),
    meaning: "The CMS place of service code (11 office).",
  },
  {
    name: "rendering_npi",
    level: "visit",
    read: pattern(/^\d{10}$/, "a 10-digit NPI"),
    meaning: "The treating clinician's NPI; blank: the practice's only rendering provider.",
  },
  {
    name: "rendering_credential",
    level: "visit",
    read: oneOf(credentials, upper),
    meaning: `${credentials.join(", ")}; blank: from the practice's rendering provider with that NPI.`,
  },
  {
    name: "rendering_first_name",
    level: "visit",
    read: text,
    meaning: "The treating clinician's first name.",
  },
  {
    name: "rendering_last_name",
    level: "visit",
    read: text,
    meaning:
      "The treating clinician's last name (the 837P needs it when the clinician is not the billing provider).",
  },
  {
    name: "rendering_participating",
    level: "visit",
    read: yesNo,
    meaning: "yes or no (Medicare participation); blank: yes.",
  },
  {
    name: "plan_of_care_discipline",
    level: "visit",
    read: oneOf(disciplines, upper),
    meaning: "PT, OT or SLP; the three plan of care columns go together.",
  },
  {
    name: "plan_of_care_from",
    level: "visit",
    read: date,
    meaning: "First day of the plan's certification.",
  },
  {
    name: "plan_of_care_through",
    level: "visit",
    read: date,
    meaning: "Last day of the plan's certification.",
  },
  {
    name: "diagnoses",
    level: "visit",
    read: list(text, 12, "ICD-10-CM codes"),
    meaning: 'ICD-10-CM codes separated by ";", principal first (at most 12).',
  },
  { name: "abn_on_file", level: "visit", read: yesNo, meaning: "yes or no; blank: no." },
  {
    name: "medically_necessary_over_threshold",
    level: "visit",
    read: yesNo,
    meaning: "yes when the documentation supports services past the KX threshold.",
  },
  {
    name: "deductible_remaining",
    level: "visit",
    read: money,
    meaning: "Part B deductible still unmet this year; blank: met.",
  },
  {
    name: "accident_causes",
    level: "visit",
    read: list(oneOf(["AA", "EM", "OA"], upper), 2, "related causes"),
    meaning:
      'Related causes of an accident, separated by ";" (837P CLM11): AA auto, EM employment (workers\' comp), OA other.',
  },
  {
    name: "accident_date",
    level: "visit",
    read: date,
    meaning: "Date of the accident or injury (DTP*439); workers' comp and auto payers require it.",
  },
  {
    name: "accident_state",
    level: "visit",
    read: pattern(/^[A-Z]{2}$/, "a 2-letter state code such as FL", upper),
    meaning:
      "State where the accident happened: CLM11-4 for an auto accident (required with AA); for workers' comp, the state of injury, which chooses the state's profile (not sent).",
  },
  {
    name: "property_casualty_claim_number",
    level: "visit",
    read: text,
    meaning: "The claim or injury number the workers' comp or auto insurer assigned (REF*Y4).",
  },
  {
    name: "employer_name",
    level: "visit",
    read: text,
    meaning: "The injured worker's employer (workers' comp; sent as the 837P subscriber).",
  },
  {
    name: "benefit_used",
    level: "visit",
    read: money,
    meaning:
      "What the workers' comp or auto program has already paid on this injury's benefit (the insurer's ledger), for a state schedule's benefit caps.",
  },
  {
    name: "service_facility_name",
    level: "visit",
    read: text,
    meaning:
      "Where the services were furnished, when not at the practice's billing address (837P 2310C); its ZIP then prices the claim.",
  },
  {
    name: "service_facility_npi",
    level: "visit",
    read: pattern(/^\d{10}$/, "a 10-digit NPI"),
    meaning: "The service facility's own NPI, when it has one (2310C NM109).",
  },
  {
    name: "service_facility_address",
    level: "visit",
    read: text,
    meaning: "The service facility's street address (2310C N301).",
  },
  {
    name: "service_facility_city",
    level: "visit",
    read: text,
    meaning: "The service facility's city (2310C N401).",
  },
  {
    name: "service_facility_state",
    level: "visit",
    read: pattern(/^[A-Z]{2}$/, "a 2-letter state code such as FL", upper),
    meaning: "The service facility's state (2310C N402).",
  },
  {
    name: "service_facility_zip",
    level: "visit",
    read: pattern(/^\d{5}(\d{4})?$/, "a 5- or 9-digit ZIP code"),
    meaning:
      "The service facility's ZIP code, 9 digits for the 837P (2310C N403); picks the pricing locality.",
  },
  {
    name: "code",
    level: "service",
    required: true,
    read: pattern(/^[A-Z0-9]{5}$/, "a 5-character CPT or HCPCS code such as 97110", upper),
    meaning: "The CPT or HCPCS code of the service.",
  },
  {
    name: "minutes",
    level: "service",
    read: minutes,
    meaning: "Minutes of the service (required for timed codes).",
  },
  {
    name: "assistant_minutes",
    level: "service",
    read: minutes,
    meaning: "The part of the minutes furnished by a PTA or OTA.",
  },
  {
    name: "region",
    level: "service",
    read: oneOf(regions, (s) => s.toLowerCase()),
    meaning: `${regions.join(", ")}.`,
  },
  {
    name: "distinct",
    level: "service",
    read: oneOf(distinctModifiers, upper),
    meaning: "XE, XS, XP, XU or 59: the clinician attests the service was distinct.",
  },
  {
    name: "modifiers",
    level: "service",
    read: list(pattern(/^[A-Z0-9]{2}$/, "a 2-character modifier", upper), 4, "modifiers"),
    meaning: 'Modifiers chosen by hand, separated by ";".',
  },
  {
    name: "diagnosis_pointers",
    level: "service",
    read: list(
      (c) =>
        /^\d+$/.test(c) && Number(c) >= 1 && Number(c) <= 12
          ? { value: Number(c) }
          : { expected: "a number from 1 to 12" },
      4,
      "diagnosis pointers",
    ),
    meaning: 'Pointers into diagnoses, 1-based, separated by ";".',
  },
  {
    name: "charge",
    level: "service",
    read: money,
    meaning: "The practice's charge for one unit of the code; blank: the practice fee schedule.",
  },
];

const byKey: ReadonlyMap<string, (typeof visitCsvColumns)[number]> = new Map(
  visitCsvColumns.map((c) => [headerKey(c.name), c]),
);

/** Headers match ignoring case, spaces, hyphens and underscores: "Visit ID", "visit_id" and "visitId" are one column. */
function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const MAX_ISSUES = 20;

/**
 * Parses a CSV of service lines into visits, in the order their first rows appear. Throws
 * an InputError naming row and column ("row 7, column minutes") for every problem found,
 * up to 20; nothing is returned unless every row is good.
 */
export function parseVisitCsv(input: string, source = "visits.csv"): CsvVisit[] {
  let records: string[][];
  try {
    records = parse(stripByteOrderMark(input), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { records?: number }).records;
      throw new InputError(
        [
          {
            path: at === undefined ? "csv" : `row ${at + 1}`,
            message: `malformed CSV: ${error.message.replace(/ at line \d+/, "")}`,
          },
        ],
        source,
      );
    }
    throw error;
  }
  const header = records[0];
  if (!header)
    throw new InputError([{ path: "row 1", message: "the file is empty: expected a header row" }], source);

  const issues: InputIssue[] = [];
  const fail = (path: string, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ path, message });
  };
  const columns: Array<Column | undefined> = header.map((h, i) => {
    const column = byKey.get(headerKey(h));
    if (!column && h !== "")
      fail(
        `row 1, column ${i + 1}`,
        `unknown column "${h}"; the columns are ${visitCsvColumns.map((c) => c.name).join(", ")} (docs/visit-csv.md)`,
      );
    return column;
  });
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!c) return;
    const first = seen.get(c.name);
    if (first !== undefined)
      fail(`row 1, column ${i + 1}`, `column ${c.name} is also column ${first + 1}; keep one`);
    else seen.set(c.name, i);
  });
  for (const c of visitCsvColumns)
    if (c.required && !seen.has(c.name)) fail("row 1", `the required column ${c.name} is missing`);
  if (issues.length > 0) throw new InputError(issues, source);
  if (records.length < 2)
    throw new InputError([{ path: "row 2", message: "no service rows after the header" }], source);

  interface Building {
    values: Map<string, { value: Value; row: number }>;
    services: Array<Record<string, unknown>>;
    charges: Map<string, { charge: string; row: number }>;
  }
  const visits = new Map<string, Building>();

  records.slice(1).forEach((record, r) => {
    const row = r + 2;
    if (record.every((c) => c === "")) return;
    const cells = new Map<string, string>();
    columns.forEach((c, i) => {
      const cell = record[i] ?? "";
      if (c && cell !== "") cells.set(c.name, cell);
    });
    if (record.length > header.length && record.slice(header.length).some((c) => c !== ""))
      fail(`row ${row}`, `${record.length} cells but the header has ${header.length} columns`);
    const visitId = cells.get("visit_id");
    if (visitId === undefined) {
      fail(`row ${row}, column visit_id`, "required: every row names its visit");
      return;
    }
    let visit = visits.get(visitId);
    const firstRow = visit === undefined;
    if (!visit) {
      visit = { values: new Map(), services: [], charges: new Map() };
      visits.set(visitId, visit);
    }
    const service: Record<string, unknown> = {};
    for (const c of visitCsvColumns) {
      const cell = cells.get(c.name);
      const where = `row ${row}, column ${c.name}`;
      if (cell === undefined) {
        if (c.required && (c.level === "service" || firstRow))
          fail(where, c.level === "service" ? "required on every row" : "required on the visit's first row");
        continue;
      }
      const read = c.read(cell);
      if ("expected" in read) {
        fail(where, `expected ${read.expected}, got "${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}"`);
        continue;
      }
      if (c.level === "service") {
        service[c.name] = read.value;
        continue;
      }
      const earlier = visit.values.get(c.name);
      if (earlier === undefined) visit.values.set(c.name, { value: read.value, row });
      else if (JSON.stringify(earlier.value) !== JSON.stringify(read.value))
        fail(
          where,
          `visit ${visitId} has "${String(earlier.value)}" on row ${earlier.row}; give a visit's value once, or the same on each of its rows`,
        );
    }
    const code = service.code as string | undefined;
    const charge = service.charge as string | undefined;
    if (code !== undefined && charge !== undefined) {
      const earlier = visit.charges.get(code);
      if (earlier === undefined) visit.charges.set(code, { charge, row });
      else if (earlier.charge !== charge)
        fail(
          `row ${row}, column charge`,
          `${code} is charged ${earlier.charge} on row ${earlier.row}; a code has one unit charge per visit`,
        );
    }
    visit.services.push(service);
  });

  const out: CsvVisit[] = [];
  for (const [id, visit] of visits) {
    const v = (name: string) => visit.values.get(name)?.value;
    const poc = ["plan_of_care_discipline", "plan_of_care_from", "plan_of_care_through"];
    const given = poc.filter((n) => v(n) !== undefined);
    if (given.length > 0 && given.length < poc.length) {
      const row = visit.values.get(given[0]!)!.row;
      const missing = poc.find((n) => v(n) === undefined)!;
      fail(
        `row ${row}, column ${missing}`,
        "a plan of care needs its discipline, from and through dates together",
      );
    }
    out.push(buildVisit(id, v, visit.services, visit.charges));
  }
  if (issues.length > 0) throw new InputError(issues, source);
  return out;
}

function buildVisit(
  id: string,
  v: (name: string) => Value | undefined,
  rows: Array<Record<string, unknown>>,
  charges: Map<string, { charge: string }>,
): CsvVisit {
  const str = (name: string) => v(name) as string | undefined;
  const patient: Record<string, string> = {};
  const patientFields: Array<[string, string]> = [
    ["patient_id", "id"],
    ["patient_first_name", "firstName"],
    ["patient_last_name", "lastName"],
    ["patient_birth_date", "birthDate"],
    ["patient_sex", "sex"],
    ["patient_member_id", "memberId"],
    ["patient_zip", "zip"],
    ["patient_address", "address"],
    ["patient_city", "city"],
    ["patient_state", "state"],
  ];
  for (const [column, field] of patientFields) {
    const value = str(column);
    if (value !== undefined) patient[field] = value;
  }
  const visit: CsvVisit = {
    id,
    dateOfService: str("date_of_service")!,
    patient,
    payer: {
      id: str("payer_id")!,
      type: str("payer_type")!,
      ...(str("payer_name") === undefined ? {} : { name: str("payer_name")! }),
      ...(str("payer_unit_method") === undefined ? {} : { unitMethod: str("payer_unit_method")! }),
    },
    placeOfService: str("place_of_service")!,
    diagnoses: (v("diagnoses") as string[] | undefined) ?? [],
    services: rows.map((row) => {
      const s: Record<string, unknown> = { code: row.code };
      if (row.minutes !== undefined) s.minutes = row.minutes;
      if (row.assistant_minutes !== undefined) s.assistantMinutes = row.assistant_minutes;
      if (row.region !== undefined) s.region = row.region;
      if (row.distinct !== undefined) s.distinct = row.distinct;
      if (row.modifiers !== undefined) s.modifiers = row.modifiers;
      if (row.diagnosis_pointers !== undefined) s.diagnosisPointers = row.diagnosis_pointers;
      return s;
    }),
  };
  const npi = str("rendering_npi");
  const credential = str("rendering_credential");
  const firstName = str("rendering_first_name");
  const lastName = str("rendering_last_name");
  const participating = v("rendering_participating") as boolean | undefined;
  if ([npi, credential, firstName, lastName, participating].some((x) => x !== undefined))
    visit.renderingProvider = {
      ...(npi === undefined ? {} : { npi }),
      ...(firstName === undefined ? {} : { firstName }),
      ...(lastName === undefined ? {} : { lastName }),
      ...(credential === undefined ? {} : { credential }),
      ...(participating === undefined ? {} : { participating }),
    };
  if (str("plan_of_care_discipline") !== undefined && str("plan_of_care_from") && str("plan_of_care_through"))
    visit.planOfCare = {
      discipline: str("plan_of_care_discipline")!,
      certifiedFrom: str("plan_of_care_from")!,
      certifiedThrough: str("plan_of_care_through")!,
    };
  if (charges.size > 0) visit.charges = Object.fromEntries([...charges].map(([code, c]) => [code, c.charge]));
  const abn = v("abn_on_file") as boolean | undefined;
  if (abn !== undefined) visit.abnOnFile = abn;
  const necessary = v("medically_necessary_over_threshold") as boolean | undefined;
  if (necessary !== undefined) visit.medicallyNecessaryOverThreshold = necessary;
  const deductible = str("deductible_remaining");
  if (deductible !== undefined) visit.deductibleRemaining = deductible;
  // The accident as the visit schema takes it (its refinements judge AA without a state, and so on).
  const causes = v("accident_causes") as string[] | undefined;
  const accidentDate = str("accident_date");
  const accidentState = str("accident_state");
  if (causes !== undefined || accidentDate !== undefined || accidentState !== undefined)
    visit.accident = {
      causes: causes ?? [],
      ...(accidentDate === undefined ? {} : { date: accidentDate }),
      ...(accidentState === undefined ? {} : { state: accidentState }),
    };
  const claimNumber = str("property_casualty_claim_number");
  if (claimNumber !== undefined) visit.propertyCasualtyClaimNumber = claimNumber;
  const employer = str("employer_name");
  if (employer !== undefined) visit.employer = { name: employer };
  const benefitUsed = str("benefit_used");
  if (benefitUsed !== undefined) visit.benefitUsed = benefitUsed;
  // A facility without a name is left to the schema, which names the missing field.
  const facility = ["npi", "address", "city", "state", "zip"].flatMap((k) => {
    const value = str(`service_facility_${k}`);
    return value === undefined ? [] : [[k, value] as const];
  });
  const facilityName = str("service_facility_name");
  if (facilityName !== undefined || facility.length > 0)
    visit.serviceFacility = { name: facilityName ?? "", ...Object.fromEntries(facility) };
  return visit;
}
