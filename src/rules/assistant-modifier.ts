import { assistantUnitGroups } from "../coding/assistant.js";
import type { Claim, ClaimLine } from "../model/claim.js";
import type { Discipline } from "../model/common.js";
import type { Finding, PatchOp } from "../model/finding.js";
import {
  assistantModifierByDiscipline,
  assistantModifiers,
  disciplineByTherapyModifier,
} from "../reference/policy/modifiers.js";
import { referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import { linesByCode, serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";
import { assistantOverDeMinimis, assistantUnitsNeeded } from "./unit-method.js";

const meta: RuleMeta = {
  id: "assistant-modifier",
  severity: "error",
  description:
    "CQ or CO missing when the assistant's minutes pass the de minimis standard (more than 10% of the service: per billed unit for timed codes, on total time for untimed codes), or present with the wrong discipline.",
  references: [
    "SSA §1834(v); 42 CFR 410.59 and 410.60",
    "CMS, Billing Examples Using CQ/CO Modifiers for Services Furnished In Whole or In Part by PTAs and OTAs (CY 2022 MPFS final rule)",
    "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.1",
  ],
  carc: "4",
  fix: "adds CQ (with GP) or CO (with GO) when every billed unit needs it, splits a line when only some of its units need it (the assistant's units, with their minutes, on a new line with the modifier), swaps CQ and CO to match the discipline, removes CQ/CO from SLP lines and from lines the documentation says an assistant took no part in",
  docs: "docs/rules/assistant-modifier.md",
};

const reference =
  "SSA §1834(v); CMS, Billing Examples Using CQ/CO Modifiers for Services Furnished In Whole or In Part by PTAs and OTAs (CY 2022 MPFS final rule)";

const assistantCredentials: ReadonlySet<string> = new Set(["PTA", "OTA"]);

/** The line's discipline: its therapy modifier, else the plan of care, else the rendering credential. */
function disciplineOf(claim: Claim, line: ClaimLine): Discipline | undefined {
  for (const m of line.modifiers) {
    const d = disciplineByTherapyModifier.get(m);
    if (d !== undefined) return d;
  }
  if (claim.planOfCare) return claim.planOfCare.discipline;
  const credential = claim.renderingProvider.credential;
  return credential === "PTA" ? "PT" : credential === "OTA" ? "OT" : undefined;
}

/** Assistant minutes as documented; an assistant billing as the rendering provider furnished all of it. */
function assistantMinutesOf(claim: Claim, line: ClaimLine): number | undefined {
  if (line.assistantMinutes !== undefined) return line.assistantMinutes;
  if (assistantCredentials.has(claim.renderingProvider.credential) && line.minutes !== undefined) {
    return line.minutes;
  }
  return undefined;
}

function wrongDiscipline(claim: Claim, out: Finding[]): void {
  claim.lines.forEach((line, i) => {
    const present = line.modifiers.find((m) => assistantModifiers.has(m));
    if (present === undefined) return;
    const discipline = disciplineOf(claim, line);
    if (discipline === undefined) return;
    const wanted = assistantModifierByDiscipline[discipline];
    if (present === wanted) return;
    const patch: PatchOp[] = [{ op: "remove-modifier", line: i, modifier: present }];
    if (wanted !== undefined && !line.modifiers.includes(wanted)) {
      patch.push({ op: "add-modifier", line: i, modifier: wanted });
    }
    out.push(
      finding(meta, {
        lines: [i],
        message:
          wanted === undefined
            ? `${line.code} is an SLP service billed with ${present}; there is no SLP assistant modifier, so remove ${present}`
            : `${line.code} is a ${discipline} service billed with ${present}; a ${discipline} assistant's service takes ${wanted}`,
        reference,
        fix: fix(
          wanted === undefined ? `remove ${present} from line ${i}` : `use ${wanted} on line ${i}`,
          ...patch,
        ),
        location: linePath(i, "modifiers"),
      }),
    );
  });
}

/**
 * CMS CQ/CO billing examples: for each code on each date, the billed units that must carry
 * CQ or CO, compared with the units that do.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  if (!ctx.profile.assistantReduction) return [];
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  wrongDiscipline(claim, out);
  for (const day of serviceDates(claim)) {
    for (const group of linesByCode(claim, day.lines)) {
      const therapy = cache.therapyCode(group.code, day.date);
      if (therapy === undefined || therapy.therapyClass === undefined) continue;
      let minutes = 0;
      let assistant = 0;
      let units = 0;
      let withModifier = 0;
      let documented = true;
      for (const i of group.lines) {
        const line = claim.lines[i]!;
        const a = assistantMinutesOf(claim, line);
        if (line.minutes === undefined || a === undefined) documented = false;
        else {
          minutes += line.minutes;
          assistant += a;
        }
        units += line.units;
        if (line.modifiers.some((m) => assistantModifiers.has(m))) withModifier += line.units;
      }
      if (!documented) continue;
      const first = claim.lines[group.lines[0]!]!;
      const discipline = disciplineOf(claim, first);
      const wanted = discipline && assistantModifierByDiscipline[discipline];
      const needed =
        therapy.timing === "timed"
          ? assistantUnitsNeeded(units, minutes, assistant)
          : assistantOverDeMinimis(minutes, assistant)
            ? units
            : 0;
      if (withModifier < needed && wanted !== undefined) {
        const share = `${assistant} of ${minutes} minutes by the assistant`;
        const single = group.lines.length === 1 && needed === units;
        const split =
          group.lines.length === 1 && withModifier === 0 && needed < units && therapy.timing === "timed"
            ? assistantUnitGroups({ units, minutes, assistantMinutes: assistant }).find((g) => g.assistant)
            : undefined;
        out.push(
          finding(meta, {
            lines: [...group.lines],
            message: `${group.code} on ${day.date}: ${share}, so ${needed} of its ${units} unit${units === 1 ? "" : "s"} must carry ${wanted} (more than 10% of the ${therapy.timing === "timed" ? "unit's" : "service's"} minutes), but ${withModifier} ${withModifier === 1 ? "does" : "do"}; ${
              single
                ? `add ${wanted}`
                : `bill the ${needed} assistant unit${needed === 1 ? "" : "s"} on a line with ${wanted} and the rest on a line without`
            }`,
            reference,
            fix: single
              ? fix(`add ${wanted} to line ${group.lines[0]}`, {
                  op: "add-modifier",
                  line: group.lines[0]!,
                  modifier: wanted,
                })
              : split !== undefined && split.units === needed
                ? fix(
                    `split line ${group.lines[0]}: ${units - needed} unit${units - needed === 1 ? "" : "s"} without ${wanted}, ${needed} with ${wanted} on a new line`,
                    {
                      op: "split-line",
                      line: group.lines[0]!,
                      units: needed,
                      modifier: wanted,
                      minutes: split.minutes,
                      assistantMinutes: split.assistantMinutes,
                    },
                  )
                : undefined,
            location: linePath(group.lines[0]!, "modifiers"),
          }),
        );
      } else if (withModifier > 0 && assistant === 0) {
        const patch: PatchOp[] = [];
        for (const i of group.lines) {
          for (const m of claim.lines[i]!.modifiers) {
            if (assistantModifiers.has(m)) patch.push({ op: "remove-modifier", line: i, modifier: m });
          }
        }
        out.push(
          finding(meta, {
            lines: [...group.lines],
            severity: "warning",
            carc: null,
            message: `${group.code} on ${day.date} carries CQ or CO but the documentation records no assistant minutes; remove it, or record the assistant's minutes (CQ/CO lowers the payment to 85%)`,
            reference,
            fix: fix(`remove CQ/CO from ${group.code}`, ...patch),
            location: linePath(group.lines[0]!, "modifiers"),
          }),
        );
      }
    }
  }
  return out;
}

export const assistantModifier: Rule = { meta, check };
