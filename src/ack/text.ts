import type { Finding } from "../model/finding.js";
import { lineNumber } from "../model/line-numbers.js";
import type { AckReason, AckReport, ClaimAck } from "./types.js";

/** Optional emphasis for a terminal; plain text otherwise (as the remit worklist's). */
export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

const plain: TextStyle = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s };

function heading(c: ClaimAck, style: TextStyle): string {
  const who = c.patientControlNumber ?? `transaction set ${c.transactionSet ?? "?"} (its claims)`;
  const status =
    c.status === "rejected" || c.status === "not-found"
      ? style.red(c.status)
      : c.status === "pended"
        ? style.yellow(c.status)
        : c.status;
  const ids = [
    c.payerClaimControlNumber ? `payer claim ${c.payerClaimControlNumber}` : "",
    c.clearinghouseTraceNumber ? `clearinghouse ${c.clearinghouseTraceNumber}` : "",
  ].filter(Boolean);
  const dates = [
    c.dates.status ? `status ${c.dates.status}` : "",
    c.dates.serviceFrom
      ? `service ${c.dates.serviceFrom}${c.dates.serviceThrough && c.dates.serviceThrough !== c.dates.serviceFrom ? ` to ${c.dates.serviceThrough}` : ""}`
      : "",
  ].filter(Boolean);
  return `${style.bold(`${who}: ${c.layer}`)} ${status}${ids.length ? `  ${ids.join(", ")}` : ""}${dates.length ? style.dim(`  (${dates.join(", ")})`) : ""}`;
}

function reasonLines(r: AckReason, style: TextStyle): string[] {
  const where = r.at ? ` at ${r.at.location}${r.at.name ? ` (${r.at.name})` : ""}` : "";
  const line = r.line !== undefined ? ` [line ${lineNumber(r.line)}]` : "";
  const out = [
    `    ${r.code}${line}: ${r.meaning}${where}${r.known ? "" : style.dim(" [not in cleanclaim's code list]")}`,
  ];
  if (r.message) out.push(`      payer says: ${r.message}`);
  if (r.rule || r.fix) out.push(`      rule: ${r.rule ?? "none"}${r.fix ? `; fix: ${r.fix}` : ""}`);
  return out;
}

function renderClaim(c: ClaimAck, style: TextStyle): string[] {
  const out = [heading(c, style)];
  for (const r of c.reasons) out.push(...reasonLines(r, style));
  if (c.claim) {
    const t = c.claim.timelyFiling;
    out.push(
      `    sent claim: ${c.claim.id}${c.claim.source ? ` (${c.claim.source})` : ""} to ${c.claim.payer}, ${c.claim.charge}`,
    );
    if (t) {
      const left =
        t.daysLeft < 0 ? style.red(`passed ${-t.daysLeft} day(s) ago`) : `${t.daysLeft} day(s) left`;
      out.push(
        `    filing deadline: ${t.deadline}, ${left} (first service ${t.firstDateOfService}; ${t.basis})`,
      );
    }
  }
  if (c.resubmit) out.push(`    next: ${c.resubmit.why}`);
  return out;
}

function renderFinding(f: Finding, style: TextStyle): string {
  const mark = f.severity === "error" ? style.red("error") : style.yellow(f.severity);
  return `  ${mark} ${f.message}`;
}

/** The acknowledgment report as text for a person: the same objects as the JSON. */
export function renderAckText(report: AckReport, style: TextStyle = plain): string {
  const out: string[] = [];
  for (const a of report.acknowledgments)
    out.push(style.bold(`${report.layer} ${a.transaction}: ${a.verdict}`));
  const s = report.summary;
  out.push(
    style.bold(
      `${s.claims} claim(s): ${s.accepted} accepted, ${s.rejected} rejected, ${s.pended} pended${s.finalized ? `, ${s.finalized} finalized` : ""}${s.notFound ? `, ${s.notFound} not found` : ""}`,
    ),
    "",
  );
  for (const c of report.claims) out.push(...renderClaim(c, style), "");
  if (report.notAcknowledged.length) {
    out.push(style.bold("Sent claims this file does not name"), `  ${report.notAcknowledged.join(", ")}`, "");
  }
  if (report.findings.length) {
    out.push(style.bold("From the reader (the acknowledgment file itself)"));
    for (const f of report.findings) out.push(renderFinding(f, style));
    out.push("");
  }
  for (const n of report.notes) out.push(style.dim(`note: ${n}`));
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
