import type { Claim, ClaimLine } from "../model/claim.js";
import type { Discipline, UnitMethod } from "../model/common.js";
import type { Finding } from "../model/finding.js";
import { formatCents, parseCents } from "../model/money.js";
import type { Service, Visit } from "../model/visit.js";
import type { PayerProfile } from "../payers/profile.js";
import type { ReferenceData, TherapyCode } from "../reference/types.js";
import { assistantUnitGroups, type UnitGroup, untimedNeedsAssistantModifier } from "./assistant.js";
import { type ChargeSchedule, unitCharge } from "./charges.js";
import { authority, finding, withProfileSeverities } from "./findings.js";
import { type AllowedAmounts, decideKx } from "./kx.js";
import {
  assistantCredentials,
  assistantModifierOf,
  type ChiropracticCoverage,
  disciplineOfCredential,
  distinctModifierFor,
  editsAsColumnTwo,
  type LineDiscipline,
  lineDiscipline,
  medicareChiropracticModifiers,
  mergeModifiers,
  reEvaluationCodes,
  spinalManipulation,
  supervisingCredentialOf,
  therapyModifierOf,
} from "./modifiers.js";
import { hourBasedCodes, hourBasedUnits, timedUnits, untimedUnitsPerDay } from "./units.js";

export * from "./assistant.js";
export * from "./charges.js";
export { authority, type CodingRule } from "./findings.js";
export * from "./kx.js";
export * from "./modifiers.js";
export * from "./units.js";

/** What coding needs besides the visit. */
export interface CodingContext {
  reference: ReferenceData;
  profile: PayerProfile;
  /**
   * Estimated allowed amount per claim line, integer cents (the pricing engine's
   * `estimateAllowedByLine`). Without it the KX walk uses the national fee schedule table.
   */
  allowedAmounts?: AllowedAmounts;
  /** The practice fee schedule (code → unit charge), used when the visit gives no charge. */
  chargeSchedule?: ChargeSchedule;
}

export interface CodingResult {
  claim: Claim;
  /** Documentation problems and the decisions coding made (recodes, assumptions). */
  findings: Finding[];
}

/**
 * Code substitutions that follow the payer. Medicare does not recognise 97014 (MPFS status
 * I) and uses G0283; a payer that accepts 97014 and lists G0283 as not covered in its
 * profile gets 97014 back. Any other G0283 stays as documented.
 */
const recodes: ReadonlyArray<{ from: string; to: string; applies: (profile: PayerProfile) => boolean }> = [
  { from: "97014", to: "G0283", applies: (p) => !p.accepts97014 },
  {
    from: "G0283",
    to: "97014",
    applies: (p) =>
      p.accepts97014 && p.extraRules.some((r) => r.kind === "not-covered" && r.codes.includes("G0283")),
  },
];

/** One billed code: the visit's services of that code, merged (one line per code per date). */
interface Entry {
  code: string;
  /** Codes the clinician documented for it (97014 for a G0283 recode). */
  documentedCodes: string[];
  services: number[];
  therapyCode: TherapyCode | undefined;
  timing: TherapyCode["timing"];
  /** Documented minutes, summed; undefined when no service of the code gives minutes. */
  minutes: number | undefined;
  /** Minutes furnished by an assistant apart from the therapist, summed; undefined when none documented. */
  assistantMinutes: number | undefined;
  /** True when a PTA/OTA rendered a service without documented minutes: wholly the assistant's. */
  assistantWhole: boolean;
  region: Service["region"];
  distinct: Service["distinct"];
  pointers: number[] | undefined;
  handModifiers: string[];
  units: number;
  discipline: LineDiscipline;
}

interface LineDraft {
  entry: Entry;
  group: UnitGroup;
}

/**
 * Codes a documented visit into the claim a careful biller would submit, with the
 * documentation problems coding cannot resolve (contract §3 "Coding behaviours"):
 * units by the payer's unit method, GP/GO/GN, CQ/CO, KX, Medicare chiropractic modifiers,
 * an attested NCCI-associated modifier where a PTP edit needs it, 97014/G0283 by payer,
 * diagnosis pointers and charges. One line per code (per modifier set) per date, in the
 * order of the services.
 */
