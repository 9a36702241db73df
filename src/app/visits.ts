import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { PayerType, VisitsBefore } from "../model/common.js";
import { yearOf } from "../model/dates.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import { formatCents, parseCents } from "../model/money.js";
import { Problem } from "../model/problem.js";
import { InputError } from "../model/validate.js";
import type { Visit } from "../model/visit.js";
import { parseVisitInput } from "../pipeline/input.js";
import { checkOne } from "../pipeline/pipeline.js";
import { insertClaim, insertEvent, insertVersion } from "../store/claims.js";
import { uniqueViolation } from "../store/db-errors.js";
import { type HistoryClaim, patientClaimsBetween, payerClaimsBefore } from "../store/history.js";
import { insertPatient, matchPatient } from "../store/patients.js";
import type { Database } from "../store/schema.js";
import { authorizationVisitsUsed, insertVisit, partiesOf, visitOfBatchItem } from "../store/visits.js";
import { audited } from "./audited.js";
import { storedResult } from "./claim-view.js";
import type { AppContext } from "./context.js";
import { duplicateClaimFindings } from "./duplicate-claims.js";
import { withoutPhi } from "./phi-documents.js";
import { fillFromPractice, loadPracticeContext, type PracticeContext } from "./practice-context.js";
import type { Scope } from "./scope.js";
import { spendingOf } from "./therapy-spending.js";
import { visitsBeforeOf } from "./visits-before.js";

/**
 * `POST /api/v1/visits` (issue 9): a visit is checked with the core (parseVisitInput,
 * checkOne) after the practice fills what the visit leaves out and the stored history
 * gives what the clinician should not have to type (KX year-to-date, authorization visits
 * used), then stored with its patient and its claim, in one transaction.
 */
export interface StoreVisitOptions {
  /** A batch job's item: stored once; a retry gets the stored result back. */
  batch?: { batchId: string; index: number } | undefined;
  /** Names the document in messages ("visit", "$[2]"). */
  source?: string | undefined;
}

export interface StoredVisit {
  visitId: string;
  claimId: string;
  patientId: string;
  claim: import("../model/claim.js").Claim;
  findings: Finding[];
  estimate: Estimate | null;
  /** True when a retried batch item found its visit already stored (nothing was written). */
  alreadyStored?: boolean;
}

/** Where each history-fed value came from, kept on the claim's first event. */
interface HistoryUsed {
  therapyYearToDate: { value: string; from: "visit" | "history" };
  authorizationVisitsUsed?: { value: number; from: "visit" | "history" };
  visitsBefore?: { value: VisitsBefore; from: "visit" | "history" };
}

export const storeVisit = audited(
  {
    action: "create",
    entity: "visit",
    describe: (
      [practiceId, , options]: [string, unknown, StoreVisitOptions?],
      result: StoredVisit | undefined,
    ) => ({
      entityId: result?.visitId ?? null,
      practiceId,
      patientId: result?.patientId ?? null,
      detail: {
        ...(result
          ? { claimId: result.claimId, errors: result.findings.filter((f) => f.severity === "error").length }
          : {}),
        ...(options?.batch ? { batchId: options.batch.batchId, batchIndex: options.batch.index } : {}),
        ...(result?.alreadyStored ? { alreadyStored: true } : {}),
      },
    }),
  },
  async (
    ctx: AppContext,
    scope: Scope,
    practiceId: string,
    document: unknown,
    options: StoreVisitOptions = {},
  ): Promise<StoredVisit> => {
    try {
      return await ctx.store.db.transaction().execute(async (tx) => {
        const pc = await loadPracticeContext(ctx, tx, scope, "work", practiceId);
        return storeOne(ctx, tx, scope, pc, document, options);
      });
    } catch (error) {
      // Two workers raced on one batch item: the loser returns the winner's result.
      if (options.batch && uniqueViolation(error) === "visits_batch_id_batch_index_key") {
        const pc = await loadPracticeContext(ctx, ctx.store.db, scope, "work", practiceId);
        const stored = await visitOfBatchItem(ctx.store.db, pc.practice.id, options.batch);
        if (stored) return { ...(await storedResult(ctx, ctx.store.db, stored)), alreadyStored: true };
      }
      throw conflictOf(error);
    }
  },
);

/**
 * An API array: all or nothing (one transaction), so a client that gets an error knows
 * none of its visits was stored and can send the array again. Batch jobs store per item.
 */
