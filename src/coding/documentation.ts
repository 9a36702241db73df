import type { Discipline } from "../model/common.js";
import type { Finding } from "../model/finding.js";
import type { Visit } from "../model/visit.js";
import type { PayerProfile } from "../payers/profile.js";
import { disciplineOfCredential } from "../reference/policy/codes.js";
import type { Entry } from "./entries.js";
import { authority, finding } from "./findings.js";
import {
  assistantCredentials,
  assistantModifierOf,
  type ChiropracticCoverage,
  reEvaluationCodes,
  spinalManipulation,
  supervisingCredentialOf,
  therapyModifierOf,
} from "./modifiers.js";

/**
 * Documentation findings: problems in the visit that coding cannot resolve. Each names the
 * claim lines it concerns (0-based) and cites its authority.
 */

/** The assistant credential of each discipline, for messages. */
const assistantCredentialOf: Readonly<Record<Discipline, string>> = {
  PT: "PTA",
  OT: "OTA",
  SLP: "SLP assistant",
};

/** "a PT", "an OTA", "an MD": the article follows how the letters are read. */
function withArticle(credential: string): string {
  return `${/^[AEFHILMNORSX]/.test(credential) ? "an" : "a"} ${credential}`;
}

/** Where an entry's units went on the claim. */
export type LinesOf = (entry: Entry) => number[];

/** Evaluations billed under a discipline other than the plan's, and therapy lines with no discipline. */
export function disciplineFindings(
  entries: Entry[],
  linesOf: LinesOf,
  visit: Visit,
  profile: PayerProfile,
  findings: Finding[],
): void {
  for (const entry of entries) {
    const lines = linesOf(entry);
    if (lines.length === 0) continue;
    const { discipline } = entry;
    const location = `$.services[${entry.services[0]}].code`;
    if (discipline.conflictsWithPlan && discipline.discipline) {
      findings.push(
        finding(
          "therapy-modifier",
          "error",
          `${entry.code} is a ${discipline.discipline} evaluation but the plan of care is ${discipline.conflictsWithPlan}: billed with ${therapyModifierOf[discipline.discipline]} as its code requires; check that the right evaluation code was documented`,
          authority.therapyModifier,
          { lines, location },
        ),
      );
    }
    if (discipline.therapy && !discipline.discipline && profile.therapyModifiersRequired) {
      findings.push(
        finding(
          "therapy-modifier",
          "error",
          `${entry.code} is an "always therapy" code and needs GP, GO or GN, but the visit has no plan of care and ${withArticle(visit.renderingProvider.credential)} has no therapy discipline of its own: record the plan of care`,
          authority.therapyModifier,
          { lines, location },
        ),
      );
    }
  }
}

/**
 * Assistant documentation: an assistant needs a supervising therapist of the same
 * discipline as the rendering provider; evaluations are the therapist's; speech-language
 * pathology has no assistant modifier.
 */
export function assistantFindings(
  entries: Entry[],
  linesOf: LinesOf,
  visit: Visit,
  profile: PayerProfile,
  findings: Finding[],
): void {
  const credential = visit.renderingProvider.credential;
  const involved = entries.filter((e) => e.assistantWhole || (e.assistantMinutes ?? 0) > 0);
  const byDiscipline = new Map<Discipline | undefined, Entry[]>();
  for (const entry of involved) {
    const d = entry.discipline.discipline ?? disciplineOfCredential[credential];
    byDiscipline.set(d, [...(byDiscipline.get(d) ?? []), entry]);
  }
  if (assistantCredentials.has(credential) && involved.length === 0) {
    byDiscipline.set(disciplineOfCredential[credential], []);
  }

  for (const [discipline, list] of byDiscipline) {
    const lines = list.flatMap(linesOf);
    const codes = list.map((e) => e.code).join(", ");
    const supervisor = discipline ? supervisingCredentialOf[discipline] : undefined;
    if (discipline === "SLP") {
      findings.push(
        finding(
          "assistant-modifier",
          "warning",
          `assistant minutes are documented on ${codes} under a speech-language pathology plan: there is no assistant modifier for SLP, and Medicare does not pay for services of SLP assistants; check who furnished the service`,
          authority.assistant,
          { lines },
        ),
      );
      continue;
    }
    if (supervisor === undefined || credential !== supervisor) {
      const who = supervisor ? `a supervising ${supervisor}` : "a supervising therapist";
      const assistant = assistantCredentials.has(credential)
        ? withArticle(credential)
        : discipline
          ? withArticle(assistantCredentialOf[discipline])
          : "an assistant";
      findings.push(
        finding(
          "assistant-modifier",
          "error",
          `${codes ? `${codes}: ` : ""}${assistant} furnished the service in whole or in part, and the rendering provider is ${withArticle(credential)}: the claim needs ${who} as rendering provider, who bills for the assistant's services`,
          authority.supervision,
          { lines, location: "$.renderingProvider.credential" },
        ),
      );
    }
  }

  for (const entry of involved) {
    if (!entry.discipline.evaluation) continue;
    findings.push(
      finding(
        "assistant-modifier",
        "error",
        `${entry.code} is an evaluation: an assistant may not furnish it, and it is not billed with ${assistantModifierOf[entry.discipline.discipline ?? "PT"] ?? "an assistant modifier"}; the therapist's evaluation must be documented`,
        authority.supervision,
        { lines: linesOf(entry), location: `$.services[${entry.services[0]}]` },
      ),
    );
  }
  if (!profile.therapyModifiersRequired && involved.length > 0) {
    findings.push(
      finding(
        "assistant-modifier",
        "info",
        `${profile.name} takes no therapy modifiers: CQ/CO were not added`,
        authority.assistant,
        { lines: involved.flatMap(linesOf) },
      ),
    );
  }
}

