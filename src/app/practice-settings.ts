import { z } from "zod";
import { type ChargeSchedule, parseChargeSchedule } from "../coding/charges.js";
import {
  billingProviderSchema,
  credentials,
  moneyText,
  renderingProviderSchema,
  type ServiceFacility,
  serviceFacilitySchema,
} from "../model/common.js";
import { Problem } from "../model/problem.js";
import { InputError, type InputIssue, parseInput } from "../model/validate.js";
import { type NamedProfile, parsePayerProfile, payerProfileSet } from "../payers/load.js";
import { usesFeeTable, usesStateRvuTable } from "../payers/profile.js";
import type { LoadedPayerProfile } from "../pipeline/pipeline.js";
import { parseFeeTable } from "../pricing/fee-table.js";
import { parseStateRvuTable } from "../pricing/state-rvu-table.js";
import { isValidNpi } from "../x12/npi.js";
import { checkEnvelope, type Envelope837 } from "../x12/write837.js";

/**
 * A practice's settings (issue 9, entities: "practices, with their billing providers,
 * rendering providers, locality, fee schedule and payer profiles"), validated at the
 * boundary with the core's own checks: the NPI check digit (x12/npi), the 837 envelope
 * (write837's checkEnvelope), the charge schedule (parseChargeSchedule), payer profiles and
 * fee tables (parsePayerProfile, payerProfileSet, parseFeeTable). Every problem is an
 * invalid-input issue with the JSON path into the request body.
 */

const npi = z.string().refine(isValidNpi, { message: "expected a 10-digit NPI with a valid check digit" });
const taxId = z
  .string()
  .regex(/^(\d{9}|\d{2}-\d{7})$/, { message: "expected a 9-digit tax id (EIN), such as 591234567" });
const locality = z.string().regex(/^\d{5}-\d{2}$/, { message: "expected a MAC-locality such as 09102-04" });

export const practiceBillingProviderSchema = billingProviderSchema.extend({
  npi,
  taxId,
  name: z.string().min(1, { message: "expected the billing provider's name (2010AA NM103)" }),
  zip: z.string().regex(/^\d{5}(\d{4})?$/, { message: "expected a 5- or 9-digit ZIP code" }),
});

export const practiceRenderingProviderSchema = renderingProviderSchema.extend({
  npi,
  credential: z.enum(credentials),
});
export type PracticeRenderingProvider = z.infer<typeof practiceRenderingProviderSchema>;

/** Write837's Envelope837 less what each submission sets (control numbers, date, time). */
const envelopeSchema = z.object({
  submitter: z.object({
    name: z.string(),
    id: z.string(),
    contactName: z.string(),
    phone: z.string().optional(),
    email: z.string().optional(),
  }),
  receiver: z.object({ name: z.string(), id: z.string() }),
  senderId: z.string(),
  receiverId: z.string(),
  senderQualifier: z.string().optional(),
  receiverQualifier: z.string().optional(),
  usageIndicator: z.enum(["T", "P"]).default("P"),
  applicationSenderCode: z.string().optional(),
  applicationReceiverCode: z.string().optional(),
  acknowledgmentRequested: z.boolean().optional(),
});
export type PracticeEnvelope = z.infer<typeof envelopeSchema>;

const payerProfileEntry = z.object({
  /** A payer profile as docs/payer-profiles.md describes it (the JSON form). */
  profile: z.record(z.string(), z.unknown()),
  /** The fee table's csv text (code,modifier,amount), for pricing basis "fee-table". */
  feeTable: z.string().optional(),
  /** A state's RVU table as csv text (docs/state-fee-schedules.md), for a state schedule with method "state-rvu". */
  stateRvuTable: z.string().optional(),
});

const settingsFields = {
  billingProvider: practiceBillingProviderSchema,
  locality: locality.optional(),
  renderingProviders: z.array(practiceRenderingProviderSchema),
  envelope: envelopeSchema.optional(),
  charges: z.record(z.string(), moneyText),
  payerProfiles: z.array(payerProfileEntry),
  /**
   * The practice's other places of service (837P 2310C): a visit that names one of them as
   * its serviceFacility gets the rest of its fields, and is priced at its locality.
   */
  serviceFacilities: z.array(serviceFacilitySchema),
};

