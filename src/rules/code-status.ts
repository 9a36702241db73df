import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { payerReplacementCodes } from "../reference/policy/codes.js";
import { liabilityModifiers } from "../reference/policy/modifiers.js";
import { mpfsStatuses, mpfsStatusPayerTypes } from "../reference/policy/mpfs-status.js";
import type { Edition } from "../reference/types.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import { hasAnyModifier } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "code-status",
  severity: "error",
  description:
    "A procedure code that is unknown, deleted, or not valid for the payer on the date of service (for example 97014 for Medicare, where G0283 is the valid code); MPFS status B, I, N and the other unpayable statuses get a clear message.",
  references: [
    "Medicare PFS Relative Value File (PPRRVU), status indicator, the release in force on the date of service",
    "CMS Claims Processing Manual, Pub. 100-04, ch. 12 §30",
    "HCPCS Level II file: add, effective and termination dates",
  ],
  carc: "181",
  fix: "replaces a code the payer does not accept with its valid equivalent (97014 → G0283 when the payer does not accept 97014)",
  docs: "docs/rules/code-status.md",
};

function rvuReference(edition: Edition | undefined): string {
  return edition
    ? `Medicare PFS Relative Value File ${edition.release} (${edition.source}), status indicator; Pub. 100-04 ch. 12 §30`
    : "Medicare PFS Relative Value File, status indicator";
}

/** Level II codes (a letter and four digits) are in the HCPCS file; CPT codes only in the RVU file. */
const levelTwo = /^[A-Z]\d{4}$/;

function replacementFor(line: ClaimLine, ctx: RuleContext): string | undefined {
  for (const r of payerReplacementCodes) {
    if (r.code === line.code && !ctx.profile[r.acceptedWhen]) return r.replacement;
  }
  return undefined;
}

/**
 * True when nothing about the code itself needs a second look on the date: an MPFS row
 * whose status is payable, and no HCPCS termination. Memoised per (date, code); most lines
 * stop here.
 */
function plainlyPayable(cache: ReferenceCache, code: string, date: string): boolean {
  return cache.derived("code-status", date, code, () => {
    const row = cache.rvu(code, date).value;
    if (row === undefined || mpfsStatuses[row.status]?.unpayable !== undefined) return false;
    const terminated = levelTwo.test(code) ? cache.hcpcs(code, date).value?.terminationDate : undefined;
    return !(terminated && terminated < date);
  });
}

function checkLine(line: ClaimLine, i: number, ctx: RuleContext, cache: ReferenceCache): Finding | undefined {
  const date = line.dateOfService;
  const replacement = replacementFor(line, ctx);
  if (replacement === undefined && plainlyPayable(cache, line.code, date)) return undefined;
  const rvu = cache.rvu(line.code, date);
  if (replacement !== undefined) {
    return finding(meta, {
      lines: [i],
      rarc: "N657",
      message: `${line.code} is not valid for ${ctx.profile.name}${rvu.value ? ` (MPFS status ${rvu.value.status})` : ""}; it uses ${replacement} for this service: replace ${line.code} with ${replacement}`,
      reference: `${rvuReference(rvu.edition)}; payer profile ${ctx.profile.id} (97014 not accepted)`,
      fix: fix(`replace ${line.code} with ${replacement} on line ${i}`, {
        op: "replace-code",
        line: i,
        code: replacement,
      }),
      location: linePath(i, "code"),
    });
  }
  const hcpcs = levelTwo.test(line.code) ? cache.hcpcs(line.code, date) : undefined;
  const terminated = hcpcs?.value?.terminationDate;
  if (terminated && terminated < date) {
    return finding(meta, {
      lines: [i],
      message: `${line.code} was terminated on ${terminated}, before the date of service ${date}; bill the code in force on that date`,
      reference: `HCPCS Level II ${hcpcs!.edition?.release ?? ""} (${hcpcs!.edition?.source ?? ""}), termination date`,
      location: linePath(i, "code"),
    });
  }
  const row = rvu.value;
  if (row === undefined) {
    // No RVU release for the year: nothing to judge by (reference-data says so). A Level II
    // code may be known to the HCPCS file without an MPFS row (supplies, other schedules).
    // The bundled pack holds only the therapy and chiropractic codes, so a code missing from
    // it is not evidence; an imported RVU file lists every MPFS code.
    if (rvu.edition === undefined || rvu.edition.origin === "pack" || hcpcs?.value !== undefined)
      return undefined;
    return finding(meta, {
      lines: [i],
      rarc: "M51",
      message: `${line.code} is not in the fee schedule ${rvu.edition!.release}${hcpcs ? " nor in the HCPCS file" : ""} for ${date}; check the code`,
      reference: rvuReference(rvu.edition),
      location: linePath(i, "code"),
    });
  }
  const meaning = mpfsStatuses[row.status];
  const status = meaning?.unpayable;
  if (meaning === undefined || status === undefined) return undefined;
  if (status.appliesTo === "medicare" && !mpfsStatusPayerTypes.has(ctx.profile.type)) return undefined;
  if (status.liabilityModifierAccepts && hasAnyModifier(line.modifiers, liabilityModifiers)) return undefined;
  return finding(meta, {
    lines: [i],
    carc: status.carc,
    rarc: status.rarc ?? null,
    message: `${line.code} has MPFS status ${row.status} (${meaning.meaning}) on ${date}; ${status.advice}`,
    reference: rvuReference(rvu.edition),
    location: linePath(i, "code"),
  });
}

/** Pub. 100-04 ch. 12 §30: the fee schedule status says whether a code is payable at all. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx.reference);
  const out: Finding[] = [];
  claim.lines.forEach((line, i) => {
    const f = checkLine(line, i, ctx, cache);
    if (f) out.push(f);
  });
  return out;
}

export const codeStatus: Rule = { meta, check };
