import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { AckStatus } from "../ack/codes.js";
import { type AckDocument, buildAckReport, type SentClaims } from "../ack/report.js";
import type { AckLayer, AckReason, AckReport, ClaimAck, FilingTime } from "../ack/types.js";
import type { Finding } from "../model/finding.js";
import { formatCents } from "../model/money.js";
import { Problem } from "../model/problem.js";
import type { LoadedPayerProfile } from "../pipeline/pipeline.js";
import {
  findAcknowledgment,
  findAcknowledgmentByHash,
  insertAcknowledgment,
  submissionByGroup,
  submissionsOfClaims,
  updateAcknowledgment,
} from "../store/acknowledgments.js";
import { readClaims, type StoredClaim } from "../store/claim-reads.js";
import { insertEvent, updateClaim } from "../store/claims.js";
import type { ClaimStatus, Database, NewRow, Row } from "../store/schema.js";
import { isUuid } from "../store/submissions.js";
import { insertWorklistItems } from "../store/worklist.js";
import { detectX12Kind, map837, parse277, parse999 } from "../x12/index.js";
import { audited } from "./audited.js";
import { claimTransitions, transitionIn } from "./claim-life-cycle.js";
import type { AppContext } from "./context.js";
import { loadPracticeContext } from "./practice-context.js";
import { remitContentHash } from "./remits.js";
import { notFound, practicesAllowed, type Scope } from "./scope.js";
import { submissionContentField } from "./submissions.js";

/**
 * Acknowledgment posting (issue 12, service wiring): a 999 or 277CA (or a 277 status
 * answer) posted to the practice's stored claims in one transaction. A 999 ties to the
 * submission it acknowledges (AK1-02 = GS06, AK2-02 = ST02) and reads the stored 837 to
 * place each IK3/IK4 error on its claim and line; a 277CA ties each claim by its patient
 * control number (CLM01). Accepted claims move submitted → accepted, rejected ones →
 * rejected with their reasons in the event, and each rejection lands on the worklist with
 * the fix, the new-claim advice and the filing time left. The same file posts once.
 * docs/acknowledgments.md, "In the service".
 */

export const acknowledgmentContentField = "acknowledgment.content";

/** One reason as stored: the report's, without any value the 999 copied from the claim (IK4-04 may be a member id). */
export type StoredReason = AckReason;

export interface AckClaimResult {
  claimId: string;
  controlNumber: string;
  /** The claim version the acknowledged submission sent. */
  claimVersionId: string;
  submissionId: string | null;
  /** What the acknowledgment says of the claim. */
  status: AckStatus;
  /** The claim's life-cycle status after this acknowledgment. */
  claimStatus: ClaimStatus;
  /** True when the claim's status changed; otherwise the history has a note (from = to). */
  moved: boolean;
  /** Why the claim did not move, when the acknowledgment would have moved it. */
  note?: string;
  payerClaimControlNumber?: string;
  reasons: StoredReason[];
  timelyFiling?: FilingTime;
}

export interface AckWorklistItem {
  itemId: string;
  kind: "rejection" | "unmatched";
  claimId: string | null;
  claimVersionId: string | null;
  controlNumber: string | null;
  rule: string | null;
  fix: string | null;
  nextStep: string;
  timelyFiling: FilingTime | null;
}

export interface AckUnmatched {
  /** claim: a patient control number no stored claim has; submission: a 999 group no submission has; transaction-set: an ST02 the submission does not hold. */
  kind: "claim" | "submission" | "transaction-set";
  controlNumber?: string;
  groupControlNumber?: string;
  transactionSet?: string;
  status: AckStatus;
  message: string;
}

export interface PostAcknowledgmentResult {
  acknowledgmentId: string;
  /** False when this file was posted before: the first posting's result, nothing new written. */
  posted: boolean;
  kind: AckLayer;
  /** The submission a 999 acknowledges (the first, when a 999 holds several groups). */
  submissionId: string | null;
  submissionIds: string[];
  claims: AckClaimResult[];
  worklistItems: AckWorklistItem[];
  unmatched: AckUnmatched[];
  /** Each acknowledgment transaction set's own verdict, in words. */
  acknowledgments: AckReport["acknowledgments"];
  summary: AckReport["summary"];
  notes: string[];
  /** The reader's findings in the acknowledgment file itself. */
  findings: Finding[];
}

