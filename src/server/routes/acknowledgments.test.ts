import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionClaim } from "../../app/claim-life-cycle.js";
import { createOrganization, createPractice } from "../../app/practices.js";
import type { Scope } from "../../app/scope.js";
import { type SubmissionResult, submitClaims } from "../../app/submissions.js";
import { baysideSettings, scopeOf, seedVisit, type TestApp, testApp } from "../../app/test-support.js";
import { storeVisit } from "../../app/visits.js";
import { backends } from "../../store/test-support.js";
import { buildServer } from "../app.js";
import { acknowledgmentRoutes } from "./acknowledgments.js";

const envelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "ANA DIAZ", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  usageIndicator: "T",
};

/** A 999 rejecting the whole set of group `gs06` (IK5 R, no segment errors). */
const rejected999 = (gs06: string) =>
  `${[
    "ISA*00*          *00*          *ZZ*CH99999        *ZZ*SUB12345       *261202*0700*^*00501*000000911*0*T*:",
    "GS*FA*CH99999*SUB12345*20261202*0700*911*X*005010X231A1",
    "ST*999*0001*005010X231A1",
    `AK1*HC*${gs06}*005010X222A1`,
    "AK2*837*0001*005010X222A1",
    "IK5*R*5",
    "AK9*R*1*1*0",
    "SE*6*0001",
    "GE*1*911",
    "IEA*1*000000911",
  ].join("~\n")}~\n`;

describe.each(backends)("acknowledgment and first-pass routes on %s", (backend) => {
  let app: TestApp;
  let server: FastifyInstance;
  let practiceA: string;
  let submission: SubmissionResult;
  const scopes: Record<string, Scope> = {};

  beforeAll(async () => {
    app = await testApp(backend);
    const org = await createOrganization(app.ctx, { name: "Org" });
    const admin = scopeOf(org.id, "admin");
    const settings = { ...baysideSettings(), envelope };
    practiceA = (await createPractice(app.ctx, admin, { name: "A", settings })).id;
    const practiceB = (await createPractice(app.ctx, admin, { name: "B", settings })).id;
    scopes.a = scopeOf(org.id, "biller", practiceA);
    scopes.b = scopeOf(org.id, "biller", practiceB);
    const visit = seedVisit();
    visit.id = "V-R1";
    const stored = await storeVisit(app.ctx, scopes.a, practiceA, visit);
    await transitionClaim(app.ctx, scopes.a, stored.claimId, "ready");
    submission = await submitClaims(app.ctx, scopes.a, { claimIds: [stored.claimId] });
    server = await buildServer({
      reference: app.ctx.reference,
      rateLimit: false,
      authenticate: async (request) => {
        const token = request.headers.authorization?.replace(/^Bearer /, "");
        return (token && scopes[token]) || null;
      },
      plugins: [acknowledgmentRoutes(app.ctx)],
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.dispose();
  });

  it("posts a 999 as X12 (201), the same as JSON {text} (200, posted false), and reads it back; other tenants get 404", async () => {
    const text = rejected999(submission.gs06);
    const first = await server.inject({
      method: "POST",
      url: "/api/v1/acknowledgments",
      headers: { authorization: "Bearer a", "content-type": "application/edi-x12" },
      payload: text,
    });
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body).toMatchObject({
      posted: true,
      kind: "999",
      submissionId: submission.submissionId,
      claims: [{ controlNumber: "V-R1", status: "rejected", claimStatus: "rejected" }],
      worklistItems: [{ kind: "rejection", controlNumber: "V-R1" }],
      unmatched: [],
    });
    const again = await server.inject({
      method: "POST",
      url: "/api/v1/acknowledgments",
      headers: { authorization: "Bearer a" },
      payload: { text },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ posted: false, acknowledgmentId: body.acknowledgmentId });
    const read = await server.inject({
      method: "GET",
      url: `/api/v1/acknowledgments/${body.acknowledgmentId}`,
      headers: { authorization: "Bearer a" },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ practiceId: practiceA, kind: "999" });
    for (const request of [
      { method: "GET" as const, url: `/api/v1/acknowledgments/${body.acknowledgmentId}` },
      { method: "POST" as const, url: `/api/v1/acknowledgments?practiceId=${practiceA}`, payload: { text } },
    ]) {
      const other = await server.inject({ ...request, headers: { authorization: "Bearer b" } });
      expect(other.statusCode).toBe(404);
    }
    const junk = await server.inject({
      method: "POST",
      url: "/api/v1/acknowledgments",
      headers: { authorization: "Bearer a", "content-type": "text/plain" },
      payload: "not x12",
    });
    expect(junk.statusCode).toBe(400);
  });

  it("GET /stats/first-pass gives {submitted, clean, rate}; from and to are required dates", async () => {
    const day = app.ctx.now().toISOString().slice(0, 10);
    const stats = await server.inject({
      method: "GET",
      url: `/api/v1/stats/first-pass?from=${day}&to=${day}`,
      headers: { authorization: "Bearer a" },
    });
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({ submitted: 1, clean: 0, rate: 0, rejected: 1 });
    const bad = await server.inject({
      method: "GET",
      url: "/api/v1/stats/first-pass?from=2026-01-01",
      headers: { authorization: "Bearer a" },
    });
    expect(bad.statusCode).toBe(400);
  });
});
