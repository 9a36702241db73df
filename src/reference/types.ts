import type { IsoDate } from "../model/dates.js";

/**
 * Reference data tables. Each loaded table is a set of editions; every edition records
 * where it came from and which dates of service it covers (style.md practice 2).
 */
export const tableNames = [
  "rvu",
  "gpci",
  "locality-counties",
  "zip-locality",
  "ptp",
  "mue",
  "aoc",
  "icd10cm",
  "hcpcs",
  "pos",
  "remit-codes",
  "claim-status-codes",
  "policy",
] as const;
export type TableName = (typeof tableNames)[number];

/** Edition metadata as a parser produces it. */
export interface EditionInfo {
  table: TableName;
  /** Source file name as the user gave it (inside a zip: "archive.zip!inner.txt"). */
  source: string;
  /** Human release label, e.g. "CY2025 October release (RVU25D)" or "NCCI 2024Q3". */
  release: string;
  /** First date of service this edition covers. */
  effectiveFrom: IsoDate;
  /** Last date of service it covers; null when open-ended (until a later edition). */
  effectiveThrough: IsoDate | null;
  /** When only part of the file was kept (the bundled pack), what was kept. */
  scope?: string;
  /**
   * A partial edition (`data import --partial`): an overlay on the full edition in force.
   * Codes it holds are answered from it; every other code from the edition underneath.
   */
  partial?: boolean;
  /** The numbered files an edition CMS publishes in parts is made of (NCCI PTP f1 to f4). */
  parts?: EditionPart[];
}

/** One numbered file of an edition published in parts (ccipra-v322r0-f2 is part 2 of version v322r0). */
export interface EditionPart {
  part: number;
  /** The NCCI version the file name states ("v322r0"), when it states one. */
  version?: string;
  source: string;
  rows: number;
  /** sha256 of the part's rows, so a part imported again is recognised. */
  digest: string;
}

/** An edition once stored. */
export interface Edition extends EditionInfo {
  /** Stable id: table + release + effectiveFrom, used as a folder name. */
  id: string;
  importedAt: string;
  rows: number;
  origin: "pack" | "import";
  /** sha256 of the stored rows: an identical re-import changes nothing. */
  digest?: string;
  /** The editions this import replaced (same release), restored if it is removed before `data gc`. */
  replaces?: Edition[];
}

/** What a parser returns: one edition of one table. */
export interface ParsedTable<R> {
  edition: EditionInfo;
  rows: R[];
  /** Non-fatal remarks for `data status` (e.g. "3 rows without a deletion date"). */
  warnings?: string[];
}

/** PPRRVU row. RVUs and GPCIs are decimal strings so that pricing stays exact. */
export interface RvuRow {
  code: string;
  /** "" for the global row, else "26", "TC", "53"... */
  modifier: string;
  status: string;
  work: string;
  peNonFacility: string;
  peFacility: string;
  /** The file flags NA: no PE for that setting. */
  peNonFacilityNa: boolean;
  peFacilityNa: boolean;
  mp: string;
  /** MULT PROC indicator; 5 = therapy MPPR. */
  multipleProcedure: string;
  globalDays: string;
  pctc: string;
  /** CONV FACTOR column of the file. */
  conversionFactor: string;
}

export interface GpciRow {
  mac: string;
  /** 2-digit locality number. */
  locality: string;
  state: string;
  name: string;
  work: string;
  pe: string;
  mp: string;
}

export interface LocalityCountyRow {
  mac: string;
  locality: string;
  state: string;
  name: string;
  counties: string;
}

export interface ZipLocalityRow {
  zip: string;
  state: string;
  mac: string;
  locality: string;
  /** "" urban, "R" rural, "B" super rural. */
  rural: string;
}

export type ModifierIndicator = "0" | "1" | "9";

export interface PtpRow {
  column1: string;
  column2: string;
  /** Effective date when the file gives one (the official layout does; the normalised csv does not). */
  effective: IsoDate | null;
  /** Last date the edit is in force; null when active. */
  deletion: IsoDate | null;
  modifierIndicator: ModifierIndicator;
  rationale: string;
}

export interface MueRow {
  code: string;
  units: number;
  /** MUE adjudication indicator: 1 line, 2 date of service (policy), 3 date of service (clinical). */
  mai: 1 | 2 | 3;
  rationale: string;
}

export interface AocRow {
  primary: string;
  addOn: string;
  editType: string;
}

export interface Icd10Row {
  /** Without the dot, upper case: M5416. */
  code: string;
  billable: boolean;
  /** Present only when imported from an official file (the pack leaves titles out). */
  title?: string;
}

