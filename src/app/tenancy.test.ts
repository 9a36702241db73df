import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAudit } from "../store/audit.js";
import { backends } from "../store/test-support.js";
import { transitionClaim } from "./claim-life-cycle.js";
import { attestClaim, fixClaim } from "./claim-work.js";
import { getClaim, listClaims } from "./claims.js";
import { getPatient, searchPatients, therapySpending } from "./patients.js";
import { getPractice, listPractices, updatePractice } from "./practices.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

describe.each(backends)("tenancy, roles and audit on %s", (backend) => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof orgWithPractice>>;
  let b: Awaited<ReturnType<typeof orgWithPractice>>;
  let stored: Awaited<ReturnType<typeof storeVisit>>;
  beforeAll(async () => {
    app = await testApp(backend);
    a = await orgWithPractice(app.ctx, "Bayside Billing");
    b = await orgWithPractice(app.ctx, "Harbor Billing");
    stored = await storeVisit(app.ctx, scopeOf(a.organizationId, "biller"), a.practiceId, seedVisit());
  });
  afterAll(async () => {
    await app?.dispose();
  });

  const guessed = "00000000-0000-4000-8000-000000000000";

  it("another organization's ids and filters are not found (404)", async () => {
    const other = scopeOf(b.organizationId, "admin");
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["getClaim", () => getClaim(app.ctx, other, stored.claimId)],
      ["getClaim guessed", () => getClaim(app.ctx, other, guessed)],
      ["getClaim not a uuid", () => getClaim(app.ctx, other, "1 or 1=1")],
      ["getPatient", () => getPatient(app.ctx, other, stored.patientId)],
      ["therapySpending", () => therapySpending(app.ctx, other, stored.patientId, 2026)],
      ["getPractice", () => getPractice(app.ctx, other, a.practiceId)],
      ["listClaims practice filter", () => listClaims(app.ctx, other, { practiceId: a.practiceId })],
      ["listClaims patient filter", () => listClaims(app.ctx, other, { patient: stored.patientId })],
      ["searchPatients", () => searchPatients(app.ctx, other, a.practiceId, { memberId: "1EG4TE5MK73" })],
      ["storeVisit", () => storeVisit(app.ctx, other, a.practiceId, seedVisit())],
      ["transitionClaim", () => transitionClaim(app.ctx, other, stored.claimId, "ready")],
      ["fixClaim", () => fixClaim(app.ctx, other, stored.claimId)],
      [
        "attestClaim",
        () => attestClaim(app.ctx, other, stored.claimId, { kind: "medical-necessity", note: "x" }),
      ],
      ["updatePractice", () => updatePractice(app.ctx, other, a.practiceId, { name: "taken" })],
    ];
    for (const [name, run] of cases) await expect(run(), name).rejects.toMatchObject({ code: "not-found" });
    // Lists without a filter show only the caller's own.
    expect((await listClaims(app.ctx, other, {})).items).toEqual([]);
    expect((await listPractices(app.ctx, other)).map((p) => p.id)).toEqual([b.practiceId]);
  });

  it("a grant for one practice does not reach another practice of the same organization", async () => {
    const onlyB = scopeOf(a.organizationId, "admin", b.practiceId);
    await expect(getClaim(app.ctx, onlyB, stored.claimId)).rejects.toMatchObject({ code: "not-found" });
  });

  it("a viewer reads but gets 403 on every write", async () => {
    const viewer = scopeOf(a.organizationId, "viewer", a.practiceId);
    expect((await getClaim(app.ctx, viewer, stored.claimId)).id).toBe(stored.claimId);
    const writes: Array<[string, () => Promise<unknown>]> = [
      ["storeVisit", () => storeVisit(app.ctx, viewer, a.practiceId, seedVisit())],
      ["transitionClaim", () => transitionClaim(app.ctx, viewer, stored.claimId, "ready")],
      ["fixClaim", () => fixClaim(app.ctx, viewer, stored.claimId)],
      [
        "attestClaim",
        () => attestClaim(app.ctx, viewer, stored.claimId, { kind: "medical-necessity", note: "x" }),
      ],
      ["updatePractice", () => updatePractice(app.ctx, viewer, a.practiceId, { name: "x" })],
    ];
    for (const [name, run] of writes) await expect(run(), name).rejects.toMatchObject({ code: "forbidden" });
    // A biller is not an admin of practice settings.
    await expect(
      updatePractice(app.ctx, scopeOf(a.organizationId, "biller"), a.practiceId, { name: "x" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("writes an audit record per read and change, with the outcome and no PHI", async () => {
    const auditor = scopeOf(a.organizationId, "biller", null, "auditor@test");
    await getClaim(app.ctx, auditor, stored.claimId);
    await getPatient(app.ctx, auditor, stored.patientId);
    await searchPatients(app.ctx, auditor, a.practiceId, { memberId: "1EG4TE5MK73", name: "Ana Diaz" });
    await listClaims(app.ctx, auditor, { patient: "1EG4TE5MK73" });
    await transitionClaim(app.ctx, auditor, stored.claimId, "ready");
    await expect(getClaim(app.ctx, auditor, "00000000-0000-4000-8000-000000000001")).rejects.toThrow();
    const records = (await queryAudit(app.store.db, a.organizationId, {})).filter(
      (r) => r.actor === "auditor@test",
    );
    expect(records.map((r) => [r.action, r.entity, r.outcome]).reverse()).toEqual([
      ["read", "claim", "ok"],
      ["read", "patient", "ok"],
      ["search", "patient", "ok"],
      ["search", "claim", "ok"],
      ["transition", "claim", "ok"],
      ["read", "claim", "not-found"],
    ]);
    expect(
      records.find((r) => r.action === "read" && r.entity === "claim" && r.outcome === "ok"),
    ).toMatchObject({
      entityId: stored.claimId,
      patientId: stored.patientId,
      practiceId: a.practiceId,
    });
    const text = JSON.stringify(await queryAudit(app.store.db, a.organizationId, { limit: 1000 }));
    for (const phi of ["1EG4TE5MK73", "Diaz", "1956-04-09", "Ana"]) expect(text).not.toContain(phi);
  });
});
