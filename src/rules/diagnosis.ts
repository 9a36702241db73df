import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import { normalizeIcd10 } from "../reference/reference.js";
import type { Edition } from "../reference/types.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { editionName, finding, fix, linePath } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "diagnosis",
  severity: "error",
  description:
    "A diagnosis that is missing, malformed, ICD-9 rather than ICD-10-CM, not billable (a category header such as M54.5) or not valid on the date of service; a pointer outside 1..n, a line without a pointer, more than 4 pointers on a line, more than 12 diagnoses.",
  references: [
    "ICD-10-CM code set, the fiscal-year edition in force on the date of service",
    "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.B.2 (level of detail: a code is invalid unless coded to its full length)",
    "ASC X12 837P 005010X222A1: HI (up to 12 diagnoses), SV107 (up to 4 pointers)",
  ],
  carc: "146",
  rarc: "M76",
  fix: "points a line without a pointer at the principal diagnosis, and drops pointers outside 1..n, duplicates, and any after the fourth",
  docs: "docs/rules/diagnosis.md",
};

const MAX_DIAGNOSES = 12;
const MAX_POINTERS = 4;
const igReference = "ASC X12 837P 005010X222A1, 2300 HI and 2400 SV107";

/** ICD-10-CM shape: letter, digit, alphanumeric, then up to four more, the dot (if any) after the third. */
const icd10Shape = /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;
/** ICD-9-CM shapes: 3 digits (724.2) or E-codes (E880.9); V-codes overlap ICD-10 and are judged by lookup. */
const icd9Shape = /^(\d{3}(\.\d{1,2})?|E\d{3}(\.\d)?)$/;

function icd10Reference(edition: Edition | undefined): string {
  const e = edition
    ? `${editionName("ICD-10-CM", edition.release)} (${edition.source}), in force from ${edition.effectiveFrom}`
    : "ICD-10-CM";
  return `${e}; ICD-10-CM Official Guidelines Section I.B.2`;
}

