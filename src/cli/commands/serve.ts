import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { storeCorrectedClaim } from "../../app/claim-work.js";
import { needsFirstUser } from "../../app/identity.js";
import { type OpenedApp, openApp } from "../../app/open.js";
import { type RunningJobs, startJobs } from "../../jobs/index.js";
import { buildServer, type ServerDeps } from "../../server/app.js";
import { identityServerDeps } from "../../server/identity.js";
import { acknowledgmentRoutes } from "../../server/routes/acknowledgments.js";
import { jobRoutes } from "../../server/routes/jobs.js";
import { recordsPlugins } from "../../server/routes/records.js";
import { referenceRoutes } from "../../server/routes/reference.js";
import { remitRoutes } from "../../server/routes/remits.js";
import { submissionRoutes } from "../../server/routes/submissions.js";
import { worklistRoutes } from "../../server/routes/worklist.js";
import { UsageError } from "../main.js";
import { stateScheduleStatuses } from "../profiles.js";

/**
 * Everything `cleanclaim serve` gives the server, from the environment, in one place: the
 * store (DATABASE_URL, else PGlite under CLEANCLAIM_HOME) with the PHI key, identity
 * (`authenticate`, sign-in routes), the records, remittance and job routes, and the job
 * runner (in process on PGlite; pg-boss on PostgreSQL). The reference data is opened once
 * and shared: an import job's reload reaches every request.
 *
 * Environment: CLEANCLAIM_HOME, DATABASE_URL, CLEANCLAIM_KEY, CLEANCLAIM_LOG_LEVEL (pino
 * level, default info; "silent" turns logs off), CLEANCLAIM_RATE_LIMIT (requests per minute
 * per credential).
 */
export interface ServerSetup {
  deps: ServerDeps;
  opened: OpenedApp;
  jobs: RunningJobs;
  /** No user exists yet: serve prints the command that creates the first admin. */
  needsFirstUser: boolean;
  close(): Promise<void>;
}

/**
 * The built web application, dist/web at the package root (`npm run build:web`; `npm install`
 * builds it), or undefined when it has not been built: serve then offers the API alone.
 */
export function bundledWebRoot(): string | undefined {
  // src/cli/commands (tsx) or dist/cli/commands (built): the package root is three levels up.
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/web");
  return fs.existsSync(path.join(dir, "index.html")) ? dir : undefined;
}

export async function serverSetupFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ServerSetup> {
  const perMinute = env.CLEANCLAIM_RATE_LIMIT?.trim();
  if (perMinute !== undefined && perMinute !== "" && !/^[1-9]\d*$/.test(perMinute))
    throw new UsageError(
      `CLEANCLAIM_RATE_LIMIT: expected requests per minute such as 6000, got "${perMinute}"`,
    );
  const opened = await openApp({ env });
  const { ctx } = opened;
  // The shipped state fee schedules, for GET /reference (as `data status` shows them).
  ctx.stateSchedules = stateScheduleStatuses().schedules;
  let jobs: RunningJobs;
  try {
    jobs = await startJobs(ctx, { role: "serve" });
  } catch (error) {
    await opened.close();
    throw error;
  }
  const identity = identityServerDeps({ ctx });
  const webRoot = bundledWebRoot();
  const deps: ServerDeps = {
    ...(webRoot ? { webRoot } : {}),
    reference: ctx.reference,
    ...(ctx.profiles ? { profiles: ctx.profiles } : {}),
    today: () => ctx.today(),
    reloadReference: () => ctx.reference.reload(),
    // Logs go to stderr: stdout carries only the "listening on" line, for scripts and tests.
    logger: { level: env.CLEANCLAIM_LOG_LEVEL?.trim() || "info", stream: process.stderr },
    ...(perMinute ? { rateLimit: { max: Number(perMinute), timeWindow: "1 minute" } } : {}),
    authenticate: identity.authenticate,
    sessionCookie: identity.sessionCookie,
    plugins: [
      ...identity.plugins,
      ...recordsPlugins(ctx),
      submissionRoutes(ctx),
      remitRoutes(ctx),
      acknowledgmentRoutes(ctx),
      worklistRoutes(ctx, storeCorrectedClaim),
      jobRoutes(ctx),
      referenceRoutes(ctx),
    ],
  };
  return {
    deps,
    opened,
    jobs,
    needsFirstUser: await needsFirstUser(ctx),
    close: async () => {
      await jobs.stop();
      await opened.close();
    },
  };
}

/** How the user runs this CLI: `cleanclaim` when installed, `node bin/cleanclaim.js` from a clone (npm start). */
function cliCommand(): string {
  const script = process.argv[1] ?? "";
  if (!/bin[/\\]cleanclaim(\.js)?$/.test(script) || script.includes(`${path.sep}node_modules${path.sep}`))
    return "cleanclaim";
  const relative = path.relative(process.cwd(), script);
  return relative.startsWith("..") ? "cleanclaim" : `node ${relative}`;
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
      const setup = await serverSetupFromEnv();
      const app = await buildServer(setup.deps);
      try {
        await app.listen({ port, host: flags.host });
      } catch (error) {
        await setup.close();
        throw error;
      }
      const address = app.server.address() as AddressInfo;
      process.stdout.write(`listening on http://${urlHost(flags.host)}:${address.port}\n`);
      const { store } = setup.opened.ctx;
      process.stderr.write(
        `cleanclaim: data in ${store.backend === "pglite" ? `the embedded database at ${store.location}` : `PostgreSQL ${store.location}`}; API docs at /docs${setup.deps.webRoot ? "; the web app at /" : ""}\n`,
      );
      if (setup.opened.keyCreated)
        process.stderr.write(
          'cleanclaim: a new PHI key was made in the data directory\'s keys/phi-key.json: back it up apart from the database (README, "The key file")\n',
        );
      if (setup.needsFirstUser) {
        const command = `${cliCommand()} user add --email you@example.com --role admin < password.txt`;
        // The embedded database takes one process at a time: the command runs with serve stopped.
        process.stderr.write(
          store.backend === "pglite"
            ? `cleanclaim: no user exists yet. Stop this server (Ctrl-C), create the first admin with\n  ${command}\nand start it again.\n`
            : `cleanclaim: no user exists yet. Create the first admin with:\n  ${command}\n`,
        );
      }
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
      await setup.close();
    });
}
