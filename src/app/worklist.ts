import type { Claim } from "../model/claim.js";
import { formatCents } from "../model/money.js";
import { Problem } from "../model/problem.js";
import type { PipelineOptions } from "../pipeline/pipeline.js";
import { correctedClaim } from "../remit/corrected.js";
import { unprocessableRemarks } from "../remit/reason-map.js";
import type { CorrectedClaim, WorkItem } from "../remit/types.js";
import { readClaims } from "../store/claim-reads.js";
import type { Row } from "../store/schema.js";
import { isUuid } from "../store/submissions.js";
import { requirePractice } from "../store/tenancy.js";
import { findWorklistItem, listWorklistItems, updateWorklistRow } from "../store/worklist.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { forbidden, mayAct, notFound, practicesAllowed, type Scope } from "./scope.js";
import { practiceEnvelope } from "./submissions.js";

/**
 * The denial worklist (issue 9): items made by remittance posting, worked through
 * open → in-progress → resolved / ignored (a resolved or ignored item may be reopened),
 * with an assignee and notes appended with who and when.
 */
export type WorklistStatus = "open" | "in-progress" | "resolved" | "ignored";

/** The allowed moves, as data: from → to. */
export const worklistTransitions: Readonly<Record<WorklistStatus, readonly WorklistStatus[]>> = {
  open: ["in-progress", "resolved", "ignored"],
  "in-progress": ["open", "resolved", "ignored"],
  resolved: ["open"],
  ignored: ["open"],
};

export interface WorklistNote {
  text: string;
  by: string;
  at: string;
}

export interface WorklistItemView {
  itemId: string;
  practiceId: string;
  kind: Row<"worklist_items">["kind"];
  status: WorklistStatus;
  assignee: string | null;
  claimId: string | null;
  claimVersionId: string | null;
  remitClaimId: string | null;
  /** The 999 or 277CA that made a rejection item. */
  acknowledgmentId: string | null;
  rule: string | null;
  carc: string | null;
  amount: string | null;
  item: Record<string, unknown>;
  notes: WorklistNote[];
  createdAt: string;
  updatedAt: string;
}

function view(row: Row<"worklist_items">): WorklistItemView {
  const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
  return {
    itemId: row.id,
    practiceId: row.practice_id,
    kind: row.kind,
    status: row.status as WorklistStatus,
    assignee: row.assignee,
    claimId: row.claim_id,
    claimVersionId: row.claim_version_id,
    remitClaimId: row.remit_claim_id,
    acknowledgmentId: row.acknowledgment_id ?? null,
    rule: row.rule,
    carc: row.carc,
    amount: row.amount_cents === null ? null : formatCents(row.amount_cents),
    item: json(row.item),
    notes: json(row.notes),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface WorklistQuery {
  practiceId?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  assignee?: string | undefined;
  claimId?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const encodeCursor = (row: Row<"worklist_items">): string =>
  Buffer.from(JSON.stringify({ c: new Date(row.created_at).toISOString(), i: row.id })).toString("base64url");

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      c: string;
      i: string;
    };
    // a plausible time (1901 to 9999): Date.parse takes "+275760-09-13", which timestamptz refuses with a 500
    const time = typeof c === "string" ? Date.parse(c) : Number.NaN;
    if (typeof i === "string" && isUuid(i) && time >= Date.UTC(1, 0, 1) && time < Date.UTC(10000, 0, 1))
      return { createdAt: c, id: i };
  } catch {
    // fall through
  }
  throw new Problem([
    { code: "invalid-input", message: "the cursor is not one this API gave out", path: "cursor" },
  ]);
}