function withDot(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** Billable codes one character below a header, to suggest (only on the error path). */
function billableChildren(cache: ReferenceCache, code: string, date: IsoDate): string[] {
  const out: string[] = [];
  for (const c of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
    const child = cache.icd10(code + c, date).value;
    if (child?.billable) out.push(withDot(child.code));
  }
  return out;
}

function pointingLines(claim: Claim, pointer: number): number[] {
  const out: number[] = [];
  claim.lines.forEach((line, i) => {
    if (line.diagnosisPointers.includes(pointer)) out.push(i);
  });
  return out;
}

/** What is wrong with one code on one date: the words after "diagnosis N (code)". Undefined when it is fine. */
interface Verdict {
  problem: string;
  reference: string;
  rarc?: string;
}

/** The verdict depends on the code as written and the date only, so it is memoised per (date, code). */
function verdictOf(cache: ReferenceCache, written: string, date: IsoDate): Verdict | undefined {
  if (icd9Shape.test(written)) {
    return {
      problem:
        "looks like an ICD-9-CM code; claims for dates of service from 2015-10-01 use ICD-10-CM: code it again in ICD-10-CM",
      reference: "HIPAA code set rule, 45 CFR 162.1002 (ICD-10-CM from 2015-10-01)",
    };
  }
  if (!icd10Shape.test(written)) {
    return {
      problem:
        "is not an ICD-10-CM code: expected a letter, a digit, a character, then up to four more, such as M54.50",
      reference: "ICD-10-CM code structure (3 to 7 characters)",
    };
  }
  const code = normalizeIcd10(written);
  const lookup = cache.icd10(code, date);
  if (lookup.edition === undefined) return undefined;
  const row = lookup.value;
  if (row === undefined) {
    return {
      problem: `is not a valid ICD-10-CM code on ${date} (${lookup.edition.release}); correct it, or use the code in force on that date`,
      reference: icd10Reference(lookup.edition),
    };
  }
  if (row.billable) return undefined;
  const children = billableChildren(cache, code, date);
  const choose =
    children.length > 0
      ? `choose a billable code such as ${children.slice(0, 4).join(", ")}${children.length > 4 ? ", …" : ""}`
      : "choose a more specific code below it";
  return {
    problem: `is a category header in ${editionName("ICD-10-CM", lookup.edition.release)}, not a billable code; ${choose}`,
    reference: icd10Reference(lookup.edition),
    rarc: "M81",
  };
}

function checkCodes(claim: Claim, cache: ReferenceCache, out: Finding[]): void {
  const dates = serviceDates(claim);
  claim.diagnoses.forEach((raw, k) => {
    for (const { date } of dates) {
      const verdict = cache.derived("diagnosis", date, raw, () =>
        verdictOf(cache, raw.trim().toUpperCase(), date),
      );
      if (verdict === undefined) continue;
      out.push(
        finding(meta, {
          lines: pointingLines(claim, k + 1),
          message: `diagnosis ${k + 1} (${raw}) ${verdict.problem}`,
          reference: verdict.reference,
          ...(verdict.rarc ? { rarc: verdict.rarc } : {}),
          location: `$.diagnoses[${k}]`,
        }),
      );
      // One finding per diagnosis: the first date it fails on.
      return;
    }
  });
}

/** 1 to 4 pointers, each in 1..n, none repeated: checked without allocating. */
function pointersFine(pointers: readonly number[], n: number): boolean {
  if (pointers.length > MAX_POINTERS) return false;
  for (let k = 0; k < pointers.length; k++) {
    const p = pointers[k]!;
    if (p < 1 || p > n || pointers.indexOf(p) !== k) return false;
  }
  return true;
}

function checkPointers(claim: Claim, out: Finding[]): void {
  const n = claim.diagnoses.length;
  claim.lines.forEach((line, i) => {
    const pointers = line.diagnosisPointers;
    if (pointers.length > 0 && pointersFine(pointers, n)) return;
    const location = linePath(i, "diagnosisPointers");
    if (pointers.length === 0) {
      out.push(
        finding(meta, {
          lines: [i],
          carc: "16",
          message: `${line.code} has no diagnosis pointer; point it at the diagnosis it treats${n > 0 ? " (the principal diagnosis, 1, when no other applies)" : ""}`,
          reference: igReference,
          fix:
            n > 0
              ? fix(`point line ${i} at diagnosis 1`, { op: "set-pointers", line: i, pointers: [1] })
              : undefined,
          location,
        }),
      );
      return;
    }
    const valid = [...new Set(pointers.filter((p) => p >= 1 && p <= n))].slice(0, MAX_POINTERS);
    const outside = pointers.filter((p) => p < 1 || p > n);
    const problems: string[] = [];
    if (outside.length > 0) {
      problems.push(`pointer${outside.length > 1 ? "s" : ""} ${outside.join(", ")} outside 1..${n}`);
    }
    if (new Set(pointers).size < pointers.length) problems.push("a repeated pointer");
    if (pointers.length > MAX_POINTERS)
      problems.push(`${pointers.length} pointers (at most ${MAX_POINTERS})`);
    if (problems.length === 0) return;
    const kept = valid.length > 0 ? valid : n > 0 ? [1] : [];
    out.push(
      finding(meta, {
        lines: [i],
        carc: "16",
        message: `${line.code} has ${problems.join(" and ")}; ${kept.length > 0 ? `point it at ${kept.join(", ")}` : "add the diagnoses it treats"}`,
        reference: igReference,
        fix:
          kept.length > 0
            ? fix(`set the pointers of line ${i} to ${kept.join(", ")}`, {
                op: "set-pointers",
                line: i,
                pointers: kept,
              })
            : undefined,
        location,
      }),
    );
  });
}

/** ICD-10-CM Official Guidelines Section I.B.2 and the 837P HI and SV107 limits. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  if (claim.diagnoses.length === 0) {
    out.push(
      finding(meta, {
        lines: claim.lines.map((_, i) => i),
        carc: "16",
        message:
          "the claim has no diagnosis; add the ICD-10-CM codes the services treat, the principal diagnosis first",
        reference: igReference,
        location: "$.diagnoses",
      }),
    );
  }
  if (claim.diagnoses.length > MAX_DIAGNOSES) {
    out.push(
      finding(meta, {
        lines: [],
        carc: "16",
        message: `the claim lists ${claim.diagnoses.length} diagnoses; an 837P claim holds at most ${MAX_DIAGNOSES}: keep those the lines point to, or split the claim`,
        reference: igReference,
        location: "$.diagnoses",
      }),
    );
  }
  checkCodes(claim, referenceCache(ctx), out);
  checkPointers(claim, out);
  return out;
}

export const diagnosis: Rule = { meta, check };
