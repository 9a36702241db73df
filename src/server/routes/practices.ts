import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../app/context.js";
import { createPractice, getPractice, listPractices, updatePractice } from "../../app/practices.js";
import { scopeOf } from "../auth.js";
import { parsePart } from "./records-common.js";

const idParam = z.object({ id: z.string() });

/**
 * GET/POST /practices, GET/PATCH /practices/:id: a practice and its settings (billing and
 * rendering providers, locality, 837 envelope, fee schedule, payer profiles). Changes are
 * for admins; bodies are validated by app/practice-settings.ts.
 */
export function practiceRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    api.get("/practices", async (request) => ({ items: await listPractices(ctx, scopeOf(request)) }));
    api.post("/practices", async (request, reply) =>
      reply.code(201).send(await createPractice(ctx, scopeOf(request), request.body)),
    );
    api.get("/practices/:id", async (request) =>
      getPractice(ctx, scopeOf(request), parsePart(idParam, request.params, "params").id),
    );
    api.patch("/practices/:id", async (request) =>
      updatePractice(ctx, scopeOf(request), parsePart(idParam, request.params, "params").id, request.body),
    );
  };
}