export interface HcpcsRow {
  code: string;
  kind: "procedure" | "modifier";
  addDate: IsoDate | null;
  effectiveDate: IsoDate | null;
  terminationDate: IsoDate | null;
  /** Coverage code (COV) when given. */
  coverage?: string;
  description?: string;
}

export interface PosRow {
  code: string;
  setting: "facility" | "non-facility";
  name: string;
}

/**
 * A claim status category code (A0-A8, P0-P5, F0-F4, R0-R16, E0-E4, D0) or a claim status
 * code (21, 562), as the published lists hold them: what a 277CA or 277 may send.
 */
export interface ClaimStatusCodeRow {
  kind: "category" | "status";
  code: string;
  /** Official description; kept only when the user imports the file (X12 copyright). */
  description?: string;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
}

export interface RemitCodeRow {
  kind: "group" | "carc" | "rarc";
  code: string;
  /** Official description; kept only when the user imports the file (X12 copyright). */
  description?: string;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
}

/** Map from table name to its row type. */
export interface TableRows {
  rvu: RvuRow;
  gpci: GpciRow;
  "locality-counties": LocalityCountyRow;
  "zip-locality": ZipLocalityRow;
  ptp: PtpRow;
  mue: MueRow;
  aoc: AocRow;
  icd10cm: Icd10Row;
  hcpcs: HcpcsRow;
  pos: PosRow;
  "remit-codes": RemitCodeRow;
  "claim-status-codes": ClaimStatusCodeRow;
  policy: PolicyRow;
}

/**
 * The answer to a dated lookup. `covered` is false when no loaded edition covers the date
 * and the closest one was used instead: rules turn that into a `reference-data` warning.
 * `edition` is undefined when nothing at all is loaded for the table.
 */
export interface Lookup<T> {
  value: T | undefined;
  edition: Edition | undefined;
  covered: boolean;
  /** Why the edition used does not cover the date, in words. */
  note?: string;
  /**
   * Partial editions (overlays) in force on the date for this table, newest first. When
   * one of them holds the key, `edition` is that overlay; otherwise the answer came from
   * the full edition underneath. Either way the result mixes editions: rules warn.
   */
  overlays?: Edition[];
}

/** Therapy classification of a code: the CMS annual therapy code list and the code descriptors. */
export interface TherapyCode {
  code: string;
  /** "timed" 15-minute units, "untimed" service-based, "hour" hour-based (97545/97546). */
  timing: "timed" | "untimed" | "hour";
  /** CMS therapy code list class; undefined when not a therapy code (e.g. CMT, E/M). */
  therapyClass?: "always" | "sometimes";
  /** Evaluation codes carry one discipline (97161-97164 PT, 97165-97168 OT, 92521-92524 SLP). */
  evaluationDiscipline?: "PT" | "OT" | "SLP" | "AT";
  /** Our own plain-language description (never the AMA descriptor). */
  description: string;
}

/**
 * Payment policy figures that no CMS data file carries in machine-readable form, kept as
 * the rows of the "policy" table (docs/policy-figures.md). Each figure has its own dates
 * and source; a lookup takes the figure in force on the date of service.
 */
export const policyFigureNames = [
  "conversion-factor",
  "kx-threshold",
  "targeted-medical-review-threshold",
  "part-b-deductible",
  "therapy-mppr",
  "assistant-payment",
  "sequestration",
  "non-participating",
  "therapy-code-list",
] as const;
export type PolicyFigureName = (typeof policyFigureNames)[number];

interface PolicyFigureBase {
  effectiveFrom: IsoDate;
  /** Last date the figure is in force; null when open-ended (until a later figure). */
  effectiveThrough: IsoDate | null;
  /** Where the figure comes from: the rule, statute or CMS page. */
  source: string;
  /** False when the figure comes from secondary sources only (domain.md UNVERIFIED). */
  verified: boolean;
}

/** MPFS conversion factor (SSA §1848(d)); from 2026 one for qualifying APM participants and one for the rest. */
export interface ConversionFactorFigure extends PolicyFigureBase {
  figure: "conversion-factor";
  /** Decimal string, e.g. "33.4009". */
  value: string;
  label: string;
  appliesTo: "all" | "qualifying-apm" | "non-qualifying-apm";
}
/** The pricing engine's name for it. */
export type ConversionFactor = ConversionFactorFigure;

/** A dollar amount: the KX threshold, the targeted medical review threshold, the Part B deductible. */
export interface AmountFigure extends PolicyFigureBase {
  figure: "kx-threshold" | "targeted-medical-review-threshold" | "part-b-deductible";
  /** Dollars as a decimal string, e.g. "2480.00". */
  amount: string;
}

