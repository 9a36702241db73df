import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Algorithm, hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { Problem } from "../model/problem.js";
import {
  type AuditOutcome,
  type AuditQuery,
  type AuditRecord,
  appendAudit,
  queryAudit,
} from "../store/audit.js";
import {
  failuresSince,
  findLiveSession,
  insertSession,
  pruneAttempts,
  recordAttempt,
  revokeSessionRow,
  revokeUserSessionRows,
  updateSessionData,
} from "../store/sessions.js";
import {
  findLiveToken,
  findToken,
  insertToken,
  listTokensOf,
  revokeTokenRow,
  type TokenRecord,
  touchToken,
} from "../store/tokens.js";
import {
  countUsers,
  emailTaken,
  findCredentials,
  findUser,
  insertOrganization,
  insertUser,
  isUuid,
  listOrganizations,
  listUsersOf,
  normalizeEmail,
  type OrganizationRow,
  organizationAdmins,
  practicesOf,
  replaceGrants,
  setDisabled,
  type UserRecord,
} from "../store/users.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { type Grant, notFound, type Role, requireOrganizationAdmin, roles, type Scope } from "./scope.js";

/**
 * Identity and access (issue 9: tenancy, passwords and sessions, authentication, roles):
 * users with grants, API tokens, server-side sessions, sign-in with a failed-attempt
 * limit, and the Scope a credential stands for. Transport-free: the server turns a bearer
 * token or a session cookie into a call to scopeForToken / scopeForSession, the CLI acts as
 * the local operator (operatorScope).
 */

// ---------------------------------------------------------------- passwords

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first configuration: 19 MiB of
 * memory (m=19456 KiB), 2 iterations, 1 degree of parallelism
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
 * The PHC string keeps the parameters and the 16-byte salt with the hash.
 */
export const passwordHashing = Object.freeze({
  algorithm: 2 as Algorithm, // Algorithm.Argon2id (a const enum, not importable under isolatedModules)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** NIST SP 800-63B §3.1.1.2 asks for at least 8; we ask for 12, and cap the length against abuse. */
export const passwordLength = Object.freeze({ min: 12, max: 1024 });

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, passwordHashing);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await argon2Verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

/**
 * A hash of a random password nobody knows, with the same parameters: an unknown email is
 * verified against it, so it costs as long as a known one (no timing oracle for emails).
 */
const unknownUserHash =
  "$argon2id$v=19$m=19456,t=2,p=1$r8K5vxMe3QiHWCqr3zMLtw$vayU3m+V7CVpQ1ilOGeuHzMiYkkCj2sMzPIiudKbxYs";

/** Refuses a password outside the length policy (invalid-input, path "password"). */
export function checkPassword(password: string): void {
  if (password.length < passwordLength.min)
    throw invalid(
      "password",
      `a password needs at least ${passwordLength.min} characters (got ${password.length})`,
    );
  if (password.length > passwordLength.max)
    throw invalid("password", `a password has at most ${passwordLength.max} characters`);
}

// ---------------------------------------------------------------- secrets

/** Tokens and session ids are stored as their SHA-256 (hex): 256 random bits need no slow hash. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** An API token: "cc_" and 32 random bytes in base64url (43 characters). */
export const tokenPattern = /^cc_[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return `cc_${randomBytes(32).toString("base64url")}`;
}

/** A session id: 32 random bytes in base64url. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

// ---------------------------------------------------------------- policy

export interface SignInPolicy {
  /** Failed sign-ins for one email within the window before further attempts are refused. */
  maxFailuresPerEmail: number;
  /** Failed sign-ins from one address within the window (an office shares an address: higher). */
  maxFailuresPerIp: number;
  windowMs: number;
  /** A session's lifetime from sign-in (absolute; sign in again after it). */
  sessionTtlMs: number;
}

export const defaultSignInPolicy: Readonly<SignInPolicy> = Object.freeze({
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
  windowMs: 15 * 60_000,
  sessionTtlMs: 12 * 60 * 60_000,
});

// ---------------------------------------------------------------- organizations (bootstrap)

/**
 * The organization the local operator (the CLI) acts in. With none yet and `create`, the
 * first is made (named `name`, else "cleanclaim"): that is how the first `user add`
 * bootstraps a fresh install. With several, `name` picks one.
 */