type Tx = Kysely<Database>;

/** What the acknowledgment asks of the claim's life cycle: 277 status answers move nothing (the 835 decides). */
function targetOf(layer: AckLayer, status: AckStatus): ClaimStatus | null {
  if (layer === "277") return null;
  if (status === "accepted") return "accepted";
  if (status === "rejected") return "rejected";
  return null;
}

/** A reason without the value the 999 copied from the claim: IK4-04 can be a member id or a name. */
function withoutCopiedValue(reason: AckReason): StoredReason {
  const badValue = reason.at?.badValue;
  if (badValue === undefined || !reason.at) return reason;
  const { badValue: _copied, ...at } = reason.at;
  return { ...reason, at, meaning: reason.meaning.replace(` (${JSON.stringify(badValue)})`, "") };
}

function readDocument(text: string): AckDocument {
  const kind = detectX12Kind(text);
  const expected = "expected a 999 (005010X231A1), a 277CA (005010X214) or a 277 (005010X212)";
  let doc: AckDocument;
  if (kind === "999") doc = { kind, ...parse999(text) };
  else if (kind === "277CA" || kind === "277") doc = { kind, ...parse277(text) };
  else
    throw new Problem([
      {
        code: "invalid-input",
        message: `${expected}; this file holds ${kind ?? "no X12 transaction set"}${kind === "835" ? " (post an 835 to /api/v1/remits)" : ""}`,
        path: "ST01",
      },
    ]);
  const empty = doc.kind === "999" ? doc.acknowledgments.length === 0 : doc.reports.length === 0;
  if (empty) {
    const first = doc.findings.find((f) => f.severity === "error");
    throw new Problem([
      {
        code: "invalid-input",
        message: `${expected} with at least one transaction set${first ? `: ${first.message}` : ""}`,
        path: first?.location ?? "ST",
        data: { findings: doc.findings.slice(0, 20) },
      },
    ]);
  }
  return doc;
}

/** One part of the file with the claims it names: a 999 group with its submission, or the whole 277CA. */
interface Part {
  report: AckReport;
  submissionId: string | null;
  /** For a 999: the claims of the acknowledged submission, by control number, with the version it sent. */
  sentBy: Map<string, { claimId: string; claimVersionId: string }> | null;
  /** For a 999: AK1-02, the group control number acknowledged. */
  group?: string;
}

async function post(
  ctx: AppContext,
  scope: Scope,
  practiceId: string,
  text: string,
): Promise<PostAcknowledgmentResult> {
  const pc = await loadPracticeContext(ctx, ctx.store.db, scope, "work", practiceId);
  const contentHash = remitContentHash(text);
  const earlier = await findAcknowledgmentByHash(ctx.store.db, practiceId, contentHash);
  if (earlier) return { ...(earlier.summary as unknown as PostAcknowledgmentResult), posted: false };
  const doc = readDocument(text);
  try {
    return await ctx.store.db
      .transaction()
      .execute((tx) => postInTransaction(ctx, scope, tx, practiceId, text, contentHash, doc, pc.options));
  } catch (error) {
    // Two postings of one file at once: the unique hash lets one in; the other returns its result.
    if ((error as { code?: string }).code === "23505") {
      const first = await findAcknowledgmentByHash(ctx.store.db, practiceId, contentHash);
      if (first) return { ...(first.summary as unknown as PostAcknowledgmentResult), posted: false };
    }
    throw error;
  }
}

