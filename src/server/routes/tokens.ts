import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { createToken, listTokens, revokeToken } from "../../app/identity.js";
import { scopeOf } from "../auth.js";
import { idParams, role, token } from "./schemas.js";

/** API tokens (organization admins only): the token is in the creation's answer and nowhere else. */
export function tokenRoutes(options: { ctx: AppContext }): FastifyPluginAsync {
  const { ctx } = options;
  return async (instance: FastifyInstance) => {
    const api = instance.withTypeProvider<ZodTypeProvider>();

    api.get(
      "/tokens",
      {
        schema: {
          summary: "The organization's API tokens, without the tokens (admin)",
          response: { 200: z.array(token) },
        },
      },
      async (request) => listTokens(ctx, scopeOf(request)),
    );

    api.post(
      "/tokens",
      {
        schema: {
          summary: "Create an API token: shown once in this answer (admin)",
          body: z.strictObject({
            role,
            practiceId: z.string().min(1).max(64).nullable().optional(),
            name: z.string().max(100).optional(),
          }),
          response: { 201: token.extend({ token: z.string() }) },
        },
      },
      async (request, reply) => {
        const created = await createToken(ctx, scopeOf(request), {
          role: request.body.role,
          practiceId: request.body.practiceId ?? null,
          name: request.body.name,
        });
        return reply.code(201).send(created);
      },
    );

    api.delete(
      "/tokens/:id",
      { schema: { summary: "Revoke an API token (admin)", params: idParams, response: { 200: token } } },
      async (request) => revokeToken(ctx, scopeOf(request), request.params.id),
    );
  };
}
