import { CompiledQuery, type Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { AppContext } from "../app/context.js";
import { failTask, type JobDispatcher, openTasks, type TaskRef } from "../app/jobs.js";
import { httpStatusOf, isProblem } from "../model/problem.js";
import type { Database } from "../store/schema.js";

/**
 * A problem with the request itself (a 4xx: a file that is not the file it claims to be, a
 * practice the submitter may no longer use) fails the same way every time: it is not
 * retried. A defect or a lost connection is.
 */
export function isRetryable(error: unknown): boolean {
  return !(isProblem(error) && httpStatusOf(error) < 500);
}

/**
 * The queue that dispatches jobs' tasks (issue 9, scale-out). Two implementations run the
 * same handlers with the same retry semantics:
 * - `PgBossQueue`, on PostgreSQL: pg-boss 10 in the same database (schema `pgboss`), shared by
 *   any number of `cleanclaim worker` processes on any number of machines;
 * - `InProcessRunner`, for PGlite (one process owns the embedded database): tasks run one at
 *   a time inside `cleanclaim serve`; nothing survives a restart in memory, but the tasks are
 *   rows, so on start it queues again every task of a job still under way.
 *
 * The queue only carries task ids; what a task does, and whether it is done, is in the
 * database (src/app/jobs.ts), so a task delivered twice does its work once.
 */
export interface TaskHandler {
  queue: string;
  /**
   * Where the task may run. "shared": any worker of the database. "local": only the process
   * that took the request (a reference import writes the reference store of its own data
   * directory, which `reload()` then picks up).
   */
  placement: "shared" | "local";
  /** Does the task; throws to fail the attempt (it is retried, up to the retry limit). */
  run(ctx: AppContext, taskId: string): Promise<void>;
}

export interface RetryPolicy {
  /** Attempts after the first (pg-boss retryLimit). */
  retryLimit: number;
  retryDelaySeconds: number;
  /** A task active longer than this is taken for lost (its worker died) and retried. */
  expireInSeconds: number;
}

export const defaultRetryPolicy: RetryPolicy = { retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 120 };

export interface JobQueue extends JobDispatcher {
  /** Takes tasks of these handlers' queues until stop(). */
  work(handlers: readonly TaskHandler[], options?: { concurrency?: number }): Promise<void>;
  /** Stops taking tasks and waits for the ones under way (graceful). */
  stop(): Promise<void>;
}

/** pg-boss queue names: letters, digits, `_` and `-`. */
export const DEAD_LETTER_QUEUE = "cleanclaim-task-failed";

export interface PgBossQueueOptions {
  url: string;
  policy?: Partial<RetryPolicy>;
  /** How often a worker looks for expired tasks (pg-boss maintenance); default 15 s. */
  maintenanceIntervalSeconds?: number;
  /** Seconds between polls of an empty queue (at least 0.5). */
  pollingIntervalSeconds?: number;
  /** Run maintenance (expiry of lost tasks) in this process; workers do, a submitter need not. */
  supervise?: boolean;
  /** pg-boss's own errors (connection loss): reported, never thrown at the event loop. */
  onError?: (error: Error) => void;
}

/** Adapts a Kysely connection (a transaction) to pg-boss's `db` option, so messages commit with it. */
function kyselyExecutor(db: Kysely<Database>): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] as never[] };
    },
  };
}

