import type { Claim } from "../model/claim.js";
import { daysBetween, type IsoDate } from "../model/dates.js";
import { formatCents, parseCents } from "../model/money.js";
import { claimState } from "../payers/claim-state.js";
import { namesStates, type PayerProfile, profileForPayer, profileMatching } from "../payers/profile.js";
import type { ReferenceData } from "../reference/types.js";
import { filingDeadline } from "../rules/timely-filing.js";
import type {
  Acknowledgment999,
  ClaimStatusReport,
  Parse277Result,
  Parse999Result,
  SegmentNote,
  StatusClaim,
  StatusCode,
  StatusInfo,
  TransactionSetAck,
} from "../x12/acknowledgment.js";
import { x12Location } from "../x12/findings.js";
import type { TransactionMap837 } from "../x12/positions837.js";
import {
  type AckStatus,
  ackCodeTexts,
  categoryTexts,
  elementErrorTexts,
  entityTexts,
  resubmission,
  segmentErrorTexts,
  statusCodeTexts,
  transactionErrorTexts,
} from "./codes.js";
import { elementRuleFor } from "./element-rules.js";
import type { AckReason, AckReport, AckSummary, ClaimAck, FilingTime, SentClaimTie } from "./types.js";

/** A claim as it was sent, with the file it came from. */
export interface SentClaim {
  claim: Claim;
  source?: string;
}

export interface SentClaims {
  claims: readonly SentClaim[];
  /**
   * The 837 sent, mapped segment by segment (x12/positions837.ts), by ST02: given when the
   * claims come from the 837 itself, so a 999's segment positions find their claim and line.
   */
  segmentMaps?: ReadonlyMap<string, TransactionMap837>;
}

export interface AckOptions {
  /** The day the filing time left is counted from. */
  asOf: IsoDate;
  /** The user's payer profiles: their timelyFilingDays decide the deadline. */
  profiles?: readonly PayerProfile[];
  /** The loaded claim status code list (`data import`), to say whether a code cleanclaim cannot explain exists. */
  reference?: Pick<ReferenceData, "claimStatusCode">;
}

export type AckDocument = ({ kind: "999" } & Parse999Result) | ({ kind: "277CA" | "277" } & Parse277Result);

const newClaim = { newClaim: true, frequency: "1", why: resubmission.newClaim } as const;

/** The filing deadline of a claim under its payer's profile (the timely-filing rule's arithmetic). */
function filingTime(claim: Claim, options: AckOptions): FilingTime | undefined {
  const first = claim.lines.map((l) => l.dateOfService).sort()[0];
  if (!first) return undefined;
  const profile =
    (options.profiles &&
      profileMatching(
        options.profiles,
        namesStates(options.profiles) ? { ...claim.payer, state: claimState(claim) } : claim.payer,
      )) ??
    profileForPayer(claim.payer);
  const days = profile.timelyFilingDays;
  const deadline = filingDeadline(first, days);
  const limit = days % 365 === 0 ? `${(days / 365) * 12} months` : `${days} days`;
  const basis =
    profile.type === "medicare" && days === 365
      ? "Medicare: 12 months after the date of service (42 CFR 424.44)"
      : profile.origin === "built-in"
        ? `${profile.type} default: ${limit} after the date of service (set timelyFilingDays in a payer profile)`
        : `payer profile ${profile.id}: ${limit} after the date of service`;
  return { firstDateOfService: first, deadline, daysLeft: daysBetween(options.asOf, deadline), basis };
}

function chargeOf(claim: Claim): string {
  return formatCents(claim.lines.reduce((sum, l) => sum + parseCents(l.charge), 0));
}

class Ties {
  private readonly byId = new Map<string, SentClaim>();
  readonly named = new Set<string>();

  constructor(
    readonly sent: SentClaims | undefined,
    private readonly options: AckOptions,
  ) {
    for (const c of sent?.claims ?? []) if (!this.byId.has(c.claim.id)) this.byId.set(c.claim.id, c);
  }

