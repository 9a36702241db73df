import type { AddressInfo } from "node:net";
import { openReference } from "../src/reference/open.js";
import { buildServer } from "../src/server/app.js";

/**
 * The server as the bench measures it, in its own process so autocannon's load does not
 * share its thread: everything serve builds, an authenticator that accepts one token (the
 * identity module is not wired yet), logs off, and a rate limit too high to trip (it still
 * runs, so its cost is measured). Prints `listening on URL` like `cleanclaim serve`.
 *
 *   BENCH_TOKEN=t BENCH_HOME=/tmp/x node --import tsx bench/server-child.ts
 */
const token = process.env.BENCH_TOKEN ?? "bench-token";
const home = process.env.BENCH_HOME;
const reference = openReference(home ? { home } : {});
const app = await buildServer({
  reference,
  rateLimit: { max: 1_000_000_000, timeWindow: "1 minute" },
  authenticate: async (request) =>
    request.headers.authorization === `Bearer ${token}`
      ? {
          organizationId: "bench",
          actor: { userId: null, tokenId: "bench", label: "bench", ip: null },
          grants: [{ role: "biller", practiceId: null }],
        }
      : null,
});
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`listening on http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