export const createPracticeSchema = z.object({
  name: z.string().min(1),
  settings: z.object({
    ...settingsFields,
    renderingProviders: settingsFields.renderingProviders.default([]),
    charges: settingsFields.charges.optional(),
    payerProfiles: settingsFields.payerProfiles.default([]),
    serviceFacilities: settingsFields.serviceFacilities.optional(),
  }),
});
export type CreatePracticeInput = z.input<typeof createPracticeSchema>;

/** PATCH: each settings key given replaces that setting whole (lists too). */
export const updatePracticeSchema = z.object({
  name: z.string().min(1).optional(),
  settings: z.object(settingsFields).partial().optional(),
});
export type UpdatePracticeInput = z.input<typeof updatePracticeSchema>;

/** What practices.settings holds (rendering providers and payer profiles have their own tables). */
export interface StoredSettings {
  billingProvider: z.infer<typeof practiceBillingProviderSchema>;
  locality?: string;
  envelope?: PracticeEnvelope;
  charges?: Record<string, string>;
  serviceFacilities?: ServiceFacility[];
}

/** A payer profile row as stored: the document as given and its fee table's text. */
export interface StoredPayerProfile {
  name: string;
  profile: Record<string, unknown>;
  feeTable: string | null;
  stateRvuTable?: string | null;
}

/** Validates a create request; throws InputError (invalid-input) naming every path. */
export function parseCreatePractice(body: unknown): z.infer<typeof createPracticeSchema> {
  const value = parseStrict(createPracticeSchema, body);
  checkSettings(value.settings);
  return value;
}

export function parseUpdatePractice(body: unknown): z.infer<typeof updatePracticeSchema> {
  const value = parseStrict(updatePracticeSchema, body);
  if (value.settings) checkSettings(value.settings);
  return value;
}

/** Unknown fields in settings are refused, not dropped: a misspelt setting would silently fall back. */
function parseStrict<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = parseInput(schema, body);
  if (parsed.unknownFields.length > 0)
    throw new InputError(
      parsed.unknownFields.map((path) => ({ path, message: "not a practice setting (check its spelling)" })),
    );
  return parsed.value;
}

function checkSettings(settings: {
  serviceFacilities?: ServiceFacility[] | undefined;
  envelope?: PracticeEnvelope | undefined;
  charges?: Record<string, string> | undefined;
  payerProfiles?: Array<z.infer<typeof payerProfileEntry>> | undefined;
}): void {
  const issues: InputIssue[] = [];
  // A visit names its facility by name, so two of one name would be ambiguous.
  const seen = new Set<string>();
  (settings.serviceFacilities ?? []).forEach((f, i) => {
    const key = f.name.trim().toUpperCase();
    if (seen.has(key))
      issues.push({
        path: `$.settings.serviceFacilities[${i}].name`,
        message: `"${f.name}" is listed twice`,
      });
    seen.add(key);
  });
  if (settings.envelope) issues.push(...envelopeIssues(settings.envelope));
  if (settings.charges) issues.push(...collect(() => chargeScheduleOf(settings.charges ?? {})));
  if (settings.payerProfiles)
    issues.push(
      ...collect(() =>
        loadPracticeProfiles(
          settings.payerProfiles!.map((p, i) => ({
            name: String(p.profile.id ?? i),
            profile: p.profile,
            feeTable: p.feeTable ?? null,
            stateRvuTable: p.stateRvuTable ?? null,
          })),
        ),
      ),
    );
  if (issues.length > 0) throw new InputError(issues);
}

