import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeCorrectedClaim } from "../src/app/claim-work.js";
import type { AppContext } from "../src/app/context.js";
import { addUser, operatorScope, resolveOrganization } from "../src/app/identity.js";
import { createPractice, getPractice } from "../src/app/practices.js";
import type { Scope } from "../src/app/scope.js";
import { seedSyntheticClaims } from "../src/app/test-support.js";
import { storeVisit } from "../src/app/visits.js";
import { stateScheduleStatuses } from "../src/cli/profiles.js";
import { type RunningJobs, startJobs } from "../src/jobs/index.js";
import { openReference } from "../src/reference/open.js";
import { buildServer } from "../src/server/app.js";
import { identityServerDeps } from "../src/server/identity.js";
import { jobRoutes } from "../src/server/routes/jobs.js";
import { recordsPlugins } from "../src/server/routes/records.js";
import { referenceRoutes } from "../src/server/routes/reference.js";
import { remitRoutes } from "../src/server/routes/remits.js";
import { submissionRoutes } from "../src/server/routes/submissions.js";
import { worklistRoutes } from "../src/server/routes/worklist.js";
import { PhiCipher } from "../src/store/phi-cipher.js";
import { freshStore, type TestStore } from "../src/store/test-support.js";
import { repoRoot, sharedDataDir } from "../src/test-support/reference.js";

/**
 * The web application end to end (issue 10) in Debian's Chromium, driven by playwright-core:
 * the real server in process (identity, records, submissions, remits, worklist, reference data,
 * jobs) on a fresh PGlite store and a data directory of its own, serving the app built by Vite.
 *
 * Screenshots (1280×800 viewport) go to /tmp/web-*.png, the whole page. With
 * CLEANCLAIM_SCREENSHOTS_DIR set (scripts/readme-screenshots.ts sets it to docs/screenshots),
 * one viewport-sized screenshot per page goes there too, for the README: by default the test
 * writes nothing into the repository.
 */
const chromiumPath = "/usr/bin/chromium";
const hasChromium = fs.existsSync(chromiumPath);
const email = "admin@bayside.example";
const password = "correct horse battery staple";
const seed = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
);

const envelope = {
  submitter: { name: "BAYSIDE BILLING", id: "SUB12345", contactName: "ANA DIAZ", phone: "3055550100" },
  receiver: { name: "CLEARINGHOUSE", id: "CH99999" },
  senderId: "SUB12345",
  receiverId: "CH99999",
  usageIndicator: "T",
};

/** An 835 for the seed claim V-1001: 97012 and 97110 paid, 97140 denied CO-236 (NCCI PTP). BPR02 = 165.00. */
function remitFor(controlNumber: string): string {
  const body = [
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
    "LQ*HE*N20",
  ];
  const st = body.slice(2);
  return `${[...body, `SE*${st.length + 1}*0001`, "GE*1*101", "IEA*1*000000101"].join("~\n")}~\n`;
}

/**
 * Visits as CSV (docs/visit-csv.md) for the batch upload: V-2001 is the seed visit's services
 * with 59 chosen by hand on 97140 beside its XS (a modifier error whose fix removes 59),
 * under a plan of care ending 2026-03-12; V-2002 names a rendering NPI the practice does
 * not know and no credential (refused when stored: the credential decides the discipline);
 * V-2003 bills 80 units of 97110 and 20 of 97140 to Medicare, near the KX threshold.
 */
const batchCsv = [
  "visit_id,date_of_service,patient_id,patient_first_name,patient_last_name,patient_birth_date,patient_sex,patient_member_id,patient_zip,patient_address,patient_city,patient_state,payer_id,payer_name,payer_type,place_of_service,rendering_npi,plan_of_care_discipline,plan_of_care_from,plan_of_care_through,diagnoses,code,minutes,region,distinct,modifiers",
  "V-2001,2026-02-27,P-88,Bo,Reyes,1950-05-06,M,1EG4TE5MK88,33101,10 Main St,Miami,FL,MEDICARE-FL,Medicare Part B,medicare,11,,PT,2026-01-15,2026-03-12,M54.16;M51.26,97012,15,,,",
  "V-2001,,,,,,,,,,,,,,,,,,,,,97110,30,,,",
  "V-2001,,,,,,,,,,,,,,,,,,,,,97140,8,cervical,XS,XS;59",
  "V-2002,2026-02-27,P-89,Cy,Lowe,1956-04-09,F,1EG4TE5MK89,33101,11 Main St,Miami,FL,MEDICARE-FL,Medicare Part B,medicare,11,1548306729,PT,2026-01-15,2026-04-30,M54.16,97110,30,,,",
  "V-2003,2026-02-26,P-90,Di,Park,1949-08-09,F,1EG4TE5MK90,33101,12 Main St,Miami,FL,MEDICARE-FL,Medicare Part B,medicare,11,,PT,2026-01-15,2026-04-30,M54.16,97110,1200,,,",
  "V-2003,,,,,,,,,,,,,,,,,,,,,97140,300,lumbar,,",
].join("\n");

