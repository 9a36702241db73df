import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

/**
 * Server-side sessions (issue 9, passwords and sessions): the cookie holds only a random
 * id, and the row is keyed by that id's SHA-256, so a copy of the database holds no live
 * session. A session ends when it expires or is revoked (logout, an admin, disabling the
 * user); its row stays, revoked, for the record.
 */
type Db = Kysely<Database> | Transaction<Database>;

export interface SessionRecord {
  /** SHA-256 (hex) of the session id the cookie carries. */
  key: string;
  userId: string;
  data: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(
  db: Db,
  session: { key: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.key,
      user_id: session.userId,
      data: JSON.stringify({}),
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The session if it is live at `now`: not revoked, not expired, and its user not disabled. */
export async function findLiveSession(db: Db, key: string, now: Date): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.user_id",
      "sessions.data",
      "sessions.created_at",
      "sessions.expires_at",
    ])
    .where("sessions.id", "=", key)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", now)
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row || row.user_id === null) return null;
  return {
    key: row.id,
    userId: row.user_id,
    data: row.data ?? {},
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Stores what the transport keeps in a live session (its CSRF secret, cookie options); false when none. */
export async function updateSessionData(
  db: Db,
  key: string,
  data: Record<string, unknown>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("sessions")
    .set({ data: JSON.stringify(data) })
    .where("id", "=", key)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes one session (the first revocation time is kept); false when it was not live. */
export async function revokeSessionRow(db: Db, key: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: at })
    .where("id", "=", key)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every live session of a user; the count revoked. */
export async function revokeUserSessionRows(db: Db, userId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: at })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// Sign-in attempts (migrations/003-identity.ts), for the failed-login limit.

export type AttemptOutcome = "ok" | "failed" | "limited";

export async function recordAttempt(
  db: Db,
  attempt: { at: Date; email: string; ip: string | null; outcome: AttemptOutcome },
): Promise<void> {
  await db
    .insertInto("login_attempts")
    .values({ at: attempt.at, email: attempt.email, ip: attempt.ip, outcome: attempt.outcome } as never)
    .execute();
}

/**
 * Failed attempts since `since`: for the email, those after its last successful sign-in
 * (signing in clears an email's count); for the address, all of them (one's own account
 * must not reset the count of an address guessing at others). Also the time of the oldest
 * failure counted for each, to say when the window frees up.
 */
export async function failuresSince(
  db: Db,
  email: string,
  ip: string | null,
  since: Date,
): Promise<{ email: number; emailOldest: Date | null; ip: number; ipOldest: Date | null }> {
  const lastOk = await db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.max("at").as("at"))
    .where("email", "=", email)
    .where("outcome", "=", "ok")
    .where("at", ">=", since)
    .executeTakeFirst();
  const emailSince = lastOk?.at && new Date(lastOk.at) > since ? new Date(lastOk.at) : since;
  const byEmail = await db
    .selectFrom("login_attempts")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("at").as("oldest")])
    .where("email", "=", email)
    .where("outcome", "=", "failed")
    .where("at", ">", emailSince)
    .executeTakeFirstOrThrow();
  let byIp = { n: 0 as number | string, oldest: null as Date | string | null };
  if (ip !== null) {
    byIp = await db
      .selectFrom("login_attempts")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("at").as("oldest")])
      .where("ip", "=", ip)
      .where("outcome", "=", "failed")
      .where("at", ">", since)
      .executeTakeFirstOrThrow();
  }
  return {
    email: Number(byEmail.n),
    emailOldest: byEmail.oldest ? new Date(byEmail.oldest) : null,
    ip: Number(byIp.n),
    ipOldest: byIp.oldest ? new Date(byIp.oldest) : null,
  };
}

/** Drops attempts older than `before` (they no longer count toward any window). */
export async function pruneAttempts(db: Db, before: Date): Promise<void> {
  await db.deleteFrom("login_attempts").where("at", "<", before).execute();
}
