import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { login, logout, newSessionId, type SignInPolicy, whoAmI } from "../../app/identity.js";
import { isProblem } from "../../model/problem.js";
import { scopeOf } from "../auth.js";
import { sessionIdOf } from "../identity.js";
import { problemOf } from "../problems.js";
import { grantOut, practiceAccess, token, user } from "./schemas.js";

/**
 * Sign-in, sign-out, who am I, and the CSRF token (issue 9, passwords and sessions).
 * POST /auth/login is the one public /api/v1 route; it needs no CSRF token (it carries no
 * ambient credential, and the cookie is SameSite=Strict).
 */
export function authRoutes(options: {
  ctx: AppContext;
  policy: Readonly<SignInPolicy>;
  cookieName: string;
}): FastifyPluginAsync {
  const { ctx, policy, cookieName } = options;
  return async (instance: FastifyInstance) => {
    const api = instance.withTypeProvider<ZodTypeProvider>();

    api.post(
      "/auth/login",
      {
        config: { public: true },
        schema: {
          summary: "Sign in: sets the session cookie and returns the CSRF token for changes",
          security: [],
          body: z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }),
          response: {
            200: z.object({
              user,
              practices: z.array(practiceAccess),
              csrfToken: z.string(),
              expiresAt: z.string(),
            }),
          },
        },
      },
      async (request, reply) => {
        const issued = newSessionId();
        let signed: Awaited<ReturnType<typeof login>>;
        try {
          signed = await login(
            ctx,
            { email: request.body.email, password: request.body.password, ip: request.ip, sessionId: issued },
            policy,
          );
        } catch (error) {
          const wait = isProblem(error) ? error.issues[0]?.data?.retryAfterSeconds : undefined;
          if (typeof wait === "number") reply.header("retry-after", String(wait));
          throw error;
        }
        // A new id at sign-in (no session fixation); the old session, if any, is revoked.
        request.issuedSessionId = issued;
        await request.session.regenerate();
        request.session.options({ secure: request.protocol === "https" });
        request.session.userId = signed.user.id;
        const csrfToken = reply.generateCsrf();
        return { user: signed.user, practices: signed.practices, csrfToken, expiresAt: signed.expiresAt };
      },
    );

    api.post(
      "/auth/logout",
      { schema: { summary: "Sign out: ends the session (server-side) and clears the cookie" } },
      async (request, reply) => {
        const sessionId = request.credential === "session" ? sessionIdOf(request) : null;
        if (sessionId !== null) {
          await logout(ctx, scopeOf(request), sessionId);
          await request.session.destroy();
        }
        reply.clearCookie(cookieName, { path: "/" });
        return reply.code(204).send();
      },
    );

    api.get(
      "/auth/me",
      {
        schema: {
          summary: "The caller: user or token, grants, and the practices they can read",
          response: {
            200: z.object({
              organizationId: z.string(),
              credential: z.enum(["token", "session"]),
              user: user.nullable(),
              token: token.nullable(),
              grants: z.array(grantOut),
              practices: z.array(practiceAccess),
            }),
          },
        },
      },
      async (request) => {
        const me = await whoAmI(ctx, scopeOf(request));
        return { ...me, grants: [...me.grants], credential: request.credential ?? "token" };
      },
    );

    api.get(
      "/auth/csrf",
      {
        schema: {
          summary: "The CSRF token a signed-in browser sends (x-csrf-token) with changes",
          response: { 200: z.object({ csrfToken: z.string() }) },
        },
      },
      async (request, reply) => {
        if (request.credential !== "session")
          throw problemOf(
            "invalid-input",
            "CSRF tokens belong to signed-in sessions; a bearer-token request needs none",
          );
        return { csrfToken: reply.generateCsrf() };
      },
    );
  };
}
