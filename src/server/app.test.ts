import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyPluginAsync, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Problem } from "../model/problem.js";
import { packReference, repoRoot } from "../test-support/reference.js";
import { buildServer } from "./app.js";
import { scopeOf } from "./auth.js";
import { authorized, testServer, tokenAuthenticator } from "./test-support.js";

/**
 * The server's infrastructure: one problem shape for every failure (RFC 9457, codes from
 * src/model/problem.ts), the auth seam, limits and OpenAPI. Each case is a request and the
 * status, code and path an independent reading of the brief expects.
 */
const seed = fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8");
const json = { ...authorized, "content-type": "application/json" };

/** A plugin as identity and the app will add them: one public route, one that reads the scope, one that fails. */
const probe: FastifyPluginAsync = async (api) => {
  api.post("/login", { config: { public: true } }, async () => ({ signedIn: true }));
  api.get("/whoami", async (request) => ({ organizationId: scopeOf(request).organizationId }));
  api.get("/boom", async () => {
    throw new TypeError("secret Ana Diaz 1956-04-09");
  });
  api.get("/conflict", async () => {
    throw new Problem([{ code: "conflict", message: "claim V-1 was changed meanwhile", path: "$.version" }]);
  });
};

let app: FastifyInstance;
beforeAll(async () => {
  app = await testServer({
    plugins: [probe],
    limits: { jsonBodyBytes: 64 * 1024, x12BodyBytes: 256 * 1024 },
  });
});
afterAll(() => app.close());

interface Case {
  name: string;
  request: InjectOptions;
  status: number;
  code: string;
  path?: string | null;
}

const big = (bytes: number) => JSON.stringify({ ...JSON.parse(seed), padding: "x".repeat(bytes) });

const cases: Case[] = [
  {
    name: "no credential",
    request: {
      method: "POST",
      url: "/api/v1/check",
      payload: seed,
      headers: { "content-type": "application/json" },
    },
    status: 401,
    code: "unauthenticated",
    path: null,
  },
  {
    name: "an unknown bearer token",
    request: {
      method: "POST",
      url: "/api/v1/check",
      payload: seed,
      headers: { authorization: "Bearer nope", "content-type": "application/json" },
    },
    status: 401,
    code: "unauthenticated",
  },
  {
    name: "a plugin's route needs a credential too",
    request: { method: "GET", url: "/api/v1/whoami" },
    status: 401,
    code: "unauthenticated",
  },
  {
    name: "unknown route",
    request: { method: "GET", url: "/api/v2/check?patient=Diaz" },
    status: 404,
    code: "not-found",
  },
  {
    name: "wrong method",
    request: { method: "GET", url: "/api/v1/check", headers: authorized },
    status: 404,
    code: "not-found",
  },
  {
    name: "malformed JSON",
    request: { method: "POST", url: "/api/v1/check", payload: '{"id": ', headers: json },
    status: 400,
    code: "invalid-input",
  },
  {
    name: "empty JSON body",
    request: { method: "POST", url: "/api/v1/code", payload: "", headers: json },
    status: 400,
    code: "invalid-input",
  },
  {
    name: "a JSON string is not a document",
    request: { method: "POST", url: "/api/v1/price", payload: '"V-1"', headers: json },
    status: 400,
    code: "invalid-input",
    path: "$",
  },
  {
    name: "a visit field of the wrong type",
    request: {
      method: "POST",
      url: "/api/v1/check",
      payload: JSON.stringify({ ...JSON.parse(seed), services: [{ code: 97110, minutes: 30 }] }),
      headers: json,
    },
    status: 400,
    code: "invalid-input",
    path: "$.services[0].code",
  },
  {
    name: "query: a bad year",
    request: { method: "POST", url: "/api/v1/check?year=26", payload: seed, headers: json },
    status: 400,
    code: "invalid-option",
    path: "query.year",
  },
  {
    name: "query: a bad as-of date",
    request: { method: "POST", url: "/api/v1/check?asOf=2026-02-30", payload: seed, headers: json },
    status: 400,
    code: "invalid-option",
    path: "query.asOf",
  },
  {
    name: "query: a bad deductible",
    request: {
      method: "POST",
      url: "/api/v1/check?deductibleRemaining=12.345",
      payload: seed,
      headers: json,
    },
    status: 400,
    code: "invalid-option",
    path: "query.deductibleRemaining",
  },
  {
    name: "query: an unknown parameter (a typo)",
    request: { method: "POST", url: "/api/v1/check?asof=2026-03-10", payload: seed, headers: json },
    status: 400,
    code: "invalid-option",
    path: "query",
  },
  {
    name: "a locality the GPCI table lacks (the core's problem, its path as a parameter)",
    request: { method: "POST", url: "/api/v1/check?locality=99999-99", payload: seed, headers: json },
    status: 422,
    code: "locality-unknown",
    path: "query.locality",
  },
  {
    name: "text to a JSON endpoint",
    request: {
      method: "POST",
      url: "/api/v1/check",
      payload: "ISA*00*",
      headers: { ...authorized, "content-type": "text/plain" },
    },
    status: 415,
    code: "unsupported",
  },
  {
    name: "JSON over the JSON limit",
    request: { method: "POST", url: "/api/v1/check", payload: big(70 * 1024), headers: json },
    status: 413,
    code: "too-large",
  },
  {
    name: "JSON to scrub keeps the JSON limit",
    request: { method: "POST", url: "/api/v1/scrub", payload: big(70 * 1024), headers: json },
    status: 413,
    code: "too-large",
  },
  {
    name: "an 837 over the X12 limit",
    request: {
      method: "POST",
      url: "/api/v1/scrub",
      payload: `ISA*${"x".repeat(300 * 1024)}`,
      headers: { ...authorized, "content-type": "text/plain" },
    },
    status: 413,
    code: "too-large",
  },
  {
    name: "text that is not X12",
    request: {
      method: "POST",
      url: "/api/v1/scrub",
      payload: "hello",
      headers: { ...authorized, "content-type": "application/edi-x12" },
    },
    status: 400,
    code: "invalid-input",
  },
  {
    name: "a core problem from a plugin keeps its status and path",
    request: { method: "GET", url: "/api/v1/conflict", headers: authorized },
    status: 409,
    code: "conflict",
    path: "$.version",
  },
  {
    name: "a defect",
    request: { method: "GET", url: "/api/v1/boom", headers: authorized },
    status: 500,
    code: "internal",
    path: null,
  },
];

