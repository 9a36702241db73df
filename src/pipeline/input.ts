import { type Claim, claimSchema } from "../model/claim.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import { parseInput } from "../model/validate.js";
import { type Visit, visitSchema } from "../model/visit.js";
import { type CheckResult, checkOne, codeOne, type PipelineOptions, priceOne, scrubOne } from "./pipeline.js";

/**
 * Input documents as the pipeline takes them: already-parsed JSON values, validated at
 * the boundary. The CLI and the HTTP server call these, so both report unknown fields
 * and accept the same shapes.
 */

/**
 * Unknown input fields are dropped and reported as warnings naming their path
 * (contract conventions: this catches typos such as `minuts`).
 */
export function unknownFieldFindings(paths: readonly string[], source: string): Finding[] {
  return paths.map((path) => ({
    rule: "unknown-field",
    severity: "warning" as const,
    lines: [],
    message: `${path} is not a field cleanclaim knows; it was ignored (check its spelling)`,
    reference: "cleanclaim contract §1-§2: input is validated strictly",
    location: `${source} ${path}`,
  }));
}

/** A visit document, validated; unknown fields become warnings. Throws InputError (exit 2). */
export function parseVisitInput(value: unknown, source: string): { visit: Visit; warnings: Finding[] } {
  const parsed = parseInput(visitSchema, value, { source });
  return { visit: parsed.value, warnings: unknownFieldFindings(parsed.unknownFields, source) };
}

/**
 * True for the output of `check` or `code` (contract §3: `{ claim, findings }`, plus
 * `estimate` for check): an object holding a claim object and a findings array, and no
 * claim fields of its own.
 */
export function isCheckOutput(value: unknown): value is { claim: unknown; findings: unknown[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.claim === "object" &&
    v.claim !== null &&
    !Array.isArray(v.claim) &&
    Array.isArray(v.findings) &&
    !("lines" in v)
  );
}

/**
 * A claim document: a plain claim (contract §2), or the output of `check`/`code`, whose
 * `claim` is taken (so visits → check → scrub / price / x12 837 needs no reshaping).
 * Paths in messages point into the document as written (`$.claim.lines[0]`). The other
 * keys of a check output (`findings`, `estimate`) are results, not input, and are not
 * reported as unknown.
 */
export function parseClaimInput(value: unknown, source: string): { claim: Claim; warnings: Finding[] } {
  const wrapped = isCheckOutput(value);
  const parsed = parseInput(claimSchema, wrapped ? value.claim : value, {
    source,
    ...(wrapped ? { base: "$.claim" } : {}),
  });
  return { claim: parsed.value, warnings: unknownFieldFindings(parsed.unknownFields, source) };
}

/**
 * One input document through one job, as the CLI and the HTTP server run it: validated,
 * unknown fields reported first as warnings, then the job's own findings. Each throws
 * InputError (exit 2 / HTTP 400) when the document is unusable.
 */
export function checkDocument(value: unknown, source: string, options: PipelineOptions): CheckResult {
  const { visit, warnings } = parseVisitInput(value, source);
  const result = checkOne(visit, options);
  return { ...result, findings: [...warnings, ...result.findings] };
}

/** `code`: a visit document to its claim and documentation findings. */
export function codeDocument(
  value: unknown,
  source: string,
  options: PipelineOptions,
): { claim: Claim; findings: Finding[] } {
  const { visit, warnings } = parseVisitInput(value, source);
  const result = codeOne(visit, options);
  return { claim: result.claim, findings: [...warnings, ...result.findings] };
}

/** `scrub`: a claim document (or check/code output) to its findings. */
export function scrubDocument(
  value: unknown,
  source: string,
  options: PipelineOptions,
): { claim: Claim; findings: Finding[] } {
  const { claim, warnings } = parseClaimInput(value, source);
  return { claim, findings: [...warnings, ...scrubOne(claim, options)] };
}

/** `price`: a claim document (or check/code output) to its estimate. */
export function priceDocument(
  value: unknown,
  source: string,
  options: PipelineOptions,
): { claim: Claim; estimate: Estimate; warnings: Finding[] } {
  const { claim, warnings } = parseClaimInput(value, source);
  return { claim, estimate: priceOne(claim, options), warnings };
}
