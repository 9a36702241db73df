import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { IsoDate } from "../model/dates.js";
import { isIsoDate } from "../model/dates.js";
import { isMoney } from "../model/money.js";
import { InputError } from "../model/validate.js";
import { checkDocument, codeDocument, priceDocument, scrubDocument } from "../pipeline/input.js";
import type { LoadedPayerProfile, PipelineOptions } from "../pipeline/pipeline.js";
import { scrub837 } from "../pipeline/scrub837.js";
import type { Reference } from "../reference/reference.js";
import { type ReferenceCache, referenceCache } from "../rules/index.js";
import { acceptX12 } from "./x12-body.js";

/**
 * POST /api/v1/check, /code, /scrub and /price: the CLI's commands over HTTP, with the
 * CLI's JSON (contract §3). Both call the same functions of src/pipeline/input.ts on the
 * same parsed documents, and this file mirrors the CLI's batch rule (src/cli/commands/
 * claims.ts runItems): one document that is unusable is a 400 problem; in an array, a bad
 * item is reported in place as `{ source, error, issues }` and the rest go on.
 *
 * The request's documents are named `body` (one) or `body[i]` (an array), where the CLI
 * names the file, so positions and unknown-field warnings read the same way.
 */

/** What the stateless routes need from the server: the shared reference and the run defaults. */
export interface StatelessContext {
  reference: Reference;
  profiles?: readonly LoadedPayerProfile[] | undefined;
  today: () => IsoDate;
  /**
   * The process's memo of reference lookups, shared by requests like the CLI's batch shares
   * one; referenceCache() replaces it when the reference reloads (its generation moves).
   */
  memo: { reference: Reference; cache?: ReferenceCache };
  /** The largest 837 the scrub route takes. */
  x12BodyBytes: number;
}

/** The CLI's common flags that apply to a stateless request, as query parameters. */
export const runQuery = z.strictObject({
  asOf: z
    .string()
    .refine(isIsoDate, "expected a date as YYYY-MM-DD")
    .optional()
    .describe("judge timely filing as of this date (default: the server's today), like --as-of"),
  year: z
    .string()
    .regex(/^20\d\d$/, "expected a year such as 2026")
    .optional()
    .describe("price as of this fee schedule year, like --year"),
  locality: z
    .string()
    .min(1)
    .max(32)
    .optional()
    .describe('pricing locality, e.g. 09102-04, or "national", like --locality'),
  zip: z.string().min(1).max(10).optional().describe("derive the pricing locality from this ZIP, like --zip"),
  deductibleRemaining: z
    .string()
    .refine(isMoney, "expected an amount such as 120.00")
    .optional()
    .describe("Part B deductible still unmet, like --deductible-remaining"),
  apm: z
    .enum(["true", "false"])
    .optional()
    .describe("price with the qualifying APM conversion factor, like --apm"),
});
export type RunQuery = z.infer<typeof runQuery>;

/** One visit or claim document, or an array of them (validated by the pipeline, which reports unknown fields). */
const documents = z
  .union([z.looseObject({}), z.array(z.unknown())], {
    error: "expected a document (a JSON object) or an array of them",
  })
  .describe("one document (contract §1 visit or §2 claim) or an array of them");

const results = (what: string) => z.unknown().describe(what);

/** The run options of one request, as the CLI's pipelineOptions builds them from its flags. */
export function runOptions(ctx: StatelessContext, query: RunQuery): PipelineOptions {
  return {
    reference: ctx.reference,
    cache: referenceCache(ctx.memo),
    asOf: query.asOf ?? ctx.today(),
    ...(ctx.profiles ? { profiles: ctx.profiles } : {}),
    pricing: {
      locality: query.locality,
      zip: query.zip,
      year: query.year === undefined ? undefined : Number(query.year),
      qualifyingApm: query.apm === "true",
      deductibleRemaining: query.deductibleRemaining,
    },
  };
}

/**
 * One document or an array through `handle`: the CLI's output for the same input. A bad
 * document alone throws (400); in an array it is reported in place.
 */
export function runDocuments(body: unknown, handle: (value: unknown, source: string) => unknown): unknown {
  if (!Array.isArray(body)) return handle(body, "body");
  return body.map((value, i) => {
    const source = `body[${i}]`;
    try {
      return handle(value, source);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { source, error: error.message, issues: error.issues };
    }
  });
}

export async function statelessRoutes(api: FastifyInstance, ctx: StatelessContext): Promise<void> {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ["stateless"];

  app.post(
    "/check",
    {
      schema: {
        tags,
        summary: "Code, scrub and price visits (cleanclaim check)",
        querystring: runQuery,
        body: documents,
        response: { 200: results("{ claim, findings, estimate } per visit (an array for an array)") },
      },
    },
    async (request) => {
      const options = runOptions(ctx, request.query);
      return runDocuments(request.body, (value, source) => {
        const { claim, findings, estimate } = checkDocument(value, source, options);
        return { claim, findings, estimate };
      });
    },
  );

  app.post(
    "/code",
    {
      schema: {
        tags,
        summary: "Code visits into claims (cleanclaim code)",
        querystring: runQuery,
        body: documents,
        response: { 200: results("{ claim, findings } per visit (an array for an array)") },
      },
    },
    async (request) => {
      const options = runOptions(ctx, request.query);
      return runDocuments(request.body, (value, source) => codeDocument(value, source, options));
    },
  );

  app.post(
    "/price",
    {
      schema: {
        tags,
        summary: "Price claims (cleanclaim price)",
        querystring: runQuery,
        body: documents,
        response: { 200: results("the Estimate per claim (an array for an array)") },
      },
    },
    async (request) => {
      const options = runOptions(ctx, request.query);
      return runDocuments(request.body, (value, source) => priceDocument(value, source, options).estimate);
    },
  );

  // Scrub takes an 837P too, so it lives in its own context with the X12 body parsers.
  await app.register(async (scrub) => {
    acceptX12(scrub, ctx.x12BodyBytes);
    scrub.withTypeProvider<ZodTypeProvider>().post(
      "/scrub",
      {
        schema: {
          tags,
          summary: "Scrub claims, or an 837P file (cleanclaim scrub)",
          description:
            "A claim document (or check/code output) or an array of them as application/json; or an 837P interchange as text/plain or application/edi-x12 (up to the X12 upload limit), which gives one entry per claim, file-level findings first with claimId null.",
          querystring: runQuery,
          response: { 200: results("{ claimId, findings } per claim (an array for an array or an 837P)") },
        },
      },
      async (request) => {
        const options = runOptions(ctx, request.query);
        const body: unknown = request.body;
        if (Buffer.isBuffer(body)) {
          // As the CLI tells an 837 from JSON (isX12File): X12 starts with ISA.
          if (!/^\uFEFF?\s*ISA/.test(body.subarray(0, 16).toString("latin1")))
            throw new InputError(
              [{ path: "(file)", message: "expected an X12 interchange starting with ISA" }],
              "body",
            );
          return scrub837(body, "body", options).entries;
        }
        if (body === null || typeof body !== "object")
          throw new InputError([{ path: "$", message: "expected a claim object or an array of claims" }]);
        return runDocuments(body, (value, source) => {
          const { claim, findings } = scrubDocument(value, source, options);
          return { claimId: claim.id, findings };
        });
      },
    );
  });
}
