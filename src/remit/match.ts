import type { Claim, ClaimLine } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import { isMoney, parseCents } from "../model/money.js";
import type { LineMatchKind, RemitClaim, RemitServiceLine } from "./types.js";

/** A remit SVC line paired with the submitted line it reports on. */
export interface LineMatch {
  remitLine: number;
  line: number;
  kind: LineMatchKind;
}

export interface ClaimLineMatches {
  matches: LineMatch[];
  /** SVC lines that match no submitted line. */
  unmatchedRemitLines: number[];
  /** Submitted lines the payer reported no SVC line for. */
  unmatchedLines: number[];
}

/** What the payer says was billed: SVC06 when it changed the code, else SVC01. */
export function billedAs(line: RemitServiceLine): { code: string; modifiers: string[] } {
  return line.submitted ?? { code: line.code, modifiers: line.modifiers };
}

/** The line's service date, else the claim's single statement date. */
export function remitLineDate(claim: RemitClaim, line: RemitServiceLine): IsoDate | undefined {
  if (line.dateOfService) return line.dateOfService;
  if (claim.statementFrom && (!claim.statementThrough || claim.statementThrough === claim.statementFrom)) {
    return claim.statementFrom;
  }
  return undefined;
}

const sameAmount = (a: string, b: string): boolean =>
  isMoney(a) && isMoney(b) && parseCents(a) === parseCents(b);

const normalizeId = (id: string): string => id.trim().toUpperCase();

/** CLP01 is our CLM01: exact first, then ignoring case and padding (some payers upper-case it). */
export function findSubmittedClaim(
  remit: RemitClaim,
  byId: ReadonlyMap<string, Claim>,
  byNormalizedId: ReadonlyMap<string, Claim>,
): Claim | undefined {
  return byId.get(remit.claimId) ?? byNormalizedId.get(normalizeId(remit.claimId));
}

export function indexClaims(claims: readonly Claim[]): {
  byId: Map<string, Claim>;
  byNormalizedId: Map<string, Claim>;
} {
  const byId = new Map<string, Claim>();
  const byNormalizedId = new Map<string, Claim>();
  for (const c of claims) {
    if (!byId.has(c.id)) byId.set(c.id, c);
    const key = normalizeId(c.id);
    if (!byNormalizedId.has(key)) byNormalizedId.set(key, c);
  }
  return { byId, byNormalizedId };
}

type Pass = (
  remit: { code: string; modifiers: string[]; date: IsoDate | undefined },
  line: ClaimLine,
) => boolean;

const sameDate = (date: IsoDate | undefined, line: ClaimLine): boolean =>
  date === undefined || date === line.dateOfService;
const sameOrder = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((m, i) => m === b[i]);
const within = (inner: readonly string[], outer: readonly string[]): boolean =>
  inner.every((m) => outer.includes(m));

/**
 * The ways a remit line can match a submitted line, strictest first. Payers drop
 * modifiers they do not price on (GP, CQ), reorder them, or add their own.
 */
const passes: ReadonlyArray<readonly [LineMatchKind, Pass]> = [
  ["exact", (r, l) => r.code === l.code && sameDate(r.date, l) && sameOrder(r.modifiers, l.modifiers)],
  [
    "modifiers-reordered",
    (r, l) =>
      r.code === l.code &&
      sameDate(r.date, l) &&
      r.modifiers.length === l.modifiers.length &&
      within(r.modifiers, l.modifiers),
  ],
  [
    "modifiers-dropped",
    (r, l) => r.code === l.code && sameDate(r.date, l) && within(r.modifiers, l.modifiers),
  ],
  ["modifiers-added", (r, l) => r.code === l.code && sameDate(r.date, l) && within(l.modifiers, r.modifiers)],
  ["code-and-date", (r, l) => r.code === l.code && sameDate(r.date, l)],
  ["code-only", (r, l) => r.code === l.code],
];

interface Candidate {
  remitLine: number;
  line: number;
  kind: LineMatchKind;
  /** Smaller is better, compared in order. */
  key: number[];
}

/**
 * Pairs each SVC line of a remit claim with a submitted line by code, date of service,
 * charge and modifiers, tolerating modifiers dropped, reordered or added by the payer.
 * The best pairs are taken first over the whole claim, so a loose match early in the
 * file never takes the line an exact one needs. SVC02 echoes the charge we sent, so an
 * equal charge outweighs a modifier the payer dropped; a different date outweighs both.
 */
export function matchLines(remit: RemitClaim, claim: Claim): ClaimLineMatches {
  const candidates: Candidate[] = [];
  remit.lines.forEach((source, remitLine) => {
    const r = { ...billedAs(source), date: remitLineDate(remit, source) };
    const units = source.submittedUnits ?? source.units;
    claim.lines.forEach((line, i) => {
      const rank = passes.findIndex(([, pass]) => pass(r, line));
      if (rank < 0) return;
      const kind = passes[rank]![0];
      const key = [
        kind === "code-only" ? 1 : 0,
        sameAmount(line.charge, source.charge) ? 0 : 1,
        rank,
        line.units === units ? 0 : 1,
        remitLine,
        i,
      ];
      candidates.push({ remitLine, line: i, kind, key });
    });
  });
  candidates.sort((a, b) => compareKeys(a.key, b.key));
  const taken = new Set<number>();
  const found = new Map<number, LineMatch>();
  for (const c of candidates) {
    if (found.has(c.remitLine) || taken.has(c.line)) continue;
    taken.add(c.line);
    found.set(c.remitLine, { remitLine: c.remitLine, line: c.line, kind: c.kind });
  }
  const matches = [...found.values()].sort((a, b) => a.remitLine - b.remitLine);
  return {
    matches,
    unmatchedRemitLines: remit.lines.map((_, i) => i).filter((i) => !found.has(i)),
    unmatchedLines: claim.lines.map((_, i) => i).filter((i) => !taken.has(i)),
  };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) {
    const d = a[k]! - b[k]!;
    if (d !== 0) return d;
  }
  return 0;
}
