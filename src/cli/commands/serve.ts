import type { AddressInfo } from "node:net";
import { Command } from "commander";
import { cleanclaimHome } from "../../reference/home.js";
import { openReference } from "../../reference/open.js";
import { buildServer, type ServerDeps } from "../../server/app.js";
import { UsageError } from "../main.js";

/**
 * Everything `cleanclaim serve` gives the server, from the environment, in one place: the
 * seam where the store (DATABASE_URL or PGlite under CLEANCLAIM_HOME), identity
 * (`authenticate`, sign-in routes as `plugins`) and jobs (`reloadReference` after an
 * import) are wired in. Until identity is wired there is no `authenticate`, so /api/v1
 * answers 401 to everyone: serve never exposes PHI endpoints without credentials.
 *
 * Environment: CLEANCLAIM_HOME (reference store), CLEANCLAIM_LOG_LEVEL (pino level, default
 * info; "silent" turns logs off), CLEANCLAIM_RATE_LIMIT (requests per minute per credential).
 */
export function serverDepsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerDeps {
  const reference = openReference({ home: cleanclaimHome(env) });
  const perMinute = env.CLEANCLAIM_RATE_LIMIT?.trim();
  if (perMinute !== undefined && perMinute !== "" && !/^[1-9]\d*$/.test(perMinute))
    throw new UsageError(
      `CLEANCLAIM_RATE_LIMIT: expected requests per minute such as 6000, got "${perMinute}"`,
    );
  return {
    reference,
    reloadReference: () => reference.reload(),
    // Logs go to stderr: stdout carries only the "listening on" line, for scripts and tests.
    logger: { level: env.CLEANCLAIM_LOG_LEVEL?.trim() || "info", stream: process.stderr },
    ...(perMinute ? { rateLimit: { max: Number(perMinute), timeWindow: "1 minute" } } : {}),
  };
}

/** A URL host: IPv6 addresses go in brackets. */
function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(
      `--port: expected a port from 0 to 65535 (0 picks a free one), got "${text}"`,
      "--port",
    );
  return Number(text);
}

/**
 * `cleanclaim serve`: the HTTP API until SIGINT or SIGTERM, then a clean close (requests
 * in flight finish, the port is released) and exit 0.
 */
export function serveCommand(): Command {
  return new Command("serve")
    .description("serve the HTTP API (OpenAPI at /docs)")
    .option("--port <port>", "port to listen on (0 picks a free one)", "8080")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .action(async (flags: { port: string; host: string }) => {
      const port = parsePort(flags.port);
      const deps = serverDepsFromEnv();
      const app = await buildServer(deps);
      await app.listen({ port, host: flags.host });
      const address = app.server.address() as AddressInfo;
      if (!deps.authenticate)
        process.stderr.write(
          "cleanclaim: no authenticator is configured: /api/v1 answers 401 to every request (only /health and /docs are open)\n",
        );
      process.stdout.write(`listening on http://${urlHost(flags.host)}:${address.port}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await app.close();
    });
}
