import type { Claim, ClaimLine } from "../model/claim.js";
import type { Discipline } from "../model/common.js";
import type { Finding, PatchOp } from "../model/finding.js";
import { disciplineOfCredential } from "../reference/policy/codes.js";
import { disciplineByTherapyModifier, therapyModifierByDiscipline } from "../reference/policy/modifiers.js";
import type { TherapyCode } from "../reference/types.js";
import { referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "therapy-modifier",
  severity: "error",
  description:
    'A GP, GO or GN modifier that is missing, duplicated or does not match the plan of care discipline, on "always therapy" codes and on "sometimes therapy" codes under a therapy plan of care; evaluation codes billed under the wrong discipline.',
  references: [
    "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.1 (therapy modifiers GP, GO, GN)",
    "CMS CR 10176 (2018): claims for always-therapy services without a therapy modifier are returned as unprocessable",
    "CMS annual therapy code list (always and sometimes therapy)",
  ],
  carc: "4",
  fix: "adds (or swaps in) the modifier of the documented discipline: the evaluation code's own, else the plan of care's, else the rendering therapist's credential",
  docs: "docs/rules/therapy-modifier.md",
};

const reference =
  "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.1; CR 10176; CMS annual therapy code list";

/** The discipline the documentation gives a line, and where it comes from. */
function expectedDiscipline(
  claim: Claim,
  therapy: TherapyCode,
): { discipline: Discipline; source: string } | undefined {
  const evaluation = therapy.evaluationDiscipline;
  if (evaluation !== undefined && evaluation !== "AT") {
    return { discipline: evaluation, source: `${therapy.code} is a ${evaluation} evaluation code` };
  }
  if (claim.planOfCare) {
    return {
      discipline: claim.planOfCare.discipline,
      source: `the plan of care is ${claim.planOfCare.discipline}`,
    };
  }
  const byCredential = disciplineOfCredential[claim.renderingProvider.credential];
  return byCredential === undefined
    ? undefined
    : {
        discipline: byCredential,
        source: `the rendering provider is a ${claim.renderingProvider.credential}`,
      };
}

/** The modifier expectedDiscipline would give, without its explanation. */
function expectedModifier(claim: Claim, therapy: TherapyCode): string | undefined {
  const evaluation = therapy.evaluationDiscipline;
  if (evaluation !== undefined && evaluation !== "AT") return therapyModifierByDiscipline[evaluation];
  const discipline =
    claim.planOfCare?.discipline ?? disciplineOfCredential[claim.renderingProvider.credential];
  return discipline === undefined ? undefined : therapyModifierByDiscipline[discipline];
}

function needsTherapyModifier(claim: Claim, line: ClaimLine, therapy: TherapyCode | undefined): boolean {
  if (therapy === undefined) return false;
  // A statutorily excluded service (GY, e.g. a chiropractor's traction) is billed to be denied.
  if (line.modifiers.includes("GY")) return false;
  return therapy.therapyClass === "always" || (therapy.therapyClass === "sometimes" && !!claim.planOfCare);
}

/** Pub. 100-04 ch. 5 §20.1: every therapy line carries the modifier of its plan of care discipline. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  if (!ctx.profile.therapyModifiersRequired) return [];
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  claim.lines.forEach((line, i) => {
    const therapy = cache.therapyCode(line.code, line.dateOfService);
    if (!needsTherapyModifier(claim, line, therapy)) return;
    // The common case first, without building anything: exactly one modifier, the expected one.
    let count = 0;
    let only: string | undefined;
    for (const m of line.modifiers) {
      if (disciplineByTherapyModifier.has(m)) {
        count++;
        only = m;
      }
    }
    const quick = expectedModifier(claim, therapy!);
    if (count === 1 && (quick === undefined || only === quick)) return;
    const present = line.modifiers.filter((m) => disciplineByTherapyModifier.has(m));
    const expected = expectedDiscipline(claim, therapy!);
    const wanted = expected && therapyModifierByDiscipline[expected.discipline];
    const location = linePath(i, "modifiers");
    const patch: PatchOp[] = [];
    if (wanted !== undefined) {
      for (const m of present) if (m !== wanted) patch.push({ op: "remove-modifier", line: i, modifier: m });
      if (!present.includes(wanted)) patch.push({ op: "add-modifier", line: i, modifier: wanted });
    }
    const change = wanted === undefined ? undefined : fix(`bill line ${i} with ${wanted} only`, ...patch);
    const kind =
      therapy!.therapyClass === "always" ? "an always-therapy code" : "a therapy code under a plan of care";
    if (present.length === 0) {
      out.push(
        finding(meta, {
          lines: [i],
          message: `${line.code} is ${kind} and has no therapy modifier (GP, GO or GN); ${
            wanted === undefined
              ? "add the modifier of the plan of care discipline (no plan of care or therapist credential says which)"
              : `add ${wanted}: ${expected!.source}`
          }`,
          reference,
          carc: "16",
          rarc: "MA130",
          fix: change,
          location,
        }),
      );
    } else if (present.length > 1) {
      out.push(
        finding(meta, {
          lines: [i],
          message: `${line.code} carries ${present.join(" and ")}; a line is furnished under one plan of care, so it takes exactly one therapy modifier${wanted === undefined ? "" : `: ${wanted}, as ${expected!.source}`}`,
          reference,
          fix: change,
          location,
        }),
      );
    } else {
      out.push(
        finding(meta, {
          lines: [i],
          message: `${line.code} is billed with ${present[0]} but ${expected!.source}, which takes ${wanted}; replace ${present[0]} with ${wanted}`,
          reference,
          fix: change,
          location,
        }),
      );
    }
  });
  return out;
}

export const therapyModifier: Rule = { meta, check };