export async function resolveOrganization(
  ctx: AppContext,
  options: { name?: string | undefined; create: boolean },
): Promise<{ organization: OrganizationRow; created: boolean }> {
  const all = await listOrganizations(ctx.store.db);
  const name = options.name?.trim();
  if (name) {
    const found = all.find((o) => o.name.toLowerCase() === name.toLowerCase());
    if (found) return { organization: found, created: false };
    if (all.length > 0 || !options.create)
      throw new Problem([
        {
          code: "not-found",
          message: `no organization named "${name}"${all.length ? ` (there are: ${all.map((o) => o.name).join(", ")})` : ""}`,
          path: "organization",
          data: { entity: "organization", name },
        },
      ]);
  }
  if (all.length === 0) {
    if (!options.create)
      throw new Problem([
        {
          code: "not-found",
          message: "no organization exists yet: add the first user, which creates it",
          path: "organization",
        },
      ]);
    const organization = { id: randomUUID(), name: name || "cleanclaim" };
    await insertOrganization(ctx.store.db, organization);
    return { organization, created: true };
  }
  if (all.length > 1)
    throw invalid(
      "organization",
      `there are ${all.length} organizations (${all.map((o) => o.name).join(", ")}): name the one to act in`,
    );
  return { organization: all[0]!, created: false };
}

/** True when no user exists yet (npm start then prints the command that adds the first admin). */
export async function needsFirstUser(ctx: AppContext): Promise<boolean> {
  return (await countUsers(ctx.store.db)) === 0;
}

/**
 * The local operator: whoever can run the CLI against the database holds its keys already,
 * so the CLI acts as an organization-wide admin, recorded under its own label.
 */
export function operatorScope(organizationId: string, label = "cli"): Scope {
  return {
    organizationId,
    actor: { userId: null, tokenId: null, label, ip: null },
    grants: [{ role: "admin", practiceId: null }],
  };
}

// ---------------------------------------------------------------- users

export interface UserView {
  id: string;
  email: string;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  grants: Grant[];
}

export interface NewUser {
  email: string;
  password: string;
  grants: readonly Grant[];
}

export const addUser = audited(
  {
    action: "create",
    entity: "user",
    describe: ([input], user: UserView | undefined) => ({
      entityId: user?.id ?? null,
      detail: { grants: input.grants.map((g) => ({ role: g.role, practiceId: g.practiceId })) },
    }),
  },
  async (ctx: AppContext, scope: Scope, input: NewUser): Promise<UserView> => {
    requireOrganizationAdmin(scope);
    const email = checkEmail(input.email);
    checkPassword(input.password);
    const grants = await checkGrants(ctx, scope.organizationId, input.grants);
    if (await emailTaken(ctx.store.db, email))
      throw new Problem([
        { code: "conflict", message: `a user with email ${email} exists already`, path: "email" },
      ]);
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    await ctx.store.db.transaction().execute(async (tx) => {
      await insertUser(tx, {
        id,
        organizationId: scope.organizationId,
        email,
        passwordHash,
        createdAt: ctx.now(),
      });
      await replaceGrants(tx, id, grants, randomUUID);
    });
    return userView(await mustFindUser(ctx, scope, id));
  },
);

export const listUsers = audited(
  { action: "search", entity: "user" },
  async (ctx: AppContext, scope: Scope): Promise<UserView[]> => {
    requireOrganizationAdmin(scope);
    return (await listUsersOf(ctx.store.db, scope.organizationId)).map(userView);
  },
);

/** Replaces a user's grants. The organization keeps at least one enabled org-wide admin. */
export const setRoles = audited(
  {
    action: "update",
    entity: "user",
    describe: ([userId, grants]) => ({
      entityId: userId,
      detail: { grants: grants.map((g) => ({ role: g.role, practiceId: g.practiceId })) },
    }),
  },
  async (ctx: AppContext, scope: Scope, userId: string, grants: readonly Grant[]): Promise<UserView> => {
    requireOrganizationAdmin(scope);
    const user = await mustFindUser(ctx, scope, userId);
    const checked = await checkGrants(ctx, scope.organizationId, grants);
    const staysAdmin = checked.some((g) => g.role === "admin" && g.practiceId === null);
    if (!staysAdmin && user.disabledAt === null) await keepAnAdmin(ctx, scope, userId);
    await ctx.store.db.transaction().execute((tx) => replaceGrants(tx, userId, checked, randomUUID));
    return userView(await mustFindUser(ctx, scope, userId));
  },
);

