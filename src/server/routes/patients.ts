import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { getPatient, searchPatients, therapySpending } from "../../app/patients.js";
import { isoDate } from "../../model/common.js";
import { scopeOf } from "../auth.js";
import { parsePart, practiceForWork } from "./records-common.js";

const idParam = z.object({ id: z.string() });
const searchQuery = z.object({
  practiceId: z.string().optional(),
  memberId: z.string().optional(),
  name: z.string().optional(),
  lastName: z.string().optional(),
  birthDate: isoDate.optional(),
});
const yearQuery = z.object({ year: z.coerce.number().int() });

/**
 * GET /patients?memberId=&name=&lastName=&birthDate= (by blind index only), GET
 * /patients/:id, GET /patients/:id/therapy-spending?year=. Query strings can carry PHI:
 * the server's logs never print them (docs/api.md, logging).
 */
export function patientRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    api.get("/patients", async (request) => {
      const scope = scopeOf(request);
      const { practiceId, ...q } = parsePart(searchQuery, request.query, "query");
      return {
        items: await searchPatients(ctx, scope, await practiceForWork(ctx, scope, practiceId, "read"), q),
      };
    });
    api.get("/patients/:id", async (request) =>
      getPatient(ctx, scopeOf(request), parsePart(idParam, request.params, "params").id),
    );
    api.get("/patients/:id/therapy-spending", async (request) => {
      const { id } = parsePart(idParam, request.params, "params");
      return therapySpending(ctx, scopeOf(request), id, parsePart(yearQuery, request.query, "query").year);
    });
  };
}
