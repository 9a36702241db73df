import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { practicesAllowed, type Scope } from "../../app/scope.js";
import { Problem } from "../../model/problem.js";

/** Validates a body or query with zod; a mismatch is one invalid-input problem per issue, with its path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, base: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Problem(
    parsed.error.issues.map((i) => ({
      code: "invalid-input" as const,
      message: i.message,
      path: [base, ...i.path.map(String)].join("."),
    })),
  );
}

/** The practice a request acts on: ?practiceId=, else the one practice the scope may work in. */
export function practiceOfRequest(request: FastifyRequest, scope: Scope, given: string | undefined): string {
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.practiceId;
  const id = given ?? (typeof fromQuery === "string" ? fromQuery : undefined);
  if (id) return id;
  const allowed = practicesAllowed(scope, "work");
  if (allowed !== "all" && allowed.length === 1) return allowed[0]!;
  throw new Problem([
    {
      code: "invalid-input",
      message: "say which practice: ?practiceId= (your credential works in more than one practice)",
      path: "practiceId",
    },
  ]);
}

export const uuidParam = z.object({ id: z.string().min(1) });
