import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { readAudit } from "../../app/identity.js";
import { isIsoDate } from "../../model/dates.js";
import type { AuditAction, AuditEntity, AuditQuery } from "../../store/audit.js";
import { scopeOf } from "../auth.js";

const day = z.string().refine(isIsoDate, "expected a date as YYYY-MM-DD");

const record = z.object({
  id: z.string(),
  at: z.string(),
  practiceId: z.string().nullable(),
  userId: z.string().nullable(),
  tokenId: z.string().nullable(),
  actor: z.string(),
  ip: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  patientId: z.string().nullable(),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

/**
 * GET /api/v1/audit (organization admins): the append-only log, newest first, filtered by
 * user, patient, action, entity and dates. There is deliberately no route that changes it;
 * reading it is itself recorded.
 */
export function auditRoutes(options: { ctx: AppContext }): FastifyPluginAsync {
  const { ctx } = options;
  return async (instance: FastifyInstance) => {
    instance.withTypeProvider<ZodTypeProvider>().get(
      "/audit",
      {
        schema: {
          summary: "Query the audit log, newest first (admin); page with before=<next>",
          querystring: z.strictObject({
            user: z.string().max(64).optional(),
            patient: z.string().max(64).optional(),
            action: z.string().max(32).optional(),
            entity: z.string().max(32).optional(),
            from: day.optional(),
            to: day.optional(),
            before: z
              .string()
              .regex(/^\d{1,18}$/, "expected a record id")
              .optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
          response: { 200: z.object({ records: z.array(record), next: z.string().nullable() }) },
        },
      },
      async (request) => {
        const q = request.query;
        const limit = q.limit ?? 100;
        const query: AuditQuery = {
          ...(q.user ? { userId: q.user } : {}),
          ...(q.patient ? { patientId: q.patient } : {}),
          ...(q.action ? { action: q.action as AuditAction } : {}),
          ...(q.entity ? { entity: q.entity as AuditEntity } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.before ? { before: q.before } : {}),
          limit,
        };
        const records = await readAudit(ctx, scopeOf(request), query);
        return { records, next: records.length === limit ? (records.at(-1)?.id ?? null) : null };
      },
    );
  };
}
