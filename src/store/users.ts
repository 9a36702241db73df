import type { Kysely, Transaction } from "kysely";
import type { Grant, Role } from "../app/scope.js";
import type { Database } from "./schema.js";

/**
 * Users and their roles (issue 9, tenancy): a user belongs to one organization and holds a
 * role per practice, or across the organization (`practice_id` null). Every read is
 * filtered by the organization; the lookups by email and id for signing in are the only
 * ones without it, and they return the organization for the caller to scope by.
 */
type Db = Kysely<Database> | Transaction<Database>;

export interface UserRecord {
  id: string;
  organizationId: string;
  email: string;
  disabledAt: Date | null;
  createdAt: Date;
  grants: Grant[];
}

export interface UserCredentials {
  id: string;
  organizationId: string;
  email: string;
  passwordHash: string;
  disabledAt: Date | null;
}

/** Emails are compared lowercased and trimmed (the column is unique on that form). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function insertUser(
  db: Db,
  user: { id: string; organizationId: string; email: string; passwordHash: string; createdAt: Date },
): Promise<void> {
  await db
    .insertInto("users")
    .values({
      id: user.id,
      organization_id: user.organizationId,
      email: normalizeEmail(user.email),
      password_hash: user.passwordHash,
      created_at: user.createdAt,
    })
    .execute();
}

/** For signing in: the user with this email in any organization, with the password hash. */
export async function findCredentials(db: Db, email: string): Promise<UserCredentials | null> {
  const row = await db
    .selectFrom("users")
    .select(["id", "organization_id", "email", "password_hash", "disabled_at"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        organizationId: row.organization_id,
        email: row.email,
        passwordHash: row.password_hash,
        disabledAt: row.disabled_at,
      }
    : null;
}

export async function emailTaken(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row !== undefined;
}

/** The user of this organization, with grants; null for another organization's id. */
export async function findUser(db: Db, organizationId: string, userId: string): Promise<UserRecord | null> {
  const users = await listUsersOf(db, organizationId, [userId]);
  return users[0] ?? null;
}

/** The organization's users (or those of the given ids), oldest first, each with grants. */
export async function listUsersOf(
  db: Db,
  organizationId: string,
  ids?: readonly string[],
): Promise<UserRecord[]> {
  if (ids && (ids.length === 0 || !ids.every(isUuid))) return [];
  let query = db
    .selectFrom("users")
    .select(["id", "organization_id", "email", "disabled_at", "created_at"])
    .where("organization_id", "=", organizationId);
  if (ids) query = query.where("id", "in", ids);
  const rows = await query.orderBy("created_at").orderBy("email").execute();
  if (rows.length === 0) return [];
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    email: r.email,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    grants: grants.get(r.id) ?? [],
  }));
}

/** Grants by user id, org-wide first, then by practice id (a stable order for tests and UIs). */
export async function grantsOf(db: Db, userIds: readonly string[]): Promise<Map<string, Grant[]>> {
  const out = new Map<string, Grant[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom("user_roles")
    .select(["user_id", "practice_id", "role"])
    .where("user_id", "in", userIds)
    .execute();
  rows.sort((a, b) => (a.practice_id ?? "").localeCompare(b.practice_id ?? ""));
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ role: r.role, practiceId: r.practice_id });
    out.set(r.user_id, list);
  }
  return out;
}

/** Replaces the user's grants (one role per practice, and at most one org-wide). */
export async function replaceGrants(
  db: Db,
  userId: string,
  grants: readonly Grant[],
  newId: () => string,
): Promise<void> {
  await db.deleteFrom("user_roles").where("user_id", "=", userId).execute();
  if (grants.length === 0) return;
  await db
    .insertInto("user_roles")
    .values(
      grants.map((g) => ({ id: newId(), user_id: userId, practice_id: g.practiceId, role: g.role as Role })),
    )
    .execute();
}

export async function setDisabled(
  db: Db,
  organizationId: string,
  userId: string,
  at: Date | null,
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({ disabled_at: at })
    .where("organization_id", "=", organizationId)
    .where("id", "=", userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Enabled users holding an organization-wide admin grant (the last one must not be removed). */
export async function organizationAdmins(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select("users.id")
    .where("users.organization_id", "=", organizationId)
    .where("users.disabled_at", "is", null)
    .where("user_roles.role", "=", "admin")
    .where("user_roles.practice_id", "is", null)
    .execute();
  return rows.map((r) => r.id);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Organizations and practices, as identity needs them: the records area owns their
// creation and settings (h-records); these are the reads (and the first organization's
// insert at bootstrap) that users, tokens and sign-in depend on.

export interface OrganizationRow {
  id: string;
  name: string;
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  return db
    .selectFrom("organizations")
    .select(["id", "name"])
    .orderBy("created_at")
    .orderBy("name")
    .execute();
}

export async function insertOrganization(db: Db, organization: OrganizationRow): Promise<void> {
  await db.insertInto("organizations").values(organization).execute();
}

export interface PracticeRef {
  id: string;
  name: string;
}

/** The organization's practices among these ids (an id of another organization is absent). */
export async function practicesOf(
  db: Db,
  organizationId: string,
  ids?: readonly string[],
): Promise<PracticeRef[]> {
  if (ids && (ids.length === 0 || !ids.every(isUuid))) return [];
  let query = db.selectFrom("practices").select(["id", "name"]).where("organization_id", "=", organizationId);
  if (ids) query = query.where("id", "in", ids);
  return query.orderBy("name").orderBy("id").execute();
}

/** A uuid column compared with a malformed id raises on PostgreSQL: such an id matches nothing. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
