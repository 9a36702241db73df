import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { getClaim } from "./claims.js";
import { createOrganization, createPractice } from "./practices.js";
import { baysideSettings, scopeOf, seedVisit, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/**
 * Issue 9, PHI protection: a stored patient's name, birth date and member id are nowhere in
 * the database in plaintext, on disk (PGlite's data directory) or in any column (PostgreSQL).
 * A marker stored in plaintext on purpose (the practice's name) proves each scan can find text.
 */
const phi = ["Diaz", "1EG4TE5MK73", "1956-04-09", "1450 NW 10th Ave"];
const marker = "Plaintext Marker Practice";

async function storeSeed(app: Awaited<ReturnType<typeof testApp>>) {
  const org = await createOrganization(app.ctx, { name: "PHI Billing" });
  const admin = scopeOf(org.id, "admin");
  const practice = await createPractice(app.ctx, admin, { name: marker, settings: baysideSettings() });
  const visit = seedVisit();
  visit.subscriber = { relationship: "01", lastName: "Diaz", firstName: "Luis", birthDate: "1956-04-09" };
  return storeVisit(app.ctx, admin, practice.id, visit);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.isFile() ? [full] : [];
  });
}

describe("PHI at rest", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("PGlite: the data directory's files hold none of the patient's plaintext", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-phi-"));
    dirs.push(dataDir);
    const app = await testApp("pglite", { dataDir });
    const stored = await storeSeed(app);
    expect(stored.claim.patient.lastName).toBe("Diaz");
    await sql`checkpoint`.execute(app.store.db);
    await app.dispose();
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(10);
    let markerFound = false;
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      if (bytes.includes(marker)) markerFound = true;
      for (const text of phi)
        expect(bytes.includes(text), `${text} in ${path.relative(dataDir, file)}`).toBe(false);
    }
    expect(markerFound).toBe(true);
  });

  // Issue 11: a workers' comp claim's employer and the insurer's claim number identify the
  // patient's claim; they are sealed with the subscriber (visits.subscriber_enc) and read back.
  it("PGlite: a workers' comp visit's employer and claim number are sealed, and read back on the claim", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-phi-"));
    dirs.push(dataDir);
    const app = await testApp("pglite", { dataDir });
    const org = await createOrganization(app.ctx, { name: "PHI Billing" });
    const admin = scopeOf(org.id, "admin");
    const practice = await createPractice(app.ctx, admin, { name: marker, settings: baysideSettings() });
    const visit = {
      ...seedVisit(),
      payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" as const },
      accident: { causes: ["EM" as const], date: "2026-02-10" },
      propertyCasualtyClaimNumber: "WC2026-0044172",
      employer: { name: "Gulf Coast Roofing Inc" },
    };
    const stored = await storeVisit(app.ctx, admin, practice.id, visit);
    const back = (await getClaim(app.ctx, admin, stored.claimId)).claim;
    expect(back.propertyCasualtyClaimNumber).toBe("WC2026-0044172");
    expect(back.employer).toEqual({ name: "Gulf Coast Roofing Inc" });
    await sql`checkpoint`.execute(app.store.db);
    await app.dispose();
    for (const file of filesUnder(dataDir)) {
      const bytes = fs.readFileSync(file);
      for (const text of ["WC2026-0044172", "Gulf Coast Roofing"])
        expect(bytes.includes(text), `${text} in ${path.relative(dataDir, file)}`).toBe(false);
    }
  });

  it("PostgreSQL: no column of any table holds the patient's plaintext", async () => {
    const app = await testApp("postgres");
    try {
      await storeSeed(app);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(app.store.db);
      expect(tables.rows.length).toBeGreaterThan(15);
      let markerFound = false;
      for (const { table_name } of tables.rows) {
        const rows = await sql<{
          row: string;
        }>`select t::text as row from ${sql.table(table_name)} t`.execute(app.store.db);
        for (const { row } of rows.rows) {
          if (row.includes(marker)) markerFound = true;
          for (const text of phi) expect(row.includes(text), `${text} in ${table_name}`).toBe(false);
        }
      }
      expect(markerFound).toBe(true);
    } finally {
      await app.dispose();
    }
  });
});
