import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimStatus } from "../store/schema.js";
import { backends } from "../store/test-support.js";
import { claimTransitions, transitionClaim } from "./claim-life-cycle.js";
import { attestClaim, createCorrectedVersion, fixClaim } from "./claim-work.js";
import { getClaim, listClaims } from "./claims.js";
import { orgWithPractice, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/** The seed visit without its 97140 distinct attestation: the NCCI PTP pair 97012/97140 (indicator 1) is an error. */
function undocumented(id: string, date: string) {
  const v = seedVisit();
  v.id = id;
  v.dateOfService = date;
  v.services = (v.services as Array<Record<string, unknown>>).map(({ distinct: _d, ...s }) => s);
  return v;
}

describe.each(backends)("claims on %s", (backend) => {
  let app: TestApp;
  let org: Awaited<ReturnType<typeof orgWithPractice>>;
  const biller = () => scopeOf(org.organizationId, "biller");
  beforeAll(async () => {
    app = await testApp(backend);
    org = await orgWithPractice(app.ctx);
  });
  afterAll(async () => {
    await app?.dispose();
  });

  async function cleanClaim(id: string, date = "2026-03-02") {
    const v = seedVisit();
    v.id = id;
    v.dateOfService = date;
    return storeVisit(app.ctx, biller(), org.practiceId, v);
  }

  // Each path walks the table from scrubbed; the last step of a refused case must fail.
  const allowed: ClaimStatus[][] = [
    ["ready", "submitted", "accepted", "paid", "closed"],
    ["ready", "submitted", "accepted", "partially-paid", "appealed", "paid"],
    ["ready", "submitted", "accepted", "denied", "corrected", "ready", "submitted"],
    ["ready", "submitted", "rejected", "scrubbed", "ready"],
    ["closed"],
  ];
  const refused: Array<[ClaimStatus[], ClaimStatus]> = [
    [[], "submitted"],
    [[], "paid"],
    [["ready"], "paid"],
    [["ready", "submitted"], "paid"],
    [["ready", "submitted", "accepted", "paid", "closed"], "scrubbed"],
    [["ready", "submitted", "accepted"], "corrected"],
  ];

  it.each(allowed.map((p, i) => [i, p] as const))("allowed path %i: %j", async (i, path) => {
    const stored = await cleanClaim(`V-LC-A${i}`);
    for (const to of path)
      await transitionClaim(app.ctx, biller(), stored.claimId, to, { reason: `to ${to}` });
    const claim = await getClaim(app.ctx, biller(), stored.claimId);
    expect(claim.status).toBe(path[path.length - 1]);
    expect(claim.history.map((h) => h.to)).toEqual(["draft", "scrubbed", ...path]);
    expect(
      claim.history.slice(2).every((h) => h.actor === "biller@test" && h.reason?.startsWith("to ")),
    ).toBe(true);
  });

  it.each(refused.map(([p, to], i) => [i, p, to] as const))("refused %i: %j then %s", async (i, path, to) => {
    const stored = await cleanClaim(`V-LC-R${i}`);
    for (const step of path) await transitionClaim(app.ctx, biller(), stored.claimId, step);
    expect(claimTransitions[path[path.length - 1] ?? "scrubbed"]).not.toContain(to);
    await expect(transitionClaim(app.ctx, biller(), stored.claimId, to)).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("a claim with error findings becomes ready only with override and a reason, recorded on the event", async () => {
    const stored = await storeVisit(app.ctx, biller(), org.practiceId, undocumented("V-OV1", "2026-03-02"));
    expect(stored.findings.some((f) => f.severity === "error")).toBe(true);
    await expect(transitionClaim(app.ctx, biller(), stored.claimId, "ready")).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      transitionClaim(app.ctx, biller(), stored.claimId, "ready", { override: true, reason: "  " }),
    ).rejects.toMatchObject({ code: "invalid-input" });
    await transitionClaim(app.ctx, biller(), stored.claimId, "ready", {
      override: true,
      reason: "payer confirmed by phone",
    });
    const claim = await getClaim(app.ctx, biller(), stored.claimId);
    expect(claim.history.at(-1)).toMatchObject({
      from: "scrubbed",
      to: "ready",
      override: true,
      reason: "payer confirmed by phone",
    });
    // A viewer cannot move a claim.
    await expect(
      transitionClaim(app.ctx, scopeOf(org.organizationId, "viewer"), stored.claimId, "submitted"),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("attesting a distinct service lets the NCCI fix add the X modifier, in a new version", async () => {
    const stored = await storeVisit(app.ctx, biller(), org.practiceId, undocumented("V-AT1", "2026-03-03"));
    const ptp = stored.findings.filter((f) => f.rule === "ncci-ptp" && f.severity === "error");
    expect(ptp.length).toBeGreaterThan(0);
    // without the attestation the safe fixes cannot invent the modifier
    const fixed = await fixClaim(app.ctx, biller(), stored.claimId);
    expect(
      fixed.findings.filter((f) => f.rule === "ncci-ptp" && f.severity === "error").length,
    ).toBeGreaterThan(0);
    const line = fixed.claim.lines.findIndex((l) => l.code === "97140");
    const attested = await attestClaim(app.ctx, biller(), stored.claimId, {
      kind: "distinct",
      line,
      value: "XU",
      note: "separate session, see note of 3/3",
    });
    expect(attested.claim.lines[line]!.modifiers).toContain("XU");
    expect(attested.findings.filter((f) => f.rule === "ncci-ptp" && f.severity === "error")).toEqual([]);
    const claim = await getClaim(app.ctx, biller(), stored.claimId);
    expect(claim.versions.map((v) => v.version)).toEqual(fixed.changed ? [1, 2, 3] : [1, 2]);
    expect(claim.attestations).toMatchObject([{ kind: "distinct", line, value: "XU", actor: "biller@test" }]);
    expect(claim.status).toBe("scrubbed");
  });

  it("attesting medical necessity lets KX apply past the threshold", async () => {
    const v = seedVisit();
    v.id = "V-KXA";
    v.patient = { ...(v.patient as object), id: "P-KXA", memberId: "MBKXA" };
    v.therapyYearToDate = "2475.00";
    const stored = await storeVisit(app.ctx, biller(), org.practiceId, v);
    expect(stored.findings.some((f) => f.rule === "kx-threshold" && f.severity === "error")).toBe(true);
    const attested = await attestClaim(app.ctx, biller(), stored.claimId, {
      kind: "medical-necessity",
      note: "re-evaluation of 3/1 documents continued need",
    });
    expect(attested.claim.medicallyNecessaryOverThreshold).toBe(true);
    expect(attested.claim.lines.some((l) => l.modifiers.includes("KX"))).toBe(true);
    expect(attested.findings.filter((f) => f.rule === "kx-threshold" && f.severity === "error")).toEqual([]);
  });

  it("a corrected claim is the next version with frequency 7 and the payer's control number", async () => {
    const stored = await cleanClaim("V-CO1");
    for (const to of ["ready", "submitted", "accepted", "denied"] as const)
      await transitionClaim(app.ctx, biller(), stored.claimId, to);
    const corrected = await createCorrectedVersion(app.ctx, biller(), stored.claimId, {
      frequency: "7",
      payerClaimControlNumber: "22026061000123",
    });
    expect(corrected).toMatchObject({ version: 2, status: "corrected" });
    expect(corrected.claim).toMatchObject({ frequency: "7", payerClaimControlNumber: "22026061000123" });
    const claim = await getClaim(app.ctx, biller(), stored.claimId);
    expect(claim.versions.map((x) => x.frequency)).toEqual(["1", "7"]);
    expect(claim.payerClaimControlNumber).toBe("22026061000123");
    expect(claim.claim.patient.lastName).toBe("Diaz");
    // a claim that was sent is not fixed in place
    await expect(
      createCorrectedVersion(app.ctx, biller(), (await cleanClaim("V-CO2")).claimId, {
        frequency: "7",
        payerClaimControlNumber: "X",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("lists claims in stable keyset pages and by filter", async () => {
    const fresh = await orgWithPractice(app.ctx, "Paging Billing");
    const b = scopeOf(fresh.organizationId, "biller");
    const dates = ["2026-01-05", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-07"];
    const ids: string[] = [];
    for (const [i, date] of dates.entries()) {
      const v = seedVisit();
      v.id = `V-PG${i}`;
      v.dateOfService = date;
      ids.push((await storeVisit(app.ctx, b, fresh.practiceId, v)).claimId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await listClaims(app.ctx, b, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...result.items.map((c) => c.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(ids));
    const all = await listClaims(app.ctx, b, { limit: 50 });
    expect(all.items.map((c) => c.id)).toEqual(seen);
    expect(all.items.map((c) => c.dateOfService)).toEqual([...dates].sort().reverse());
    expect((await listClaims(app.ctx, b, { from: "2026-01-06", to: "2026-01-06" })).items).toHaveLength(1);
    expect((await listClaims(app.ctx, b, { patient: "1EG4TE5MK73" })).items).toHaveLength(5);
    expect((await listClaims(app.ctx, b, { patient: "NOSUCHMEMBER" })).items).toHaveLength(0);
    expect((await listClaims(app.ctx, b, { rule: "reference-data" })).items.length).toBeGreaterThan(0);
    expect((await listClaims(app.ctx, b, { rule: "ncci-ptp" })).items).toHaveLength(0);
    expect((await listClaims(app.ctx, b, { status: "ready" })).items).toHaveLength(0);
    expect((await listClaims(app.ctx, b, { payer: "MEDICARE-FL" })).items).toHaveLength(5);
    await expect(listClaims(app.ctx, b, { cursor: "garbage" })).rejects.toMatchObject({
      code: "invalid-input",
    });
  });
});