/** Disables (or re-enables) a user. Disabling ends their sessions and withdraws the tokens they made. */
export const disableUser = audited(
  {
    action: "update",
    entity: "user",
    describe: ([userId, disabled]) => ({ entityId: userId, detail: { disabled } }),
  },
  async (ctx: AppContext, scope: Scope, userId: string, disabled: boolean): Promise<UserView> => {
    requireOrganizationAdmin(scope);
    const user = await mustFindUser(ctx, scope, userId);
    if (disabled) {
      if (user.disabledAt === null) await keepAnAdmin(ctx, scope, userId);
      const at = user.disabledAt ?? ctx.now();
      await ctx.store.db.transaction().execute(async (tx) => {
        await setDisabled(tx, scope.organizationId, userId, at);
        await revokeUserSessionRows(tx, userId, ctx.now());
      });
    } else {
      await setDisabled(ctx.store.db, scope.organizationId, userId, null);
    }
    return userView(await mustFindUser(ctx, scope, userId));
  },
);

/** Ends every session of a user (an admin's revoke); the count ended. */
export const revokeSessions = audited(
  {
    action: "delete",
    entity: "session",
    describe: ([userId], result: { revoked: number } | undefined) => ({
      entityId: userId,
      detail: { user: userId, revoked: result?.revoked ?? 0 },
    }),
  },
  async (ctx: AppContext, scope: Scope, userId: string): Promise<{ revoked: number }> => {
    requireOrganizationAdmin(scope);
    await mustFindUser(ctx, scope, userId);
    return { revoked: await revokeUserSessionRows(ctx.store.db, userId, ctx.now()) };
  },
);

async function keepAnAdmin(ctx: AppContext, scope: Scope, leaving: string): Promise<void> {
  const admins = await organizationAdmins(ctx.store.db, scope.organizationId);
  if (admins.includes(leaving) && admins.length === 1)
    throw new Problem([
      {
        code: "conflict",
        message: "this is the organization's last enabled admin: make another user admin first",
        data: { user: leaving },
      },
    ]);
}

async function mustFindUser(ctx: AppContext, scope: Scope, userId: string): Promise<UserRecord> {
  const user = await findUser(ctx.store.db, scope.organizationId, userId);
  if (!user) throw notFound("user", userId);
  return user;
}

function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    grants: user.grants,
  };
}

function checkEmail(email: string): string {
  const normal = normalizeEmail(email);
  if (normal.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normal))
    throw invalid("email", `expected an email address like billing@example.com, got "${email}"`);
  return normal;
}

/** Grants: known roles, practices of this organization (else not found, naming the id), one per practice. */
async function checkGrants(
  ctx: AppContext,
  organizationId: string,
  grants: readonly Grant[],
): Promise<Grant[]> {
  if (grants.length === 0) throw invalid("roles", "a user needs at least one role");
  const seen = new Set<string | null>();
  for (const g of grants) {
    if (!roles.includes(g.role)) throw invalid("role", `expected admin, biller or viewer, got "${g.role}"`);
    if (seen.has(g.practiceId))
      throw invalid(
        "practiceId",
        `two roles for ${g.practiceId === null ? "the organization" : `practice ${g.practiceId}`}`,
      );
    seen.add(g.practiceId);
  }
  await checkPractices(
    ctx,
    organizationId,
    grants.flatMap((g) => (g.practiceId === null ? [] : [g.practiceId])),
  );
  return grants.map((g) => ({ role: g.role, practiceId: g.practiceId }));
}

async function checkPractices(
  ctx: AppContext,
  organizationId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set(
    (await practicesOf(ctx.store.db, organizationId, ids.filter(isUuid))).map((p) => p.id),
  );
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined)
    throw new Problem([
      {
        code: "not-found",
        message: `no practice ${missing} in this organization`,
        path: "practiceId",
        data: { entity: "practice", id: missing },
      },
    ]);
}

