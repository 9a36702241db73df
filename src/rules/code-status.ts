import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { payerReplacementCodes } from "../reference/policy/codes.js";
import { liabilityModifiers } from "../reference/policy/modifiers.js";
import { mpfsStatuses, mpfsStatusPayerTypes } from "../reference/policy/mpfs-status.js";
import { packRanges } from "../reference/policy/therapy-codes.js";
import type { Edition, HcpcsRow, Lookup } from "../reference/types.js";
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

/**
 * The HCPCS code pattern: five characters, either five digits (CPT Category I, 97110), a
 * letter and four digits (Level II, G0283), or four digits and a letter (CPT Category II
 * and III, 0001F, 0042T). HCPCS Level II file layout; AMA CPT code structure.
 */
const hcpcsPattern = /^(\d{5}|[A-Z]\d{4}|\d{4}[A-Z])$/;

/** The bundled pack's range that holds a code, if any (reference/policy/therapy-codes.ts). */
function packRangeOf(code: string): readonly [string, string] | undefined {
  return packRanges.find(([from, through]) => code[0] === from[0] && code >= from && code <= through);
}

/** Every code of a pack range: ranges share one shape (five digits, or a letter and four digits). */
function codesOf([from, through]: readonly [string, string]): string[] {
  const prefix = /^\d/.test(from) ? "" : from[0]!;
  const width = 5 - prefix.length;
  const out: string[] = [];
  for (let n = Number(from.slice(prefix.length)); n <= Number(through.slice(prefix.length)); n++)
    out.push(`${prefix}${String(n).padStart(width, "0")}`);
  return out;
}

/**
 * True when the pack's RVU release in force on `date` holds the range: it lists at least one
 * code of it. The pack keeps every code of its ranges from a full file, but a release built
 * from an excerpt (the 2026 therapy rows) lacks whole ranges, such as the office E/M codes.
 */
function packHoldsRange(cache: ReferenceCache, range: readonly [string, string], date: string): boolean {
  return cache.derived("code-status:pack-range", date, range[0], () =>
    codesOf(range).some((code) => cache.rvu(code, date).value !== undefined),
  );
}

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
  if (!hcpcsPattern.test(line.code)) {
    return finding(meta, {
      lines: [i],
      rarc: "M51",
      message: `"${line.code}" is not a procedure code: expected five characters in the HCPCS pattern (five digits such as 97110, a letter and four digits such as G0283, or four digits and a letter such as 0001F); check the code`,
      reference:
        "HCPCS Level II file layout (a letter and four digits); AMA CPT code structure (Category I five digits, Category II and III four digits and F or T)",
      location: linePath(i, "code"),
    });
  }
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
  if (row === undefined) return unknownCode(line, i, rvu.edition, hcpcs, cache);
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

/**
 * A well-formed code with no RVU row. No RVU release for the year: nothing to judge by
 * (reference-data says so). A Level II code the HCPCS file lists is valid without an MPFS
 * row (supplies, other schedules). A full (imported) RVU file lists every MPFS code, and a
 * full HCPCS file every Level II code: absent from them, the code is unknown (an error).
 * The bundled pack holds only its ranges: inside a range it holds, absence is evidence too;
 * outside, the code cannot be checked, and a warning says what to import.
 */
function unknownCode(
  line: ClaimLine,
  i: number,
  rvuEdition: Edition | undefined,
  hcpcs: Lookup<HcpcsRow> | undefined,
  cache: ReferenceCache,
): Finding | undefined {
  if (rvuEdition === undefined || hcpcs?.value !== undefined) return undefined;
  const date = line.dateOfService;
  // Level II codes outside the MPFS (DME, drugs) are judged by the HCPCS file, not the RVU file.
  const fullFile = hcpcs
    ? hcpcs.edition !== undefined && hcpcs.edition.origin !== "pack"
    : rvuEdition.origin !== "pack";
  const range = fullFile ? undefined : packRangeOf(line.code);
  const held = range !== undefined && packHoldsRange(cache, range, date);
  if (fullFile || held) {
    const files = hcpcs ? ` nor in the HCPCS file${hcpcs.edition ? ` ${hcpcs.edition.release}` : ""}` : "";
    const pack = held ? ` (the bundled pack, which holds every code of ${range![0]}-${range![1]})` : "";
    return finding(meta, {
      lines: [i],
      rarc: "M51",
      message: `${line.code} is not in the fee schedule ${rvuEdition.release}${pack}${files} for ${date}; it is not a valid code on that date: check the code`,
      reference: rvuReference(rvuEdition),
      location: linePath(i, "code"),
    });
  }
  const what = hcpcs ? "HCPCS Level II file and PPRRVU file" : "PPRRVU file";
  return finding(meta, {
    lines: [i],
    severity: "warning",
    carc: null,
    message: `${line.code} is outside the codes of the bundled pack (${rvuEdition.release}, ${rvuEdition.scope ?? "pack codes"}), so it could not be checked: import the full ${what} for ${date.slice(0, 4)} (\`cleanclaim data import\`) to check it`,
    reference: rvuReference(rvuEdition),
    location: linePath(i, "code"),
  });
}

/** Pub. 100-04 ch. 12 §30: the fee schedule status says whether a code is payable at all. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  claim.lines.forEach((line, i) => {
    const f = checkLine(line, i, ctx, cache);
    if (f) out.push(f);
  });
  return out;
}

export const codeStatus: Rule = { meta, check };