describe("one problem shape for every failure", () => {
  for (const c of cases) {
    it(`${c.name}: ${c.status} ${c.code}`, async () => {
      const response = await app.inject(c.request);
      expect(response.statusCode).toBe(c.status);
      expect(response.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual([
        "code",
        "issues",
        "message",
        "path",
        "status",
        "title",
        "type",
      ]);
      expect(body).toMatchObject({
        type: `urn:cleanclaim:problem:${c.code}`,
        status: c.status,
        code: c.code,
      });
      expect(body.issues.length).toBeGreaterThan(0);
      if (c.path !== undefined) expect(body.path).toBe(c.path);
    });
  }

  it("a defect's answer echoes neither the error nor the input", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/boom", headers: authorized });
    expect(response.body).not.toMatch(/secret|Diaz|TypeError|at /);
    expect(response.json().message).toMatch(
      /^internal error; report request [0-9a-f-]{36} to your administrator$/,
    );
  });

  it("an unknown route's message has its path without the query", async () => {
    const response = await app.inject({ method: "GET", url: "/nowhere?patient=Diaz" });
    expect(response.json().message).toBe("no route GET /nowhere; see /docs");
  });
});

describe("the auth seam", () => {
  it("a plugin's public route needs no credential", async () => {
    const response = await app.inject({ method: "POST", url: "/api/v1/login", payload: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ signedIn: true });
  });

  it("a plugin's route reads the caller's scope", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/whoami", headers: authorized });
    expect(response.json()).toEqual({ organizationId: "org-test" });
  });

  it("without an authenticator every /api/v1 route answers 401 (fail closed); /health stays open", async () => {
    const open = await buildServer({ reference: packReference(), plugins: [probe] });
    try {
      for (const url of ["/api/v1/check", "/api/v1/scrub"]) {
        const r = await open.inject({ method: "POST", url, payload: seed, headers: json });
        expect(r.statusCode).toBe(401);
      }
      expect(
        (await open.inject({ method: "GET", url: "/api/v1/whoami", headers: authorized })).statusCode,
      ).toBe(401);
      expect((await open.inject({ method: "GET", url: "/health" })).json()).toEqual({ status: "ok" });
    } finally {
      await open.close();
    }
  });
});

describe("rate limit per credential", () => {
  it("the third request of a token in the window is 429; another token and /health are not limited", async () => {
    const limited = await testServer({
      authenticate: tokenAuthenticator("a", "b"),
      rateLimit: { max: 2, timeWindow: 60_000 },
    });
    try {
      const post = (token: string) =>
        limited.inject({
          method: "POST",
          url: "/api/v1/code",
          payload: seed,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        });
      expect((await post("a")).statusCode).toBe(200);
      expect((await post("a")).statusCode).toBe(200);
      const third = await post("a");
      expect(third.statusCode).toBe(429);
      expect(third.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
      expect(third.json()).toMatchObject({ code: "rate-limited", status: 429 });
      expect(third.headers["retry-after"]).toBeDefined();
      expect((await post("b")).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) expect((await limited.inject({ url: "/health" })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("health and OpenAPI", () => {
  it("GET /health", async () => {
    const response = await app.inject({ url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("/docs/json lists the stateless endpoints with their query parameters", async () => {
    const doc = (await app.inject({ url: "/docs/json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ["/api/v1/check", "/api/v1/code", "/api/v1/scrub", "/api/v1/price"])
      expect(doc.paths[p]?.post).toBeDefined();
    const names = doc.paths["/api/v1/check"].post.parameters.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual(["apm", "asOf", "deductibleRemaining", "locality", "year", "zip"]);
  });

  it("/docs serves the UI and its assets from the package (offline)", async () => {
    const page = await app.inject({ url: "/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger-ui");
    const bundle = await app.inject({ url: "/docs/static/swagger-ui-bundle.js" });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });
});
