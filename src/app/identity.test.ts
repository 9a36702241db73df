import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProblem, type Problem } from "../model/problem.js";
import { queryAudit } from "../store/audit.js";
import { backends } from "../store/test-support.js";
import { type IdentityFixture, identityFixture } from "../test-support/identity.js";
import {
  addUser,
  createToken,
  defaultSignInPolicy,
  disableUser,
  hashSecret,
  listTokens,
  listUsers,
  login,
  logout,
  operatorScope,
  readAudit,
  resolveOrganization,
  revokeSessions,
  revokeToken,
  scopeForSession,
  scopeForToken,
  setRoles,
  tokenPattern,
} from "./identity.js";
import type { Scope } from "./scope.js";

const password = "correct horse battery staple";

async function problemOf(promise: Promise<unknown>): Promise<Problem> {
  try {
    await promise;
  } catch (error) {
    if (isProblem(error)) return error;
    throw error;
  }
  throw new Error("expected a problem");
}

describe.each(backends)("identity on %s", (backend) => {
  let f: IdentityFixture;
  let admin: Scope;
  let seq = 0;
  /** A fresh email per test, so attempts and users never collide between cases. */
  const email = (who: string) => `${who}.${++seq}@bayside.example`;

  beforeAll(async () => {
    f = await identityFixture(backend);
    admin = operatorScope(f.organizationId, "test-operator");
  });
  afterAll(async () => {
    await f?.dispose();
  });

  describe("passwords", () => {
    it("stores argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1), never the password", async () => {
      const user = await addUser(f.ctx, admin, {
        email: email("hash"),
        password,
        grants: [{ role: "biller", practiceId: null }],
      });
      const row = await f.store.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
      );
      expect(row.password_hash).not.toContain(password);
    });

    it.each([
      ["", "invalid-input", "password"],
      ["eleven char", "invalid-input", "password"],
    ])("refuses the password %j", async (pw, code, path) => {
      const p = await problemOf(
        addUser(f.ctx, admin, {
          email: email("short"),
          password: pw,
          grants: [{ role: "viewer", practiceId: null }],
        }),
      );
      expect([p.code, p.issues[0]?.path]).toEqual([code, path]);
    });

    it("refuses a second user with the same email (any case) as a conflict", async () => {
      const e = email("twice");
      await addUser(f.ctx, admin, { email: e, password, grants: [{ role: "viewer", practiceId: null }] });
      const p = await problemOf(
        addUser(f.ctx, admin, {
          email: e.toUpperCase(),
          password,
          grants: [{ role: "viewer", practiceId: null }],
        }),
      );
      expect(p.code).toBe("conflict");
    });

    it("names an unknown practice, and a practice of another organization, as not found", async () => {
      for (const practiceId of ["7d4a0e6c-4f0b-4c1e-9d55-2b8f3a0e1c11", f.otherPractice]) {
        const p = await problemOf(
          addUser(f.ctx, admin, {
            email: email("nopractice"),
            password,
            grants: [{ role: "biller", practiceId }],
          }),
        );
        expect([p.code, p.issues[0]?.data]).toEqual(["not-found", { entity: "practice", id: practiceId }]);
        expect(p.message).toContain(practiceId);
      }
    });
  });

  describe("sign-in", () => {
    it("opens a session whose scope carries the user's grants; a wrong password, an unknown email and a disabled user get one answer", async () => {
      const e = email("login");
      const user = await addUser(f.ctx, admin, {
        email: e,
        password,
        grants: [{ role: "biller", practiceId: f.practices[0] }],
      });
      const signed = await login(f.ctx, { email: e.toUpperCase(), password, ip: "10.0.0.5" });
      expect(signed.user.id).toBe(user.id);
      expect(signed.practices).toEqual([{ id: f.practices[0], name: "Bayside Therapy", role: "biller" }]);
      const scope = await scopeForSession(f.ctx, signed.sessionId, "10.0.0.5");
      expect(scope).toEqual({
        organizationId: f.organizationId,
        actor: { userId: user.id, tokenId: null, label: e, ip: "10.0.0.5" },
        grants: [{ role: "biller", practiceId: f.practices[0] }],
      });
      // only the id's hash is stored
      const stored = await f.store.db
        .selectFrom("sessions")
        .select("id")
        .where("user_id", "=", user.id)
        .execute();
      expect(stored.map((s) => s.id)).toEqual([hashSecret(signed.sessionId)]);

      const wrong = await problemOf(login(f.ctx, { email: e, password: `${password}!`, ip: "10.0.0.5" }));
      const unknown = await problemOf(login(f.ctx, { email: email("nobody"), password, ip: "10.0.0.5" }));
      await disableUser(f.ctx, admin, user.id, true);
      const disabled = await problemOf(login(f.ctx, { email: e, password, ip: "10.0.0.5" }));
      for (const p of [wrong, unknown, disabled]) {
        expect([p.code, p.message]).toEqual(["unauthenticated", "the email or password is wrong"]);
      }
      // disabling ended the open session
      expect(await scopeForSession(f.ctx, signed.sessionId, null)).toBeNull();
    });

    it("spends as long on an unknown email as on a known one (the dummy hash is verified)", async () => {
      const e = email("timing");
      await addUser(f.ctx, admin, { email: e, password, grants: [{ role: "viewer", practiceId: null }] });
      const time = async (who: string) => {
        const start = performance.now();
        await login(f.ctx, { email: who, password: "not the password at all", ip: null }).catch(() => {});
        return performance.now() - start;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i++) {
        known.push(await time(e));
        unknown.push(await time(email("ghost")));
      }
      // argon2id at 19 MiB takes tens of milliseconds; a path that skipped it would take a few
      expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) * 0.4);
    });

    it("refuses the sixth attempt after 5 failures for an email (429, even with the right password) until 15 minutes pass", async () => {
      const e = email("limited");
      await addUser(f.ctx, admin, { email: e, password, grants: [{ role: "viewer", practiceId: null }] });
      const codes: string[] = [];
      for (let i = 0; i < defaultSignInPolicy.maxFailuresPerEmail; i++) {
        codes.push(
          (await problemOf(login(f.ctx, { email: e, password: "wrong password here", ip: `10.1.0.${i}` })))
            .code,
        );
        f.clock.advance(1000);
      }
      expect(codes).toEqual(Array(5).fill("unauthenticated"));
      const limited = await problemOf(login(f.ctx, { email: e, password, ip: "10.1.0.99" }));
      expect(limited.code).toBe("rate-limited");
      expect(limited.issues[0]?.data?.retryAfterSeconds).toBe(15 * 60 - 5);
      f.clock.advance(15 * 60_000 - 5000); // the first failure leaves the window
      expect((await login(f.ctx, { email: e, password, ip: "10.1.0.99" })).user.email).toBe(e);
    });

    it("counts an email's failures from its last successful sign-in", async () => {
      const e = email("reset");
      await addUser(f.ctx, admin, { email: e, password, grants: [{ role: "viewer", practiceId: null }] });
      const fail = () => problemOf(login(f.ctx, { email: e, password: "wrong password here", ip: null }));
      for (let i = 0; i < 4; i++) await fail();
      f.clock.advance(1000);
      await login(f.ctx, { email: e, password, ip: null });
      f.clock.advance(1000);
      for (let i = 0; i < 4; i++) await fail();
      f.clock.advance(1000);
      expect((await login(f.ctx, { email: e, password, ip: null })).user.email).toBe(e);
    });

    it("limits one address guessing at many emails (20 failures), whatever the email", async () => {
      const ip = "203.0.113.7";
      for (let i = 0; i < defaultSignInPolicy.maxFailuresPerIp; i++)
        await problemOf(login(f.ctx, { email: email("spray"), password: "wrong password here", ip }));
      const e = email("victim");
      await addUser(f.ctx, admin, { email: e, password, grants: [{ role: "viewer", practiceId: null }] });
      expect((await problemOf(login(f.ctx, { email: e, password, ip }))).code).toBe("rate-limited");
      // another address is not affected
      expect((await login(f.ctx, { email: e, password, ip: "203.0.113.8" })).user.email).toBe(e);
      f.clock.advance(15 * 60_000 + 1000);
    });

    it("ends a session at logout, at an admin's revoke, and at expiry", async () => {
      const e = email("sessions");
      const user = await addUser(f.ctx, admin, {
        email: e,
        password,
        grants: [{ role: "viewer", practiceId: null }],
      });
      const a = await login(f.ctx, { email: e, password, ip: null });
      const b = await login(f.ctx, { email: e, password, ip: null });
      const c = await login(f.ctx, { email: e, password, ip: null });
      const scopeA = (await scopeForSession(f.ctx, a.sessionId, null))!;
      await logout(f.ctx, scopeA, a.sessionId);
      expect(await scopeForSession(f.ctx, a.sessionId, null)).toBeNull();
      expect(await scopeForSession(f.ctx, b.sessionId, null)).not.toBeNull();
      expect(await revokeSessions(f.ctx, admin, user.id)).toEqual({ revoked: 2 });
      expect(await scopeForSession(f.ctx, b.sessionId, null)).toBeNull();
      expect(await scopeForSession(f.ctx, c.sessionId, null)).toBeNull();

      const d = await login(f.ctx, { email: e, password, ip: null });
      f.clock.advance(defaultSignInPolicy.sessionTtlMs - 1000);
      expect(await scopeForSession(f.ctx, d.sessionId, null)).not.toBeNull();
      f.clock.advance(2000);
      expect(await scopeForSession(f.ctx, d.sessionId, null)).toBeNull();
      expect(await scopeForSession(f.ctx, "not-a-session", null)).toBeNull();
    });
  });

  describe("tokens", () => {
    it("shows a token once, stores its SHA-256, and scopes it to its role and practice", async () => {
      const created = await createToken(f.ctx, admin, {
        role: "biller",
        practiceId: f.practices[1],
        name: "EMR feed",
      });
      expect(created.token).toMatch(tokenPattern);
      const row = await f.store.db
        .selectFrom("api_tokens")
        .selectAll()
        .where("id", "=", created.id)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashSecret(created.token));
      expect(JSON.stringify(row)).not.toContain(created.token);
      expect(row.last_used_at).toBeNull();
      const scope = await scopeForToken(f.ctx, created.token, "10.9.9.9");
      expect(scope).toEqual({
        organizationId: f.organizationId,
        actor: { userId: null, tokenId: created.id, label: "token:EMR feed", ip: "10.9.9.9" },
        grants: [{ role: "biller", practiceId: f.practices[1] }],
      });
      const listed = await listTokens(f.ctx, admin);
      const entry = listed.find((t) => t.id === created.id)!;
      expect(entry.lastUsedAt).toBe(f.clock.now.toISOString());
      expect(entry).not.toHaveProperty("token");
      expect(JSON.stringify(listed)).not.toContain(created.token);
    });

    it("refuses a revoked, an unknown and a malformed token", async () => {
      const created = await createToken(f.ctx, admin, { role: "viewer" });
      expect(created.name).toBe("viewer token");
      await revokeToken(f.ctx, admin, created.id);
      expect(await scopeForToken(f.ctx, created.token, null)).toBeNull();
      expect(await scopeForToken(f.ctx, `cc_${"A".repeat(43)}`, null)).toBeNull();
      expect(await scopeForToken(f.ctx, "cc_short", null)).toBeNull();
      expect((await problemOf(revokeToken(f.ctx, admin, "no-such-token"))).code).toBe("not-found");
    });

    it("withdraws the tokens a user made when the user is disabled", async () => {
      const e = email("maker");
      // a second admin, so the maker is not the organization's last one
      await addUser(f.ctx, admin, {
        email: email("backup"),
        password,
        grants: [{ role: "admin", practiceId: null }],
      });
      const maker = await addUser(f.ctx, admin, {
        email: e,
        password,
        grants: [{ role: "admin", practiceId: null }],
      });
      const makerScope = (await scopeForSession(
        f.ctx,
        (
          await login(f.ctx, { email: e, password, ip: null })
        ).sessionId,
        null,
      ))!;
      const created = await createToken(f.ctx, makerScope, { role: "viewer" });
      expect((await scopeForToken(f.ctx, created.token, null))?.actor.userId).toBe(maker.id);
      await disableUser(f.ctx, admin, maker.id, true);
      expect(await scopeForToken(f.ctx, created.token, null)).toBeNull();
    });

    it("keeps tokens and users of one organization out of another's", async () => {
      const other = operatorScope(f.otherOrganizationId);
      const mine = await createToken(f.ctx, admin, { role: "viewer" });
      expect((await listTokens(f.ctx, other)).map((t) => t.id)).not.toContain(mine.id);
      expect((await problemOf(revokeToken(f.ctx, other, mine.id))).code).toBe("not-found");
      const mineUsers = new Set((await listUsers(f.ctx, admin)).map((u) => u.id));
      expect(mineUsers.size).toBeGreaterThan(0);
      expect((await listUsers(f.ctx, other)).filter((u) => mineUsers.has(u.id))).toEqual([]);
      const p = await problemOf(createToken(f.ctx, other, { role: "viewer", practiceId: f.practices[0] }));
      expect(p.code).toBe("not-found");
    });
  });

  describe("roles", () => {
    it.each(["biller", "viewer"] as const)(
      "a %s may not manage users, tokens or the audit log (403)",
      async (role) => {
        const e = email(role);
        await addUser(f.ctx, admin, { email: e, password, grants: [{ role, practiceId: null }] });
        const scope = (await scopeForSession(
          f.ctx,
          (
            await login(f.ctx, { email: e, password, ip: null })
          ).sessionId,
          null,
        ))!;
        const attempts: (() => Promise<unknown>)[] = [
          () =>
            addUser(f.ctx, scope, {
              email: email("x"),
              password,
              grants: [{ role: "viewer", practiceId: null }],
            }),
          () => listUsers(f.ctx, scope),
          () => createToken(f.ctx, scope, { role: "admin" }),
          () => listTokens(f.ctx, scope),
          () => readAudit(f.ctx, scope, {}),
        ];
        for (const attempt of attempts) expect((await problemOf(attempt())).code).toBe("forbidden");
      },
    );

    it("a practice admin is not an organization admin", async () => {
      const e = email("practice-admin");
      await addUser(f.ctx, admin, {
        email: e,
        password,
        grants: [{ role: "admin", practiceId: f.practices[0] }],
      });
      const scope = (await scopeForSession(
        f.ctx,
        (
          await login(f.ctx, { email: e, password, ip: null })
        ).sessionId,
        null,
      ))!;
      expect((await problemOf(listUsers(f.ctx, scope))).code).toBe("forbidden");
    });

    it("replaces grants, and keeps the organization's last admin", async () => {
      const orgId = (await resolveOrganization(f.ctx, { name: "Gulf Coast Billing", create: false }))
        .organization.id;
      const gulf = operatorScope(orgId);
      const only = await addUser(f.ctx, gulf, {
        email: email("only-admin"),
        password,
        grants: [{ role: "admin", practiceId: null }],
      });
      expect(
        (await problemOf(setRoles(f.ctx, gulf, only.id, [{ role: "viewer", practiceId: null }]))).code,
      ).toBe("conflict");
      expect((await problemOf(disableUser(f.ctx, gulf, only.id, true))).code).toBe("conflict");
      const second = await addUser(f.ctx, gulf, {
        email: email("second"),
        password,
        grants: [{ role: "viewer", practiceId: null }],
      });
      const promoted = await setRoles(f.ctx, gulf, second.id, [
        { role: "admin", practiceId: null },
        { role: "biller", practiceId: f.otherPractice },
      ]);
      expect(promoted.grants).toEqual([
        { role: "admin", practiceId: null },
        { role: "biller", practiceId: f.otherPractice },
      ]);
      const demoted = await setRoles(f.ctx, gulf, only.id, [{ role: "viewer", practiceId: f.otherPractice }]);
      expect(demoted.grants).toEqual([{ role: "viewer", practiceId: f.otherPractice }]);
      const p = await problemOf(
        setRoles(f.ctx, gulf, only.id, [{ role: "viewer", practiceId: f.practices[0] }]),
      );
      expect(p.code).toBe("not-found");
    });
  });

  describe("bootstrap", () => {
    let g: IdentityFixture;
    beforeAll(async () => {
      g = await identityFixture(backend);
    });
    afterAll(async () => {
      await g?.dispose();
    });

    it.each([
      [[], undefined, { name: "cleanclaim", created: true }],
      [[], "Bayside Billing", { name: "Bayside Billing", created: true }],
      [["Solo PT"], undefined, { name: "Solo PT", created: false }],
      [["A Billing", "B Billing"], "b billing", { name: "B Billing", created: false }],
      [["A Billing", "B Billing"], undefined, "invalid-input"],
      [["A Billing"], "C Billing", "not-found"],
    ] as const)("organizations %j, organization named %j -> %j", async (existing, name, expected) => {
      await g.store.db.deleteFrom("practices").execute();
      await g.store.db.deleteFrom("organizations").execute();
      for (const n of existing)
        await g.store.db.insertInto("organizations").values({ id: crypto.randomUUID(), name: n }).execute();
      const run = resolveOrganization(g.ctx, { name, create: true });
      if (typeof expected === "string") expect((await problemOf(run)).code).toBe(expected);
      else {
        const got = await run;
        expect({ name: got.organization.name, created: got.created }).toEqual(expected);
        expect(await g.store.db.selectFrom("organizations").select("name").orderBy("name").execute()).toEqual(
          [...new Set([...existing, expected.name])].sort().map((n) => ({ name: n })),
        );
      }
    });

    it("does not create an organization when asked only to find one", async () => {
      await g.store.db.deleteFrom("organizations").execute();
      expect((await problemOf(resolveOrganization(g.ctx, { create: false }))).code).toBe("not-found");
      expect(await g.store.db.selectFrom("organizations").select("id").execute()).toEqual([]);
    });
  });

  describe("audit", () => {
    it("records every sign-in, ok or refused, with the email as actor and no password; reads of the log are recorded too", async () => {
      const e = email("audited");
      await addUser(f.ctx, admin, { email: e, password, grants: [{ role: "viewer", practiceId: null }] });
      await problemOf(login(f.ctx, { email: e, password: "a wrong password", ip: "10.7.7.7" }));
      const ok = await login(f.ctx, { email: e, password, ip: "10.7.7.7" });
      const records = (await queryAudit(f.store.db, f.organizationId, { action: "login" })).filter(
        (r) => r.actor === e,
      );
      expect(records.map((r) => [r.outcome, r.ip, r.entityId, r.detail])).toEqual([
        ["ok", "10.7.7.7", hashSecret(ok.sessionId), null],
        ["denied", "10.7.7.7", null, { reason: "wrong-password" }],
      ]);
      const all = JSON.stringify(await queryAudit(f.store.db, f.organizationId, { limit: 1000 }));
      expect(all).not.toContain(password);
      expect(all).not.toContain("a wrong password");

      const read = await readAudit(f.ctx, admin, { action: "login", limit: 5 });
      expect(read.length).toBe(5);
      const [last] = await queryAudit(f.store.db, f.organizationId, { limit: 1 });
      expect([last?.action, last?.entity, last?.actor, last?.detail]).toEqual([
        "search",
        "audit",
        "test-operator",
        { filters: { action: "login", limit: 5 } },
      ]);
    });
  });
});
