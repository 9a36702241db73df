import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getJob } from "../app/jobs.js";
import { startReferenceImport } from "../app/reference-import.js";
import { backends } from "../store/test-support.js";
import { sharedDataDir } from "../test-support/reference.js";
import { type RunningJobs, startJobs } from "./index.js";
import { type JobsFixture, jobsFixture } from "./test-support.js";

const gpci2025 = path.join(sharedDataDir, "mpfs-2025/GPCI2025.csv");
const mue2024q3 = path.join(sharedDataDir, "ncci-2024q3/mue_practitioner_2024q3.csv");

describe.each(backends)("reference import job (%s)", (backend) => {
  let fx: JobsFixture | undefined;
  let jobs: RunningJobs | undefined;
  afterEach(async () => {
    await jobs?.stop();
    await fx?.dispose();
    jobs = undefined;
    fx = undefined;
  });

  async function setUp() {
    fx = await jobsFixture(backend);
    jobs = await startJobs(fx.ctx, { workShared: false, policy: { retryDelaySeconds: 0.05 } });
    return { fx, runner: jobs.runner! };
  }

  it("imports an uploaded MUE file as a job: progress to 100, the editions in the result, reloaded for requests", async () => {
    const { fx, runner } = await setUp();
    const admin = fx.scope("admin");
    // Before: the bundled pack answers 97110's MUE (it keeps its own codes' rows of the file).
    expect(fx.ctx.reference.mue("97110", "2024-08-01").edition?.origin).toBe("pack");
    const jobId = await startReferenceImport(fx.ctx, admin, {
      name: "mue_practitioner_2024q3.csv",
      bytes: fs.readFileSync(mue2024q3),
    });
    await runner.idle();
    const job = await getJob(fx.ctx, admin, jobId);
    expect(job).toMatchObject({
      kind: "reference-import",
      status: "done",
      total: 100,
      done: 100,
      error: null,
    });
    const result = job.result as {
      imported: Array<{ id: string; table: string; rows: number }>;
      reloaded: boolean;
    };
    expect(result.imported.map((e) => [e.table, e.rows])).toEqual([["mue", 14_677]]);
    expect(result.reloaded).toBe(true);
    // After: the same process's reference data answers from the import, with no reopen.
    expect(fx.ctx.reference.mue("97110", "2024-08-01").edition?.origin).toBe("import");
    // The edition names the uploaded file, not the server's temporary upload folder.
    const imported = fx.ctx.reference.editions().find((e) => e.id === result.imported[0]?.id);
    expect(imported?.source).toBe("mue_practitioner_2024q3.csv");
    // The upload is gone once imported.
    expect(fs.readdirSync(path.join(fx.home, "uploads"))).toEqual([]);

    // The same file again: nothing changes, and the job says so.
    const again = await startReferenceImport(fx.ctx, admin, {
      name: "mue_practitioner_2024q3.csv",
      bytes: fs.readFileSync(mue2024q3),
    });
    await runner.idle();
    const second = await getJob(fx.ctx, admin, again);
    expect(second.status).toBe("done");
    expect((second.result as { unchanged: unknown[]; imported: unknown[] }).unchanged).toHaveLength(1);
    expect((second.result as { imported: unknown[] }).imported).toHaveLength(0);

    // A file the pack holds whole (GPCI2025.csv) is unchanged too: it is not stored twice.
    const gpci = await startReferenceImport(fx.ctx, admin, {
      name: "GPCI2025.csv",
      bytes: fs.readFileSync(gpci2025),
    });
    await runner.idle();
    expect((await getJob(fx.ctx, admin, gpci)).result).toMatchObject({
      imported: [],
      unchanged: [expect.objectContaining({ table: "gpci" })],
    });
    expect(fx.ctx.reference.gpci("13202", "01", "2025-06-01").edition?.origin).toBe("pack");
  });

  it("fails a garbage upload once, with the importer's problem (a 4xx problem is not retried)", async () => {
    const { fx, runner } = await setUp();
    const admin = fx.scope("admin");
    const jobId = await startReferenceImport(fx.ctx, admin, {
      name: "GPCI2025.csv",
      bytes: Buffer.from("this is not a GPCI file\n1,2,3\n"),
    });
    await runner.idle();
    const job = await getJob(fx.ctx, admin, jobId);
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "invalid-reference-file" });
    // The problem names the upload as given, not where the server kept it.
    expect(JSON.stringify(job.error)).not.toContain(fx.home);
    const task = await fx.store.db
      .selectFrom("job_tasks")
      .select("attempts")
      .where("job_id", "=", jobId)
      .executeTakeFirstOrThrow();
    expect(task.attempts).toBe(1);
  });

  it("takes uploads from organization admins only, and hides jobs across organizations", async () => {
    const { fx, runner } = await setUp();
    const bytes = fs.readFileSync(gpci2025);
    await expect(
      startReferenceImport(fx.ctx, fx.scope("biller"), { name: "GPCI2025.csv", bytes }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      startReferenceImport(fx.ctx, fx.scope("admin", fx.practiceId), { name: "GPCI2025.csv", bytes }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      startReferenceImport(fx.ctx, fx.scope("admin"), { name: "../../..", bytes }),
    ).rejects.toMatchObject({ code: "invalid-option" });
    const jobId = await startReferenceImport(fx.ctx, fx.scope("admin"), {
      name: "../../GPCI2025.csv",
      bytes,
    });
    await runner.idle();
    // The name kept no path: the file landed inside the uploads folder and was imported.
    expect((await getJob(fx.ctx, fx.scope("admin"), jobId)).status).toBe("done");
    const otherAdmin = fx.scope("admin", null, fx.other.organizationId);
    await expect(getJob(fx.ctx, otherAdmin, jobId)).rejects.toMatchObject({ code: "not-found" });
    await expect(getJob(fx.ctx, fx.scope("viewer"), jobId)).rejects.toMatchObject({ code: "forbidden" });
    await expect(getJob(fx.ctx, fx.scope("admin"), "not-a-uuid")).rejects.toMatchObject({
      code: "not-found",
    });
    // The audit log has the import and the refused reads.
    const audit = await fx.store.db.selectFrom("audit_log").select(["action", "entity", "outcome"]).execute();
    expect(audit).toContainEqual({ action: "import", entity: "reference", outcome: "ok" });
    expect(audit).toContainEqual({ action: "read", entity: "job", outcome: "not-found" });
  });
});
