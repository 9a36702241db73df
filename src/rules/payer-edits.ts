import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import type { ExtraRule, PayerProfile } from "../payers/profile.js";
import { isNcciAssociatedModifier } from "../reference/policy/modifiers.js";
import { finding, fix, linePath } from "./report.js";
import { linesByCode, serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "payer-edits",
  severity: "error",
  description:
    "The payer profile's own edits on top of the built-in rules: code pairs not billed together (modifier indicator 0 or 1, as NCCI), required modifiers, unit limits and non-covered codes.",
  references: [
    "The payer's published reimbursement and coding policies, as recorded in its payer profile (docs/payer-profiles.md)",
  ],
  carc: "97",
  fix: "adds the distinct-service modifier to the column-2 line of an indicator-1 pair when the documentation attests it; cuts units down to the payer's limit",
  docs: "docs/rules/payer-edits.md",
};

/** Names the profile by id and file name (never a machine's absolute path). */
function profileReference(profile: PayerProfile, what: string): string {
  const file = profile.origin.split(/[\\/]/).pop() ?? profile.origin;
  return `payer profile ${profile.id} (${file}): ${what}`;
}

type CodePairEdit = PayerProfile["codePairEdits"][number];

function inForce(edit: CodePairEdit, date: string): boolean {
  return (
    (edit.effectiveFrom === undefined || edit.effectiveFrom <= date) &&
    (edit.effectiveThrough === undefined || date <= edit.effectiveThrough)
  );
}

/** The payer's code pairs, read as NCCI PTP edits: column 2 is denied with column 1 on the same day. */
function checkPairs(claim: Claim, ctx: RuleContext, out: Finding[]): void {
  const edits = ctx.profile.codePairEdits;
  if (edits.length === 0) return;
  for (const day of serviceDates(claim)) {
    for (const edit of edits) {
      if (!inForce(edit, day.date)) continue;
      const col1 = day.lines.find((i) => claim.lines[i]!.code === edit.column1);
      if (col1 === undefined) continue;
      for (const col2 of day.lines) {
        const line = claim.lines[col2]!;
        if (line.code !== edit.column2) continue;
        if (edit.modifierIndicator === "1" && line.modifiers.some(isNcciAssociatedModifier)) continue;
        const modifier = line.distinct && (ctx.profile.distinctModifier === "59" ? "59" : line.distinct);
        const patch: PatchOp[] =
          edit.modifierIndicator === "1" && modifier ? [{ op: "add-modifier", line: col2, modifier }] : [];
        out.push(
          finding(meta, {
            lines: col1 < col2 ? [col1, col2] : [col2, col1],
            message:
              edit.modifierIndicator === "0"
                ? `${ctx.profile.name} does not pay ${edit.column2} with ${edit.column1} on the same day (${edit.reason}); no modifier bypasses this payer edit`
                : `${ctx.profile.name} bundles ${edit.column2} into ${edit.column1} on the same day (${edit.reason}); ${modifier ? `the documentation attests a distinct service: add ${modifier} to ${edit.column2}` : `add a distinct-service modifier to ${edit.column2} only if it was a distinct service`}`,
            reference: profileReference(ctx.profile, `code pair ${edit.column1}/${edit.column2}`),
            fix: patch.length > 0 ? fix(`add modifier ${modifier} to line ${col2}`, ...patch) : undefined,
            location: linePath(col2, "code"),
          }),
        );
      }
    }
  }
}

function extraFinding(
  ctx: RuleContext,
  rule: ExtraRule,
  lines: number[],
  message: string,
  carc: string,
  patch?: PatchOp[],
): Finding {
  return finding(meta, {
    lines,
    severity: rule.severity,
    carc,
    message: `${message} (payer rule ${rule.id}: ${rule.reason})`,
    reference: profileReference(ctx.profile, `rule ${rule.id}`),
    fix: patch && patch.length > 0 ? fix(`apply payer rule ${rule.id}`, ...patch) : undefined,
    location: linePath(lines[0] ?? 0),
  });
}

/** Declarative extra rules: data in the profile, one small interpreter per kind. */
const extraRuleChecks: {
  [K in ExtraRule["kind"]]: (
    claim: Claim,
    ctx: RuleContext,
    rule: Extract<ExtraRule, { kind: K }>,
    out: Finding[],
  ) => void;
} = {
  "require-modifier": (claim, ctx, rule, out) => {
    claim.lines.forEach((line: ClaimLine, i) => {
      if (!rule.codes.includes(line.code) || line.modifiers.includes(rule.modifier)) return;
      out.push(
        extraFinding(ctx, rule, [i], `${ctx.profile.name} requires ${rule.modifier} on ${line.code}`, "4"),
      );
    });
  },
  "not-covered": (claim, ctx, rule, out) => {
    claim.lines.forEach((line: ClaimLine, i) => {
      if (!rule.codes.includes(line.code)) return;
      out.push(extraFinding(ctx, rule, [i], `${ctx.profile.name} does not cover ${line.code}`, "96"));
    });
  },
  "max-units": (claim, ctx, rule, out) => {
    for (const day of serviceDates(claim)) {
      for (const group of linesByCode(claim, day.lines)) {
        if (group.code !== rule.code) continue;
        if (!rule.perDay) {
          for (const i of group.lines) {
            const units = claim.lines[i]!.units;
            if (units <= rule.units) continue;
            out.push(
              extraFinding(
                ctx,
                rule,
                [i],
                `${ctx.profile.name} pays at most ${rule.units} units of ${rule.code} on a line; ${units} are billed`,
                "151",
                [{ op: "set-units", line: i, units: rule.units }],
              ),
            );
          }
          continue;
        }
        const units = group.lines.reduce((a, i) => a + claim.lines[i]!.units, 0);
        if (units <= rule.units) continue;
        const single = group.lines.length === 1 && rule.units > 0;
        out.push(
          extraFinding(
            ctx,
            rule,
            [...group.lines],
            `${ctx.profile.name} pays at most ${rule.units} units of ${rule.code} a day; ${units} are billed on ${day.date}`,
            "151",
            single ? [{ op: "set-units", line: group.lines[0]!, units: rule.units }] : undefined,
          ),
        );
      }
    }
  },
};

/** The payer's edits as its profile records them (docs/payer-profiles.md). */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  checkPairs(claim, ctx, out);
  for (const rule of ctx.profile.extraRules) {
    (extraRuleChecks[rule.kind] as (c: Claim, x: RuleContext, r: ExtraRule, o: Finding[]) => void)(
      claim,
      ctx,
      rule,
      out,
    );
  }
  return out;
}

export const payerEdits: Rule = { meta, check };
