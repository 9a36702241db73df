import type { FastifyInstance, FastifyPluginAsync, LightMyRequestResponse } from "fastify";
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, createToken, defaultSignInPolicy, operatorScope, tokenPattern } from "../app/identity.js";
import { requirePermission } from "../app/scope.js";
import { queryAudit } from "../store/audit.js";
import { backends } from "../store/test-support.js";
import { type IdentityFixture, identityFixture } from "../test-support/identity.js";
import { type Authenticate, requireCredentials, scopeOf } from "./auth.js";
import { createAuthenticator, identityPlugin, identityServerDeps } from "./identity.js";
import { problemReply } from "./problems.js";
import { testServer } from "./test-support.js";

const password = "correct horse battery staple";

/**
 * Stand-ins for the records area's routes (not on this branch): a claim-work action and a
 * practice read, each checked by app/scope's requirePermission as the real ones are.
 */
const standIns: FastifyPluginAsync = async (api) => {
  api.post("/test/claim-work", async (request) => {
    requirePermission(scopeOf(request), "work");
    return { ok: true };
  });
  api.get<{ Params: { id: string } }>("/test/practices/:id", async (request) => {
    requirePermission(scopeOf(request), "read", request.params.id);
    return { id: request.params.id };
  });
};

interface Signed {
  cookie: string;
  csrfToken: string;
  response: LightMyRequestResponse;
}

