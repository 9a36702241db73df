import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../store/test-support.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit, storeVisits } from "./visits.js";

describe.each(backends)("storeVisit on %s", (backend) => {
  let app: TestApp;
  let org: Awaited<ReturnType<typeof orgWithPractice>>;
  beforeAll(async () => {
    app = await testApp(backend);
    org = await orgWithPractice(app.ctx);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it("stores the seed visit: patient, visit, claim scrubbed at version 1, events draft then scrubbed", async () => {
    const biller = scopeOf(org.organizationId, "biller");
    const result = await storeVisit(app.ctx, biller, org.practiceId, seedVisit());
    expect(result.claim.id).toBe("V-1001");
    expect(result.estimate?.allowed).toBe("87.11");
    const db = app.store.db;
    const claim = await db
      .selectFrom("claims")
      .selectAll()
      .where("id", "=", result.claimId)
      .executeTakeFirstOrThrow();
    expect(claim.status).toBe("scrubbed");
    expect(claim.charge_cents).toBe(45_00 + 120_00 + 55_00);
    const versions = await db
      .selectFrom("claim_versions")
      .selectAll()
      .where("claim_id", "=", result.claimId)
      .execute();
    expect(versions.map((v) => [v.version, v.frequency, v.error_count])).toEqual([[1, "1", 0]]);
    const events = await db
      .selectFrom("claim_events")
      .select(["from_status", "to_status"])
      .where("claim_id", "=", result.claimId)
      .orderBy("at")
      .execute();
    expect(events.map((e) => [e.from_status, e.to_status])).toEqual([
      [null, "draft"],
      ["draft", "scrubbed"],
    ]);
    // The document keeps no PHI: only the patient's sex.
    expect(versions[0]!.document.patient).toEqual({ sex: "F" });
    const visit = await db
      .selectFrom("visits")
      .selectAll()
      .where("id", "=", result.visitId)
      .executeTakeFirstOrThrow();
    expect(visit.document.patient).toEqual({ sex: "F" });
  });

  it("fills the billing and rendering providers and the charges from the practice", async () => {
    const visit = seedVisit();
    delete visit.billingProvider;
    delete visit.renderingProvider;
    delete visit.charges;
    visit.id = "V-2001";
    visit.dateOfService = "2026-03-09";
    const result = await storeVisit(app.ctx, org.admin, org.practiceId, visit);
    expect(result.claim.billingProvider).toMatchObject({ npi: "1234567893", locality: "09102-04" });
    expect(result.claim.renderingProvider).toMatchObject({ npi: "1972638468", credential: "PT" });
    expect(result.claim.lines.map((l) => l.charge)).toEqual(["45.00", "120.00", "55.00"]);
  });

  it("refuses a viewer (403) and another organization's practice (404)", async () => {
    await expect(
      storeVisit(app.ctx, scopeOf(org.organizationId, "viewer"), org.practiceId, seedVisit()),
    ).rejects.toMatchObject({ code: "forbidden" });
    const other = await orgWithPractice(app.ctx, "Other Billing");
    await expect(storeVisit(app.ctx, other.admin, org.practiceId, seedVisit())).rejects.toMatchObject({
      code: "not-found",
    });
  });

  const counts = async () => {
    const db = app.store.db;
    const n = async (
      table: "patients" | "visits" | "claims" | "claim_versions" | "claim_events" | "claim_findings",
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      patients: await n("patients"),
      visits: await n("visits"),
      claims: await n("claims"),
      versions: await n("claim_versions"),
      events: await n("claim_events"),
      findings: await n("claim_findings"),
    };
  };

  it("a failure mid-storeVisit leaves no rows: the claim insert fails after the patient and visit were written", async () => {
    const first = seedVisit();
    first.id = "V-ATOM";
    await storeVisit(app.ctx, org.admin, org.practiceId, first);
    const before = await counts();
    const clash = seedVisit();
    clash.id = "V-ATOM"; // the same control number: the claims unique key refuses it, mid-transaction
    clash.patient = {
      ...(clash.patient as object),
      id: "P-NEW",
      memberId: "NEWMEMBER1",
      birthDate: "1970-01-01",
    };
    await expect(storeVisit(app.ctx, org.admin, org.practiceId, clash)).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await counts()).toEqual(before);
  });

  it("an API array is all or nothing", async () => {
    const before = await counts();
    const good = seedVisit();
    good.id = "V-ARR1";
    const bad = seedVisit();
    bad.id = "V-ARR2";
    bad.dateOfService = "not a date";
    await expect(storeVisits(app.ctx, org.admin, org.practiceId, [good, bad])).rejects.toMatchObject({
      code: "invalid-input",
    });
    expect(await counts()).toEqual(before);
    bad.dateOfService = "2026-03-04";
    const stored = await storeVisits(app.ctx, org.admin, org.practiceId, [good, bad]);
    expect(stored.map((r) => r.claim.id)).toEqual(["V-ARR1", "V-ARR2"]);
  });

  it("a retried batch item is stored once and answers the stored result", async () => {
    const batch = { batchId: randomUUID(), index: 0 };
    const v = seedVisit();
    v.id = "V-BATCH";
    const first = await storeVisit(app.ctx, org.admin, org.practiceId, v, { batch });
    const before = await counts();
    const retry = await storeVisit(app.ctx, org.admin, org.practiceId, v, { batch });
    expect(retry).toMatchObject({ visitId: first.visitId, claimId: first.claimId, alreadyStored: true });
    expect(retry.claim).toEqual(first.claim);
    expect(retry.estimate).toEqual(first.estimate);
    expect(await counts()).toEqual(before);
  });
});
