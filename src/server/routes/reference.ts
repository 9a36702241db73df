import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { referenceStatusOf, removeReferenceEdition } from "../../app/reference-editions.js";
import { isIsoDate } from "../../model/dates.js";
import { scopeOf } from "../auth.js";

/**
 * The reference data over HTTP (docs/api.md):
 * - GET /api/v1/reference[?asOf=YYYY-MM-DD] (any signed-in user) → what `cleanclaim data
 *   status --format json` prints, without `home` (a path on the server);
 * - DELETE /api/v1/reference/editions/:id (organization admins) → what `cleanclaim data
 *   remove --format json` prints, and `reloaded`.
 * Editions are passed through as stored (src/reference/types.ts Edition): the schemas name
 * the fields a client needs and keep the rest.
 */
const edition = z
  .looseObject({
    id: z.string(),
    table: z.string(),
    release: z.string(),
    source: z.string(),
    effectiveFrom: z.string(),
    effectiveThrough: z.string().nullable(),
    rows: z.number().int(),
    origin: z.enum(["pack", "import"]),
    importedAt: z.string(),
  })
  .describe("an edition (src/reference/types.ts): also scope, partial, parts, digest, replaces");

const policyFigure = z.object({
  figure: z.string(),
  value: z.string(),
  effectiveFrom: z.string(),
  effectiveThrough: z.string().nullable(),
  source: z.string(),
  verified: z.boolean(),
  edition: z.string(),
  release: z.string(),
});

const stateSchedule = z
  .looseObject({
    profileId: z.string(),
    profileName: z.string(),
    file: z.string(),
    origin: z.string(),
    program: z.string(),
    state: z.string(),
    method: z.string(),
    figures: z.array(
      z.looseObject({ figure: z.string(), value: z.string().nullable(), verified: z.boolean() }),
    ),
    missing: z.array(z.string()),
  })
  .describe(
    "a shipped state fee schedule profile's figures with their sources (src/payers/state-schedule-status.ts)",
  );

const status = z.object({
  editions: z.array(edition),
  policy: z.array(policyFigure),
  stateSchedules: z.array(stateSchedule),
  warnings: z.array(z.string()),
});

const removal = z.object({
  removed: edition,
  restored: z.array(edition),
  nowInForce: edition.nullable(),
  reloaded: z.boolean(),
});

export function referenceRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    const app = api.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/reference",
      {
        schema: {
          summary: "The reference editions loaded, the policy figures and the staleness warnings",
          querystring: z.strictObject({
            asOf: z
              .string()
              .refine(isIsoDate, "expected a date as YYYY-MM-DD")
              .optional()
              .describe("judge staleness as of this date (default: the server's today)"),
          }),
          response: { 200: status },
        },
      },
      async (request) => {
        scopeOf(request); // any signed-in user: reference data holds no PHI
        // Edition has no index signature; the schema keeps its fields as they are.
        return referenceStatusOf(ctx, request.query.asOf) as unknown as z.infer<typeof status>;
      },
    );

    app.delete(
      "/reference/editions/:id",
      {
        schema: {
          summary:
            "Remove an imported edition (admin); the editions it replaced return, and the reference reloads",
          params: z.strictObject({ id: z.string().min(1).max(200) }),
          response: { 200: removal },
        },
      },
      async (request) =>
        (await removeReferenceEdition(ctx, scopeOf(request), request.params.id)) as z.infer<typeof removal>,
    );
  };
}
