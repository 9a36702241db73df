import { z } from "zod";
import { roles } from "../../app/scope.js";

/** Shapes shared by the identity routes (OpenAPI at /docs shows them). */
export const role = z.enum(roles as unknown as ["admin", "biller", "viewer"]);

export const grant = z.strictObject({
  role,
  practiceId: z.string().min(1).max(64).nullable().default(null).describe("null: across the organization"),
});

export const grantOut = z.object({ role, practiceId: z.string().nullable() });

export const user = z.object({
  id: z.string(),
  email: z.string(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(grantOut),
});

export const token = z.object({
  id: z.string(),
  name: z.string(),
  role,
  practiceId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const practiceAccess = z.object({ id: z.string(), name: z.string(), role });

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });
