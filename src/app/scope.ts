import { Problem } from "../model/problem.js";

/**
 * Who is asking, and what they may touch (issue 9, tenancy and roles). Every repository
 * and use case takes a Scope first, so a query without one cannot be written.
 *
 * A user (or an API token) belongs to one organization: the billing company, or a practice
 * billing for itself. A grant gives a role in one practice, or across the organization
 * (`practiceId: null`).
 */
export type Role = "admin" | "biller" | "viewer";

export const roles: readonly Role[] = ["admin", "biller", "viewer"];

export interface Grant {
  role: Role;
  /** null: every practice of the organization, present and future. */
  practiceId: string | null;
}

export interface Actor {
  /** The signed-in user, or the user who created the token. */
  userId: string | null;
  /** Set when the request came with an API token. */
  tokenId: string | null;
  /** For the audit log: an email or a token's name. Never PHI. */
  label: string;
  /** The caller's address, for the audit log ("from where"). */
  ip: string | null;
}

export interface Scope {
  organizationId: string;
  actor: Actor;
  grants: readonly Grant[];
}

/** What an action needs. viewer: read; biller: claim work; admin: users, tokens, practices, reference data, audit. */
export type Permission = "read" | "work" | "admin";

const rank: Record<Role, number> = { viewer: 1, biller: 2, admin: 3 };
const needed: Record<Permission, number> = { read: 1, work: 2, admin: 3 };

function allows(role: Role, permission: Permission): boolean {
  return rank[role] >= needed[permission];
}

/**
 * The practices this scope may act on with this permission: "all" (an organization-wide
 * grant), or the list of practice ids (possibly empty).
 */
export function practicesAllowed(scope: Scope, permission: Permission): "all" | string[] {
  const ids = new Set<string>();
  for (const grant of scope.grants) {
    if (!allows(grant.role, permission)) continue;
    if (grant.practiceId === null) return "all";
    ids.add(grant.practiceId);
  }
  return [...ids];
}

/** True when the scope may act on this practice with this permission. */
export function mayAct(scope: Scope, permission: Permission, practiceId: string): boolean {
  const allowed = practicesAllowed(scope, permission);
  return allowed === "all" || allowed.includes(practiceId);
}

/** True when some grant gives this permission somewhere (for organization-level actions). */
export function mayActAnywhere(scope: Scope, permission: Permission): boolean {
  const allowed = practicesAllowed(scope, permission);
  return allowed === "all" || allowed.length > 0;
}

/**
 * Refuses an action the role does not allow: 403. A practice the scope cannot even read is
 * answered as not found (404), so ids guessed across tenants learn nothing.
 */
export function requirePermission(scope: Scope, permission: Permission, practiceId?: string): void {
  if (practiceId !== undefined) {
    if (!mayAct(scope, "read", practiceId)) throw notFound("practice", practiceId);
    if (!mayAct(scope, permission, practiceId)) throw forbidden(permission);
    return;
  }
  if (!mayActAnywhere(scope, permission)) throw forbidden(permission);
}

/** Organization-wide admin (users, tokens, reference data, the audit log). */
export function requireOrganizationAdmin(scope: Scope): void {
  if (!scope.grants.some((g) => g.role === "admin" && g.practiceId === null)) throw forbidden("admin");
}

export function forbidden(permission: Permission): Problem {
  const what = { read: "read", work: "do claim work", admin: "administer" }[permission];
  return new Problem([
    {
      code: "forbidden",
      message: `your role does not allow you to ${what} here (needs ${permission === "read" ? "viewer" : permission === "work" ? "biller" : "admin"})`,
      data: { permission },
    },
  ]);
}

export function notFound(entity: string, id: string): Problem {
  return new Problem([{ code: "not-found", message: `no ${entity} ${id}`, data: { entity, id } }]);
}
