import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../store/test-support.js";
import { transitionClaim } from "./claim-life-cycle.js";
import { createOrganization, createPractice } from "./practices.js";
import { postRemit } from "./remits.js";
import { submitClaims } from "./submissions.js";
import { baysideSettings, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/**
 * Issue 9, atomic work, under concurrency: submissions at once never share an ISA13, and the
 * same 835 posted several times at once posts once (one remittance, the claim paid once).
 */
const envelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "BILLING DESK", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  usageIndicator: "T",
};

function paid835(controlNumbers: readonly string[]): string {
  const claims = controlNumbers.flatMap((id) => [
    `CLP*${id}*1*220*220**MB*PCCN-${id}*11*1`,
    "SVC*HC:97012:GP*45*45**1",
    "DTM*472*20260302",
    "SVC*HC:97110:GP*120*120**2",
    "DTM*472*20260302",
    "SVC*HC:97140:GP:XS*55*55**1",
    "DTM*472*20260302",
  ]);
  const body = [
    "ST*835*0001",
    `BPR*I*${220 * controlNumbers.length}*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*20260320`,
    "TRN*1*EFT9*1512345678",
    "DTM*405*20260320",
    "N1*PR*FIRST COAST SERVICE OPTIONS",
    "N1*PE*BAYSIDE THERAPY*XX*1234567893",
    "LX*1",
    ...claims,
  ];
  return `${[
    "ISA*00*          *00*          *ZZ*09102          *ZZ*1234567893     *260320*0930*^*00501*000000201*0*P*:",
    "GS*HP*09102*1234567893*20260320*0930*201*X*005010X221A1",
    ...body,
    `SE*${body.length + 1}*0001`,
    "GE*1*201",
    "IEA*1*000000201",
  ].join("~\n")}~\n`;
}

describe.each(backends)("concurrent submissions and postings on %s", (backend) => {
  let app: TestApp;
  let practiceId: string;
  let biller: ReturnType<typeof scopeOf>;
  const claimIds: string[] = [];

  beforeAll(async () => {
    app = await testApp(backend);
    const org = await createOrganization(app.ctx, { name: "Concurrent Billing" });
    practiceId = (
      await createPractice(app.ctx, scopeOf(org.id, "admin"), {
        name: "Concurrent practice",
        settings: { ...baysideSettings(), envelope },
      })
    ).id;
    biller = scopeOf(org.id, "biller");
    for (let i = 0; i < 6; i++) {
      const visit = { ...seedVisit(), id: `V-40${i}` };
      const stored = await storeVisit(app.ctx, biller, practiceId, visit);
      await transitionClaim(app.ctx, biller, stored.claimId, "ready", { override: true, reason: "test" });
      claimIds.push(stored.claimId);
    }
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it("six submissions at once get six different interchange control numbers", async () => {
    const results = await Promise.all(
      claimIds.map((id) => submitClaims(app.ctx, biller, { claimIds: [id] })),
    );
    const numbers = results.map((r) => r.isa13);
    expect(new Set(numbers).size).toBe(6);
    expect([...numbers].sort()).toEqual([
      "000000001",
      "000000002",
      "000000003",
      "000000004",
      "000000005",
      "000000006",
    ]);
  });

  it("the same 835 posted four times at once posts once", async () => {
    const text = paid835(["V-400", "V-401"]);
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(() => postRemit(app.ctx, biller, practiceId, text)),
    );
    const failures = results
      .filter((r) => r.status === "rejected")
      .map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const done = results.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof postRemit>>>).value,
    );
    expect(done.filter((r) => r.posted)).toHaveLength(1);
    expect(new Set(done.map((r) => r.remitId)).size).toBe(1);
    const remittances = await app.store.db.selectFrom("remittances").select("id").execute();
    expect(remittances).toHaveLength(1);
    const claims = await app.store.db
      .selectFrom("claims")
      .select(["control_number", "paid_cents", "status"])
      .where("control_number", "in", ["V-400", "V-401"])
      .orderBy("control_number")
      .execute();
    expect(claims).toEqual([
      { control_number: "V-400", paid_cents: 22_000, status: "paid" },
      { control_number: "V-401", paid_cents: 22_000, status: "paid" },
    ]);
  });
});
