import type { Claim, ClaimLine } from "../model/claim.js";
import type { Discipline, UnitMethod } from "../model/common.js";
import type { Finding } from "../model/finding.js";
import { formatCents, parseCents } from "../model/money.js";
import type { Visit } from "../model/visit.js";
import type { PayerProfile } from "../payers/profile.js";
import { disciplineOfCredential } from "../reference/policy/codes.js";
import type { ReferenceData } from "../reference/types.js";
import type { UnitGroup } from "./assistant.js";
import { type ChargeSchedule, unitCharge } from "./charges.js";
import {
  assistantFindings,
  chiropracticFindings,
  disciplineFindings,
  missingChiropracticBlock,
  planOfCareFindings,
} from "./documentation.js";
import { collectEntries, type Entry, unitGroups } from "./entries.js";
import { authority, authorityOf, finding, withProfileSeverities } from "./findings.js";
import { type AllowedAmounts, decideKx } from "./kx.js";
import {
  assistantModifierOf,
  type ChiropracticCoverage,
  distinctModifierFor,
  editsAsColumnTwo,
  medicareChiropracticModifiers,
  mergeModifiers,
  therapyModifierOf,
} from "./modifiers.js";

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
  allowedAmounts?: AllowedAmounts | undefined;
  /** The practice fee schedule (code → unit charge), used when the visit gives no charge. */
  chargeSchedule?: ChargeSchedule | undefined;
}

export interface CodingResult {
  claim: Claim;
  /** Documentation problems and the decisions coding made (recodes, assumptions). */
  findings: Finding[];
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
  const medicareChiropractic = profile.medicareTherapyRules && credential === "DC";

  // 1. Services → entries (recoded, merged) with their units.
  const entries = collectEntries(visit, reference, profile, method, findings);

  // 2. Units → lines, split by CQ/CO where a code's units differ in the assistant modifier.
  const drafts: LineDraft[] = [];
  for (const entry of entries) {
    if (entry.units === 0) continue;
    for (const group of unitGroups(entry, profile)) drafts.push({ entry, group });
  }
  const linesOf = (entry: Entry) => drafts.flatMap((d, i) => (d.entry === entry ? [i] : []));

  // 3. Modifiers (KX comes after the claim exists, since it needs the allowed amounts).
  const billedCodes = [...new Set(drafts.map((d) => d.entry.code))];
  const chiropractic = new Map<Entry, { modifiers: string[]; coverage: ChiropracticCoverage }>();
  const distinctOf = new Map<Entry, string>();
  for (const entry of entries) {
    if (entry.units === 0) continue;
    if (medicareChiropractic) {
      chiropractic.set(entry, medicareChiropracticModifiers(entry.code, visit.chiropractic, visit.abnOnFile));
    }
    const distinct = decideDistinct(entry, billedCodes, date, ctx, linesOf(entry), findings);
    if (distinct) distinctOf.set(entry, distinct);
  }

  const lines: ClaimLine[] = drafts.map(({ entry, group }, lineIndex) => {
    const first = linesOf(entry)[0] === lineIndex;
    const derived: string[] = [];
    const discipline = entry.discipline.discipline;
    if (entry.discipline.therapy && discipline && profile.therapyModifiersRequired) {
      derived.push(therapyModifierOf[discipline]);
    }
    const assistantModifier = group.assistant && discipline ? assistantModifierOf[discipline] : undefined;
    if (assistantModifier) derived.push(assistantModifier);
    derived.push(...(chiropractic.get(entry)?.modifiers ?? []));
    const distinct = distinctOf.get(entry);
    if (distinct) derived.push(distinct);
    const merged = mergeModifiers(entry.handModifiers, derived);
    for (const o of first ? merged.overridden : []) {
      findings.push(
        finding(
          o.rule,
          "warning",
          `${entry.code}: kept the hand-chosen ${o.kept.join(" ")} instead of ${o.derived}, which the documentation gives`,
          authorityOf[o.rule],
          { lines: linesOf(entry), location: `$.services[${entry.services[0]}].modifiers` },
        ),
      );
    }

    const charge = unitCharge(entry.documentedCodes, visit.charges, ctx.chargeSchedule);
    if (!charge && first) {
      findings.push(
        finding(
          "claim-structure",
          "error",
          `no charge for ${entry.code}: give its charge per unit in the visit's charges ("charges": { "${entry.code}": "<amount>" }) or in the practice fee schedule (a code,amount csv)`,
          authority.charges,
          { lines: linesOf(entry), location: "$.charges" },
        ),
      );
    }
    return claimLine(entry, group, merged.modifiers, (charge?.cents ?? 0) * group.units, date);
  });

  const claim = buildClaim(visit, lines);
  // Minutes of timed codes that earned no unit still count toward the day's total (§20.2).
  const unbilled = entries.filter((e) => e.timing === "timed" && e.units === 0 && (e.minutes ?? 0) > 0);
  if (unbilled.length > 0) {
    claim.unbilledTimedMinutes = unbilled.map((e) => ({
      code: e.code,
      minutes: e.minutes ?? 0,
      dateOfService: date,
    }));
  }
  if (lines.length === 0) {
    findings.push(
      finding(
        "claim-structure",
        "error",
        "nothing to bill: no service of the visit earned a unit (see the other findings); a claim needs at least one line",
        authority.charges,
        { location: "$.services" },
      ),
    );
  }

  // 4. Documentation findings that need the lines.
  disciplineFindings(entries, linesOf, visit, profile, findings);
  assistantFindings(entries, linesOf, visit, profile, findings);
  if (medicareChiropractic) {
    const coverage = new Map([...chiropractic].map(([entry, c]) => [entry, c.coverage]));
    chiropracticFindings(entries, linesOf, coverage, visit, findings);
  } else if (credential === "DC") missingChiropracticBlock(entries, linesOf, visit, "warning", findings);

  // 5. Medicare therapy: plan of care and KX.
  if (profile.medicareTherapyRules) {
    const kxDisciplines = drafts.map(({ entry }): Discipline | undefined =>
      entry.discipline.therapy && chiropractic.get(entry)?.coverage !== "excluded"
        ? entry.discipline.discipline
        : undefined,
    );
    planOfCareFindings(
      drafts.map((d) => d.entry),
      kxDisciplines,
      visit,
      findings,
    );
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

/**
 * One claim line with the documentation it rests on. A timed code split by CQ/CO carries
 * the minutes its units account for, so that a code's lines add up to the visit.
 */
function claimLine(
  entry: Entry,
  group: UnitGroup,
  modifiers: string[],
  chargeCents: number,
  date: string,
): ClaimLine {
  const line: ClaimLine = {
    code: entry.code,
    modifiers,
    units: group.units,
    charge: formatCents(chargeCents),
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
  if (visit.serviceFacility !== undefined) claim.serviceFacility = visit.serviceFacility;
  if (visit.accident !== undefined) claim.accident = visit.accident;
  if (visit.propertyCasualtyClaimNumber !== undefined)
    claim.propertyCasualtyClaimNumber = visit.propertyCasualtyClaimNumber;
  if (visit.employer !== undefined) claim.employer = visit.employer;
  if (visit.subscriber !== undefined) claim.subscriber = visit.subscriber;
  if (visit.visitsBefore !== undefined) claim.visitsBefore = visit.visitsBefore;
  if (visit.benefitUsed !== undefined) claim.benefitUsed = visit.benefitUsed;
  return claim;
}
