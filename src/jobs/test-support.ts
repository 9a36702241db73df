import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppContext } from "../app/context.js";
import type { Role, Scope } from "../app/scope.js";
import { today } from "../model/dates.js";
import { openReference } from "../reference/open.js";
import type { Backend } from "../store/db.js";
import { keyringFromText, PhiCipher } from "../store/phi-cipher.js";
import { freshStore, type TestStore } from "../store/test-support.js";

/** A fixed test key (32 bytes of 0x11, base64): workers started by a test use the same one. */
export const TEST_KEY = Buffer.alloc(32, 0x11).toString("base64");

export interface JobsFixture {
  ctx: AppContext;
  store: TestStore;
  home: string;
  organizationId: string;
  practiceId: string;
  /** A second organization, with its own practice, for tenancy checks. */
  other: { organizationId: string; practiceId: string };
  scope(role: Role, practiceId?: string | null, organizationId?: string): Scope;
  dispose(): Promise<void>;
}

/** A fresh store on this back-end with two organizations of one practice each, and a context over it. */
export async function jobsFixture(
  backend: Backend,
  options: { dataDir?: string } = {},
): Promise<JobsFixture> {
  const store = await freshStore(backend, options);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-jobs-"));
  const organizationId = randomUUID();
  const practiceId = randomUUID();
  const other = { organizationId: randomUUID(), practiceId: randomUUID() };
  await store.db
    .insertInto("organizations")
    .values([
      { id: organizationId, name: "Bayside Billing" },
      { id: other.organizationId, name: "Elsewhere Billing" },
    ])
    .execute();
  await store.db
    .insertInto("practices")
    .values([
      { id: practiceId, organization_id: organizationId, name: "Bayside Therapy", settings: "{}" },
      { id: other.practiceId, organization_id: other.organizationId, name: "Elsewhere PT", settings: "{}" },
    ])
    .execute();
  const ctx: AppContext = {
    store,
    cipher: new PhiCipher(keyringFromText(TEST_KEY)),
    reference: openReference({ home }),
    today: () => today(),
    now: () => new Date(),
    home,
  };
  return {
    ctx,
    store,
    home,
    organizationId,
    practiceId,
    other,
    scope: (role, practice = null, org = organizationId) => ({
      organizationId: org,
      actor: { userId: null, tokenId: null, label: `${role}@test`, ip: "127.0.0.1" },
      grants: [{ role, practiceId: practice }],
    }),
    dispose: async () => {
      await store.dispose();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
