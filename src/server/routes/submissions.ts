import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { getSubmission, getSubmission837, submitClaims } from "../../app/submissions.js";
import { scopeOf } from "../auth.js";
import { parseWith, uuidParam } from "./remit-common.js";

const submitBody = z.object({ claimIds: z.array(z.string().min(1)).min(1).max(5000) }).strict();

/** POST /submissions {claimIds} → the 837's numbers; GET /submissions/:id; GET /submissions/:id/837 (text/plain). */
export function submissionRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    api.post("/submissions", async (request, reply) => {
      const body = parseWith(submitBody, request.body, "$");
      const result = await submitClaims(ctx, scopeOf(request), body);
      return reply.code(201).send(result);
    });
    api.get("/submissions/:id", async (request) => {
      const { id } = parseWith(uuidParam, request.params, "params");
      return getSubmission(ctx, scopeOf(request), id);
    });
    api.get("/submissions/:id/837", async (request, reply) => {
      const { id } = parseWith(uuidParam, request.params, "params");
      const text = await getSubmission837(ctx, scopeOf(request), id);
      return reply
        .type("text/plain; charset=utf-8")
        .header("content-disposition", `attachment; filename="${id}.837"`)
        .send(text);
    });
  };
}