export function codeVisit(visit: Visit, ctx: CodingContext): CodingResult {
  const { reference, profile } = ctx;
  const findings: Finding[] = [];
  const date = visit.dateOfService;
  const credential = visit.renderingProvider.credential;
  const method: UnitMethod = visit.payer.unitMethod ?? profile.unitMethod;
  const renderedByAssistant = assistantCredentials.has(credential);
  const medicareChiropractic = profile.medicareTherapyRules && credential === "DC";

  // 1. Services → entries: recode by payer, merge services of the same code.
  const entries: Entry[] = [];
  visit.services.forEach((service, index) => {
    const recode = recodes.find((r) => r.from === service.code && r.applies(profile));
    const code = recode ? recode.to : service.code;
    if (recode) {
      findings.push(
        finding(
          "code-status",
          "info",
          `recoded ${recode.from} to ${recode.to}: ${profile.name} ${recode.to === "G0283" ? "does not accept 97014 and uses G0283 for unattended electrical stimulation" : "accepts 97014 and does not cover G0283"}`,
          authority.code97014,
          { location: `$.services[${index}].code` },
        ),
      );
    }
    const assistantMinutes = documentedAssistantMinutes(service, renderedByAssistant, index, findings);
    const existing = entries.find((e) => e.code === code);
    if (existing) {
      mergeService(existing, service, index, assistantMinutes, renderedByAssistant);
      return;
    }
    const therapyCode = reference.therapyCode(code);
    entries.push({
      code,
      documentedCodes: [...new Set([code, service.code])],
      services: [index],
      therapyCode,
      timing: therapyCode?.timing ?? "untimed",
      minutes: service.minutes,
      assistantMinutes,
      assistantWhole:
        renderedByAssistant && service.minutes === undefined && service.assistantMinutes === undefined,
      region: service.region,
      distinct: service.distinct,
      pointers: service.diagnosisPointers,
      handModifiers: [...(service.modifiers ?? [])],
      units: 0,
      discipline: lineDiscipline(therapyCode, visit.planOfCare, credential),
    });
  });

  for (const entry of entries) {
    if (entry.services.length > 1) {
      const list = entry.services.map((i) => `services[${i}]`).join(", ");
      findings.push(
        finding(
          entry.timing === "untimed" ? "untimed-units" : "timed-units",
          "info",
          entry.timing === "untimed"
            ? `${entry.code} is documented ${entry.services.length} times (${list}): an untimed code is billed once per day, on one line`
            : `${entry.code} is documented ${entry.services.length} times (${list}): billed on one line with their minutes added`,
          entry.timing === "untimed" ? authority.untimedUnits : authority.timedUnits,
          { location: `$.services[${entry.services[0]}]` },
        ),
      );
    }
    if (!entry.therapyCode) {
      findings.push(
        finding(
          "untimed-units",
          "info",
          `${entry.code} is not in the therapy and chiropractic code list: billed as one service unit; check its descriptor if it is timed`,
          authority.untimedUnits,
          { location: `$.services[${entry.services[0]}].code` },
        ),
      );
    }
  }

  // 2. Units.
  assignUnits(entries, method, findings);

  // 3. Units → lines, split by CQ/CO where a code's units differ in the assistant modifier.
  const drafts: LineDraft[] = [];
  for (const entry of entries) {
    if (entry.units === 0) continue;
    for (const group of unitGroups(entry, profile)) drafts.push({ entry, group });
  }
  const linesOf = (entry: Entry) => drafts.flatMap((d, i) => (d.entry === entry ? [i] : []));

  // 4. Modifiers (KX comes after the claim exists, since it needs the allowed amounts).
  const billedCodes = [...new Set(drafts.map((d) => d.entry.code))];
  const chiropracticCoverage = new Map<Entry, ChiropracticCoverage>();
  const distinctOf = new Map<Entry, string>();
  for (const entry of entries) {
    if (entry.units === 0) continue;
    if (medicareChiropractic) {
      chiropracticCoverage.set(
        entry,
        medicareChiropracticModifiers(entry.code, visit.chiropractic, visit.abnOnFile).coverage,
      );
    }
    const distinct = decideDistinct(entry, billedCodes, date, ctx, linesOf(entry), findings);
    if (distinct) distinctOf.set(entry, distinct);
  }

  const lines: ClaimLine[] = drafts.map(({ entry, group }, lineIndex) => {
    const derived: string[] = [];
    const discipline = entry.discipline.discipline;
    if (entry.discipline.therapy && discipline && profile.therapyModifiersRequired) {
      derived.push(therapyModifierOf[discipline]);
    }
    if (group.assistant && discipline) {
      const assistantModifier = assistantModifierOf[discipline];
      if (assistantModifier) derived.push(assistantModifier);
    }
    if (medicareChiropractic) {
      derived.push(
        ...medicareChiropracticModifiers(entry.code, visit.chiropractic, visit.abnOnFile).modifiers,
      );
    }
    const distinct = distinctOf.get(entry);
    if (distinct) derived.push(distinct);
    const merged = mergeModifiers(entry.handModifiers, derived);
    for (const o of merged.overridden) {
      findings.push(
        finding(
          o.rule,
          "warning",
          `${entry.code}: kept the hand-chosen ${o.kept.join(" ")} instead of ${o.derived}, which the documentation gives`,
          authority.therapyModifier,
          { lines: [lineIndex], location: `$.services[${entry.services[0]}].modifiers` },
        ),
      );
    }

    const charge = unitCharge(entry.documentedCodes, visit.charges, ctx.chargeSchedule);
    if (!charge) {
      findings.push(
        finding(
          "claim-structure",
          "error",
          `no charge for ${entry.code}: add it to the visit's charges ("${entry.code}": "45.00" per unit) or to the practice fee schedule`,
          authority.charges,
          { lines: [lineIndex], location: "$.charges" },
        ),
      );
    }
    const line: ClaimLine = {
      code: entry.code,
      modifiers: merged.modifiers,
      units: group.units,
      charge: formatCents((charge?.cents ?? 0) * group.units),
      diagnosisPointers: entry.pointers ?? [1],
      dateOfService: date,
    };
    const minutes = entry.timing === "untimed" ? entry.minutes : group.minutes;
    if (minutes !== undefined) line.minutes = minutes;
    const assistantMinutes = entry.timing === "untimed" ? entry.assistantMinutes : group.assistantMinutes;
    if (assistantMinutes !== undefined && (assistantMinutes > 0 || entry.assistantMinutes !== undefined)) {
      line.assistantMinutes = assistantMinutes;
    }
    if (entry.region !== undefined) line.region = entry.region;
    if (entry.distinct !== undefined) line.distinct = entry.distinct;
    return line;
  });

  const claim = buildClaim(visit, lines);

  // 5. Documentation findings that need the lines.
  disciplineFindings(entries, linesOf, visit, profile, findings);
  assistantFindings(entries, linesOf, visit, profile, findings);
  if (medicareChiropractic) chiropracticFindings(entries, linesOf, chiropracticCoverage, visit, findings);
  else if (credential === "DC") missingChiropracticBlock(entries, linesOf, visit, "warning", findings);

  // 6. Medicare therapy: plan of care and KX.
  if (profile.medicareTherapyRules) {
    const kxDisciplines = drafts.map(({ entry }): Discipline | undefined =>
      entry.discipline.therapy && chiropracticCoverage.get(entry) !== "excluded"
        ? entry.discipline.discipline
        : undefined,
    );
    planOfCareFindings(drafts, kxDisciplines, visit, findings);
    const kx = decideKx({
      claim,
      reference,
      lineDisciplines: kxDisciplines,
      discipline: visit.planOfCare?.discipline ?? disciplineOfCredential[credential],
      yearToDate: parseCents(visit.therapyYearToDate),
      medicallyNecessary: visit.medicallyNecessaryOverThreshold,
      allowedAmounts: ctx.allowedAmounts,
    });
    for (const i of kx.kxLines) {
      const line = claim.lines[i]!;
      line.modifiers = mergeModifiers(line.modifiers, ["KX"]).modifiers;
    }
    findings.push(...kx.findings);
  }

  return { claim, findings: withProfileSeverities(findings, profile) };
}

