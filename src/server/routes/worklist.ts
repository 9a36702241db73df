import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import {
  correctedClaimFor,
  listWorklist,
  type StoreCorrection,
  updateWorklistItem,
} from "../../app/worklist.js";
import { scopeOf } from "../auth.js";
import { parseWith, uuidParam } from "./remit-common.js";

const statuses = ["open", "in-progress", "resolved", "ignored"] as const;
const listQuery = z
  .object({
    practiceId: z.string().optional(),
    status: z.enum(statuses).optional(),
    kind: z.enum(["denial", "underpayment", "rejection", "unmatched"]).optional(),
    assignee: z.string().optional(),
    claimId: z.string().optional(),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
const patchBody = z
  .object({
    status: z.enum(statuses).optional(),
    assignee: z.string().nullable().optional(),
    note: z.string().max(10_000).optional(),
  })
  .strict();

/** GET /worklist, PATCH /worklist/:id, POST /worklist/:id/corrected-claim. */
export function worklistRoutes(ctx: AppContext, storeCorrection?: StoreCorrection): FastifyPluginAsync {
  const corrected = correctedClaimFor(storeCorrection);
  return async (api) => {
    api.get("/worklist", async (request) => {
      const query = parseWith(listQuery, request.query, "query");
      return listWorklist(ctx, scopeOf(request), query);
    });
    api.patch("/worklist/:id", async (request) => {
      const { id } = parseWith(uuidParam, request.params, "params");
      const body = parseWith(patchBody, request.body ?? {}, "$");
      return updateWorklistItem(ctx, scopeOf(request), id, body);
    });
    api.post("/worklist/:id/corrected-claim", async (request, reply) => {
      const { id } = parseWith(uuidParam, request.params, "params");
      return reply.code(201).send(await corrected(ctx, scopeOf(request), id));
    });
  };
}