async function postInTransaction(
  ctx: AppContext,
  scope: Scope,
  tx: Tx,
  practiceId: string,
  text: string,
  contentHash: string,
  doc: AckDocument,
  options: { profiles?: readonly LoadedPayerProfile[] | undefined },
): Promise<PostAcknowledgmentResult> {
  const now = ctx.now();
  const acknowledgmentId = randomUUID();
  await insertAcknowledgment(tx, {
    id: acknowledgmentId,
    practice_id: practiceId,
    kind: doc.kind,
    content_hash: contentHash,
    submission_id: null,
    summary: "{}",
    content_enc: ctx.cipher.seal(acknowledgmentContentField, text),
    key_version: ctx.cipher.current,
    created_by: scope.actor.label,
    created_at: now,
  });
  const ackOptions = {
    asOf: ctx.today(),
    reference: ctx.reference,
    ...(options.profiles ? { profiles: options.profiles } : {}),
  };
  const result: PostAcknowledgmentResult = {
    acknowledgmentId,
    posted: true,
    kind: doc.kind,
    submissionId: null,
    submissionIds: [],
    claims: [],
    worklistItems: [],
    unmatched: [],
    acknowledgments: [],
    summary: { claims: 0, accepted: 0, rejected: 0, pended: 0, finalized: 0, notFound: 0 },
    notes: [],
    findings: doc.findings,
  };

  // 1. The parts and the stored claims they name.
  const parts: Part[] = [];
  const stored = new Map<string, StoredClaim>();
  const byControl = new Map<string, StoredClaim>();
  const remember = (claims: StoredClaim[]) => {
    for (const c of claims) {
      stored.set(c.id, c);
      byControl.set(c.controlNumber.trim().toUpperCase(), c);
    }
  };
  if (doc.kind === "999") {
    for (const ack of doc.acknowledgments) {
      const one: AckDocument = { kind: "999", acknowledgments: [ack], findings: [] };
      const submission = await submissionByGroup(tx, practiceId, ack.group.control);
      if (!submission) {
        parts.push({
          report: buildAckReport(one, undefined, ackOptions),
          submissionId: null,
          sentBy: null,
          group: ack.group.control,
        });
        continue;
      }
      const claims = await readClaims(
        tx,
        ctx.cipher,
        practiceId,
        { ids: submission.claims.map((c) => c.claim_id) },
        { withPhi: false, lock: true, version: "submitted" },
      );
      remember(claims);
      const sent837 = ctx.cipher.open(submissionContentField, submission.content_enc);
      const sent: SentClaims = {
        claims: claims.map((c) => ({ claim: c.claim, source: `submission ${submission.isa13}` })),
        segmentMaps: map837(sent837),
      };
      const versionOf = new Map(submission.claims.map((c) => [c.claim_id, c.claim_version_id]));
      parts.push({
        report: buildAckReport(one, sent, ackOptions),
        submissionId: submission.id,
        group: ack.group.control,
        sentBy: new Map(
          claims.map((c) => [
            c.controlNumber.trim().toUpperCase(),
            { claimId: c.id, claimVersionId: versionOf.get(c.id) ?? c.versionId },
          ]),
        ),
      });
      if (!result.submissionIds.includes(submission.id)) result.submissionIds.push(submission.id);
    }
  } else {
    const controlNumbers = doc.reports.flatMap((r) => r.claims.map((c) => c.patientControlNumber));
    remember(
      await readClaims(
        tx,
        ctx.cipher,
        practiceId,
        { controlNumbers },
        { withPhi: false, lock: true, version: "submitted" },
      ),
    );
    const sent: SentClaims = { claims: [...stored.values()].map((c) => ({ claim: c.claim })) };
    parts.push({ report: buildAckReport(doc, sent, ackOptions), submissionId: null, sentBy: null });
  }
  result.submissionId = result.submissionIds[0] ?? null;

  const claimIds = [...stored.keys()];
  const rows = new Map<string, Row<"claims">>();
  if (claimIds.length > 0) {
    const found = await tx
      .selectFrom("claims")
      .selectAll()
      .where("practice_id", "=", practiceId)
      .where("id", "in", claimIds)
      .forUpdate()
      .execute();
    for (const r of found) rows.set(r.id, r);
  }
  const submissions = await submissionsOfClaims(tx, practiceId, claimIds);

  // 2. Each claim the acknowledgment names.
  const items: NewRow<"worklist_items">[] = [];
  for (const part of parts) {
    const { report } = part;
    result.acknowledgments.push(...report.acknowledgments);
    for (const note of report.notes) if (!result.notes.includes(note)) result.notes.push(note);
    for (const claimAck of report.claims) {
      const number = claimAck.patientControlNumber;
      const reasons = claimAck.reasons.map(withoutCopiedValue);
      const found =
        number === undefined
          ? undefined
          : part.sentBy
            ? (() => {
                const s = part.sentBy.get(number.trim().toUpperCase());
                return s ? stored.get(s.claimId) : undefined;
              })()
            : byControl.get(number.trim().toUpperCase());
      const row = found ? rows.get(found.id) : undefined;
      if (!found || !row) {
        const entry = unmatchedEntry(doc.kind, claimAck, part);
        result.unmatched.push(entry);
        if (claimAck.status === "rejected" || claimAck.status === "not-found")
          items.push(unmatchedItem(result, practiceId, acknowledgmentId, entry, now));
        continue;
      }
      const history = submissions.get(found.id) ?? [];
      const latest = history[history.length - 1];
      const submissionId = part.submissionId ?? latest?.submissionId ?? null;
      const claimVersionId =
        part.sentBy?.get(found.controlNumber.trim().toUpperCase())?.claimVersionId ??
        latest?.claimVersionId ??
        found.versionId;
      const entry: AckClaimResult = {
        claimId: found.id,
        controlNumber: found.controlNumber,
        claimVersionId,
        submissionId,
        status: claimAck.status,
        claimStatus: row.status,
        moved: false,
        reasons,
      };
      if (claimAck.payerClaimControlNumber) entry.payerClaimControlNumber = claimAck.payerClaimControlNumber;
      if (claimAck.claim?.timelyFiling) entry.timelyFiling = claimAck.claim.timelyFiling;

      const target = targetOf(doc.kind, claimAck.status);
      const why = reasonText(doc.kind, claimAck.status, reasons);
      const data: Record<string, unknown> = {
        acknowledgmentId,
        layer: doc.kind,
        submissionId,
        claimVersionId,
        status: claimAck.status,
        codes: reasons.map((r) => r.code),
        ...(claimAck.transactionSet ? { transactionSet: claimAck.transactionSet } : {}),
        ...(claimAck.payerClaimControlNumber
          ? { payerClaimControlNumber: claimAck.payerClaimControlNumber }
          : {}),
        rules: [...new Set(reasons.flatMap((r) => (r.rule ? [r.rule] : [])))],
      };
      let note: string | undefined;
      if (target !== null && part.submissionId && latest && latest.submissionId !== part.submissionId)
        note = `this 999 acknowledges an earlier submission of the claim (it was sent again since): the claim stays ${row.status}`;
      else if (target !== null && target !== row.status && !claimTransitions[row.status].includes(target))
        note = `a ${row.status} claim cannot become ${target}: the claim stays ${row.status}`;
      let current = row;
      if (target !== null && target !== row.status && note === undefined) {
        current = await transitionIn(ctx, tx, scope, row, target, { reason: why, data });
        entry.moved = true;
      } else {
        // Not a transition: a note in the claim's history, from = to (as a remit that changes nothing).
        if (note) entry.note = note;
        await insertEvent(tx, {
          claimId: row.id,
          practiceId,
          from: row.status,
          to: row.status,
          actor: scope.actor.label,
          reason: note ? `${why} (${note})` : why,
          override: false,
          data: { ...data, note: true },
          at: now,
        });
      }
      if (
        claimAck.payerClaimControlNumber &&
        claimAck.payerClaimControlNumber !== row.payer_claim_control_number
      )
        await updateClaim(tx, row, { payerClaimControlNumber: claimAck.payerClaimControlNumber });
      rows.set(row.id, current);
      entry.claimStatus = current.status;
      result.claims.push(entry);
      if (claimAck.status === "rejected" && doc.kind !== "277")
        items.push(rejectionItem(result, practiceId, acknowledgmentId, entry, claimAck, found, now));
    }
  }
  result.summary = {
    claims: result.claims.length + result.unmatched.filter((u) => u.kind === "claim").length,
    accepted: count(result, "accepted"),
    rejected: count(result, "rejected"),
    pended: count(result, "pended"),
    finalized: count(result, "finalized"),
    notFound: count(result, "not-found"),
  };
  await insertWorklistItems(tx, items);
  await updateAcknowledgment(tx, practiceId, acknowledgmentId, {
    summary: JSON.stringify(result),
    submission_id: result.submissionId,
  });
  return result;
}

