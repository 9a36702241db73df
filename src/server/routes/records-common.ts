import type { z } from "zod";
import type { AppContext } from "../../app/context.js";
import type { Permission, Scope } from "../../app/scope.js";
import { Problem } from "../../model/problem.js";
import { parseInput } from "../../model/validate.js";
import { practiceIdsFor } from "../../store/tenancy.js";

/** A request part through a zod schema: problems name their path under `base` ($ for the body, query, params). */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, base: string): z.output<S> {
  return parseInput(schema, value ?? {}, { base }).value;
}

/**
 * Which practice a write is for: `?practiceId=`, else the only practice the credential can
 * do claim work in. With several and none named, the caller must say (invalid-input).
 */
export async function practiceForWork(
  ctx: AppContext,
  scope: Scope,
  given: string | undefined,
  permission: Permission = "work",
): Promise<string> {
  if (given) return given;
  const ids = await practiceIdsFor(ctx.store.db, scope, permission);
  if (ids.length === 1) return ids[0]!;
  throw new Problem([
    {
      code: ids.length === 0 ? "forbidden" : "invalid-input",
      path: "query.practiceId",
      message:
        ids.length === 0
          ? `your role does not allow you to ${permission === "read" ? "read" : "do claim work"} in any practice`
          : `your credential works in ${ids.length} practices: name one with ?practiceId=`,
    },
  ]);
}
