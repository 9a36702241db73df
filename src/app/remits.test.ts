import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import { visitSchema } from "../model/visit.js";
import { codeOne } from "../pipeline/pipeline.js";
import { therapyVisit } from "../remit/test-support/remit-835.js";
import { PhiCipher } from "../store/phi-cipher.js";
import { backends, freshStore, type TestStore } from "../store/test-support.js";
import { packReference, sharedDataDir } from "../test-support/reference.js";
import { parse837 } from "../x12/read837.js";
import type { RemitClaim } from "../x12/remittance.js";
import type { AppContext } from "./context.js";
import { claimStatusAfter, getRemit, postRemit, remitContentHash } from "./remits.js";
import type { Scope } from "./scope.js";
import { getSubmission837, submitClaims } from "./submissions.js";
import { correctedClaimFor, listWorklist, updateWorklistItem } from "./worklist.js";

const reference = packReference();
const envelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "ANA DIAZ", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  usageIndicator: "T",
};

/** The claim as the practice sent it: 97140 without the XS its notes attest (an NCCI PTP denial waiting). */
function codedClaim(id: string, dropXs = false): Claim {
  const claim = codeOne(visitSchema.parse(therapyVisit({ id })), { reference, asOf: "2026-03-25" }).claim;
  if (!dropXs) return claim;
  return {
    ...claim,
    lines: claim.lines.map((l) => ({
      ...l,
      modifiers: l.modifiers.filter((m) => !(l.code === "97140" && m === "XS")),
    })),
  };
}

const scopeFor = (
  organizationId: string,
  practiceId: string,
  role: "biller" | "viewer" = "biller",
): Scope => ({
  organizationId,
  actor: { userId: null, tokenId: null, label: `${role}@test`, ip: "127.0.0.1" },
  grants: [{ role, practiceId }],
});

/** Stand-in for the records helper's storeVisit: a patient (PHI sealed), a claim and its version. */
async function storeClaim(
  ctx: AppContext,
  practiceId: string,
  claim: Claim,
  status = "ready",
): Promise<string> {
  const db = ctx.store.db;
  const patientId = randomUUID();
  const { firstName, lastName, birthDate, memberId, address, city, state, zip, ...rest } = claim.patient;
  await db
    .insertInto("patients")
    .values({
      id: patientId,
      practice_id: practiceId,
      first_name_enc: ctx.cipher.seal("patient.firstName", firstName ?? ""),
      last_name_enc: ctx.cipher.seal("patient.lastName", lastName ?? ""),
      birth_date_enc: ctx.cipher.sealOptional("patient.birthDate", birthDate),
      member_id_enc: ctx.cipher.sealOptional("patient.memberId", memberId),
      address_enc: ctx.cipher.seal("patient.address", JSON.stringify({ address, city, state, zip })),
      sex: claim.patient.sex ?? null,
      key_version: ctx.cipher.current,
    })
    .execute();
  const claimId = randomUUID();
  const charge = claim.lines.reduce((s, l) => s + Math.round(Number(l.charge) * 100), 0);
  await db
    .insertInto("claims")
    .values({
      id: claimId,
      practice_id: practiceId,
      patient_id: patientId,
      control_number: claim.id,
      status: status as never,
      payer_id: claim.payer.id,
      payer_type: claim.payer.type,
      date_of_service: claim.lines[0]!.dateOfService,
      through_date: claim.lines[0]!.dateOfService,
      charge_cents: charge,
    })
    .execute();
  await db
    .insertInto("claim_versions")
    .values({
      id: randomUUID(),
      claim_id: claimId,
      practice_id: practiceId,
      version: 1,
      frequency: "1",
      document: JSON.stringify({ ...claim, patient: rest }),
      findings: "[]",
    })
    .execute();
  return claimId;
}

