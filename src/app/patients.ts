import type { Patient } from "../model/common.js";
import { Problem } from "../model/problem.js";
import { patientClaimsBetween } from "../store/history.js";
import { openPatient, type PatientSearch, patientRow, searchPatientRows } from "../store/patients.js";
import { requirePractice } from "../store/tenancy.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { notFound, type Scope } from "./scope.js";
import { spendingOf, spendingReport, type TherapySpending } from "./therapy-spending.js";

/**
 * Patients (issue 9): read with their PHI opened, searched by blind index only, and their
 * therapy spending for a year. Patients are made by storeVisit (findOrCreate on the
 * visit's patient), never typed in separately.
 */
export interface PatientView {
  id: string;
  practiceId: string;
  patient: Patient;
}

export const getPatient = audited(
  {
    action: "read",
    entity: "patient",
    describe: ([patientId]: [string], result: PatientView | undefined) => ({
      entityId: patientId,
      patientId: result?.id ?? null,
      practiceId: result?.practiceId ?? null,
    }),
  },
  async (ctx: AppContext, scope: Scope, patientId: string): Promise<PatientView> => {
    const row = await patientRow(ctx.store.db, scope, patientId);
    if (!row) throw notFound("patient", patientId);
    return { id: row.id, practiceId: row.practice_id, patient: openPatient(ctx.cipher, row) };
  },
);

/** By member id, full name, last name and/or birth date: every given field must match. */
export const searchPatients = audited(
  {
    action: "search",
    entity: "patient",
    // which fields were searched, never their values (PHI)
    describe: ([practiceId, q]: [string, PatientSearch], result: PatientView[] | undefined) => ({
      practiceId,
      detail: {
        fields: Object.keys(q).filter((k) => q[k as keyof PatientSearch]),
        count: result?.length ?? 0,
      },
    }),
  },
  async (ctx: AppContext, scope: Scope, practiceId: string, q: PatientSearch): Promise<PatientView[]> => {
    const practice = await requirePractice(ctx.store.db, scope, "read", practiceId);
    if (!q.memberId && !q.name && !q.lastName && !q.birthDate)
      throw new Problem([
        {
          code: "invalid-input",
          path: "$",
          message: "give memberId, name, lastName or birthDate to search by",
        },
      ]);
    const rows = await searchPatientRows(ctx.store.db, ctx.cipher, practice.id, q);
    return rows.map((r) => ({ id: r.id, practiceId: r.practice_id, patient: openPatient(ctx.cipher, r) }));
  },
);

/**
 * The patient's Medicare therapy spending for a calendar year from stored claims and
 * remits (app/therapy-spending.ts), PT/SLP and OT with their sum and the year's threshold.
 */
export const therapySpending = audited(
  {
    action: "read",
    entity: "patient",
    describe: ([patientId, year]: [string, number], result: TherapySpending | undefined) => ({
      entityId: patientId,
      patientId: result?.patientId ?? null,
      detail: { year, what: "therapy spending" },
    }),
  },
  async (ctx: AppContext, scope: Scope, patientId: string, year: number): Promise<TherapySpending> => {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new Problem([{ code: "invalid-input", path: "$.year", message: "expected a year such as 2026" }]);
    const row = await patientRow(ctx.store.db, scope, patientId);
    if (!row) throw notFound("patient", patientId);
    const claims = await patientClaimsBetween(
      ctx.store.db,
      row.practice_id,
      row.id,
      `${year}-01-01`,
      `${year}-12-31`,
    );
    const threshold = ctx.reference.kxThreshold(`${year}-12-31`);
    return spendingReport(row.id, year, spendingOf(claims), threshold?.cents);
  },
);