/** Worklist items of the practices the scope may read, oldest first, paginated by cursor (viewer). */
export const listWorklist = audited(
  {
    action: "search",
    entity: "worklist",
    describe: ([q]) => ({ practiceId: q.practiceId ?? null, detail: { ...q } }),
  },
  async (
    ctx: AppContext,
    scope: Scope,
    query: WorklistQuery,
  ): Promise<{ items: WorklistItemView[]; nextCursor: string | null }> => {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const allowed = practicesAllowed(scope, "read");
    const bad = (what: string, value: string) =>
      new Problem([
        { code: "invalid-input", message: `${what} must be a UUID`, path: what, data: { value } },
      ]);
    for (const [k, v] of [
      ["practiceId", query.practiceId],
      ["assignee", query.assignee],
      ["claimId", query.claimId],
    ] as const)
      if (v !== undefined && !isUuid(v)) throw bad(k, v);
    // Another organization's practice is not found, as for every other filter (an org-wide grant "may read" any id).
    if (query.practiceId) await requirePractice(ctx.store.db, scope, "read", query.practiceId);
    const rows = await listWorklistItems(ctx.store.db, {
      practiceIds: allowed,
      organizationId: scope.organizationId,
      practiceId: query.practiceId,
      status: query.status,
      kind: query.kind,
      assignee: query.assignee,
      claimId: query.claimId,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(view),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  },
);

async function itemFor(
  ctx: AppContext,
  scope: Scope,
  id: string,
  lock = false,
): Promise<Row<"worklist_items">> {
  const row = isUuid(id)
    ? await findWorklistItem(ctx.store.db, practicesAllowed(scope, "read"), scope.organizationId, id, lock)
    : undefined;
  if (!row) throw notFound("worklist item", id);
  return row;
}

export interface WorklistUpdate {
  status?: WorklistStatus | undefined;
  /** A user id, or null to unassign. */
  assignee?: string | null | undefined;
  note?: string | undefined;
}

/** Changes an item's status, assignee or notes (biller). A move the table does not allow is 409. */
export const updateWorklistItem = audited(
  {
    action: "update",
    entity: "worklist",
    describe: ([id, update]) => ({
      entityId: id,
      detail: {
        status: update.status ?? null,
        assignee: update.assignee ?? null,
        note: update.note !== undefined,
      },
    }),
  },
  async (ctx: AppContext, scope: Scope, id: string, update: WorklistUpdate): Promise<WorklistItemView> => {
    return ctx.store.db.transaction().execute(async (tx) => {
      const row = await itemFor({ ...ctx, store: { ...ctx.store, db: tx } }, scope, id, true);
      if (!mayAct(scope, "work", row.practice_id)) throw forbidden("work");
      const from = row.status as WorklistStatus;
      const to = update.status ?? from;
      if (to !== from && !worklistTransitions[from]?.includes(to)) {
        throw new Problem([
          {
            code: "conflict",
            message: `a worklist item goes from ${from} to ${worklistTransitions[from]?.join(" or ") ?? "nothing"}, not to ${to}`,
            path: "$.status",
            data: { from, to },
          },
        ]);
      }
      let assignee = row.assignee;
      if (update.assignee !== undefined) {
        if (update.assignee !== null) {
          const user = isUuid(update.assignee)
            ? await tx
                .selectFrom("users")
                .select("id")
                .where("id", "=", update.assignee)
                .where("organization_id", "=", scope.organizationId)
                .executeTakeFirst()
            : undefined;
          if (!user) throw notFound("user", update.assignee);
        }
        assignee = update.assignee;
      }
      const notes = (typeof row.notes === "string" ? JSON.parse(row.notes) : row.notes) as WorklistNote[];
      const now = ctx.now();
      if (update.note !== undefined && update.note.trim() !== "")
        notes.push({ text: update.note, by: scope.actor.label, at: now.toISOString() });
      await updateWorklistRow(tx, row.practice_id, row.id, {
        status: to,
        assignee,
        notes: JSON.stringify(notes),
        updated_at: now,
      });
      return view({ ...row, status: to, assignee, notes, updated_at: now });
    });
  },
);

/**
 * The corrected claim for a denial item (biller): the claim version the payer adjudicated,
 * with the scrubber's fixes of the item's claim (every open denial of the same remit claim
 * with a fix), as a replacement (frequency 7, REF*F8 = CLP07) or, when the payer called the
 * first unprocessable (MA130), a new claim (frequency 1): src/remit/corrected.ts decides.
 * The new version is stored through `storeCorrection` (the records' createCorrectedVersion).
 */
export type StoreCorrection = (
  ctx: AppContext,
  scope: Scope,
  claimId: string,
  correction: { claim: Claim; frequency: "1" | "7" | "8"; reason: string; worklistItemId: string },
) => Promise<{ claimVersionId: string; version: number }>;

export interface CorrectedClaimResult {
  itemId: string;
  claimId: string;
  corrected: CorrectedClaim;
  stored: { claimVersionId: string; version: number } | null;
}

export function correctedClaimFor(storeCorrection: StoreCorrection | undefined) {
  return audited(
    {
      action: "create",
      entity: "claim",
      describe: ([id], r) => ({ entityId: r?.claimId ?? null, detail: { worklistItemId: id } }),
    },
    async (ctx: AppContext, scope: Scope, itemId: string): Promise<CorrectedClaimResult> => {
      const row = await itemFor(ctx, scope, itemId);
      if (!mayAct(scope, "work", row.practice_id)) throw forbidden("work");
      if (row.kind !== "denial" || !row.claim_id) {
        throw new Problem([
          {
            code: "conflict",
            message: `worklist item ${itemId} is ${row.kind === "denial" ? "a denial matched to no stored claim" : `an ${row.kind} item`}; only a denial of a stored claim has a corrected claim`,
          },
        ]);
      }
      const item = view(row).item as unknown as WorkItem;
      if (!item.fix || item.action !== "correct") {
        throw new Problem([
          {
            code: "conflict",
            message: `worklist item ${itemId} has no automatic fix (${item.action}): ${item.nextStep}`,
            data: { action: item.action },
          },
        ]);
      }
      const [stored] = await readClaims(
        ctx.store.db,
        ctx.cipher,
        row.practice_id,
        { ids: [row.claim_id] },
        { withPhi: true },
      );
      if (!stored) throw notFound("claim", row.claim_id);
      // The version the payer adjudicated is the one to correct.
      const version = await ctx.store.db
        .selectFrom("claim_versions")
        .select(["document"])
        .where("id", "=", row.claim_version_id ?? stored.versionId)
        .where("practice_id", "=", row.practice_id)
        .executeTakeFirst();
      const document = version
        ? ((typeof version.document === "string" ? JSON.parse(version.document) : version.document) as Claim)
        : stored.claim;
      const claim: Claim = { ...document, id: stored.controlNumber, patient: stored.claim.patient };
      // Every fixable denial of the same remit claim goes in the one corrected claim.
      const siblings = await ctx.store.db
        .selectFrom("worklist_items")
        .select(["item"])
        .where("practice_id", "=", row.practice_id)
        .where("remit_claim_id", "=", row.remit_claim_id ?? row.id)
        .where("kind", "=", "denial")
        .where("status", "in", ["open", "in-progress"])
        .execute();
      const items = [
        item,
        ...siblings.map((s) => (typeof s.item === "string" ? JSON.parse(s.item) : s.item) as WorkItem),
      ];
      const findings = [
        ...new Map(
          items
            .filter((i) => i.action === "correct" && i.finding)
            .map((i) => [JSON.stringify(i.finding), i.finding!]),
        ).values(),
      ];
      const unprocessable = items.some((i) => i.remarks.some((r) => unprocessableRemarks.has(r.code)));
      const options: PipelineOptions = {
        reference: ctx.reference,
        asOf: ctx.today(),
        ...(ctx.profiles ? { profiles: ctx.profiles } : {}),
      };
      const envelope = await practiceEnvelope(ctx.store.db, scope.organizationId, row.practice_id);
      const corrected = correctedClaim(
        {
          claim,
          payerClaimControlNumber: item.payerClaimControlNumber ?? stored.payerClaimControlNumber,
          kind: unprocessable ? "new" : "replace",
          findings,
          why: `worklist item ${itemId}: ${item.nextStep}`,
          payer: { name: claim.payer.name, id: claim.payer.id },
        },
        options,
        envelope,
        ctx.now(),
      );
      if (typeof corrected === "string") throw new Problem([{ code: "conflict", message: corrected }]);
      const saved = storeCorrection
        ? await storeCorrection(ctx, scope, stored.id, {
            claim: corrected.claim,
            frequency: corrected.frequency,
            reason: corrected.why,
            worklistItemId: itemId,
          })
        : null;
      return { itemId, claimId: stored.id, corrected, stored: saved };
    },
  );
}
