import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import type { AppContext } from "../app/context.js";
import { getJob, type JobView } from "../app/jobs.js";
import type { Role, Scope } from "../app/scope.js";
import { baysideSettings } from "../app/test-support.js";
import { openReference } from "../reference/open.js";
import type { Backend } from "../store/db.js";
import { keyringFromText, PhiCipher } from "../store/phi-cipher.js";
import type { Database } from "../store/schema.js";
import { freshStore, type TestStore } from "../store/test-support.js";
import { repoRoot } from "../test-support/reference.js";

/** A fixed test key (32 bytes of 0x11, base64): workers started by a test use the same one. */
export const TEST_KEY = Buffer.alloc(32, 0x11).toString("base64");

export interface JobsFixture {
  ctx: AppContext;
  store: TestStore;
  home: string;
  organizationId: string;
  practiceId: string;
  /** A second organization, with its own practice, for tenancy checks. */
  other: { organizationId: string; practiceId: string };
  scope(role: Role, practiceId?: string | null, organizationId?: string): Scope;
  dispose(): Promise<void>;
}

/** A fresh store on this back-end with two organizations of one practice each, and a context over it. */
export async function jobsFixture(
  backend: Backend,
  options: { dataDir?: string } = {},
): Promise<JobsFixture> {
  const store = await freshStore(backend, options);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-jobs-"));
  const organizationId = randomUUID();
  const practiceId = randomUUID();
  const other = { organizationId: randomUUID(), practiceId: randomUUID() };
  await store.db
    .insertInto("organizations")
    .values([
      { id: organizationId, name: "Bayside Billing" },
      { id: other.organizationId, name: "Elsewhere Billing" },
    ])
    .execute();
  await store.db
    .insertInto("practices")
    .values([
      {
        id: practiceId,
        organization_id: organizationId,
        name: "Bayside Therapy",
        settings: JSON.stringify(baysideSettings()),
      },
      {
        id: other.practiceId,
        organization_id: other.organizationId,
        name: "Elsewhere PT",
        settings: JSON.stringify(baysideSettings()),
      },
    ])
    .execute();
  const ctx: AppContext = {
    store,
    cipher: new PhiCipher(keyringFromText(TEST_KEY)),
    reference: openReference({ home }),
    // Fixed: timely filing of the example visits (March and October 2026) is judged as of then.
    today: () => "2026-11-01",
    now: () => new Date(),
    home,
  };
  return {
    ctx,
    store,
    home,
    organizationId,
    practiceId,
    other,
    scope: (role, practice = null, org = organizationId) => ({
      organizationId: org,
      actor: { userId: null, tokenId: null, label: `${role}@test`, ip: "127.0.0.1" },
      grants: [{ role, practiceId: practice }],
    }),
    dispose: async () => {
      await store.dispose();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The example visits (synthetic patients), the templates of generated batches. */
export function exampleVisits(): Record<string, unknown>[] {
  const dir = path.join(repoRoot, "examples/visits");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>);
}

/**
 * `count` synthetic visits from the example templates, each with its own visit id, patient
 * (id, name, member id) and a date of service moved by up to 4 days (inside each template's
 * plan of care), so no two are the same claim or the same patient.
 */
export function syntheticVisits(count: number, prefix = "B"): Record<string, unknown>[] {
  const templates = exampleVisits();
  return Array.from({ length: count }, (_, i) => {
    const visit = structuredClone(templates[i % templates.length]!);
    const patient = visit.patient as Record<string, unknown>;
    visit.id = `${prefix}-${i}`;
    patient.id = `${prefix}P-${i}`;
    patient.lastName = `Synthetic${i}`;
    patient.memberId = `${String(i).padStart(6, "0")}SYN`;
    const date = new Date(`${visit.dateOfService as string}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + (i % 5));
    visit.dateOfService = date.toISOString().slice(0, 10);
    return visit;
  });
}

/** Polls the job until it is done or failed (or the time runs out). */
export async function waitForJob(
  ctx: AppContext,
  scope: Scope,
  jobId: string,
  timeoutMs = 60_000,
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(ctx, scope, jobId);
    if (job.status === "done" || job.status === "failed") return job;
    if (Date.now() > until)
      throw new Error(`job ${jobId} still ${job.status} (${job.done}/${job.total}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a batch left in the store: visits, distinct batch indexes, claims, versions, and visits lacking a claim or version. */
export async function batchCounts(db: Kysely<Database>, batchId: string) {
  const visits = await db
    .selectFrom("visits")
    .select((eb) => [
      eb.fn.countAll<number>().as("visits"),
      eb.fn.count<number>("batch_index").distinct().as("indexes"),
    ])
    .where("batch_id", "=", batchId)
    .executeTakeFirstOrThrow();
  const claims = await db
    .selectFrom("claims")
    .innerJoin("visits", "visits.id", "claims.visit_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("visits.batch_id", "=", batchId)
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom("claim_versions")
    .innerJoin("claims", "claims.id", "claim_versions.claim_id")
    .innerJoin("visits", "visits.id", "claims.visit_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("visits.batch_id", "=", batchId)
    .executeTakeFirstOrThrow();
  const orphans = await db
    .selectFrom("visits")
    .leftJoin("claims", "claims.visit_id", "visits.id")
    .leftJoin("claim_versions", "claim_versions.claim_id", "claims.id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("visits.batch_id", "=", batchId)
    .where((eb) => eb.or([eb("claims.id", "is", null), eb("claim_versions.id", "is", null)]))
    .executeTakeFirstOrThrow();
  return {
    visits: Number(visits.visits),
    indexes: Number(visits.indexes),
    claims: Number(claims.n),
    versions: Number(versions.n),
    orphans: Number(orphans.n),
  };
}
