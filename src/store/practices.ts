import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Scope } from "../app/scope.js";
import type { Database, Row } from "./schema.js";
import { practiceIdsFor } from "./tenancy.js";

/**
 * Organizations, practices and what hangs off a practice: its rendering providers and payer
 * profiles (migrations/001-initial.ts). Settings are validated before they get here
 * (app/practice-settings.ts); this module only reads and writes rows.
 */

export interface RenderingProviderRow {
  npi: string;
  credential: string;
  participating: boolean;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface PayerProfileRow {
  name: string;
  profile: Record<string, unknown>;
  feeTable: string | null;
  /** The state RVU table's csv text, for a state schedule with method "state-rvu". */
  stateRvuTable: string | null;
}

/** Bootstrap: the first organization is made before any user (and so any scope) exists. */
export async function insertOrganization(db: Kysely<Database>, name: string): Promise<string> {
  const id = randomUUID();
  await db.insertInto("organizations").values({ id, name }).execute();
  return id;
}

export async function insertPractice(
  db: Kysely<Database>,
  scope: Scope,
  values: { name: string; settings: Record<string, unknown> },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("practices")
    .values({
      id,
      organization_id: scope.organizationId,
      name: values.name,
      settings: JSON.stringify(values.settings),
    })
    .execute();
  return id;
}

/** Updates a practice the caller already holds (requirePractice checked it). */
export async function updatePracticeRow(
  db: Kysely<Database>,
  scope: Scope,
  practiceId: string,
  values: { name?: string; settings?: Record<string, unknown> },
): Promise<void> {
  await db
    .updateTable("practices")
    .set({
      ...(values.name ? { name: values.name } : {}),
      ...(values.settings ? { settings: JSON.stringify(values.settings) } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", practiceId)
    .where("organization_id", "=", scope.organizationId)
    .execute();
}

export async function listPracticeRows(db: Kysely<Database>, scope: Scope): Promise<Row<"practices">[]> {
  const ids = await practiceIdsFor(db, scope, "read");
  if (ids.length === 0) return [];
  return db
    .selectFrom("practices")
    .selectAll()
    .where("id", "in", ids)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

/** The practice's rendering providers; `name` holds their first and last names as JSON. */
export async function renderingProviders(
  db: Kysely<Database>,
  practiceId: string,
): Promise<RenderingProviderRow[]> {
  const rows = await db
    .selectFrom("rendering_providers")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .orderBy("npi")
    .execute();
  return rows.map((r) => {
    const name = r.name ? (JSON.parse(r.name) as { firstName?: string; lastName?: string }) : {};
    return {
      npi: r.npi,
      credential: r.credential,
      participating: r.participating,
      ...(name.firstName ? { firstName: name.firstName } : {}),
      ...(name.lastName ? { lastName: name.lastName } : {}),
    };
  });
}

/** Replaces the practice's rendering providers (PATCH gives the whole list). */
export async function replaceRenderingProviders(
  db: Kysely<Database>,
  practiceId: string,
  providers: readonly RenderingProviderRow[],
): Promise<void> {
  await db.deleteFrom("rendering_providers").where("practice_id", "=", practiceId).execute();
  if (providers.length === 0) return;
  await db
    .insertInto("rendering_providers")
    .values(
      providers.map((p) => ({
        id: randomUUID(),
        practice_id: practiceId,
        npi: p.npi,
        // first and last name as JSON, so a two-word first name survives
        name:
          p.firstName || p.lastName ? JSON.stringify({ firstName: p.firstName, lastName: p.lastName }) : null,
        credential: p.credential,
        participating: p.participating,
      })),
    )
    .execute();
}

export async function payerProfiles(db: Kysely<Database>, practiceId: string): Promise<PayerProfileRow[]> {
  const rows = await db
    .selectFrom("payer_profiles")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .orderBy("created_at")
    .orderBy("name")
    .execute();
  return rows.map((r) => ({
    name: r.name,
    profile: r.profile,
    feeTable: typeof r.fee_table === "string" ? r.fee_table : null,
    stateRvuTable: typeof r.state_rvu_table === "string" ? r.state_rvu_table : null,
  }));
}

export async function replacePayerProfiles(
  db: Kysely<Database>,
  practiceId: string,
  profiles: readonly PayerProfileRow[],
): Promise<void> {
  await db.deleteFrom("payer_profiles").where("practice_id", "=", practiceId).execute();
  if (profiles.length === 0) return;
  await db
    .insertInto("payer_profiles")
    .values(
      profiles.map((p) => ({
        id: randomUUID(),
        practice_id: practiceId,
        name: p.name,
        profile: JSON.stringify(p.profile),
        fee_table: p.feeTable === null ? null : JSON.stringify(p.feeTable),
        state_rvu_table: p.stateRvuTable === null ? null : JSON.stringify(p.stateRvuTable),
      })),
    )
    .execute();
}
