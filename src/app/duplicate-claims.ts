import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import type { HistoryClaim } from "../store/history.js";

/**
 * `duplicate-claim` (docs/service/records.md): a claim for the same patient, payer, date of
 * service and codes as a claim already stored. Payers deny an exact duplicate with CARC 18
 * ("Exact duplicate claim/service"). It is a warning from the service, not a rule of the
 * core: the core sees one claim at a time, and only the store knows the others. It is a
 * warning, not an error, because a second same-day session can be real (then bill it with
 * the documentation that shows it); a replacement of the stored claim should be a
 * corrected claim (frequency 7) instead. Voided claims (frequency 8) are not compared.
 */
export const duplicateClaimRule = "duplicate-claim";

const codesOf = (lines: ReadonlyArray<{ code?: unknown }>): string =>
  lines
    .map((l) => String(l.code ?? ""))
    .sort()
    .join(",");

export function duplicateClaimFindings(claim: Claim, stored: readonly HistoryClaim[]): Finding[] {
  if (claim.lines.length === 0) return [];
  const date = claim.lines[0]!.dateOfService;
  const codes = codesOf(claim.lines);
  const same = stored.filter((h) => {
    if (h.frequency === "8" || h.dateOfService !== date) return false;
    // CARC 18 is one payer's duplicate: the same visit billed to another payer is a secondary
    // claim (coordination of benefits) or a different liability (workers' comp), not a repeat.
    const payerId = (h.document.payer as { id?: unknown } | undefined)?.id;
    if (typeof payerId === "string" && payerId !== claim.payer.id) return false;
    const lines = Array.isArray(h.document.lines) ? (h.document.lines as Array<{ code?: unknown }>) : [];
    return codesOf(lines) === codes;
  });
  return same.map((h) => ({
    rule: duplicateClaimRule,
    severity: "warning" as const,
    lines: claim.lines.map((_, i) => i),
    message: `claim ${h.controlNumber} (stored as ${h.claimId}) already bills ${codes.replaceAll(",", ", ")} for this patient on ${date}; a payer denies an exact duplicate: send a corrected claim (frequency 7) for a change, or bill a second session only with documentation that it was separate`,
    carc: "18",
    reference:
      "cleanclaim service: stored claims of the practice (docs/service/records.md, duplicate-claim); CARC 18",
  }));
}
