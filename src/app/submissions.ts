import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { formatCents } from "../model/money.js";
import { Problem } from "../model/problem.js";
import { parseInput } from "../model/validate.js";
import { type EnvelopeSettings, envelopeFor, envelopeSettingsSchema } from "../remit/corrected.js";
import { moveClaim, readClaims } from "../store/claim-reads.js";
import type { Database } from "../store/schema.js";
import { allocateControlNumber, findSubmission, insertSubmission, isUuid } from "../store/submissions.js";
import { write837 } from "../x12/write837.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { notFound, practicesAllowed, requirePermission, type Scope } from "./scope.js";

/**
 * Submissions (issue 9): ready claims of one practice go out as one 837P (005010X222A1)
 * built from the practice's envelope settings, with control numbers the practice never
 * reuses; the claims move to submitted. One transaction: all of it, or nothing.
 */

export interface SubmitRequest {
  claimIds: readonly string[];
}

export interface SubmittedClaim {
  claimId: string;
  controlNumber: string;
  claimVersionId: string;
  version: number;
}

export interface SubmissionResult {
  submissionId: string;
  practiceId: string;
  /** ISA13, nine digits; GS06 the same number unpadded; ST02 the first transaction set. */
  isa13: string;
  gs06: string;
  st02: string;
  charge: string;
  claims: SubmittedClaim[];
}

/** The SEALED field name of a submission's 837 text. */
export const submissionContentField = "submission.content";

/** The practice's 837P envelope settings: `practices.settings.envelope` (the shape of `--envelope`). */
export async function practiceEnvelope(
  db: Kysely<Database>,
  organizationId: string,
  practiceId: string,
): Promise<EnvelopeSettings | undefined> {
  const practice = await db
    .selectFrom("practices")
    .select(["settings"])
    .where("id", "=", practiceId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!practice) throw notFound("practice", practiceId);
  const settings = (
    typeof practice.settings === "string" ? JSON.parse(practice.settings) : practice.settings
  ) as Record<string, unknown> | null;
  const envelope = settings?.envelope;
  if (envelope === undefined || envelope === null) return undefined;
  return parseInput(envelopeSettingsSchema, envelope, { source: "practice.settings.envelope" })
    .value as EnvelopeSettings;
}

/** Finds which practice the claims belong to, among those the scope may read; unknown ids are 404. */
async function practiceOfClaims(ctx: AppContext, scope: Scope, claimIds: readonly string[]): Promise<string> {
  const allowed = practicesAllowed(scope, "read");
  const wellFormed = claimIds.filter(isUuid);
  let rows: Array<{ id: string; practice_id: string }> = [];
  if (wellFormed.length > 0 && (allowed === "all" || allowed.length > 0)) {
    let query = ctx.store.db
      .selectFrom("claims as c")
      .innerJoin("practices as p", "p.id", "c.practice_id")
      .select(["c.id", "c.practice_id"])
      .where("c.id", "in", wellFormed)
      .where("p.organization_id", "=", scope.organizationId);
    if (allowed !== "all") query = query.where("c.practice_id", "in", allowed);
    rows = await query.execute();
  }
  const found = new Set(rows.map((r) => r.id));
  const missing = claimIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new Problem(
      missing.map((id) => ({
        code: "not-found" as const,
        message: `no claim ${id}`,
        path: `$.claimIds[${claimIds.indexOf(id)}]`,
        data: { entity: "claim", id },
      })),
    );
  }
  const practices = [...new Set(rows.map((r) => r.practice_id))];
  if (practices.length > 1) {
    throw new Problem([
      {
        code: "invalid-input",
        message: `one submission holds the claims of one practice; these belong to ${practices.length} practices: submit each practice's claims separately`,
        path: "$.claimIds",
        data: {
          practices: practices.map((p) => ({
            practiceId: p,
            claimIds: rows.filter((r) => r.practice_id === p).map((r) => r.id),
          })),
        },
      },
    ]);
  }
  return practices[0]!;
}

