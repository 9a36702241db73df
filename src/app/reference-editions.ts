import { Problem } from "../model/problem.js";
import { type StateScheduleStatus, stateScheduleWarnings } from "../payers/state-schedule-status.js";
import { removeEdition, StoreError } from "../reference/file-store.js";
import { bundledPackDir } from "../reference/home.js";
import { userStoreDir } from "../reference/open.js";
import { type ReferenceStatus, referenceStatus } from "../reference/status.js";
import type { Edition } from "../reference/types.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { requireOrganizationAdmin, type Scope } from "./scope.js";

/**
 * The reference data through the service: what `cleanclaim data status` shows (any signed-in
 * user; reference data holds no PHI and is the same for every practice), and `cleanclaim data
 * remove` (organization admins), which reloads the shared reference so the next request uses
 * the edition underneath.
 */
export function referenceStatusOf(
  ctx: AppContext,
  asOf: string = ctx.today(),
): ReferenceStatus & { stateSchedules: StateScheduleStatus[] } {
  const { editions, policy, warnings } = referenceStatus(ctx.reference, asOf);
  const stateSchedules = [...(ctx.stateSchedules ?? [])];
  // The same keys, and warnings in the same order, as `cleanclaim data status --format json`.
  return {
    editions,
    policy,
    stateSchedules,
    warnings: [...warnings, ...stateScheduleWarnings(stateSchedules)],
  };
}

/** What a removal did, as `cleanclaim data remove --format json` prints it, and whether the reference moved. */
export interface EditionRemoval {
  removed: Edition;
  restored: Edition[];
  /** The edition a lookup on the removed edition's first date uses now; null when none is left. */
  nowInForce: Edition | null;
  reloaded: boolean;
}

/**
 * Removes an imported edition from the store of this process's data directory (the editions it
 * had replaced come back), then reloads the shared reference. A pack edition is refused
 * (409), an unknown id is 404; the StoreError's message says why.
 */
export const removeReferenceEdition = audited(
  {
    action: "delete",
    entity: "reference",
    describe: ([id], removal) => ({
      entityId: id,
      ...(removal
        ? { detail: { table: removal.removed.table, restored: removal.restored.map((e) => e.id) } }
        : {}),
    }),
  },
  async (ctx: AppContext, scope: Scope, id: string): Promise<EditionRemoval> => {
    requireOrganizationAdmin(scope);
    if (!ctx.home) {
      throw new Problem([{ code: "internal", message: "this context has no data directory" }]);
    }
    let removal: ReturnType<typeof removeEdition>;
    try {
      removal = removeEdition(userStoreDir(ctx.home), id, bundledPackDir());
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      throw new Problem([
        {
          code: error.reason === "pack-edition" ? "conflict" : "not-found",
          message: error.message,
          path: "id",
          data: { edition: id },
        },
      ]);
    }
    const reloaded = ctx.reference.reload();
    const now = ctx.reference.select(removal.removed.table, removal.removed.effectiveFrom);
    return { ...removal, nowInForce: now?.edition ?? null, reloaded };
  },
);
