import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { claimStatuses, transitionClaim } from "../../app/claim-life-cycle.js";
import { attestClaim, fixClaim } from "../../app/claim-work.js";
import { getClaim, listClaims } from "../../app/claims.js";
import type { AppContext } from "../../app/context.js";
import { distinctModifiers } from "../../model/common.js";
import type { ClaimStatus } from "../../store/schema.js";
import { scopeOf } from "../auth.js";
import { parsePart } from "./records-common.js";

const idParam = z.object({ id: z.string() });
const transitionBody = z.object({
  to: z.enum(claimStatuses as [ClaimStatus, ...ClaimStatus[]]),
  reason: z.string().optional(),
  override: z.boolean().optional(),
});
const attestBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("distinct"),
    line: z.number().int().min(0),
    value: z.enum(distinctModifiers),
    note: z.string().min(1),
  }),
  z.object({ kind: z.literal("medical-necessity"), note: z.string().min(1) }),
]);

/**
 * GET /claims (paged: `?status=&payer=&from=&to=&rule=&patient=&practiceId=&cursor=&limit=`),
 * GET /claims/:id, and the claim work that makes a new version or moves it in its life cycle:
 * POST /claims/:id/fix, /attest and /transition.
 */
export function claimRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    api.get("/claims", async (request) => listClaims(ctx, scopeOf(request), (request.query ?? {}) as never));
    api.get("/claims/:id", async (request) =>
      getClaim(ctx, scopeOf(request), parsePart(idParam, request.params, "params").id),
    );
    api.post("/claims/:id/fix", async (request) =>
      fixClaim(ctx, scopeOf(request), parsePart(idParam, request.params, "params").id),
    );
    api.post("/claims/:id/attest", async (request) => {
      const { id } = parsePart(idParam, request.params, "params");
      return attestClaim(ctx, scopeOf(request), id, parsePart(attestBody, request.body, "$"));
    });
    api.post("/claims/:id/transition", async (request) => {
      const { id } = parsePart(idParam, request.params, "params");
      const body = parsePart(transitionBody, request.body, "$");
      return transitionClaim(ctx, scopeOf(request), id, body.to, {
        reason: body.reason,
        override: body.override,
      });
    });
  };
}