describe.each(backends)("identity over HTTP on %s", (backend) => {
  let f: IdentityFixture;
  let app: FastifyInstance;
  const users: Record<"admin" | "biller" | "viewer" | "practiceBiller", { email: string; id: string }> =
    {} as never;
  const tokens: Record<"admin" | "biller" | "viewer" | "practice0", string> = {} as never;

  beforeAll(async () => {
    f = await identityFixture(backend);
    const operator = operatorScope(f.organizationId);
    const grantsOf = {
      admin: [{ role: "admin" as const, practiceId: null }],
      biller: [{ role: "biller" as const, practiceId: null }],
      viewer: [{ role: "viewer" as const, practiceId: null }],
      practiceBiller: [{ role: "biller" as const, practiceId: f.practices[0] }],
    };
    for (const [key, grants] of Object.entries(grantsOf) as [keyof typeof grantsOf, never][]) {
      const email = `${key.toLowerCase()}@bayside.example`;
      const created = await addUser(f.ctx, operator, { email, password, grants });
      users[key] = { email, id: created.id };
    }
    for (const role of ["admin", "biller", "viewer"] as const)
      tokens[role] = (await createToken(f.ctx, operator, { role })).token;
    tokens.practice0 = (
      await createToken(f.ctx, operator, { role: "biller", practiceId: f.practices[0] })
    ).token;
    const deps = identityServerDeps({ ctx: f.ctx });
    app = await testServer({ ...deps, plugins: [...deps.plugins, standIns] });
  });
  afterAll(async () => {
    await app?.close();
    await f?.dispose();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function signIn(who: keyof typeof users, remoteAddress = "127.0.0.1"): Promise<Signed> {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: users[who].email, password },
      remoteAddress,
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === "cleanclaim_session")!;
    return { cookie: `cleanclaim_session=${cookie.value}`, csrfToken: response.json().csrfToken, response };
  }

  describe("sign-in", () => {
    it("sets an httpOnly, SameSite=Strict session cookie (not Secure over plain HTTP) and returns the user, practices and CSRF token", async () => {
      const { response } = await signIn("practiceBiller");
      const body = response.json();
      expect(body.user.email).toBe("practicebiller@bayside.example");
      expect(body.practices).toEqual([{ id: f.practices[0], name: "Bayside Therapy", role: "biller" }]);
      expect(body.csrfToken).toMatch(/\S{20,}/);
      const setCookie = String(response.headers["set-cookie"]);
      expect(setCookie).toMatch(/^cleanclaim_session=[^;]+; /);
      expect(setCookie).toContain("HttpOnly");
      expect(setCookie).toContain("SameSite=Strict");
      expect(setCookie).toContain("Path=/");
      expect(setCookie).not.toContain("Secure");
      expect(JSON.stringify(body)).not.toContain(password);
    });

    it.each([
      ["a wrong password", { email: "admin@bayside.example", password: "wrong password!!" }],
      ["an unknown email", { email: "ghost@bayside.example", password }],
    ])("refuses %s with 401 and no cookie", async (_case, payload) => {
      const response = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload });
      expect(response.statusCode).toBe(401);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json()).toMatchObject({
        code: "unauthenticated",
        message: "the email or password is wrong",
      });
      expect(response.headers["set-cookie"]).toBeUndefined();
    });

    it("answers 429 with Retry-After after 5 failures for one email", async () => {
      const payload = { email: "viewer@bayside.example", password: "not the password" };
      const statuses: number[] = [];
      for (let i = 0; i < defaultSignInPolicy.maxFailuresPerEmail + 1; i++)
        statuses.push(
          (
            await app.inject({
              method: "POST",
              url: "/api/v1/auth/login",
              payload,
              remoteAddress: `10.2.0.${i}`,
            })
          ).statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const limited = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: payload.email, password },
        remoteAddress: "10.2.0.50",
      });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe("rate-limited");
      expect(Number(limited.headers["retry-after"])).toBe(15 * 60);
      f.clock.advance(15 * 60_000 + 1000);
      expect((await signIn("viewer", "10.2.0.51")).response.statusCode).toBe(200);
    });

    it("a session cookie authenticates /auth/me; logout ends it (401 after)", async () => {
      const s = await signIn("biller");
      const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        credential: "session",
        user: { email: "biller@bayside.example" },
        token: null,
        grants: [{ role: "biller", practiceId: null }],
      });
      const out = await app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
      });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers["set-cookie"])).toMatch(/cleanclaim_session=;/);
      const after = await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { cookie: s.cookie },
      });
      expect(after.statusCode).toBe(401);
    });

    it("an admin's revoke ends a user's sessions", async () => {
      const s = await signIn("viewer");
      const admin = await signIn("admin");
      const revoke = await app.inject({
        method: "DELETE",
        url: `/api/v1/users/${users.viewer.id}/sessions`,
        headers: { cookie: admin.cookie, "x-csrf-token": admin.csrfToken },
      });
      expect(revoke.statusCode).toBe(200);
      expect(revoke.json().revoked).toBeGreaterThanOrEqual(1);
      expect(
        (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } }))
          .statusCode,
      ).toBe(401);
    });

    it("an expired session is refused (401)", async () => {
      const s = await signIn("biller");
      f.clock.advance(defaultSignInPolicy.sessionTtlMs + 1000);
      const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } });
      expect(me.statusCode).toBe(401);
    });

    it.each([
      ["no credential", {}],
      ["a malformed token", { authorization: "Bearer nope" }],
      ["an unknown token", { authorization: `Bearer cc_${"x".repeat(43)}` }],
      ["another scheme", { authorization: "Basic YWRtaW46YWRtaW4=" }],
      ["a forged cookie", { cookie: "cleanclaim_session=abc.def" }],
    ])("answers 401 to %s", async (_case, headers) => {
      const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers });
      expect(me.statusCode).toBe(401);
      expect(me.json().code).toBe("unauthenticated");
    });
  });

  describe("tokens", () => {
    it("a revoked token is refused (401)", async () => {
      const created = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: bearer(tokens.admin),
        payload: { role: "viewer", name: "short-lived" },
      });
      expect(created.statusCode).toBe(201);
      const { id, token } = created.json();
      expect(token).toMatch(tokenPattern);
      expect(
        (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer(token) })).statusCode,
      ).toBe(200);
      const listed = await app.inject({
        method: "GET",
        url: "/api/v1/tokens",
        headers: bearer(tokens.admin),
      });
      expect(listed.body).not.toContain(token);
      expect(listed.json().map((t: { id: string }) => t.id)).toContain(id);
      const revoked = await app.inject({
        method: "DELETE",
        url: `/api/v1/tokens/${id}`,
        headers: bearer(tokens.admin),
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      expect(
        (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: bearer(token) })).statusCode,
      ).toBe(401);
    });

    it("a practice-scoped token sees its practice only (another is 404, as a guessed id is)", async () => {
      const me = await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: bearer(tokens.practice0),
      });
      expect(me.json().practices).toEqual([{ id: f.practices[0], name: "Bayside Therapy", role: "biller" }]);
      const mine = await app.inject({
        method: "GET",
        url: `/api/v1/test/practices/${f.practices[0]}`,
        headers: bearer(tokens.practice0),
      });
      expect(mine.statusCode).toBe(200);
      for (const other of [f.practices[1], f.otherPractice, "00000000-0000-4000-8000-000000000000"]) {
        const r = await app.inject({
          method: "GET",
          url: `/api/v1/test/practices/${other}`,
          headers: bearer(tokens.practice0),
        });
        expect([r.statusCode, r.json().code]).toEqual([404, "not-found"]);
      }
    });
  });

  describe("roles", () => {
    const routes = [
      ["GET", "/api/v1/auth/me", undefined],
      ["POST", "/api/v1/test/claim-work", {}],
      ["GET", "/api/v1/users", undefined],
      ["POST", "/api/v1/users", { email: "new.$@bayside.example", password, roles: [{ role: "viewer" }] }],
      ["GET", "/api/v1/tokens", undefined],
      ["POST", "/api/v1/tokens", { role: "viewer" }],
      ["GET", "/api/v1/audit", undefined],
    ] as const;
    // Independently of the code: admin does everything; biller does claim work, not administration; viewer reads.
    const expected: Record<"admin" | "biller" | "viewer", number[]> = {
      admin: [200, 200, 200, 201, 200, 201, 200],
      biller: [200, 200, 403, 403, 403, 403, 403],
      viewer: [200, 403, 403, 403, 403, 403, 403],
    };
    it.each(["admin", "biller", "viewer"] as const)("%s: role x route", async (role) => {
      const got: number[] = [];
      for (const [method, url, payload] of routes) {
        const body =
          payload && "email" in payload
            ? { ...payload, email: payload.email.replace("$", `${role}${Date.now()}`) }
            : payload;
        const r = await app.inject({
          method,
          url,
          headers: bearer(tokens[role]),
          ...(body ? { payload: body } : {}),
        });
        got.push(r.statusCode);
        if (r.statusCode === 403) expect(r.json().code).toBe("forbidden");
      }
      expect(got).toEqual(expected[role]);
    });

    it("PATCH /users/:id replaces roles and disables; a disabled user's session ends", async () => {
      const s = await signIn("practiceBiller");
      const admin = bearer(tokens.admin);
      const patched = await app.inject({
        method: "PATCH",
        url: `/api/v1/users/${users.practiceBiller.id}`,
        headers: admin,
        payload: { roles: [{ role: "viewer", practiceId: f.practices[1] }] },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().grants).toEqual([{ role: "viewer", practiceId: f.practices[1] }]);
      const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } });
      expect(me.json().practices).toEqual([
        { id: f.practices[1], name: "Coral Chiropractic", role: "viewer" },
      ]);
      const disabled = await app.inject({
        method: "PATCH",
        url: `/api/v1/users/${users.practiceBiller.id}`,
        headers: admin,
        payload: { disabled: true },
      });
      expect(disabled.json().disabled).toBe(true);
      expect(
        (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } }))
          .statusCode,
      ).toBe(401);
      const unknown = await app.inject({
        method: "PATCH",
        url: "/api/v1/users/00000000-0000-4000-8000-000000000000",
        headers: admin,
        payload: { disabled: true },
      });
      expect(unknown.statusCode).toBe(404);
      await app.inject({
        method: "PATCH",
        url: `/api/v1/users/${users.practiceBiller.id}`,
        headers: admin,
        payload: { disabled: false, roles: [{ role: "biller", practiceId: f.practices[0] }] },
      });
    });
  });

  describe("CSRF", () => {
    it("a cookie POST without the token is 403; with it, it goes through; a bearer POST needs none", async () => {
      const s = await signIn("admin");
      const without = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: { cookie: s.cookie },
        payload: { role: "viewer" },
      });
      expect([without.statusCode, without.json().code]).toEqual([403, "forbidden"]);
      const wrong = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: { cookie: s.cookie, "x-csrf-token": "forged" },
        payload: { role: "viewer" },
      });
      expect(wrong.statusCode).toBe(403);
      const withToken = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
        payload: { role: "viewer" },
      });
      expect(withToken.statusCode).toBe(201);
      // GET /auth/csrf gives a token that works as well
      const fetched = await app.inject({
        method: "GET",
        url: "/api/v1/auth/csrf",
        headers: { cookie: s.cookie },
      });
      const again = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: { cookie: s.cookie, "x-csrf-token": fetched.json().csrfToken },
        payload: { role: "viewer" },
      });
      expect(again.statusCode).toBe(201);
      // a safe method needs no token
      expect(
        (await app.inject({ method: "GET", url: "/api/v1/tokens", headers: { cookie: s.cookie } }))
          .statusCode,
      ).toBe(200);
      const bearerPost = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: bearer(tokens.admin),
        payload: { role: "viewer" },
      });
      expect(bearerPost.statusCode).toBe(201);
      expect(bearerPost.headers["set-cookie"]).toBeUndefined();
    });

    it("one session's CSRF token does not pass for another session", async () => {
      const a = await signIn("admin");
      const b = await signIn("admin");
      const crossed = await app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: { cookie: a.cookie, "x-csrf-token": b.csrfToken },
        payload: { role: "viewer" },
      });
      expect(crossed.statusCode).toBe(403);
    });
  });

  describe("audit", () => {
    it("shows sign-ins and its own reads to admins; no route changes it", async () => {
      const before = (await queryAudit(f.store.db, f.organizationId, { limit: 1000 })).length;
      const r = await app.inject({
        method: "GET",
        url: "/api/v1/audit?action=login&limit=3",
        headers: bearer(tokens.admin),
      });
      expect(r.statusCode).toBe(200);
      const { records, next } = r.json();
      expect(records.length).toBe(3);
      expect(records.every((x: { action: string }) => x.action === "login")).toBe(true);
      expect(next).toBe(records[2].id);
      const page2 = await app.inject({
        method: "GET",
        url: `/api/v1/audit?action=login&limit=3&before=${next}`,
        headers: bearer(tokens.admin),
      });
      expect(Number(page2.json().records[0].id)).toBeLessThan(Number(next));
      const [latest] = await queryAudit(f.store.db, f.organizationId, { limit: 1 });
      expect([latest?.action, latest?.entity, latest?.actor]).toEqual([
        "search",
        "audit",
        "token:admin token",
      ]);

      for (const [method, url] of [
        ["DELETE", "/api/v1/audit"],
        ["PUT", "/api/v1/audit"],
        ["PATCH", "/api/v1/audit"],
        ["POST", "/api/v1/audit"],
        ["DELETE", `/api/v1/audit/${latest?.id}`],
        ["PATCH", `/api/v1/audit/${latest?.id}`],
        ["PUT", `/api/v1/audit/${latest?.id}`],
      ] as const) {
        const res = await app.inject({ method, url, headers: bearer(tokens.admin), payload: {} });
        expect([method, url, res.statusCode]).toEqual([method, url, 404]);
      }
      const routes = app.printRoutes({ commonPrefix: false });
      expect(routes).toMatch(/audit \(GET, HEAD\)/);
      const after = await queryAudit(f.store.db, f.organizationId, { limit: 1000 });
      expect(after.length).toBe(before + 2); // the two reads above, nothing removed or changed
    });

    it("refuses the log to a biller (403) and a bad filter (400)", async () => {
      expect(
        (await app.inject({ method: "GET", url: "/api/v1/audit", headers: bearer(tokens.biller) }))
          .statusCode,
      ).toBe(403);
      const bad = await app.inject({
        method: "GET",
        url: "/api/v1/audit?from=yesterday",
        headers: bearer(tokens.admin),
      });
      expect([bad.statusCode, bad.json().code]).toEqual([400, "invalid-option"]);
    });
  });

  it("marks the cookie Secure when the connection is TLS (behind a trusted proxy here)", async () => {
    // buildServer has no trustProxy option yet, so this mounts the same seam on a server that trusts its proxy.
    const tls = Fastify({ trustProxy: true });
    tls.setValidatorCompiler(validatorCompiler);
    tls.setSerializerCompiler(serializerCompiler);
    tls.setErrorHandler((error, request, reply) => problemReply(error, request, reply));
    tls.decorateRequest("scope", null);
    const authenticate: Authenticate = createAuthenticator({ ctx: f.ctx });
    await tls.register(
      async (api) => {
        requireCredentials(api, authenticate);
        await api.register(identityPlugin({ ctx: f.ctx }));
      },
      { prefix: "/api/v1" },
    );
    try {
      const response = await tls.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        headers: { "x-forwarded-proto": "https" },
        payload: { email: users.admin.email, password },
      });
      expect(response.statusCode).toBe(200);
      const setCookie = String(response.headers["set-cookie"]);
      expect(setCookie).toContain("Secure");
      expect(setCookie).toContain("SameSite=Strict");
      expect(setCookie).toContain("HttpOnly");
    } finally {
      await tls.close();
    }
  });
});
