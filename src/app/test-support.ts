import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Backend } from "../store/db.js";
import { newKey, PhiCipher } from "../store/phi-cipher.js";
import { freshStore, type TestStore } from "../store/test-support.js";
import { packReference, repoRoot } from "../test-support/reference.js";
import type { AppContext } from "./context.js";
import { createOrganization, createPractice } from "./practices.js";
import type { Role, Scope } from "./scope.js";

/**
 * Use-case tests on a fresh store of each back-end: an AppContext over it with a random
 * PHI key, the bundled reference pack and a fixed today, plus scopes for each role.
 */
export interface TestApp {
  ctx: AppContext;
  store: TestStore;
  dispose(): Promise<void>;
}

export async function testApp(
  backend: Backend,
  options: { dataDir?: string; today?: string } = {},
): Promise<TestApp> {
  const store = await freshStore(backend, options.dataDir ? { dataDir: options.dataDir } : {});
  const ctx: AppContext = {
    store,
    cipher: new PhiCipher({ current: 1, keys: new Map([[1, newKey()]]) }),
    reference: packReference(),
    today: () => options.today ?? "2026-04-01",
    now: () => new Date(),
  };
  return { ctx, store, dispose: () => store.dispose() };
}

export function scopeOf(
  organizationId: string,
  role: Role,
  practiceId: string | null = null,
  label = `${role}@test`,
): Scope {
  return {
    organizationId,
    actor: { userId: null, tokenId: null, label, ip: "127.0.0.1" },
    grants: [{ role, practiceId }],
  };
}

/** The seed visit of examples/ (synthetic patient Ana Diaz, born 1956-04-09, member 1EG4TE5MK73). */
export function seedVisit(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"));
}

/** Bayside Therapy's settings: the seed visit's billing and rendering providers. */
export function baysideSettings(): Record<string, unknown> {
  return {
    billingProvider: {
      npi: "1234567893",
      taxId: "591234567",
      name: "Bayside Therapy",
      address: "200 Biscayne Blvd",
      city: "Miami",
      state: "FL",
      zip: "331011203",
    },
    locality: "09102-04",
    renderingProviders: [
      { npi: "1972638468", credential: "PT", participating: true, firstName: "Elena", lastName: "Ruiz" },
    ],
    charges: { "97012": "45.00", "97110": "60.00", "97140": "55.00" },
  };
}

/** An organization with one practice (Bayside) and an organization-wide admin scope. */
export async function orgWithPractice(ctx: AppContext, name = "Bayside Billing") {
  const org = await createOrganization(ctx, { name });
  const admin = scopeOf(org.id, "admin");
  const practice = await createPractice(ctx, admin, {
    name: `${name} practice`,
    settings: baysideSettings(),
  });
  return { organizationId: org.id, practiceId: practice.id, admin };
}

/**
 * `count` synthetic claims straight into a practice's claims table (one synthetic patient, no
 * documents), for the 10,000-row table in the browser test and the web bench: control numbers
 * B-00000…, every third one ready, charges 100.00 + i cents, dates of service spread over
 * January to March 2026.
 */
export async function seedSyntheticClaims(ctx: AppContext, practiceId: string, count: number): Promise<void> {
  const patientId = randomUUID();
  await ctx.store.db
    .insertInto("patients")
    .values({
      id: patientId,
      practice_id: practiceId,
      first_name_enc: ctx.cipher.seal("patient.firstName", "Test"),
      last_name_enc: ctx.cipher.seal("patient.lastName", "Patient"),
      address_enc: ctx.cipher.seal("patient.address", "{}"),
      key_version: ctx.cipher.current,
    })
    .execute();
  const rows = Array.from({ length: count }, (_, i) => {
    const date = `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, "0")}`;
    return {
      id: randomUUID(),
      practice_id: practiceId,
      patient_id: patientId,
      control_number: `B-${String(i).padStart(5, "0")}`,
      status: (i % 3 === 0 ? "ready" : "scrubbed") as never,
      payer_id: "MEDICARE-FL",
      payer_type: "medicare",
      date_of_service: date,
      through_date: date,
      charge_cents: 10_000 + i,
    };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await ctx.store.db
      .insertInto("claims")
      .values(rows.slice(i, i + 1000))
      .execute();
}
