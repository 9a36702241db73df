import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../app/context.js";
import { addUser, createToken, operatorScope } from "../app/identity.js";
import { createOrganization, createPractice } from "../app/practices.js";
import type { Role } from "../app/scope.js";
import { baysideSettings, seedVisit } from "../app/test-support.js";
import { type ServerSetup, serverSetupFromEnv } from "../cli/commands/serve.js";
import { queryAudit } from "../store/audit.js";
import { backends, freshDatabaseUrl } from "../store/test-support.js";
import { buildServer } from "./app.js";

/**
 * A hostile tenant's table (issue 9, tenancy and roles), over HTTP on a server wired as
 * `cleanclaim serve` wires it (serverSetupFromEnv), on both back-ends: two organizations
 * (A with practices A1 and A2, B with B1), tokens of every role across an organization or
 * in one practice, and every id-taking route and filter tried across them. Then the PHI
 * scan of every table after visits, a submission, an 835 posting and a batch, and the audit
 * records those requests left.
 */
const envelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "BILLING DESK", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  usageIndicator: "T",
};

/** The seed visit's patient (synthetic): what must never be in a table in plaintext. */
const phi = ["Diaz", "DIAZ", "1EG4TE5MK73", "1956-04-09", "19560409", "04/09/1956", "1450 NW 10th Ave"];

/** A denial of the seed claim's 97140 (CO-236) with the rest paid, the patient named as payers do (NM1*QC). */
function remit835(controlNumber: string): string {
  return `${[
    "ISA*00*          *00*          *ZZ*09102          *ZZ*1234567893     *260320*0930*^*00501*000000101*0*P*:",
    "GS*HP*09102*1234567893*20260320*0930*101*X*005010X221A1",
    "ST*835*0001",
    "BPR*I*165*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*20260320",
    "TRN*1*EFT1*1512345678",
    "DTM*405*20260320",
    "N1*PR*FIRST COAST SERVICE OPTIONS",
    "N3*PO BOX 2000",
    "N4*JACKSONVILLE*FL*322310000",
    "REF*2U*09102",
    "PER*BL*PROVIDER SERVICES*TE*8665550100",
    "N1*PE*BAYSIDE THERAPY*XX*1234567893",
    "REF*TJ*591234567",
    "LX*1",
    `CLP*${controlNumber}*1*220*165**MB*PCCN1001*11*1`,
    "NM1*QC*1*DIAZ*ANA****MI*1EG4TE5MK73",
    "SVC*HC:97012:GP*45*45**1",
    "DTM*472*20260302",
    "SVC*HC:97110:GP*120*120**2",
    "DTM*472*20260302",
    "SVC*HC:97140:GP:XS*55*0**1",
    "DTM*472*20260302",
    "CAS*CO*236*55",
    "SE*22*0001",
    "GE*1*101",
    "IEA*1*000000101",
  ].join("~\n")}~\n`;
}

const guessed = "00000000-0000-4000-8000-000000000000";

