import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../../app/context.js";
import { claimRoutes } from "./claims.js";
import { dashboardRoutes } from "./dashboard.js";
import { patientRoutes } from "./patients.js";
import { practiceRoutes } from "./practices.js";
import { visitRoutes } from "./visits.js";

/** The records area's /api/v1 routes, for ServerDeps.plugins (practices, patients, visits, claims, the dashboard's lists). */
export function recordsPlugins(ctx: AppContext): FastifyPluginAsync[] {
  return [practiceRoutes(ctx), patientRoutes(ctx), visitRoutes(ctx), claimRoutes(ctx), dashboardRoutes(ctx)];
}
