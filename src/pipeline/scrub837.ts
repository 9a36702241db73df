import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { fixClaim } from "../rules/index.js";
import { type ClaimEntry, type ClaimPosition, parse837 } from "../x12/read837.js";
import type { X12Input } from "../x12/tokenizer.js";
import { type PipelineOptions, scrubOne } from "./pipeline.js";

/** One entry of `scrub`'s output (contract §3): the claim's id (null for file-level findings) and its findings. */
export interface ScrubEntry {
  claimId: string | null;
  findings: Finding[];
}

/** One claim of an 837P, scrubbed: where it was in the file, and what the scrub found. */
export interface ScrubbedX12Claim {
  claim: Claim;
  position: ClaimPosition;
  findings: Finding[];
}

export interface Scrub837Result {
  /** The JSON output: file-level findings first (claimId null, when there are any), then one entry per claim. */
  entries: ScrubEntry[];
  /** Findings outside any claim (envelopes, file syntax). */
  fileFindings: Finding[];
  claims: ScrubbedX12Claim[];
  /** Each claim with every safe fix applied (what `--fix` writes). */
  fixed: Claim[];
}

/** Gives an engine finding the X12 position of the claim or line it is about. */
function positioned(f: Finding, entry: ClaimEntry): Finding {
  const line = f.lines[0] === undefined ? undefined : entry.position.lines[f.lines[0]];
  const at = line
    ? `2400/SV1 (segment ${line.segment}, ST ${entry.position.transaction})`
    : `2300/CLM (segment ${entry.position.segment}, ST ${entry.position.transaction})`;
  return { ...f, location: f.location ? `${at}; ${f.location}` : at };
}

/**
 * Scrubs an 837P file (005010X222A1): reads it (syntax, implementation guide, balancing),
 * then runs the engine's rules on each claim, which also check the code sets (SNIP
 * types 4-5) once. An 837P has no minutes and no plan of care, so each claim is judged
 * on what it carries (`claimOnly`), and an info finding says what could not be checked.
 * `source` names the file in positions; nothing is read from disk.
 */
export function scrub837(bytes: X12Input, source: string, options: PipelineOptions): Scrub837Result {
  // No reference data for the reader: the engine's rules check the code sets, once.
  const parsed = parse837(bytes, { source });
  const inClaims = new Set(parsed.claims.flatMap((c) => c.findings));
  const fileFindings = parsed.findings.filter((f) => !inClaims.has(f));
  const entries: ScrubEntry[] = fileFindings.length ? [{ claimId: null, findings: fileFindings }] : [];
  const claims: ScrubbedX12Claim[] = [];
  const fixed: Claim[] = [];
  const claimOnly = { ...options, claimOnly: true };
  for (const entry of parsed.claims) {
    const at = `2300/CLM (segment ${entry.position.segment}, ST ${entry.position.transaction})`;
    // No spreads: a claim can carry hundreds of thousands of findings (a spread overflows the stack).
    const findings: Finding[] = entry.findings.slice();
    for (const f of scrubOne(entry.claim, claimOnly)) findings.push(positioned(f, entry));
    findings.push({
      rule: "x12",
      severity: "info",
      lines: [],
      message:
        "an 837P carries no treatment minutes and no plan of care: timed units were judged only where minutes are known and plan-of-care dates were not checked; run `cleanclaim check` on the visit for the full review",
      reference: "ASC X12 837P 005010X222A1 (no element for minutes or plan-of-care dates)",
      location: at,
    });
    entries.push({ claimId: entry.claim.id, findings });
    claims.push({ claim: entry.claim, position: entry.position, findings });
    fixed.push(fixClaim(entry.claim, findings, (c) => scrubOne(c, claimOnly)));
  }
  return { entries, fileFindings, claims, fixed };
}
