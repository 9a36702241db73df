import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context.js";
import type { Scope } from "../../app/scope.js";
import { PhiCipher } from "../../store/phi-cipher.js";
import { backends, freshStore, type TestStore } from "../../store/test-support.js";
import { packReference, sharedDataDir } from "../../test-support/reference.js";
import { buildServer } from "../app.js";
import { remitRoutes } from "./remits.js";
import { submissionRoutes } from "./submissions.js";
import { worklistRoutes } from "./worklist.js";

const sample = fs.readFileSync(
  path.join(sharedDataDir, "x12-samples/835/edi835parser_emedny_sample.txt"),
  "utf8",
);

describe.each(backends)("remit, submission and worklist routes on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  const org = randomUUID();
  const practiceA = randomUUID();
  const practiceB = randomUUID();
  const scopes: Record<string, Scope> = {};

  beforeAll(async () => {
    store = await freshStore(backend);
    const reference = packReference();
    const ctx: AppContext = {
      store,
      cipher: new PhiCipher({ current: 1, keys: new Map([[1, Buffer.alloc(32, 3)]]) } as never),
      reference,
      today: () => "2026-03-25",
      now: () => new Date(),
    };
    await store.db.insertInto("organizations").values({ id: org, name: "Org" }).execute();
    await store.db
      .insertInto("practices")
      .values([
        { id: practiceA, organization_id: org, name: "A", settings: "{}" },
        { id: practiceB, organization_id: org, name: "B", settings: "{}" },
      ])
      .execute();
    for (const [token, practiceId] of [
      ["a", practiceA],
      ["b", practiceB],
    ] as const)
      scopes[token] = {
        organizationId: org,
        actor: { userId: null, tokenId: null, label: `token ${token}`, ip: null },
        grants: [{ role: "biller", practiceId }],
      };
    app = await buildServer({
      reference,
      rateLimit: false,
      authenticate: async (request) => {
        const token = request.headers.authorization?.replace(/^Bearer /, "");
        return (token && scopes[token]) || null;
      },
      plugins: [submissionRoutes(ctx), remitRoutes(ctx), worklistRoutes(ctx)],
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  it("posts an 835 as text/plain, then the same file as JSON {text} posts nothing new", async () => {
    const first = await app.inject({
      method: "POST",
      url: "/api/v1/remits",
      headers: { authorization: "Bearer a", "content-type": "application/edi-x12" },
      payload: sample,
    });
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body).toMatchObject({ posted: true, balance: { balanced: true } });
    expect(body.unmatched).toHaveLength(3);
    const again = await app.inject({
      method: "POST",
      url: "/api/v1/remits",
      headers: { authorization: "Bearer a" },
      payload: { text: sample },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ posted: false, remitId: body.remitId });
    const read = await app.inject({
      url: `/api/v1/remits/${body.remitId}`,
      headers: { authorization: "Bearer a" },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().remitClaims).toHaveLength(3);
    const other = await app.inject({
      url: `/api/v1/remits/${body.remitId}`,
      headers: { authorization: "Bearer b" },
    });
    expect(other.statusCode).toBe(404);
    expect(other.headers["content-type"]).toMatch(/application\/problem\+json/);
    const list = await app.inject({
      url: "/api/v1/worklist?kind=unmatched",
      headers: { authorization: "Bearer a" },
    });
    expect(list.json().items).toHaveLength(3);
    const listB = await app.inject({ url: "/api/v1/worklist", headers: { authorization: "Bearer b" } });
    expect(listB.json().items).toEqual([]);
    const id = list.json().items[0].itemId;
    const patched = await app.inject({
      method: "PATCH",
      url: `/api/v1/worklist/${id}`,
      headers: { authorization: "Bearer a" },
      payload: { status: "ignored", note: "not our patient" },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ status: "ignored", notes: [{ text: "not our patient" }] });
    const corrected = await app.inject({
      method: "POST",
      url: `/api/v1/worklist/${id}/corrected-claim`,
      headers: { authorization: "Bearer a" },
    });
    expect(corrected.statusCode).toBe(409);
  });

  it("answers unusable input with problems: not an 835 (400), no credential (401), unknown claims (404)", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/api/v1/remits",
      headers: { authorization: "Bearer a", "content-type": "text/plain" },
      payload: "not x12",
    });
    expect(bad.statusCode).toBe(400);
    const anonymous = await app.inject({ method: "POST", url: "/api/v1/remits", payload: { text: sample } });
    expect(anonymous.statusCode).toBe(401);
    const submit = await app.inject({
      method: "POST",
      url: "/api/v1/submissions",
      headers: { authorization: "Bearer a" },
      payload: { claimIds: [randomUUID()] },
    });
    expect(submit.statusCode).toBe(404);
    const download = await app.inject({
      url: `/api/v1/submissions/${randomUUID()}/837`,
      headers: { authorization: "Bearer a" },
    });
    expect(download.statusCode).toBe(404);
  });
});
