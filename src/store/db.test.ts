import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends, freshStore, type TestStore } from "./test-support.js";

describe.each(backends)("store on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(backend);
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("creates every table of the schema", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
      store.db,
    );
    const names = tables.rows.map((r) => r.table_name);
    for (const name of [
      "organizations",
      "practices",
      "patients",
      "claims",
      "claim_versions",
      "remittances",
      "audit_log",
    ])
      expect(names).toContain(name);
  });

  it("reads bigint cents as numbers and dates as YYYY-MM-DD", async () => {
    const row = await sql<{
      cents: number;
      day: string;
    }>`select 1234567890123::bigint as cents, date '2026-03-02' as day`.execute(store.db);
    expect(row.rows[0]).toEqual({ cents: 1234567890123, day: "2026-03-02" });
  });

  it("keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused", async () => {
    await store.db
      .insertInto("audit_log")
      .values({ actor: "test", action: "read", entity: "claim", outcome: "ok", id: undefined as never })
      .execute();
    await expect(store.db.updateTable("audit_log").set({ outcome: "changed" }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
    const rows = await store.db.selectFrom("audit_log").select(["outcome"]).execute();
    expect(rows).toEqual([{ outcome: "ok" }]);
  });

  it("rolls a failed transaction back whole", async () => {
    const id = randomUUID();
    await expect(
      store.db.transaction().execute(async (tx) => {
        await tx.insertInto("organizations").values({ id, name: "Bayside Billing" }).execute();
        throw new Error("crash mid-write");
      }),
    ).rejects.toThrow("crash mid-write");
    const found = await store.db.selectFrom("organizations").select("id").where("id", "=", id).execute();
    expect(found).toEqual([]);
  });
});
