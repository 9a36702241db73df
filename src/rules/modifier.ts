import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import {
  cptModifiers,
  type ModifierConflict,
  modifierConflicts,
  pricingModifiers,
} from "../reference/policy/modifiers.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "modifier",
  severity: "error",
  description:
    "An unknown or terminated modifier, more than 4 modifiers on a line, a repeated modifier, contradictory modifiers on one line (such as 59 with an X modifier), and pricing modifiers after informational ones.",
  references: [
    "HCPCS Level II file (modifiers, with effective and termination dates); CPT modifier appendix (Level I)",
    "ASC X12 837P 005010X222A1, SV101-3 to SV101-6 (at most 4 modifiers)",
    "CMS MLN1783722, Proper Use of Modifiers 59, XE, XP, XS and XU",
    "CMS Claims Processing Manual, Pub. 100-04, ch. 12 §30 and MAC modifier guides: pricing modifiers first",
  ],
  carc: "4",
  fix: "removes a repeated modifier; removes 59 when an X modifier is also on the line (or the X modifier when the payer wants 59); moves pricing modifiers first",
  docs: "docs/rules/modifier.md",
};

const MAX_MODIFIERS = 4;

type Standing = "known" | "unknown" | "terminated" | "unchecked";

/** Whether a modifier exists on the date, memoised per (date, modifier). */
function known(cache: ReferenceCache, modifier: string, date: string): Standing {
  return cache.derived("modifier", date, modifier, () => standing(cache, modifier, date));
}

function standing(cache: ReferenceCache, modifier: string, date: string): Standing {
  if (cptModifiers.has(modifier)) return "known";
  const lookup = cache.modifier(modifier, date);
  if (lookup.edition === undefined) return "unchecked";
  const row = lookup.value;
  if (row === undefined) return "unknown";
  return row.terminationDate !== null && row.terminationDate < date ? "terminated" : "known";
}

function checkLine(
  line: ClaimLine,
  i: number,
  ctx: RuleContext,
  cache: ReferenceCache,
  out: Finding[],
): void {
  const modifiers = line.modifiers;
  for (let k = 0; k < modifiers.length; k++) {
    const m = modifiers[k]!;
    if (modifiers.indexOf(m) < k) continue;
    const status = known(cache, m, line.dateOfService);
    if (status !== "unknown" && status !== "terminated") continue;
    const edition = cache.modifier(m, line.dateOfService).edition;
    out.push(
      finding(meta, {
        lines: [i],
        carc: "182",
        message:
          status === "unknown"
            ? `${line.code} carries ${m}, which is not a CPT or HCPCS modifier; correct or remove it`
            : `${line.code} carries ${m}, a modifier terminated before ${line.dateOfService}; remove it or use its replacement`,
        reference: `HCPCS Level II ${edition?.release ?? ""} (${edition?.source ?? ""}) modifiers; CPT modifier appendix`,
        location: linePath(i, "modifiers"),
      }),
    );
  }
  if (modifiers.length > MAX_MODIFIERS) {
    out.push(
      finding(meta, {
        lines: [i],
        message: `${line.code} carries ${modifiers.length} modifiers (${modifiers.join(" ")}); a claim line holds at most ${MAX_MODIFIERS}: keep the pricing and payment modifiers first and drop informational ones, or use 99 as the payer directs`,
        reference: "ASC X12 837P 005010X222A1, SV101-3 to SV101-6",
        location: linePath(i, "modifiers"),
      }),
    );
  }
  for (let k = 0; k < modifiers.length; k++) {
    const m = modifiers[k]!;
    if (modifiers.indexOf(m) === k) continue;
    out.push(
      finding(meta, {
        lines: [i],
        message: `${line.code} carries ${m} twice; a modifier is reported once`,
        reference: "ASC X12 837P 005010X222A1, SV101",
        fix: fix(`remove the repeated ${m} from line ${i}`, { op: "remove-modifier", line: i, modifier: m }),
        location: linePath(i, "modifiers"),
      }),
    );
  }
  for (let k = 0; k < modifiers.length; k++) {
    const conflicts = conflictsOf.get(modifiers[k]!);
    if (conflicts !== undefined && modifiers.indexOf(modifiers[k]!) === k)
      reportConflicts(line, i, ctx, conflicts, out);
  }
  checkOrder(line, i, out);
}

