import type { Kysely, Transaction } from "kysely";
import type { Role } from "../app/scope.js";
import type { Database } from "./schema.js";
import { isUuid } from "./users.js";

/**
 * API tokens (issue 9, authentication): only the SHA-256 of a token is stored, so a copy
 * of the database holds no usable credential. A token carries one role, across the
 * organization or in one practice, and is revoked by setting `revoked_at` (the row stays
 * for the audit trail).
 */
type Db = Kysely<Database> | Transaction<Database>;

export interface TokenRecord {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  practiceId: string | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function insertToken(
  db: Db,
  token: {
    id: string;
    organizationId: string;
    name: string;
    tokenHash: string;
    role: Role;
    practiceId: string | null;
    createdBy: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await db
    .insertInto("api_tokens")
    .values({
      id: token.id,
      organization_id: token.organizationId,
      name: token.name,
      token_hash: token.tokenHash,
      role: token.role,
      practice_id: token.practiceId,
      created_by: token.createdBy,
      created_at: token.createdAt,
    })
    .execute();
}

/**
 * The live token with this hash: not revoked, and not created by a user since disabled
 * (disabling a user withdraws what they handed out). Null otherwise.
 */
export async function findLiveToken(db: Db, tokenHash: string): Promise<TokenRecord | null> {
  const row = await db
    .selectFrom("api_tokens")
    .leftJoin("users", "users.id", "api_tokens.created_by")
    .selectAll("api_tokens")
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("api_tokens.revoked_at", "is", null)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function listTokensOf(db: Db, organizationId: string): Promise<TokenRecord[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toRecord);
}

export async function findToken(db: Db, organizationId: string, id: string): Promise<TokenRecord | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Revokes the organization's token; false when it has no such token. Revoking twice keeps the first time. */
export async function revokeTokenRow(db: Db, organizationId: string, id: string, at: Date): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db
    .updateTable("api_tokens")
    .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.val(at)) }))
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchToken(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
}

function toRecord(row: {
  id: string;
  organization_id: string;
  name: string;
  role: Role;
  practice_id: string | null;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): TokenRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    role: row.role,
    practiceId: row.practice_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
