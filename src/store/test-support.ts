import { randomUUID } from "node:crypto";
import pg from "pg";
import { type Backend, openStore, type Store } from "./db.js";

/**
 * The storage suite runs on both back-ends (issue 9; Kysely's DIALECTS loop): PGlite in
 * memory, and the PostgreSQL server at CLEANCLAIM_TEST_PG (default 127.0.0.1:5432), in a
 * fresh database created for the run and dropped after it.
 */
export const backends: readonly Backend[] = ["pglite", "postgres"];

export function testServerUrl(database = "postgres"): string {
  const base = process.env.CLEANCLAIM_TEST_PG ?? "postgres://postgres@127.0.0.1:5432";
  return `${base.replace(/\/+$/, "")}/${database}`;
}

export interface TestStore extends Store {
  /** Drops the run's database (PostgreSQL) after closing. */
  dispose(): Promise<void>;
}

/** A fresh, migrated store on this back-end. */
export async function freshStore(backend: Backend, options: { dataDir?: string } = {}): Promise<TestStore> {
  if (backend === "pglite") {
    const store = await openStore({ dataDir: options.dataDir ?? "memory://" });
    return { ...store, dispose: () => store.close() };
  }
  const name = `cleanclaim_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(`create database ${name}`);
  const store = await openStore({ url: testServerUrl(name), poolSize: 4 });
  return {
    ...store,
    dispose: async () => {
      await store.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * A fresh, empty PostgreSQL database for a whole service run (serverSetupFromEnv with
 * DATABASE_URL): its URL, and a drop for after the run.
 */
export async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cleanclaim_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(`create database ${name}`);
  const drop = async () => {
    // A queue's pool may still be closing its clients: wait for them rather than kill them
    // (a forced drop makes their pool emit an error nobody handles).
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        return await adminQuery(`drop database if exists ${name}`);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await adminQuery(`drop database if exists ${name} with (force)`);
  };
  return { url: testServerUrl(name), drop };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl("postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
