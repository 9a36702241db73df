import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { getRemit, postRemit } from "../../app/remits.js";
import { Problem } from "../../model/problem.js";
import { scopeOf } from "../auth.js";
import { acceptX12 } from "../x12-body.js";
import { parseWith, practiceOfRequest, uuidParam } from "./remit-common.js";

const jsonBody = z.object({ text: z.string().min(1), practiceId: z.string().optional() }).strict();

/**
 * POST /remits: the 835 as text/plain or application/edi-x12 (up to the X12 limit, 100 MB),
 * or JSON {text}; ?practiceId= names the practice when the credential works in several.
 * GET /remits/:id: the posting's result and its claims as they stand.
 */
export function remitRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    acceptX12(api, api.limits?.x12BodyBytes);
    api.post("/remits", async (request, reply) => {
      const scope = scopeOf(request);
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
            message: 'send the 835 as text/plain or application/edi-x12, or JSON {"text": ...}',
            path: "$",
          },
        ]);
      }
      const result = await postRemit(ctx, scope, practiceOfRequest(request, scope, given), text);
      return reply.code(result.posted ? 201 : 200).send(result);
    });
    api.get("/remits/:id", async (request) => {
      const { id } = parseWith(uuidParam, request.params, "params");
      return getRemit(ctx, scopeOf(request), id);
    });
  };
}