function count(result: PostAcknowledgmentResult, status: AckStatus): number {
  return (
    result.claims.filter((c) => c.status === status).length +
    result.unmatched.filter((u) => u.kind === "claim" && u.status === status).length
  );
}

const layerWords: Record<AckLayer, string> = {
  "999": "999 (syntax check)",
  "277CA": "277CA (payer front-end edits)",
  "277": "277 (claim status)",
};

/** The event's reason: the layer, the verdict and each reason's codes and words. */
function reasonText(layer: AckLayer, status: AckStatus, reasons: readonly StoredReason[]): string {
  const words = reasons.map((r) => `${r.code}: ${r.meaning}`).join("; ");
  const text = `${layerWords[layer]} ${status}${words ? `: ${words}` : ""}`;
  return text.length > 2000 ? `${text.slice(0, 1997)}...` : text;
}

function unmatchedEntry(layer: AckLayer, claimAck: ClaimAck, part: Part): AckUnmatched {
  const number = claimAck.patientControlNumber;
  if (layer === "999" && part.submissionId === null) {
    const group = part.group;
    return {
      kind: "submission",
      ...(group ? { groupControlNumber: group } : {}),
      ...(claimAck.transactionSet ? { transactionSet: claimAck.transactionSet } : {}),
      ...(number ? { controlNumber: number } : {}),
      status: claimAck.status,
      message: `the 999 acknowledges functional group ${group ?? "?"} (AK1-02), which no submission of this practice has (GS06): check that the 999 is for this practice's 837`,
    };
  }
  if (number === undefined)
    return {
      kind: "transaction-set",
      ...(claimAck.transactionSet ? { transactionSet: claimAck.transactionSet } : {}),
      status: claimAck.status,
      message: `the 999 acknowledges transaction set ${claimAck.transactionSet ?? "?"} (AK2-02), which the submission does not hold (ST02)`,
    };
  return {
    kind: "claim",
    controlNumber: number,
    status: claimAck.status,
    message: `${layer} names claim ${number} (patient control number), which ${part.sentBy ? "the acknowledged submission does not hold" : "no stored claim of this practice has"}`,
  };
}

