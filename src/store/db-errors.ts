/**
 * PostgreSQL error codes as both drivers report them (pg and PGlite carry `code` and
 * `constraint` alike), so a use case can tell "already there" from a defect.
 */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  if (e?.code !== "23505") return undefined;
  return typeof e.constraint === "string" ? e.constraint : "unique";
}
