import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import { fixText, lineNumber } from "../model/line-numbers.js";
import { formatCents } from "../model/money.js";
import { type PipelineOptions, scrubOne } from "../pipeline/pipeline.js";
import { claimStatusTexts } from "./codes.js";
import { correctedClaim, type EnvelopeSettings } from "./corrected.js";
import { explainCode } from "./explain.js";
import {
  billedAs,
  findSubmittedClaim,
  indexClaims,
  type LineMatch,
  matchLines,
  remitLineDate,
} from "./match.js";
import { unprocessableRemarks } from "./reason-map.js";
import { chooseRule, expectedFor, type LineFacts, type RuleChoice } from "./resolve.js";
import type {
  CodeExplanation,
  CorrectedClaim,
  ExplainedAdjustment,
  RemitAdjustment,
  RemitClaim,
  RemitFile,
  RemitServiceLine,
  Remittance,
  UnmatchedEntry,
  WorkItem,
  Worklist,
} from "./types.js";
import { findUnderpayments, type PaidLine, remitCents } from "./underpayment.js";

export interface WorklistOptions extends PipelineOptions {
  /** The 837P envelope for corrected claims (the submitter at least); without it no 837P is written. */
  envelope?: EnvelopeSettings;
  /** The clock for envelope dates and control numbers (tests pin it). */
  now?: Date;
}

/** Statuses whose payments we compare with our estimate: processed as primary (secondaries pay a share). */
const primaryStatuses: ReadonlySet<string> = new Set(["1", "19"]);
/** Statuses that are not adjudications to work: a reversal is matched by its re-adjudication. */
const notWorked: Readonly<Record<string, string>> = {
  "22": "a reversal of an earlier payment; the re-adjudicated claim that follows it is worked instead",
  "25": "a predetermination, not a payment",
};

/** Every code seen in the file, explained once, in order of appearance. */
class CodeBook {
  private readonly seen = new Map<string, CodeExplanation>();
  constructor(private readonly options: PipelineOptions) {}

  explain(kind: CodeExplanation["kind"], code: string, onDate: IsoDate | undefined): CodeExplanation {
    const key = `${kind}:${code}`;
    let out = this.seen.get(key);
    if (!out) {
      out = explainCode(kind, code, this.options.reference, onDate);
      this.seen.set(key, out);
    }
    return out;
  }

  list(): CodeExplanation[] {
    const order = { group: 0, carc: 1, rarc: 2 } as const;
    return [...this.seen.values()].sort((a, b) => order[a.kind] - order[b.kind]);
  }
}

interface Denial {
  adjustment: RemitAdjustment;
  explained: ExplainedAdjustment;
  choice: RuleChoice;
}

/** One remit claim being worked: what it matched, its items and its paid lines. */
interface ClaimWork {
  remittance: Remittance;
  remit: RemitClaim;
  claim: Claim | undefined;
  /** Whether submitted claims were given at all (an unmatched claim id is then worth saying). */
  claimsGiven: boolean;
  findings: Finding[];
  items: Array<{ item: WorkItem; choice: RuleChoice }>;
  paid: PaidLine[];
}

/**
 * Reads a remittance against the claims we sent and returns the denial worklist
 * (docs/remit.md): each denied or reduced line with its codes explained, the rule that
 * explains it, the scrubber's fix, and the corrected claim that carries it; the paid
 * lines that came in short of our estimate; and what matched nothing. Without the
 * submitted claims, every code is still explained and the likely rule named.
 */
