import type { Claim } from "../model/claim.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import { fixText, lineNumber } from "../model/line-numbers.js";
import { paint } from "./output.js";

/**
 * Text for a person. It renders the same Finding and Estimate objects the JSON output
 * carries (style.md: problems are data, text is rendered separately).
 */
const severityMark = (f: Finding, color: boolean): string => {
  const label = f.severity.padEnd(7);
  if (f.severity === "error") return paint.red(label, color);
  if (f.severity === "warning") return paint.yellow(label, color);
  return paint.dim(label, color);
};

function renderFinding(f: Finding, claim: Claim | undefined, color: boolean): string[] {
  const out = [`    ${severityMark(f, color)} ${paint.bold(f.rule, color)}  ${f.message}`];
  const detail = [
    f.carc ? `CARC ${f.carc}${f.rarc ? `/${f.rarc}` : ""}` : "",
    f.location ? `at ${f.location}` : "",
    f.reference,
  ].filter(Boolean);
  out.push(`            ${paint.dim(detail.join(" · "), color)}`);
  if (f.fix) out.push(`            ${paint.green(`fix: ${fixText(f.fix, claim?.lines)}`, color)}`);
  return out;
}

/** Findings grouped by line: claim-level first, then each line's own. */
export function renderFindings(
  findings: readonly Finding[],
  claim: Claim | undefined,
  color: boolean,
): string[] {
  if (findings.length === 0) return [`  ${paint.green("no findings", color)}`];
  const out: string[] = [];
  const claimLevel = findings.filter((f) => f.lines.length === 0);
  if (claimLevel.length) {
    out.push("  claim");
    for (const f of claimLevel) for (const line of renderFinding(f, claim, color)) out.push(line);
  }
  // A finding about several lines (an NCCI pair, duplicate lines) is shown once under all of them.
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.lines.length === 0) continue;
    const key = [...f.lines].sort((a, b) => a - b).join(",");
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const ordered = [...groups.entries()].sort(
    ([a], [b]) => Number(a.split(",")[0]) - Number(b.split(",")[0]) || a.length - b.length,
  );
  for (const [key, mine] of ordered) {
    const indexes = key.split(",").map(Number);
    const label = indexes
      .map((i) => `${lineNumber(i)}${claim?.lines[i] ? ` ${claim.lines[i].code}` : ""}`)
      .join(" + ");
    out.push(`  line${indexes.length > 1 ? "s" : ""} ${label}`);
    for (const f of mine) for (const line of renderFinding(f, claim, color)) out.push(line);
  }
  return out;
}

export function renderClaimLines(claim: Claim, color: boolean): string[] {
  return claim.lines.map((l, i) => {
    const mods = l.modifiers.join(" ");
    return `  ${paint.dim(`${lineNumber(i)}.`, color)} ${l.code} x${l.units}  ${mods.padEnd(12)} ${l.charge.padStart(9)}  dx ${l.diagnosisPointers.join(",")}  ${l.dateOfService}`;
  });
}

export function renderEstimate(e: Estimate, color: boolean): string[] {
  const where = e.locality ? `${e.locality.name} ${e.locality.mac}-${e.locality.locality}` : "national";
  const out = [
    `  estimate  ${e.schedule} ${e.edition}, ${where}, ${e.setting}, CF ${e.conversionFactor}`,
    ...e.lines.map(
      (l) =>
        `    line ${l.line} ${l.code} x${l.units} status ${l.status}: allowed ${l.allowed ?? "none"}${l.mpprReduction !== "0.00" ? ` (MPPR -${l.mpprReduction})` : ""}${l.assistantReduction !== "0.00" ? ` (CQ/CO -${l.assistantReduction})` : ""}`,
    ),
    e.allowed === null || e.payerPaid === null
      ? `    ${paint.red("no amounts", color)}: ${e.findings?.[0]?.message ?? "the claim could not be priced"}`
      : `    allowed ${paint.bold(e.allowed, color)}  deductible ${e.deductibleApplied}  coinsurance ${e.coinsurance}  sequestration ${e.sequestration}  payer pays ${paint.bold(e.payerPaid, color)}  patient owes ${e.patientResponsibility}${e.limitingCharge ? `  limiting charge ${e.limitingCharge}` : ""}`,
  ];
  for (const w of e.warnings ?? []) out.push(`    ${paint.yellow("note", color)} ${w}`);
  return out;
}

export function claimHeading(claim: Claim, color: boolean): string {
  const dates = [...new Set(claim.lines.map((l) => l.dateOfService))].join(", ") || "no billable line";
  return paint.bold(
    `${claim.id}  ${claim.payer.name ?? claim.payer.id} (${claim.payer.type})  ${dates}`,
    color,
  );
}

/** A claim as a person reads it: heading, lines, then the findings grouped by line. */
export function claimReport(
  claim: Claim,
  findings: readonly Finding[],
  color: boolean,
  suffix = "",
): string[] {
  return [
    `${claimHeading(claim, color)}${suffix}`,
    ...renderClaimLines(claim, color),
    ...renderFindings(findings, claim, color),
  ];
}
