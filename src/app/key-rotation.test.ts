import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedDataDir } from "../store/db.js";
import { keyFilePath, loadKeyring } from "../store/key-file.js";
import { sealedVersions } from "../store/key-rotation.js";
import { newKey, PhiCipher } from "../store/phi-cipher.js";
import { backends, freshStore, type TestStore } from "../store/test-support.js";
import { packReference } from "../test-support/reference.js";
import { getClaim } from "./claims.js";
import type { AppContext } from "./context.js";
import { rotatePhiKey } from "./key-rotation.js";
import { getPatient, searchPatients } from "./patients.js";
import { createOrganization, createPractice } from "./practices.js";
import { baysideSettings, scopeOf, seedVisit } from "./test-support.js";
import { storeVisit } from "./visits.js";

const homes: string[] = [];
afterAll(() => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function contextOf(store: TestStore, cipher: PhiCipher): AppContext {
  return { store, cipher, reference: packReference(), today: () => "2026-04-01", now: () => new Date() };
}

describe.each(backends)("cleanclaim key rotate on %s", (backend) => {
  it("re-seals every value under the new version; values open with the new key alone and lookups still work", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-rotate-"));
    homes.push(home);
    const env: NodeJS.ProcessEnv = { CLEANCLAIM_HOME: home };
    const first = loadKeyring(home, env);
    expect(first.created).toBe(true);
    let store = await freshStore(backend, backend === "pglite" ? { dataDir: embeddedDataDir(home) } : {});
    if (store.url) env.DATABASE_URL = store.url;
    try {
      const ctx = contextOf(store, new PhiCipher(first.keyring));
      const org = await createOrganization(ctx, { name: "Rotation Billing" });
      const admin = scopeOf(org.id, "admin");
      const practice = await createPractice(ctx, admin, { name: "Rotation", settings: baysideSettings() });
      const visit = seedVisit();
      visit.subscriber = { relationship: "01", lastName: "Diaz", firstName: "Luis" };
      const stored = await storeVisit(ctx, admin, practice.id, visit);
      const other = seedVisit();
      other.id = "V-OTHER";
      other.patient = {
        id: "P-88",
        firstName: "Rosa",
        lastName: "Mendez",
        birthDate: "1950-01-02",
        memberId: "2AB3CD4EF56",
      };
      await storeVisit(ctx, admin, practice.id, other);
      expect(await sealedVersions(store.db)).toEqual(new Set([1]));
      if (backend === "pglite") await store.close();

      const result = await rotatePhiKey(env);
      expect(result).toMatchObject({ version: 2, source: "file", counts: { patients: 2, visits: 1 } });

      const file = JSON.parse(fs.readFileSync(keyFilePath(home), "utf8")) as {
        current: number;
        keys: Record<string, string>;
      };
      expect(file.current).toBe(2);
      expect(Object.keys(file.keys).sort()).toEqual(["1", "2"]);
      expect(fs.statSync(keyFilePath(home)).mode & 0o777).toBe(0o600);
      if (backend === "pglite") store = await freshStore("pglite", { dataDir: embeddedDataDir(home) });
      expect(await sealedVersions(store.db)).toEqual(new Set([2]));
      // Only the new key: every value still opens, and the blind indexes were recomputed.
      const onlyNew = new PhiCipher({
        current: 2,
        keys: new Map([[2, Buffer.from(file.keys["2"]!, "base64")]]),
      });
      const after = contextOf(store, onlyNew);
      expect((await getPatient(after, admin, stored.patientId)).patient).toMatchObject({
        lastName: "Diaz",
        birthDate: "1956-04-09",
        memberId: "1EG4TE5MK73",
        city: "Miami",
      });
      expect((await getClaim(after, admin, stored.claimId)).claim.subscriber?.firstName).toBe("Luis");
      const found = await searchPatients(after, admin, practice.id, { memberId: "1EG4TE5MK73" });
      expect(found.map((p) => p.id)).toEqual([stored.patientId]);
      expect((await searchPatients(after, admin, practice.id, { name: "rosa mendez" })).length).toBe(1);
    } finally {
      await store.dispose();
    }
  });
});

describe("cleanclaim key rotate with CLEANCLAIM_KEY", () => {
  it("needs CLEANCLAIM_NEW_KEY, and says the form CLEANCLAIM_KEY takes after", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-rotate-env-"));
    homes.push(home);
    const env: NodeJS.ProcessEnv = { CLEANCLAIM_HOME: home, CLEANCLAIM_KEY: newKey().toString("base64") };
    await expect(rotatePhiKey(env)).rejects.toMatchObject({ code: "invalid-option" });
    const result = await rotatePhiKey({ ...env, CLEANCLAIM_NEW_KEY: newKey().toString("base64") });
    expect(result).toMatchObject({ version: 2, source: "env", envForm: "2:<CLEANCLAIM_NEW_KEY>,1:<key 1>" });
    expect(fs.existsSync(keyFilePath(home))).toBe(false);
  });
});