async function submit(ctx: AppContext, scope: Scope, request: SubmitRequest): Promise<SubmissionResult> {
  const claimIds = [...new Set(request.claimIds)];
  if (claimIds.length === 0) {
    throw new Problem([
      { code: "invalid-input", message: "expected at least one claim id", path: "$.claimIds" },
    ]);
  }
  const practiceId = await practiceOfClaims(ctx, scope, claimIds);
  requirePermission(scope, "work", practiceId);
  const settings = await practiceEnvelope(ctx.store.db, scope.organizationId, practiceId);
  const now = ctx.now();

  return ctx.store.db.transaction().execute(async (tx) => {
    const stored = await readClaims(
      tx,
      ctx.cipher,
      practiceId,
      { ids: claimIds },
      { withPhi: true, lock: true },
    );
    const notReady = stored
      .filter((c) => c.status !== "ready")
      .sort((a, b) => claimIds.indexOf(a.id) - claimIds.indexOf(b.id));
    if (notReady.length > 0) {
      throw new Problem(
        notReady.map((c) => ({
          code: "conflict" as const,
          message: `claim ${c.id} (${c.controlNumber}) is ${c.status}; only ready claims are submitted`,
          path: `$.claimIds[${claimIds.indexOf(c.id)}]`,
          data: { claimId: c.id, status: c.status },
        })),
      );
    }
    // Claim order as asked (the 837 lists them so).
    const byId = new Map(stored.map((c) => [c.id, c]));
    const claims = claimIds.map((id) => byId.get(id)!);
    const first = claims[0]!.claim;
    const envelope = envelopeFor(settings, first, { name: first.payer.name, id: first.payer.id }, now);
    if (typeof envelope === "string") {
      throw new Problem([
        {
          code: "conflict",
          message: `practice ${practiceId} has no 837P envelope settings: ${envelope}`,
          path: "practice.settings.envelope",
        },
      ]);
    }
    const controlNumber = await allocateControlNumber(tx, practiceId);
    const text = write837(
      claims.map((c) => c.claim),
      { ...envelope, controlNumber, groupControlNumber: controlNumber },
    );
    const submissionId = randomUUID();
    const chargeCents = claims.reduce((s, c) => s + c.chargeCents, 0);
    const result: SubmissionResult = {
      submissionId,
      practiceId,
      isa13: String(controlNumber).padStart(9, "0"),
      gs06: String(controlNumber),
      st02: "0001",
      charge: formatCents(chargeCents),
      claims: claims.map((c) => ({
        claimId: c.id,
        controlNumber: c.controlNumber,
        claimVersionId: c.versionId,
        version: c.version,
      })),
    };
    await insertSubmission(tx, {
      id: submissionId,
      practiceId,
      isa13: result.isa13,
      gs06: result.gs06,
      st02: result.st02,
      chargeCents,
      contentSealed: ctx.cipher.seal(submissionContentField, text),
      keyVersion: ctx.cipher.current,
      createdBy: scope.actor.label,
      createdAt: now,
      claims: claims.map((c) => ({ claimId: c.id, claimVersionId: c.versionId })),
    });
    for (const c of claims) {
      await moveClaim(tx, {
        claimId: c.id,
        practiceId,
        from: c.status,
        to: "submitted",
        actor: scope.actor.label,
        reason: `sent in 837P interchange ${result.isa13}`,
        at: now,
        data: { submissionId, isa13: result.isa13, claimVersionId: c.versionId },
      });
    }
    return result;
  });
}

/**
 * Submits ready claims of one practice as one 837P (biller). Unknown or other tenants'
 * claim ids are 404 (each named); claims not ready are 409 (each named with its status);
 * claims of two practices are 400.
 */
export const submitClaims = audited(
  {
    action: "submit",
    entity: "submission",
    describe: ([request], result) => ({
      entityId: result?.submissionId ?? null,
      practiceId: result?.practiceId ?? null,
      detail: { claimIds: [...request.claimIds], ...(result ? { isa13: result.isa13 } : {}) },
    }),
  },
  submit,
);

export interface SubmissionView {
  submissionId: string;
  practiceId: string;
  isa13: string;
  gs06: string;
  st02: string;
  charge: string;
  createdAt: string;
  createdBy: string | null;
  claims: Array<{ claimId: string; claimVersionId: string }>;
}

async function loadSubmission(ctx: AppContext, scope: Scope, id: string) {
  const row = await findSubmission(ctx.store.db, practicesAllowed(scope, "read"), scope.organizationId, id);
  if (!row) throw notFound("submission", id);
  return row;
}

/** A submission's numbers and claims (viewer). */
export const getSubmission = audited(
  { action: "read", entity: "submission", describe: ([id]) => ({ entityId: id }) },
  async (ctx: AppContext, scope: Scope, id: string): Promise<SubmissionView> => {
    const row = await loadSubmission(ctx, scope, id);
    return {
      submissionId: row.id,
      practiceId: row.practice_id,
      isa13: row.isa13,
      gs06: row.gs06,
      st02: row.st02,
      charge: formatCents(row.charge_cents),
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
      claims: row.claims.map((c) => ({ claimId: c.claim_id, claimVersionId: c.claim_version_id })),
    };
  },
);

/** The 837P text of a submission, as sent (viewer; served as text/plain). */
export const getSubmission837 = audited(
  {
    action: "export",
    entity: "submission",
    describe: ([id], result) => ({ entityId: id, detail: result ? { bytes: result.length } : {} }),
  },
  async (ctx: AppContext, scope: Scope, id: string): Promise<string> => {
    const row = await loadSubmission(ctx, scope, id);
    return ctx.cipher.open(submissionContentField, row.content_enc);
  },
);