describe.each(backends)("tenancy and roles over HTTP on %s", (backend) => {
  let setup: ServerSetup;
  let app: FastifyInstance;
  let ctx: AppContext;
  let home: string;
  let drop: (() => Promise<void>) | undefined;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function call(token: string, method: string, url: string, payload?: unknown, type?: string) {
    return app.inject({
      method: method as "GET",
      url,
      headers: {
        authorization: `Bearer ${tokens[token]}`,
        ...(type ? { "content-type": type } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  async function ok(token: string, method: string, url: string, payload?: unknown, type?: string) {
    const response = await call(token, method, url, payload, type);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  }

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-review-"));
    const env: NodeJS.ProcessEnv = { CLEANCLAIM_HOME: home, CLEANCLAIM_LOG_LEVEL: "silent" };
    if (backend === "postgres") {
      const db = await freshDatabaseUrl();
      env.DATABASE_URL = db.url;
      drop = db.drop;
    }
    setup = await serverSetupFromEnv(env);
    ctx = setup.opened.ctx;
    app = await buildServer({ ...setup.deps, rateLimit: false });

    const settings = { ...baysideSettings(), envelope };
    for (const [org, practices] of [
      ["A", ["A1", "A2"]],
      ["B", ["B1"]],
    ] as const) {
      ids[org] = (await createOrganization(ctx, { name: `Org ${org}` })).id;
      for (const p of practices)
        ids[p] = (
          await createPractice(ctx, operatorScope(ids[org]!), { name: `Practice ${p}`, settings })
        ).id;
    }
    const grants: Array<[string, string, Role, string | null]> = [
      ["aAdmin", "A", "admin", null],
      ["aBiller", "A", "biller", null],
      ["aViewer", "A", "viewer", null],
      ["a1Admin", "A", "admin", "A1"],
      ["a1Biller", "A", "biller", "A1"],
      ["a1Viewer", "A", "viewer", "A1"],
      ["a2Viewer", "A", "viewer", "A2"],
      ["bAdmin", "B", "admin", null],
      ["bBiller", "B", "biller", null],
    ];
    for (const [name, org, role, practice] of grants) {
      const created = await createToken(ctx, operatorScope(ids[org]!), {
        role,
        practiceId: practice === null ? null : ids[practice]!,
        name,
      });
      tokens[name] = created.token;
      ids[`token:${name}`] = created.id;
    }
    for (const org of ["A", "B"])
      ids[`user:${org}`] = (
        await addUser(ctx, operatorScope(ids[org]!), {
          email: `biller@${org.toLowerCase()}.example`,
          password: "correct horse battery",
          grants: [{ role: "biller", practiceId: null }],
        })
      ).id;

    // A1: the seed visit, made ready, submitted, and paid in part by an 835 (a denial to work).
    const a1 = await ok("a1Biller", "POST", `/api/v1/visits?practiceId=${ids.A1}`, seedVisit());
    ids.claimA1 = a1.claimId;
    ids.visitA1 = a1.visitId;
    ids.patientA1 = (await ctx.store.db
      .selectFrom("claims")
      .select("patient_id")
      .where("id", "=", a1.claimId)
      .executeTakeFirstOrThrow())!.patient_id;
    await ok("a1Biller", "POST", `/api/v1/claims/${ids.claimA1}/transition`, {
      to: "ready",
      override: true,
      reason: "reviewed",
    });
    ids.submissionA1 = (
      await ok("a1Biller", "POST", "/api/v1/submissions", { claimIds: [ids.claimA1] })
    ).submissionId;
    const posted = await ok(
      "a1Biller",
      "POST",
      `/api/v1/remits?practiceId=${ids.A1}`,
      remit835("V-1001"),
      "text/plain",
    );
    ids.remitA1 = posted.remitId;
    ids.itemA1 = (posted.items[0] ?? posted.underpayments[0]).itemId;
    // A2 and B1: a visit each (other patients' ids as the visit id).
    ids.claimA2 = (
      await ok("aBiller", "POST", `/api/v1/visits?practiceId=${ids.A2}`, { ...seedVisit(), id: "V-2001" })
    ).claimId;
    ids.claimB1 = (await ok("bBiller", "POST", "/api/v1/visits", { ...seedVisit(), id: "V-3001" })).claimId;
    // A batch in A1 whose second visit is refused (a birth date written the US way).
    const refused = seedVisit();
    refused.id = "V-1003";
    (refused.patient as Record<string, unknown>).birthDate = "04/09/1956";
    const batch = await ok("a1Biller", "POST", `/api/v1/batches?practice=${ids.A1}`, [
      { ...seedVisit(), id: "V-1002", dateOfService: "2026-03-09" },
      refused,
    ]);
    ids.jobA1 = batch.jobId;
    for (let i = 0; i < 600; i++) {
      const job = await ok("a1Viewer", "GET", `/api/v1/jobs/${ids.jobA1}`);
      if (job.status === "done" || job.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await setup?.close();
    await drop?.();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("the batch finished with one visit stored and one refused", async () => {
    const job = await ok("a1Viewer", "GET", `/api/v1/jobs/${ids.jobA1}`);
    expect(job).toMatchObject({ status: "done", result: { stored: 1, refused: [{ index: 1 }] } });
  });

  /** [who, method, url (":name" is replaced by ids.name), body?, expected status] */
  type Case = [string, string, string, unknown, number];
  const crossTenant: Case[] = [
    // another organization's ids
    ["bAdmin", "GET", "/api/v1/claims/:claimA1", undefined, 404],
    ["bAdmin", "POST", "/api/v1/claims/:claimA1/fix", {}, 404],
    ["bAdmin", "POST", "/api/v1/claims/:claimA1/transition", { to: "closed" }, 404],
    ["bAdmin", "POST", "/api/v1/claims/:claimA1/attest", { kind: "medical-necessity", note: "x" }, 404],
    ["bAdmin", "GET", "/api/v1/patients/:patientA1", undefined, 404],
    ["bAdmin", "GET", "/api/v1/patients/:patientA1/therapy-spending?year=2026", undefined, 404],
    ["bAdmin", "GET", "/api/v1/patients?practiceId=:A1&memberId=1EG4TE5MK73", undefined, 404],
    ["bAdmin", "GET", "/api/v1/practices/:A1", undefined, 404],
    ["bAdmin", "PATCH", "/api/v1/practices/:A1", { name: "taken" }, 404],
    ["bAdmin", "POST", "/api/v1/visits?practiceId=:A1", { ...seedVisit(), id: "V-9001" }, 404],
    ["bAdmin", "GET", "/api/v1/claims?practiceId=:A1", undefined, 404],
    ["bAdmin", "GET", "/api/v1/claims?patient=:patientA1", undefined, 404],
    ["bAdmin", "GET", "/api/v1/submissions/:submissionA1", undefined, 404],
    ["bAdmin", "GET", "/api/v1/submissions/:submissionA1/837", undefined, 404],
    ["bAdmin", "POST", "/api/v1/submissions", { claimIds: [":claimA1"] }, 404],
    ["bAdmin", "GET", "/api/v1/remits/:remitA1", undefined, 404],
    ["bAdmin", "POST", "/api/v1/remits?practiceId=:A1", { text: "ISA*" }, 404],
    ["bAdmin", "PATCH", "/api/v1/worklist/:itemA1", { status: "ignored" }, 404],
    ["bAdmin", "POST", "/api/v1/worklist/:itemA1/corrected-claim", {}, 404],
    ["bAdmin", "GET", "/api/v1/worklist?practiceId=:A1", undefined, 404],
    ["bAdmin", "GET", "/api/v1/jobs/:jobA1", undefined, 404],
    ["bAdmin", "POST", "/api/v1/batches?practice=:A1", [seedVisit()], 404],
    ["bAdmin", "PATCH", "/api/v1/users/:user:A", { disabled: true }, 404],
    ["bAdmin", "DELETE", "/api/v1/users/:user:A/sessions", undefined, 404],
    ["bAdmin", "DELETE", "/api/v1/tokens/:token:aAdmin", undefined, 404],
    ["bAdmin", "POST", "/api/v1/tokens", { role: "admin", practiceId: ":A1" }, 404],
    [
      "bAdmin",
      "POST",
      "/api/v1/users",
      {
        email: "x@b.example",
        password: "correct horse battery",
        roles: [{ role: "admin", practiceId: ":A1" }],
      },
      404,
    ],
    ["bBiller", "GET", "/api/v1/claims/:claimA2", undefined, 404],
    // another practice of the same organization, from a practice-scoped token
    ["a2Viewer", "GET", "/api/v1/claims/:claimA1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/patients/:patientA1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/patients/:patientA1/therapy-spending?year=2026", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/patients?practiceId=:A1&memberId=1EG4TE5MK73", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/submissions/:submissionA1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/submissions/:submissionA1/837", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/remits/:remitA1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/jobs/:jobA1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/practices/:A1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/claims?practiceId=:A1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/claims?patient=:patientA1", undefined, 404],
    ["a2Viewer", "GET", "/api/v1/worklist?practiceId=:A1", undefined, 404],
    ["a1Biller", "GET", "/api/v1/claims/:claimA2", undefined, 404],
    ["a1Biller", "POST", "/api/v1/claims/:claimA2/fix", {}, 404],
    ["a1Biller", "POST", "/api/v1/submissions", { claimIds: [":claimA2"] }, 404],
    ["a1Biller", "POST", "/api/v1/visits?practiceId=:A2", { ...seedVisit(), id: "V-9002" }, 404],
    ["a1Biller", "POST", "/api/v1/batches?practice=:A2", [seedVisit()], 404],
    ["a1Biller", "POST", "/api/v1/remits?practiceId=:A2", { text: "ISA*" }, 404],
    ["a1Admin", "PATCH", "/api/v1/practices/:A2", { name: "taken" }, 404],
    // guessed and malformed ids are not found, never a 500
    ["aAdmin", "GET", `/api/v1/claims/${guessed}`, undefined, 404],
    ["aAdmin", "GET", "/api/v1/claims/1%20or%201=1", undefined, 404],
    ["aAdmin", "GET", "/api/v1/patients/not-a-uuid", undefined, 404],
    ["aAdmin", "GET", "/api/v1/remits/not-a-uuid", undefined, 404],
    ["aAdmin", "GET", "/api/v1/submissions/not-a-uuid", undefined, 404],
    ["aAdmin", "GET", "/api/v1/jobs/not-a-uuid", undefined, 404],
    ["aAdmin", "PATCH", "/api/v1/worklist/not-a-uuid", { status: "open" }, 404],
    ["aAdmin", "GET", "/api/v1/practices/not-a-uuid", undefined, 404],
    ["aAdmin", "PATCH", "/api/v1/users/not-a-uuid", { disabled: true }, 404],
    ["aAdmin", "DELETE", "/api/v1/tokens/not-a-uuid", undefined, 404],
    ["aBiller", "POST", "/api/v1/visits?practiceId=not-a-uuid", seedVisit(), 404],
    ["aBiller", "POST", "/api/v1/batches?practice=not-a-uuid", [seedVisit()], 404],
    ["aBiller", "POST", "/api/v1/remits?practiceId=not-a-uuid", { text: "ISA*" }, 404],
    ["aBiller", "POST", "/api/v1/submissions", { claimIds: ["not-a-uuid"] }, 404],
    ["aViewer", "GET", "/api/v1/claims?practiceId=not-a-uuid", undefined, 404],
    ["aViewer", "GET", "/api/v1/patients?practiceId=not-a-uuid&memberId=1", undefined, 404],
    ["aViewer", "GET", "/api/v1/worklist?practiceId=not-a-uuid", undefined, 400],
  ];

  const roles: Case[] = [
    // a viewer never writes
    ...(["aViewer", "a1Viewer"] as const).flatMap((who): Case[] => [
      [who, "POST", "/api/v1/visits?practiceId=:A1", { ...seedVisit(), id: "V-9003" }, 403],
      [who, "POST", "/api/v1/batches?practice=:A1", [{ ...seedVisit(), id: "V-9004" }], 403],
      [who, "POST", "/api/v1/claims/:claimA1/fix", {}, 403],
      [who, "POST", "/api/v1/claims/:claimA1/transition", { to: "closed", reason: "x" }, 403],
      [who, "POST", "/api/v1/claims/:claimA1/attest", { kind: "medical-necessity", note: "x" }, 403],
      [who, "POST", "/api/v1/submissions", { claimIds: [":claimA1"] }, 403],
      [who, "POST", "/api/v1/remits?practiceId=:A1", { text: remit835("V-1001") }, 403],
      [who, "PATCH", "/api/v1/worklist/:itemA1", { status: "ignored" }, 403],
      [who, "POST", "/api/v1/worklist/:itemA1/corrected-claim", {}, 403],
      [who, "PATCH", "/api/v1/practices/:A1", { name: "viewer's" }, 403],
    ]),
    // a biller does not administer
    ...(["aBiller", "a1Biller"] as const).flatMap((who): Case[] => [
      [who, "GET", "/api/v1/users", undefined, 403],
      [
        who,
        "POST",
        "/api/v1/users",
        {
          email: "x@a.example",
          password: "correct horse battery",
          roles: [{ role: "admin", practiceId: null }],
        },
        403,
      ],
      [who, "PATCH", "/api/v1/users/:user:A", { roles: [{ role: "admin", practiceId: null }] }, 403],
      [who, "DELETE", "/api/v1/users/:user:A/sessions", undefined, 403],
      [who, "GET", "/api/v1/tokens", undefined, 403],
      [who, "POST", "/api/v1/tokens", { role: "admin" }, 403],
      [who, "DELETE", "/api/v1/tokens/:token:aAdmin", undefined, 403],
      [who, "POST", "/api/v1/practices", { name: "New", settings: baysideSettings() }, 403],
      [who, "PATCH", "/api/v1/practices/:A1", { name: "biller's" }, 403],
      [who, "GET", "/api/v1/audit", undefined, 403],
    ]),
    // a practice's admin administers that practice, not the organization
    ["a1Admin", "GET", "/api/v1/users", undefined, 403],
    ["a1Admin", "POST", "/api/v1/tokens", { role: "admin", practiceId: ":A1" }, 403],
    ["a1Admin", "GET", "/api/v1/tokens", undefined, 403],
    ["a1Admin", "GET", "/api/v1/audit", undefined, 403],
    ["a1Admin", "POST", "/api/v1/practices", { name: "New", settings: baysideSettings() }, 403],
  ];

  const fill = (text: string) => text.replace(/:([A-Za-z0-9:]+?)(?=$|[/?&"])/g, (m, k) => ids[k] ?? m);

  it.each([...crossTenant, ...roles])("%s %s %s → %#", async (who, method, url, body, status) => {
    const payload = body === undefined ? undefined : JSON.parse(fill(JSON.stringify(body)));
    const response = await call(who, method, fill(url), payload);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("imports are for organization admins only", async () => {
    for (const who of ["aBiller", "a1Admin", "aViewer"]) {
      const response = await call(who, "POST", "/api/v1/imports?name=x.csv", "a,b\n", "text/csv");
      expect(response.statusCode, `${who}: ${response.body}`).toBe(403);
    }
  });

  it("refused writes changed nothing: the claims, practices and worklist item are as they were", async () => {
    const claim = await ctx.store.db
      .selectFrom("claims")
      .select(["status", "current_version"])
      .where("id", "=", ids.claimA1!)
      .executeTakeFirstOrThrow();
    expect(claim.current_version).toBe(1);
    const practices = await ctx.store.db.selectFrom("practices").select("name").orderBy("name").execute();
    expect(practices.map((p) => p.name)).toEqual(["Practice A1", "Practice A2", "Practice B1"]);
    const item = await ctx.store.db
      .selectFrom("worklist_items")
      .select("status")
      .where("id", "=", ids.itemA1!)
      .executeTakeFirstOrThrow();
    expect(item.status).toBe("open");
    const tokensLive = await ctx.store.db
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(tokensLive.n)).toBe(9);
  });

  it("filters see only the caller's own rows", async () => {
    // a member id names no patient of another tenant; a payer filter lists only the caller's claims
    expect(
      (await ok("bAdmin", "GET", "/api/v1/claims?patient=1EG4TE5MK73")).items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([ids.claimB1]);
    expect(
      (await ok("a2Viewer", "GET", "/api/v1/claims?patient=1EG4TE5MK73")).items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([ids.claimA2]);
    expect((await ok("bAdmin", "GET", "/api/v1/claims?payer=MEDICARE-FL")).items).toHaveLength(1);
    expect((await ok("bAdmin", "GET", `/api/v1/worklist?claimId=${ids.claimA1}`)).items).toEqual([]);
    expect((await ok("a2Viewer", "GET", "/api/v1/worklist")).items).toEqual([]);
    expect((await ok("bAdmin", "GET", "/api/v1/practices")).items.map((p: { id: string }) => p.id)).toEqual([
      ids.B1,
    ]);
    expect((await ok("a1Viewer", "GET", "/api/v1/practices")).items.map((p: { id: string }) => p.id)).toEqual(
      [ids.A1],
    );
    expect((await ok("bAdmin", "GET", "/api/v1/users")).map((u: { id: string }) => u.id)).toEqual([
      ids["user:B"],
    ]);
    expect(
      (await ok("bAdmin", "GET", "/api/v1/tokens")).every((t: { name: string }) => t.name.startsWith("b")),
    ).toBe(true);
    // B's audit log holds B's own records (its refused guesses name the ids it tried, nothing more)
    const audit = (await ok("bAdmin", "GET", "/api/v1/audit?limit=1000")).records as Array<{
      practiceId: string | null;
      outcome: string;
    }>;
    expect(audit.length).toBeGreaterThan(0);
    expect(
      audit.filter((r) => r.outcome === "ok" && r.practiceId !== null && r.practiceId !== ids.B1),
    ).toEqual([]);
    const a1 = await ok("a1Viewer", "GET", "/api/v1/claims");
    expect(a1.items.every((c: { practiceId: string }) => c.practiceId === ids.A1)).toBe(true);
  });

  it("a tampered cursor is refused (400), never a 500", async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const url of [
      `/api/v1/claims?cursor=${cursor(["2026-13-45", guessed])}`,
      `/api/v1/claims?cursor=${cursor(["2026-02-30", guessed])}`,
      `/api/v1/claims?cursor=${cursor(null)}`,
      "/api/v1/claims?cursor=%%%",
      `/api/v1/worklist?cursor=${cursor({ c: "+275760-09-13T00:00:00.000Z", i: guessed })}`,
      `/api/v1/worklist?cursor=${cursor({ c: 5, i: guessed })}`,
      "/api/v1/audit?before=abc",
    ]) {
      const response = await call("aAdmin", "GET", url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
    }
  });

  it("no table holds the patient's plaintext after visits, a submission, an 835 and a batch", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(ctx.store.db);
    expect(tables.rows.length).toBeGreaterThan(15);
    let rowsSeen = 0;
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(
        ctx.store.db,
      );
      for (const { row } of rows.rows) {
        rowsSeen++;
        for (const text of phi)
          expect(row.includes(text), `${text} in ${table_name}: ${row.slice(0, 300)}`).toBe(false);
      }
    }
    expect(rowsSeen).toBeGreaterThan(50);
  });

  it("audits the reads and changes, the refused ones too, naming the practice and patient", async () => {
    const records = await queryAudit(ctx.store.db, ids.A!, { limit: 1000 });
    const has = (action: string, entity: string, outcome: string, extra: Record<string, unknown> = {}) =>
      expect(
        records.some(
          (r) =>
            r.action === action &&
            r.entity === entity &&
            r.outcome === outcome &&
            Object.entries(extra).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
        ),
        `${action} ${entity} ${outcome} ${JSON.stringify(extra)}`,
      ).toBe(true);
    has("create", "visit", "ok", { practiceId: ids.A1, patientId: ids.patientA1 });
    has("transition", "claim", "ok", { practiceId: ids.A1, patientId: ids.patientA1 });
    has("submit", "submission", "ok", { practiceId: ids.A1 });
    has("post", "remit", "ok", { practiceId: ids.A1 });
    has("submit", "submission", "denied");
    has("update", "claim", "denied");
    // the batch's refused visit is recorded, like a refused POST /visits
    has("create", "visit", "invalid", { practiceId: ids.A1 });
    // claim work names the claim's practice and patient, so the log answers "who touched this patient"
    const fix = await ok("aBiller", "POST", `/api/v1/claims/${ids.claimA2}/fix`, {});
    expect(fix.claimId).toBe(ids.claimA2);
    const patientA2 = (await ctx.store.db
      .selectFrom("claims")
      .select("patient_id")
      .where("id", "=", ids.claimA2!)
      .executeTakeFirstOrThrow())!.patient_id;
    const ofPatient = await queryAudit(ctx.store.db, ids.A!, { patientId: patientA2, limit: 1000 });
    expect(ofPatient.find((r) => r.action === "update" && r.entity === "claim")).toMatchObject({
      entityId: ids.claimA2,
      practiceId: ids.A2,
      outcome: "ok",
    });
    has("update", "claim", "denied", { entityId: ids.claimA1 });
    // B's guesses at A's rows are in B's log, not A's
    const bRecords = await queryAudit(ctx.store.db, ids.B!, { limit: 1000 });
    expect(
      bRecords.some((r) => r.entity === "claim" && r.outcome === "not-found" && r.entityId === ids.claimA1),
    ).toBe(true);
    const text = JSON.stringify([...records, ...bRecords]);
    for (const value of phi) expect(text).not.toContain(value);
  });
});
