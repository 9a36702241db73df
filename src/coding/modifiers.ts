import type { Chiropractic, Credential, Discipline, DistinctModifier, PlanOfCare } from "../model/common.js";
import type { IsoDate } from "../model/dates.js";
import type { PayerProfile } from "../payers/profile.js";
import { disciplineOfCredential } from "../reference/policy/codes.js";
import { distinctServiceModifiers, pricingModifiers } from "../reference/policy/modifiers.js";
import type { ModifierIndicator, ReferenceData, TherapyCode } from "../reference/types.js";
import type { CodingRule } from "./findings.js";

/** Discipline modifiers: the plan of care's discipline (CMS Pub. 100-04 ch. 5 §20.1). */
export const therapyModifierOf: Readonly<Record<Discipline, "GP" | "GO" | "GN">> = {
  PT: "GP",
  OT: "GO",
  SLP: "GN",
};

/** Assistant modifiers: CQ goes with GP, CO with GO; speech-language pathology has none. */
export const assistantModifierOf: Readonly<Record<Discipline, "CQ" | "CO" | undefined>> = {
  PT: "CQ",
  OT: "CO",
  SLP: undefined,
};

/** The therapist credential that must supervise an assistant of each discipline (and bill). */
export const supervisingCredentialOf: Readonly<Record<Discipline, Credential | undefined>> = {
  PT: "PT",
  OT: "OT",
  SLP: undefined,
};

/** Assistant credentials: their minutes are assistant minutes unless the service says otherwise. */
export const assistantCredentials: ReadonlySet<Credential> = new Set(["PTA", "OTA"]);

/** How a line relates to therapy: its discipline, when it has one. */
export interface LineDiscipline {
  /** True for a therapy service: an "always therapy" code, or a "sometimes" code under a therapy plan. */
  therapy: boolean;
  /** The discipline whose modifier the line takes; undefined when it cannot be known. */
  discipline?: Discipline;
  /** True for evaluation codes, which take their own discipline. */
  evaluation: boolean;
  /** Set when an evaluation's discipline differs from the plan of care's. */
  conflictsWithPlan?: Discipline;
}

/**
 * The discipline of a line (CMS Pub. 100-04 ch. 5 §20.1; CR 10176): evaluation codes take
 * their own (97161–97164 PT, 97165–97168 OT, SLP evaluations SLP); "always therapy" codes
 * take the plan of care's, else the rendering credential's; "sometimes therapy" codes only
 * under a therapy plan of care.
 */
export function lineDiscipline(
  therapyCode: TherapyCode | undefined,
  planOfCare: PlanOfCare | null | undefined,
  credential: Credential,
): LineDiscipline {
  if (!therapyCode) return { therapy: false, evaluation: false };
  const own = therapyCode.evaluationDiscipline;
  if (own !== undefined && own !== "AT") {
    const out: LineDiscipline = { therapy: true, discipline: own, evaluation: true };
    if (planOfCare && planOfCare.discipline !== own) out.conflictsWithPlan = planOfCare.discipline;
    return out;
  }
  if (therapyCode.therapyClass === "always") {
    const discipline = planOfCare?.discipline ?? disciplineOfCredential[credential];
    return discipline
      ? { therapy: true, discipline, evaluation: false }
      : { therapy: true, evaluation: false };
  }
  if (therapyCode.therapyClass === "sometimes" && planOfCare) {
    return { therapy: true, discipline: planOfCare.discipline, evaluation: false };
  }
  return { therapy: false, evaluation: false };
}

/** Re-evaluations need a plan of care in force; initial evaluations come before the plan. */
export const reEvaluationCodes: ReadonlySet<string> = new Set(["97164", "97168", "97172"]);

/** Medicare-covered chiropractic manipulation and the spinal regions each code describes. */
export const spinalManipulation: ReadonlyMap<string, { minRegions: number; maxRegions: number }> = new Map([
  ["98940", { minRegions: 1, maxRegions: 2 }],
  ["98941", { minRegions: 3, maxRegions: 4 }],
  ["98942", { minRegions: 5, maxRegions: 5 }],
]);

export type ChiropracticCoverage = "active" | "maintenance" | "excluded" | "undocumented";

/**
 * Medicare chiropractic modifiers (CMS Pub. 100-02 ch. 15 §240.1.3; Pub. 100-04 ch. 30):
 * 98940–98942 take AT for active treatment, else GA (ABN on file) or GZ (no ABN); AT and
 * GA never go together. Every other service of a chiropractor (98943 included) is
 * excluded by statute: GY, plus GX when a voluntary ABN was given.
 */
export function medicareChiropracticModifiers(
  code: string,
  chiropractic: Chiropractic | null | undefined,
  abnOnFile: boolean,
): { modifiers: string[]; coverage: ChiropracticCoverage } {
  if (!spinalManipulation.has(code)) {
    return { modifiers: abnOnFile ? ["GY", "GX"] : ["GY"], coverage: "excluded" };
  }
  if (!chiropractic) return { modifiers: [], coverage: "undocumented" };
  if (chiropractic.activeTreatment) return { modifiers: ["AT"], coverage: "active" };
  return { modifiers: [abnOnFile ? "GA" : "GZ"], coverage: "maintenance" };
}

/** One code-pair edit that makes `column2` the code denied with `column1`. */
export interface PairEdit {
  column1: string;
  column2: string;
  modifierIndicator: ModifierIndicator;
  /** Where the edit comes from: the NCCI edition or the payer profile. */
  source: string;
}

