import type { Credential, UnitMethod } from "../model/common.js";
import type { Finding } from "../model/finding.js";
import type { Service, Visit } from "../model/visit.js";
import type { PayerProfile } from "../payers/profile.js";
import { payerReplacementCodes } from "../reference/policy/codes.js";
import type { ReferenceData, TherapyCode } from "../reference/types.js";
import { assistantUnitGroups, type UnitGroup, untimedNeedsAssistantModifier } from "./assistant.js";
import { authority, finding } from "./findings.js";
import {
  assistantCredentials,
  assistantModifierOf,
  type LineDiscipline,
  lineDiscipline,
} from "./modifiers.js";
import { hourBasedCodes, hourBasedUnits, timedUnits, untimedUnitsPerDay } from "./units.js";

/**
 * Code substitutions that follow the payer. Medicare does not recognise 97014 (MPFS status
 * I) and uses G0283; a payer that accepts 97014 and lists G0283 as not covered in its
 * profile gets 97014 back. Any other G0283 stays as documented.
 */
const recodes: ReadonlyArray<{
  from: string;
  to: string;
  applies: (profile: PayerProfile) => boolean;
  why: string;
}> = payerReplacementCodes.flatMap((r) => [
  {
    from: r.code,
    to: r.replacement,
    applies: (p: PayerProfile) => !p[r.acceptedWhen],
    why: `does not accept ${r.code} and uses ${r.replacement} for ${r.service}`,
  },
  {
    from: r.replacement,
    to: r.code,
    applies: (p: PayerProfile) =>
      p[r.acceptedWhen] &&
      p.extraRules.some((x) => x.kind === "not-covered" && x.codes.includes(r.replacement)),
    why: `accepts ${r.code} and its profile lists ${r.replacement} as not covered`,
  },
]);

/** One billed code: the visit's services of that code, merged (one line per code per date). */
export interface Entry {
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

/**
 * The visit's services as billed codes: each recoded by payer (97014/G0283), services of
 * the same code merged (one line per code per date), units assigned by timing and the
 * payer's unit method. Reports recodes, merges, unknown codes, timed codes without
 * minutes and codes that earn no unit.
 */
export function collectEntries(
  visit: Visit,
  reference: ReferenceData,
  profile: PayerProfile,
  method: UnitMethod,
  findings: Finding[],
): Entry[] {
  const credential: Credential = visit.renderingProvider.credential;
  const renderedByAssistant = assistantCredentials.has(credential);
  const entries: Entry[] = [];
  visit.services.forEach((service, index) => {
    const recode = recodes.find((r) => r.from === service.code && r.applies(profile));
    const code = recode ? recode.to : service.code;
    if (recode) {
      findings.push(
        finding(
          "code-status",
          "info",
          `recoded ${recode.from} to ${recode.to}: ${profile.name} ${recode.why}`,
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
    const therapyCode = reference.therapyCode(code, visit.dateOfService);
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

  assignUnits(entries, method, findings);
  return entries;
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
export function unitGroups(entry: Entry, profile: PayerProfile): UnitGroup[] {
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
    entry.assistantWhole || untimedNeedsAssistantModifier(entry.minutes, entry.assistantMinutes);
  return [{ ...whole, assistant }];
}
