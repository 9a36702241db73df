import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Scope } from "../app/scope.js";
import { problemOf } from "./problems.js";

/**
 * Resolves the caller of a request from its credential (a bearer token, a session cookie):
 * their Scope, or null when there is no credential or it is unknown, expired or revoked.
 * The identity module implements it; the server only calls it. It runs before the body is
 * read, so a caller without a credential never gets a 100 MB upload parsed.
 */
export type Authenticate = (request: FastifyRequest) => Promise<Scope | null>;

declare module "fastify" {
  interface FastifyRequest {
    /** The caller, set by the auth hook on every /api/v1 route that is not public; null on public routes. */
    scope: Scope | null;
  }
  interface FastifyContextConfig {
    /** True for an /api/v1 route that needs no credential (the sign-in route). */
    public?: boolean;
  }
}

/** The default name of the session cookie (the identity module sets it; the rate limit keys on it). */
export const defaultSessionCookie = "cleanclaim_session";

/** The Scope of an authenticated request; a route that needs one calls this (401 if somehow absent). */
export function scopeOf(request: FastifyRequest): Scope {
  if (request.scope === null) throw unauthenticated();
  return request.scope;
}

export function unauthenticated() {
  return problemOf(
    "unauthenticated",
    "this request needs a credential: send Authorization: Bearer <token> or sign in for a session cookie",
  );
}

/**
 * Adds the auth hook to an instance (the /api/v1 context; buildServer decorates `request.scope`): every route there needs a
 * credential unless its config says `public: true`. Without an authenticator every such
 * request is refused: the server fails closed, so a server wired without identity never
 * serves PHI. `preParsing` runs after every onRequest hook (cookie and session plugins
 * parse there) and before the body is read.
 */
export function requireCredentials(api: FastifyInstance, authenticate: Authenticate | undefined): void {
  api.addHook("preParsing", async (request) => {
    if (request.routeOptions.config.public === true) return;
    const scope = authenticate ? await authenticate(request) : null;
    if (scope === null) throw unauthenticated();
    request.scope = scope;
  });
}

/** The bearer token of a request, if it sent one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** One cookie's value from the Cookie header (the rate limit runs before any cookie plugin). */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 22);

/**
 * The rate limit's key: the credential, so each token or session gets its own budget
 * (issue 9: per-token rate limits), else the address. Credentials are hashed: the
 * limiter's store never holds a usable token.
 */
export function rateLimitKey(request: FastifyRequest, sessionCookie = defaultSessionCookie): string {
  const token = bearerToken(request);
  if (token !== undefined) return `token:${digest(token)}`;
  const session = cookieValue(request, sessionCookie);
  if (session !== undefined) return `session:${digest(session)}`;
  return `ip:${request.ip}`;
}
