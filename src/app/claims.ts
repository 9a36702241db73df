import { z } from "zod";
import { isoDate } from "../model/common.js";
import { isIsoDate } from "../model/dates.js";
import { Problem } from "../model/problem.js";
import { parseInput } from "../model/validate.js";
import { firstPaymentDates, listClaimRows } from "../store/claims.js";
import { patientIdsByMemberId, patientRow } from "../store/patients.js";
import { isUuid, practiceIdsFor, requirePractice } from "../store/tenancy.js";
import { audited } from "./audited.js";
import { claimFor, claimStatuses } from "./claim-life-cycle.js";
import { type ClaimDetails, type ClaimSummary, claimDetails, summaryOf } from "./claim-view.js";
import type { AppContext } from "./context.js";
import { notFound, type Scope } from "./scope.js";

/**
 * Reading claims (issue 9): `GET /api/v1/claims?status=&payer=&from=&to=&rule=&patient=&cursor=`
 * in pages, and `GET /api/v1/claims/:id` with versions, findings, estimate, history, remits
 * and attestations.
 */
export const claimListQuerySchema = z.object({
  practiceId: z.string().optional(),
  status: z.enum(claimStatuses as [string, ...string[]]).optional(),
  payer: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  rule: z.string().min(1).optional(),
  /** A patient id, or a member id (found by its blind index). */
  patient: z.string().min(1).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type ClaimListQuery = z.input<typeof claimListQuerySchema>;

export interface ClaimPage {
  items: ClaimSummary[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** The keyset cursor: the last row's (date of service, id), opaque to clients. */
function encodeCursor(row: { date_of_service: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.date_of_service, row.id])).toString("base64url");
}

function decodeCursor(cursor: string): { dateOfService: string; id: string } {
  try {
    const [dateOfService, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [
      string,
      string,
    ];
    // a real date: "2026-13-45" would otherwise reach the date column and fail there (500)
    if (typeof dateOfService === "string" && isIsoDate(dateOfService) && typeof id === "string" && isUuid(id))
      return { dateOfService, id };
  } catch {
    // answered below
  }
  throw new Problem([
    {
      code: "invalid-input",
      path: "$.cursor",
      message: "not a cursor this service gave (use nextCursor as given)",
    },
  ]);
}

export const listClaims = audited(
  {
    action: "search",
    entity: "claim",
    // The filters' names only: a member id given as ?patient= is PHI.
    describe: ([query]: [ClaimListQuery], result: ClaimPage | undefined) => ({
      practiceId: query.practiceId ?? null,
      detail: {
        filters: Object.keys(query).filter((k) => k !== "cursor" && k !== "limit"),
        count: result?.items.length ?? 0,
      },
    }),
  },
  async (ctx: AppContext, scope: Scope, query: ClaimListQuery): Promise<ClaimPage> => {
    const q = parseInput(claimListQuerySchema, query).value;
    const db = ctx.store.db;
    const practiceIds = q.practiceId
      ? [(await requirePractice(db, scope, "read", q.practiceId)).id]
      : await practiceIdsFor(db, scope, "read");
    let patientIds: string[] | undefined;
    if (q.patient) {
      if (isUuid(q.patient)) {
        const patient = await patientRow(db, scope, q.patient);
        if (!patient || !practiceIds.includes(patient.practice_id)) throw notFound("patient", q.patient);
        patientIds = [patient.id];
      } else patientIds = await patientIdsByMemberId(db, ctx.cipher, practiceIds, q.patient);
    }
    const rows = await listClaimRows(db, {
      practiceIds,
      status: q.status as ClaimSummary["status"] as never,
      payer: q.payer,
      from: q.from,
      to: q.to,
      rule: q.rule,
      patientIds,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const paid = await firstPaymentDates(
      db,
      practiceIds,
      page.filter((r) => r.paid_cents !== 0).map((r) => r.id),
    );
    return {
      items: page.map((row) => ({ ...summaryOf(row), paidDate: paid.get(row.id) ?? null })),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    };
  },
);

export const getClaim = audited(
  {
    action: "read",
    entity: "claim",
    describe: ([claimId]: [string], result: ClaimDetails | undefined) => ({
      entityId: claimId,
      practiceId: result?.practiceId ?? null,
      patientId: result?.patientId ?? null,
    }),
  },
  async (ctx: AppContext, scope: Scope, claimId: string): Promise<ClaimDetails> => {
    const row = await claimFor(ctx.store.db, scope, "read", claimId);
    return claimDetails(ctx, ctx.store.db, row);
  },
);
