import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningJobs, startJobs } from "../../jobs/index.js";
import { type JobsFixture, jobsFixture, syntheticVisits } from "../../jobs/test-support.js";
import { sharedDataDir } from "../../test-support/reference.js";
import { buildServer } from "../app.js";
import { jobRoutes } from "./jobs.js";

/** The jobs routes over HTTP on PGlite (the use cases run on both back-ends in src/jobs/*.test.ts). */
describe("POST /api/v1/batches, POST /api/v1/imports, GET /api/v1/jobs/:id", () => {
  let fx: JobsFixture;
  let jobs: RunningJobs;
  let server: FastifyInstance;
  const tokens: Record<string, ReturnType<JobsFixture["scope"]>> = {};
  beforeAll(async () => {
    fx = await jobsFixture("pglite");
    jobs = await startJobs(fx.ctx);
    tokens.admin = fx.scope("admin");
    tokens.biller = fx.scope("biller", fx.practiceId);
    tokens.viewer = fx.scope("viewer", fx.practiceId);
    tokens.stranger = fx.scope("admin", null, fx.other.organizationId);
    server = await buildServer({
      reference: fx.ctx.reference,
      rateLimit: false,
      authenticate: async (request) =>
        tokens[(request.headers.authorization ?? "").replace("Bearer ", "")] ?? null,
      plugins: [jobRoutes(fx.ctx)],
    });
  });
  afterAll(async () => {
    await server?.close();
    await jobs?.stop();
    await fx?.dispose();
  });
  const as = (who: string) => ({ authorization: `Bearer ${who}` });

  async function poll(id: string, who = "biller") {
    for (;;) {
      const res = await server.inject({ method: "GET", url: `/api/v1/jobs/${id}`, headers: as(who) });
      const body = res.json();
      if (res.statusCode !== 200 || body.status === "done" || body.status === "failed") return res;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("takes a batch (202), and the job reports done with the stored count", async () => {
    const res = await server.inject({
      method: "POST",
      url: `/api/v1/batches?practice=${fx.practiceId}`,
      headers: as("biller"),
      payload: syntheticVisits(30, "H"),
    });
    expect(res.statusCode).toBe(202);
    const { jobId, total, chunks } = res.json();
    expect([total, chunks]).toEqual([30, 1]);
    const job = await poll(jobId);
    expect(job.json()).toMatchObject({
      id: jobId,
      kind: "visit-batch",
      status: "done",
      total: 30,
      done: 30,
      result: { stored: 30, refused: [] },
    });
    // Readable by a viewer of the practice; another organization gets 404; no credential 401.
    expect(
      (await server.inject({ method: "GET", url: `/api/v1/jobs/${jobId}`, headers: as("viewer") }))
        .statusCode,
    ).toBe(200);
    const foreign = await server.inject({
      method: "GET",
      url: `/api/v1/jobs/${jobId}`,
      headers: as("stranger"),
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect((await server.inject({ method: "GET", url: `/api/v1/jobs/${jobId}` })).statusCode).toBe(401);
  });

  it("refuses a viewer's batch (403), a batch for another organization's practice (404), a non-array (400)", async () => {
    const post = (who: string, practice: string, payload: unknown) =>
      server.inject({
        method: "POST",
        url: `/api/v1/batches?practice=${practice}`,
        headers: as(who),
        payload: payload as object,
      });
    expect((await post("viewer", fx.practiceId, syntheticVisits(1, "W"))).statusCode).toBe(403);
    expect((await post("biller", fx.other.practiceId, syntheticVisits(1, "W"))).statusCode).toBe(404);
    expect((await post("biller", fx.practiceId, { not: "an array" })).statusCode).toBe(400);
  });

  it("takes a batch as CSV (text/csv): rows grouped into visits, the billing provider from the practice", async () => {
    const csv = [
      "visit_id,date_of_service,patient_id,patient_first_name,patient_last_name,patient_birth_date,patient_sex,patient_member_id,payer_id,payer_type,place_of_service,rendering_npi,rendering_credential,plan_of_care_discipline,plan_of_care_from,plan_of_care_through,diagnoses,code,minutes,charge",
      "CSV-1,2026-03-02,P-C1,Cora,Lane,1950-02-03,F,1EG4TE5MK74,MEDICARE-FL,medicare,11,1972638468,PT,PT,2026-02-01,2026-04-30,M54.16,97110,30,60.00",
      "CSV-1,,,,,,,,,,,,,,,,,97140,10,55.00",
      "CSV-2,2026-03-03,P-C2,Dan,Moss,1948-07-08,M,1EG4TE5MK75,MEDICARE-FL,medicare,11,1972638468,PT,PT,2026-02-01,2026-04-30,M54.16,97110,45,60.00",
    ].join("\n");
    const res = await server.inject({
      method: "POST",
      url: `/api/v1/batches?practice=${fx.practiceId}`,
      headers: { ...as("biller"), "content-type": "text/csv" },
      payload: csv,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ total: 2, chunks: 1 });
    const job = await poll(res.json().jobId);
    expect(job.json()).toMatchObject({ status: "done", result: { stored: 2, refused: [] } });
    const claims = await fx.store.db
      .selectFrom("claims")
      .select(["control_number", "charge_cents"])
      .where("control_number", "in", ["CSV-1", "CSV-2"])
      .orderBy("control_number")
      .execute();
    // CSV-1: 97110 2 units (60.00 each) + 97140 1 unit (55.00); CSV-2: 97110 3 units
    expect(claims.map((c) => [c.control_number, Number(c.charge_cents)])).toEqual([
      ["CSV-1", 17_500],
      ["CSV-2", 18_000],
    ]);
  });

  it("refuses a CSV with a bad cell (400 problem naming row and column) and starts no job", async () => {
    const before = await fx.store.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const res = await server.inject({
      method: "POST",
      url: `/api/v1/batches?practice=${fx.practiceId}`,
      headers: { ...as("biller"), "content-type": "text/csv" },
      payload:
        "visit_id,date_of_service,payer_id,payer_type,place_of_service,code,minutes\nX-1,2026-03-02,MCR,medicare,11,97110,thirty\n",
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: "invalid-input",
      issues: [
        {
          path: "row 2, column minutes",
          message: 'expected a whole number of minutes (0 to 1440), got "thirty"',
        },
      ],
    });
    const after = await fx.store.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("imports an uploaded CMS file for an admin (202, then done at 100%), and refuses a biller (403)", async () => {
    const upload = (who: string, file: string) =>
      server.inject({
        method: "POST",
        url: `/api/v1/imports?name=${path.basename(file)}`,
        headers: { ...as(who), "content-type": "application/octet-stream" },
        payload: fs.readFileSync(path.join(sharedDataDir, file)),
      });
    // The full MUE file: the bundled pack keeps the rows of its own codes only.
    const mue = "ncci-2024q3/mue_practitioner_2024q3.csv";
    expect((await upload("biller", mue)).statusCode).toBe(403);
    const res = await upload("admin", mue);
    expect(res.statusCode).toBe(202);
    const job = await poll(res.json().jobId, "admin");
    expect(job.json()).toMatchObject({ kind: "reference-import", status: "done", done: 100, total: 100 });
    expect(job.json().result.imported).toEqual([expect.objectContaining({ table: "mue", rows: 14677 })]);
    expect(fx.ctx.reference.mue("97110", "2024-08-01").edition?.origin).toBe("import");
    // GPCI2025.csv is in the pack whole: unchanged, not a second edition.
    const gpci = await poll((await upload("admin", "mpfs-2025/GPCI2025.csv")).json().jobId, "admin");
    expect(gpci.json().result).toMatchObject({
      imported: [],
      unchanged: [expect.objectContaining({ table: "gpci", release: "CY2025 GPCIs (Addendum E)" })],
    });
    expect(fx.ctx.reference.gpci("13202", "01", "2025-06-01").edition?.origin).toBe("pack");
  });
});
