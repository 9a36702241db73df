import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testServer } from "./test-support.js";

/**
 * ServerDeps.webRoot (issue 10): the built web app at `/`, index.html for the app's own page
 * paths (the browser routes them), and the API's problems everywhere under /api and /docs.
 */
describe("the web app's files", () => {
  let app: FastifyInstance;
  let bare: FastifyInstance;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-webroot-"));

  beforeAll(async () => {
    fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>app</title><div id=root></div>");
    fs.mkdirSync(path.join(root, "assets"));
    fs.writeFileSync(path.join(root, "assets", "index-abc.js"), "console.log(1)");
    app = await testServer({ webRoot: root, rateLimit: false });
    bare = await testServer({ rateLimit: false });
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each([
    // [method, url, status, content type starts with, body contains]
    ["GET", "/", 200, "text/html", "<div id=root>"],
    ["GET", "/assets/index-abc.js", 200, "application/javascript", "console.log(1)"],
    ["GET", "/claims/5f0c", 200, "text/html", "<div id=root>"],
    ["GET", "/denials", 200, "text/html", "<div id=root>"],
    ["HEAD", "/check", 200, "text/html", ""],
    ["GET", "/assets/missing.js", 404, "application/problem+json", '"code":"not-found"'],
    ["GET", "/api/v1/nothing-here", 404, "application/problem+json", '"code":"not-found"'],
    ["GET", "/api", 404, "application/problem+json", '"code":"not-found"'],
    ["GET", "/docs/nothing-here", 404, "application/problem+json", '"code":"not-found"'],
    ["POST", "/claims", 404, "application/problem+json", '"code":"not-found"'],
    ["GET", "/health", 200, "application/json", '"status":"ok"'],
    ["GET", "/docs/json", 200, "application/json", '"openapi"'],
  ] as const)("%s %s answers %i %s", async (method, url, status, type, body) => {
    const response = await app.inject({ method, url });
    expect(response.statusCode).toBe(status);
    expect(String(response.headers["content-type"]).startsWith(type)).toBe(true);
    expect(response.body).toContain(body);
  });

  it("without a webRoot, / and page paths are the API's 404 problem", async () => {
    for (const url of ["/", "/claims/5f0c"]) {
      const response = await bare.inject({ url });
      expect(response.statusCode).toBe(404);
      expect(String(response.headers["content-type"]).startsWith("application/problem+json")).toBe(true);
    }
  });
});
