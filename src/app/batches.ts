import { Problem, type ProblemIssue } from "../model/problem.js";
import { requirePractice } from "../store/tenancy.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { startJob } from "./jobs.js";
import type { Scope } from "./scope.js";

/**
 * Batch checks (issue 9, scale-out): `POST /api/v1/batches` takes an array of visits and
 * stores each as `POST /api/v1/visits` would (storeVisit), as a job of chunks that any
 * worker may take. A chunk is stored in one transaction with its progress (all or nothing),
 * and each visit keeps its place in the batch (visits.batch_id = the job id, batch_index =
 * its index in the array), so a retried chunk never stores a visit twice.
 */
export const VISIT_BATCH_QUEUE = "visit-batch-chunk";

/** Visits per chunk: one transaction each. */
export const CHUNK_VISITS = 100;

/** The most visits one batch takes (the 100 MB upload limit holds some 50,000 visits). */
export const MAX_BATCH_VISITS = 50_000;

export interface BatchItem {
  /** The visit's index in the submitted array: its batch_index. */
  index: number;
  visit: unknown;
}

export interface VisitChunkPayload {
  practiceId: string;
  items: BatchItem[];
}

export interface BatchStarted {
  jobId: string;
  total: number;
  chunks: number;
}

/**
 * Splits a batch into chunks of about `size` visits, keeping each patient's visits together
 * and in date order where they fit in one chunk: the history a visit's rules read (KX
 * year-to-date, authorization visits used) then includes the same patient's earlier visits
 * of the batch, which a chunk committed by another worker at the same time could not give.
 */
export function chunkVisits(visits: readonly unknown[], size = CHUNK_VISITS): BatchItem[][] {
  const byPatient = new Map<string, BatchItem[]>();
  visits.forEach((visit, index) => {
    const key = patientKey(visit) ?? `#${index}`;
    const list = byPatient.get(key) ?? [];
    list.push({ index, visit });
    byPatient.set(key, list);
  });
  const chunks: BatchItem[][] = [];
  let current: BatchItem[] = [];
  for (const items of byPatient.values()) {
    items.sort((a, b) => dateOf(a.visit).localeCompare(dateOf(b.visit)) || a.index - b.index);
    if (current.length > 0 && current.length + items.length > size) {
      chunks.push(current);
      current = [];
    }
    for (const item of items) {
      if (current.length >= size) {
        chunks.push(current);
        current = [];
      }
      current.push(item);
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function patientKey(visit: unknown): string | undefined {
  const patient = (visit as { patient?: { id?: unknown } } | null)?.patient;
  return typeof patient?.id === "string" ? patient.id : undefined;
}

function dateOf(visit: unknown): string {
  const d = (visit as { dateOfService?: unknown } | null)?.dateOfService;
  return typeof d === "string" ? d : "";
}

/**
 * Starts a batch for one practice (biller or admin there). What can be refused up front is:
 * not an array, too many, an item that is not an object, a visit id twice in the batch, or a
 * visit id the practice has stored already (its claim's control number). Each visit is
 * otherwise validated when it is stored; one that fails is listed in the job's result by
 * index, and the rest are stored.
 */
export const submitBatch = audited(
  {
    action: "create",
    entity: "job",
    describe: ([practiceId, visits], result) => ({
      entityId: result?.jobId ?? null,
      practiceId,
      detail: { kind: "visit-batch", count: Array.isArray(visits) ? visits.length : 0 },
    }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string, visits: unknown): Promise<BatchStarted> => {
    // 404 for another tenant's practice and for a malformed id (which the uuid column would refuse with a 500)
    await requirePractice(ctx.store.db, scope, "work", practiceId);
    if (!Array.isArray(visits) || visits.length === 0) {
      throw new Problem([
        { code: "invalid-input", message: "expected a non-empty array of visits", path: "$" },
      ]);
    }
    if (visits.length > MAX_BATCH_VISITS) {
      throw new Problem([
        {
          code: "too-large",
          message: `a batch takes at most ${MAX_BATCH_VISITS} visits, got ${visits.length}; split it`,
          path: "$",
        },
      ]);
    }
    const issues: ProblemIssue[] = [];
    const seen = new Map<string, number>();
    visits.forEach((visit, index) => {
      if (visit === null || typeof visit !== "object" || Array.isArray(visit)) {
        issues.push({ code: "invalid-input", message: "expected a visit object", path: `$[${index}]` });
        return;
      }
      const id = (visit as { id?: unknown }).id;
      if (typeof id !== "string") return;
      const first = seen.get(id);
      if (first !== undefined)
        issues.push({
          code: "invalid-input",
          message: `visit id ${id} is also $[${first}]: each visit of a batch needs its own id (it is the claim's control number)`,
          path: `$[${index}].id`,
        });
      else seen.set(id, index);
    });
    if (issues.length > 0) throw new Problem(issues.slice(0, 20));
    const stored = (await storedControlNumbers(ctx, practiceId, [...seen.keys()])).sort(
      (a, b) => (seen.get(a) ?? 0) - (seen.get(b) ?? 0),
    );
    if (stored.length > 0) {
      throw new Problem(
        stored.slice(0, 20).map((id) => ({
          code: "conflict" as const,
          message: `visit id ${id} is stored already for this practice; send a corrected claim for a change, or give the new visit its own id`,
          path: `$[${seen.get(id)}].id`,
        })),
      );
    }
    const chunks = chunkVisits(visits);
    const jobId = await startJob(ctx, scope, {
      kind: "visit-batch",
      practiceId,
      total: visits.length,
      input: { visits: visits.length, chunks: chunks.length },
      tasks: chunks.map((items) => ({
        queue: VISIT_BATCH_QUEUE,
        units: items.length,
        payload: { practiceId, items } satisfies VisitChunkPayload,
      })),
    });
    return { jobId, total: visits.length, chunks: chunks.length };
  },
);

async function storedControlNumbers(
  ctx: AppContext,
  practiceId: string,
  ids: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await ctx.store.db
      .selectFrom("claims")
      .select("control_number")
      .where("practice_id", "=", practiceId)
      .where("control_number", "in", ids.slice(i, i + 1000))
      .execute();
    found.push(...rows.map((r) => r.control_number));
  }
  return found;
}
