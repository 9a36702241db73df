import { sql } from "kysely";
import { addDays, isIsoDate } from "../model/dates.js";
import { Problem } from "../model/problem.js";
import { isUuid, practiceIdsFor } from "../store/tenancy.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { mayAct, notFound, type Scope } from "./scope.js";

/**
 * The first-pass (clean claim) rate for the dashboard (issue 12, "the first-pass rate counts
 * these rejections"): of the claims first submitted in [from, to], the share whose first
 * submission was neither rejected (a 999 or 277CA, or a rejection recorded by hand) nor
 * denied on the first remittance posted to it. docs/acknowledgments.md, "First-pass rate".
 */
export interface FirstPassQuery {
  practiceId?: string | undefined;
  /** First submission on or after this day (UTC), YYYY-MM-DD. */
  from: string;
  /** ... and on or before this day. */
  to: string;
}

export interface FirstPassRate {
  practiceId: string | null;
  from: string;
  to: string;
  /** Claims whose first submission falls in the range. */
  submitted: number;
  /** Of them: neither rejected nor denied on the first pass. */
  clean: number;
  /** clean / submitted, rounded to 4 places; null when nothing was submitted. */
  rate: number | null;
  rejected: number;
  denied: number;
  /** Claims still waiting for their first acknowledgment or remittance count as clean so far. */
  pending: number;
}

function checkQuery(query: FirstPassQuery): void {
  const issues = (["from", "to"] as const)
    .filter((k) => !isIsoDate(query[k]))
    .map((k) => ({
      code: "invalid-option" as const,
      message: `expected a date as YYYY-MM-DD, got ${JSON.stringify(query[k] ?? null)}`,
      path: k,
    }));
  if (issues.length === 0 && query.from > query.to)
    issues.push({
      code: "invalid-option",
      message: `from ${query.from} is after to ${query.to}`,
      path: "from",
    });
  if (issues.length > 0) throw new Problem(issues);
}

export const firstPassRate = audited(
  {
    action: "search",
    entity: "claim",
    describe: ([q]) => ({ practiceId: q.practiceId ?? null, detail: { stat: "first-pass", ...q } }),
  },
  async (ctx: AppContext, scope: Scope, query: FirstPassQuery): Promise<FirstPassRate> => {
    checkQuery(query);
    let practiceIds = await practiceIdsFor(ctx.store.db, scope, "read");
    if (query.practiceId !== undefined) {
      if (!isUuid(query.practiceId) || !mayAct(scope, "read", query.practiceId))
        throw notFound("practice", query.practiceId);
      if (!practiceIds.includes(query.practiceId)) throw notFound("practice", query.practiceId);
      practiceIds = [query.practiceId];
    }
    const out: FirstPassRate = {
      practiceId: query.practiceId ?? null,
      from: query.from,
      to: query.to,
      submitted: 0,
      clean: 0,
      rate: null,
      rejected: 0,
      denied: 0,
      pending: 0,
    };
    if (practiceIds.length === 0) return out;
    const db = ctx.store.db;
    const start = new Date(`${query.from}T00:00:00.000Z`);
    const end = new Date(`${addDays(query.to, 1)}T00:00:00.000Z`);
    // Each claim's submissions, oldest first: the first pass lasts until the second.
    const sent = await db
      .selectFrom("submission_claims as sc")
      .innerJoin("submissions as s", "s.id", "sc.submission_id")
      .select(["sc.claim_id", "s.created_at"])
      .where("sc.practice_id", "in", practiceIds)
      .orderBy("s.created_at", "asc")
      .orderBy("s.isa13", "asc")
      .execute();
    const passes = new Map<string, { first: Date; second: Date | null }>();
    for (const r of sent) {
      const at = new Date(r.created_at);
      const pass = passes.get(r.claim_id);
      if (!pass) passes.set(r.claim_id, { first: at, second: null });
      else if (pass.second === null) pass.second = at;
    }
    const inRange = [...passes].filter(([, p]) => p.first >= start && p.first < end);
    out.submitted = inRange.length;
    if (inRange.length === 0) return out;
    const events = await db
      .selectFrom("claim_events")
      .select([
        "claim_id",
        "from_status",
        "to_status",
        "at",
        sql<string | null>`data->>'remitId'`.as("remit_id"),
      ])
      .where("practice_id", "in", practiceIds)
      .where(
        "claim_id",
        "in",
        inRange.map(([id]) => id),
      )
      .where((eb) => eb.or([eb("to_status", "=", "rejected"), eb(sql`data->>'remitId'`, "is not", null)]))
      .orderBy("at", "asc")
      .execute();
    const byClaim = new Map<string, typeof events>();
    for (const e of events) byClaim.set(e.claim_id, [...(byClaim.get(e.claim_id) ?? []), e]);
    for (const [claimId, pass] of inRange) {
      const during = (byClaim.get(claimId) ?? []).filter((e) => {
        const at = new Date(e.at);
        return at >= pass.first && (pass.second === null || at < pass.second);
      });
      // A rejection is an event that moved the claim to rejected (not a note that left it so).
      const rejected = during.some(
        (e) => e.to_status === "rejected" && e.from_status !== "rejected" && e.remit_id === null,
      );
      const firstRemit = (byClaim.get(claimId) ?? []).find(
        (e) => e.remit_id !== null && new Date(e.at) >= pass.first,
      );
      if (rejected) out.rejected += 1;
      else if (firstRemit?.to_status === "denied") out.denied += 1;
      else {
        out.clean += 1;
        if (!firstRemit) out.pending += 1;
      }
    }
    out.rate = Math.round((out.clean / out.submitted) * 10_000) / 10_000;
    return out;
  },
);
