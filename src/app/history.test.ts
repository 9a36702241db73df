import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePayerProfile } from "../payers/load.js";
import { backends } from "../store/test-support.js";
import { therapySpending } from "./patients.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/**
 * The seed visit's allowed amount by hand (contract §4, 2026 MPFS, Miami 09102-04):
 * RVUs (PPRRVU2026, non-facility) work / PE / MP: 97012 0.24/0.18/0.01, 97110 0.45/0.41/0.01,
 * 97140 0.43/0.39/0.01; GPCIs work 1.000, PE 1.041, MP 2.529; CF 33.4009. Therapy MPPR:
 * the one unit with the highest PE (97110, 0.41) in full, every other unit at 50% PE.
 */
function handAllowedCents(): bigint {
  // RVU x100, GPCI x1000, CF x10000; PE doubled terms carry the 50% as /2 (so ×2 everywhere, then /2).
  const unit = (w: number, pe: number, mp: number, halfPe: boolean) =>
    BigInt(2 * w * 1000 + (halfPe ? 1 : 2) * pe * 1041 + 2 * mp * 2529) * 334009n; // scale 2 x 1e9
  const toCents = (scaled: bigint) => (scaled + 10_000_000n) / 20_000_000n; // /2, /1e7, half-up
  const l1 = toCents(unit(24, 18, 1, true));
  const l2 = toCents(unit(45, 41, 1, false) + unit(45, 41, 1, true));
  const l3 = toCents(unit(43, 39, 1, true));
  return l1 + l2 + l3;
}

function visitFor(patient: string, id: string, date: string, extra: Record<string, unknown> = {}) {
  const v = seedVisit();
  v.id = id;
  v.dateOfService = date;
  v.patient = { ...(v.patient as object), id: patient, memberId: `MB${patient}` };
  delete v.therapyYearToDate;
  return { ...v, ...extra };
}

