import type { Discipline } from "../../model/common.js";

/**
 * Modifier facts that coding and the rules share (one list each, so coding never writes
 * what the scrubber reports). Each list names its source; none of it is AMA text (the
 * descriptions are our own words).
 */

/** NCCI-associated modifiers that bypass a modifier-indicator-1 PTP edit (NCCI Policy Manual ch. I §E). */
export const distinctServiceModifiers: ReadonlySet<string> = new Set(["59", "XE", "XS", "XP", "XU"]);

/**
 * Anatomic modifiers that NCCI accepts on the column-2 code of an indicator-1 edit
 * (NCCI Policy Manual ch. I §E; CMS "Proper use of modifiers 59, XE, XP, XS and XU").
 */
export const anatomicModifiers: ReadonlySet<string> = new Set([
  "E1",
  "E2",
  "E3",
  "E4",
  "FA",
  "F1",
  "F2",
  "F3",
  "F4",
  "F5",
  "F6",
  "F7",
  "F8",
  "F9",
  "TA",
  "T1",
  "T2",
  "T3",
  "T4",
  "T5",
  "T6",
  "T7",
  "T8",
  "T9",
  "LT",
  "RT",
  "LC",
  "LD",
  "RC",
  "LM",
  "RI",
]);

/**
 * The rest of the NCCI-associated modifiers: the global surgery modifiers 24, 25, 57, 58,
 * 78, 79 and the others 27 and 91 (NCCI Policy Manual ch. I §E). The contract names 59, X
 * and anatomic modifiers; the manual's full list is kept so that an E/M billed with 25 on
 * the day of CMT (98941/99213, indicator 1) is not reported.
 */
export const otherNcciModifiers: ReadonlySet<string> = new Set([
  "24",
  "25",
  "57",
  "58",
  "78",
  "79",
  "27",
  "91",
]);

export function isNcciAssociatedModifier(modifier: string): boolean {
  return (
    distinctServiceModifiers.has(modifier) ||
    anatomicModifiers.has(modifier) ||
    otherNcciModifiers.has(modifier)
  );
}

/** Therapy plan-of-care modifiers by discipline (CR 10176; Pub. 100-04 ch. 5 §20.1). */
export const therapyModifierByDiscipline: Readonly<Record<Discipline, string>> = {
  PT: "GP",
  OT: "GO",
  SLP: "GN",
};
export const disciplineByTherapyModifier: ReadonlyMap<string, Discipline> = new Map([
  ["GP", "PT"],
  ["GO", "OT"],
  ["GN", "SLP"],
]);

/**
 * CQ and CO: furnished in whole or in part by a PTA or OTA (SSA §1834(v); CY 2020 and
 * CY 2022 MPFS final rules). There is no SLP assistant modifier.
 */
export const assistantModifierByDiscipline: Readonly<Partial<Record<Discipline, string>>> = {
  PT: "CQ",
  OT: "CO",
};
export const assistantModifiers: ReadonlySet<string> = new Set(["CQ", "CO"]);

/** Liability modifiers: the line is billed expecting a denial (ABN and exclusion modifiers). */
export const liabilityModifiers: ReadonlySet<string> = new Set(["GA", "GX", "GY", "GZ"]);

/**
 * What Medicare does with a line that carries a liability modifier: it is expected to be
 * denied, and the modifier says who pays (Pub. 100-04 ch. 30 §40 and §50; MLN ABN booklet).
 * GX alone changes nothing: it marks a voluntary ABN next to GY.
 */
export const expectedDenials: ReadonlyMap<string, { why: string; liable: "patient" | "provider" }> = new Map([
  ["GY", { why: "statutorily excluded or not a Medicare benefit (GY)", liable: "patient" }],
  [
    "GA",
    { why: "expected to be denied as not reasonable and necessary, ABN on file (GA)", liable: "patient" },
  ],
  ["GZ", { why: "expected to be denied as not reasonable and necessary, no ABN (GZ)", liable: "provider" }],
]);

/**
 * CPT (Level I) modifiers. The HCPCS Level II file lists only the alphanumeric Level II
 * modifiers, so these numeric ones are known from the CPT modifier appendix (codes only).
 */
