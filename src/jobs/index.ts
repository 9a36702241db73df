import type { Kysely } from "kysely";
import type { AppContext } from "../app/context.js";
import type { JobDispatcher, TaskRef } from "../app/jobs.js";
import type { Database } from "../store/schema.js";
import { remitPostingHandler, submissionHandler } from "./handlers/claim-jobs.js";
import { referenceImportHandler } from "./handlers/reference-import.js";
import { visitBatchHandler } from "./handlers/visit-batch.js";
import {
  InProcessRunner,
  type InProcessRunnerOptions,
  PgBossQueue,
  type RetryPolicy,
  type TaskHandler,
} from "./queue.js";

/**
 * Wires a process's jobs (docs/jobs.md): which handlers exist, where their tasks go, and
 * who runs them. `cleanclaim serve` calls `startJobs(ctx)`; `cleanclaim worker` calls it
 * with `role: "worker"`.
 */
export function taskHandlers(): TaskHandler[] {
  return [visitBatchHandler, submissionHandler, remitPostingHandler, referenceImportHandler];
}

export interface StartJobsOptions {
  /** "serve" (default): take requests' jobs; "worker": only run shared tasks from pg-boss (PostgreSQL). */
  role?: "serve" | "worker";
  /** On PostgreSQL, also run shared tasks in this process (default: true for serve, so one machine needs no worker). */
  workShared?: boolean;
  /** Shared tasks run at once in this process (pg-boss workers per queue). */
  concurrency?: number;
  policy?: Partial<RetryPolicy>;
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
  handlers?: readonly TaskHandler[];
  onAttemptFailed?: InProcessRunnerOptions["onAttemptFailed"];
  onError?: (error: Error) => void;
}

export interface RunningJobs {
  dispatcher: JobDispatcher;
  /** The in-process runner (PGlite: every task; PostgreSQL: the local ones). */
  runner: InProcessRunner | undefined;
  boss: PgBossQueue | undefined;
  /** Graceful: stops taking tasks and waits for those under way. */
  stop(): Promise<void>;
}

/** Sends shared tasks to pg-boss (in the writing transaction) and local ones to this process's runner. */
class RoutedDispatcher implements JobDispatcher {
  constructor(
    private readonly boss: PgBossQueue | undefined,
    private readonly runner: InProcessRunner | undefined,
    private readonly local: ReadonlySet<string>,
  ) {}

  async enqueue(db: Kysely<Database>, tasks: readonly TaskRef[]): Promise<void> {
    const shared = tasks.filter((t) => !this.local.has(t.queue));
    if (shared.length > 0) {
      if (!this.boss) throw new Error(`no shared queue in this process for ${shared[0]!.queue}`);
      await this.boss.enqueue(db, shared);
    }
  }

  committed(tasks: readonly TaskRef[]): void {
    const local = tasks.filter((t) => this.local.has(t.queue));
    if (local.length > 0) this.runner?.committed(local);
  }
}

/** Starts the process's queue and sets `ctx.jobs`. */
export async function startJobs(ctx: AppContext, options: StartJobsOptions = {}): Promise<RunningJobs> {
  const handlers = options.handlers ?? taskHandlers();
  const runnerOptions: InProcessRunnerOptions = {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.onAttemptFailed ? { onAttemptFailed: options.onAttemptFailed } : {}),
  };
  const role = options.role ?? "serve";
  if (ctx.store.backend === "pglite") {
    if (role === "worker") throw new Error("the embedded database runs its jobs inside `cleanclaim serve`");
    const runner = new InProcessRunner(ctx, runnerOptions);
    ctx.jobs = runner;
    await runner.work(handlers);
    return { dispatcher: runner, runner, boss: undefined, stop: () => runner.stop() };
  }
  const url = ctx.store.url;
  if (!url) throw new Error("a PostgreSQL store without its connection string");
  const shared = handlers.filter((h) => h.placement === "shared");
  const local = handlers.filter((h) => h.placement === "local");
  const boss = new PgBossQueue(
    ctx,
    shared.map((h) => h.queue),
    {
      url,
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.maintenanceIntervalSeconds
        ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
        : {}),
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    },
  );
  await boss.start();
  const runner = role === "serve" ? new InProcessRunner(ctx, runnerOptions) : undefined;
  const dispatcher = new RoutedDispatcher(boss, runner, new Set(local.map((h) => h.queue)));
  ctx.jobs = dispatcher;
  if (runner) await runner.work(local);
  if (role === "worker" || options.workShared !== false)
    await boss.work(shared, { concurrency: options.concurrency ?? 1 });
  return {
    dispatcher,
    runner,
    boss,
    stop: async () => {
      await boss.stop();
      await runner?.stop();
    },
  };
}
