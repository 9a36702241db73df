import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../store/test-support.js";
import { getAcknowledgment, postAcknowledgment } from "./acknowledgments.js";
import { transitionClaim } from "./claim-life-cycle.js";
import { getClaim } from "./claims.js";
import { createOrganization, createPractice } from "./practices.js";
import { postRemit } from "./remits.js";
import type { Scope } from "./scope.js";
import { firstPassRate } from "./stats.js";
import { getSubmission837, type SubmissionResult, submitClaims } from "./submissions.js";
import { baysideSettings, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";
import { listWorklist } from "./worklist.js";

const envelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "ANA DIAZ", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  usageIndicator: "T",
};

/** An interchange around one transaction set; SE01 counts ST through SE. */
function interchange(gs01: string, version: string, control: string, body: string[]): string {
  const set = [`ST*${gs01 === "FA" ? "999" : "277"}*0001*${version}`, ...body];
  return `${[
    `ISA*00*          *00*          *ZZ*CH99999        *ZZ*SUB12345       *261202*0700*^*00501*${control.padStart(9, "0")}*0*T*:`,
    `GS*${gs01}*CH99999*SUB12345*20261202*0700*${control}*X*${version}`,
    ...set,
    `SE*${set.length + 1}*0001`,
    `GE*1*${control}`,
    `IEA*1*${control.padStart(9, "0")}`,
  ].join("~\n")}~\n`;
}

const ack999 = (control: string, group: string, set: string[], ak9: string) =>
  interchange("FA", "005010X231A1", control, [
    `AK1*HC*${group}*005010X222A1`,
    "AK2*837*0001*005010X222A1",
    ...set,
    ak9,
  ]);

/** One 2200D claim of a 277CA: the patient control number (TRN02), its STC and REF*1K. */
const statusClaim = (hl: number, control: string, stc: string, payerClaimNumber?: string) => [
  `HL*${hl}*3*PT`,
  "NM1*QC*1*Diaz*Ana****MI*1EG4TE5MK73",
  `TRN*2*${control}`,
  `STC*${stc}*20261203*${stc.startsWith("A2") || stc.startsWith("A1") ? "WQ" : "U"}*220`,
  ...(payerClaimNumber ? [`REF*1K*${payerClaimNumber}`] : []),
  "DTP*472*D8*20260302",
];

const ack277ca = (control: string, claims: string[][]) =>
  interchange("HN", "005010X214", control, [
    "BHT*0085*08*CH277-1*20261203*0800*TH",
    "HL*1**20*1",
    "NM1*PR*2*Medicare Part B*****PI*MEDICARE-FL",
    "TRN*1*20261203001",
    "DTP*050*D8*20261202",
    "DTP*009*D8*20261203",
    "HL*2*1*21*1",
    "NM1*41*2*Bayside Billing*****46*SUB12345",
    "TRN*2*B-0001",
    "STC*A1:19*20261203*WQ*1540",
    "HL*3*2*19*1",
    "NM1*85*2*Bayside Therapy*****XX*1234567893",
    "TRN*1*BT-0001",
    ...claims.flat(),
  ]);

/** A one-claim 835 denying the claim (CLP02 4, CO-50 on each line). */
function denial835(controlNumber: string): string {
  const body = [
    "ISA*00*          *00*          *ZZ*09102          *ZZ*1234567893     *261210*0930*^*00501*000000301*0*P*:",
    "GS*HP*09102*1234567893*20261210*0930*301*X*005010X221A1",
    "ST*835*0001",
    "BPR*I*0*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*20261210",
    "TRN*1*EFT-D1*1512345678",
    "DTM*405*20261210",
    "N1*PR*FIRST COAST SERVICE OPTIONS",
    "N3*PO BOX 2000",
    "N4*JACKSONVILLE*FL*322310000",
    "REF*2U*09102",
    "PER*BL*PROVIDER SERVICES*TE*8665550100",
    "N1*PE*BAYSIDE THERAPY*XX*1234567893",
    "REF*TJ*591234567",
    "LX*1",
    `CLP*${controlNumber}*4*220*0**MB*PCCND1*11*1`,
    "NM1*QC*1*DIAZ*ANA****MI*1EG4TE5MK73",
    ...[
      ["97012", "45", 1],
      ["97110", "120", 2],
      ["97140", "55", 1],
    ].flatMap(([code, charge, units]) => [
      `SVC*HC:${code}:GP*${charge}*0**${units}`,
      "DTM*472*20260302",
      `CAS*CO*50*${charge}`,
    ]),
  ];
  const st = body.slice(2);
  return `${[...body, `SE*${st.length + 1}*0001`, "GE*1*301", "IEA*1*000000301"].join("~\n")}~\n`;
}