function rejectionItem(
  result: PostAcknowledgmentResult,
  practiceId: string,
  acknowledgmentId: string,
  entry: AckClaimResult,
  claimAck: ClaimAck,
  stored: StoredClaim,
  now: Date,
): NewRow<"worklist_items"> {
  const id = randomUUID();
  const rule = entry.reasons.find((r) => r.rule)?.rule ?? null;
  const fixes = [...new Set(entry.reasons.flatMap((r) => (r.fix ? [r.fix] : [])))];
  const fix = fixes.join("; ") || null;
  const time = entry.timelyFiling ?? null;
  const layer = claimAck.layer === "999" ? "the syntax check (999)" : "the payer's front-end edits (277CA)";
  const deadline = time
    ? time.daysLeft >= 0
      ? ` before ${time.deadline} (${time.daysLeft} day${time.daysLeft === 1 ? "" : "s"} left; ${time.basis})`
      : `: the filing deadline ${time.deadline} passed ${-time.daysLeft} day${time.daysLeft === -1 ? "" : "s"} ago (${time.basis})`
    : "";
  const nextStep = `rejected by ${layer}, so it never entered adjudication and does not count as filed. ${
    fix ? `Fix: ${fix}. ` : ""
  }Then send it again as a new original claim (frequency 1, not a replacement 7)${deadline}.`;
  result.worklistItems.push({
    itemId: id,
    kind: "rejection",
    claimId: entry.claimId,
    claimVersionId: entry.claimVersionId,
    controlNumber: entry.controlNumber,
    rule,
    fix,
    nextStep,
    timelyFiling: time,
  });
  return {
    id,
    practice_id: practiceId,
    claim_id: entry.claimId,
    claim_version_id: entry.claimVersionId,
    remit_claim_id: null,
    acknowledgment_id: acknowledgmentId,
    kind: "rejection",
    rule,
    carc: null,
    amount_cents: stored.chargeCents,
    item: JSON.stringify({
      acknowledgmentId,
      layer: claimAck.layer,
      submissionId: entry.submissionId,
      controlNumber: entry.controlNumber,
      charge: formatCents(stored.chargeCents),
      reasons: entry.reasons,
      rule,
      fix,
      resubmit: claimAck.resubmit ?? null,
      timelyFiling: time,
      nextStep,
    }),
    notes: "[]",
    created_at: now,
    updated_at: now,
  };
}

