import { InputError } from "../model/validate.js";
import { appendAudit } from "../store/audit.js";
import {
  insertOrganization,
  insertPractice,
  listPracticeRows,
  type PayerProfileRow,
  payerProfiles,
  type RenderingProviderRow,
  renderingProviders,
  replacePayerProfiles,
  replaceRenderingProviders,
  updatePracticeRow,
} from "../store/practices.js";
import type { Row } from "../store/schema.js";
import { requirePractice } from "../store/tenancy.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import {
  type PracticeEnvelope,
  parseCreatePractice,
  parseUpdatePractice,
  type StoredSettings,
} from "./practice-settings.js";
import { requireOrganizationAdmin, type Scope } from "./scope.js";

/**
 * Organizations and practices (issue 9, tenancy): an organization (the billing company, or
 * a practice billing for itself) has practices; a practice's settings are what its visits
 * are filled and priced with (app/practice-context.ts). Changes are for admins.
 */

export interface PracticeView {
  id: string;
  organizationId: string;
  name: string;
  settings: StoredSettings & {
    renderingProviders: RenderingProviderRow[];
    payerProfiles: Array<{ profile: Record<string, unknown>; feeTable?: string; stateRvuTable?: string }>;
  };
  createdAt: string;
  updatedAt: string;
}

/**
 * Bootstrap (the identity helper's first `user add`): makes the organization before any
 * user, and so any scope, exists. Audited as a system action of the new organization.
 */
export async function createOrganization(ctx: AppContext, input: { name: string }): Promise<{ id: string }> {
  const name = input.name.trim();
  if (!name) throw invalid("$.name", "expected the organization's name");
  const id = await insertOrganization(ctx.store.db, name);
  const system: Scope = {
    organizationId: id,
    actor: { userId: null, tokenId: null, label: "system (bootstrap)", ip: null },
    grants: [],
  };
  await appendAudit(ctx.store.db, system, {
    action: "create",
    entity: "practice",
    entityId: id,
    outcome: "ok",
    detail: { what: "organization" },
  });
  return { id };
}

/** A new practice of the scope's organization: organization-wide admins only. Body: `{ name, settings }`. */
export const createPractice = audited(
  {
    action: "create",
    entity: "practice",
    describe: (_args: [unknown], result: PracticeView | undefined) => ({
      entityId: result?.id ?? null,
      practiceId: result?.id ?? null,
    }),
  },
  async (ctx: AppContext, scope: Scope, body: unknown): Promise<PracticeView> => {
    requireOrganizationAdmin(scope);
    const input = parseCreatePractice(body);
    const { renderingProviders: providers, payerProfiles: profiles, ...settings } = input.settings;
    const id = await ctx.store.db.transaction().execute(async (tx) => {
      const practiceId = await insertPractice(tx, scope, { name: input.name, settings: clean(settings) });
      await replaceRenderingProviders(tx, practiceId, providers);
      await replacePayerProfiles(tx, practiceId, profileRows(profiles));
      return practiceId;
    });
    return viewOf(ctx, await requirePractice(ctx.store.db, scope, "read", id));
  },
);

/** PATCH: each settings key given replaces that setting whole. Admin of the practice. */
export const updatePractice = audited(
  {
    action: "update",
    entity: "practice",
    describe: ([practiceId]: [string, unknown]) => ({ entityId: practiceId, practiceId }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string, body: unknown): Promise<PracticeView> => {
    const practice = await requirePractice(ctx.store.db, scope, "admin", practiceId);
    const input = parseUpdatePractice(body);
    const { renderingProviders: providers, payerProfiles: profiles, ...given } = input.settings ?? {};
    await ctx.store.db.transaction().execute(async (tx) => {
      const settings = { ...(practice.settings as Record<string, unknown>), ...clean(given) };
      await updatePracticeRow(tx, scope, practice.id, {
        ...(input.name ? { name: input.name } : {}),
        settings,
      });
      if (providers) await replaceRenderingProviders(tx, practice.id, providers);
      if (profiles) await replacePayerProfiles(tx, practice.id, profileRows(profiles));
    });
    return viewOf(ctx, await requirePractice(ctx.store.db, scope, "read", practice.id));
  },
);

export const getPractice = audited(
  {
    action: "read",
    entity: "practice",
    describe: ([practiceId]: [string]) => ({ entityId: practiceId, practiceId }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string): Promise<PracticeView> =>
    viewOf(ctx, await requirePractice(ctx.store.db, scope, "read", practiceId)),
);

export const listPractices = audited(
  {
    action: "search",
    entity: "practice",
    describe: (_args: [], result: PracticeView[] | undefined) => ({ detail: { count: result?.length ?? 0 } }),
  },
  async (ctx: AppContext, scope: Scope): Promise<PracticeView[]> => {
    const rows = await listPracticeRows(ctx.store.db, scope);
    return Promise.all(rows.map((r) => viewOf(ctx, r)));
  },
);

async function viewOf(ctx: AppContext, row: Row<"practices">): Promise<PracticeView> {
  const providers = await renderingProviders(ctx.store.db, row.id);
  const profiles = await payerProfiles(ctx.store.db, row.id);
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    settings: {
      ...(row.settings as unknown as StoredSettings),
      renderingProviders: providers,
      payerProfiles: profiles.map((p) => ({
        profile: p.profile,
        ...(p.feeTable === null ? {} : { feeTable: p.feeTable }),
        ...(p.stateRvuTable === null ? {} : { stateRvuTable: p.stateRvuTable }),
      })),
    },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function profileRows(
  profiles: ReadonlyArray<{
    profile: Record<string, unknown>;
    feeTable?: string | undefined;
    stateRvuTable?: string | undefined;
  }>,
): PayerProfileRow[] {
  return profiles.map((p, i) => ({
    name: typeof p.profile.id === "string" ? p.profile.id : `profile-${i + 1}`,
    profile: p.profile,
    feeTable: p.feeTable ?? null,
    stateRvuTable: p.stateRvuTable ?? null,
  }));
}

/** Settings without undefined keys (jsonb keeps what is given). */
function clean(settings: {
  serviceFacilities?: StoredSettings["serviceFacilities"] | undefined;
  billingProvider?: StoredSettings["billingProvider"] | undefined;
  locality?: string | undefined;
  envelope?: PracticeEnvelope | undefined;
  charges?: Record<string, string> | undefined;
}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}

function invalid(path: string, message: string): InputError {
  return new InputError([{ path, message }]);
}