describe.each(backends)("acknowledgments posted to the life cycle and the worklist on %s", (backend) => {
  let app: TestApp;
  let practiceA: string;
  let practiceB: string;
  let billerA: Scope;
  let billerB: Scope;
  const claim: Record<string, string> = {};
  const sub: Record<string, SubmissionResult> = {};
  const posted: Record<string, string> = {};
  let rejected999: string;

  async function readyClaim(id: string): Promise<string> {
    const v = seedVisit();
    v.id = id;
    const stored = await storeVisit(app.ctx, billerA, practiceA, v);
    await transitionClaim(app.ctx, billerA, stored.claimId, "ready");
    claim[id] = stored.claimId;
    return stored.claimId;
  }

  async function history(id: string) {
    return (await getClaim(app.ctx, billerA, claim[id]!)).history;
  }

  beforeAll(async () => {
    app = await testApp(backend);
    const org = await createOrganization(app.ctx, { name: "Bayside Billing" });
    const admin = scopeOf(org.id, "admin");
    const settings = { ...baysideSettings(), envelope };
    practiceA = (await createPractice(app.ctx, admin, { name: "A", settings })).id;
    practiceB = (await createPractice(app.ctx, admin, { name: "B", settings })).id;
    billerA = scopeOf(org.id, "biller", practiceA);
    billerB = scopeOf(org.id, "biller", practiceB);
    // S1: V-A1, V-D1 (999 accepted); S2: V-B1, V-B2 (999 rejected); S3: V-C1..3 (277CA only).
    sub.s1 = await submitClaims(app.ctx, billerA, {
      claimIds: [await readyClaim("V-A1"), await readyClaim("V-D1")],
    });
    sub.s2 = await submitClaims(app.ctx, billerA, {
      claimIds: [await readyClaim("V-B1"), await readyClaim("V-B2")],
    });
    sub.s3 = await submitClaims(app.ctx, billerA, {
      claimIds: [await readyClaim("V-C1"), await readyClaim("V-C2"), await readyClaim("V-C3")],
    });
  }, 120_000);
  afterAll(async () => {
    await app?.dispose();
  });

  it("a 999 that accepts the set moves its claims submitted → accepted, tied to the submission", async () => {
    const text = ack999("901", sub.s1!.gs06, ["IK5*A"], "AK9*A*1*1*1");
    const result = await postAcknowledgment(app.ctx, billerA, practiceA, text);
    posted.accepted999 = result.acknowledgmentId;
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({
      posted: true,
      kind: "999",
      submissionId: sub.s1!.submissionId,
      unmatched: [],
      worklistItems: [],
    });
    expect(result.claims.map((c) => [c.controlNumber, c.status, c.claimStatus, c.moved])).toEqual([
      ["V-A1", "accepted", "accepted", true],
      ["V-D1", "accepted", "accepted", true],
    ]);
    expect(result.claims[0]!.claimVersionId).toBe(sub.s1!.claims[0]!.claimVersionId);
    const last = (await history("V-A1")).at(-1)!;
    expect(last).toMatchObject({ from: "submitted", to: "accepted", actor: "biller@test" });
    expect(last.data).toMatchObject({ acknowledgmentId: result.acknowledgmentId, layer: "999" });
  });

  it("a 999 that rejects the set with IK3/IK4 on an SV1 of the 837: both claims rejected, the error on its claim and line", async () => {
    // The position of the second claim's 97110 line (SV1) in the transaction set, read from the 837 sent.
    const sent = await getSubmission837(app.ctx, billerA, sub.s2!.submissionId);
    const segments = sent
      .split("~")
      .map((s) => s.trim())
      .filter(Boolean);
    const st = segments.findIndex((s) => s.startsWith("ST*"));
    const secondClaim = segments.findIndex((s) => s.startsWith("CLM*V-B2*"));
    const sv1 = segments.findIndex((s, k) => k > secondClaim && s.startsWith("SV1*HC:97110"));
    const subscriber = segments.findIndex((s) => s.startsWith("NM1*IL*"));
    expect(sv1).toBeGreaterThan(secondClaim);
    const sv1Position = sv1 - st + 1;
    const memberPosition = subscriber - st + 1;
    rejected999 = ack999(
      "902",
      sub.s2!.gs06,
      [
        `IK3*NM1*${memberPosition}*2010*8`,
        "IK4*9*67*6*1EG4TE5MK73",
        `IK3*SV1*${sv1Position}*2400*8`,
        "IK4*1:2*234*7*97110",
        "IK5*R*I5",
      ],
      "AK9*R*1*1*0",
    );
    const result = await postAcknowledgment(app.ctx, billerA, practiceA, rejected999);
    posted.rejected999 = result.acknowledgmentId;
    expect(result.claims.map((c) => [c.controlNumber, c.status, c.claimStatus, c.moved])).toEqual([
      ["V-B1", "rejected", "rejected", true],
      ["V-B2", "rejected", "rejected", true],
    ]);
    expect(result.findings).toEqual([]);
    // The subscriber's NM1 is in both claims; the SV1 only in V-B2's, as its line 1 (0-based).
    expect(result.claims[0]!.reasons.map((r) => r.at?.location).filter(Boolean)).toEqual(["2010BA/NM1-09"]);
    const b2 = result.claims[1]!;
    const sv1Reason = b2.reasons.find((r) => r.code.startsWith("IK3 SV1"));
    expect(sv1Reason).toMatchObject({
      line: 1,
      rule: "code-status",
      at: { location: "2400/SV1-01-2", segmentPosition: sv1Position },
    });
    // The member id the 999 copied (IK4-04) is kept out of what is stored unsealed.
    const stored = JSON.stringify(result);
    expect(stored).not.toContain("1EG4TE5MK73");
    // Each rejected claim is on the worklist, linked to the claim and the version sent.
    expect(result.worklistItems.map((i) => [i.kind, i.controlNumber])).toEqual([
      ["rejection", "V-B1"],
      ["rejection", "V-B2"],
    ]);
    const item = result.worklistItems[1]!;
    expect(item).toMatchObject({
      claimId: claim["V-B2"],
      claimVersionId: sub.s2!.claims[1]!.claimVersionId,
      rule: "claim-structure",
      // DOS 2026-03-02, Medicare 12 months: 2027-03-02; from 2026-04-01 that is 365 − 30 = 335 days.
      timelyFiling: { firstDateOfService: "2026-03-02", deadline: "2027-03-02", daysLeft: 335 },
    });
    expect(item.fix).toContain("procedure code");
    expect(item.nextStep).toMatch(/new original claim \(frequency 1/);
    expect(item.nextStep).toContain("before 2027-03-02 (335 days left");
    // The event says why, in words and codes.
    const last = (await history("V-B2")).at(-1)!;
    expect(last).toMatchObject({ from: "submitted", to: "rejected" });
    expect(last.reason).toContain("IK3 SV1");
    expect(last.data).toMatchObject({ layer: "999", submissionId: sub.s2!.submissionId });
    expect(JSON.stringify(last)).not.toContain("1EG4TE5MK73");
    const items = await listWorklist(app.ctx, billerA, { kind: "rejection", claimId: claim["V-B2"] });
    expect(items.items).toHaveLength(1);
    expect(items.items[0]).toMatchObject({
      kind: "rejection",
      status: "open",
      acknowledgmentId: result.acknowledgmentId,
      amount: "220.00",
    });
    expect(JSON.stringify(items.items[0])).not.toContain("1EG4TE5MK73");
  });

  it("a 277CA: A2 accepts, A7 rejects (also a claim the 999 accepted), A1 pends with a note, an unknown claim is unmatched", async () => {
    const text = ack277ca("903", [
      statusClaim(4, "V-A1", "A2:20", "2026337000101"),
      statusClaim(5, "V-D1", "A7:562:85"),
      statusClaim(6, "V-C1", "A2:20", "2026337000301"),
      statusClaim(7, "V-C2", "A7:562:85"),
      statusClaim(8, "V-C3", "A1:19"),
      statusClaim(9, "V-ZZ9", "A3:21"),
    ]);
    const result = await postAcknowledgment(app.ctx, billerA, practiceA, text);
    posted.ca = result.acknowledgmentId;
    expect(result.kind).toBe("277CA");
    expect(result.findings).toEqual([]);
    expect(result.claims.map((c) => [c.controlNumber, c.status, c.claimStatus, c.moved])).toEqual([
      ["V-A1", "accepted", "accepted", false],
      ["V-D1", "rejected", "rejected", true],
      ["V-C1", "accepted", "accepted", true],
      ["V-C2", "rejected", "rejected", true],
      ["V-C3", "pended", "submitted", false],
    ]);
    expect(result.unmatched).toEqual([
      expect.objectContaining({ kind: "claim", controlNumber: "V-ZZ9", status: "rejected" }),
    ]);
    expect(result.summary).toMatchObject({ claims: 6, accepted: 2, rejected: 3, pended: 1 });
    // REF*1K is the claim's payer claim control number.
    const a1 = await getClaim(app.ctx, billerA, claim["V-A1"]!);
    expect(a1.payerClaimControlNumber).toBe("2026337000101");
    // Already accepted, and pended: notes in the history (from = to), not transitions.
    expect(a1.history.at(-1)).toMatchObject({ from: "accepted", to: "accepted" });
    expect(a1.history.at(-1)!.data).toMatchObject({ note: true, layer: "277CA" });
    const c3 = (await history("V-C3")).at(-1)!;
    expect(c3).toMatchObject({ from: "submitted", to: "submitted" });
    expect(c3.reason).toContain("pended");
    const d1 = (await history("V-D1")).at(-1)!;
    expect(d1).toMatchObject({ from: "accepted", to: "rejected" });
    expect(d1.reason).toContain("A7:562:85");
    // Worklist: V-D1, V-C2 rejections with the NPI fix and the deadline; V-ZZ9 unmatched.
    expect(result.worklistItems.map((i) => [i.kind, i.controlNumber, i.rule])).toEqual([
      ["rejection", "V-D1", "claim-structure"],
      ["rejection", "V-C2", "claim-structure"],
      ["unmatched", "V-ZZ9", null],
    ]);
    const c2 = result.worklistItems[1]!;
    expect(c2.fix).toContain("NPI");
    expect(c2.claimVersionId).toBe(sub.s3!.claims[1]!.claimVersionId);
    expect(c2.timelyFiling).toMatchObject({ deadline: "2027-03-02", daysLeft: 335 });
  });

  it("posting the same file again writes nothing and answers the first result", async () => {
    const count = async (table: "claim_events" | "worklist_items" | "acknowledgments") =>
      Number(
        (
          await app.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = [
      await count("claim_events"),
      await count("worklist_items"),
      await count("acknowledgments"),
    ];
    // Re-wrapped lines are the same content.
    const again = await postAcknowledgment(app.ctx, billerA, practiceA, rejected999.replaceAll("~\n", "~"));
    expect(again).toMatchObject({ posted: false, acknowledgmentId: posted.rejected999 });
    expect(again.worklistItems).toHaveLength(2);
    expect([
      await count("claim_events"),
      await count("worklist_items"),
      await count("acknowledgments"),
    ]).toEqual(before);
    const view = await getAcknowledgment(app.ctx, billerA, posted.rejected999!);
    expect(view).toMatchObject({ practiceId: practiceA, kind: "999", submissionId: sub.s2!.submissionId });
    // The file is sealed at rest.
    const row = await app.store.db
      .selectFrom("acknowledgments")
      .select(["content_enc", "key_version"])
      .where("id", "=", posted.rejected999!)
      .executeTakeFirstOrThrow();
    expect(row.content_enc).not.toContain("IK3");
    expect(app.ctx.cipher.open("acknowledgment.content", row.content_enc)).toBe(rejected999);
  });

  it("keeps tenants apart: another practice's credential is 404, and its own copy finds no submission", async () => {
    await expect(postAcknowledgment(app.ctx, billerB, practiceA, rejected999)).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(getAcknowledgment(app.ctx, billerB, posted.rejected999!)).rejects.toMatchObject({
      code: "not-found",
    });
    await expect(
      postAcknowledgment(app.ctx, scopeOf(billerA.organizationId, "viewer", practiceA), practiceA, "ISA"),
    ).rejects.toMatchObject({ code: "forbidden" });
    // Practice B never sent group 2: the whole set is unmatched, and on B's worklist.
    const inB = await postAcknowledgment(app.ctx, billerB, practiceB, rejected999);
    expect(inB.posted).toBe(true);
    expect(inB.claims).toEqual([]);
    expect(inB.unmatched).toEqual([
      expect.objectContaining({ kind: "submission", groupControlNumber: sub.s2!.gs06, status: "rejected" }),
    ]);
    expect(inB.worklistItems.map((i) => i.kind)).toEqual(["unmatched"]);
  });

  it("refuses a file that is not an acknowledgment (400, with the position)", async () => {
    await expect(postAcknowledgment(app.ctx, billerA, practiceA, denial835("V-C1"))).rejects.toMatchObject({
      code: "invalid-input",
      issues: [{ path: "ST01" }],
    });
    await expect(postAcknowledgment(app.ctx, billerA, practiceA, "hello")).rejects.toMatchObject({
      code: "invalid-input",
    });
  });

  it("counts the first-pass rate: rejections at either layer and a first-remit denial are not clean", async () => {
    // V-C1 (accepted by the 277CA) is denied on its first 835.
    await postRemit(app.ctx, billerA, practiceA, denial835("V-C1"));
    expect((await getClaim(app.ctx, billerA, claim["V-C1"]!)).status).toBe("denied");
    const day = app.ctx.now().toISOString().slice(0, 10);
    const rate = await firstPassRate(app.ctx, billerA, { practiceId: practiceA, from: day, to: day });
    // 7 sent: V-B1, V-B2 (999), V-D1, V-C2 (277CA) rejected; V-C1 denied; V-A1, V-C3 clean.
    expect(rate).toMatchObject({ submitted: 7, rejected: 4, denied: 1, clean: 2, rate: 0.2857, pending: 2 });
    const none = await firstPassRate(app.ctx, billerA, { from: "2020-01-01", to: "2020-12-31" });
    expect(none).toMatchObject({ submitted: 0, clean: 0, rate: null });
    // Practice B's own claims only, for B's credential; A named by B is 404.
    expect(await firstPassRate(app.ctx, billerB, { from: day, to: day })).toMatchObject({ submitted: 0 });
    await expect(
      firstPassRate(app.ctx, billerB, { practiceId: practiceA, from: day, to: day }),
    ).rejects.toMatchObject({ code: "not-found" });
    await expect(firstPassRate(app.ctx, billerA, { from: "2026-13-01", to: day })).rejects.toMatchObject({
      code: "invalid-option",
    });
  });
});