/** An 835 for V-2001: 97012 and 97110 paid (165.00); 97140 denied CO-4 (the modifier is inconsistent with the procedure). */
function diagnosisDenial(controlNumber: string): string {
  const body = [
    "ISA*00*          *00*          *ZZ*09102          *ZZ*1234567893     *260327*0930*^*00501*000000102*0*P*:",
    "GS*HP*09102*1234567893*20260327*0930*102*X*005010X221A1",
    "ST*835*0001",
    "BPR*I*165*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*20260327",
    "TRN*1*EFT2*1512345678",
    "DTM*405*20260327",
    "N1*PR*FIRST COAST SERVICE OPTIONS",
    "N3*PO BOX 2000",
    "N4*JACKSONVILLE*FL*322310000",
    "REF*2U*09102",
    "PER*BL*PROVIDER SERVICES*TE*8665550100",
    "N1*PE*BAYSIDE THERAPY*XX*1234567893",
    "REF*TJ*591234567",
    "LX*1",
    `CLP*${controlNumber}*2*220*165**MB*PCCN2001*11*1`,
    "NM1*QC*1*REYES*BO****MI*1EG4TE5MK88",
    "SVC*HC:97012:GP*45*45**1",
    "DTM*472*20260227",
    "SVC*HC:97110:GP*120*120**2",
    "DTM*472*20260227",
    "SVC*HC:97140:GP:XS:59*55*0**1",
    "DTM*472*20260227",
    "CAS*CO*4*55",
  ];
  const st = body.slice(2);
  return `${[...body, `SE*${st.length + 1}*0001`, "GE*1*102", "IEA*1*000000102"].join("~\n")}~\n`;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

async function axe(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ path: path.join(repoRoot, "node_modules/axe-core/axe.min.js") });
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResult;
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  expect(bad, `axe on ${name}`).toEqual([]);
}

const readmeDir = process.env.CLEANCLAIM_SCREENSHOTS_DIR?.trim() || undefined;

/**
 * The whole page to /tmp/web-NAME.png (a test artifact). With `readme` and
 * CLEANCLAIM_SCREENSHOTS_DIR, also the viewport to DIR/README.png: from the top of the page
 * (the navigation showing, no focus ring), or where the test left it with `scroll: "keep"`.
 */
async function shot(
  page: Page,
  name: string,
  readme?: string,
  scroll: "top" | "keep" = "top",
): Promise<void> {
  await page.screenshot({ path: `/tmp/web-${name}.png`, fullPage: true });
  if (!readme || !readmeDir) return;
  fs.mkdirSync(readmeDir, { recursive: true });
  if (scroll === "top") await page.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)"); // runs in the page
  await page.screenshot({ path: path.join(readmeDir, `${readme}.png`), animations: "disabled" });
}