/** An amount figure with its integer cents. */
export interface PolicyAmount extends AmountFigure {
  cents: number;
}

/** Therapy MPPR: units after the day's first with indicator `multipleProcedureIndicator` get `pePercent` of their PE. */
export interface TherapyMpprFigure extends PolicyFigureBase {
  figure: "therapy-mppr";
  multipleProcedureIndicator: string;
  pePercent: string;
}

/** Services furnished in whole or in part by a PTA or OTA: `percent` of the fee (SSA §1834(v)). */
export interface AssistantPaymentFigure extends PolicyFigureBase {
  figure: "assistant-payment";
  modifiers: string[];
  percent: string;
}

/** Medicare sequestration: `percent` of the payment (CARC 253). */
export interface SequestrationFigure extends PolicyFigureBase {
  figure: "sequestration";
  percent: string;
}

/** Non-participating providers: `percent` of the fee schedule amount, limiting charge `limitingChargePercent` of that (SSA §1848). */
export interface NonParticipatingFigure extends PolicyFigureBase {
  figure: "non-participating";
  percent: string;
  limitingChargePercent: string;
}

/** The therapy code list in force: timing, always/sometimes class and evaluation discipline of each code. */
export interface TherapyCodeListFigure extends PolicyFigureBase {
  figure: "therapy-code-list";
  label: string;
  codes: TherapyCode[];
}

/** One row of the "policy" table. */
export type PolicyRow =
  | ConversionFactorFigure
  | AmountFigure
  | TherapyMpprFigure
  | AssistantPaymentFigure
  | SequestrationFigure
  | NonParticipatingFigure
  | TherapyCodeListFigure;

export type PolicyFigureOf<F extends PolicyFigureName> = Extract<PolicyRow, { figure: F }>;

/** A policy figure in force on a date, and the edition it came from. */
export interface PolicyLookup<F extends PolicyFigureName> {
  value: PolicyFigureOf<F>;
  edition: Edition;
}

/** Read access to every reference table, always by date of service. */
export interface ReferenceData {
  editions(): Edition[];
  rvu(code: string, date: IsoDate, modifier?: string): Lookup<RvuRow>;
  gpci(mac: string, locality: string, date: IsoDate): Lookup<GpciRow>;
  localities(date: IsoDate): Lookup<GpciRow[]>;
  zipLocality(zip: string, date: IsoDate): Lookup<ZipLocalityRow>;
  /** The PTP edit for column1/column2 in force on the date (ordered pair), or undefined. */
  ptp(column1: string, column2: string, date: IsoDate): Lookup<PtpRow>;
  mue(code: string, date: IsoDate): Lookup<MueRow>;
  /** Primary codes an add-on code may be billed with. */
  addOnPrimaries(addOn: string, date: IsoDate): Lookup<AocRow[]>;
  icd10(code: string, date: IsoDate): Lookup<Icd10Row>;
  hcpcs(code: string, date: IsoDate): Lookup<HcpcsRow>;
  modifier(code: string, date: IsoDate): Lookup<HcpcsRow>;
  placeOfService(code: string): Lookup<PosRow>;
  remitCode(kind: "group" | "carc" | "rarc", code: string): Lookup<RemitCodeRow>;
  /** A claim status category or status code in the newest loaded list (undated, like the remit codes). */
  claimStatusCode(kind: "category" | "status", code: string): Lookup<ClaimStatusCodeRow>;
  /**
   * The policy figure in force on the date (docs/policy-figures.md), or undefined when no
   * loaded policy edition gives one: callers say so and name what to import, never guess.
   * `accept` narrows the rows considered (the conversion factor's APM status).
   */
  policyFigure<F extends PolicyFigureName>(
    figure: F,
    date: IsoDate,
    accept?: (row: PolicyFigureOf<F>) => boolean,
  ): PolicyLookup<F> | undefined;
  /** The code's row in the therapy code list in force on the date. */
  therapyCode(code: string, date: IsoDate): TherapyCode | undefined;
  conversionFactor(date: IsoDate, options?: { qualifyingApm?: boolean }): ConversionFactor | undefined;
  /** KX threshold (SSA §1833(g)(7)(A)): one amount for PT+SLP combined and for OT separately. */
  kxThreshold(date: IsoDate): PolicyAmount | undefined;
  /** Targeted medical review threshold (SSA §1833(g)(7)(B)). */
  targetedMedicalReviewThreshold(date: IsoDate): PolicyAmount | undefined;
  partBDeductible(date: IsoDate): PolicyAmount | undefined;
}