export const storeVisits = audited(
  {
    action: "create",
    entity: "visit",
    describe: ([practiceId, documents]: [string, unknown[]], result: StoredVisit[] | undefined) => ({
      practiceId,
      detail: { count: documents.length, ...(result ? { claimIds: result.map((r) => r.claimId) } : {}) },
    }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string, documents: unknown[]): Promise<StoredVisit[]> => {
    try {
      return await ctx.store.db.transaction().execute(async (tx) => {
        const pc = await loadPracticeContext(ctx, tx, scope, "work", practiceId);
        const out: StoredVisit[] = [];
        for (const [index, document] of documents.entries())
          out.push(await storeOne(ctx, tx, scope, pc, document, { source: `$[${index}]` }));
        return out;
      });
    } catch (error) {
      throw conflictOf(error);
    }
  },
);

function conflictOf(error: unknown): unknown {
  const constraint = uniqueViolation(error);
  if (constraint === "claims_practice_id_control_number_key")
    return new Problem([
      {
        code: "conflict",
        path: "$.id",
        message:
          "a claim with this visit id (the claim's control number, CLM01) is already stored for the practice; send a corrected claim for a change, or give the new visit its own id",
      },
    ]);
  return error;
}

async function storeOne(
  ctx: AppContext,
  tx: Kysely<Database>,
  scope: Scope,
  pc: PracticeContext,
  document: unknown,
  options: StoreVisitOptions,
): Promise<StoredVisit> {
  const practiceId = pc.practice.id;
  if (options.batch) {
    const stored = await visitOfBatchItem(tx, practiceId, options.batch);
    if (stored) return { ...(await storedResult(ctx, tx, stored)), alreadyStored: true };
  }
  const source = options.source ?? "visit";
  if (document === null || typeof document !== "object" || Array.isArray(document))
    throw new InputError([{ path: "$", message: "expected a visit object" }], source);
  const raw = document as Record<string, unknown>;
  const { visit, warnings } = parseVisitInput(fillFromPractice(raw, pc), source);

  const patientId =
    (await matchPatient(tx, ctx.cipher, practiceId, visit.patient)) ??
    (await insertPatient(tx, ctx.cipher, practiceId, visit.patient));

  const year = yearOf(visit.dateOfService);
  const history = await patientClaimsBetween(tx, practiceId, patientId, `${year}-01-01`, `${year}-12-31`);
  const used = await fillFromHistory(tx, practiceId, patientId, visit, raw, history);

  const checked = checkOne(visit, pc.options);
  const findings = [...warnings, ...checked.findings, ...duplicateClaimFindings(checked.claim, history)];
  const { claim, estimate } = checked;

  const visitId = randomUUID();
  const claimId = randomUUID();
  const actor = scope.actor.label;
  await insertVisit(tx, ctx.cipher, {
    id: visitId,
    practiceId,
    patientId,
    externalId: visit.id,
    dateOfService: visit.dateOfService,
    payerId: visit.payer.id,
    authorizationNumber: visit.authorization?.number ?? null,
    document: withoutPhi(visit),
    parties: partiesOf(visit),
    batch: options.batch,
    createdBy: actor,
  });
  const dates = claim.lines.map((l) => l.dateOfService).sort();
  await insertClaim(tx, {
    id: claimId,
    practiceId,
    patientId,
    visitId,
    controlNumber: claim.id,
    // stored scrubbed: the draft existed only inside this transaction (its event records it)
    status: "scrubbed",
    payerId: claim.payer.id,
    payerType: claim.payer.type,
    dateOfService: dates[0] ?? visit.dateOfService,
    throughDate: dates[dates.length - 1] ?? visit.dateOfService,
    chargeCents: claim.lines.reduce((sum, l) => sum + parseCents(l.charge), 0),
    expectedCents: estimate?.payerPaid ? parseCents(estimate.payerPaid) : null,
  });
  await insertVersion(tx, {
    claimId,
    practiceId,
    version: 1,
    frequency: claim.frequency,
    document: withoutPhi(claim),
    findings,
    estimate,
    reason: null,
    createdBy: actor,
  });
  const at = ctx.now();
  await insertEvent(tx, { claimId, practiceId, from: null, to: "draft", actor, at, data: { history: used } });
  await insertEvent(tx, {
    claimId,
    practiceId,
    from: "draft",
    to: "scrubbed",
    actor,
    // a millisecond later, so the history reads in order (events are ordered by time)
    at: new Date(at.getTime() + 1),
    data: { errors: findings.filter((f) => f.severity === "error").length },
  });
  return { visitId, claimId, patientId, claim, findings, estimate };
}

/** The payers whose state schedules can limit visits (issue 11): workers' comp and auto no-fault. */
const stateLimitedPayers: ReadonlySet<PayerType> = new Set(["workers-comp", "auto"]);

/**
 * History feeds the rules: the KX year-to-date (this patient's stored Medicare claims from
 * January 1 through this date of service, app/therapy-spending.ts) for the visit's plan of
 * care discipline (PT and SLP combined, OT apart), and the visits already used under the
 * visit's authorization; for workers' comp and auto, the visits per discipline for the same
 * injury (app/visits-before.ts), which a state schedule's visit limits count from. A value the
 * visit gives itself is kept: the EMR may know of care billed elsewhere.
 */
async function fillFromHistory(
  tx: Kysely<Database>,
  practiceId: string,
  patientId: string,
  visit: Visit,
  raw: Record<string, unknown>,
  history: readonly HistoryClaim[],
): Promise<HistoryUsed> {
  const used: HistoryUsed = { therapyYearToDate: { value: visit.therapyYearToDate, from: "visit" } };
  if (raw.therapyYearToDate === undefined) {
    const spending = spendingOf(history.filter((h) => h.dateOfService <= visit.dateOfService));
    const cents = visit.planOfCare?.discipline === "OT" ? spending.ot : spending.ptSlp;
    visit.therapyYearToDate = formatCents(cents);
    used.therapyYearToDate = { value: visit.therapyYearToDate, from: "history" };
  }
  const auth = visit.authorization;
  if (auth) {
    const given = (raw.authorization as { visitsUsed?: unknown } | null | undefined)?.visitsUsed;
    if (given === undefined) {
      auth.visitsUsed = await authorizationVisitsUsed(tx, practiceId, patientId, auth);
      used.authorizationVisitsUsed = { value: auth.visitsUsed, from: "history" };
    } else used.authorizationVisitsUsed = { value: auth.visitsUsed ?? 0, from: "visit" };
  }
  // State visit limits (workers' comp, auto): the visits per discipline for this injury.
  if (stateLimitedPayers.has(visit.payer.type)) {
    if (raw.visitsBefore === undefined) {
      const stored = await payerClaimsBefore(tx, practiceId, patientId, visit.payer.id, visit.dateOfService);
      visit.visitsBefore = visitsBeforeOf(visit, stored);
      used.visitsBefore = { value: visit.visitsBefore, from: "history" };
    } else if (visit.visitsBefore) used.visitsBefore = { value: visit.visitsBefore, from: "visit" };
  }
  return used;
}