// ---------------------------------------------------------------- API tokens

export interface TokenView {
  id: string;
  name: string;
  role: Role;
  practiceId: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken extends TokenView {
  /** The token itself: shown this once, never stored (only its SHA-256 is). */
  token: string;
}

export interface NewToken {
  role: Role;
  practiceId?: string | null | undefined;
  name?: string | undefined;
}

export const createToken = audited(
  {
    action: "create",
    entity: "token",
    describe: ([input], token: CreatedToken | undefined) => ({
      entityId: token?.id ?? null,
      practiceId: input.practiceId ?? null,
      detail: { role: input.role },
    }),
  },
  async (ctx: AppContext, scope: Scope, input: NewToken): Promise<CreatedToken> => {
    requireOrganizationAdmin(scope);
    const [grant] = await checkGrants(ctx, scope.organizationId, [
      { role: input.role, practiceId: input.practiceId ?? null },
    ]);
    const name = (input.name ?? "").trim() || `${input.role} token`;
    if (name.length > 100) throw invalid("name", "a token name has at most 100 characters");
    const token = newToken();
    const id = randomUUID();
    await insertToken(ctx.store.db, {
      id,
      organizationId: scope.organizationId,
      name,
      tokenHash: hashSecret(token),
      role: grant!.role,
      practiceId: grant!.practiceId,
      createdBy: scope.actor.userId,
      createdAt: ctx.now(),
    });
    const stored = await findToken(ctx.store.db, scope.organizationId, id);
    return { ...tokenView(stored!), token };
  },
);

export const listTokens = audited(
  { action: "search", entity: "token" },
  async (ctx: AppContext, scope: Scope): Promise<TokenView[]> => {
    requireOrganizationAdmin(scope);
    return (await listTokensOf(ctx.store.db, scope.organizationId)).map(tokenView);
  },
);

export const revokeToken = audited(
  { action: "delete", entity: "token", describe: ([id]) => ({ entityId: id }) },
  async (ctx: AppContext, scope: Scope, id: string): Promise<TokenView> => {
    requireOrganizationAdmin(scope);
    if (!(await revokeTokenRow(ctx.store.db, scope.organizationId, id, ctx.now())))
      throw notFound("token", id);
    return tokenView((await findToken(ctx.store.db, scope.organizationId, id))!);
  },
);

function tokenView(t: TokenRecord): TokenView {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    practiceId: t.practiceId,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** last_used_at is written at most this often per token (not on every request). */
const touchEveryMs = 60_000;

/** The Scope an API token stands for, or null when it is malformed, unknown or revoked. */
export async function scopeForToken(
  ctx: AppContext,
  token: string,
  ip: string | null,
): Promise<Scope | null> {
  if (!tokenPattern.test(token)) return null;
  const row = await findLiveToken(ctx.store.db, hashSecret(token));
  if (!row) return null;
  const now = ctx.now();
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= touchEveryMs)
    await touchToken(ctx.store.db, row.id, now);
  return {
    organizationId: row.organizationId,
    actor: { userId: row.createdBy, tokenId: row.id, label: `token:${row.name}`, ip },
    grants: [{ role: row.role, practiceId: row.practiceId }],
  };
}

// ---------------------------------------------------------------- sign-in and sessions

export interface SignIn {
  email: string;
  password: string;
  ip: string | null;
  /** The session id to issue (the transport's own id); a fresh one when absent. */
  sessionId?: string | undefined;
}

export interface PracticeAccess {
  id: string;
  name: string;
  /** The strongest role the scope holds there (org-wide grants count everywhere). */
  role: Role;
}

export interface SignedIn {
  sessionId: string;
  expiresAt: string;
  user: UserView;
  scope: Scope;
  practices: PracticeAccess[];
}

const wrongCredentials = (): Problem =>
  new Problem([{ code: "unauthenticated", message: "the email or password is wrong" }]);

/**
 * Signs in and opens a server-side session. Failed attempts are counted per email and per
 * address across every server process (the login_attempts table); past the limit, the
 * attempt is refused with rate-limited (429) before the password is looked at, until the
 * window has passed. An unknown email is verified against a dummy hash, and a disabled
 * user gets the same answer as a wrong password, so the answer and its timing say nothing
 * about which emails exist. Every attempt is audited (action login), never with the password.
 */
export async function login(
  ctx: AppContext,
  input: SignIn,
  policy: Readonly<SignInPolicy> = defaultSignInPolicy,
): Promise<SignedIn> {
  const db = ctx.store.db;
  const now = ctx.now();
  const email = normalizeEmail(input.email).slice(0, 320);
  const ip = input.ip;
  const user = await findCredentials(db, email);
  const audit = async (outcome: AuditOutcome, reason: string | null, sessionKey: string | null) => {
    await appendAudit(db, await signInScope(ctx, user, email, ip), {
      action: "login",
      entity: "session",
      entityId: sessionKey,
      outcome,
      ...(reason ? { detail: { reason } } : {}),
    });
  };

  const since = new Date(now.getTime() - policy.windowMs);
  const failures = await failuresSince(db, email, ip, since);
  const emailLimited = failures.email >= policy.maxFailuresPerEmail;
  const ipLimited = ip !== null && failures.ip >= policy.maxFailuresPerIp;
  if (emailLimited || ipLimited) {
    await recordAttempt(db, { at: now, email, ip, outcome: "limited" });
    await audit("denied", "rate-limited", null);
    const oldest = [emailLimited ? failures.emailOldest : null, ipLimited ? failures.ipOldest : null]
      .filter((d): d is Date => d !== null)
      .map((d) => d.getTime());
    const freeAt = (oldest.length ? Math.max(...oldest) : now.getTime()) + policy.windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
    throw new Problem([
      {
        code: "rate-limited",
        message: `too many failed sign-ins for this account or address; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
        data: { retryAfterSeconds },
      },
    ]);
  }

  const matches = await verifyPassword(user?.passwordHash ?? unknownUserHash, input.password);
  if (!user || !matches || user.disabledAt !== null) {
    await recordAttempt(db, { at: now, email, ip, outcome: "failed" });
    await audit("denied", !user ? "unknown-email" : !matches ? "wrong-password" : "disabled", null);
    throw wrongCredentials();
  }

  const sessionId = input.sessionId ?? newSessionId();
  const key = hashSecret(sessionId);
  const expiresAt = new Date(now.getTime() + policy.sessionTtlMs);
  await insertSession(db, { key, userId: user.id, createdAt: now, expiresAt });
  await recordAttempt(db, { at: now, email, ip, outcome: "ok" });
  await pruneAttempts(db, new Date(now.getTime() - Math.max(policy.windowMs, 86_400_000)));
  await audit("ok", null, key);
  const scope = (await scopeForSession(ctx, sessionId, ip))!;
  const record = await mustFindUser(ctx, scope, user.id);
  return {
    sessionId,
    expiresAt: expiresAt.toISOString(),
    user: userView(record),
    scope,
    practices: await practicesFor(ctx, scope),
  };
}

/**
 * Whom a sign-in record is about. An unknown email belongs to no organization, unless the
 * install has only one (the usual office), whose admins should see guesses at it.
 */
async function signInScope(
  ctx: AppContext,
  user: { id: string; organizationId: string } | null,
  email: string,
  ip: string | null,
): Promise<Scope | null> {
  let organizationId = user?.organizationId ?? null;
  if (organizationId === null) {
    const all = await listOrganizations(ctx.store.db);
    if (all.length === 1) organizationId = all[0]!.id;
  }
  const actor = { userId: user?.id ?? null, tokenId: null, label: email, ip };
  // appendAudit writes scope.organizationId as given; null is the column's "no organization".
  return { organizationId: organizationId as string, actor, grants: [] };
}

/** The Scope a session id stands for, or null when it is unknown, revoked, expired or its user disabled. */
export async function scopeForSession(
  ctx: AppContext,
  sessionId: string,
  ip: string | null,
): Promise<Scope | null> {
  if (sessionId === "") return null;
  const session = await findLiveSession(ctx.store.db, hashSecret(sessionId), ctx.now());
  if (!session) return null;
  const user = await ctx.store.db
    .selectFrom("users")
    .select(["organization_id", "email"])
    .where("id", "=", session.userId)
    .executeTakeFirst();
  if (!user) return null;
  const found = await findUser(ctx.store.db, user.organization_id, session.userId);
  return {
    organizationId: user.organization_id,
    actor: { userId: session.userId, tokenId: null, label: user.email, ip },
    grants: found?.grants ?? [],
  };
}

/** Ends the caller's session (logout). */
export const logout = audited(
  { action: "logout", entity: "session", describe: ([sessionId]) => ({ entityId: hashSecret(sessionId) }) },
  async (ctx: AppContext, _scope: Scope, sessionId: string): Promise<void> => {
    await revokeSessionRow(ctx.store.db, hashSecret(sessionId), ctx.now());
  },
);

/** What the transport keeps in a live session (a CSRF secret, cookie options); null when not live. */
export async function loadSessionData(
  ctx: AppContext,
  sessionId: string,
): Promise<Record<string, unknown> | null> {
  const session = await findLiveSession(ctx.store.db, hashSecret(sessionId), ctx.now());
  return session ? session.data : null;
}

/** Saves the transport's data into a live session; a session that was never opened by login is not created. */
export async function saveSessionData(
  ctx: AppContext,
  sessionId: string,
  data: Record<string, unknown>,
): Promise<void> {
  await updateSessionData(ctx.store.db, hashSecret(sessionId), data, ctx.now());
}

/** Revokes a session without a scope (the transport destroying a replaced or expired session). */
export async function endSession(ctx: AppContext, sessionId: string): Promise<void> {
  await revokeSessionRow(ctx.store.db, hashSecret(sessionId), ctx.now());
}

/** The practices a scope can read, each with its strongest role there. */
export async function practicesFor(ctx: AppContext, scope: Scope): Promise<PracticeAccess[]> {
  const rank: Record<Role, number> = { viewer: 1, biller: 2, admin: 3 };
  const orgWide = scope.grants.filter((g) => g.practiceId === null).map((g) => g.role);
  const all = await practicesOf(ctx.store.db, scope.organizationId);
  const out: PracticeAccess[] = [];
  for (const p of all) {
    const held = [...orgWide, ...scope.grants.filter((g) => g.practiceId === p.id).map((g) => g.role)];
    if (held.length === 0) continue;
    const role = held.reduce((a, b) => (rank[b] > rank[a] ? b : a));
    out.push({ id: p.id, name: p.name, role });
  }
  return out;
}

export interface Me {
  organizationId: string;
  /** The signed-in user (null for an API token). */
  user: UserView | null;
  /** The API token the request came with (null for a session). */
  token: TokenView | null;
  grants: readonly Grant[];
  practices: PracticeAccess[];
}

/** Who the caller is: their user or token, grants, and the practices they can read. */
export async function whoAmI(ctx: AppContext, scope: Scope): Promise<Me> {
  const { userId, tokenId } = scope.actor;
  const token = tokenId ? await findToken(ctx.store.db, scope.organizationId, tokenId) : null;
  const user = !tokenId && userId ? await findUser(ctx.store.db, scope.organizationId, userId) : null;
  return {
    organizationId: scope.organizationId,
    user: user ? userView(user) : null,
    token: token ? tokenView(token) : null,
    grants: scope.grants,
    practices: await practicesFor(ctx, scope),
  };
}

// ---------------------------------------------------------------- the audit log

/** Admins query the organization's audit log; the query is itself audited. */
export const readAudit = audited(
  {
    action: "search",
    entity: "audit",
    describe: ([q]) => ({
      detail: { filters: q },
      ...(q.patientId && isUuid(q.patientId) ? { patientId: q.patientId } : {}),
    }),
  },
  async (ctx: AppContext, scope: Scope, q: AuditQuery): Promise<AuditRecord[]> => {
    requireOrganizationAdmin(scope);
    for (const id of [q.userId, q.patientId]) if (id !== undefined && !isUuid(id)) return [];
    if (q.before !== undefined && !/^\d{1,18}$/.test(q.before))
      throw invalid("before", "expected a record id");
    return queryAudit(ctx.store.db, scope.organizationId, q);
  },
);

function invalid(path: string, message: string): Problem {
  return new Problem([{ code: "invalid-input", message, path }]);
}