// ---- The 835s, written by hand. Amounts: each line's charge − its CAS = its payment. ----
const head = (trace: string, bpr: string, control: string) => [
  `ISA*00*          *00*          *ZZ*09102          *ZZ*1234567893     *260320*0930*^*00501*${control}*0*P*:`,
  `GS*HP*09102*1234567893*20260320*0930*${Number(control)}*X*005010X221A1`,
  "ST*835*0001",
  `BPR*I*${bpr}*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*20260320`,
  `TRN*1*${trace}*1512345678`,
  "DTM*405*20260320",
  "N1*PR*FIRST COAST SERVICE OPTIONS",
  "N3*PO BOX 2000",
  "N4*JACKSONVILLE*FL*322310000",
  "REF*2U*09102",
  "PER*BL*PROVIDER SERVICES*TE*8665550100",
  "N1*PE*BAYSIDE THERAPY*XX*1234567893",
  "REF*TJ*591234567",
];
const tail = (body: string[], control: string) => {
  const st = body.slice(2);
  return `${[...body, `SE*${st.length + 1}*0001`, `GE*1*${Number(control)}`, `IEA*1*${control}`].join("~\n")}~\n`;
};
const nm1 = "NM1*QC*1*DIAZ*ANA****MI*1EG4TE5MK73";
const svc = (code: string, charge: string, paid: string, units: number, ...rest: string[]) => [
  `SVC*HC:${code}:GP*${charge}*${paid}**${units}`,
  "DTM*472*20260302",
  ...rest,
];

/**
 * File 1: V-3001 paid in full (220.00); V-3002 paid 152.00 (CO-45 30.00, PR-2 38.00);
 * V-3003 97140 denied CO-236 55.00 (N20), the rest paid: 165.00.
 * BPR02 = 220.00 + 152.00 + 165.00 = 537.00.
 */
const file1 = tail(
  [
    ...head("EFT1", "537", "000000101"),
    "LX*1",
    "CLP*V-3001*1*220*220**MB*PCCN3001*11*1",
    nm1,
    ...svc("97012", "45", "45", 1),
    ...svc("97110", "120", "120", 2),
    ...svc("97140", "55", "55", 1),
    "CLP*V-3002*1*220*152*38*MB*PCCN3002*11*1",
    nm1,
    ...svc("97012", "45", "32", 1, "CAS*CO*45*5", "CAS*PR*2*8"),
    ...svc("97110", "120", "80", 2, "CAS*CO*45*20", "CAS*PR*2*20"),
    ...svc("97140", "55", "40", 1, "CAS*CO*45*5", "CAS*PR*2*10"),
    "CLP*V-3003*1*220*165**MB*PCCN3003*11*1",
    nm1,
    ...svc("97012", "45", "45", 1),
    ...svc("97110", "120", "120", 2),
    ...svc("97140", "55", "0", 1, "CAS*CO*236*55", "LQ*HE*N20"),
  ],
  "000000101",
);

/**
 * File 2: the payer reverses V-3001 (CLP02 22, −220.00) and pays it again at 200.00
 * (CO-45 20.00), with 25.00 of interest (PLB L6 −25.00, which adds to the payment):
 * BPR02 = −220.00 + 200.00 − (−25.00) = 5.00.
 */
const file2 = tail(
  [
    ...head("EFT2", "5", "000000102"),
    "LX*1",
    "CLP*V-3001*22*-220*-220**MB*PCCN3001*11*1",
    nm1,
    ...svc("97012", "-45", "-45", 1),
    ...svc("97110", "-120", "-120", 2),
    ...svc("97140", "-55", "-55", 1),
    "CLP*V-3001*1*220*200**MB*PCCN3001*11*1",
    nm1,
    ...svc("97012", "45", "45", 1),
    ...svc("97110", "120", "100", 2, "CAS*CO*45*20"),
    ...svc("97140", "55", "55", 1),
    "PLB*1234567893*20261231*L6:PCCN3001*-25",
  ],
  "000000102",
);

/** File 3: a claim we never sent (V-9999), and BPR02 12.00 for a 10.00 claim payment: unbalanced. */
const file3 = tail(
  [
    ...head("EFT3", "12", "000000103"),
    "LX*1",
    "CLP*V-9999*1*10*10**MB*PCCN9999*11*1",
    nm1,
    ...svc("97110", "10", "10", 1),
  ],
  "000000103",
);

