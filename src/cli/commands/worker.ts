import { Command } from "commander";
import { openApp } from "../../app/open.js";
import { startJobs, taskHandlers } from "../../jobs/index.js";
import { Problem } from "../../model/problem.js";
import { EXIT, setExitStatus } from "../output.js";

/**
 * `cleanclaim worker` (issue 9, scale-out): runs the shared jobs' tasks (batch checks) from
 * the pg-boss queue in the PostgreSQL database named by DATABASE_URL, until SIGTERM or SIGINT,
 * then stops gracefully (the task under way finishes). Any number of workers, on any number
 * of machines, share the queue. The embedded database has no workers: its jobs run inside
 * `cleanclaim serve`.
 */
export function workerCommand(): Command {
  return new Command("worker")
    .description("run queue workers for batch jobs on PostgreSQL (DATABASE_URL) until SIGTERM/SIGINT")
    .option("--concurrency <n>", "tasks run at once by this process", "1")
    .option("--maintenance-seconds <s>", "how often to look for tasks lost by a dead worker", "15")
    .action(async (opts: { concurrency: string; maintenanceSeconds: string }) => {
      const concurrency = positiveInteger(opts.concurrency, "--concurrency");
      const maintenance = positiveInteger(opts.maintenanceSeconds, "--maintenance-seconds");
      if (!process.env.DATABASE_URL?.trim()) {
        throw new Problem([
          {
            code: "unsupported",
            message:
              "the embedded database (PGlite) runs its jobs inside `cleanclaim serve`; workers need PostgreSQL: set DATABASE_URL to the database `cleanclaim serve` uses",
            path: "DATABASE_URL",
          },
        ]);
      }
      const app = await openApp({ poolSize: concurrency + 2 });
      const stopped = new Promise<string>((resolve) => {
        process.once("SIGTERM", () => resolve("SIGTERM"));
        process.once("SIGINT", () => resolve("SIGINT"));
      });
      const jobs = await startJobs(app.ctx, {
        role: "worker",
        concurrency,
        maintenanceIntervalSeconds: maintenance,
        onError: (error) => process.stderr.write(`worker: queue error: ${error.message}\n`),
      });
      const queues = taskHandlers()
        .filter((h) => h.placement === "shared")
        .map((h) => h.queue);
      process.stderr.write(
        `worker ${process.pid}: running ${queues.join(", ")} on ${app.ctx.store.location} (concurrency ${concurrency})\n`,
      );
      const signal = await stopped;
      process.stderr.write(`worker ${process.pid}: ${signal}, finishing the task under way\n`);
      await jobs.stop();
      await app.close();
      setExitStatus(EXIT.clean);
    });
}

function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new Problem([
      {
        code: "invalid-option",
        message: `${flag} takes a whole number of at least 1, not "${text}"`,
        path: flag,
      },
    ]);
  }
  return n;
}
