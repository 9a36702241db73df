import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Patient } from "../model/common.js";
import { addDays, daysBetween } from "../model/dates.js";
import { type Cents, formatCents } from "../model/money.js";
import { parseInput } from "../model/validate.js";
import { claimsBetween } from "../store/history.js";
import { openPatient } from "../store/patients.js";
import type { PhiCipher } from "../store/phi-cipher.js";
import type { Database } from "../store/schema.js";
import { practiceIdsFor, requirePractice } from "../store/tenancy.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import type { Scope } from "./scope.js";
import { type SpendingCents, spendingOf } from "./therapy-spending.js";

/**
 * What the dashboard lists that the claim list cannot give (issue 10, page 5): the patients
 * near the year's therapy thresholds, and the plans of care about to expire. Both read the
 * practices the scope may read (one, or all of them), and name the patients they list, so
 * each read is audited with the count and never the names.
 */

/** The patient as a list names them: the practice's patient id and the name (opened PHI). */
export interface ListedPatient {
  id?: string;
  firstName?: string;
  lastName?: string;
}

async function practicesOf(ctx: AppContext, scope: Scope, practiceId: string | undefined): Promise<string[]> {
  return practiceId
    ? [(await requirePractice(ctx.store.db, scope, "read", practiceId)).id]
    : practiceIdsFor(ctx.store.db, scope, "read");
}

async function namesOf(
  db: Kysely<Database>,
  cipher: PhiCipher,
  patientIds: readonly string[],
  practiceIds: readonly string[],
): Promise<Map<string, ListedPatient>> {
  const out = new Map<string, ListedPatient>();
  for (let i = 0; i < patientIds.length; i += 1000) {
    const rows = await db
      .selectFrom("patients")
      .selectAll()
      .where("practice_id", "in", [...practiceIds])
      .where("id", "in", patientIds.slice(i, i + 1000))
      .execute();
    for (const row of rows) {
      const p: Patient = openPatient(cipher, row);
      out.set(row.id, {
        ...(p.id === undefined ? {} : { id: p.id }),
        ...(p.firstName === undefined ? {} : { firstName: p.firstName }),
        ...(p.lastName === undefined ? {} : { lastName: p.lastName }),
      });
    }
  }
  return out;
}

export const spendingListQuerySchema = z.object({
  practiceId: z.string().optional(),
  year: z.coerce.number().int().min(2000).max(2100),
  /** List a patient once either group reaches this share of the KX threshold. */
  atLeastPercent: z.coerce.number().int().min(0).max(1000).default(90),
});
export type SpendingListQuery = z.input<typeof spendingListQuerySchema>;

export interface PatientSpending {
  patientId: string;
  practiceId: string;
  patient: ListedPatient;
  /** Medicare allowed PT and SLP combined, and OT, this year (app/therapy-spending.ts). */
  ptSlp: string;
  ot: string;
  /** Each group's share of the KX threshold, in whole percent (rounded down); null without a threshold. */
  ptSlpPercent: number | null;
  otPercent: number | null;
  pastKx: { ptSlp: boolean; ot: boolean };
  pastReview: { ptSlp: boolean; ot: boolean };
}

export interface SpendingList {
  year: number;
  /** The year's figures from the policy table (docs/policy-figures.md); null when it has none for the year. */
  kxThreshold: { amount: string; verified: boolean; source: string } | null;
  reviewThreshold: { amount: string; verified: boolean; source: string } | null;
  atLeastPercent: number;
  /** Patients with Medicare therapy spending this year, of whom `items` are the ones listed. */
  patientsWithSpending: number;
  items: PatientSpending[];
}

/**
 * `GET /api/v1/therapy-spending?year=&practiceId=&atLeastPercent=90`: per patient with
 * Medicare therapy spending in the year, the PT+SLP and OT totals (SSA §1833(g): two
 * thresholds of one amount), listing those at or past `atLeastPercent` of the KX threshold
 * in either group, and those past the targeted medical review threshold ($3,000 through
 * 2027, SSA §1833(g)(7)(B)). Largest first.
 */