/**
 * The code-pair edits in force on `date` in which `code` is the column-2 code and the
 * column-1 code is one of `others`: NCCI PTP (when the payer applies it) plus the
 * payer profile's own pairs. Indicator 9 rows are not edits and are left out.
 */
export function editsAsColumnTwo(
  code: string,
  others: readonly string[],
  date: IsoDate,
  reference: ReferenceData,
  profile: PayerProfile,
): PairEdit[] {
  const edits: PairEdit[] = [];
  for (const other of new Set(others)) {
    if (other === code) continue;
    if (profile.ncciPtp) {
      const lookup = reference.ptp(other, code, date);
      const row = lookup.value;
      if (row && row.modifierIndicator !== "9") {
        const source = lookup.edition
          ? `NCCI PTP practitioner edits, ${lookup.edition.release}`
          : "NCCI PTP practitioner edits";
        edits.push({ column1: other, column2: code, modifierIndicator: row.modifierIndicator, source });
      }
    }
    for (const pair of profile.codePairEdits) {
      if (pair.column1 !== other || pair.column2 !== code) continue;
      if (pair.effectiveFrom !== undefined && date < pair.effectiveFrom) continue;
      if (pair.effectiveThrough !== undefined && date > pair.effectiveThrough) continue;
      edits.push({
        column1: other,
        column2: code,
        modifierIndicator: pair.modifierIndicator,
        source: `payer profile ${profile.id}: ${pair.reason}`,
      });
    }
  }
  return edits;
}

/**
 * The NCCI-associated modifier to bill for an attested distinct service: the attestation
 * as given, except that a payer that wants 59 gets 59 for an X modifier (the attestation
 * says the service was distinct; the payer dictates the modifier family). A payer that
 * wants X modifiers keeps an attested 59: which X fits is a fact only the clinician knows.
 */
export function distinctModifierFor(
  attested: DistinctModifier,
  family: PayerProfile["distinctModifier"],
): DistinctModifier {
  return family === "59" ? "59" : attested;
}

/** The 59/X family (shared policy data: the scrubber judges with the same list). */
export const ncciAssociatedModifiers: ReadonlySet<string> = distinctServiceModifiers;

/**
 * Modifier order on a line (837P SV101-3..6): pricing modifiers first, then the discipline
 * (GP/GO/GN), the assistant (CQ/CO), KX, the liability and chiropractic modifiers
 * (AT/GA/GZ/GY/GX), any other hand-chosen modifier, and the NCCI-associated modifier last.
 */
const modifierRankTable: ReadonlyArray<readonly [rank: number, modifiers: readonly string[]]> = [
  [0, [...pricingModifiers]],
  [1, ["GP", "GO", "GN"]],
  [2, ["CQ", "CO"]],
  [3, ["KX"]],
  [4, ["AT", "GA", "GZ", "GY", "GX"]],
  [6, [...ncciAssociatedModifiers]],
];
const otherModifierRank = 5;
const modifierRank: ReadonlyMap<string, number> = new Map(
  modifierRankTable.flatMap(([rank, list]) => list.map((m) => [m, rank] as const)),
);

/** Orders modifiers by `modifierRankTable` (stable within a rank) and drops duplicates. */
export function orderModifiers(modifiers: readonly string[]): string[] {
  const unique = [...new Set(modifiers)];
  const rank = (m: string) => modifierRank.get(m) ?? otherModifierRank;
  return unique
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map(({ m }) => m);
}

/**
 * Families in which a line carries one member. When the clinician chose a member by hand,
 * coding keeps that choice and adds none of its own from the family (a finding says so
 * when they differ).
 */
export const modifierFamilies: ReadonlyArray<{
  name: string;
  rule: CodingRule;
  members: ReadonlySet<string>;
}> = [
  { name: "discipline", rule: "therapy-modifier", members: new Set(["GP", "GO", "GN"]) },
  { name: "assistant", rule: "assistant-modifier", members: new Set(["CQ", "CO"]) },
  {
    name: "chiropractic and liability",
    rule: "chiro-coverage",
    members: new Set(["AT", "GA", "GZ", "GY", "GX"]),
  },
  { name: "NCCI-associated", rule: "modifier", members: ncciAssociatedModifiers },
];

/**
 * Merges coding's modifiers into the hand-chosen ones. A derived modifier is dropped when
 * the hand-chosen list already holds a member of its family; the dropped ones are returned
 * so that the caller can report a disagreement.
 */
export function mergeModifiers(
  handChosen: readonly string[],
  derived: readonly string[],
): { modifiers: string[]; overridden: Array<{ derived: string; kept: string[]; rule: CodingRule }> } {
  const overridden: Array<{ derived: string; kept: string[]; rule: CodingRule }> = [];
  const merged = [...handChosen];
  for (const m of derived) {
    if (merged.includes(m)) continue;
    const family = modifierFamilies.find((f) => f.members.has(m));
    // A hand choice that coding would also make (GY when coding adds GY and GX) is agreement.
    const kept = family ? handChosen.filter((h) => family.members.has(h) && !derived.includes(h)) : [];
    if (family && kept.length > 0) {
      overridden.push({ derived: m, kept, rule: family.rule });
      continue;
    }
    merged.push(m);
  }
  return { modifiers: orderModifiers(merged), overridden };
}