function unmatchedItem(
  result: PostAcknowledgmentResult,
  practiceId: string,
  acknowledgmentId: string,
  entry: AckUnmatched,
  now: Date,
): NewRow<"worklist_items"> {
  const id = randomUUID();
  const nextStep = `${entry.message}; it was ${entry.status}: find the claim it names and resubmit it if it is yours`;
  result.worklistItems.push({
    itemId: id,
    kind: "unmatched",
    claimId: null,
    claimVersionId: null,
    controlNumber: entry.controlNumber ?? null,
    rule: null,
    fix: null,
    nextStep,
    timelyFiling: null,
  });
  return {
    id,
    practice_id: practiceId,
    claim_id: null,
    claim_version_id: null,
    remit_claim_id: null,
    acknowledgment_id: acknowledgmentId,
    kind: "unmatched",
    rule: null,
    carc: null,
    amount_cents: null,
    item: JSON.stringify({ acknowledgmentId, ...entry, nextStep }),
    notes: "[]",
    created_at: now,
    updated_at: now,
  };
}

/**
 * Posts a 999, 277CA or 277 to the practice's stored claims (biller). A file that is none
 * of them, or holds no transaction set, is invalid-input with its X12 position. Posting the
 * same file again writes nothing and returns the first posting's result with posted: false.
 */
export const postAcknowledgment = audited(
  {
    action: "post",
    entity: "acknowledgment",
    describe: ([practiceId], result) => ({
      entityId: result?.acknowledgmentId ?? null,
      practiceId,
      detail: result
        ? {
            posted: result.posted,
            kind: result.kind,
            claims: result.claims.length,
            rejected: result.summary.rejected,
            items: result.worklistItems.length,
            unmatched: result.unmatched.length,
          }
        : {},
    }),
  },
  post,
);

export interface AcknowledgmentView extends PostAcknowledgmentResult {
  practiceId: string;
  createdAt: string;
  createdBy: string | null;
}

/** A posted acknowledgment (viewer): its result as posted, no PHI. Another tenant's id is 404. */
export const getAcknowledgment = audited(
  {
    action: "read",
    entity: "acknowledgment",
    describe: ([id], result) => ({ entityId: id, practiceId: result?.practiceId ?? null }),
  },
  async (ctx: AppContext, scope: Scope, id: string): Promise<AcknowledgmentView> => {
    const row = isUuid(id)
      ? await findAcknowledgment(ctx.store.db, practicesAllowed(scope, "read"), scope.organizationId, id)
      : undefined;
    if (!row) throw notFound("acknowledgment", id);
    const summary = (typeof row.summary === "string" ? JSON.parse(row.summary) : row.summary) as
      | PostAcknowledgmentResult
      | undefined;
    return {
      ...(summary as PostAcknowledgmentResult),
      posted: true,
      practiceId: row.practice_id,
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
    };
  },
);