export function buildWorklist(
  file: RemitFile,
  submitted: readonly Claim[] | undefined,
  options: WorklistOptions,
): Worklist {
  const book = new CodeBook(options);
  const index = submitted ? indexClaims(submitted) : undefined;
  const scrubbed = new Map<Claim, Finding[]>();
  const findingsOf = (claim: Claim): Finding[] => {
    let f = scrubbed.get(claim);
    if (!f) {
      f = scrubOne(claim, options);
      scrubbed.set(claim, f);
    }
    return f;
  };
  const now = options.now ?? new Date();
  const unmatched: UnmatchedEntry[] = [];
  const notes: string[] = [];
  const works: ClaimWork[] = [];

  const remittances: Worklist["remittances"] = file.remittances.map((remittance) => {
    const onDate = remittance.payment.date;
    const claims = remittance.claims.map((remit) => {
      const claim = index ? findSubmittedClaim(remit, index.byId, index.byNormalizedId) : undefined;
      if (index && !claim) {
        unmatched.push({
          kind: "remit-claim",
          claimId: remit.claimId,
          line: null,
          code: null,
          modifiers: [],
          dateOfService: remit.statementFrom ?? null,
          message: `no submitted claim has id ${remit.claimId} (CLP01); its codes are explained, but fixes need the claim as sent`,
        });
      }
      const skip = notWorked[remit.status];
      if (skip) {
        notes.push(`${remit.claimId} (CLP07 ${remit.payerClaimControlNumber ?? "none"}) is ${skip}`);
        explainAll(remit, book, onDate);
      } else {
        const findings = claim ? findingsOf(claim) : [];
        works.push(
          workClaim(remittance, remit, claim, index !== undefined, findings, book, options, unmatched),
        );
      }
      return {
        claimId: remit.claimId,
        payerClaimControlNumber: remit.payerClaimControlNumber ?? null,
        status: statusOf(remit),
        charge: formatCents(remitCents(remit.charge)),
        paid: formatCents(remitCents(remit.paid)),
        patientResponsibility: formatCents(remitCents(remit.patientResponsibility)),
        matched: claim !== undefined,
        lines: remit.lines.length,
      };
    });
    return {
      transaction: remittance.transaction ?? null,
      payer: { name: remittance.payer.name ?? null, id: remittance.payer.id ?? null },
      payee: { name: remittance.payee.name ?? null, npi: remittance.payee.npi ?? null },
      payment: {
        amount: formatCents(remitCents(remittance.payment.amount)),
        method: remittance.payment.method ?? null,
        date: remittance.payment.date ?? null,
        traceNumber: remittance.payment.traceNumber ?? null,
      },
      claims,
    };
  });

  const correctedClaims: CorrectedClaim[] = [];
  const underpayments: Worklist["underpayments"] = [];
  for (const work of works) {
    correctedClaims.push(...correct(work, options, now, notes));
    if (work.claim && primaryStatuses.has(work.remit.status)) {
      const found = findUnderpayments(work.claim, work.paid, options, {
        claimId: work.remit.claimId,
        payerClaimControlNumber: work.remit.payerClaimControlNumber ?? null,
      });
      for (const u of found.underpayments) underpayments.push(u);
      for (const n of found.unpriced) notes.push(n);
    }
  }
  if (!submitted) {
    notes.push(
      "without the submitted claims, each denial names its likely rule but no fix: run again with the submitted claims (the claims JSON, or the 837P you sent)",
    );
  }

  const items = works.flatMap((w) => w.items.map((i) => i.item));
  const atStake =
    items.reduce((s, i) => s + remitCents(i.amount), 0) +
    underpayments.reduce((s, u) => s + remitCents(u.shortBy), 0);
  return {
    remittances,
    items,
    underpayments,
    unmatched,
    correctedClaims,
    balancing: file.findings,
    codes: book.list(),
    notes,
    summary: {
      claims: remittances.reduce((s, r) => s + r.claims.length, 0),
      items: items.length,
      underpayments: underpayments.length,
      unmatched: unmatched.length,
      correctedClaims: correctedClaims.length,
      atStake: formatCents(atStake),
    },
  };
}

function statusOf(remit: RemitClaim): { code: string; meaning: string } {
  return {
    code: remit.status,
    meaning: claimStatusTexts[remit.status] ?? `claim status ${remit.status} is not one cleanclaim knows`,
  };
}

/** Records the codes of a claim that is not worked, so the file's every code is still explained. */
function explainAll(remit: RemitClaim, book: CodeBook, onDate: IsoDate | undefined): void {
  const adjustments = [...remit.adjustments, ...remit.lines.flatMap((l) => l.adjustments)];
  for (const a of adjustments) {
    book.explain("group", a.group, onDate);
    book.explain("carc", a.carc, onDate);
  }
  for (const r of [...remit.remarks, ...remit.lines.flatMap((l) => l.remarks)])
    book.explain("rarc", r, onDate);
}