  get given(): boolean {
    return this.sent !== undefined;
  }

  tie(id: string | undefined, matchedBy: SentClaimTie["matchedBy"]): SentClaimTie | undefined {
    if (id === undefined) return undefined;
    const sent = this.byId.get(id);
    if (!sent) return undefined;
    this.named.add(id);
    const tie: SentClaimTie = {
      id,
      matchedBy,
      payer: sent.claim.payer.name ?? sent.claim.payer.id,
      charge: chargeOf(sent.claim),
    };
    if (sent.source !== undefined) tie.source = sent.source;
    const time = filingTime(sent.claim, this.options);
    if (time) tie.timelyFiling = time;
    return tie;
  }

  claim(id: string): Claim | undefined {
    return this.byId.get(id)?.claim;
  }

  notNamed(): string[] {
    return [...this.byId.keys()].filter((id) => !this.named.has(id));
  }
}

// ---- 999 -------------------------------------------------------------------------------

/** The reasons of one IK3 (and its IK4s), placed in the 837 when its map is given. */
function segmentReasons(note: SegmentNote, map: TransactionMap837 | undefined): AckReason[] {
  const place = map?.segments[note.segmentPosition - 1];
  const loop = place?.loop ?? note.loop;
  const mismatch = place && place.id !== note.segmentId;
  const segmentCode = `IK3 ${note.segmentId} ${note.segmentPosition}${note.code ? ` ${note.code}` : ""}`;
  const segmentMeaning = note.code
    ? (segmentErrorTexts[note.code] ?? `segment error code ${note.code}`)
    : undefined;
  const out: AckReason[] = [];
  const base = (
    element: number | undefined,
    component: number | undefined,
  ): Omit<AckReason, "code" | "meaning" | "known"> => {
    const rule = mismatch ? undefined : elementRuleFor(note.segmentId, loop, element, component);
    const elementName =
      element !== undefined && place && !mismatch
        ? component !== undefined
          ? place.components[element - 1]?.[component - 1]
          : place.elements[element - 1]
        : undefined;
    const name = [place && !mismatch ? place.name : undefined, elementName].filter(Boolean).join(": ");
    const reason: Omit<AckReason, "code" | "meaning" | "known"> = {
      at: {
        location: x12Location(loop ?? "?", note.segmentId, element, component),
        segmentPosition: note.segmentPosition,
        ...(name ? { name } : {}),
      },
      fix:
        rule?.fix ??
        (mismatch
          ? `the 837 given has ${place?.id} at position ${note.segmentPosition}, not ${note.segmentId}: this 999 is for another file (or another version of it); check the sent file`
          : `correct ${x12Location(loop ?? "?", note.segmentId, element, component)} as the error says; the 837P writer or the clearinghouse's edits set the value`),
    };
    if (rule?.rule) reason.rule = rule.rule;
    if (place?.line !== undefined && !mismatch) reason.line = place.line;
    return reason;
  };
  if (note.elements.length === 0) {
    out.push({
      ...base(undefined, undefined),
      code: segmentCode,
      meaning: `${segmentMeaning ?? "the segment is in error"}: ${note.segmentId} at position ${note.segmentPosition} of the transaction set`,
      known: note.code === undefined || segmentMeaning !== undefined,
    });
  }
  for (const e of note.elements) {
    const text = elementErrorTexts[e.code];
    const reason: AckReason = {
      ...base(e.element, e.component),
      code: `${segmentCode} / IK4 ${e.element}${e.component !== undefined ? `-${e.component}` : ""} ${e.code}`,
      meaning: `${text ?? `element error code ${e.code}`}${e.badValue !== undefined ? ` (${JSON.stringify(e.badValue)})` : ""}`,
      known: text !== undefined,
    };
    if (e.badValue !== undefined && reason.at) reason.at.badValue = e.badValue;
    out.push(reason);
  }
  return out;
}

