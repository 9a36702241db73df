import { createHash, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { formatCents } from "../model/money.js";
import { Problem } from "../model/problem.js";
import type { PipelineOptions } from "../pipeline/pipeline.js";
import type { RemitFile, Underpayment, UnmatchedEntry, WorkItem } from "../remit/types.js";
import { remitCents } from "../remit/underpayment.js";
import { buildWorklist } from "../remit/worklist.js";
import { moveClaim, readClaims, type StoredClaim } from "../store/claim-reads.js";
import {
  findRemit,
  findRemitByHash,
  findReversedRemitClaim,
  insertRemitClaim,
  insertRemittance,
  markReversed,
  statusBeforePosting,
  updateRemittance,
} from "../store/remits.js";
import type { ClaimStatus, Database, NewRow } from "../store/schema.js";
import { isUuid } from "../store/submissions.js";
import { insertWorklistItems } from "../store/worklist.js";
import { parse835 } from "../x12/read835.js";
import type { RemitClaim, Remittance } from "../x12/remittance.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { notFound, practicesAllowed, requirePermission, type Scope } from "./scope.js";

/**
 * Remittance posting (issue 9): an 835 posted to the practice's stored claims in one
 * transaction (a failure leaves nothing): the remittance and its claims with lines and
 * adjustments, PLB adjustments kept, reversals undone, claim statuses and paid amounts,
 * worklist items for denials, reductions, underpayments and unmatched claims, and the
 * totals' balance. The same file (by the SHA-256 of its normalized text) posts once.
 */

export const remitContentField = "remit.content";

/** Money strings: BPR02 = Σ CLP04 − Σ PLB (005010X221A1 §1.10.2.1, balancing the payment). */
export interface RemitBalance {
  paymentAmount: string;
  claimPayments: string;
  providerAdjustments: string;
  balanced: boolean;
}

/** A worklist item made by the posting, as the response shows it. */
export interface PostedItem {
  itemId: string;
  kind: "denial" | "underpayment" | "unmatched";
  claimId: string | null;
  claimVersionId: string | null;
  remitClaimId: string;
  controlNumber: string;
  line: number | null;
  code: string | null;
  rule: string | null;
  carc: string | null;
  amount: string;
  action: string | null;
  nextStep: string;
}

export interface PostedClaim {
  remitClaimId: string;
  controlNumber: string;
  /** CLP02. */
  statusCode: string;
  claimId: string | null;
  claimVersionId: string | null;
  /** The claim's status after this remit claim (null when unmatched or left unchanged). */
  claimStatus: ClaimStatus | null;
  charge: string;
  paid: string;
  /** For a reversal: the remit claim it reversed (null when none matched). */
  reverses: string | null;
}

export interface PostRemitResult {
  remitId: string;
  /** False when this file was posted before: the first posting's result is returned, nothing new is written. */
  posted: boolean;
  claims: PostedClaim[];
  items: PostedItem[];
  underpayments: PostedItem[];
  unmatched: Array<UnmatchedEntry | { kind: "reversal"; claimId: string; message: string }>;
  providerAdjustments: Array<{ reason: string; reference: string | null; amount: string }>;
  balance: RemitBalance;
  /** The 835 reader's findings (syntax, guide, balancing), with their X12 positions. */
  findings: Finding[];
}

/** Line breaks and surrounding blanks are not content: the same 835 re-wrapped hashes the same. */
export function remitContentHash(text: string): string {
  const normalized = text
    .replace(/^\uFEFF/, "")
    .replace(/[\r\n]+/g, "")
    .trim();
  return createHash("sha256").update(normalized, "utf8").digest("hex");
}

/** Statuses that adjudicate the claim for payment (primary or secondary, forwarded or not). */
const adjudicated: ReadonlySet<string> = new Set(["1", "2", "3", "19", "20", "21"]);

/**
 * The claim's status after a remit claim (issue 9 life cycle): denied for CLP02 = 4, or
 * nothing paid with a reason other than the patient's share; paid when CLP04 covers CLP03;
 * else partially paid. Other statuses (23 not our claim, 25 predetermination) leave it.
 */
export function claimStatusAfter(remit: RemitClaim): ClaimStatus | null {
  if (remit.status === "4") return "denied";
  if (!adjudicated.has(remit.status)) return null;
  const paid = remitCents(remit.paid);
  const charge = remitCents(remit.charge);
  if (paid <= 0) {
    const adjustments = [...remit.adjustments, ...remit.lines.flatMap((l) => l.adjustments)];
    const denial = adjustments.some((a) => a.group !== "PR" && remitCents(a.amount) !== 0);
    return denial ? "denied" : "partially-paid";
  }
  return paid >= charge ? "paid" : "partially-paid";
}

interface ClaimState {
  stored: StoredClaim;
  status: ClaimStatus;
  paidCents: number;
}

type Tx = Kysely<Database>;

function pipelineOptions(ctx: AppContext): PipelineOptions {
  return { reference: ctx.reference, asOf: ctx.today(), ...(ctx.profiles ? { profiles: ctx.profiles } : {}) };
}

async function post(
  ctx: AppContext,
  scope: Scope,
  practiceId: string,
  text: string,
): Promise<PostRemitResult> {
  requirePermission(scope, "work", practiceId);
  await practiceInOrganization(ctx, scope, practiceId);
  const contentHash = remitContentHash(text);
  const earlier = await findRemitByHash(ctx.store.db, practiceId, contentHash);
  if (earlier) return { ...(earlier.summary as unknown as PostRemitResult), posted: false };

  const parsed = parse835(text);
  if (parsed.remittances.length === 0) {
    const first = parsed.findings.find((f) => f.severity === "error");
    throw new Problem([
      {
        code: "invalid-input",
        message: `expected an 835 remittance (005010X221A1) with at least one transaction set${first ? `: ${first.message}` : ""}`,
        path: first?.location ?? "ST",
        data: { findings: parsed.findings.slice(0, 20) },
      },
    ]);
  }
  try {
    return await ctx.store.db
      .transaction()
      .execute((tx) => postInTransaction(ctx, scope, tx, practiceId, text, contentHash, parsed));
  } catch (error) {
    // Two postings of one file at once: the unique hash lets one in; the other returns its result.
    if ((error as { code?: string }).code === "23505") {
      const first = await findRemitByHash(ctx.store.db, practiceId, contentHash);
      if (first) return { ...(first.summary as unknown as PostRemitResult), posted: false };
    }
    throw error;
  }
}

async function practiceInOrganization(ctx: AppContext, scope: Scope, practiceId: string): Promise<void> {
  const found = isUuid(practiceId)
    ? await ctx.store.db
        .selectFrom("practices")
        .select("id")
        .where("id", "=", practiceId)
        .where("organization_id", "=", scope.organizationId)
        .executeTakeFirst()
    : undefined;
  if (!found) throw notFound("practice", practiceId);
}

async function postInTransaction(
  ctx: AppContext,
  scope: Scope,
  tx: Tx,
  practiceId: string,
  text: string,
  contentHash: string,
  parsed: RemitFile & { remittances: Remittance[] },
): Promise<PostRemitResult> {
  const now = ctx.now();
  const actor = scope.actor.label;
  const options = pipelineOptions(ctx);
  const remitId = randomUUID();
  const first = parsed.remittances[0]!;

  const controlNumbers = parsed.remittances.flatMap((r) => r.claims.map((c) => c.claimId));
  const stored = await readClaims(
    tx,
    ctx.cipher,
    practiceId,
    { controlNumbers },
    { withPhi: true, lock: true, version: "submitted" },
  );
  const exact = new Map(stored.map((c) => [c.controlNumber, c]));
  const normalized = new Map(stored.map((c) => [c.controlNumber.trim().toUpperCase(), c]));
  const states = new Map<string, ClaimState>();
  const stateOf = (remit: RemitClaim): ClaimState | undefined => {
    const c = exact.get(remit.claimId) ?? normalized.get(remit.claimId.trim().toUpperCase());
    if (!c) return undefined;
    let state = states.get(c.id);
    if (!state) {
      state = { stored: c, status: c.status, paidCents: c.paidCents };
      states.set(c.id, state);
    }
    return state;
  };

  await insertRemittance(tx, {
    id: remitId,
    practice_id: practiceId,
    content_hash: contentHash,
    payer_name: first.payer.name ?? null,
    payer_id: first.payer.id ?? null,
    trace_number: first.payment.traceNumber ?? null,
    payment_date: first.payment.date ?? null,
    paid_cents: 0,
    plb: "[]",
    balanced: false,
    summary: "{}",
    content_enc: ctx.cipher.seal(remitContentField, text),
    key_version: ctx.cipher.current,
    created_by: actor,
    created_at: now,
  });

  const result: PostRemitResult = {
    remitId,
    posted: true,
    claims: [],
    items: [],
    underpayments: [],
    unmatched: [],
    providerAdjustments: [],
    balance: { paymentAmount: "0.00", claimPayments: "0.00", providerAdjustments: "0.00", balanced: true },
    findings: parsed.findings,
  };
  const itemRows: NewRow<"worklist_items">[] = [];
  let paymentCents = 0;
  let claimCents = 0;
  let plbCents = 0;
  let balanced = true;

  for (const remittance of parsed.remittances) {
    const bpr = remitCents(remittance.payment.amount);
    // BPR03 D: a debit, money the provider owes.
    const payment = remittance.payment.creditDebit === "D" ? -bpr : bpr;
    const claims = remittance.claims.reduce((s, c) => s + remitCents(c.paid), 0);
    const plb = remittance.providerAdjustments.reduce((s, a) => s + remitCents(a.amount), 0);
    paymentCents += payment;
    claimCents += claims;
    plbCents += plb;
    if (payment !== claims - plb) balanced = false;
    for (const a of remittance.providerAdjustments) {
      result.providerAdjustments.push({
        reason: a.reason,
        reference: a.reference ?? null,
        amount: formatCents(remitCents(a.amount)),
      });
    }

    for (const remit of remittance.claims) {
      const state = stateOf(remit);
      const remitClaimId = randomUUID();
      const chargeCents = remitCents(remit.charge);
      const paidCents = remitCents(remit.paid);
      const pccn = remit.payerClaimControlNumber ?? null;
      const posted: PostedClaim = {
        remitClaimId,
        controlNumber: remit.claimId,
        statusCode: remit.status,
        claimId: state?.stored.id ?? null,
        claimVersionId: state?.stored.versionId ?? null,
        claimStatus: null,
        charge: formatCents(chargeCents),
        paid: formatCents(paidCents),
        reverses: null,
      };
      const reversed =
        remit.status === "22"
          ? await findReversedRemitClaim(tx, practiceId, {
              controlNumber: remit.claimId,
              payerClaimControlNumber: pccn,
              chargeCents,
              paidCents,
            })
          : undefined;
      await insertRemitClaim(tx, {
        id: remitClaimId,
        remittance_id: remitId,
        practice_id: practiceId,
        claim_id: state?.stored.id ?? null,
        claim_version_id: state?.stored.versionId ?? null,
        control_number: remit.claimId,
        status_code: remit.status,
        charge_cents: chargeCents,
        paid_cents: paidCents,
        patient_responsibility_cents: remitCents(remit.patientResponsibility),
        payer_claim_control_number: pccn,
        reverses_id: reversed?.id ?? null,
        adjustments: JSON.stringify(remit.adjustments),
        lines: JSON.stringify(remit.lines.map((line) => ({ ...line, position: undefined }))),
      });

      if (remit.status === "22") {
        if (reversed) {
          posted.reverses = reversed.id;
          await markReversed(tx, practiceId, reversed.id);
          if (state && reversed.claim_id === state.stored.id) {
            const before = (await statusBeforePosting(tx, practiceId, state.stored.id, reversed.id)) as
              | ClaimStatus
              | undefined;
            const to = before ?? "submitted";
            state.paidCents += paidCents;
            await moveClaim(tx, {
              claimId: state.stored.id,
              practiceId,
              from: state.status,
              to,
              actor,
              reason: `payment reversed by the payer (CLP02 22, CLP07 ${pccn ?? "none"})`,
              at: now,
              data: { remitId, remitClaimId, reverses: reversed.id },
              set: { paidCents: state.paidCents },
            });
            state.status = to;
            posted.claimStatus = to;
          }
        } else {
          const message = `reversal of ${remit.claimId} (CLP07 ${pccn ?? "none"}, paid ${formatCents(paidCents)}) matches no payment posted before: check the earlier remittance`;
          result.unmatched.push({ kind: "reversal", claimId: remit.claimId, message });
          itemRows.push(
            unmatchedItem(result, practiceId, state, remitClaimId, remit.claimId, paidCents, message, now),
          );
        }
        result.claims.push(posted);
        continue;
      }

      if (state) {
        const to = claimStatusAfter(remit);
        state.paidCents += paidCents;
        await moveClaim(tx, {
          claimId: state.stored.id,
          practiceId,
          from: state.status,
          to: to ?? state.status,
          actor,
          reason: `835 posted: CLP02 ${remit.status}, paid ${formatCents(paidCents)} of ${formatCents(chargeCents)}`,
          at: now,
          data: { remitId, remitClaimId, statusCode: remit.status },
          set: { paidCents: state.paidCents, ...(pccn ? { payerClaimControlNumber: pccn } : {}) },
        });
        if (to) state.status = to;
        posted.claimStatus = state.status;
      }

      // The core's worklist, one remit claim at a time, so each item links to its remit claim.
      const file: RemitFile = { remittances: [{ ...remittance, claims: [remit] }], findings: [] };
      const submitted: Claim[] = state ? [state.stored.claim] : [];
      const worklist = buildWorklist(file, submitted, { ...options, now });
      for (const item of worklist.items)
        itemRows.push(denialItem(result, practiceId, state, remitClaimId, item, now));
      for (const u of worklist.underpayments)
        itemRows.push(underpaymentItem(result, practiceId, state, remitClaimId, u, now));
      for (const u of worklist.unmatched) {
        result.unmatched.push(u);
        if (u.kind === "remit-claim")
          itemRows.push(
            unmatchedItem(
              result,
              practiceId,
              undefined,
              remitClaimId,
              remit.claimId,
              paidCents,
              u.message,
              now,
            ),
          );
      }
      result.claims.push(posted);
    }
  }

  await insertWorklistItems(tx, itemRows);
  result.balance = {
    paymentAmount: formatCents(paymentCents),
    claimPayments: formatCents(claimCents),
    providerAdjustments: formatCents(plbCents),
    balanced,
  };
  await updateRemittance(tx, practiceId, remitId, {
    summary: JSON.stringify(result),
    balanced,
    plb: JSON.stringify(result.providerAdjustments),
    plb_cents: plbCents,
    paid_cents: paymentCents,
  });
  return result;
}

function baseRow(
  practiceId: string,
  state: ClaimState | undefined,
  remitClaimId: string,
  now: Date,
): {
  id: string;
  practice_id: string;
  claim_id: string | null;
  claim_version_id: string | null;
  remit_claim_id: string;
  notes: string;
  created_at: Date;
  updated_at: Date;
} {
  return {
    notes: "[]",
    id: randomUUID(),
    practice_id: practiceId,
    claim_id: state?.stored.id ?? null,
    claim_version_id: state?.stored.versionId ?? null,
    remit_claim_id: remitClaimId,
    created_at: now,
    updated_at: now,
  };
}

function denialItem(
  result: PostRemitResult,
  practiceId: string,
  state: ClaimState | undefined,
  remitClaimId: string,
  item: WorkItem,
  now: Date,
): NewRow<"worklist_items"> {
  const row = { ...baseRow(practiceId, state, remitClaimId, now) };
  const carc = item.adjustments.map((a) => a.carc.code).join(",") || null;
  result.items.push({
    itemId: row.id,
    kind: "denial",
    claimId: row.claim_id ?? null,
    claimVersionId: row.claim_version_id ?? null,
    remitClaimId,
    controlNumber: item.claimId,
    line: item.line,
    code: item.code,
    rule: item.rule,
    carc,
    amount: item.amount,
    action: item.action,
    nextStep: item.nextStep,
  });
  return {
    ...row,
    kind: "denial",
    rule: item.rule,
    carc,
    amount_cents: remitCents(item.amount),
    item: JSON.stringify(item),
  };
}

function underpaymentItem(
  result: PostRemitResult,
  practiceId: string,
  state: ClaimState | undefined,
  remitClaimId: string,
  u: Underpayment,
  now: Date,
): NewRow<"worklist_items"> {
  const row = baseRow(practiceId, state, remitClaimId, now);
  const nextStep = `paid ${u.paid}, ${u.shortBy} short of the expected ${u.expectedPaid}: check the payer's fee schedule and appeal the difference`;
  result.underpayments.push({
    itemId: row.id,
    kind: "underpayment",
    claimId: row.claim_id ?? null,
    claimVersionId: row.claim_version_id ?? null,
    remitClaimId,
    controlNumber: u.claimId,
    line: u.line,
    code: u.code,
    rule: null,
    carc: null,
    amount: u.shortBy,
    action: null,
    nextStep,
  });
  return {
    ...row,
    kind: "underpayment",
    rule: null,
    carc: null,
    amount_cents: remitCents(u.shortBy),
    item: JSON.stringify({ ...u, nextStep }),
  };
}

function unmatchedItem(
  result: PostRemitResult,
  practiceId: string,
  state: ClaimState | undefined,
  remitClaimId: string,
  controlNumber: string,
  paidCents: number,
  message: string,
  now: Date,
): NewRow<"worklist_items"> {
  const row = baseRow(practiceId, state, remitClaimId, now);
  result.items.push({
    itemId: row.id,
    kind: "unmatched",
    claimId: row.claim_id ?? null,
    claimVersionId: row.claim_version_id ?? null,
    remitClaimId,
    controlNumber,
    line: null,
    code: null,
    rule: null,
    carc: null,
    amount: formatCents(paidCents),
    action: null,
    nextStep: message,
  });
  return {
    ...row,
    kind: "unmatched",
    rule: null,
    carc: null,
    amount_cents: paidCents,
    item: JSON.stringify({ controlNumber, message }),
  };
}

/**
 * Posts an 835 to the practice's stored claims (biller). An unreadable file (no
 * transaction set) is invalid-input with the X12 position; a file that reads but does not
 * balance is posted with `balance.balanced: false` and the reader's findings. Posting the
 * same file again writes nothing and returns the first posting's result with posted: false.
 */
export const postRemit = audited(
  {
    action: "post",
    entity: "remit",
    describe: ([practiceId], result) => ({
      entityId: result?.remitId ?? null,
      practiceId,
      detail: result
        ? {
            posted: result.posted,
            claims: result.claims.length,
            items: result.items.length,
            underpayments: result.underpayments.length,
            unmatched: result.unmatched.length,
            balanced: result.balance.balanced,
          }
        : {},
    }),
  },
  post,
);

export interface RemitView extends PostRemitResult {
  practiceId: string;
  payer: { name: string | null; id: string | null };
  traceNumber: string | null;
  paymentDate: string | null;
  createdAt: string;
  /** The remit claims as stored now (a later reversal marks them reversed). */
  remitClaims: Array<{
    remitClaimId: string;
    controlNumber: string;
    statusCode: string;
    claimId: string | null;
    claimVersionId: string | null;
    charge: string;
    paid: string;
    patientResponsibility: string;
    payerClaimControlNumber: string | null;
    reverses: string | null;
    reversed: boolean;
  }>;
}

/** A posted remittance (viewer): its result, its claims as they stand, no PHI. Another tenant's id is 404. */
export const getRemit = audited(
  {
    action: "read",
    entity: "remit",
    describe: ([id], result) => ({ entityId: id, practiceId: result?.practiceId ?? null }),
  },
  async (ctx: AppContext, scope: Scope, id: string): Promise<RemitView> => {
    const row = isUuid(id)
      ? await findRemit(ctx.store.db, practicesAllowed(scope, "read"), scope.organizationId, id)
      : undefined;
    if (!row) throw notFound("remit", id);
    const summary = row.summary as unknown as PostRemitResult;
    return {
      ...summary,
      posted: true,
      practiceId: row.practice_id,
      payer: { name: row.payer_name, id: row.payer_id },
      traceNumber: row.trace_number,
      paymentDate: row.payment_date,
      createdAt: new Date(row.created_at).toISOString(),
      remitClaims: row.claims.map((c) => ({
        remitClaimId: c.id,
        controlNumber: c.control_number,
        statusCode: c.status_code,
        claimId: c.claim_id,
        claimVersionId: c.claim_version_id,
        charge: formatCents(c.charge_cents),
        paid: formatCents(c.paid_cents),
        patientResponsibility: formatCents(c.patient_responsibility_cents),
        payerClaimControlNumber: c.payer_claim_control_number,
        reverses: c.reverses_id,
        reversed: c.reversed,
      })),
    };
  },
);
