import type { Kysely } from "kysely";
import { Problem } from "../model/problem.js";
import { claimRow, currentVersion, insertEvent, updateClaim } from "../store/claims.js";
import type { ClaimStatus, Database, Row } from "../store/schema.js";
import { practiceIdsFor } from "../store/tenancy.js";
import { audited } from "./audited.js";
import { type ClaimSummary, summaryOf } from "./claim-view.js";
import type { AppContext } from "./context.js";
import { notFound, type Permission, requirePermission, type Scope } from "./scope.js";

/**
 * The claim life cycle (issue 9): draft → scrubbed → ready → submitted → accepted/rejected
 * → paid / partially paid / denied → corrected/appealed → closed, as data. A claim is
 * scrubbed again after any change (a fix, an attestation, a rejection's repair); a
 * corrected claim (frequency 7 or 8) is made ready and submitted again; an appeal ends in
 * a new payment decision. Every transition is an event with who, when and why.
 */
export const claimTransitions: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  draft: ["scrubbed", "closed"],
  scrubbed: ["scrubbed", "ready", "closed"],
  ready: ["scrubbed", "submitted", "closed"],
  submitted: ["accepted", "rejected"],
  // A 999's acceptance is syntax only: the payer's 277CA may still reject the claim.
  accepted: ["rejected", "paid", "partially-paid", "denied"],
  rejected: ["scrubbed", "corrected", "closed"],
  paid: ["corrected", "closed"],
  "partially-paid": ["corrected", "appealed", "closed"],
  denied: ["corrected", "appealed", "closed"],
  corrected: ["scrubbed", "ready", "closed"],
  appealed: ["paid", "partially-paid", "denied", "closed"],
  closed: [],
};

export const claimStatuses = Object.keys(claimTransitions) as ClaimStatus[];

export interface TransitionOptions {
  reason?: string | undefined;
  /** Make a claim with error findings ready anyway; needs a reason, and is recorded. */
  override?: boolean | undefined;
  /** Ids for the event (a remittance, a submission, a version); no PHI. */
  data?: Record<string, unknown> | undefined;
}

/** The claim, if the scope may read it (404 otherwise), and may act on it with this permission (403). */
export async function claimFor(
  db: Kysely<Database>,
  scope: Scope,
  permission: Permission,
  claimId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Row<"claims">> {
  const row = await claimRow(db, await practiceIdsFor(db, scope, "read"), claimId, options);
  if (!row) throw notFound("claim", claimId);
  requirePermission(scope, permission, row.practice_id);
  return row;
}

/**
 * One transition inside the caller's transaction (the remit helper posts payments with
 * it): refused as a conflict when the table does not allow it; to "ready" only without
 * error findings, unless overridden with a reason.
 */
export async function transitionIn(
  ctx: AppContext,
  tx: Kysely<Database>,
  scope: Scope,
  claim: Row<"claims">,
  to: ClaimStatus,
  options: TransitionOptions = {},
): Promise<Row<"claims">> {
  if (!claimTransitions[claim.status].includes(to))
    throw new Problem([
      {
        code: "conflict",
        path: "$.to",
        message: `a ${claim.status} claim cannot become ${to}; from ${claim.status} it can become ${claimTransitions[claim.status].join(", ") || "nothing (it is closed)"}`,
        data: { from: claim.status, to, allowed: claimTransitions[claim.status] },
      },
    ]);
  const reason = options.reason?.trim() || null;
  let override = false;
  if (to === "ready") {
    const version = await currentVersion(tx, claim);
    if (version.error_count > 0) {
      if (options.override !== true)
        throw new Problem([
          {
            code: "conflict",
            path: "$.to",
            message: `the claim has ${version.error_count} error finding${version.error_count === 1 ? "" : "s"}: fix ${version.error_count === 1 ? "it" : "them"} first, or override with a reason`,
            data: { errors: version.error_count },
          },
        ]);
      if (!reason)
        throw new Problem([
          { code: "invalid-input", path: "$.reason", message: "an override needs a reason (it is recorded)" },
        ]);
      override = true;
    }
  }
  await updateClaim(tx, claim, { status: to });
  await insertEvent(tx, {
    claimId: claim.id,
    practiceId: claim.practice_id,
    from: claim.status,
    to,
    actor: scope.actor.label,
    reason,
    override,
    data: options.data ?? null,
    at: ctx.now(),
  });
  return { ...claim, status: to };
}

/** `POST /api/v1/claims/:id/transition` `{ to, reason, override }`: biller work. */
export const transitionClaim = audited(
  {
    action: "transition",
    entity: "claim",
    describe: (
      [claimId, to, options]: [string, ClaimStatus, TransitionOptions?],
      result: ClaimSummary | undefined,
    ) => ({
      entityId: claimId,
      practiceId: result?.practiceId ?? null,
      patientId: result?.patientId ?? null,
      detail: { to, ...(options?.override ? { override: true } : {}) },
    }),
  },
  async (
    ctx: AppContext,
    scope: Scope,
    claimId: string,
    to: ClaimStatus,
    options: TransitionOptions = {},
  ): Promise<ClaimSummary> => {
    if (!claimStatuses.includes(to))
      throw new Problem([
        { code: "invalid-input", path: "$.to", message: `expected one of ${claimStatuses.join(", ")}` },
      ]);
    return ctx.store.db.transaction().execute(async (tx) => {
      const claim = await claimFor(tx, scope, "work", claimId, { forUpdate: true });
      return summaryOf(await transitionIn(ctx, tx, scope, claim, to, options));
    });
  },
);
