import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import {
  addUser,
  disableUser,
  listUsers,
  revokeSessions,
  setRoles,
  type UserView,
} from "../../app/identity.js";
import { scopeOf } from "../auth.js";
import { problemOf } from "../problems.js";
import { grant, idParams, user } from "./schemas.js";

/** Users and their roles (organization admins only; app/identity checks the role). */
export function userRoutes(options: { ctx: AppContext }): FastifyPluginAsync {
  const { ctx } = options;
  return async (instance: FastifyInstance) => {
    const api = instance.withTypeProvider<ZodTypeProvider>();

    api.get(
      "/users",
      { schema: { summary: "The organization's users (admin)", response: { 200: z.array(user) } } },
      async (request) => listUsers(ctx, scopeOf(request)),
    );

    api.post(
      "/users",
      {
        schema: {
          summary: "Add a user with a password (12 characters or more) and roles (admin)",
          body: z.strictObject({
            email: z.string().min(1).max(320),
            password: z.string().max(1024),
            roles: z.array(grant).min(1).max(200),
          }),
          response: { 201: user },
        },
      },
      async (request, reply) => {
        const created = await addUser(ctx, scopeOf(request), {
          email: request.body.email,
          password: request.body.password,
          grants: request.body.roles,
        });
        return reply.code(201).send(created);
      },
    );

    api.patch(
      "/users/:id",
      {
        schema: {
          summary: "Replace a user's roles, or disable (true) or re-enable (false) them (admin)",
          params: idParams,
          body: z.strictObject({
            roles: z.array(grant).min(1).max(200).optional(),
            disabled: z.boolean().optional(),
          }),
          response: { 200: user },
        },
      },
      async (request) => {
        const scope = scopeOf(request);
        const { roles, disabled } = request.body;
        if (roles === undefined && disabled === undefined)
          throw problemOf("invalid-input", "expected roles, disabled, or both", "$");
        let result: UserView | undefined;
        if (roles !== undefined) result = await setRoles(ctx, scope, request.params.id, roles);
        if (disabled !== undefined) result = await disableUser(ctx, scope, request.params.id, disabled);
        return result!;
      },
    );

    api.delete(
      "/users/:id/sessions",
      {
        schema: {
          summary: "End every session of a user (admin)",
          params: idParams,
          response: { 200: z.object({ revoked: z.number().int() }) },
        },
      },
      async (request) => revokeSessions(ctx, scopeOf(request), request.params.id),
    );
  };
}
