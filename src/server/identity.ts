import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifySession from "@fastify/session";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../app/context.js";
import {
  defaultSignInPolicy,
  endSession,
  loadSessionData,
  newSessionId,
  type SignInPolicy,
  saveSessionData,
  scopeForSession,
  scopeForToken,
} from "../app/identity.js";
import type { Scope } from "../app/scope.js";
import type { ServerDeps } from "./app.js";
import { type Authenticate, bearerToken, defaultSessionCookie } from "./auth.js";
import { problemOf } from "./problems.js";
import { auditRoutes } from "./routes/audit.js";
import { authRoutes } from "./routes/auth.js";
import { tokenRoutes } from "./routes/tokens.js";
import { userRoutes } from "./routes/users.js";

/**
 * Identity over HTTP (issue 9, authentication): a bearer token, or the session cookie of a
 * signed-in user, becomes the request's Scope (server/auth.ts's seam). Sessions live in the
 * database (@fastify/session over a store that calls app/identity), so any server process
 * sharing the database honours them and a revoked one ends everywhere at once. A
 * cookie-authenticated request that changes something needs its CSRF token
 * (@fastify/csrf-protection): the cookie is an ambient credential a browser sends by
 * itself. A bearer token is not, so bearer requests need none.
 */
export interface IdentityServerOptions {
  ctx: AppContext;
  policy?: Readonly<SignInPolicy>;
  /** The session cookie's name (default cleanclaim_session, which the rate limit keys on). */
  cookieName?: string;
  /**
   * Signs the session cookie (at least 32 characters). Every process sharing the database
   * must use the same one: by default it is derived from the PHI key, which they share.
   */
  cookieSecret?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The session id sign-in issued, for the session plugin's id generator to adopt. */
    issuedSessionId: string | null;
    /** How the request was authenticated (null on public routes). */
    credential: "token" | "session" | null;
  }
  interface Session {
    userId?: string;
    _csrf?: string;
  }
}

/** Methods that change nothing: no CSRF token needed (RFC 9110 §9.2.1 safe methods). */
const safeMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** What `buildServer` needs for identity: the authenticator, the routes and the cookie name. */
export function identityServerDeps(
  options: IdentityServerOptions,
): Required<Pick<ServerDeps, "authenticate" | "plugins" | "sessionCookie">> {
  return {
    authenticate: createAuthenticator(options),
    plugins: [identityPlugin(options)],
    sessionCookie: options.cookieName ?? defaultSessionCookie,
  };
}

/**
 * The authenticator: `Authorization: Bearer <token>` first, else the session cookie. Null
 * (401) when the credential is missing, malformed, unknown, revoked or expired. A cookie
 * request with an unsafe method and no valid CSRF token is refused with 403.
 */
export function createAuthenticator(options: IdentityServerOptions): Authenticate {
  const { ctx } = options;
  return async (request: FastifyRequest): Promise<Scope | null> => {
    const token = bearerToken(request);
    if (token !== undefined) {
      const scope = await scopeForToken(ctx, token, request.ip);
      if (scope) request.credential = "token";
      return scope;
    }
    if (request.headers.authorization !== undefined) return null; // some other scheme: not ours
    const sessionId = sessionIdOf(request);
    if (sessionId === null) return null;
    const scope = await scopeForSession(ctx, sessionId, request.ip);
    if (scope === null) return null;
    if (!safeMethods.has(request.method)) await requireCsrfToken(request);
    request.credential = "session";
    return scope;
  };
}

/** The id of a session the request's cookie names and the store found live; null otherwise. */
export function sessionIdOf(request: FastifyRequest): string | null {
  const session = request.session as FastifyRequest["session"] | undefined | null;
  // A live session restored from the store carries its user; a new empty one does not.
  if (!session || typeof session.sessionId !== "string" || session.userId === undefined) return null;
  return session.sessionId;
}

async function requireCsrfToken(request: FastifyRequest): Promise<void> {
  const refused = () =>
    problemOf(
      "forbidden",
      "a signed-in request that changes something needs its CSRF token in the x-csrf-token header (GET /api/v1/auth/csrf)",
    );
  await new Promise<void>((resolve, reject) => {
    // The plugin answers a bad token through reply.send; we turn that into our problem.
    const reply = { send: () => reject(refused()) } as unknown as FastifyReply;
    try {
      request.server.csrfProtection(request, reply, () => resolve());
    } catch {
      reject(refused());
    }
  });
}

/**
 * The routes and the cookie, session and CSRF plugins, registered into the /api/v1 context
 * (not encapsulated: the session hook must run for every /api/v1 route, before the auth hook).
 */
export function identityPlugin(options: IdentityServerOptions): FastifyPluginAsync {
  const { ctx } = options;
  const policy = options.policy ?? defaultSignInPolicy;
  const cookieName = options.cookieName ?? defaultSessionCookie;
  const secret = options.cookieSecret ?? ctx.cipher.blindIndex("server.session-cookie-secret", "cleanclaim");
  const plugin: FastifyPluginAsync = async (api: FastifyInstance) => {
    api.decorateRequest("issuedSessionId", null);
    api.decorateRequest("credential", null);
    await api.register(fastifyCookie);
    await api.register(fastifySession, {
      secret,
      cookieName,
      // Only sign-in makes a session; anonymous requests get no cookie and no row.
      saveUninitialized: false,
      rolling: false,
      idGenerator: (request?: FastifyRequest) => {
        const issued = request?.issuedSessionId ?? null;
        if (request) request.issuedSessionId = null;
        return issued ?? newSessionId();
      },
      // Secure is set per session at sign-in, from the connection (secure: "auto" would
      // drop SameSite to Lax over plain HTTP).
      cookie: { httpOnly: true, sameSite: "strict", secure: false, path: "/", maxAge: policy.sessionTtlMs },
      store: {
        get: (sessionId, callback) => {
          loadSessionData(ctx, sessionId).then(
            (data) => callback(null, data as never),
            (error) => callback(error),
          );
        },
        set: (sessionId, session, callback) => {
          saveSessionData(
            ctx,
            sessionId,
            JSON.parse(JSON.stringify(session)) as Record<string, unknown>,
          ).then(
            () => callback(),
            (error) => callback(error),
          );
        },
        destroy: (sessionId, callback) => {
          endSession(ctx, sessionId).then(
            () => callback(),
            (error) => callback(error),
          );
        },
      },
    });
    await api.register(fastifyCsrf, { sessionPlugin: "@fastify/session" });
    await api.register(authRoutes({ ctx, policy, cookieName }));
    await api.register(userRoutes({ ctx }));
    await api.register(tokenRoutes({ ctx }));
    await api.register(auditRoutes({ ctx }));
  };
  // Fastify's documented way to skip encapsulation (what fastify-plugin sets).
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;
  return plugin;
}
