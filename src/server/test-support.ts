import type { Scope } from "../app/scope.js";
import { packReference } from "../test-support/reference.js";
import { buildServer, type ServerDeps } from "./app.js";
import type { Authenticate } from "./auth.js";

/** A biller across one synthetic organization: what a valid token resolves to in these tests. */
export const testScope: Scope = Object.freeze({
  organizationId: "org-test",
  actor: { userId: null, tokenId: "tok-test", label: "test token", ip: null },
  grants: [{ role: "biller" as const, practiceId: null }],
});

export const testToken = "test-token-1";

/** Accepts exactly these bearer tokens (each its own scope label), like identity will for stored tokens. */
export function tokenAuthenticator(...tokens: string[]): Authenticate {
  return async (request) => {
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (token === undefined || !tokens.includes(token)) return null;
    return { ...testScope, actor: { ...testScope.actor, label: `token ${tokens.indexOf(token)}` } };
  };
}

/** The bearer header of `testToken`. */
export const authorized = { authorization: `Bearer ${testToken}` } as const;

/** A server over the bundled pack that accepts `testToken`; `overrides` replace any dependency. */
export function testServer(overrides: Partial<ServerDeps> = {}) {
  return buildServer({
    reference: packReference(),
    authenticate: tokenAuthenticator(testToken),
    ...overrides,
  });
}
