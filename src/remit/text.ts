import type { Finding } from "../model/finding.js";
import { fixText, lineNumber } from "../model/line-numbers.js";
import type { CodeExplanation, WorkItem, Worklist } from "./types.js";

/** Optional emphasis for a terminal; plain text otherwise. */
export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

const plain: TextStyle = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s };

const codeLabel = (c: CodeExplanation): string =>
  c.kind === "group" ? c.code : `${c.kind === "carc" ? "CARC" : "RARC"} ${c.code}`;

function explanation(c: CodeExplanation): string {
  const status = c.status === "retired" || c.status === "not-listed" ? ` [${c.statusNote}]` : "";
  return `${c.meaning}${c.forBiller ? `; ${c.forBiller}` : ""}${status}`;
}

function itemHeading(item: WorkItem, style: TextStyle): string {
  const where =
    item.line === null
      ? item.remitLine === null
        ? "claim"
        : `SVC ${item.remitLine + 1}`
      : `line ${lineNumber(item.line)}`;
  const code = item.code ? ` ${item.code}${item.modifiers.length ? ` ${item.modifiers.join(" ")}` : ""}` : "";
  const date = item.dateOfService ? ` (${item.dateOfService})` : "";
  const reasons = item.adjustments.map((a) => `${a.group.code}-${a.carc.code}`).join(" ");
  return `${style.bold(`${item.claimId} ${where}${code}`)}${date}  ${style.red(`${reasons} ${item.amount}`)}  ${style.dim(item.action)}`;
}

function renderItem(item: WorkItem, style: TextStyle): string[] {
  const out = [itemHeading(item, style)];
  for (const a of item.adjustments) {
    out.push(
      `    ${a.group.code}-${a.carc.code} ${a.amount}: ${a.carc.meaning} (${a.group.code}: ${a.group.meaning})`,
    );
  }
  for (const r of item.remarks) out.push(`    ${codeLabel(r)}: ${r.meaning}`);
  if (item.match && item.match !== "exact")
    out.push(style.dim(`    matched the submitted line by ${item.match}`));
  out.push(`    rule: ${item.rule ?? "none"} (${item.ruleBasis})`);
  if (item.finding) out.push(`    finding: ${item.finding.message}`);
  if (item.fix) out.push(`    fix: ${fixText(item.fix)}`);
  if (item.correctedClaim) out.push(`    corrected claim: ${item.correctedClaim}`);
  out.push(`    next: ${item.nextStep}`);
  return out;
}

function renderFinding(f: Finding, style: TextStyle): string {
  const mark = f.severity === "error" ? style.red("error") : style.yellow(f.severity);
  return `  ${mark} ${f.message}${f.location ? style.dim(` (${f.location})`) : ""}`;
}

/** The worklist as text for a person: the same objects as the JSON, in reading order. */
export function renderWorklistText(worklist: Worklist, style: TextStyle = plain): string {
  const out: string[] = [];
  for (const r of worklist.remittances) {
    const payer = r.payer.name ?? r.payer.id ?? "unknown payer";
    const payee = r.payee.name ?? r.payee.npi ?? "unknown payee";
    out.push(
      style.bold(
        `Remittance${r.transaction ? ` ${r.transaction}` : ""} from ${payer} to ${payee}: ${r.payment.amount}${r.payment.method ? ` by ${r.payment.method}` : ""}${r.payment.date ? ` on ${r.payment.date}` : ""}${r.payment.traceNumber ? `, trace ${r.payment.traceNumber}` : ""}`,
      ),
    );
    for (const c of r.claims) {
      out.push(
        `  ${c.claimId}${c.payerClaimControlNumber ? ` (CLP07 ${c.payerClaimControlNumber})` : ""}: ${c.status.meaning}, charge ${c.charge}, paid ${c.paid}, patient ${c.patientResponsibility}${c.matched ? "" : style.dim(" (no submitted claim)")}`,
      );
    }
    out.push("");
  }
  const s = worklist.summary;
  out.push(
    style.bold(
      `Worklist: ${s.items} denied or reduced, ${s.underpayments} underpaid, ${s.unmatched} unmatched, ${s.correctedClaims} corrected claim${s.correctedClaims === 1 ? "" : "s"}; ${s.atStake} at stake`,
    ),
    "",
  );
  for (const item of worklist.items) out.push(...renderItem(item, style), "");
  if (worklist.underpayments.length) {
    out.push(style.bold("Underpaid lines"));
    for (const u of worklist.underpayments) {
      out.push(
        `  ${style.bold(`${u.claimId} line ${lineNumber(u.line)} ${u.code}`)}: paid ${u.paid}, expected ${u.expectedPaid}, ${style.red(`short ${u.shortBy}`)}`,
        ...u.arithmetic.map((a) => `    ${a}`),
      );
    }
    out.push("");
  }
  if (worklist.unmatched.length) {
    out.push(style.bold("Unmatched"));
    for (const u of worklist.unmatched) out.push(`  ${u.claimId}: ${u.message}`);
    out.push("");
  }
  if (worklist.correctedClaims.length) {
    out.push(style.bold("Corrected claims"));
    for (const c of worklist.correctedClaims) {
      out.push(
        `  ${c.reference}${c.payerClaimControlNumber ? ` (REF*F8 ${c.payerClaimControlNumber})` : ""}: ${c.why}`,
        `    837P: ${c.x12 ? "ready" : (c.x12Problem ?? "not written")}`,
        ...(c.files ? [`    files: ${[c.files.json, c.files.x12].filter(Boolean).join(", ")}`] : []),
        ...c.remainingFindings.map((f) => `    still: ${f.rule}: ${f.message}`),
      );
    }
    out.push("");
  }
  if (worklist.balancing.length) {
    out.push(style.bold("From the 835 reader (balancing and structure)"));
    for (const f of worklist.balancing) out.push(renderFinding(f, style));
    out.push("");
  }
  if (worklist.codes.length) {
    out.push(style.bold("Codes in this file"));
    for (const c of worklist.codes) {
      const rules = c.rules.length ? style.dim(` [${c.rules.join(", ")}]`) : "";
      out.push(`  ${codeLabel(c)}: ${explanation(c)}${rules}`);
    }
    out.push("");
  }
  for (const n of worklist.notes) out.push(style.dim(`note: ${n}`));
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}