function setStatus(set: TransactionSetAck): AckStatus {
  return set.verdict === "rejected" ? "rejected" : "accepted";
}

function from999(acks: readonly Acknowledgment999[], ties: Ties, notes: string[]): ClaimAck[] {
  const out: ClaimAck[] = [];
  const maps = ties.sent?.segmentMaps;
  if (ties.given && !maps && acks.some((a) => a.sets.some((s) => s.segments.length > 0))) {
    notes.push(
      "the claims were given as JSON: a 999 names segment positions of the 837, so give the 837 that was sent, rather than its claims as JSON, to tie each error to its claim and line",
    );
  }
  for (const ack of acks) {
    for (const set of ack.sets) {
      const status = setStatus(set);
      const map = maps?.get(set.control);
      if (maps && !map)
        notes.push(`the 999 acknowledges transaction set ${set.control}, which the 837 given does not hold`);
      const setReasons: AckReason[] = set.errors.map((code) => ({
        code: `IK5 ${code}`,
        meaning: transactionErrorTexts[code] ?? `transaction set error code ${code}`,
        known: transactionErrorTexts[code] !== undefined,
      }));
      const verdict: AckReason = {
        code: `IK5 ${set.code}`,
        meaning: `transaction set ${set.control}: ${ackCodeTexts[set.code] ?? `verdict code ${set.code}`}`,
        known: ackCodeTexts[set.code] !== undefined,
      };
      // Reasons by claim: the claims a segment belongs to (the 837's map), else CTX*CLM01.
      const byClaim = new Map<string, AckReason[]>();
      const setWide: AckReason[] = [];
      for (const note of set.segments) {
        const reasons = segmentReasons(note, map);
        const place = map?.segments[note.segmentPosition - 1];
        const ids =
          note.patientControlNumber !== undefined
            ? [note.patientControlNumber]
            : place && place.id === note.segmentId
              ? place.claims.map((k) => map?.claims[k] as string)
              : [];
        if (ids.length === 0) setWide.push(...reasons);
        for (const id of ids) byClaim.set(id, [...(byClaim.get(id) ?? []), ...reasons]);
      }
      const claimIds = map ? [...new Set([...map.claims, ...byClaim.keys()])] : [...byClaim.keys()];
      const entry = (id: string | undefined, reasons: AckReason[]): ClaimAck => {
        const claimAck: ClaimAck = {
          layer: "999",
          status,
          transactionSet: set.control,
          dates: {},
          reasons,
          position: set.position,
        };
        if (id !== undefined) claimAck.patientControlNumber = id;
        if (status === "rejected") claimAck.resubmit = { ...newClaim };
        const tie = ties.tie(id, map ? "segment-position" : "patient-control-number");
        if (tie) claimAck.claim = tie;
        return claimAck;
      };
      if (claimIds.length === 0) {
        out.push(entry(undefined, [verdict, ...setReasons, ...setWide]));
        continue;
      }
      for (const id of claimIds) {
        const own = byClaim.get(id) ?? [];
        const elsewhere = own.length === 0 && status === "rejected";
        const whole: AckReason[] = elsewhere
          ? [
              {
                code: `IK5 ${set.code}`,
                meaning: `rejected with its whole transaction set ${set.control}: the errors are in other claims or in the set's header, and a 999 rejection refuses every claim of the set`,
                known: true,
                fix: "send it again, unchanged, with the corrected claims of its set",
              },
            ]
          : [];
        out.push(entry(id, [...(elsewhere ? whole : [verdict]), ...setReasons, ...own, ...setWide]));
      }
    }
  }
  return out;
}

// ---- 277CA and 277 ---------------------------------------------------------------------

