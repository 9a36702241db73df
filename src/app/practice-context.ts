import type { Kysely } from "kysely";
import type { PipelineOptions } from "../pipeline/pipeline.js";
import { payerProfiles, type RenderingProviderRow, renderingProviders } from "../store/practices.js";
import type { Database, Row } from "../store/schema.js";
import { requirePractice } from "../store/tenancy.js";
import type { AppContext } from "./context.js";
import {
  chargeScheduleOf,
  loadPracticeProfiles,
  type StoredSettings,
  storedSettingsOf,
} from "./practice-settings.js";
import type { Permission, Scope } from "./scope.js";

/**
 * A practice as the pipeline needs it: its settings, rendering providers, payer profiles
 * (with fee tables read) and fee schedule, loaded once per use case after the tenancy check.
 */
export interface PracticeContext {
  practice: Row<"practices">;
  settings: StoredSettings;
  renderingProviders: RenderingProviderRow[];
  options: PipelineOptions;
}

export async function loadPracticeContext(
  ctx: AppContext,
  db: Kysely<Database>,
  scope: Scope,
  permission: Permission,
  practiceId: string,
): Promise<PracticeContext> {
  const practice = await requirePractice(db, scope, permission, practiceId);
  const settings = storedSettingsOf(practice.settings, practice.id);
  const stored = await payerProfiles(db, practice.id);
  // The practice's own profiles first: at an equal match they win over the service-wide ones.
  const profiles = [...loadPracticeProfiles(stored), ...(ctx.profiles ?? [])];
  const options: PipelineOptions = {
    reference: ctx.reference,
    asOf: ctx.today(),
    ...(profiles.length > 0 ? { profiles } : {}),
    ...(settings.charges ? { chargeSchedule: chargeScheduleOf(settings.charges) } : {}),
  };
  return { practice, settings, renderingProviders: await renderingProviders(db, practice.id), options };
}

/**
 * The visit document with what the practice knows filled in where the visit is silent:
 * the billing provider (and its locality), the rendering provider (the practice's only
 * one, or the one whose NPI the visit gives, for its credential and participation), and a
 * service facility the visit names by one of the practice's places (settings.serviceFacilities).
 * Given fields always win: the EMR knows the visit.
 */
export function fillFromPractice(raw: Record<string, unknown>, pc: PracticeContext): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const bp = pc.settings.billingProvider;
  const locality = bp.locality ?? pc.settings.locality;
  const givenBp = out.billingProvider as Record<string, unknown> | undefined;
  if (givenBp === undefined) out.billingProvider = { ...bp, ...(locality ? { locality } : {}) };
  else if (givenBp.locality === undefined && givenBp.npi === bp.npi && locality)
    out.billingProvider = { ...givenBp, locality };
  const given = out.renderingProvider as Record<string, unknown> | undefined;
  const providers = pc.renderingProviders;
  const known =
    given === undefined
      ? providers.length === 1
        ? providers[0]
        : undefined
      : providers.find((p) => p.npi === given.npi);
  if (known) out.renderingProvider = { ...known, ...(given ?? {}) };
  // A service facility named as one of the practice's places gets its address and NPI.
  const facility = out.serviceFacility as Record<string, unknown> | undefined;
  const name = typeof facility?.name === "string" ? facility.name.trim().toUpperCase() : undefined;
  const place = name
    ? pc.settings.serviceFacilities?.find((f) => f.name.trim().toUpperCase() === name)
    : undefined;
  if (place) out.serviceFacility = { ...place, ...facility };
  return out;
}
