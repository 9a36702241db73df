import type { Kysely } from "kysely";
import { notFound, type Permission, practicesAllowed, requirePermission, type Scope } from "../app/scope.js";
import type { Database, Row } from "./schema.js";

/**
 * Tenancy in one place (design: "every repository method takes the caller's scope"): the
 * practices a scope may touch are those of its own organization that its grants name (or
 * all of them, for an organization-wide grant). Repositories filter every query by these
 * ids, so a row of another tenant is never read, only "not found".
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an id the database could hold; anything else is answered "not found", never a 500. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/** The ids of the scope's practices it may act on with this permission (possibly none). */
export async function practiceIdsFor(
  db: Kysely<Database>,
  scope: Scope,
  permission: Permission = "read",
): Promise<string[]> {
  const allowed = practicesAllowed(scope, permission);
  if (allowed !== "all" && allowed.length === 0) return [];
  let query = db.selectFrom("practices").select("id").where("organization_id", "=", scope.organizationId);
  if (allowed !== "all") query = query.where("id", "in", allowed.filter(isUuid));
  return (await query.execute()).map((r) => r.id);
}

/**
 * The practice, when the scope may act on it with this permission: 404 for a practice the
 * scope cannot read (another tenant's, or a guessed id), 403 when the role lacks the right.
 */
export async function requirePractice(
  db: Kysely<Database>,
  scope: Scope,
  permission: Permission,
  practiceId: string,
): Promise<Row<"practices">> {
  if (!isUuid(practiceId)) throw notFound("practice", practiceId);
  requirePermission(scope, permission, practiceId);
  const row = await db
    .selectFrom("practices")
    .selectAll()
    .where("id", "=", practiceId)
    .where("organization_id", "=", scope.organizationId)
    .executeTakeFirst();
  if (!row) throw notFound("practice", practiceId);
  return row;
}