function factsOf(
  claim: Claim | undefined,
  line: number | undefined,
  remitLine: RemitServiceLine | undefined,
): LineFacts {
  const submitted = claim && line !== undefined ? claim.lines[line] : undefined;
  const credential = claim?.renderingProvider.credential;
  if (submitted) {
    return {
      code: submitted.code,
      modifiers: submitted.modifiers,
      units: submitted.units,
      minutes: submitted.minutes,
      fromClaim: true,
      credential,
      date: submitted.dateOfService,
    };
  }
  const billed = remitLine ? billedAs(remitLine) : undefined;
  return {
    code: billed?.code,
    modifiers: billed?.modifiers ?? [],
    units: remitLine ? (remitLine.submittedUnits ?? remitLine.units) : undefined,
    minutes: undefined,
    fromClaim: false,
    credential,
    date: remitLine?.dateOfService,
  };
}

function workClaim(
  remittance: Remittance,
  remit: RemitClaim,
  claim: Claim | undefined,
  claimsGiven: boolean,
  findings: Finding[],
  book: CodeBook,
  options: PipelineOptions,
  unmatched: UnmatchedEntry[],
): ClaimWork {
  const onDate = remittance.payment.date;
  const work: ClaimWork = { remittance, remit, claim, claimsGiven, findings, items: [], paid: [] };
  const matching = claim ? matchLines(remit, claim) : undefined;
  const byRemitLine = new Map<number, LineMatch>((matching?.matches ?? []).map((m) => [m.remitLine, m]));
  if (claim && matching) reportUnmatched(remit, claim, matching, unmatched);

  const claimRemarks = remit.remarks;
  for (const r of claimRemarks) book.explain("rarc", r, onDate);

  const explainAdjustments = (adjustments: readonly RemitAdjustment[], facts: LineFacts) =>
    adjustments.map((a) => {
      const expected = expectedFor(a.group, a.carc, facts, options.reference);
      const explained: ExplainedAdjustment = {
        group: book.explain("group", a.group, onDate),
        carc: book.explain("carc", a.carc, onDate),
        amount: formatCents(remitCents(a.amount)),
        expected: expected !== undefined,
      };
      if (a.quantity !== undefined) explained.quantity = a.quantity;
      return { adjustment: a, explained, role: expected?.role };
    });

  remit.lines.forEach((remitLine, k) => {
    const match = byRemitLine.get(k);
    const facts = factsOf(claim, match?.line, remitLine);
    const remarks = unique([...remitLine.remarks, ...claimRemarks]);
    for (const r of remitLine.remarks) book.explain("rarc", r, onDate);
    const adjustments = explainAdjustments(remitLine.adjustments, facts);
    const denials: Denial[] = adjustments
      .filter((a) => !a.explained.expected && remitCents(a.adjustment.amount) !== 0)
      .map((a) => ({
        adjustment: a.adjustment,
        explained: a.explained,
        choice: chooseRule(
          a.adjustment.carc,
          remarks,
          facts,
          findings,
          options.reference,
          match?.line ?? null,
        ),
      }));
    const billed = billedAs(remitLine);
    const where = {
      line: match?.line ?? null,
      remitLine: k,
      code: facts.code ?? billed.code,
      modifiers: [...facts.modifiers],
      dateOfService: remitLineDate(remit, remitLine) ?? null,
      match: match?.kind ?? null,
    };
    for (const item of itemsFor(remit, claim, where, denials, remarks, book, onDate)) work.items.push(item);
    if (denials.length === 0 && match && remitCents(remitLine.paid) > 0) {
      work.paid.push({
        line: match.line,
        remitLine: k,
        remit: remitLine,
        expected: adjustments.flatMap((a) =>
          a.role === undefined
            ? []
            : [
                {
                  role: a.role,
                  group: a.adjustment.group,
                  carc: a.adjustment.carc,
                  cents: remitCents(a.adjustment.amount),
                },
              ],
        ),
      });
    }
  });

  // Claim-level adjustments concern the whole claim: no line facts.
  const claimFacts = factsOf(claim, undefined, undefined);
  const claimAdjustments = explainAdjustments(remit.adjustments, claimFacts);
  const claimDenials: Denial[] = claimAdjustments
    .filter((a) => !a.explained.expected && remitCents(a.adjustment.amount) !== 0)
    .map((a) => ({
      adjustment: a.adjustment,
      explained: a.explained,
      choice: chooseRule(a.adjustment.carc, claimRemarks, claimFacts, findings, options.reference, null),
    }));
  const claimWhere = {
    line: null,
    remitLine: null,
    code: null,
    modifiers: [],
    dateOfService: remit.statementFrom ?? null,
    match: null,
  };
  work.items.push(...itemsFor(remit, claim, claimWhere, claimDenials, claimRemarks, book, onDate));
  if (remit.status === "4" && work.items.length === 0) {
    const item = baseItem(remit, claimWhere, [], claimRemarks, book, onDate);
    item.nextStep =
      "the payer denied the claim (CLP02 = 4) without a reason code: call the payer or check its portal for the reason";
    work.items.push({
      item,
      choice: { mapping: undefined, rule: null, basis: "no reason code", finding: undefined },
    });
  }
  decideActions(work);
  return work;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function reportUnmatched(
  remit: RemitClaim,
  claim: Claim,
  matching: ReturnType<typeof matchLines>,
  unmatched: UnmatchedEntry[],
): void {
  for (const k of matching.unmatchedRemitLines) {
    const line = remit.lines[k]!;
    const billed = billedAs(line);
    unmatched.push({
      kind: "remit-line",
      claimId: remit.claimId,
      line: k,
      code: billed.code,
      modifiers: billed.modifiers,
      dateOfService: remitLineDate(remit, line) ?? null,
      message: `the payer reports ${billed.code}${billed.modifiers.length ? `:${billed.modifiers.join(":")}` : ""} (SVC ${k + 1}), which matches no line of claim ${claim.id} by code`,
    });
  }
  if (remit.lines.length === 0) return;
  for (const i of matching.unmatchedLines) {
    const line = claim.lines[i]!;
    unmatched.push({
      kind: "submitted-line",
      claimId: claim.id,
      line: i,
      code: line.code,
      modifiers: [...line.modifiers],
      dateOfService: line.dateOfService,
      message: `line ${lineNumber(i)} (${line.code} on ${line.dateOfService}) got no service line in the remittance: check whether the payer adjudicated it`,
    });
  }
}

interface ItemPlace {
  line: number | null;
  remitLine: number | null;
  code: string | null;
  modifiers: string[];
  dateOfService: IsoDate | null;
  match: WorkItem["match"];
}

function baseItem(
  remit: RemitClaim,
  where: ItemPlace,
  adjustments: ExplainedAdjustment[],
  remarks: readonly string[],
  book: CodeBook,
  onDate: IsoDate | undefined,
): WorkItem {
  return {
    claimId: remit.claimId,
    payerClaimControlNumber: remit.payerClaimControlNumber ?? null,
    claimStatus: statusOf(remit),
    ...where,
    adjustments,
    remarks: remarks.map((r) => book.explain("rarc", r, onDate)),
    amount: formatCents(adjustments.reduce((s, a) => s + remitCents(a.amount), 0)),
    rule: null,
    ruleBasis: "",
    finding: null,
    fix: null,
    action: "no-rule",
    nextStep: "",
    correctedClaim: null,
  };
}

/** One item per rule on a line: two CARCs that the same rule explains are one piece of work. */
function itemsFor(
  remit: RemitClaim,
  claim: Claim | undefined,
  where: ItemPlace,
  denials: readonly Denial[],
  remarks: readonly string[],
  book: CodeBook,
  onDate: IsoDate | undefined,
): Array<{ item: WorkItem; choice: RuleChoice }> {
  const groups = new Map<string, Denial[]>();
  for (const d of denials) {
    const key = d.choice.rule ?? `no-rule:${d.adjustment.carc}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.values()].map((group) => {
    const choice = group[0]!.choice;
    const item = baseItem(
      remit,
      where,
      group.map((d) => d.explained),
      remarks,
      book,
      onDate,
    );
    item.rule = choice.rule;
    item.ruleBasis =
      claim || choice.rule === null
        ? choice.basis
        : `${choice.basis} (likely: the submitted claim was not given)`;
    item.finding = choice.finding ?? null;
    item.fix = choice.finding?.fix ?? null;
    return { item, choice };
  });
}

/** A reason the mapping marks as withdraw-the-claim, carried by every line (or the claim) with nothing paid. */
function wholeClaimVoid(work: ClaimWork, carc: string): boolean {
  if (remitCents(work.remit.paid) !== 0) return false;
  const hasIt = (adjustments: readonly RemitAdjustment[]) => adjustments.some((a) => a.carc === carc);
  if (hasIt(work.remit.adjustments)) return true;
  return work.remit.lines.length > 0 && work.remit.lines.every((l) => hasIt(l.adjustments));
}

function decideActions(work: ClaimWork): void {
  for (const { item, choice } of work.items) {
    if (item.nextStep) continue;
    const carcs = item.adjustments.map((a) => a.carc);
    const carcAdvice = carcs.map((c) => c.forBiller).find((t) => t !== undefined);
    const name = item.code
      ? `${item.code}${item.line === null ? "" : ` (line ${lineNumber(item.line)})`}`
      : "the claim";
    if (!work.claim) {
      const missing = work.claimsGiven
        ? `no claim given has id ${work.remit.claimId} (CLP01), and the fix needs the claim as sent`
        : "the fix needs the submitted claim (give the claims as sent)";
      item.action = choice.rule ? "needs-claims" : "no-rule";
      item.nextStep = choice.rule
        ? `likely ${choice.rule}: ${carcAdvice ?? "see the reason code"}; ${missing}`
        : (choice.mapping?.noRule ?? carcAdvice ?? unknownAdvice(carcs));
      continue;
    }
    if (choice.rule === null) {
      item.action = "no-rule";
      item.nextStep = choice.mapping?.noRule ?? carcAdvice ?? unknownAdvice(carcs);
      continue;
    }
    if (choice.mapping?.voidWhenWholeClaim && carcs.some((c) => wholeClaimVoid(work, c.code))) {
      item.action = "void";
      item.nextStep = `the payer already has this claim (${carcs.map((c) => c.code).join(", ")}): withdraw this duplicate with a void (frequency 8, REF*F8 = CLP07) and do not resubmit; if the payer does not take voids of denied claims, just close it`;
      continue;
    }
    const finding = choice.finding;
    if (finding?.fix) {
      item.action = "correct";
      item.nextStep = `${fixText(finding.fix, work.claim?.lines)}, then send the corrected claim`;
    } else if (finding) {
      item.action = "document";
      item.nextStep = `${finding.message}. No automatic fix: the documentation must support the change first; otherwise accept the adjustment`;
    } else {
      item.action = "review";
      item.nextStep = `cleanclaim finds no ${choice.rule} problem on ${name} as submitted: compare the payer's edit with the claim and its documentation, then appeal or accept the adjustment`;
    }
  }
}

