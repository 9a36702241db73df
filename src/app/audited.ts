import { isProblem } from "../model/problem.js";
import {
  type AuditAction,
  type AuditEntity,
  type AuditEvent,
  type AuditOutcome,
  appendAudit,
} from "../store/audit.js";
import type { AppContext } from "./context.js";
import type { Scope } from "./scope.js";

/**
 * The audit decorator (design: "audit as a decorator of the repositories, not calls
 * sprinkled through routes"): wraps a use case so that each call writes one audit record
 * with its outcome, whether it succeeds, is refused or fails. A use case declared through
 * `audited` cannot forget to audit.
 */
export interface AuditSpec<Args extends unknown[], R> {
  action: AuditAction;
  entity: AuditEntity;
  /** Ids for the record, from the arguments and (on success) the result. No PHI. */
  describe?: (
    args: Args,
    result: R | undefined,
  ) => Pick<AuditEvent, "entityId" | "practiceId" | "patientId" | "detail">;
}

export function audited<Args extends unknown[], R>(
  spec: AuditSpec<Args, R>,
  useCase: (ctx: AppContext, scope: Scope, ...args: Args) => Promise<R>,
): (ctx: AppContext, scope: Scope, ...args: Args) => Promise<R> {
  return async (ctx, scope, ...args) => {
    let result: R | undefined;
    let outcome: AuditOutcome = "ok";
    try {
      result = await useCase(ctx, scope, ...args);
      return result;
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      let described: ReturnType<NonNullable<typeof spec.describe>> = {};
      try {
        described = spec.describe?.(args, result) ?? {};
      } catch {
        // describing must never hide the use case's own outcome
      }
      await appendAudit(ctx.store.db, scope, {
        action: spec.action,
        entity: spec.entity,
        outcome,
        ...described,
      });
    }
  };
}

/** The audit outcome of a use case's error (also for callers that record a refusal themselves). */
export function outcomeOf(error: unknown): AuditOutcome {
  if (!isProblem(error)) return "error";
  if (error.code === "forbidden" || error.code === "unauthenticated") return "denied";
  if (error.code === "not-found") return "not-found";
  if (error.code === "invalid-input" || error.code === "invalid-option") return "invalid";
  if (error.code === "conflict") return "conflict";
  return "error";
}