/** What the loaded claim status code list says of a status code cleanclaim has no words for. */
function listed(code: string, reference: AckOptions["reference"]): string {
  const lookup = reference?.claimStatusCode("status", code);
  if (!lookup?.edition) return "no claim status code list is loaded to say whether it exists";
  const list = lookup.edition.release;
  if (!lookup.value) return `it is not in ${list}: a payer's own code or a typing error`;
  if (lookup.value.endDate) return `${list} lists it as retired on ${lookup.value.endDate}`;
  return `${list} lists it${lookup.value.description ? ` as "${lookup.value.description}"` : ""}`;
}

function explainCode(
  code: StatusCode,
  layer: "277CA" | "277",
  reference?: AckOptions["reference"],
): AckReason {
  const category = categoryTexts[code.category];
  const status = statusCodeTexts[code.status];
  const entity = code.entity ? entityTexts[code.entity] : undefined;
  const codeText = [code.category, code.status, code.entity]
    .filter((c) => c !== undefined && c !== "")
    .join(":");
  const about = code.entity ? ` (about ${entity ?? `entity ${code.entity}`})` : "";
  const meaning = `${category?.meaning ?? `category ${code.category}, which cleanclaim has no explanation for`}; ${
    code.codeList
      ? `status ${code.status} from code list ${code.codeList}`
      : (status?.meaning ??
        `status code ${code.status}, which cleanclaim has no explanation for (${listed(code.status, reference)})`)
  }${about}`;
  const reason: AckReason = {
    code: codeText,
    meaning,
    known:
      category !== undefined &&
      (status !== undefined || code.codeList !== undefined) &&
      (code.entity === undefined || entity !== undefined),
  };
  if (category) reason.status = category.status;
  const rejected = category?.status === "rejected" || category?.status === "not-found";
  if (status?.rule && rejected) reason.rule = status.rule;
  if (status && (rejected || category?.status === "pended")) reason.fix = status.fix;
  else if (rejected)
    reason.fix = "read the payer's message (STC12) or its companion guide for this status code";
  if (layer === "277" && category?.status === "finalized")
    reason.fix = "the 835 remittance explains the payment or denial: read it with `cleanclaim remit`";
  return reason;
}

const precedence: readonly AckStatus[] = ["rejected", "not-found", "pended", "accepted", "finalized"];

/** The claim's status: its first claim-level STC, unless any status code is a rejection. */
function statusOf(statuses: readonly StatusInfo[], lines: StatusClaim["lines"]): AckStatus {
  const all = [...statuses, ...lines.flatMap((l) => l.statuses)].flatMap((s) => s.codes);
  const known = all
    .map((c) => categoryTexts[c.category]?.status)
    .filter((s): s is AckStatus => s !== undefined);
  if (known.includes("rejected")) return "rejected";
  const first = statuses[0]?.codes[0];
  const firstStatus = first ? categoryTexts[first.category]?.status : undefined;
  return firstStatus ?? precedence.find((s) => known.includes(s)) ?? "pended";
}

/** The sent claim's line a 277 line is about: same procedure code and date, else same code. */
function lineOf(claim: Claim | undefined, code: string, date: string | undefined): number | undefined {
  if (!claim) return undefined;
  const exact = claim.lines.findIndex(
    (l) => l.code === code && (date === undefined || l.dateOfService === date),
  );
  if (exact >= 0) return exact;
  const byCode = claim.lines.findIndex((l) => l.code === code);
  return byCode >= 0 ? byCode : undefined;
}

