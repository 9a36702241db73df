import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../../app/scope.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "../../app/test-support.js";
import { backends } from "../../store/test-support.js";
import { packReference } from "../../test-support/reference.js";
import { buildServer } from "../app.js";
import { recordsPlugins } from "./records.js";

describe.each(backends)("records routes on %s", (backend) => {
  let app: TestApp;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let a: Awaited<ReturnType<typeof orgWithPractice>>;
  const scopes = new Map<string, Scope>();
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    app = await testApp(backend);
    a = await orgWithPractice(app.ctx, "Bayside Billing");
    const b = await orgWithPractice(app.ctx, "Harbor Billing");
    scopes.set("admin-a", a.admin);
    scopes.set("biller-a", scopeOf(a.organizationId, "biller", a.practiceId));
    scopes.set("viewer-a", scopeOf(a.organizationId, "viewer", a.practiceId));
    scopes.set("admin-b", b.admin);
    server = await buildServer({
      reference: packReference(),
      authenticate: async (request) => {
        const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
        return scopes.get(token) ?? null;
      },
      plugins: recordsPlugins(app.ctx),
    });
    await server.ready();
  });
  afterAll(async () => {
    await server?.close();
    await app?.dispose();
  });

  it("POST /visits stores a visit, GET /claims lists it and GET /claims/:id shows it", async () => {
    const posted = await server.inject({
      method: "POST",
      url: "/api/v1/visits",
      headers: as("biller-a"),
      payload: seedVisit(),
    });
    expect(posted.statusCode).toBe(201);
    const body = posted.json();
    expect(Object.keys(body).sort()).toEqual(["claim", "claimId", "estimate", "findings", "visitId"]);
    expect(body.estimate.allowed).toBe("87.11");
    const list = await server.inject({ url: "/api/v1/claims?status=scrubbed", headers: as("viewer-a") });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([body.claimId]);
    const one = await server.inject({ url: `/api/v1/claims/${body.claimId}`, headers: as("viewer-a") });
    expect(one.json()).toMatchObject({ id: body.claimId, status: "scrubbed", claim: { id: "V-1001" } });
    expect(one.json().history.map((h: { to: string }) => h.to)).toEqual(["draft", "scrubbed"]);

    const ready = await server.inject({
      method: "POST",
      url: `/api/v1/claims/${body.claimId}/transition`,
      headers: as("biller-a"),
      payload: { to: "ready", reason: "checked" },
    });
    expect(ready.json().status).toBe("ready");
    const refused = await server.inject({
      method: "POST",
      url: `/api/v1/claims/${body.claimId}/transition`,
      headers: as("biller-a"),
      payload: { to: "paid" },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
  });

  it("answers 404 across tenants, 403 to a viewer's writes, 401 without a credential", async () => {
    const claimId = (await server.inject({ url: "/api/v1/claims", headers: as("admin-a") })).json().items[0]
      .id;
    expect(
      (await server.inject({ url: `/api/v1/claims/${claimId}`, headers: as("admin-b") })).statusCode,
    ).toBe(404);
    expect(
      (await server.inject({ url: `/api/v1/claims?practiceId=${a.practiceId}`, headers: as("admin-b") }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await server.inject({
          method: "POST",
          url: "/api/v1/visits",
          headers: as("viewer-a"),
          payload: seedVisit(),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await server.inject({ method: "POST", url: `/api/v1/claims/${claimId}/fix`, headers: as("viewer-a") }))
        .statusCode,
    ).toBe(403);
    expect((await server.inject({ url: "/api/v1/claims" })).statusCode).toBe(401);
  });

  it("an array of visits is stored whole or not at all", async () => {
    const one = seedVisit();
    one.id = "V-R1";
    const two = seedVisit();
    two.id = "V-R2";
    const posted = await server.inject({
      method: "POST",
      url: "/api/v1/visits",
      headers: as("biller-a"),
      payload: [one, two],
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json().map((r: { claim: { id: string } }) => r.claim.id)).toEqual(["V-R1", "V-R2"]);
    const again = await server.inject({
      method: "POST",
      url: "/api/v1/visits",
      headers: as("biller-a"),
      payload: [one],
    });
    expect(again.statusCode).toBe(409);
  });

  it("practices: admins change settings, invalid settings name their path, billers are refused", async () => {
    const list = await server.inject({ url: "/api/v1/practices", headers: as("biller-a") });
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([a.practiceId]);
    const patch = await server.inject({
      method: "PATCH",
      url: `/api/v1/practices/${a.practiceId}`,
      headers: as("admin-a"),
      payload: { settings: { charges: { "97110": "65.00" } } },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().settings.charges).toEqual({ "97110": "65.00" });
    const bad = await server.inject({
      method: "POST",
      url: "/api/v1/practices",
      headers: as("admin-a"),
      payload: {
        name: "Bad",
        settings: { billingProvider: { npi: "1234567890", taxId: "591234567", name: "X", zip: "33101" } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain("$.settings.billingProvider.npi");
    const biller = await server.inject({
      method: "PATCH",
      url: `/api/v1/practices/${a.practiceId}`,
      headers: as("biller-a"),
      payload: { name: "Mine" },
    });
    expect(biller.statusCode).toBe(403);
  });
});