export class PgBossQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #ctx: AppContext;
  readonly #policy: RetryPolicy;
  readonly #polling: number;
  readonly #queues: readonly string[];
  #started = false;

  /** `queues`: every queue name this process sends to or works on (created if missing). */
  constructor(ctx: AppContext, queues: readonly string[], options: PgBossQueueOptions) {
    this.#ctx = ctx;
    const policy = { ...defaultRetryPolicy, ...options.policy };
    // pg-boss counts whole seconds.
    this.#policy = {
      ...policy,
      retryDelaySeconds: Math.ceil(policy.retryDelaySeconds),
      expireInSeconds: Math.max(1, Math.ceil(policy.expireInSeconds)),
    };
    this.#polling = options.pollingIntervalSeconds ?? 2;
    this.#queues = queues;
    this.#boss = new PgBoss({
      connectionString: options.url,
      schema: "pgboss",
      max: 4,
      application_name: "cleanclaim-queue",
      supervise: options.supervise ?? true,
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 15,
    });
    const onError = options.onError ?? ((error: Error) => process.stderr.write(`queue: ${error.message}\n`));
    this.#boss.on("error", onError);
  }

  /** Installs pg-boss's schema (first run) and the queues. */
  async start(): Promise<void> {
    if (this.#started) return;
    await this.#boss.start();
    await this.#boss.createQueue(DEAD_LETTER_QUEUE);
    for (const name of this.#queues) {
      await this.#boss.createQueue(name, {
        name,
        retryLimit: this.#policy.retryLimit,
        retryDelay: this.#policy.retryDelaySeconds,
        expireInSeconds: this.#policy.expireInSeconds,
        deadLetter: DEAD_LETTER_QUEUE,
      });
    }
    this.#started = true;
  }

  async enqueue(db: Kysely<Database>, tasks: readonly TaskRef[]): Promise<void> {
    if (tasks.length === 0) return;
    await this.#boss.insert(
      tasks.map((t) => ({
        name: t.queue,
        data: { taskId: t.id, jobId: t.jobId },
        retryLimit: this.#policy.retryLimit,
        retryDelay: this.#policy.retryDelaySeconds,
        expireInSeconds: this.#policy.expireInSeconds,
        deadLetter: DEAD_LETTER_QUEUE,
      })),
      { db: kyselyExecutor(db) },
    );
  }

  committed(): void {
    // The messages are in the database already; workers poll (or are notified) for them.
  }

  async work(handlers: readonly TaskHandler[], options: { concurrency?: number } = {}): Promise<void> {
    await this.start();
    const concurrency = Math.max(1, options.concurrency ?? 1);
    for (const handler of handlers) {
      for (let i = 0; i < concurrency; i++) {
        const worker: { id?: string } = {};
        worker.id = await this.#boss.work<{ taskId: string }>(
          handler.queue,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.#polling },
          async ([job]) => {
            if (!job) return;
            try {
              await handler.run(this.#ctx, job.data.taskId);
            } catch (error) {
              const retry = isRetryable(error) && job.retryCount < job.retryLimit;
              await failTask(this.#ctx, job.data.taskId, error, !retry);
              // A task that will not be retried is done with as far as pg-boss is concerned.
              if (retry) throw error;
            }
            // pg-boss waits out the polling interval after each fetch; a worker that just
            // finished a task looks for the next one at once.
            if (worker.id) this.#boss.notifyWorker(worker.id);
          },
        );
      }
    }
    // A task whose last attempt was lost (its worker killed, the attempt expired) lands here.
    await this.#boss.work<{ taskId: string }>(
      DEAD_LETTER_QUEUE,
      { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: Math.max(this.#polling, 2) },
      async (jobs) => {
        for (const job of jobs) {
          const output = job.output as { value?: { message?: string }; message?: string } | null;
          const message = output?.value?.message ?? output?.message ?? "the task failed on every attempt";
          await failTask(
            this.#ctx,
            job.data.taskId,
            new Error(`${message} (after ${job.retryLimit + 1} attempts)`),
            true,
          );
        }
      },
    );
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}

export interface InProcessRunnerOptions {
  policy?: Partial<RetryPolicy>;
  /** Told of each failed attempt (for logs: the error's code and message, never the payload). */
  onAttemptFailed?: (task: TaskRef, attempt: number, error: unknown) => void;
}

/**
 * Runs tasks in this process, one at a time, in the order they came, retrying a failed
 * attempt up to the same limit as pg-boss. On `work` it queues again the open tasks of its
 * queues that are in the database (a restart after a crash).
 */
export class InProcessRunner implements JobQueue {
  readonly #ctx: AppContext;
  readonly #policy: RetryPolicy;
  readonly #onAttemptFailed: InProcessRunnerOptions["onAttemptFailed"];
  readonly #handlers = new Map<string, TaskHandler>();
  readonly #pending: TaskRef[] = [];
  readonly #known = new Set<string>();
  #draining: Promise<void> | undefined;
  #stopping = false;

  constructor(ctx: AppContext, options: InProcessRunnerOptions = {}) {
    this.#ctx = ctx;
    this.#policy = { ...defaultRetryPolicy, ...options.policy };
    this.#onAttemptFailed = options.onAttemptFailed;
  }

  async enqueue(): Promise<void> {
    // Nothing to write: the task rows are the queue (see `work`).
  }

  committed(tasks: readonly TaskRef[]): void {
    for (const task of tasks) this.#add(task);
    this.#kick();
  }

  async work(handlers: readonly TaskHandler[]): Promise<void> {
    for (const h of handlers) this.#handlers.set(h.queue, h);
    for (const task of await openTasks(this.#ctx, [...this.#handlers.keys()])) this.#add(task);
    this.#kick();
  }

  /** Resolves when every queued task has run (tests, and a graceful stop). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.idle();
  }

  #add(task: TaskRef): void {
    if (this.#known.has(task.id)) return;
    this.#known.add(task.id);
    this.#pending.push(task);
  }

  #kick(): void {
    if (this.#draining || this.#stopping) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      if (this.#pending.length > 0 && !this.#stopping) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    for (let task = this.#pending.shift(); task; task = this.#pending.shift()) {
      const handler = this.#handlers.get(task.queue);
      if (!handler) {
        // Not ours (yet): work() may register it later.
        this.#known.delete(task.id);
        continue;
      }
      await this.#runWithRetries(handler, task);
      this.#known.delete(task.id);
      if (this.#stopping) return;
    }
  }

  async #runWithRetries(handler: TaskHandler, task: TaskRef): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await handler.run(this.#ctx, task.id);
        return;
      } catch (error) {
        const final = attempt >= this.#policy.retryLimit || !isRetryable(error);
        this.#onAttemptFailed?.(task, attempt + 1, error);
        await failTask(this.#ctx, task.id, error, final);
        if (final || this.#stopping) return;
        await new Promise((resolve) => setTimeout(resolve, this.#policy.retryDelaySeconds * 1000));
      }
    }
  }
}