function unknownAdvice(carcs: readonly CodeExplanation[]): string {
  return `cleanclaim has no advice for ${carcs.map((c) => `CARC ${c.code}`).join(", ")}: read the payer's notes and the official code list`;
}

/** The corrected claims of one remit claim: a void, or one replacement (or new claim) carrying every fix. */
function correct(work: ClaimWork, options: WorklistOptions, now: Date, notes: string[]): CorrectedClaim[] {
  const claim = work.claim;
  if (!claim) return [];
  const payer = { name: work.remittance.payer.name, id: work.remittance.payer.id };
  const pccn = work.remit.payerClaimControlNumber ?? null;
  const voids = work.items.filter((i) => i.item.action === "void");
  const fixes = work.items.filter((i) => i.item.action === "correct");
  const link = (items: typeof work.items, result: CorrectedClaim | string): CorrectedClaim[] => {
    if (typeof result === "string") {
      notes.push(`${claim.id}: ${result}`);
      return [];
    }
    for (const i of items) i.item.correctedClaim = result.reference;
    return [result];
  };
  if (voids.length > 0) {
    const why = `withdraws claim ${claim.id}: ${voids.map((v) => describe(v.item)).join("; ")}`;
    return link(
      voids,
      correctedClaim(
        { claim, payerClaimControlNumber: pccn, kind: "void", findings: [], why, payer },
        options,
        options.envelope,
        now,
      ),
    );
  }
  if (fixes.length === 0) return [];
  const unprocessable = work.items.some((i) => i.item.remarks.some((r) => unprocessableRemarks.has(r.code)));
  const findings = unique(fixes.map((i) => i.choice.finding!));
  const why = `${fixes.map((f) => `${describe(f.item)}: ${fixText(f.item.fix!, claim.lines)}`).join("; ")}${
    unprocessable
      ? "; a new claim (frequency 1), because the payer called the first one unprocessable (MA130) and so has nothing to replace"
      : ""
  }`;
  return link(
    fixes,
    correctedClaim(
      { claim, payerClaimControlNumber: pccn, kind: unprocessable ? "new" : "replace", findings, why, payer },
      options,
      options.envelope,
      now,
    ),
  );
}

function describe(item: WorkItem): string {
  const reasons = item.adjustments.map((a) => `${a.group.code}-${a.carc.code}`).join(", ");
  return `${item.line === null ? "claim" : `line ${lineNumber(item.line)} ${item.code}`} ${reasons}`;
}
