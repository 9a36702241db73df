import type { IsoDate } from "../model/dates.js";
import type { StateScheduleStatus } from "../payers/state-schedule-status.js";
import type { LoadedPayerProfile } from "../pipeline/pipeline.js";
import type { Reference } from "../reference/reference.js";
import type { Store } from "../store/db.js";
import type { PhiCipher } from "../store/phi-cipher.js";
import type { JobDispatcher } from "./jobs.js";

/**
 * What every use case runs with: the store, the PHI cipher, the reference data (loaded once
 * per process, shared across requests, swapped by reload()), and the clock. Transport-free:
 * the server and the CLI build one and pass it down with the caller's Scope.
 */
export interface AppContext {
  store: Store;
  cipher: PhiCipher;
  reference: Reference;
  /** Payer profiles that apply to every practice (a practice's own are in the store). */
  profiles?: readonly LoadedPayerProfile[];
  /** The caller's today, for timely filing and as-of dates. */
  today(): IsoDate;
  /** The current time (audit, events); a test may fix it. */
  now(): Date;
  /** The data directory (CLEANCLAIM_HOME): uploads and the reference store live under it. */
  home?: string;
  /** The shipped state fee schedule profiles' figures and sources (read by `serve` at start), for GET /reference. */
  stateSchedules?: readonly StateScheduleStatus[];
  /** Where jobs' tasks go (src/jobs/queue.ts): pg-boss on PostgreSQL, the in-process runner on PGlite. */
  jobs?: JobDispatcher;
}