async function count(
  store: TestStore,
  table: "remittances" | "remit_claims" | "worklist_items" | "claim_events",
) {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("claim status after a remit claim (CLP02 and amounts)", () => {
  const remit = (
    status: string,
    charge: string,
    paid: string,
    adjustments: Array<[string, string, string]>,
  ): RemitClaim =>
    ({
      claimId: "X",
      status,
      charge,
      paid,
      filingIndicator: "MB",
      patient: {},
      remarks: [],
      lines: [],
      adjustments: adjustments.map(([group, carc, amount]) => ({ group, carc, amount })),
      segment: 1,
      position: {} as never,
    }) as RemitClaim;
  it.each([
    ["1 paid in full", remit("1", "100.00", "100.00", []), "paid"],
    ["1 paid less than billed", remit("1", "100.00", "60.00", [["CO", "45", "40.00"]]), "partially-paid"],
    ["4 denied", remit("4", "100.00", "0.00", [["CO", "50", "100.00"]]), "denied"],
    ["1 nothing paid, a denial CARC", remit("1", "100.00", "0.00", [["CO", "236", "100.00"]]), "denied"],
    [
      "1 nothing paid, all the patient's (deductible)",
      remit("1", "100.00", "0.00", [["PR", "1", "100.00"]]),
      "partially-paid",
    ],
    ["19 forwarded, paid in full", remit("19", "100.00", "100.00", []), "paid"],
    ["23 not our claim", remit("23", "100.00", "0.00", []), null],
  ])("%s", (_name, r, expected) => {
    expect(claimStatusAfter(r)).toBe(expected);
  });
});

describe.each(backends)("submissions, remittance posting and the worklist on %s", (backend) => {
  let store: TestStore;
  let ctx: AppContext;
  const org = randomUUID();
  const practiceA = randomUUID();
  const practiceB = randomUUID();
  const ids: Record<string, string> = {};
  let scopeA: Scope;
  let scopeB: Scope;

  beforeAll(async () => {
    store = await freshStore(backend);
    const keys = new Map([[1, Buffer.alloc(32, 7)]]);
    ctx = {
      store,
      cipher: new PhiCipher({ current: 1, keys } as never),
      reference,
      today: () => "2026-03-25",
      now: () => new Date(),
    };
    await store.db.insertInto("organizations").values({ id: org, name: "Bayside Billing" }).execute();
    await store.db
      .insertInto("practices")
      .values([
        { id: practiceA, organization_id: org, name: "A", settings: JSON.stringify({ envelope }) },
        { id: practiceB, organization_id: org, name: "B", settings: JSON.stringify({ envelope }) },
      ])
      .execute();
    scopeA = scopeFor(org, practiceA);
    scopeB = scopeFor(org, practiceB);
    ids.c1 = await storeClaim(ctx, practiceA, codedClaim("V-3001"));
    ids.c2 = await storeClaim(ctx, practiceA, codedClaim("V-3002"));
    ids.c3 = await storeClaim(ctx, practiceA, codedClaim("V-3003", true));
    ids.c4 = await storeClaim(ctx, practiceA, codedClaim("V-3004"));
    ids.draft = await storeClaim(ctx, practiceA, codedClaim("V-3005"), "draft");
    ids.b1 = await storeClaim(ctx, practiceB, codedClaim("V-4001"));
  }, 60_000);
  afterAll(async () => {
    await store?.dispose();
  });

  it("submits ready claims as one 837P that reads back, with ISA13 numbers that increase and never repeat", async () => {
    const first = await submitClaims(ctx, scopeA, { claimIds: [ids.c1!, ids.c2!, ids.c3!] });
    expect(first).toMatchObject({ isa13: "000000001", gs06: "1", st02: "0001", charge: "660.00" });
    const text = await getSubmission837(ctx, scopeA, first.submissionId);
    expect(text).toContain("ISA*00*");
    expect(text).toContain("*000000001*");
    const reread = parse837(text, { reference });
    expect(reread.claims.map((c) => c.claim.id)).toEqual(["V-3001", "V-3002", "V-3003"]);
    expect(reread.claims[0]!.claim.patient.lastName).toBe("Diaz");
    const second = await submitClaims(ctx, scopeA, { claimIds: [ids.c4!] });
    expect(second.isa13).toBe("000000002");
    // Practice B counts its own numbers.
    const b = await submitClaims(ctx, scopeB, { claimIds: [ids.b1!] });
    expect(b.isa13).toBe("000000001");
    const statuses = await store.db
      .selectFrom("claims")
      .select(["id", "status"])
      .where("id", "in", [ids.c1!, ids.c4!])
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(["submitted", "submitted"]);
    const links = await store.db
      .selectFrom("submission_claims")
      .selectAll()
      .where("submission_id", "=", first.submissionId)
      .execute();
    expect(links).toHaveLength(3);
    // the stored 837 is sealed
    const row = await store.db
      .selectFrom("submissions")
      .select("content_enc")
      .where("id", "=", first.submissionId)
      .executeTakeFirstOrThrow();
    expect(row.content_enc).not.toContain("DIAZ");
  });

  it("refuses claims not ready (409, named), unknown or other practices' claims (404), and mixed practices", async () => {
    await expect(submitClaims(ctx, scopeA, { claimIds: [ids.c1!, ids.draft!] })).rejects.toMatchObject({
      code: "conflict",
      issues: [
        { data: { claimId: ids.c1, status: "submitted" } },
        { data: { claimId: ids.draft, status: "draft" } },
      ],
    });
    await expect(submitClaims(ctx, scopeA, { claimIds: [ids.b1!] })).rejects.toMatchObject({
      code: "not-found",
      issues: [{ data: { id: ids.b1 } }],
    });
    const both = scopeFor(org, practiceA);
    both.grants = [{ role: "biller", practiceId: null }];
    await expect(submitClaims(ctx, both, { claimIds: [ids.draft!, ids.b1!] })).rejects.toMatchObject({
      code: "invalid-input",
    });
    await expect(
      submitClaims(ctx, scopeFor(org, practiceA, "viewer"), { claimIds: [ids.draft!] }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const numbers = await store.db
      .selectFrom("submissions")
      .select("isa13")
      .where("practice_id", "=", practiceA)
      .execute();
    expect(numbers.map((n) => n.isa13).sort()).toEqual(["000000001", "000000002"]);
  });

  it("posts an 835: statuses, paid amounts, the NCCI denial on the right claim version, balance true", async () => {
    const result = await postRemit(ctx, scopeA, practiceA, file1);
    ids.remit1 = result.remitId;
    expect(result.posted).toBe(true);
    expect(result.balance).toEqual({
      paymentAmount: "537.00",
      claimPayments: "537.00",
      providerAdjustments: "0.00",
      balanced: true,
    });
    expect(result.unmatched).toEqual([]);
    const claims = await store.db
      .selectFrom("claims")
      .select(["id", "status", "paid_cents", "payer_claim_control_number"])
      .where("id", "in", [ids.c1!, ids.c2!, ids.c3!])
      .execute();
    const byId = new Map(claims.map((c) => [c.id, c]));
    expect(byId.get(ids.c1!)).toMatchObject({
      status: "paid",
      paid_cents: 22000,
      payer_claim_control_number: "PCCN3001",
    });
    expect(byId.get(ids.c2!)).toMatchObject({ status: "partially-paid", paid_cents: 15200 });
    expect(byId.get(ids.c3!)).toMatchObject({ status: "partially-paid", paid_cents: 16500 });
    const denials = result.items.filter((i) => i.kind === "denial");
    expect(denials).toHaveLength(1);
    const [denial] = denials;
    const version = await store.db
      .selectFrom("claim_versions")
      .select("id")
      .where("claim_id", "=", ids.c3!)
      .executeTakeFirstOrThrow();
    const remitClaim = await store.db
      .selectFrom("remit_claims")
      .select("id")
      .where("control_number", "=", "V-3003")
      .where("remittance_id", "=", result.remitId)
      .executeTakeFirstOrThrow();
    expect(denial).toMatchObject({
      claimId: ids.c3,
      claimVersionId: version.id,
      remitClaimId: remitClaim.id,
      code: "97140",
      rule: "ncci-ptp",
      carc: "236",
      amount: "55.00",
      action: "correct",
    });
    expect(denial!.nextStep).toMatch(/XS/);
    const stored = await store.db
      .selectFrom("worklist_items")
      .selectAll()
      .where("id", "=", denial!.itemId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      kind: "denial",
      rule: "ncci-ptp",
      carc: "236",
      amount_cents: 5500,
      status: "open",
    });
    expect((stored.item as { fix: { patch: unknown } }).fix.patch).toEqual([
      { op: "add-modifier", line: 2, modifier: "XS" },
    ]);
    const row = await store.db
      .selectFrom("remittances")
      .selectAll()
      .where("id", "=", result.remitId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ paid_cents: 53700, balanced: true, content_hash: remitContentHash(file1) });
    expect(row.content_enc).not.toContain("DIAZ");
  });

  it("posts the same 835 once: the second call returns the first result, posted false, and writes nothing", async () => {
    const before = await Promise.all([
      count(store, "remittances"),
      count(store, "remit_claims"),
      count(store, "worklist_items"),
      count(store, "claim_events"),
    ]);
    const again = await postRemit(ctx, scopeA, practiceA, file1.replaceAll("~\n", "~\r\n"));
    expect(again.posted).toBe(false);
    expect(again.remitId).toBe(ids.remit1);
    const after = await Promise.all([
      count(store, "remittances"),
      count(store, "remit_claims"),
      count(store, "worklist_items"),
      count(store, "claim_events"),
    ]);
    expect(after).toEqual(before);
    const c1 = await store.db
      .selectFrom("claims")
      .select("paid_cents")
      .where("id", "=", ids.c1!)
      .executeTakeFirstOrThrow();
    expect(c1.paid_cents).toBe(22000);
  });

  it("undoes a reversed payment (CLP02 22), keeps both rows, and balances with the PLB interest", async () => {
    const result = await postRemit(ctx, scopeA, practiceA, file2);
    expect(result.balance).toEqual({
      paymentAmount: "5.00",
      claimPayments: "-20.00",
      providerAdjustments: "-25.00",
      balanced: true,
    });
    expect(result.providerAdjustments).toEqual([{ reason: "L6", reference: "PCCN3001", amount: "-25.00" }]);
    const rows = await store.db
      .selectFrom("remit_claims")
      .select(["id", "status_code", "paid_cents", "reversed", "reverses_id", "remittance_id"])
      .where("control_number", "=", "V-3001")
      .orderBy("paid_cents")
      .execute();
    expect(rows).toHaveLength(3);
    const original = rows.find((r) => r.remittance_id === ids.remit1)!;
    const reversal = rows.find((r) => r.status_code === "22")!;
    expect(original.reversed).toBe(true);
    expect(reversal).toMatchObject({ paid_cents: -22000, reverses_id: original.id, reversed: false });
    const claim = await store.db
      .selectFrom("claims")
      .select(["status", "paid_cents"])
      .where("id", "=", ids.c1!)
      .executeTakeFirstOrThrow();
    expect(claim).toEqual({ status: "partially-paid", paid_cents: 20000 });
    const events = await store.db
      .selectFrom("claim_events")
      .select(["from_status", "to_status"])
      .where("claim_id", "=", ids.c1!)
      .orderBy("at")
      .orderBy("id")
      .execute();
    expect(events.map((e) => `${e.from_status}->${e.to_status}`)).toEqual(
      expect.arrayContaining([
        "ready->submitted",
        "submitted->paid",
        "paid->submitted",
        "submitted->partially-paid",
      ]),
    );
    const remit = await store.db
      .selectFrom("remittances")
      .select(["plb_cents", "plb"])
      .where("id", "=", result.remitId)
      .executeTakeFirstOrThrow();
    expect(remit.plb_cents).toBe(-2500);
  });

  it("stores an unbalanced 835 with balanced false, and lists the claim it cannot match", async () => {
    const result = await postRemit(ctx, scopeA, practiceA, file3);
    expect(result.balance).toEqual({
      paymentAmount: "12.00",
      claimPayments: "10.00",
      providerAdjustments: "0.00",
      balanced: false,
    });
    expect(result.findings.some((f) => /does not balance/.test(f.message))).toBe(true);
    expect(result.unmatched).toMatchObject([{ kind: "remit-claim", claimId: "V-9999" }]);
    expect(result.items).toMatchObject([{ kind: "unmatched", claimId: null, controlNumber: "V-9999" }]);
    const view = await getRemit(ctx, scopeA, result.remitId);
    expect(view.balance.balanced).toBe(false);
    const row = await store.db
      .selectFrom("remittances")
      .select("balanced")
      .where("id", "=", result.remitId)
      .executeTakeFirstOrThrow();
    expect(row.balanced).toBe(false);
  });

  it("keeps tenants apart: practice B cannot post to or read practice A's remits or worklist (404)", async () => {
    await expect(postRemit(ctx, scopeB, practiceA, file1)).rejects.toMatchObject({ code: "not-found" });
    await expect(getRemit(ctx, scopeB, ids.remit1!)).rejects.toMatchObject({ code: "not-found" });
    await expect(getRemit(ctx, scopeB, "not-a-uuid")).rejects.toMatchObject({ code: "not-found" });
    const listed = await listWorklist(ctx, scopeB, {});
    expect(listed.items).toEqual([]);
    await expect(listWorklist(ctx, scopeB, { practiceId: practiceA })).rejects.toMatchObject({
      code: "not-found",
    });
    const [item] = (await listWorklist(ctx, scopeA, { kind: "denial" })).items;
    await expect(
      updateWorklistItem(ctx, scopeB, item!.itemId, { status: "in-progress" }),
    ).rejects.toMatchObject({ code: "not-found" });
    await expect(
      getSubmission837(
        ctx,
        scopeB,
        (
          await store.db
            .selectFrom("submissions")
            .select("id")
            .where("practice_id", "=", practiceA)
            .executeTakeFirstOrThrow()
        ).id,
      ),
    ).rejects.toMatchObject({ code: "not-found" });
  });

  it("works an item: open → in-progress → resolved with notes; a move the table refuses is 409", async () => {
    const { items } = await listWorklist(ctx, scopeA, { kind: "denial", claimId: ids.c3! });
    expect(items).toHaveLength(1);
    const id = items[0]!.itemId;
    const moved = await updateWorklistItem(ctx, scopeA, id, {
      status: "in-progress",
      note: "calling the payer",
    });
    expect(moved.status).toBe("in-progress");
    expect(moved.notes).toMatchObject([{ text: "calling the payer", by: "biller@test" }]);
    const done = await updateWorklistItem(ctx, scopeA, id, {
      status: "resolved",
      note: "corrected claim sent",
    });
    expect(done.notes.map((n) => n.text)).toEqual(["calling the payer", "corrected claim sent"]);
    await expect(updateWorklistItem(ctx, scopeA, id, { status: "ignored" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      updateWorklistItem(ctx, scopeFor(org, practiceA, "viewer"), id, { status: "open" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await updateWorklistItem(ctx, scopeA, id, { status: "open" });
    const page1 = await listWorklist(ctx, scopeA, { limit: 1 });
    expect(page1.items).toHaveLength(1);
    const page2 = await listWorklist(ctx, scopeA, { limit: 1, cursor: page1.nextCursor! });
    expect(page2.items[0]!.itemId).not.toBe(page1.items[0]!.itemId);
  });

  it("makes the corrected claim for the NCCI denial: frequency 7, REF*F8 from CLP07, XS on 97140", async () => {
    const { items } = await listWorklist(ctx, scopeA, { kind: "denial", claimId: ids.c3! });
    const saved: unknown[] = [];
    const result = await correctedClaimFor(async (_c, _s, claimId, correction) => {
      saved.push({ claimId, frequency: correction.frequency });
      return { claimVersionId: randomUUID(), version: 2 };
    })(ctx, scopeA, items[0]!.itemId);
    expect(result.corrected).toMatchObject({
      frequency: "7",
      payerClaimControlNumber: "PCCN3003",
      remainingFindings: [],
    });
    expect(result.corrected.claim.lines[2]!.modifiers).toContain("XS");
    expect(result.corrected.x12).toContain("REF*F8*PCCN3003~");
    expect(saved).toEqual([{ claimId: ids.c3, frequency: "7" }]);
  });

  it("leaves nothing behind when the posting fails midway (one transaction)", async () => {
    await sql`create function fail_worklist() returns trigger language plpgsql as $$
      begin raise exception 'injected failure mid-posting'; end $$`.execute(store.db);
    await sql`create trigger fail_worklist before insert on worklist_items for each statement execute function fail_worklist()`.execute(
      store.db,
    );
    const before = await Promise.all([
      count(store, "remittances"),
      count(store, "remit_claims"),
      count(store, "claim_events"),
    ]);
    const denied = file1.replaceAll("EFT1", "EFT9");
    try {
      await expect(postRemit(ctx, scopeA, practiceA, denied)).rejects.toThrow(/injected failure/);
    } finally {
      await sql`drop trigger fail_worklist on worklist_items`.execute(store.db);
      await sql`drop function fail_worklist()`.execute(store.db);
    }
    const after = await Promise.all([
      count(store, "remittances"),
      count(store, "remit_claims"),
      count(store, "claim_events"),
    ]);
    expect(after).toEqual(before);
    const c2 = await store.db
      .selectFrom("claims")
      .select("paid_cents")
      .where("id", "=", ids.c2!)
      .executeTakeFirstOrThrow();
    expect(c2.paid_cents).toBe(15200);
  });

  it("refuses a file that is not an 835 with an X12 position (invalid-input)", async () => {
    await expect(postRemit(ctx, scopeA, practiceA, "hello")).rejects.toMatchObject({ code: "invalid-input" });
  });

  it("posts a published sample 835, reporting its claims as unmatched, without a crash", async () => {
    const text = fs.readFileSync(
      path.join(sharedDataDir, "x12-samples/835/edi835parser_emedny_sample.txt"),
      "utf8",
    );
    const result = await postRemit(ctx, scopeA, practiceA, text);
    expect(result.posted).toBe(true);
    expect(result.unmatched.filter((u) => u.kind === "remit-claim")).toHaveLength(3);
    expect(result.items.filter((i) => i.kind === "unmatched")).toHaveLength(3);
  });
});
