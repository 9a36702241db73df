import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { getAcknowledgment, postAcknowledgment } from "../../app/acknowledgments.js";
import type { AppContext } from "../../app/context.js";
import { firstPassRate } from "../../app/stats.js";
import { Problem } from "../../model/problem.js";
import { scopeOf } from "../auth.js";
import { acceptX12 } from "../x12-body.js";
import { parseWith, practiceOfRequest, uuidParam } from "./remit-common.js";

const jsonBody = z.object({ text: z.string().min(1), practiceId: z.string().optional() }).strict();
const postQuery = z.object({ practiceId: z.string().optional() }).strict();
const firstPassQuery = z
  .object({ practiceId: z.string().optional(), from: z.string(), to: z.string() })
  .strict();

/**
 * POST /acknowledgments: a 999, 277CA or 277 as text/plain or application/edi-x12, or JSON
 * {text}; ?practiceId= names the practice when the credential works in several.
 * GET /acknowledgments/:id: the posting's result. GET /stats/first-pass?from=&to=.
 */
export function acknowledgmentRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    acceptX12(api, api.limits?.x12BodyBytes);
    api.post("/acknowledgments", async (request, reply) => {
      const scope = scopeOf(request);
      parseWith(postQuery, request.query ?? {}, "query");
      let text: string;
      let given: string | undefined;
      if (Buffer.isBuffer(request.body)) text = request.body.toString("latin1");
      else if (typeof request.body === "object" && request.body !== null) {
        const body = parseWith(jsonBody, request.body, "$");
        text = body.text;
        given = body.practiceId;
      } else {
        throw new Problem([
          {
            code: "invalid-input",
            message: 'send the 999 or 277CA as text/plain or application/edi-x12, or JSON {"text": ...}',
            path: "$",
          },
        ]);
      }
      const result = await postAcknowledgment(ctx, scope, practiceOfRequest(request, scope, given), text);
      return reply.code(result.posted ? 201 : 200).send(result);
    });
    api.get("/acknowledgments/:id", async (request) => {
      const { id } = parseWith(uuidParam, request.params, "params");
      return getAcknowledgment(ctx, scopeOf(request), id);
    });
    api.get("/stats/first-pass", async (request) => {
      const query = parseWith(firstPassQuery, request.query, "query");
      return firstPassRate(ctx, scopeOf(request), query);
    });
  };
}