export const therapySpendingList = audited(
  {
    action: "search",
    entity: "patient",
    describe: ([query]: [SpendingListQuery], result: SpendingList | undefined) => ({
      practiceId: query.practiceId ?? null,
      detail: { what: "therapy spending", year: query.year, count: result?.items.length ?? 0 },
    }),
  },
  async (ctx: AppContext, scope: Scope, query: SpendingListQuery): Promise<SpendingList> => {
    const q = parseInput(spendingListQuerySchema, query, { base: "query" }).value;
    const practiceIds = await practicesOf(ctx, scope, q.practiceId);
    const yearEnd = `${q.year}-12-31`;
    const kx = ctx.reference.kxThreshold(yearEnd);
    const review = ctx.reference.targetedMedicalReviewThreshold(yearEnd);
    const claims = await claimsBetween(ctx.store.db, practiceIds, `${q.year}-01-01`, yearEnd, {
      payerType: "medicare",
    });
    const byPatient = new Map<string, typeof claims>();
    for (const c of claims) {
      const list = byPatient.get(c.patientId) ?? [];
      list.push(c);
      byPatient.set(c.patientId, list);
    }
    const percentOf = (cents: Cents) => (kx ? Math.floor((cents * 100) / kx.cents) : null);
    const listed: Array<{ patientId: string; practiceId: string; s: SpendingCents }> = [];
    let withSpending = 0;
    for (const [patientId, list] of byPatient) {
      const s = spendingOf(list);
      if (s.ptSlp === 0 && s.ot === 0) continue;
      withSpending++;
      const nearKx = kx !== undefined && Math.max(s.ptSlp, s.ot) * 100 >= kx.cents * q.atLeastPercent;
      const pastReview = review !== undefined && Math.max(s.ptSlp, s.ot) > review.cents;
      if (nearKx || pastReview) listed.push({ patientId, practiceId: list[0]!.practiceId, s });
    }
    listed.sort(
      (a, b) =>
        Math.max(b.s.ptSlp, b.s.ot) - Math.max(a.s.ptSlp, a.s.ot) || a.patientId.localeCompare(b.patientId),
    );
    const names = await namesOf(
      ctx.store.db,
      ctx.cipher,
      listed.map((l) => l.patientId),
      practiceIds,
    );
    const figure = (f: typeof kx) =>
      f ? { amount: formatCents(f.cents), verified: f.verified, source: f.source } : null;
    return {
      year: q.year,
      kxThreshold: figure(kx),
      reviewThreshold: figure(review),
      atLeastPercent: q.atLeastPercent,
      patientsWithSpending: withSpending,
      items: listed.map(({ patientId, practiceId, s }) => ({
        patientId,
        practiceId,
        patient: names.get(patientId) ?? {},
        ptSlp: formatCents(s.ptSlp),
        ot: formatCents(s.ot),
        ptSlpPercent: percentOf(s.ptSlp),
        otPercent: percentOf(s.ot),
        pastKx: { ptSlp: kx !== undefined && s.ptSlp > kx.cents, ot: kx !== undefined && s.ot > kx.cents },
        pastReview: {
          ptSlp: review !== undefined && s.ptSlp > review.cents,
          ot: review !== undefined && s.ot > review.cents,
        },
      })),
    };
  },
);

export const expiringPlansQuerySchema = z.object({
  practiceId: z.string().optional(),
  /** Plans whose certification ends from today through today + days. */
  days: z.coerce.number().int().min(0).max(366).default(14),
});
export type ExpiringPlansQuery = z.input<typeof expiringPlansQuerySchema>;

export interface ExpiringPlan {
  patientId: string;
  practiceId: string;
  patient: ListedPatient;
  discipline: string;
  certifiedFrom: string;
  certifiedThrough: string;
  /** Days from today to the last certified day (0 = it ends today). */
  daysLeft: number;
  /** The latest visit documented under this plan. */
  lastVisit: { visitId: string; externalId: string | null; dateOfService: string };
}

export interface ExpiringPlans {
  today: string;
  through: string;
  items: ExpiringPlan[];
}

/**
 * `GET /api/v1/plans-of-care/expiring?days=14&practiceId=`: each patient's plan of care per
 * discipline, as the stored visits document it (visit.planOfCare), whose certification
 * ends within the next `days` days, counting today. A later plan of the same discipline
 * (a recertification already documented) supersedes it, so that patient is not listed.
 */
export const expiringPlansOfCare = audited(
  {
    action: "search",
    entity: "visit",
    describe: ([query]: [ExpiringPlansQuery], result: ExpiringPlans | undefined) => ({
      practiceId: query.practiceId ?? null,
      detail: { what: "plans of care expiring", days: query.days ?? 14, count: result?.items.length ?? 0 },
    }),
  },
  async (ctx: AppContext, scope: Scope, query: ExpiringPlansQuery): Promise<ExpiringPlans> => {
    const q = parseInput(expiringPlansQuerySchema, query, { base: "query" }).value;
    const practiceIds = await practicesOf(ctx, scope, q.practiceId);
    const today = ctx.today();
    const through = addDays(today, q.days);
    if (practiceIds.length === 0) return { today, through, items: [] };
    const plan = (field: string) => sql<string>`document->'planOfCare'->>${field}`;
    const rows = await ctx.store.db
      .selectFrom("visits")
      .select([
        "id",
        "practice_id",
        "patient_id",
        "external_id",
        "date_of_service",
        plan("discipline").as("discipline"),
        plan("certifiedFrom").as("certified_from"),
        plan("certifiedThrough").as("certified_through"),
      ])
      .where("practice_id", "in", practiceIds)
      .where(plan("certifiedThrough"), ">=", today)
      .execute();
    // Per patient and discipline: the plan that ends last, and its latest visit.
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      if (!r.discipline || !r.certified_through) continue;
      const key = `${r.patient_id}:${r.discipline}`;
      const best = latest.get(key);
      if (
        !best ||
        r.certified_through > best.certified_through ||
        (r.certified_through === best.certified_through && r.date_of_service > best.date_of_service)
      )
        latest.set(key, r);
    }
    const expiring = [...latest.values()]
      .filter((r) => r.certified_through <= through)
      .sort(
        (a, b) =>
          a.certified_through.localeCompare(b.certified_through) || a.patient_id.localeCompare(b.patient_id),
      );
    const names = await namesOf(
      ctx.store.db,
      ctx.cipher,
      [...new Set(expiring.map((r) => r.patient_id))],
      practiceIds,
    );
    return {
      today,
      through,
      items: expiring.map((r) => ({
        patientId: r.patient_id,
        practiceId: r.practice_id,
        patient: names.get(r.patient_id) ?? {},
        discipline: r.discipline,
        certifiedFrom: r.certified_from,
        certifiedThrough: r.certified_through,
        daysLeft: daysBetween(today, r.certified_through),
        lastVisit: { visitId: r.id, externalId: r.external_id, dateOfService: r.date_of_service },
      })),
    };
  },
);