export const cptModifiers: ReadonlyMap<string, string> = new Map([
  ["22", "increased procedural services"],
  ["23", "unusual anesthesia"],
  ["24", "unrelated E/M during a postoperative period"],
  ["25", "significant, separately identifiable E/M on the same day"],
  ["26", "professional component"],
  ["27", "multiple outpatient hospital E/M encounters"],
  ["32", "mandated services"],
  ["33", "preventive services"],
  ["47", "anesthesia by the surgeon"],
  ["50", "bilateral procedure"],
  ["51", "multiple procedures"],
  ["52", "reduced services"],
  ["53", "discontinued procedure"],
  ["54", "surgical care only"],
  ["55", "postoperative management only"],
  ["56", "preoperative management only"],
  ["57", "decision for surgery"],
  ["58", "staged or related procedure in a postoperative period"],
  ["59", "distinct procedural service"],
  ["62", "two surgeons"],
  ["63", "procedure on an infant under 4 kg"],
  ["66", "surgical team"],
  ["73", "outpatient procedure discontinued before anesthesia"],
  ["74", "outpatient procedure discontinued after anesthesia"],
  ["76", "repeat procedure by the same practitioner"],
  ["77", "repeat procedure by another practitioner"],
  ["78", "unplanned return to the operating room"],
  ["79", "unrelated procedure in a postoperative period"],
  ["80", "assistant surgeon"],
  ["81", "minimum assistant surgeon"],
  ["82", "assistant surgeon when no qualified resident is available"],
  ["90", "reference (outside) laboratory"],
  ["91", "repeat clinical laboratory test"],
  ["92", "alternative laboratory platform testing"],
  ["93", "synchronous telemedicine by audio only"],
  ["95", "synchronous telemedicine by audio and video"],
  ["96", "habilitative services"],
  ["97", "rehabilitative services"],
  ["99", "multiple modifiers"],
  ["1P", "performance measure exclusion: medical reasons"],
  ["2P", "performance measure exclusion: patient reasons"],
  ["3P", "performance measure exclusion: system reasons"],
  ["8P", "performance measure reporting: action not performed"],
]);

/**
 * Modifiers that change the fee schedule amount. CMS and the MACs ask for pricing
 * modifiers in the first position(s), before informational ones (Pub. 100-04 ch. 12
 * §30 and §40; MAC modifier guides). The set matches coding's modifier order
 * (src/coding/modifiers.ts) so that coding never writes an order the scrubber reports.
 * CQ and CO are left out on purpose: CMS applies their 85% payment whatever their
 * position, and its billing examples show them after GP.
 */
export const pricingModifiers: ReadonlySet<string> = new Set([
  "26",
  "TC",
  "50",
  "52",
  "53",
  "54",
  "55",
  "56",
  "62",
  "66",
  "73",
  "74",
  "80",
  "81",
  "82",
  "AS",
  "AA",
  "AD",
  "QK",
  "QX",
  "QY",
  "QZ",
]);

export interface ModifierConflict {
  /** Both modifiers on one line are contradictory. */
  modifiers: readonly [string, string];
  why: string;
  /** The rule that reports this pair instead, when Medicare chiropractic rules apply. */
  reportedBy?: "chiro-coverage";
}

/** Pairs that contradict each other on one line. */
export const modifierConflicts: readonly ModifierConflict[] = [
  ...["XE", "XS", "XP", "XU"].map(
    (x): ModifierConflict => ({
      modifiers: ["59", x],
      why: "59 is only for a distinct service that no X modifier describes (CMS MLN 1783722)",
    }),
  ),
  {
    modifiers: ["AT", "GA"],
    why: "AT marks active treatment and GA maintenance care under an ABN; Medicare rejects both on one line for dates of service from 2015-11-01 (Palmetto GBA, chiropractic AT and GA article)",
    reportedBy: "chiro-coverage",
  },
  { modifiers: ["GA", "GZ"], why: "GA says an ABN is on file and GZ says there is none" },
  {
    modifiers: ["GY", "GZ"],
    why: "GY says the service is excluded by statute and GZ that it is a covered benefit expected to be denied as not reasonable and necessary",
  },
  { modifiers: ["CQ", "CO"], why: "a line is furnished under one plan of care: CQ with GP, CO with GO" },
  {
    modifiers: ["26", "TC"],
    why: "a line bills either the professional or the technical component; bill the global code instead",
  },
  { modifiers: ["LT", "RT"], why: "bill a bilateral service with 50, or on two lines with LT and RT" },
];
