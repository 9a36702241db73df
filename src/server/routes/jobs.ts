import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { MAX_BATCH_VISITS, submitBatch } from "../../app/batches.js";
import type { AppContext } from "../../app/context.js";
import { getJob } from "../../app/jobs.js";
import { MAX_UPLOAD_BYTES, startReferenceImport } from "../../app/reference-import.js";
import { parseVisitCsv } from "../../model/visit-csv.js";
import { scopeOf } from "../auth.js";

/**
 * Jobs over HTTP (issue 9; docs/jobs.md):
 * - POST /api/v1/batches?practice=ID: a JSON array of visits, or CSV (text/csv) → 202 { jobId, total, chunks };
 * - POST /api/v1/imports?name=FILE[&partial=true]: the CMS file (or zip) as the raw body
 *   (application/zip, application/octet-stream or text/csv), admins only → 202 { jobId };
 * - GET /api/v1/jobs/:id → { id, kind, status, total, done, result, error, ... }.
 * Registered inside /api/v1 (ServerDeps.plugins): every route needs a credential.
 */
export const uploadContentTypes = ["application/zip", "application/octet-stream", "text/csv"] as const;

const jobView = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  practiceId: z.string().nullable(),
  total: z.number().int(),
  done: z.number().int(),
  result: z
    .unknown()
    .describe(
      "visit-batch: { stored, refused: [{ index, visitId, code, path, message }] }; reference-import: the editions imported",
    ),
  error: z.unknown().describe("{ code, message, task } when the job failed"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function jobRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    const app = api.withTypeProvider<ZodTypeProvider>();
    // A batch of 10,000 visits is some 15 MB of JSON: this route takes up to the upload limit.
    // It takes the visits as a JSON array, or as CSV (docs/visit-csv.md), read here with the
    // core's reader: a CSV problem answers 400 naming row and column, and nothing is stored.
    await api.register(async (batches) => {
      batches.addContentTypeParser(
        "text/csv",
        { parseAs: "string", bodyLimit: MAX_UPLOAD_BYTES },
        (_request, body, done) => done(null, body),
      );
      batches.withTypeProvider<ZodTypeProvider>().post(
        "/batches",
        {
          bodyLimit: MAX_UPLOAD_BYTES,
          schema: {
            summary:
              "Check and store visits as a job (stored as POST /visits stores one): a JSON array, or CSV (text/csv, one row per service line)",
            querystring: z.strictObject({
              practice: z.string().min(1).describe("the practice the visits belong to"),
            }),
            body: z
              .union([
                z.array(z.unknown()).min(1).max(MAX_BATCH_VISITS).describe("visits (contract §1)"),
                z.string().describe("text/csv: visits as CSV (docs/visit-csv.md)"),
              ])
              .describe("application/json: an array of visits; text/csv: one row per service line"),
            response: {
              202: z.object({ jobId: z.string(), total: z.number().int(), chunks: z.number().int() }),
            },
          },
        },
        async (request, reply) => {
          const visits =
            typeof request.body === "string" ? parseVisitCsv(request.body, "visits.csv") : request.body;
          const started = await submitBatch(ctx, scopeOf(request), request.query.practice, visits);
          return reply.code(202).send(started);
        },
      );
    });

    await api.register(async (uploads) => {
      uploads.removeAllContentTypeParsers();
      uploads.addContentTypeParser(
        [...uploadContentTypes],
        { parseAs: "buffer", bodyLimit: MAX_UPLOAD_BYTES },
        (_request, body, done) => done(null, body),
      );
      uploads.withTypeProvider<ZodTypeProvider>().post(
        "/imports",
        {
          bodyLimit: MAX_UPLOAD_BYTES,
          schema: {
            summary: "Import a CMS reference file (or a zip of them) as a job; admins only",
            querystring: z.strictObject({
              name: z
                .string()
                .min(1)
                .max(255)
                .describe("the file's name, as CMS names it (PPRRVU2026_Jul.zip)"),
              partial: z
                .enum(["true", "false"])
                .optional()
                .describe("the file holds some codes only, like --partial"),
            }),
            response: { 202: z.object({ jobId: z.string() }) },
          },
        },
        async (request, reply) => {
          const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const jobId = await startReferenceImport(ctx, scopeOf(request), {
            name: request.query.name,
            bytes,
            partial: request.query.partial === "true",
          });
          return reply.code(202).send({ jobId });
        },
      );
    });

    app.get(
      "/jobs/:id",
      {
        schema: {
          summary: "A job's status and progress (done of total), with its result or error",
          params: z.object({ id: z.string() }),
          response: { 200: jobView },
        },
      },
      async (request) => (await getJob(ctx, scopeOf(request), request.params.id)) as z.infer<typeof jobView>,
    );
  };
}
