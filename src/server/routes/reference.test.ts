import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../test/cli-harness.js";
import { importReferenceFiles } from "../../app/reference-import.js";
import { stateScheduleStatuses } from "../../cli/profiles.js";
import { type JobsFixture, jobsFixture } from "../../jobs/test-support.js";
import { sharedDataDir } from "../../test-support/reference.js";
import { buildServer } from "../app.js";
import { referenceRoutes } from "./reference.js";

/**
 * GET /api/v1/reference answers what `cleanclaim data status --format json` prints for the
 * same store and as-of date (without `home`, a server path); DELETE
 * /api/v1/reference/editions/:id removes an imported edition for an admin, reloads the
 * shared reference, and is audited. On PGlite, with a data directory of its own.
 */
describe("GET /api/v1/reference, DELETE /api/v1/reference/editions/:id", () => {
  const asOf = "2026-11-01";
  let fx: JobsFixture;
  let server: FastifyInstance;
  let importedId: string;
  const tokens: Record<string, ReturnType<JobsFixture["scope"]>> = {};
  beforeAll(async () => {
    fx = await jobsFixture("pglite");
    // As `serve` does: the shipped state fee schedules, which `data status` lists too.
    fx.ctx.stateSchedules = stateScheduleStatuses().schedules;
    tokens.admin = fx.scope("admin");
    tokens.practiceAdmin = fx.scope("admin", fx.practiceId);
    tokens.biller = fx.scope("biller", fx.practiceId);
    tokens.viewer = fx.scope("viewer", fx.practiceId);
    server = await buildServer({
      reference: fx.ctx.reference,
      rateLimit: false,
      authenticate: async (request) =>
        tokens[(request.headers.authorization ?? "").replace("Bearer ", "")] ?? null,
      plugins: [referenceRoutes(fx.ctx)],
    });
    // The full MUE file: the pack keeps its own codes' rows only, so this is an edition of the store.
    const summary = await importReferenceFiles(fx.ctx, [
      path.join(sharedDataDir, "ncci-2024q3/mue_practitioner_2024q3.csv"),
    ]);
    expect(summary.reloaded).toBe(true);
    importedId = summary.imported[0]!.id;
  });
  afterAll(async () => {
    await server?.close();
    await fx?.dispose();
  });
  const as = (who: string) => ({ authorization: `Bearer ${who}` });
  const status = (who: string, query = `?asOf=${asOf}`) =>
    server.inject({ method: "GET", url: `/api/v1/reference${query}`, headers: as(who) });
  const remove = (who: string, id: string) =>
    server.inject({
      method: "DELETE",
      url: `/api/v1/reference/editions/${encodeURIComponent(id)}`,
      headers: as(who),
    });
  const audits = () =>
    fx.store.db
      .selectFrom("audit_log")
      .select(["actor", "entity_id", "outcome"])
      .where("entity", "=", "reference")
      .where("action", "=", "delete")
      .orderBy("id")
      .execute();

  it("answers any signed-in role what `data status --format json` prints, without home", async () => {
    const cli = await runCli(["data", "status", "--format", "json", "--as-of", asOf], fx.home);
    expect(cli.stderr).toBe("");
    const { home, ...fromCli } = JSON.parse(cli.stdout);
    expect(home).toBe(fx.home);
    const res = await status("viewer");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(fromCli);
    // The case is not empty: the pack's editions, the imported MUE, policy figures and warnings.
    const origins = res.json().editions.map((e: { id: string; origin: string }) => `${e.origin}:${e.id}`);
    expect(origins).toContain(`import:${importedId}`);
    expect(origins.some((o: string) => o.startsWith("pack:"))).toBe(true);
    expect(res.json().policy.length).toBeGreaterThan(0);
    expect(res.json().warnings.length).toBeGreaterThan(0);
    expect(res.json().stateSchedules.map((s: { profileId: string }) => s.profileId)).toContain("tx-dwc");
  });

  it("judges staleness as of the date asked, defaulting to the server's today", async () => {
    const early = (await status("viewer", "?asOf=2025-01-02")).json().warnings as string[];
    const late = (await status("viewer", "?asOf=2031-01-02")).json().warnings as string[];
    const today = (await status("viewer", "")).json().warnings as string[];
    expect(late.length).toBeGreaterThan(early.length);
    expect(late.some((w) => w.startsWith("GPCIs end "))).toBe(true);
    expect(early.some((w) => w.startsWith("GPCIs end "))).toBe(false);
    expect(today).toEqual((await status("viewer")).json().warnings); // fx today is 2026-11-01
  });

  it("refuses a malformed asOf (400) and a request without credential (401)", async () => {
    const bad = await status("viewer", "?asOf=2026-13-01");
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect((await server.inject({ method: "GET", url: "/api/v1/reference" })).statusCode).toBe(401);
  });

  it("refuses a removal by a biller or a practice's admin (403), and audits the refusal", async () => {
    for (const who of ["biller", "practiceAdmin", "viewer"]) {
      const res = await remove(who, importedId);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe("forbidden");
    }
    expect((await audits()).map((a) => a.outcome)).toEqual(["denied", "denied", "denied"]);
    expect(fx.ctx.reference.editions().some((e) => e.id === importedId)).toBe(true);
  });

  it("refuses a pack edition (409) and an unknown id (404), naming why", async () => {
    const packId = fx.ctx.reference.editions().find((e) => e.origin === "pack")!.id;
    const pack = await remove("admin", packId);
    expect(pack.statusCode).toBe(409);
    expect(pack.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(pack.json()).toMatchObject({ code: "conflict", status: 409 });
    expect(pack.json().message).toContain("pack editions cannot be removed");
    const unknown = await remove("admin", "gpci-no-such-edition");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "not-found" });
    expect(unknown.json().message).toContain('no imported edition has the id "gpci-no-such-edition"');
  });

  it("removes an imported edition for an organization admin, reloads, and audits it", async () => {
    const generation = fx.ctx.reference.generation;
    const res = await remove("admin", importedId);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.removed).toMatchObject({ id: importedId, table: "mue", origin: "import", rows: 14_677 });
    expect(body.restored).toEqual([]);
    expect(body.reloaded).toBe(true);
    expect(body.nowInForce?.origin).toBe("pack"); // the pack's MUE answers 2024Q3 again
    expect(fx.ctx.reference.generation).toBe(generation + 1);
    const listed = (await status("viewer")).json().editions.map((e: { id: string }) => e.id);
    expect(listed).not.toContain(importedId);
    // Removing it again: it is gone (404).
    expect((await remove("admin", importedId)).statusCode).toBe(404);
    const trail = await audits();
    expect(trail.slice(3).map((a) => [a.entity_id, a.outcome])).toEqual([
      [expect.any(String), "conflict"], // the pack edition: refused as a conflict, not a failure
      ["gpci-no-such-edition", "not-found"],
      [importedId, "ok"],
      [importedId, "not-found"],
    ]);
  });
});