/** Each conflicting pair listed under its first modifier, so a line only looks at pairs it can hold. */
const conflictsOf: ReadonlyMap<string, ModifierConflict[]> = (() => {
  const map = new Map<string, ModifierConflict[]>();
  for (const c of modifierConflicts) map.set(c.modifiers[0], [...(map.get(c.modifiers[0]) ?? []), c]);
  return map;
})();

function reportConflicts(
  line: ClaimLine,
  i: number,
  ctx: RuleContext,
  conflicts: readonly ModifierConflict[],
  out: Finding[],
): void {
  const location = linePath(i, "modifiers");
  for (const conflict of conflicts) {
    const [a, b] = conflict.modifiers;
    if (!line.modifiers.includes(b)) continue;
    // Medicare chiropractic has its own rule for AT with GA, which knows the kind of care.
    if (conflict.reportedBy === "chiro-coverage" && ctx.profile.medicareTherapyRules) continue;
    const drop = a === "59" ? (ctx.profile.distinctModifier === "59" ? b : a) : undefined;
    out.push(
      finding(meta, {
        lines: [i],
        message: `${line.code} carries both ${a} and ${b}: ${conflict.why}${drop ? `; remove ${drop}` : ""}`,
        reference:
          a === "59"
            ? "CMS MLN1783722, Proper Use of Modifiers 59, XE, XP, XS and XU; NCCI Policy Manual ch. I §E"
            : "HCPCS Level II and CPT modifier definitions",
        fix: drop
          ? fix(`remove ${drop} from line ${i}`, { op: "remove-modifier", line: i, modifier: drop })
          : undefined,
        location,
      }),
    );
  }
}

/** Pricing modifiers first (Pub. 100-04 ch. 12 §30; MAC modifier guides). */
function checkOrder(line: ClaimLine, i: number, out: Finding[]): void {
  const modifiers = line.modifiers;
  let lastPricing = -1;
  for (let k = 0; k < modifiers.length; k++) if (pricingModifiers.has(modifiers[k]!)) lastPricing = k;
  if (lastPricing < 0) return;
  const early = modifiers.slice(0, lastPricing).filter((m) => !pricingModifiers.has(m));
  if (early.length === 0) return;
  // add-modifier appends: taking every informational modifier off and putting it back in
  // its original order leaves the pricing modifiers first and the rest as they were.
  const informational = modifiers.filter((m) => !pricingModifiers.has(m));
  const patch: PatchOp[] = [];
  for (const m of informational) patch.push({ op: "remove-modifier", line: i, modifier: m });
  for (const m of informational) patch.push({ op: "add-modifier", line: i, modifier: m });
  const ordered = [...modifiers.filter((m) => pricingModifiers.has(m)), ...informational];
  out.push(
    finding(meta, {
      lines: [i],
      severity: "warning",
      message: `${line.code} lists ${early.join(" ")} before the pricing modifier${lastPricing > 0 ? "s" : ""} ${modifiers.filter((m) => pricingModifiers.has(m)).join(" ")}; payers read pricing modifiers in the first positions: bill ${ordered.join(" ")}`,
      reference: "CMS Claims Processing Manual, Pub. 100-04, ch. 12 §30; MAC modifier guides",
      fix: fix(`reorder the modifiers of line ${i} to ${ordered.join(" ")}`, ...patch),
      location: linePath(i, "modifiers"),
    }),
  );
}

/** Every modifier must exist on the date, appear once, agree with the others, and pricing modifiers come first. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  claim.lines.forEach((line, i) => {
    if (line.modifiers.length > 0) checkLine(line, i, ctx, cache, out);
  });
  return out;
}

export const modifier: Rule = { meta, check };
