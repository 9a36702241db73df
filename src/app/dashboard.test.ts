import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealPatient } from "../store/patients.js";
import { insertRemittance } from "../store/remits.js";
import { backends } from "../store/test-support.js";
import { listClaims } from "./claims.js";
import type { AppContext } from "./context.js";
import { expiringPlansOfCare, therapySpendingList } from "./dashboard.js";
import type { Scope } from "./scope.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/**
 * The dashboard's lists (src/app/dashboard.ts) on both back-ends. Claims are written
 * straight into the store with estimates whose allowed amounts are chosen by hand, so each
 * patient's total is known without the pricing engine: 90% of the 2026 KX threshold of
 * 2480.00 is 2232.00, and the targeted review threshold is 3000.00.
 */

interface Line {
  modifiers: string[];
  allowed: string;
}

async function patient(ctx: AppContext, practiceId: string, id: string, firstName: string): Promise<string> {
  const patientId = randomUUID();
  await ctx.store.db
    .insertInto("patients")
    .values({
      id: patientId,
      practice_id: practiceId,
      ...sealPatient(ctx.cipher, { id, firstName, lastName: "Test" }),
    })
    .execute();
  return patientId;
}

async function claim(
  ctx: AppContext,
  practiceId: string,
  patientId: string,
  dateOfService: string,
  lines: Line[],
  options: { payerType?: string; frequency?: "1" | "8"; paidCents?: number } = {},
): Promise<string> {
  const claimId = randomUUID();
  await ctx.store.db
    .insertInto("claims")
    .values({
      id: claimId,
      practice_id: practiceId,
      patient_id: patientId,
      control_number: `C-${claimId.slice(0, 8)}`,
      status: "submitted",
      payer_id: "MEDICARE-FL",
      payer_type: options.payerType ?? "medicare",
      date_of_service: dateOfService,
      through_date: dateOfService,
      charge_cents: 10_000,
      paid_cents: options.paidCents ?? 0,
    })
    .execute();
  await ctx.store.db
    .insertInto("claim_versions")
    .values({
      id: randomUUID(),
      claim_id: claimId,
      practice_id: practiceId,
      version: 1,
      frequency: options.frequency ?? "1",
      document: JSON.stringify({
        lines: lines.map((l) => ({ code: "97110", modifiers: l.modifiers, units: 1, dateOfService })),
      }),
      findings: "[]",
      estimate: JSON.stringify({ lines: lines.map((l, i) => ({ line: i + 1, allowed: l.allowed })) }),
    })
    .execute();
  return claimId;
}

