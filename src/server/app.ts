import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { type IsoDate, today as systemToday } from "../model/dates.js";
import type { LoadedPayerProfile } from "../pipeline/pipeline.js";
import type { Reference } from "../reference/reference.js";
import { type Authenticate, defaultSessionCookie, rateLimitKey, requireCredentials } from "./auth.js";
import { type LoggerOption, loggerOptions, pathOnly } from "./logging.js";
import { problemOf, problemReply } from "./problems.js";
import { statelessRoutes } from "./stateless.js";
import { defaultX12BodyBytes } from "./x12-body.js";

/** Size and time limits (issue 9, limits). Every field has a default; see docs/api.md. */
export interface ServerLimits {
  /** Largest JSON body: 5 MB. */
  jsonBodyBytes: number;
  /** Largest X12 (837/835) upload: 100 MB. */
  x12BodyBytes: number;
  /** Time to receive a whole request: 5 minutes (a 100 MB upload on a slow line). */
  requestTimeoutMs: number;
  /** Idle time before a socket is closed: 60 s. */
  connectionTimeoutMs: number;
}

export const defaultLimits: Readonly<ServerLimits> = Object.freeze({
  jsonBodyBytes: 5 * 1024 * 1024,
  x12BodyBytes: defaultX12BodyBytes,
  requestTimeoutMs: 300_000,
  connectionTimeoutMs: 60_000,
});

/** The per-credential rate limit on /api/v1 (@fastify/rate-limit). */
export interface RateLimitOptions {
  /** Requests per window per key: 6000 by default, far above one office, so the bench is not limited. */
  max?: number;
  /** The window, in ms or as "1 minute": 1 minute by default. */
  timeWindow?: number | string;
  /** The key of a request: by default its bearer token's hash, else its session cookie's, else its address. */
  key?: (request: FastifyRequest) => string;
}

/**
 * Everything the HTTP layer needs, built once per process (serverSetupFromEnv in
 * src/cli/commands/serve.ts for `cleanclaim serve`; tests pass their own).
 */
export interface ServerDeps {
  /** The reference data, shared by all requests (loaded once per process; reload() picks up imports). */
  reference: Reference;
  /** Payer profiles with their fee tables read, as the CLI's --payer-profiles gives them. */
  profiles?: readonly LoadedPayerProfile[];
  /** The server's today, the default of ?asOf (tests fix it). */
  today?: () => IsoDate;
  /** Off by default; true or pino options to log (PHI-free, see logging.ts). */
  logger?: LoggerOption;
  /**
   * Resolves a request's credential to its Scope (null: 401). Absent: every non-public
   * /api/v1 route answers 401 (fail closed; there is no switch to turn auth off).
   */
  authenticate?: Authenticate;
  /**
   * More /api/v1 routes (identity's sign-in and tokens, the store's claims, remits,
   * imports), registered inside the /api/v1 context after the auth hook, the rate limit
   * and the X12 parsers' helpers: their routes need a credential unless their config says
   * `public: true`, and read it with scopeOf(request).
   */
  plugins?: readonly FastifyPluginAsync[];
  /** What app.reloadReference() runs; by default reference.reload(). */
  reloadReference?: () => boolean;
  /** false turns the limit off (tests of other things); else its options. */
  rateLimit?: RateLimitOptions | false;
  /** The session cookie's name, for the rate-limit key (the identity module sets the cookie). */
  sessionCookie?: string;
  limits?: Partial<ServerLimits>;
  /**
   * The built web application (dist/web): served at `/`, with index.html for every other GET
   * that is not under /api or /docs (the app routes in the browser). Absent: no web app.
   */
  webRoot?: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Moves the shared reference to the store's current editions (an import job calls it
     * when the import is done). Requests in flight finish on the old snapshot: the swap is
     * atomic and the pipeline is synchronous. True when the editions changed.
     */
    reloadReference(): boolean;
    /** The limits in force, for routes that take uploads (acceptX12(instance, limits.x12BodyBytes)). */
    limits: Readonly<ServerLimits>;
  }
}

/**
 * The HTTP server: a thin adapter over the pipeline (and, through deps.plugins, the app
 * layer). It owns the infrastructure every route shares: one problem shape for every
 * error, OpenAPI at /docs, the auth seam, rate and size limits, PHI-free logs.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...defaultLimits, ...deps.limits };
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: limits.jsonBodyBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    // Request ids in logs and 500 messages; never derived from the request.
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => problemReply(error, request, reply));
  const webRoot = deps.webRoot;
  app.setNotFoundHandler((request, reply) => {
    const url = pathOnly(request.url);
    // The web app routes in the browser: a deep link such as /claims/123 loads index.html. A
    // missing file (a name with an extension, such as an old /assets/index-abc.js) stays a 404.
    if (
      webRoot !== undefined &&
      (request.method === "GET" || request.method === "HEAD") &&
      !/^\/(api|docs)(\/|$)/.test(url) &&
      !/\.[A-Za-z0-9]+$/.test(url)
    )
      return reply.type("text/html; charset=utf-8").sendFile("index.html");
    return problemReply(
      problemOf("not-found", `no route ${request.method} ${url}; see /docs`),
      request,
      reply,
    );
  });
  app.decorate("limits", Object.freeze(limits));
  app.decorate("reloadReference", deps.reloadReference ?? (() => deps.reference.reload()));
  app.decorateRequest("scope", null);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "cleanclaim",
        description:
          "Therapy and chiropractic claims: coding, scrubbing, pricing. Errors are application/problem+json (docs/api.md).",
        version: "1",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The UI's assets ship inside @fastify/swagger-ui: /docs works offline.
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  if (webRoot !== undefined)
    await app.register(fastifyStatic, { root: webRoot, prefix: "/", wildcard: false, index: "index.html" });

  app.withTypeProvider<ZodTypeProvider>().get(
    "/health",
    {
      schema: {
        summary: "Liveness: no credential needed",
        security: [],
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  await app.register(
    async (api) => {
      // JSON only here (415 otherwise); routes that take X12 call acceptX12 in their own context.
      api.removeContentTypeParser("text/plain");
      if (deps.rateLimit !== false) {
        const sessionCookie = deps.sessionCookie ?? defaultSessionCookie;
        await api.register(fastifyRateLimit, {
          max: deps.rateLimit?.max ?? 6000,
          timeWindow: deps.rateLimit?.timeWindow ?? "1 minute",
          keyGenerator: deps.rateLimit?.key ?? ((request) => rateLimitKey(request, sessionCookie)),
          errorResponseBuilder: (_request, context) =>
            problemOf("rate-limited", `too many requests; retry in ${context.after}`),
        });
      }
      requireCredentials(api, deps.authenticate);
      await statelessRoutes(api, {
        reference: deps.reference,
        profiles: deps.profiles,
        today: deps.today ?? systemToday,
        memo: { reference: deps.reference },
        x12BodyBytes: limits.x12BodyBytes,
      });
      for (const plugin of deps.plugins ?? []) await api.register(plugin);
    },
    { prefix: "/api/v1" },
  );
  return app;
}