/** Medicare chiropractic documentation: active treatment or maintenance, excluded services, regions. */
export function chiropracticFindings(
  entries: Entry[],
  linesOf: LinesOf,
  coverage: Map<Entry, ChiropracticCoverage>,
  visit: Visit,
  findings: Finding[],
): void {
  const chiro = visit.chiropractic;
  const excluded = entries.filter((e) => coverage.get(e) === "excluded");
  if (excluded.length > 0) {
    findings.push(
      finding(
        "chiro-coverage",
        "info",
        `${excluded.map((e) => e.code).join(", ")} by a chiropractor ${excluded.length === 1 ? "is" : "are"} excluded from Medicare (only spinal manipulation 98940–98942 is covered): coded with GY${visit.abnOnFile ? " and GX (voluntary ABN)" : ""}; Medicare denies ${excluded.length === 1 ? "it" : "them"} and the patient is liable`,
        authority.liability,
        { lines: excluded.flatMap(linesOf) },
      ),
    );
  }
  const maintenance = entries.filter((e) => coverage.get(e) === "maintenance");
  if (maintenance.length > 0) {
    findings.push(
      finding(
        "chiro-coverage",
        "warning",
        `${maintenance.map((e) => e.code).join(", ")}: maintenance care (not active treatment) is not covered: coded with ${visit.abnOnFile ? "GA (ABN on file); the patient pays if Medicare denies" : "GZ (no ABN); Medicare denies it and the practice cannot bill the patient"}`,
        authority.chiropractic,
        { lines: maintenance.flatMap(linesOf), location: "$.chiropractic.activeTreatment" },
      ),
    );
  }
  missingChiropracticBlock(entries, linesOf, visit, "error", findings);
  for (const entry of entries) {
    const range = spinalManipulation.get(entry.code);
    const lines = linesOf(entry);
    if (!range || lines.length === 0 || !chiro) continue;
    if (chiro.initialTreatmentDate === undefined) {
      findings.push(
        finding(
          "chiro-coverage",
          "warning",
          `${entry.code}: the initial treatment date is missing; Medicare chiropractic claims carry it (837P loop 2300 DTP*454)`,
          authority.chiropractic,
          { lines, location: "$.chiropractic.initialTreatmentDate" },
        ),
      );
    }
    const regions = chiro.spinalRegions;
    if (regions !== undefined && (regions < range.minRegions || regions > range.maxRegions)) {
      const span =
        range.minRegions === range.maxRegions
          ? `${range.minRegions}`
          : `${range.minRegions}–${range.maxRegions}`;
      findings.push(
        finding(
          "chiro-coverage",
          "warning",
          `${entry.code} describes ${span} spinal region${range.maxRegions === 1 ? "" : "s"}, but ${regions} ${regions === 1 ? "is" : "are"} documented: check the code`,
          authority.chiropractic,
          { lines, location: "$.chiropractic.spinalRegions" },
        ),
      );
    }
  }
}

/** Spinal manipulation without the chiropractic block (active treatment, regions, dates). */
export function missingChiropracticBlock(
  entries: Entry[],
  linesOf: LinesOf,
  visit: Visit,
  severity: "error" | "warning",
  findings: Finding[],
): void {
  if (visit.chiropractic) return;
  const manipulation = entries.filter((e) => spinalManipulation.has(e.code) && linesOf(e).length > 0);
  if (manipulation.length === 0) return;
  findings.push(
    finding(
      "chiro-coverage",
      severity,
      `${manipulation.map((e) => e.code).join(", ")}: the visit has no chiropractic documentation (active treatment or maintenance, spinal regions, initial treatment date)${severity === "error" ? "; Medicare needs AT for active treatment, so no AT, GA or GZ was added" : ""}`,
      authority.chiropractic,
      { lines: manipulation.flatMap(linesOf), location: "$.chiropractic" },
    ),
  );
}

/**
 * Medicare therapy needs a certified plan of care in force on the date (initial evaluations
 * excepted). `lineEntries` gives each claim line's entry; `therapyDisciplines` each line's
 * therapy discipline (undefined: not a Medicare therapy line).
 */
export function planOfCareFindings(
  lineEntries: readonly Entry[],
  therapyDisciplines: ReadonlyArray<Discipline | undefined>,
  visit: Visit,
  findings: Finding[],
): void {
  const needPlan = lineEntries.flatMap((entry, i) =>
    therapyDisciplines[i] !== undefined &&
    !(entry.discipline.evaluation && !reEvaluationCodes.has(entry.code))
      ? [i]
      : [],
  );
  if (needPlan.length === 0) return;
  const codes = [...new Set(needPlan.map((i) => lineEntries[i]!.code))].join(", ");
  const plan = visit.planOfCare;
  if (!plan) {
    findings.push(
      finding(
        "plan-of-care",
        "error",
        `${codes}: Medicare therapy needs a certified plan of care, and the visit has none`,
        authority.planOfCare,
        { lines: needPlan, location: "$.planOfCare" },
      ),
    );
    return;
  }
  const date = visit.dateOfService;
  if (date < plan.certifiedFrom || date > plan.certifiedThrough) {
    findings.push(
      finding(
        "plan-of-care",
        "error",
        `${codes} on ${date}: the date of service is outside the plan of care certification (${plan.certifiedFrom} to ${plan.certifiedThrough}); recertify the plan or correct the date`,
        authority.planOfCare,
        { lines: needPlan, location: "$.planOfCare" },
      ),
    );
  }
}