describe.each(backends)("dashboard lists (%s)", (backend) => {
  let app: TestApp;
  let ctx: AppContext;
  let practiceId: string;
  let otherPracticeId: string;
  let organizationId: string;
  let biller: Scope;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await testApp(backend, { today: "2026-03-02" });
    ctx = app.ctx;
    const org = await orgWithPractice(ctx);
    practiceId = org.practiceId;
    organizationId = org.organizationId;
    biller = scopeOf(organizationId, "biller", practiceId);
    otherPracticeId = (await orgWithPractice(ctx, "Elsewhere Billing")).practiceId;
  }, 60_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it("lists the patients at 90% of the KX threshold or past the review threshold, largest first", async () => {
    // A: PT 1200.00 + 1032.00 = 2232.00, exactly 90% of 2480.00 → listed, not past KX.
    ids.A = await patient(ctx, practiceId, "P-A", "Alma");
    await claim(ctx, practiceId, ids.A, "2026-01-10", [{ modifiers: ["GP"], allowed: "1200.00" }]);
    await claim(ctx, practiceId, ids.A, "2026-02-10", [{ modifiers: ["GP"], allowed: "1032.00" }]);
    // B: PT 2231.99 → 89%, not listed; its 2025 claim and its commercial claim count nothing.
    ids.B = await patient(ctx, practiceId, "P-B", "Bea");
    await claim(ctx, practiceId, ids.B, "2026-01-11", [{ modifiers: ["GP"], allowed: "2231.99" }]);
    await claim(ctx, practiceId, ids.B, "2025-12-31", [{ modifiers: ["GP"], allowed: "900.00" }]);
    await claim(ctx, practiceId, ids.B, "2026-02-11", [{ modifiers: ["GP"], allowed: "900.00" }], {
      payerType: "commercial",
    });
    // C: OT 3000.01 (past KX and review) and SLP 100.00 (PT+SLP group).
    ids.C = await patient(ctx, practiceId, "P-C", "Cruz");
    await claim(ctx, practiceId, ids.C, "2026-02-01", [
      { modifiers: ["GO"], allowed: "3000.01" },
      { modifiers: ["GN"], allowed: "100.00" },
    ]);
    // D: PT 1500.00 + SLP 1000.00 = 2500.00 (past KX, 100%), and a voided claim of 900.00 that counts nothing.
    ids.D = await patient(ctx, practiceId, "P-D", "Dov");
    await claim(ctx, practiceId, ids.D, "2026-02-02", [
      { modifiers: ["GP"], allowed: "1500.00" },
      { modifiers: ["GN"], allowed: "1000.00" },
    ]);
    await claim(ctx, practiceId, ids.D, "2026-02-03", [{ modifiers: ["GP"], allowed: "900.00" }], {
      frequency: "8",
    });
    // Another organization's patient past everything: never in this organization's list.
    const stranger = await patient(ctx, otherPracticeId, "P-X", "Xena");
    await claim(ctx, otherPracticeId, stranger, "2026-02-01", [{ modifiers: ["GP"], allowed: "5000.00" }]);

    const list = await therapySpendingList(ctx, biller, { year: 2026 });
    expect(list.kxThreshold).toMatchObject({ amount: "2480.00" });
    expect(list.reviewThreshold).toMatchObject({ amount: "3000.00" });
    expect(list.patientsWithSpending).toBe(4);
    expect(
      list.items.map((i) => [
        i.patient.id,
        i.ptSlp,
        i.ot,
        i.ptSlpPercent,
        i.otPercent,
        i.pastKx,
        i.pastReview,
      ]),
    ).toEqual([
      ["P-C", "100.00", "3000.01", 4, 120, { ptSlp: false, ot: true }, { ptSlp: false, ot: true }],
      ["P-D", "2500.00", "0.00", 100, 0, { ptSlp: true, ot: false }, { ptSlp: false, ot: false }],
      ["P-A", "2232.00", "0.00", 90, 0, { ptSlp: false, ot: false }, { ptSlp: false, ot: false }],
    ]);
    expect(list.items[0]!.patient).toEqual({ id: "P-C", firstName: "Cruz", lastName: "Test" });

    // A higher bar lists fewer; the other practice's admin sees only its own patient.
    const strict = await therapySpendingList(ctx, biller, { year: "2026", atLeastPercent: "100" } as never);
    expect(strict.items.map((i) => i.patient.id)).toEqual(["P-C", "P-D"]);
    const other = await therapySpendingList(
      ctx,
      scopeOf(
        (
          await ctx.store.db
            .selectFrom("practices")
            .select("organization_id")
            .where("id", "=", otherPracticeId)
            .executeTakeFirstOrThrow()
        ).organization_id,
        "admin",
      ),
      { year: 2026 },
    );
    expect(other.items.map((i) => i.patient.id)).toEqual(["P-X"]);
    // A year without figures: no threshold, so nobody is near it.
    const far = await therapySpendingList(ctx, biller, { year: 2031 });
    expect([far.kxThreshold, far.reviewThreshold, far.items]).toEqual([null, null, []]);
    await expect(therapySpendingList(ctx, biller, { year: "twenty" } as never)).rejects.toMatchObject({
      code: "invalid-input",
      issues: [{ path: "query.year" }],
    });
    await expect(
      therapySpendingList(ctx, biller, { year: 2026, practiceId: otherPracticeId }),
    ).rejects.toMatchObject({ code: "not-found" });
  });

  it("lists plans of care that end within 14 days, unless a later plan of the discipline is documented", async () => {
    const visit = (
      id: string,
      memberId: string,
      dos: string,
      from: string,
      through: string,
      discipline = "PT",
    ) => {
      const v = seedVisit();
      v.id = id;
      v.dateOfService = dos;
      (v.patient as Record<string, unknown>).memberId = memberId;
      (v.patient as Record<string, unknown>).id = memberId;
      v.planOfCare = { discipline, certifiedFrom: from, certifiedThrough: through };
      return v;
    };
    // Today is 2026-03-02, so the window is 2026-03-02 .. 2026-03-16.
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-1", "1EG4TE5MK01", "2026-02-20", "2026-01-05", "2026-03-16"),
    ); // listed, 14 days left
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-2", "1EG4TE5MK01", "2026-02-27", "2026-01-05", "2026-03-16"),
    ); // same plan, later visit
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-3", "1EG4TE5MK02", "2026-02-20", "2026-01-05", "2026-03-17"),
    ); // 15 days: not listed
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-4", "1EG4TE5MK03", "2026-02-20", "2026-01-05", "2026-03-05"),
    ); // ends in 3 days...
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-5", "1EG4TE5MK03", "2026-03-01", "2026-03-06", "2026-06-03"),
    ); // ...but recertified
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-6", "1EG4TE5MK04", "2026-02-02", "2026-01-02", "2026-03-01"),
    ); // ended yesterday
    await storeVisit(
      ctx,
      biller,
      practiceId,
      visit("E-7", "1EG4TE5MK04", "2026-02-20", "2026-02-02", "2026-03-02", "OT"),
    ); // ends today

    const plans = await expiringPlansOfCare(ctx, biller, {});
    expect([plans.today, plans.through]).toEqual(["2026-03-02", "2026-03-16"]);
    expect(
      plans.items.map((p) => [
        p.patient.id,
        p.discipline,
        p.certifiedThrough,
        p.daysLeft,
        p.lastVisit.externalId,
      ]),
    ).toEqual([
      ["1EG4TE5MK04", "OT", "2026-03-02", 0, "E-7"],
      ["1EG4TE5MK01", "PT", "2026-03-16", 14, "E-2"],
    ]);
    expect(plans.items[1]!.patient).toMatchObject({ firstName: "Ana", lastName: "Diaz" });
    const wider = await expiringPlansOfCare(ctx, biller, { days: "15" } as never);
    expect(wider.items.map((p) => p.lastVisit.externalId)).toEqual(["E-7", "E-2", "E-3"]);
  });

  it("gives each listed claim its first payment date (BPR16), null while unpaid or reversed", async () => {
    const pid = await patient(ctx, practiceId, "P-PAY", "Paz");
    const paid = await claim(ctx, practiceId, pid, "2026-01-20", [{ modifiers: ["GP"], allowed: "10.00" }], {
      paidCents: 2_000,
    });
    const unpaid = await claim(ctx, practiceId, pid, "2026-01-21", [{ modifiers: ["GP"], allowed: "10.00" }]);
    const remit = async (paymentDate: string, claimId: string, paidCents: number, reversed = false) => {
      const remitId = randomUUID();
      await insertRemittance(ctx.store.db, {
        id: remitId,
        practice_id: practiceId,
        content_hash: randomUUID(),
        payer_name: null,
        payer_id: null,
        trace_number: null,
        payment_date: paymentDate,
        paid_cents: paidCents,
        plb: "[]",
        balanced: true,
        summary: "{}",
        content_enc: ctx.cipher.seal("remit.content", "x"),
        key_version: ctx.cipher.current,
        created_by: null,
      });
      await ctx.store.db
        .insertInto("remit_claims")
        .values({
          id: randomUUID(),
          remittance_id: remitId,
          practice_id: practiceId,
          claim_id: claimId,
          control_number: "x",
          status_code: "1",
          charge_cents: 10_000,
          paid_cents: paidCents,
          reversed,
          adjustments: "[]",
          lines: "[]",
        })
        .execute();
    };
    await remit("2026-02-25", paid, 500, true); // taken back by a reversal: not a payment
    await remit("2026-03-01", paid, 2_000);
    await remit("2026-03-09", paid, 300); // a later payment: the first one counts
    await remit("2026-03-01", unpaid, 0); // denied: paid nothing
    const page = await listClaims(ctx, biller, { patient: pid });
    const byId = new Map(page.items.map((c) => [c.id, c.paidDate]));
    expect([byId.get(paid), byId.get(unpaid)]).toEqual(["2026-03-01", null]);
  });
});