describe.skipIf(!hasChromium)(
  hasChromium
    ? "the web application in Chromium"
    : `the web application in Chromium: skipped, ${chromiumPath} is absent (apt-get install -y chromium)`,
  () => {
    let store: TestStore;
    let app: FastifyInstance;
    let browser: Browser;
    let page: Page;
    let base: string;
    let ctx: AppContext;
    let jobs: RunningJobs;
    let operator: Scope;
    /** The 837 the first case created, uploaded again by the batch case (checked, not stored). */
    let sent837 = "";
    const practiceIds: string[] = [];
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-web-"));
    /** The data directory: reference imports (the Reference data page) land in its store. */
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-web-home-"));

    beforeAll(async () => {
      await build({
        configFile: path.join(repoRoot, "web/vite.config.ts"),
        logLevel: "silent",
        build: { outDir, emptyOutDir: true },
      });
      store = await freshStore("pglite");
      ctx = {
        store,
        cipher: new PhiCipher({ current: 1, keys: new Map([[1, randomBytes(32)]]) }),
        reference: openReference({ home }), // the bundled pack, until the Reference case imports
        today: () => "2026-03-02",
        now: () => new Date(),
        home,
        stateSchedules: stateScheduleStatuses().schedules, // as serve reads them
      };
      const { organization } = await resolveOrganization(ctx, { name: "Bayside Billing", create: true });
      operator = operatorScope(organization.id);
      await addUser(ctx, operator, { email, password, grants: [{ role: "admin", practiceId: null }] });
      for (const name of ["Bayside Therapy", "Coral Gables Chiropractic"]) {
        const practice = await createPractice(ctx, operator, {
          name,
          settings: {
            billingProvider: seed.billingProvider,
            renderingProviders: [seed.renderingProvider],
            charges: seed.charges,
            envelope,
          },
        });
        practiceIds.push(practice.id);
      }
      jobs = await startJobs(ctx);
      const identity = identityServerDeps({ ctx });
      app = await buildServer({
        reference: ctx.reference,
        today: () => ctx.today(),
        authenticate: identity.authenticate,
        sessionCookie: identity.sessionCookie,
        plugins: [
          ...identity.plugins,
          ...recordsPlugins(ctx),
          submissionRoutes(ctx),
          remitRoutes(ctx),
          worklistRoutes(ctx, storeCorrectedClaim),
          jobRoutes(ctx),
          referenceRoutes(ctx),
        ],
        webRoot: outDir,
      });
      await app.listen({ port: 0, host: "127.0.0.1" });
      const address = app.server.address();
      base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await jobs?.stop();
      await store?.dispose();
      fs.rmSync(outDir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    });

    it("serves the app, and index.html for a deep link, but a problem for an unknown API route", async () => {
      const deep = await fetch(`${base}/claims/some-id`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('<div id="root">');
      const api = await fetch(`${base}/api/v1/nope`);
      expect(api.status).toBe(404);
      expect(api.headers.get("content-type")).toContain("application/problem+json");
      const docs = await fetch(`${base}/docs/nope`);
      expect(docs.headers.get("content-type")).not.toContain("text/html");
    });

    it("signs in, checks the seed visit, saves it, moves it to ready, creates the 837, posts a denial and works it on the worklist", async () => {
      // 1. Sign in.
      await page.goto(base);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await shot(page, "1-sign-in", "sign-in");
      await axe(page, "sign in");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Check a visit" }).count()).toBe(1);
      // Two practices: the switcher appears.
      const switcher = page.getByLabel("Practice", { exact: true });
      expect(await switcher.locator("option").count()).toBe(2);
      await switcher.selectOption({ label: "Bayside Therapy (admin)" });

      // 2. Check a visit: the seed visit, first without the distinct attestation on 97140.
      await page.getByLabel("Visit id").fill(seed.id);
      await page.getByLabel("Date of service").fill(seed.dateOfService);
      await page.getByLabel("First name").fill(seed.patient.firstName);
      await page.getByLabel("Last name").fill(seed.patient.lastName);
      await page.getByLabel("Birth date").fill(seed.patient.birthDate);
      await page.getByLabel("Sex").selectOption(seed.patient.sex);
      await page.getByLabel("Member id").fill(seed.patient.memberId);
      await page.getByLabel("Address", { exact: true }).fill(seed.patient.address);
      await page.getByLabel("City", { exact: true }).fill(seed.patient.city);
      await page.getByLabel("State", { exact: true }).fill(seed.patient.state);
      await page.getByLabel("ZIP", { exact: true }).fill(seed.patient.zip);
      await page.getByLabel("Payer id").fill(seed.payer.id);
      await page.getByLabel("Payer name").fill(seed.payer.name);
      await page.getByLabel("Payer type").selectOption(seed.payer.type);
      // The practice's one rendering provider and billing provider are filled in.
      expect(await page.getByLabel("Rendering provider NPI").inputValue()).toBe(seed.renderingProvider.npi);
      expect(await page.getByLabel("Billing provider NPI").inputValue()).toBe(seed.billingProvider.npi);
      await page.getByLabel("Discipline").selectOption("PT");
      await page.getByLabel("Certified from").fill(seed.planOfCare.certifiedFrom);
      await page.getByLabel("Certified through").fill(seed.planOfCare.certifiedThrough);
      for (const code of seed.diagnoses) {
        await page.getByLabel("Diagnosis code").fill(code);
        await page.getByRole("button", { name: "Add diagnosis" }).click();
      }
      const services = seed.services as Array<{ code: string; minutes: number; region?: string }>;
      for (const [i, s] of services.entries()) {
        if (i > 0) await page.getByRole("button", { name: "Add service" }).click();
        const row = page.getByRole("group", { name: `Service ${i + 1}` });
        await row.getByLabel("Code", { exact: true }).fill(s.code);
        await row.getByLabel("Minutes", { exact: true }).fill(String(s.minutes));
        if (s.region) await row.getByLabel("Region", { exact: true }).selectOption(s.region);
      }
      const ncci = page.locator('[data-rule="ncci-ptp"]');
      await expect.poll(() => ncci.count(), { timeout: 10_000 }).toBe(1);
      expect(await ncci.textContent()).toContain("97140");
      expect(await ncci.textContent()).toContain("CARC 236");
      await shot(page, "2-check-ncci", "check-a-visit", "keep");

      // Documented as distinct: attest XS on 97140 with a note, which clears the finding.
      await ncci.getByRole("button", { name: "Attest" }).click();
      await ncci.getByLabel("Distinct modifier").selectOption("XS");
      await ncci
        .getByLabel("Attestation note")
        .fill("separate region: cervical manual therapy, lumbar traction");
      await ncci.getByRole("button", { name: "Confirm attestation" }).click();
      expect(
        await page
          .getByRole("group", { name: "Service 3" })
          .getByLabel("Distinct", { exact: true })
          .inputValue(),
      ).toBe("XS");
      await expect.poll(() => ncci.count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => page.getByTestId("estimate-allowed").textContent()).toBe("87.11");
      const lines = page.locator('[data-testid^="line-"]');
      expect(await lines.count()).toBe(3);
      const cells = async (n: number) =>
        (await page.getByTestId(`line-${n}`).locator("td").allInnerTexts()).slice(1, 4);
      expect(await cells(1)).toEqual(["97012", "1", "GP"]);
      expect(await cells(2)).toEqual(["97110", "2", "GP"]);
      expect(await cells(3)).toEqual(["97140", "1", "GP XS"]);
      await shot(page, "2-check");
      await axe(page, "check a visit");

      // At the practice's Orlando clinic (ZIP 32801, 09102-99 Rest of Florida): priced there,
      // 83.18 by hand (docs/pricing.md); cleared again, Miami's 87.11.
      await page.getByText("Service facility, when not at the billing address").click();
      await page.getByLabel("Facility name").fill("Bayside Therapy Orlando");
      await page.getByLabel("Facility ZIP").fill("32801");
      await expect.poll(() => page.getByTestId("estimate-allowed").textContent()).toBe("83.18");
      await axe(page, "check a visit with a service facility");
      await page.getByLabel("Facility name").fill("");
      await page.getByLabel("Facility ZIP").fill("");
      await expect.poll(() => page.getByTestId("estimate-allowed").textContent()).toBe("87.11");

      // Save claim.
      await page.getByRole("button", { name: "Save claim" }).click();
      const saved = page.getByRole("link", { name: `claim ${seed.id}` });
      await expect.poll(() => saved.count()).toBe(1);

      // 3. Claims: the saved claim is in the table.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Claims" }).click();
      const row = page.getByRole("row").filter({ hasText: seed.id });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain("scrubbed");
      await shot(page, "3-claims");
      await axe(page, "claims");

      // Claim detail: move to ready.
      await row.getByRole("link", { name: seed.id }).click();
      await expect
        .poll(() => page.getByRole("heading", { name: new RegExp(`Claim ${seed.id}`) }).count())
        .toBe(1);
      // The attestation was recorded with its note.
      expect(await page.locator("main").textContent()).toContain(
        "separate region: cervical manual therapy, lumbar traction",
      );
      await page.getByRole("button", { name: "Move to ready" }).click();
      await expect.poll(() => page.locator("h1 .status").textContent()).toBe("ready");
      await shot(page, "3-claim-detail", "claim-detail");
      await axe(page, "claim detail");

      // Create 837: a file of the ready claims downloads.
      await page.getByRole("link", { name: "← Claims" }).click();
      const downloading = page.waitForEvent("download", { timeout: 10_000 });
      await page.getByRole("button", { name: "Create 837" }).click();
      const download = await downloading.catch(async (error) => {
        await shot(page, "3-create-837-failed");
        throw new Error(`no download: ${await page.locator("main").textContent()}`, { cause: error });
      });
      const x12 = fs.readFileSync((await download.path())!, "utf8");
      expect(x12.startsWith("ISA*")).toBe(true);
      expect(x12).toContain(`CLM*${seed.id}*220`);
      sent837 = x12;
      await expect
        .poll(() => page.getByRole("row").filter({ hasText: seed.id }).textContent())
        .toContain("submitted");

      // 4. Denials: post the 835 that denies 97140, then make the corrected claim.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Denials" }).click();
      await page.getByLabel("835 file").setInputFiles({
        name: "remit.835",
        mimeType: "text/plain",
        buffer: Buffer.from(remitFor(seed.id)),
      });
      const summary = page.getByRole("status", { name: "Posting summary" });
      await expect.poll(() => summary.count(), { timeout: 10_000 }).toBe(1);
      expect(await summary.textContent()).toContain("Balanced");
      const item = page.locator(".work-item").filter({ hasText: "CARC 236" });
      await expect.poll(() => item.count()).toBe(1);
      await item.getByLabel("Note").fill("XS documented: separate region");
      await item.getByRole("button", { name: "Add note" }).click();
      await expect.poll(() => item.textContent()).toContain("XS documented: separate region");
      // The line went out with XS: cleanclaim finds nothing to correct, so it offers a review, not a corrected claim.
      expect(await item.textContent()).toContain("review the payer's edit");
      expect(await item.getByRole("button", { name: "Corrected claim" }).count()).toBe(0);
      await item.getByLabel("Assignee").selectOption({ label: email });
      await expect.poll(() => item.textContent()).toContain(`assigned to ${email}`);
      await item.getByLabel("Status").selectOption("in-progress");
      await expect.poll(() => page.locator(".work-item").count()).toBe(0);
      await page.getByLabel("Show").selectOption("in-progress");
      await expect.poll(() => item.count()).toBe(1);
      await shot(page, "4-denials", "denials");
      await axe(page, "denials");

      // 5. Dashboard: the denial is counted by CARC, rule and code.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
      const rowsOf = (title: string) =>
        page.getByRole("region", { name: title }).locator("tbody tr").allTextContents();
      await expect.poll(() => rowsOf("Denials by CARC"), { timeout: 10_000 }).toEqual(["2361"]);
      expect(await rowsOf("Denials by rule")).toEqual(["ncci-ptp1"]);
      expect(await rowsOf("Denials by code")).toEqual(["971401"]);
      expect(await rowsOf("Denials by payer")).toEqual(["MEDICARE-FL1"]);
      // The partially paid claim in its month of service: expected 68.30, paid 165.00.
      expect(await rowsOf("Expected versus paid")).toEqual(["2026-0368.30165.00"]);
      await shot(page, "5-dashboard");
      await axe(page, "dashboard");
    }, 60_000);
    it("uploads visits as CSV (progress, stored and refused), checks an 837 without storing it, works a fixable denial to its corrected claim, and shows the new dashboard figures", async () => {
      const nav = (name: string) =>
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
      await nav("Claims");
      const input = page.getByLabel("Visits (JSON or CSV) or an 837 file");

      // A CSV with a bad cell: refused whole, naming row and column; nothing stored.
      await input.setInputFiles({
        name: "bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(batchCsv.replace(",97110,30,,,\n", ",97110,thirty,,,\n")),
      });
      const alert = page.getByRole("alert").filter({ hasText: "Nothing was stored" });
      await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
      expect(await alert.textContent()).toContain(
        'row 3, column minutes: expected a whole number of minutes (0 to 1440), got "thirty"',
      );

      // The good CSV: a job with a progress bar, then 2 stored and V-2002 refused, saying why.
      await input.setInputFiles({ name: "visits.csv", mimeType: "text/csv", buffer: Buffer.from(batchCsv) });
      const results = page.getByRole("status", { name: "Batch results" });
      await expect.poll(() => results.textContent(), { timeout: 20_000 }).toContain("2 stored, 1 refused");
      expect(await results.getByRole("progressbar", { name: "Batch progress" }).getAttribute("value")).toBe(
        "3",
      );
      expect(await results.textContent()).toContain("3 of 3 visits from visits.csv (CSV): done");
      const refused = results.getByRole("row").filter({ hasText: "V-2002" });
      const cells = await refused.locator("td").allInnerTexts();
      expect(cells.slice(0, 4)).toEqual([
        "1",
        "V-2002",
        "invalid-input",
        "$[1].renderingProvider.credential",
      ]);
      expect(cells[4]).toBe(
        'required field is missing (expected one of "PT", "PTA", "OT", "OTA", "SLP", "DC", "MD", "DO", "NP", "PA")',
      );
      // The claims table was read again: the stored visits are there.
      await expect.poll(() => page.getByRole("row").filter({ hasText: "V-2001" }).count()).toBe(1);
      expect(await page.getByRole("row").filter({ hasText: "V-2003" }).count()).toBe(1);
      await shot(page, "3-claims-upload", "claims");
      await axe(page, "claims with batch results");

      // An 837: checked, not stored; findings per claim.
      await input.setInputFiles({ name: "sent.837", mimeType: "text/plain", buffer: Buffer.from(sent837) });
      const scrub = page.getByRole("status", { name: "837 findings" });
      await expect.poll(() => scrub.count(), { timeout: 10_000 }).toBe(1);
      expect(await scrub.textContent()).toContain("1 claim(s) checked, not stored");
      expect(await scrub.getByRole("row").filter({ hasText: seed.id }).count()).toBeGreaterThan(0);
      await shot(page, "3-claims-837");
      await axe(page, "claims with 837 findings");

      // V-2001 goes out with its modifier error (an override), and the payer denies 97140 CO-4.
      await page.getByRole("row").filter({ hasText: "V-2001" }).getByRole("link", { name: "V-2001" }).click();
      await expect
        .poll(() => page.locator('[data-rule="modifier"]').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await page.getByLabel(/Override reason/).fill("billing the modifiers as chosen");
      await page.getByRole("button", { name: "Move to ready" }).click();
      await expect.poll(() => page.locator("h1 .status").textContent()).toBe("ready");
      await page.getByRole("link", { name: "← Claims" }).click();
      const downloading = page.waitForEvent("download", { timeout: 10_000 });
      await page.getByRole("button", { name: "Create 837" }).click();
      const sent = await downloading.catch(async (error) => {
        throw new Error(`no download: ${await page.locator("main").textContent()}`, { cause: error });
      });
      expect(fs.readFileSync((await sent.path())!, "utf8")).toContain("CLM*V-2001*220");

      await nav("Denials");
      await page.getByLabel("835 file").setInputFiles({
        name: "remit-2.835",
        mimeType: "text/plain",
        buffer: Buffer.from(diagnosisDenial("V-2001")),
      });
      const summary = page.getByRole("status", { name: "Posting summary" });
      await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain("V-2001");
      expect(await summary.textContent()).toContain("Balanced");
      const item = page.locator(".work-item").filter({ hasText: "CARC 4" });
      await expect.poll(() => item.count()).toBe(1);
      await item.getByRole("button", { name: "Corrected claim" }).click();
      const review = page.getByRole("region", { name: "Corrected claim for review" });
      await expect.poll(() => review.count(), { timeout: 10_000 }).toBe(1);
      expect(await review.textContent()).toContain("a replacement (frequency 7), REF*F8 PCCN2001");
      // 97140 without the 59 that clashed with XS.
      expect(await review.getByTestId("corrected-line-3").locator("td").allInnerTexts()).toEqual([
        "3",
        "97140",
        "GP XS",
        "1",
        "1",
        "55.00",
      ]);
      await shot(page, "4-corrected-claim");
      await axe(page, "corrected claim");
      const corrected = page.waitForEvent("download", { timeout: 10_000 });
      await review.getByRole("button", { name: "Download the 837" }).click();
      const x12 = fs.readFileSync((await (await corrected).path())!, "utf8");
      expect(x12).toMatch(/CLM\*V-2001\*220\*\*\*11:B:7/);
      expect(x12).toContain("REF*F8*PCCN2001");

      // The dashboard still counts both denials, and shows the new figures.
      await nav("Dashboard");
      const rowsOf = (title: string) =>
        page.getByRole("region", { name: title }).locator("tbody tr").allTextContents();
      await expect
        .poll(async () => (await rowsOf("Denials by CARC")).sort(), { timeout: 30_000 })
        .toEqual(["2361", "41"]);
      // Service to first payment: V-1001 2026-03-02 → 03-20 (18 days), V-2001 02-27 → 03-27 (28 days).
      expect(await rowsOf("Days from service to payment")).toEqual(["2026-0212828", "2026-0311818"]);
      // Plans of care ending by 2026-03-16 (the server's today is 2026-03-02): V-2001's, in 10 days.
      await expect
        .poll(() => rowsOf("Plans of care expiring in the next 14 days"))
        .toEqual(["Reyes, Bo (P-88)PT2026-03-1210V-2001 2026-02-27"]);
      await page.getByLabel("Therapy spending year").fill("2026");
      const near = page.getByRole("region", { name: "Patients near the therapy thresholds" });
      await expect
        .poll(() => near.textContent(), { timeout: 10_000 })
        .toContain("2026 Medicare KX threshold 2480.00");
      expect(await near.textContent()).toContain("targeted medical review past 3000.00");
      await expect.poll(() => rowsOf("Patients near the therapy thresholds")).toHaveLength(1);
      expect((await rowsOf("Patients near the therapy thresholds"))[0]).toContain("Park, Di (P-90)");
      await shot(page, "5-dashboard-figures", "dashboard");
      await axe(page, "dashboard with the new figures");
    }, 90_000);

    it("lists 10,000 claims in a virtualized table: a few dozen rows in the DOM, the last one reached by scrolling", async () => {
      // Synthetic claims straight into the second practice's table (one patient, no documents).
      await seedSyntheticClaims(ctx, practiceIds[1]!, 10_000);

      await page
        .getByLabel("Practice", { exact: true })
        .selectOption({ label: "Coral Gables Chiropractic (admin)" });
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Claims" }).click();
      await expect.poll(() => page.getByText("10000 claims").count(), { timeout: 30_000 }).toBe(1);
      const rendered = await page.locator(".claims-table tbody tr:not(.spacer)").count();
      expect(rendered).toBeGreaterThan(10);
      expect(rendered).toBeLessThan(100);
      // Sorting by charge, descending: B-09999 (the largest charge) comes first.
      await page.getByRole("button", { name: "Charge" }).click();
      await page.getByRole("button", { name: "Charge" }).click();
      expect(await page.locator(".claims-table tbody tr:not(.spacer)").first().textContent()).toContain(
        "B-09999",
      );
      // Scrolling to the end renders the last rows, still only a window of them.
      await page.locator(".table-scroll").evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await expect.poll(() => page.getByRole("link", { name: "B-00000" }).count()).toBe(1);
      expect(await page.locator(".claims-table tbody tr:not(.spacer)").count()).toBeLessThan(100);
      await shot(page, "3-claims-10000");
    }, 60_000);

    it("shows the reference editions with their dates and warnings, imports a CMS file with progress and removes it", async () => {
      const nav = (name: string) =>
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
      await page.getByLabel("Practice", { exact: true }).selectOption({ label: "Bayside Therapy (admin)" });
      await nav("Reference data");
      await expect.poll(() => page.getByRole("heading", { name: "Reference data" }).count()).toBe(1);
      const editions = page.getByTestId("editions").locator("tbody tr");
      await expect.poll(() => editions.count(), { timeout: 10_000 }).toBeGreaterThan(5);
      // The bundled pack's GPCIs, with the dates they cover.
      const packGpci = editions
        .filter({ hasText: "bundled pack" })
        .filter({ has: page.locator("td.mono", { hasText: /^gpci$/ }) });
      expect(await packGpci.count()).toBeGreaterThan(0);
      expect(await packGpci.first().locator("td").nth(2).textContent()).toMatch(
        /^\d{4}-\d{2}-\d{2} to (\d{4}-\d{2}-\d{2}|open)$/,
      );
      // Staleness warnings, as `cleanclaim data status` gives them for the server's today.
      const warnings = page.getByTestId("reference-warnings").locator("li");
      expect(await warnings.count()).toBeGreaterThan(0);
      // The state schedules' figures to enter are told with each schedule, not in this list.
      expect((await warnings.allInnerTexts()).some((w) => w.startsWith("tx-dwc (TX): "))).toBe(false);
      expect(
        await page.getByText(/state fee schedules have figures to enter before they price/).count(),
      ).toBe(1);
      // The state fee schedules with their figures' sources: TX's 2024 factor is verified, 2026's missing.
      const tx = page.locator("details.state-schedule").filter({ hasText: "TX workers' compensation" });
      expect(await tx.locator("summary").textContent()).toMatch(/1 verified, 2 not verified, 2 missing/);
      await tx.locator("summary").click();
      expect(await tx.getByTestId("schedule-warning").first().textContent()).toMatch(
        /^\d+ figures? missing, so pricing refuses what (it covers|they cover) until the user gives/,
      );
      const txRow = (figure: string) =>
        tx.locator("tbody tr").filter({ hasText: figure }).locator("td").allInnerTexts();
      expect((await txRow("2024-01-01 to 2024-12-31")).slice(1, 3)).toEqual(["67.81", "yes"]);
      expect((await txRow("2026-01-01 to 2026-12-31")).slice(1, 3)).toEqual(["missing", "no"]);
      await axe(page, "reference data");

      // Import the CMS 2025 GPCI file: the pack holds it whole, so the job says it is unchanged.
      const before = await editions.count();
      const upload = async (file: string) => {
        await page.getByLabel("Reference file").setInputFiles(path.join(sharedDataDir, file));
        await page.getByRole("button", { name: "Import", exact: true }).click();
      };
      await upload("mpfs-2025/GPCI2025.csv");
      await expect
        .poll(() => page.getByTestId("import-result").textContent(), { timeout: 20_000 })
        .toMatch(
          /unchanged gpci CY2025 GPCIs \(Addendum E\): the same rows are already loaded \(in the bundled pack\)/,
        );
      expect(await editions.count()).toBe(before);

      // Import the full 2024Q3 MUE file (the pack keeps its own codes' rows): a job with a
      // progress bar, then the edition in the table.
      await upload("ncci-2024q3/mue_practitioner_2024q3.csv");
      const progress = page.getByRole("progressbar", { name: /Import progress/ });
      await expect.poll(() => progress.count(), { timeout: 10_000 }).toBe(1);
      await expect
        .poll(() => page.getByTestId("import-result").textContent(), { timeout: 20_000 })
        .toMatch(/imported mue .+ \(14,677 rows\)/);
      expect(await page.getByText("Import done.").count()).toBe(1);
      expect(await progress.getAttribute("value")).toBe("100");
      await expect.poll(() => editions.count()).toBe(before + 1);
      const imported = editions.filter({ hasText: "imported " });
      expect(await imported.count()).toBe(1);
      const cells = await imported.locator("td").allInnerTexts();
      expect(cells[0]).toBe("mue");
      expect(cells[2]).toBe("2024-07-01 to 2024-09-30");
      expect(cells[3]).toBe("14,677");
      // The source is the file's name, not where the server kept the upload.
      expect(cells[4]).toBe("mue_practitioner_2024q3.csv");
      await shot(page, "6-reference", "reference-data");
      await axe(page, "reference data after an import");

      // Remove it: asked to confirm, then gone, and the pack's edition answers again.
      const release = cells[1]!;
      await imported.getByRole("button", { name: `Remove mue ${release}` }).click();
      await imported.getByRole("button", { name: "Confirm removal" }).click();
      const removed = page.getByRole("status").filter({ hasText: `Removed mue ${release}.` });
      await expect.poll(() => removed.count(), { timeout: 10_000 }).toBe(1);
      expect(await removed.textContent()).toContain("now uses");
      await expect.poll(() => editions.count()).toBe(before);
      expect(await editions.filter({ hasText: "imported " }).count()).toBe(0);
      expect(ctx.reference.editions().some((e) => e.origin === "import")).toBe(false);
    }, 60_000);

    it("edits a practice and keeps the save confirmed, adds a user with a role, creates an API token, and shows the audit log", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Settings", exact: true }).count()).toBe(1);
      const tab = (name: string) =>
        page.getByRole("group", { name: "Settings sections" }).getByRole("button", { name }).click();

      // Practices: rename the first rendering provider of Bayside Therapy and save.
      await page.getByLabel("Practice to edit").selectOption({ label: "Bayside Therapy" });
      const provider = page.getByRole("group", { name: "Rendering provider 1" });
      await expect.poll(() => provider.count(), { timeout: 10_000 }).toBe(1);
      await provider.getByLabel("First name").fill("Marisol");
      // And its Orlando clinic, a place of service a visit can name (2310C).
      await page.getByRole("button", { name: "Add service location" }).click();
      const clinic = page.getByRole("group", { name: "Service location 1" });
      for (const [label, value] of [
        ["Location name", "Bayside Therapy Orlando"],
        ["Location address", "100 Orange Ave"],
        ["Location city", "Orlando"],
        ["Location state", "fl"],
        ["Location ZIP+4", "328011234"],
      ] as const)
        await clinic.getByLabel(label).fill(value);
      await page.getByRole("button", { name: "Save practice" }).click();
      const saved = page.getByRole("status").filter({ hasText: /^Saved at / });
      await expect.poll(() => saved.count(), { timeout: 10_000 }).toBe(1);
      // It stays: the save's refetches and the editor's reload from the stored record keep it.
      await page.waitForTimeout(1500);
      expect(await saved.count()).toBe(1);
      expect(await provider.getByLabel("First name").inputValue()).toBe("Marisol");
      const stored = await getPractice(ctx, operator, practiceIds[0]!);
      expect(stored.settings.renderingProviders[0]?.firstName).toBe("Marisol");
      expect(stored.settings.serviceFacilities).toEqual([
        {
          name: "Bayside Therapy Orlando",
          address: "100 Orange Ave",
          city: "Orlando",
          state: "FL",
          zip: "328011234",
        },
      ]);
      await shot(page, "7-settings", "settings");
      await axe(page, "settings: practices");
      // The next edit clears it.
      await provider.getByLabel("Last name").fill("Ortega");
      expect(await saved.count()).toBe(0);

      // Users and roles: a biller for Bayside Therapy.
      await tab("Users and roles");
      const addUser = page.getByRole("form", { name: "Add a user" });
      await addUser.getByLabel("Email").fill("biller@bayside.example");
      await addUser.getByLabel(/^Password/).fill("a biller's long passphrase");
      const grant = addUser.getByRole("group", { name: "First grant" });
      await grant.getByLabel("Role").selectOption("biller");
      await grant.getByLabel("Applies to").selectOption({ label: "Bayside Therapy" });
      await addUser.getByRole("button", { name: "Add user" }).click();
      await expect
        .poll(() => addUser.getByRole("status").textContent(), { timeout: 10_000 })
        .toBe("Added biller@bayside.example.");
      const biller = page.getByRole("row").filter({ hasText: "biller@bayside.example" });
      await expect.poll(() => biller.count()).toBe(1);
      expect(await biller.locator("td").nth(1).textContent()).toBe("biller of Bayside Therapy");
      await shot(page, "7-settings-users");
      await axe(page, "settings: users");

      // API tokens: a viewer token for the organization, its secret shown once.
      await tab("API tokens");
      await page.getByLabel("Token name").fill("nightly export");
      await page.getByRole("group", { name: "Token role" }).getByLabel("Role").selectOption("viewer");
      await page.getByRole("button", { name: "Create token" }).click();
      const secret = page.getByTestId("token-secret");
      await expect.poll(() => secret.count(), { timeout: 10_000 }).toBe(1);
      expect((await secret.textContent())?.length).toBeGreaterThan(20);
      const token = page.getByRole("row").filter({ hasText: "nightly export" });
      await expect.poll(() => token.count()).toBe(1);
      expect(await token.locator("td").allInnerTexts()).toEqual([
        "nightly export",
        "viewer (organization)",
        expect.any(String),
        "never",
        "active",
        "Revoke",
      ]);
      await shot(page, "7-settings-tokens");
      await axe(page, "settings: tokens");

      // Audit log: the changes just made, newest first; filtered by entity.
      await tab("Audit log");
      const records = page.getByTestId("audit-table").locator("tbody tr");
      await expect.poll(() => records.count(), { timeout: 10_000 }).toBeGreaterThan(5);
      const texts = await records.allInnerTexts();
      const has = (action: string, entity: string) =>
        texts.some((t) => t.includes(`\t${action}\t${entity}`) && t.includes("\tok"));
      expect(has("create", "token")).toBe(true);
      expect(has("create", "user")).toBe(true);
      expect(has("update", "practice")).toBe(true);
      await page.getByRole("form", { name: "Audit filters" }).getByLabel("Entity").selectOption("reference");
      await page.getByRole("button", { name: "Apply filters" }).click();
      await expect
        .poll(async () => (await records.locator("td:nth-child(4)").allInnerTexts()).sort(), {
          timeout: 10_000,
        })
        .toEqual(["delete", "import", "import"]); // the GPCI file (unchanged), the MUE file, its removal
      // The sign-ins, by action.
      const filters = page.getByRole("form", { name: "Audit filters" });
      await filters.getByLabel("Entity").selectOption("");
      await filters.getByLabel("Action").selectOption("login");
      await page.getByRole("button", { name: "Apply filters" }).click();
      await expect
        .poll(async () => new Set(await records.locator("td:nth-child(4)").allInnerTexts()), {
          timeout: 10_000,
        })
        .toEqual(new Set(["login"]));
      expect(await records.first().textContent()).toContain(email);
      await shot(page, "7-settings-audit");
      await axe(page, "settings: audit log");

      // Check a visit offers the practice's locations: choosing one fills the facility.
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Check a visit" })
        .click();
      await page.getByText("Service facility, when not at the billing address").click();
      await expect.poll(() => page.getByLabel("Practice location").count(), { timeout: 10_000 }).toBe(1);
      await page.getByLabel("Practice location").selectOption("Bayside Therapy Orlando");
      expect(await page.getByLabel("Facility ZIP").inputValue()).toBe("328011234");
      expect(await page.getByLabel("Facility city").inputValue()).toBe("Orlando");
      await axe(page, "check a visit: a practice location");
      await page.getByLabel("Practice location").selectOption("");
      expect(await page.getByLabel("Facility ZIP").inputValue()).toBe("");
    }, 60_000);

    it("a workers' comp claim shows its injury, the insurer's claim number, the employer and the visits before it", async () => {
      const claim = await storeVisit(ctx, operator, practiceIds[0]!, {
        ...seed,
        id: "V-WC1",
        payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" },
        accident: { causes: ["EM"], date: "2026-02-10" },
        propertyCasualtyClaimNumber: "WC2026-0044172",
        employer: { name: "Gulf Coast Roofing Inc" },
        visitsBefore: { PT: 4 },
        benefitUsed: "1250.00",
        // Named as one of the practice's locations (the Settings case added it): the rest is filled.
        serviceFacility: { name: "Bayside Therapy Orlando" },
      });
      await page.goto(`${base}/claims/${claim.claimId}`);
      await page.getByRole("heading", { name: /Claim V-WC1/ }).waitFor();
      const injury = page.locator('dl[aria-label="Injury and authorization"]');
      const fact = async (term: string) =>
        (await injury.locator("div").filter({ hasText: term }).locator("dd").textContent())?.trim();
      expect(await fact("Injury")).toBe("employment on 2026-02-10");
      expect(await fact("Insurer's claim number")).toBe("WC2026-0044172");
      expect(await fact("Employer")).toBe("Gulf Coast Roofing Inc");
      expect(await fact("Visits before this claim")).toBe("PT 4");
      expect(await fact("Benefit already paid")).toBe("1250.00");
      expect(await page.getByTestId("service-facility").textContent()).toBe(
        "Bayside Therapy Orlando, 100 Orange Ave, Orlando, FL 328011234",
      );
      await shot(page, "3-claim-detail-workers-comp");
      await axe(page, "claim detail: workers' comp");
    }, 60_000);

    it("first run: an organization's first admin, with no practice yet, is led to Settings, creates the practice and works in it", async () => {
      // As `cleanclaim user add` makes the first admin of a new install: an organization, no practice.
      // (A second organization in this store: resolveOrganization creates only the first.)
      const organizationId = randomUUID();
      await ctx.store.db
        .insertInto("organizations")
        .values({ id: organizationId, name: "Key Biscayne Billing" })
        .execute();
      const first = "first@keybiscayne.example";
      await addUser(ctx, operatorScope(organizationId), {
        email: first,
        password,
        grants: [{ role: "admin", practiceId: null }],
      });
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.goto(base); // a new browser at the printed URL
      await page.getByLabel("Email").fill(first);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "No practice yet" }).count()).toBe(1);
      await axe(page, "no practice yet");
      await page.getByRole("main").getByRole("link", { name: "Settings" }).click();

      // The form for a new practice: the billing provider is all it needs.
      await expect.poll(() => page.getByRole("button", { name: "Create practice" }).count()).toBe(1);
      await page.getByLabel("Practice name").fill("Key Biscayne Rehab");
      const billing = page.getByRole("group", { name: "Billing provider" });
      await billing.getByLabel("NPI").fill("1234567893");
      await billing.getByLabel("Tax id (EIN)").fill("591234567");
      await billing.getByLabel("Name", { exact: true }).fill("Key Biscayne Rehab");
      await billing.getByLabel("ZIP").fill("33149");
      await page.getByRole("button", { name: "Create practice" }).click();
      const saved = page.getByRole("status").filter({ hasText: /^Saved at / });
      await expect.poll(() => saved.count(), { timeout: 10_000 }).toBe(1);
      // The header now works in it, and the practice's pages open.
      await expect
        .poll(() => page.locator("header").textContent(), { timeout: 10_000 })
        .toContain("Key Biscayne Rehab (admin)");
      expect(await saved.count()).toBe(1);
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Check a visit" })
        .click();
      await expect.poll(() => page.getByRole("heading", { name: "Check a visit" }).count()).toBe(1);
      expect(await page.getByLabel("Billing provider NPI").inputValue()).toBe("1234567893");
    }, 60_000);
  },
);
