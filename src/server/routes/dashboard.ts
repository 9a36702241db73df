import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../../app/context.js";
import { expiringPlansOfCare, therapySpendingList } from "../../app/dashboard.js";
import { scopeOf } from "../auth.js";

/**
 * The dashboard's lists (src/app/dashboard.ts): GET /therapy-spending?year=&practiceId=&atLeastPercent=
 * (patients near the KX and targeted review thresholds) and GET /plans-of-care/expiring?days=&practiceId=.
 * Both name patients: the server's logs never print query strings (docs/api.md, logging).
 */
export function dashboardRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (api) => {
    api.get("/therapy-spending", async (request) =>
      therapySpendingList(ctx, scopeOf(request), (request.query ?? {}) as never),
    );
    api.get("/plans-of-care/expiring", async (request) =>
      expiringPlansOfCare(ctx, scopeOf(request), (request.query ?? {}) as never),
    );
  };
}