function collect(run: () => unknown): InputIssue[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

/** The envelope through write837's own check, with this submission's numbers stood in. */
function envelopeIssues(envelope: PracticeEnvelope): InputIssue[] {
  const full = { ...envelope, controlNumber: 1, date: "2026-01-01", time: "0000" } as Envelope837;
  return collect(() => checkEnvelope(full)).map((i) => ({
    ...i,
    path: i.path.replace(/^\$/, "$.settings.envelope"),
  }));
}

/** The practice fee schedule as the pipeline takes it (the CLI's --charges), through parseChargeSchedule. */
export function chargeScheduleOf(charges: Record<string, string>): ChargeSchedule {
  const codes = Object.keys(charges);
  const csv = codes.map((code) => `${code},${charges[code]}`).join("\n");
  try {
    return parseChargeSchedule(csv, "practice charges");
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((i) => {
        const line = /^line (\d+)$/.exec(i.path)?.[1];
        const code = line ? codes[Number(line) - 1] : undefined;
        return { ...i, path: code ? `$.settings.charges["${code}"]` : "$.settings.charges" };
      }),
    );
  }
}

/**
 * A practice's payer profiles, parsed and checked as one set (overlaps refused), each with
 * its fee table read from the stored text: what PipelineOptions.profiles takes.
 */
export function loadPracticeProfiles(stored: readonly StoredPayerProfile[]): LoadedPayerProfile[] {
  const issues: InputIssue[] = [];
  const named: NamedProfile[] = [];
  const loaded: LoadedPayerProfile[] = [];
  stored.forEach((entry, i) => {
    const base = `$.settings.payerProfiles[${i}]`;
    try {
      const profile = parsePayerProfile(
        JSON.stringify(entry.profile),
        `${base}.profile`,
        "practice settings",
      );
      named.push({ profile, source: `${base}.profile` });
      const rvuText = entry.stateRvuTable ?? null;
      if (rvuText !== null && !usesStateRvuTable(profile))
        issues.push({
          path: `${base}.stateRvuTable`,
          message:
            'a state RVU table is read only by a state schedule with method "state-rvu"; remove it, or fix the profile',
        });
      // Without its table a state-rvu schedule still loads: pricing names the file to import.
      if (usesStateRvuTable(profile)) {
        loaded.push(
          rvuText === null
            ? profile
            : { ...profile, stateRvuTableData: parseStateRvuTable(rvuText, `${base}.stateRvuTable`) },
        );
        return;
      }
      if (!usesFeeTable(profile)) {
        loaded.push(profile);
        return;
      }
      // A state schedule without its file still loads: pricing names the file to import.
      if (entry.feeTable === null && profile.pricing.basis === "state-schedule") {
        loaded.push(profile);
        return;
      }
      if (entry.feeTable === null) {
        issues.push({
          path: `${base}.feeTable`,
          message: 'pricing basis "fee-table" needs the fee table csv text (code,modifier,amount)',
        });
        return;
      }
      loaded.push({ ...profile, feeTableData: parseFeeTable(entry.feeTable, `${base}.feeTable`) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const issue of error.issues)
        issues.push({
          ...issue,
          path: issue.path.startsWith("$")
            ? issue.path.replace(/^\$/, `${base}.profile`)
            : `${base}.${tableOf(error.source)} ${issue.path}`,
        });
    }
  });
  if (issues.length === 0) issues.push(...collect(() => payerProfileSet(named, "$.settings.payerProfiles")));
  if (issues.length > 0) throw new InputError(issues);
  return loaded;
}

/** Which text of a payer profile entry a csv problem is in. */
function tableOf(source: string | undefined): "feeTable" | "stateRvuTable" | "profile" {
  if (source?.endsWith("stateRvuTable")) return "stateRvuTable";
  return source?.endsWith("feeTable") ? "feeTable" : "profile";
}

/** The stored settings read back, or an internal problem when the row was written around this module. */
export function storedSettingsOf(raw: Record<string, unknown>, practiceId: string): StoredSettings {
  const parsed = practiceBillingProviderSchema.safeParse(raw.billingProvider);
  if (!parsed.success)
    throw new Problem([
      { code: "internal", message: `practice ${practiceId} has no valid billing provider in its settings` },
    ]);
  return raw as unknown as StoredSettings;
}