/**
 * The assistant's minutes of one service. `assistantMinutes` is the part of `minutes` the
 * PTA or OTA furnished apart from the therapist. When the rendering provider is a PTA or
 * OTA and the service does not say otherwise, every minute is the assistant's.
 */
function documentedAssistantMinutes(
  service: Service,
  renderedByAssistant: boolean,
  index: number,
  findings: Finding[],
): number | undefined {
  const documented = service.assistantMinutes;
  if (documented !== undefined && service.minutes !== undefined && documented > service.minutes) {
    findings.push(
      finding(
        "assistant-modifier",
        "error",
        `${service.code}: assistantMinutes (${documented}) exceed minutes (${service.minutes}); the assistant's minutes are part of the service's minutes. Coded as if the assistant furnished all ${service.minutes}`,
        authority.assistant,
        { location: `$.services[${index}].assistantMinutes` },
      ),
    );
    return service.minutes;
  }
  if (documented !== undefined) return documented;
  return renderedByAssistant ? service.minutes : undefined;
}

function mergeService(
  entry: Entry,
  service: Service,
  index: number,
  assistantMinutes: number | undefined,
  renderedByAssistant: boolean,
): void {
  entry.services.push(index);
  if (!entry.documentedCodes.includes(service.code)) entry.documentedCodes.push(service.code);
  if (service.minutes !== undefined) entry.minutes = (entry.minutes ?? 0) + service.minutes;
  if (assistantMinutes !== undefined)
    entry.assistantMinutes = (entry.assistantMinutes ?? 0) + assistantMinutes;
  if (renderedByAssistant && service.minutes === undefined && service.assistantMinutes === undefined) {
    entry.assistantWhole = true;
  }
  entry.region ??= service.region;
  entry.distinct ??= service.distinct;
  if (service.diagnosisPointers) {
    entry.pointers = [...new Set([...(entry.pointers ?? []), ...service.diagnosisPointers])];
  }
  for (const m of service.modifiers ?? []) if (!entry.handModifiers.includes(m)) entry.handModifiers.push(m);
}

