import type { Finding, Fix, PatchOp, Severity } from "../model/finding.js";
import type { RuleMeta } from "./types.js";

export interface FindingParts {
  lines: number[];
  message: string;
  reference: string;
  /** Defaults to the rule's severity. */
  severity?: Severity;
  /** Defaults to the rule's CARC; null when this finding predicts none. */
  carc?: string | null;
  rarc?: string | null;
  fix?: Fix | undefined;
  location?: string;
}

/**
 * Builds a finding of `meta`'s rule. Optional fields are left out rather than set to
 * undefined, so the JSON output carries only what is known.
 */
export function finding(meta: RuleMeta, parts: FindingParts): Finding {
  const out: Finding = {
    rule: meta.id,
    severity: parts.severity ?? meta.severity,
    lines: parts.lines,
    message: parts.message,
    reference: parts.reference,
  };
  const carc = parts.carc === undefined ? meta.carc : parts.carc;
  if (carc) out.carc = carc;
  const rarc = parts.rarc === undefined ? meta.rarc : parts.rarc;
  if (rarc) out.rarc = rarc;
  if (parts.fix) out.fix = parts.fix;
  if (parts.location) out.location = parts.location;
  return out;
}

export function fix(description: string, ...patch: PatchOp[]): Fix {
  return { description, patch };
}

/** The JSON path of a claim line, for `Finding.location`. */
export function linePath(line: number, field?: string): string {
  return field ? `$.lines[${line}].${field}` : `$.lines[${line}]`;
}

/** "ICD-10-CM FY2024 …" rather than "ICD-10-CM ICD-10-CM FY2024 …": the table name once. */
export function editionName(label: string, release: string): string {
  return release.toLowerCase().startsWith(label.toLowerCase()) ? release : `${label} ${release}`;
}
