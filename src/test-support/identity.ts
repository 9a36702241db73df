import { randomBytes, randomUUID } from "node:crypto";
import type { AppContext } from "../app/context.js";
import type { Backend } from "../store/db.js";
import { PhiCipher } from "../store/phi-cipher.js";
import { freshStore, type TestStore } from "../store/test-support.js";
import { packReference } from "./reference.js";

/** A clock a test moves by hand (AppContext.now). */
export interface TestClock {
  now: Date;
  advance(ms: number): void;
}

export function testClock(start = "2026-03-02T15:00:00Z"): TestClock {
  const clock = {
    now: new Date(start),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  return clock;
}

export interface IdentityFixture {
  ctx: AppContext;
  store: TestStore;
  clock: TestClock;
  organizationId: string;
  /** Two practices of the organization. */
  practices: [string, string];
  /** Another organization with a practice of its own. */
  otherOrganizationId: string;
  otherPractice: string;
  dispose(): Promise<void>;
}

/** A fresh store with an organization of two practices, another organization, and a clock. */
export async function identityFixture(backend: Backend): Promise<IdentityFixture> {
  const store = await freshStore(backend);
  const clock = testClock();
  const ctx: AppContext = {
    store,
    cipher: new PhiCipher({ current: 1, keys: new Map([[1, randomBytes(32)]]) }),
    reference: packReference(),
    today: () => clock.now.toISOString().slice(0, 10),
    now: () => clock.now,
  };
  const organizationId = randomUUID();
  const otherOrganizationId = randomUUID();
  const practices: [string, string] = [randomUUID(), randomUUID()];
  const otherPractice = randomUUID();
  await store.db
    .insertInto("organizations")
    .values([
      { id: organizationId, name: "Bayside Billing" },
      { id: otherOrganizationId, name: "Gulf Coast Billing" },
    ])
    .execute();
  await store.db
    .insertInto("practices")
    .values([
      { id: practices[0], organization_id: organizationId, name: "Bayside Therapy", settings: "{}" },
      { id: practices[1], organization_id: organizationId, name: "Coral Chiropractic", settings: "{}" },
      { id: otherPractice, organization_id: otherOrganizationId, name: "Gulf Rehab", settings: "{}" },
    ])
    .execute();
  return {
    ctx,
    store,
    clock,
    organizationId,
    practices,
    otherOrganizationId,
    otherPractice,
    dispose: () => store.dispose(),
  };
}