describe.each(backends)("history feeds the rules on %s", (backend) => {
  let app: TestApp;
  let org: Awaited<ReturnType<typeof orgWithPractice>>;
  beforeAll(async () => {
    app = await testApp(backend);
    org = await orgWithPractice(app.ctx);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it("the hand computation is the pricer's figure for the seed visit (87.11)", () => {
    expect(handAllowedCents()).toBe(8711n);
  });

  it("KX year-to-date: the second stored visit's therapyYearToDate is the first's allowed therapy amount", async () => {
    const biller = scopeOf(org.organizationId, "biller");
    const first = await storeVisit(app.ctx, biller, org.practiceId, visitFor("P-KX", "V-KX1", "2026-03-02"));
    expect(first.claim.therapyYearToDate).toBe("0.00");
    const second = await storeVisit(app.ctx, biller, org.practiceId, visitFor("P-KX", "V-KX2", "2026-03-09"));
    expect(second.patientId).toBe(first.patientId);
    expect(second.claim.therapyYearToDate).toBe("87.11");
    // OT counts apart: an OT plan of care starts from 0.00.
    const ot = visitFor("P-KX", "V-KX3", "2026-03-10", {
      planOfCare: { discipline: "OT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
      renderingProvider: { npi: "1972638468", credential: "OT", participating: true },
    });
    const third = await storeVisit(app.ctx, biller, org.practiceId, ot);
    expect(third.claim.therapyYearToDate).toBe("0.00");
    // A value the visit gives is kept.
    const given = await storeVisit(
      app.ctx,
      biller,
      org.practiceId,
      visitFor("P-KX", "V-KX4", "2026-03-11", { therapyYearToDate: "10.00" }),
    );
    expect(given.claim.therapyYearToDate).toBe("10.00");

    const spending = await therapySpending(app.ctx, biller, first.patientId, 2026);
    // PT/SLP: V-KX1, V-KX2 and V-KX4 at 87.11 each; OT: V-KX3's lines carry GO.
    const otAllowed = third.estimate!.lines.reduce((s, l) => s + Math.round(Number(l.allowed) * 100), 0);
    expect(spending).toMatchObject({
      year: 2026,
      ptSlp: "261.33",
      ot: (otAllowed / 100).toFixed(2),
      sum: ((26133 + otAllowed) / 100).toFixed(2),
      claimsFromEstimate: 4,
      claimsFromRemit: 0,
    });
    expect(spending.threshold).toMatch(/^\d+\.\d\d$/);
  });

  it("a posted remit's allowed amounts replace the estimate; a reversed one does not count", async () => {
    const biller = scopeOf(org.organizationId, "biller");
    const first = await storeVisit(app.ctx, biller, org.practiceId, visitFor("P-RM", "V-RM1", "2026-02-02"));
    const db = app.store.db;
    const remittanceId = randomUUID();
    await db
      .insertInto("remittances")
      .values({
        id: remittanceId,
        practice_id: org.practiceId,
        content_hash: randomUUID(),
        paid_cents: 6000,
        balanced: true,
        summary: JSON.stringify({}),
        plb: "[]",
        content_enc: app.ctx.cipher.seal("remittance.content", "ISA*..."),
        key_version: 1,
      })
      .execute();
    const remitLine = (code: string, allowed?: string, paid = "0.00", pr = "0.00") => ({
      code,
      modifiers: ["GP"],
      charge: "1.00",
      paid,
      ...(allowed ? { allowed } : {}),
      adjustments: [{ group: "PR", carc: "2", amount: pr }],
    });
    await db
      .insertInto("remit_claims")
      .values([
        {
          id: randomUUID(),
          remittance_id: remittanceId,
          practice_id: org.practiceId,
          claim_id: first.claimId,
          control_number: "V-RM1",
          status_code: "1",
          charge_cents: 22000,
          paid_cents: 6000,
          adjustments: "[]",
          // 10.00 allowed; 50.00 allowed; 30.00 paid + 7.50 patient share = 37.50 allowed
          lines: JSON.stringify([
            remitLine("97012", "10.00"),
            remitLine("97110", "50.00"),
            remitLine("97140", undefined, "30.00", "7.50"),
          ]),
        },
        {
          id: randomUUID(),
          remittance_id: remittanceId,
          practice_id: org.practiceId,
          claim_id: first.claimId,
          control_number: "V-RM1",
          status_code: "1",
          charge_cents: 22000,
          paid_cents: 9000,
          reversed: true,
          adjustments: "[]",
          lines: JSON.stringify([remitLine("97110", "900.00")]),
        },
      ])
      .execute();
    const second = await storeVisit(app.ctx, biller, org.practiceId, visitFor("P-RM", "V-RM2", "2026-02-09"));
    expect(second.claim.therapyYearToDate).toBe("97.50");
    const spending = await therapySpending(app.ctx, biller, first.patientId, 2026);
    expect(spending).toMatchObject({ ptSlp: "184.61", claimsFromRemit: 1, claimsFromEstimate: 1 });
  });

  it("authorization visits used are counted from stored visits within the authorization's dates", async () => {
    const biller = scopeOf(org.organizationId, "biller");
    const auth = { number: "AUTH-77", visitsAllowed: 2, from: "2026-03-01", through: "2026-03-31" };
    const results = [];
    for (const [i, date] of ["2026-02-27", "2026-03-02", "2026-03-05", "2026-03-09"].entries())
      results.push(
        await storeVisit(
          app.ctx,
          biller,
          org.practiceId,
          visitFor("P-AU", `V-AU${i}`, date, { authorization: auth }),
        ),
      );
    // The visit before the authorization's dates does not count toward it.
    expect(results.map((r) => r.claim.authorization?.visitsUsed)).toEqual([0, 0, 1, 2]);
    expect(results.map((r) => r.findings.some((f) => f.rule === "authorization"))).toEqual([
      true, // dated before the authorization starts
      false,
      false,
      true, // the third visit of two allowed
    ]);
  });

  // Issue 11: "with stored history they count across visits". A synthetic state schedule: 2 PT
  // and 2 DC visits per injury, then authorization (the shape of CA Labor Code §4604.5(c)).
  it("state visit limits count each discipline's stored visits for the same injury (accident date)", async () => {
    const biller = scopeOf(org.organizationId, "biller");
    const limits = ["PT", "DC"].map((d) => ({
      id: `two-${d}`,
      per: "injury",
      disciplines: [d],
      visits: 2,
      action: "authorization",
      source: { citation: "test limit" },
      verified: false,
    }));
    const profile = parsePayerProfile(
      JSON.stringify({
        id: "wc-two-visits",
        name: "Test workers' comp, 2 visits per discipline",
        type: "workers-comp",
        appliesTo: { payerTypes: ["workers-comp"] },
        pricing: {
          basis: "state-schedule",
          coinsurancePercent: "0",
          deductible: false,
          stateSchedule: {
            program: "Test workers' comp",
            state: "CA",
            authority: { citation: "test" },
            method: "none",
            refusal: {
              reason: "a test schedule that only limits visits",
              source: { citation: "test" },
              verified: false,
            },
            visitLimits: limits,
          },
        },
      }),
      "wc-two-visits.json",
    );
    const saved = app.ctx.profiles;
    app.ctx.profiles = [profile];
    try {
      const injury = (date: string, extra: Record<string, unknown> = {}) => ({
        payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" },
        accident: { causes: ["EM"], date },
        propertyCasualtyClaimNumber: `WC-${date}`,
        employer: { name: "Gulf Coast Roofing Inc" },
        ...extra,
      });
      const pt = (id: string, date: string, accident = "2026-02-10") =>
        storeVisit(app.ctx, biller, org.practiceId, visitFor("P-WC", id, date, injury(accident)));
      const chiro = (id: string, date: string) =>
        storeVisit(
          app.ctx,
          biller,
          org.practiceId,
          visitFor(
            "P-WC",
            id,
            date,
            injury("2026-02-10", {
              renderingProvider: { npi: "1972638468", credential: "DC", participating: true },
              planOfCare: null,
              services: [{ code: "98941" }],
              chiropractic: { activeTreatment: true, spinalRegions: 3 },
            }),
          ),
        );
      const limited = (r: { findings: Array<{ rule: string; message: string }> }) =>
        r.findings.filter((f) => f.rule === "authorization" && f.message.includes("visits per injury"));
      const first = await pt("V-WC1", "2026-03-02");
      const second = await pt("V-WC2", "2026-03-03");
      const dc = await chiro("V-WC3", "2026-03-04");
      const third = await pt("V-WC4", "2026-03-05");
      const otherInjury = await pt("V-WC5", "2026-03-06", "2026-03-01");
      expect([first, second, dc, third, otherInjury].map((r) => r.claim.visitsBefore)).toEqual([
        { PT: 0, OT: 0, SLP: 0, DC: 0 },
        { PT: 1, OT: 0, SLP: 0, DC: 0 },
        { PT: 2, OT: 0, SLP: 0, DC: 0 }, // the chiropractor's first visit: the PT visits are apart
        { PT: 2, OT: 0, SLP: 0, DC: 1 },
        { PT: 0, OT: 0, SLP: 0, DC: 0 }, // another accident date: another injury
      ]);
      expect([first, second, dc, otherInjury].map((r) => limited(r).length)).toEqual([0, 0, 0, 0]);
      expect(limited(third)).toHaveLength(1);
      expect(limited(third)[0]!.message).toContain(
        "2 PT visits are recorded before this claim (visitsBefore.PT); 2026-03-05 is visit 3",
      );
      // A count the EMR gives itself is kept.
      const given = await storeVisit(
        app.ctx,
        biller,
        org.practiceId,
        visitFor("P-WC", "V-WC6", "2026-03-09", injury("2026-02-10", { visitsBefore: { PT: 0 } })),
      );
      expect(given.claim.visitsBefore).toEqual({ PT: 0 });
      expect(limited(given)).toEqual([]);
    } finally {
      if (saved) app.ctx.profiles = saved;
      else delete app.ctx.profiles;
    }
  });

  it("a duplicate claim (same patient, date of service and codes) is a duplicate-claim warning with CARC 18", async () => {
    const biller = scopeOf(org.organizationId, "biller");
    const first = await storeVisit(app.ctx, biller, org.practiceId, visitFor("P-DU", "V-DU1", "2026-03-02"));
    expect(first.findings.filter((f) => f.rule === "duplicate-claim")).toEqual([]);
    const again = await storeVisit(app.ctx, biller, org.practiceId, visitFor("P-DU", "V-DU2", "2026-03-02"));
    const dup = again.findings.filter((f) => f.rule === "duplicate-claim");
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ severity: "warning", carc: "18", lines: [0, 1, 2] });
    expect(dup[0]!.message).toContain("V-DU1");
    // Another date, or other codes, is no duplicate.
    const otherDay = await storeVisit(
      app.ctx,
      biller,
      org.practiceId,
      visitFor("P-DU", "V-DU3", "2026-03-03"),
    );
    expect(otherDay.findings.some((f) => f.rule === "duplicate-claim")).toBe(false);
    const fewer = visitFor("P-DU", "V-DU4", "2026-03-02");
    fewer.services = (fewer.services as unknown[]).slice(0, 2);
    const fewerCodes = await storeVisit(app.ctx, biller, org.practiceId, fewer);
    expect(fewerCodes.findings.some((f) => f.rule === "duplicate-claim")).toBe(false);
    // The same visit billed to another payer (a workers' comp carrier) is not that payer's duplicate.
    const otherPayer = await storeVisit(
      app.ctx,
      biller,
      org.practiceId,
      visitFor("P-DU", "V-DU5", "2026-03-02", {
        payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" },
        accident: { causes: ["EM"], date: "2026-02-10" },
        propertyCasualtyClaimNumber: "WC-1",
        employer: { name: "Gulf Coast Roofing Inc" },
      }),
    );
    expect(otherPayer.findings.some((f) => f.rule === "duplicate-claim")).toBe(false);
  });
});
