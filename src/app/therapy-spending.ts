import type { Discipline } from "../model/common.js";
import { type Cents, formatCents, isMoney, parseCents } from "../model/money.js";
import { disciplineByTherapyModifier } from "../reference/policy/modifiers.js";
import type { HistoryClaim } from "../store/history.js";

/**
 * A patient's Medicare therapy spending for a calendar year, from stored history (issue 9,
 * "the KX year-to-date amounts (PT/SLP combined, OT) are computed from stored claims and
 * remits"; SSA §1833(g): PT and SLP share one threshold, OT has its own).
 *
 * Per stored Original Medicare claim (payer type "medicare"; a void, frequency 8, counts
 * nothing):
 * - when remittances were posted to it (not reversed, not a CLP02=22 reversal), each remit
 *   line counts its allowed amount (AMT*B6), or, without one, paid plus the patient's share
 *   (CAS group PR), which is what the payer allowed;
 * - else each line of the current version's estimate counts its allowed amount.
 * A line's discipline comes from its therapy modifier (GP PT, GN SLP, GO OT); a remit line
 * without one takes it from the claim line with the same code.
 */
export interface SpendingCents {
  ptSlp: Cents;
  ot: Cents;
  /** Claims that counted, by where their amounts came from. */
  fromEstimate: number;
  fromRemit: number;
}

type Group = "ptSlp" | "ot";

function groupOf(modifiers: unknown): Group | undefined {
  if (!Array.isArray(modifiers)) return undefined;
  for (const m of modifiers) {
    const d: Discipline | undefined = disciplineByTherapyModifier.get(String(m));
    if (d) return d === "OT" ? "ot" : "ptSlp";
  }
  return undefined;
}

function cents(text: unknown): Cents {
  return typeof text === "string" && isMoney(text) ? parseCents(text) : 0;
}

interface RemitLineLike {
  code?: string;
  modifiers?: string[];
  allowed?: string;
  paid?: string;
  adjustments?: Array<{ group?: string; amount?: string }>;
}

function remitLineAllowed(line: RemitLineLike): Cents {
  if (line.allowed !== undefined && line.allowed !== "") return cents(line.allowed);
  const patientShare = (line.adjustments ?? [])
    .filter((a) => a.group === "PR")
    .reduce((sum, a) => sum + cents(a.amount), 0);
  return cents(line.paid) + patientShare;
}

export function spendingOf(claims: readonly HistoryClaim[]): SpendingCents {
  const out: SpendingCents = { ptSlp: 0, ot: 0, fromEstimate: 0, fromRemit: 0 };
  for (const claim of claims) {
    if (claim.payerType !== "medicare" || claim.frequency === "8") continue;
    const docLines = (Array.isArray(claim.document.lines) ? claim.document.lines : []) as Array<{
      code?: string;
      modifiers?: string[];
    }>;
    const remits = claim.remits.filter((r) => !r.reversed && r.statusCode !== "22");
    if (remits.length > 0) {
      out.fromRemit++;
      for (const remit of remits)
        for (const line of remit.lines as RemitLineLike[]) {
          const group =
            groupOf(line.modifiers) ?? groupOf(docLines.find((l) => l.code === line.code)?.modifiers);
          if (group) out[group] += remitLineAllowed(line);
        }
      continue;
    }
    const lines = (claim.estimate?.lines ?? []) as Array<{ line?: number; allowed?: string | null }>;
    if (lines.length === 0) continue;
    out.fromEstimate++;
    for (const line of lines) {
      const group = groupOf(docLines[(line.line ?? 0) - 1]?.modifiers);
      if (group) out[group] += cents(line.allowed);
    }
  }
  return out;
}

/** What `therapySpending` answers: amounts as money strings, with the year's threshold. */
export interface TherapySpending {
  patientId: string;
  year: number;
  ptSlp: string;
  ot: string;
  /** PT/SLP plus OT, shown beside them (issue 9). */
  sum: string;
  /** The year's KX threshold (one amount, applied to each group), or null when the policy figures lack the year. */
  threshold: string | null;
  ptSlpPastThreshold: boolean;
  otPastThreshold: boolean;
  claimsFromEstimate: number;
  claimsFromRemit: number;
}

export function spendingReport(
  patientId: string,
  year: number,
  s: SpendingCents,
  threshold: Cents | undefined,
): TherapySpending {
  return {
    patientId,
    year,
    ptSlp: formatCents(s.ptSlp),
    ot: formatCents(s.ot),
    sum: formatCents(s.ptSlp + s.ot),
    threshold: threshold === undefined ? null : formatCents(threshold),
    ptSlpPastThreshold: threshold !== undefined && s.ptSlp > threshold,
    otPastThreshold: threshold !== undefined && s.ot > threshold,
    claimsFromEstimate: s.fromEstimate,
    claimsFromRemit: s.fromRemit,
  };
}