/** Units per entry by timing and unit method; reports codes without minutes or without a unit. */
function assignUnits(entries: Entry[], method: UnitMethod, findings: Finding[]): void {
  const timed = entries.filter((e) => e.timing === "timed" && e.minutes !== undefined);
  const units = timedUnits(
    timed.map((e) => ({ code: e.code, minutes: e.minutes! })),
    method,
  );
  timed.forEach((e, i) => {
    e.units = units[i] ?? 0;
  });
  const totalTimed = timed.reduce((s, e) => s + e.minutes!, 0);
  const totalUnits = units.reduce((a, b) => a + b, 0);

  for (const entry of entries) {
    const location = `$.services[${entry.services[0]}].minutes`;
    if (entry.timing === "untimed") {
      entry.units = untimedUnitsPerDay;
      continue;
    }
    if (entry.minutes === undefined) {
      findings.push(
        finding(
          "timed-units",
          "error",
          `${entry.code} is a timed code and no minutes are documented: it cannot be billed until the minutes are recorded`,
          entry.timing === "hour" ? authority.amaUnits : authority.timedUnits,
          { location },
        ),
      );
      continue;
    }
    if (entry.timing === "hour") {
      entry.units = hourBasedUnits(entry.code, entry.minutes);
      if (entry.units === 0) {
        const length = hourBasedCodes.get(entry.code)?.unitLength ?? 60;
        findings.push(
          finding(
            "timed-units",
            "info",
            `${entry.code} ${entry.minutes} minutes: not billed, the midpoint of its ${length / 60}-hour unit is not passed`,
            authority.amaUnits,
            { location },
          ),
        );
      }
      continue;
    }
    if (entry.units > 0) continue;
    const why =
      method === "cms"
        ? totalUnits === 0
          ? `no unit under the CMS total-time method (${totalTimed} timed minutes in all; 8 are needed for one unit)`
          : `no unit left under the CMS total-time method (${totalTimed} timed minutes give ${totalUnits} unit${totalUnits === 1 ? "" : "s"}, which went to codes with more minutes)`
        : "no unit under the AMA per-code method (8 minutes of the code are needed for one unit)";
    findings.push(
      finding(
        "timed-units",
        "info",
        `${entry.code} ${entry.minutes} minutes: ${why}; not billed`,
        method === "cms" ? authority.timedUnits : authority.amaUnits,
        { location },
      ),
    );
  }
}

/**
 * The unit groups of one entry. A code splits only when its units differ in CQ/CO, which
 * needs a therapy line (not an evaluation) whose discipline has an assistant modifier, and a
 * payer that takes therapy modifiers.
 */
function unitGroups(entry: Entry, profile: PayerProfile): UnitGroup[] {
  const { discipline } = entry;
  const minutes = entry.minutes ?? 0;
  const assistantMinutes = entry.assistantMinutes ?? 0;
  const whole: UnitGroup = { units: entry.units, assistant: false, minutes, assistantMinutes };
  const modifierApplies =
    profile.therapyModifiersRequired &&
    discipline.therapy &&
    !discipline.evaluation &&
    discipline.discipline !== undefined &&
    assistantModifierOf[discipline.discipline] !== undefined;
  if (!modifierApplies) return [whole];
  if (entry.timing === "timed") {
    return assistantUnitGroups({ units: entry.units, minutes, assistantMinutes });
  }
  const assistant =
    entry.assistantWhole || untimedNeedsAssistantModifier(entry.minutes, entry.assistantMinutes ?? undefined);
  return [{ ...whole, assistant }];
}

