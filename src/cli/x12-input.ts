import fs from "node:fs";
import path from "node:path";
import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { type PipelineOptions, scrubOne } from "../pipeline/pipeline.js";
import { writeFileAtomic } from "../reference/file-store.js";
import { fixClaim } from "../rules/index.js";
import { type ClaimEntry, parse837 } from "../x12/read837.js";
import { EXIT, type Format, setExitStatus } from "./output.js";
import { claimReport, renderFindings } from "./render.js";

/** Gives an engine finding the X12 position of the claim or line it is about. */
function positioned(f: Finding, entry: ClaimEntry): Finding {
  const line = f.lines[0] === undefined ? undefined : entry.position.lines[f.lines[0]];
  const at = line
    ? `2400/SV1 (segment ${line.segment}, ST ${entry.position.transaction})`
    : `2300/CLM (segment ${entry.position.segment}, ST ${entry.position.transaction})`;
  return { ...f, location: f.location ? `${at}; ${f.location}` : at };
}

/**
 * `cleanclaim scrub file.837`: reads the 837P (syntax, implementation guide, balancing
 * and code sets), then runs the engine's rules on each claim. One entry per claim;
 * findings outside any claim (envelopes) come first with `claimId: null`.
 */
export async function scrubX12File(
  file: string,
  options: PipelineOptions,
  format: Format,
  color: boolean,
  fixPath?: string,
): Promise<void> {
  // No reference data here: the engine's rules check the code sets (SNIP 4-5), once.
  const parsed = parse837(fs.readFileSync(file), { source: path.basename(file) });
  const inClaims = new Set(parsed.claims.flatMap((c) => c.findings));
  const fileLevel = parsed.findings.filter((f) => !inClaims.has(f));
  const entries: Array<{ claimId: string | null; findings: Finding[] }> = [];
  const text: string[] = [];
  const fixed: Claim[] = [];
  if (fileLevel.length) {
    entries.push({ claimId: null, findings: fileLevel });
    text.push(`${path.basename(file)} (interchange)`, ...renderFindings(fileLevel, undefined, color), "");
  }
  const claimOnly = { ...options, claimOnly: true };
  for (const entry of parsed.claims) {
    const findings = [
      ...entry.findings,
      ...scrubOne(entry.claim, claimOnly).map((f) => positioned(f, entry)),
      {
        rule: "x12",
        severity: "info" as const,
        lines: [],
        message:
          "an 837P carries no treatment minutes and no plan of care: timed units were judged only where minutes are known and plan-of-care dates were not checked; run `cleanclaim check` on the visit for the full review",
        reference: "ASC X12 837P 005010X222A1 (no element for minutes or plan-of-care dates)",
        location: `2300/CLM (segment ${entry.position.segment}, ST ${entry.position.transaction})`,
      },
    ];
    entries.push({ claimId: entry.claim.id, findings });
    fixed.push(fixClaim(entry.claim, findings, (c) => scrubOne(c, claimOnly)));
    text.push(...claimReport(entry.claim, findings, color, `  (CLM segment ${entry.position.segment})`), "");
  }
  if (fixPath) writeFileAtomic(fixPath, `${JSON.stringify(fixed, null, 2)}\n`);
  if (format === "json") process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else process.stdout.write(text.join("\n"));
  const anyError = entries.some((e) => e.findings.some((f) => f.severity === "error"));
  setExitStatus(anyError ? EXIT.findings : EXIT.clean);
}
