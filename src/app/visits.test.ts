import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../store/test-support.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

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
});
