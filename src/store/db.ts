import path from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { Problem } from "../model/problem.js";
import { lockEmbeddedDatabase } from "./embedded-lock.js";
import * as initial from "./migrations/001-initial.js";
import * as records from "./migrations/002-records.js";
import * as identity from "./migrations/003-identity.js";
import * as remit from "./migrations/004-remit.js";
import * as jobs from "./migrations/005-jobs.js";
import * as acks from "./migrations/006-acks.js";
import * as stateRvuTable from "./migrations/007-state-rvu-table.js";
import type { Database } from "./schema.js";

/**
 * Opens the system of record (issue 9, storage): PostgreSQL when a connection string is
 * given (DATABASE_URL), else PGlite embedded in the data directory. Both run the same
 * migrations and the same queries; only the driver differs (Kysely's dialect).
 */
export type Backend = "pglite" | "postgres";

export interface Store {
  db: Kysely<Database>;
  backend: Backend;
  /** Where the data lives, for messages: the PGlite folder or the server (no password). */
  location: string;
  /** PostgreSQL only: the connection string, for pg-boss. */
  url?: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** A postgres:// connection string. */
  url?: string | undefined;
  /** The PGlite data folder; "memory://" for a throwaway database. */
  dataDir?: string | undefined;
  /** Pool size on PostgreSQL. */
  poolSize?: number;
  /** Run pending migrations on open (default true). */
  migrate?: boolean;
}

const INT8 = 20;
const DATE = 1082;

/** The migrations, in order. Add a file and a line here; never edit a shipped migration. */
export const migrations: Record<string, Migration> = {
  "001-initial": initial,
  "002-records": records,
  "003-identity": identity,
  "004-remit": remit,
  "005-jobs": jobs,
  "006-acks": acks,
  "007-state-rvu-table": stateRvuTable,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Where the embedded database lives inside the data directory. */
export function embeddedDataDir(home: string): string {
  return path.join(home, "db");
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.url
    ? openPostgres(options.url, options.poolSize ?? 10)
    : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openPostgres(url: string, max: number): Store {
  // Money is bigint cents and dates of service are plain dates: read them as a number and
  // as "YYYY-MM-DD" (pg's default would give strings for bigint and local-time Dates).
  const typeParsers = {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (oid === INT8) return (value: string) => Number(value);
      if (oid === DATE) return (value: string) => value;
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max, types: typeParsers });
  // An idle connection the server ends (a restart, an administrator's terminate, a dropped test
  // database) is an 'error' on the pool: without a listener Node would end the whole process.
  // The pool discards that client and opens a new one on the next query; a query in flight
  // still gets its own error.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, backend: "postgres", location: redactUrl(url), url, close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  const where = dataDir ?? "memory://";
  const lock = where.startsWith("memory://") ? undefined : lockEmbeddedDatabase(where);
  let client: PGlite;
  try {
    client = await PGlite.create(where, {
      parsers: { [pgliteTypes.INT8]: (value: string) => Number(value), [DATE]: (value: string) => value },
    });
  } catch (error) {
    lock?.release();
    throw new Problem([
      {
        code: "reference-data",
        message: `the embedded database at ${where} cannot be opened: ${(error as Error).message}. Is another cleanclaim process using it?`,
        path: where,
      },
    ]);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    backend: "pglite",
    location: where,
    close: async () => {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Problem([
      {
        code: "internal",
        message: `database migration ${failed} failed: ${(error as Error).message ?? String(error)}`,
      },
    ]);
  }
}

/** postgres://user:secret@host/db → postgres://user@host/db, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "postgres (unparsable url)";
  }
}
