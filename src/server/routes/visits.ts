import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { type StoredVisit, storeVisit, storeVisits } from "../../app/visits.js";
import { scopeOf } from "../auth.js";
import { parsePart, practiceForWork } from "./records-common.js";

const query = z.object({ practiceId: z.string().optional() });

/** What the API answers per visit (issue 9): `{ visitId, claimId, claim, findings, estimate }`. */
function answer(r: StoredVisit) {
  return {
    visitId: r.visitId,
    claimId: r.claimId,
    claim: r.claim,
    findings: r.findings,
    estimate: r.estimate,
  };
}

/**
 * POST /visits: a visit, or an array of visits, stored with its patient and claim. An array
 * is all or nothing (one transaction): on any error nothing is stored. The practice is
 * `?practiceId=`, or the only one the credential does claim work in.
 */
export function visitRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    api.post("/visits", async (request, reply) => {
      const scope = scopeOf(request);
      const practiceId = await practiceForWork(
        ctx,
        scope,
        parsePart(query, request.query, "query").practiceId,
      );
      const body = request.body;
      if (Array.isArray(body))
        return reply.code(201).send((await storeVisits(ctx, scope, practiceId, body)).map(answer));
      return reply.code(201).send(answer(await storeVisit(ctx, scope, practiceId, body)));
    });
  };
}