/**
 * The NCCI-associated modifier for an entry: only with the clinician's attestation, only on
 * the column-2 code of a code-pair edit in force with modifier indicator 1 (NCCI Policy
 * Manual ch. I). Never on column 1, never for indicator 0.
 */
function decideDistinct(
  entry: Entry,
  billedCodes: readonly string[],
  date: string,
  ctx: CodingContext,
  lines: number[],
  findings: Finding[],
): string | undefined {
  const attested = entry.distinct;
  if (!attested) return undefined;
  const location = `$.services[${entry.services[0]}].distinct`;
  const edits = editsAsColumnTwo(entry.code, billedCodes, date, ctx.reference, ctx.profile);
  const bypassable = edits.filter((e) => e.modifierIndicator === "1");
  if (bypassable.length === 0) {
    const never = edits.find((e) => e.modifierIndicator === "0");
    const message = never
      ? `${entry.code} is the column-2 code of ${never.column1} with modifier indicator 0 (${never.source}): no modifier bypasses it, so the attested ${attested} was not added`
      : `${entry.code} is not the column-2 code of a code-pair edit in force with the other codes of the visit${ctx.profile.ncciPtp ? "" : " (the payer applies no NCCI edits)"}: the attested ${attested} was not needed and not added`;
    findings.push(finding("modifier", "info", message, authority.ncci, { lines, location }));
    return undefined;
  }
  const modifier = distinctModifierFor(attested, ctx.profile.distinctModifier);
  if (modifier !== attested) {
    findings.push(
      finding(
        "modifier",
        "info",
        `${entry.code}: the clinician attested a distinct service (${attested}); ${ctx.profile.name} wants modifier 59 rather than X modifiers, so 59 was billed`,
        authority.ncci,
        { lines, location },
      ),
    );
  }
  return modifier;
}

function buildClaim(visit: Visit, lines: ClaimLine[]): Claim {
  const claim: Claim = {
    id: visit.id,
    frequency: visit.frequency ?? "1",
    payerClaimControlNumber: visit.payerClaimControlNumber ?? null,
    patient: visit.patient,
    payer: visit.payer,
    billingProvider: visit.billingProvider,
    renderingProvider: visit.renderingProvider,
    placeOfService: visit.placeOfService,
    diagnoses: visit.diagnoses,
    lines,
    chiropractic: visit.chiropractic ?? null,
    planOfCare: visit.planOfCare ?? null,
    therapyYearToDate: visit.therapyYearToDate,
    medicallyNecessaryOverThreshold: visit.medicallyNecessaryOverThreshold,
    abnOnFile: visit.abnOnFile,
    authorization: visit.authorization ?? null,
  };
  if (visit.deductibleRemaining !== undefined) claim.deductibleRemaining = visit.deductibleRemaining;
  return claim;
}

/** Evaluations billed under a discipline other than the plan's, and therapy lines with no discipline. */
function disciplineFindings(
  entries: Entry[],
  linesOf: (e: Entry) => number[],
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
          `${entry.code} is an "always therapy" code and needs GP, GO or GN, but the visit has no plan of care and a ${visit.renderingProvider.credential} has no therapy discipline of its own: record the plan of care`,
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
function assistantFindings(
  entries: Entry[],
  linesOf: (e: Entry) => number[],
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
      const assistant = discipline === "OT" ? "an OTA" : discipline === "PT" ? "a PTA" : "an assistant";
      findings.push(
        finding(
          "assistant-modifier",
          "error",
          `${codes ? `${codes}: ` : ""}${assistant} furnished the service in whole or in part, and the rendering provider is ${credential === "OTA" || credential === "OT" ? "an" : "a"} ${credential}: the claim needs ${who} as rendering provider, who bills for the assistant's services`,
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
function chiropracticFindings(
  entries: Entry[],
  linesOf: (e: Entry) => number[],
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
function missingChiropracticBlock(
  entries: Entry[],
  linesOf: (e: Entry) => number[],
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

/** Medicare therapy needs a certified plan of care in force on the date (initial evaluations excepted). */
function planOfCareFindings(
  drafts: LineDraft[],
  kxDisciplines: ReadonlyArray<Discipline | undefined>,
  visit: Visit,
  findings: Finding[],
): void {
  const needPlan = drafts.flatMap(({ entry }, i) =>
    kxDisciplines[i] !== undefined && !(entry.discipline.evaluation && !reEvaluationCodes.has(entry.code))
      ? [i]
      : [],
  );
  if (needPlan.length === 0) return;
  const codes = [...new Set(needPlan.map((i) => drafts[i]!.entry.code))].join(", ");
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