function from277(
  reports: readonly ClaimStatusReport[],
  ties: Ties,
  notes: string[],
  reference: AckOptions["reference"],
): ClaimAck[] {
  const out: ClaimAck[] = [];
  for (const report of reports) {
    const layer = report.kind;
    for (const c of report.claims) {
      const status = statusOf(c.statuses, c.lines);
      const reasons: AckReason[] = [];
      for (const s of c.statuses) {
        for (const code of s.codes) {
          const reason = explainCode(code, layer, reference);
          if (s.message) reason.message = s.message;
          reasons.push(reason);
        }
      }
      const sentClaim = ties.claim(c.patientControlNumber);
      c.lines.forEach((line) => {
        const index = lineOf(sentClaim, line.code, line.serviceDate);
        for (const s of line.statuses) {
          for (const code of s.codes) {
            const reason = explainCode(code, layer, reference);
            reason.meaning = `service line ${line.code}${line.serviceDate ? ` on ${line.serviceDate}` : ""}: ${reason.meaning}`;
            if (index !== undefined) reason.line = index;
            if (s.message) reason.message = s.message;
            reasons.push(reason);
          }
        }
      });
      const first = c.statuses[0];
      const dates: ClaimAck["dates"] = {};
      if (first?.date) dates.status = first.date;
      if (report.receivedDate) dates.received = report.receivedDate;
      if (c.serviceFrom) dates.serviceFrom = c.serviceFrom;
      if (c.serviceThrough) dates.serviceThrough = c.serviceThrough;
      const ack: ClaimAck = {
        layer,
        status,
        patientControlNumber: c.patientControlNumber,
        dates,
        reasons,
        position: c.position,
      };
      if (c.payerClaimControlNumber) ack.payerClaimControlNumber = c.payerClaimControlNumber;
      if (c.clearinghouseTraceNumber) ack.clearinghouseTraceNumber = c.clearinghouseTraceNumber;
      if (first?.charge) ack.charge = first.charge;
      if (status === "rejected" && layer === "277CA") ack.resubmit = { ...newClaim };
      const tie = ties.tie(c.patientControlNumber, "patient-control-number");
      if (tie) ack.claim = tie;
      else if (ties.given)
        notes.push(`claim ${c.patientControlNumber} of the ${layer} is not among the claims given`);
      out.push(ack);
    }
  }
  return out;
}

function summaryOf(claims: readonly ClaimAck[]): AckSummary {
  const count = (s: AckStatus) => claims.filter((c) => c.status === s).length;
  return {
    claims: claims.length,
    accepted: count("accepted"),
    rejected: count("rejected"),
    pended: count("pended"),
    finalized: count("finalized"),
    notFound: count("not-found"),
  };
}

/**
 * Explains an acknowledgment claim by claim: accepted, rejected or pended, why in plain
 * words, the cleanclaim rule that should have caught it and the fix, the advice to send a
 * rejected claim again as a new claim, and (with the claims sent) the tie to each sent
 * claim with the filing time left.
 */
export function buildAckReport(
  doc: AckDocument,
  sent: SentClaims | undefined,
  options: AckOptions,
): AckReport {
  const ties = new Ties(sent, options);
  const notes: string[] = [];
  const claims =
    doc.kind === "999"
      ? from999(doc.acknowledgments, ties, notes)
      : from277(doc.reports, ties, notes, options.reference);
  const acknowledgments =
    doc.kind === "999"
      ? doc.acknowledgments.map((a) => ({
          transaction: a.transaction,
          verdict: `functional group ${a.group.control} (${a.group.functionalId} ${a.group.version}): ${ackCodeTexts[a.code] ?? `verdict code ${a.code}`}${
            a.counts.included !== undefined
              ? `; ${a.counts.accepted ?? "?"} of ${a.counts.included} transaction sets accepted`
              : ""
          }`,
        }))
      : doc.reports.map((r) => ({
          transaction: r.transaction,
          verdict: `${r.kind} from ${r.source.name ?? r.source.id ?? "an unnamed source"}: ${r.claims.length} claim(s)${r.receivedDate ? `, received ${r.receivedDate}` : ""}`,
        }));
  const report: AckReport = {
    layer: doc.kind,
    acknowledgments,
    claims,
    summary: summaryOf(claims),
    notAcknowledged: sent ? ties.notNamed() : [],
    findings: doc.findings,
    notes,
    sources: resubmission.sources,
  };
  if (claims.some((c) => c.status === "rejected" && c.resubmit)) notes.push(resubmission.timelyFiling);
  return report;
}
