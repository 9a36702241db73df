/// <reference lib="dom" />
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "playwright-core";
import { build } from "vite";
import type { AppContext } from "../src/app/context.js";
import { addUser, operatorScope, resolveOrganization } from "../src/app/identity.js";
import { createPractice } from "../src/app/practices.js";
import { seedSyntheticClaims } from "../src/app/test-support.js";
import { checkDocument } from "../src/pipeline/input.js";
import { buildServer } from "../src/server/app.js";
import { identityServerDeps } from "../src/server/identity.js";
import { recordsPlugins } from "../src/server/routes/records.js";
import { PhiCipher } from "../src/store/phi-cipher.js";
import { freshStore } from "../src/store/test-support.js";
import { packReference, repoRoot } from "../src/test-support/reference.js";
import { type BenchResult, round } from "./result.js";

/**
 * The web application's speed targets (issue 10, quality bar), in Debian's Chromium on
 * loopback, against the real server in process on a fresh PGlite store:
 * - first load: a cold browser context opens `/` until the sign-in form is on screen; target
 *   under 1 s. Set beside the same browser opening a one-line static page from node:http (the
 *   floor of a navigation here), measured in the same run.
 * - visit check round trip: the seed visit on "Check a visit"; each edit of 97110's minutes
 *   is timed in the page from the start of its POST /api/v1/check to the estimate showing the
 *   new amount (debounce excluded); target under 100 ms. Set beside the same check in process.
 * - the claims table with 10,000 claims: time to the first rows, and the longest frame while
 *   scrolling through them; target no frame over 50 ms (the RAIL "no jank" budget).
 *
 *   npx tsx bench/run.ts --only=web      (skipped when /usr/bin/chromium is absent)
 */
const chromiumPath = "/usr/bin/chromium";
const email = "bench@bayside.example";
const password = "correct horse battery staple";

export const targetFirstLoadMs = 1_000;
export const targetCheckMs = 100;
export const targetFrameMs = 50;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? Number.NaN;
};

/** Milliseconds from navigation start until `ready` finds its element, in the page's own clock. */
async function coldLoad(
  browser: import("playwright-core").Browser,
  url: string,
  selector: string,
): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector(selector, { state: "visible" });
  const ms = await page.evaluate(() => performance.now());
  await context.close();
  return ms;
}

/** The parts of examples/visits/01-seed-medicare-pt.json the form takes. */
interface SeedVisit {
  id: string;
  dateOfService: string;
  patient: {
    firstName: string;
    lastName: string;
    birthDate: string;
    sex: string;
    memberId: string;
    zip: string;
  };
  payer: { id: string; name: string; type: string };
  planOfCare: { certifiedFrom: string; certifiedThrough: string };
  diagnoses: string[];
  services: Array<{ code: string; minutes: number; region?: string; distinct?: string }>;
  billingProvider: Record<string, unknown>;
  renderingProvider: Record<string, unknown>;
  charges: Record<string, string>;
}

async function fillSeedVisit(page: Page, seed: SeedVisit): Promise<void> {
  await page.getByLabel("Visit id").fill(seed.id);
  await page.getByLabel("Date of service").fill(seed.dateOfService);
  await page.getByLabel("First name").fill(seed.patient.firstName);
  await page.getByLabel("Last name").fill(seed.patient.lastName);
  await page.getByLabel("Birth date").fill(seed.patient.birthDate);
  await page.getByLabel("Sex").selectOption(seed.patient.sex);
  await page.getByLabel("Member id").fill(seed.patient.memberId);
  await page.getByLabel("ZIP", { exact: true }).fill(seed.patient.zip);
  await page.getByLabel("Payer id").fill(seed.payer.id);
  await page.getByLabel("Payer name").fill(seed.payer.name);
  await page.getByLabel("Payer type").selectOption(seed.payer.type);
  await page.getByLabel("Discipline").selectOption("PT");
  await page.getByLabel("Certified from").fill(seed.planOfCare.certifiedFrom);
  await page.getByLabel("Certified through").fill(seed.planOfCare.certifiedThrough);
  for (const code of seed.diagnoses) {
    await page.getByLabel("Diagnosis code").fill(code);
    await page.getByRole("button", { name: "Add diagnosis" }).click();
  }
  const services = seed.services as Array<{
    code: string;
    minutes: number;
    region?: string;
    distinct?: string;
  }>;
  for (const [i, s] of services.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add service" }).click();
    const row = page.getByRole("group", { name: `Service ${i + 1}` });
    await row.getByLabel("Code", { exact: true }).fill(s.code);
    await row.getByLabel("Minutes", { exact: true }).fill(String(s.minutes));
    if (s.region) await row.getByLabel("Region", { exact: true }).selectOption(s.region);
    if (s.distinct) await row.getByLabel("Distinct", { exact: true }).selectOption(s.distinct);
  }
}

export async function benchWeb(): Promise<BenchResult[]> {
  if (!fs.existsSync(chromiumPath)) {
    process.stderr.write(`web bench skipped: ${chromiumPath} is absent (apt-get install -y chromium)\n`);
    return [];
  }
  const seed = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
  );
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-bench-web-"));
  await build({
    configFile: path.join(repoRoot, "web/vite.config.ts"),
    logLevel: "silent",
    build: { outDir, emptyOutDir: true },
  });
  const store = await freshStore("pglite");
  const ctx: AppContext = {
    store,
    cipher: new PhiCipher({ current: 1, keys: new Map([[1, randomBytes(32)]]) }),
    reference: packReference(),
    today: () => "2026-03-02",
    now: () => new Date(),
  };
  const { organization } = await resolveOrganization(ctx, { name: "Bench Billing", create: true });
  const operator = operatorScope(organization.id);
  await addUser(ctx, operator, { email, password, grants: [{ role: "admin", practiceId: null }] });
  const practice = await createPractice(ctx, operator, {
    name: "Bayside Therapy",
    settings: {
      billingProvider: seed.billingProvider,
      renderingProviders: [seed.renderingProvider],
      charges: seed.charges,
    },
  });
  await seedSyntheticClaims(ctx, practice.id, 10_000);
  const identity = identityServerDeps({ ctx });
  const app = await buildServer({
    reference: ctx.reference,
    today: () => ctx.today(),
    authenticate: identity.authenticate,
    sessionCookie: identity.sessionCookie,
    plugins: [...identity.plugins, ...recordsPlugins(ctx)],
    webRoot: outDir,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The floor: a one-line page from node:http, opened the same way.
  const floorServer = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end('<!doctype html><html lang="en"><title>floor</title><p id="ready">ready</p></html>');
  });
  await new Promise<void>((resolve) => floorServer.listen(0, "127.0.0.1", resolve));
  const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    // First load, cold context each time (no cache, no session).
    await coldLoad(browser, base, "#root input"); // the first launch warms the browser process
    const loads: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < 10; i++) {
      loads.push(await coldLoad(browser, base, "#root input"));
      floors.push(await coldLoad(browser, floorUrl, "#ready"));
    }

    // Sign in, then time the check round trip.
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(base);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Check a visit" }).waitFor();
    // tsx keeps function names with a __name helper that the page does not have.
    await page.evaluate("globalThis.__name = (f) => f");
    await fillSeedVisit(page, seed);
    const allowed = page.getByTestId("estimate-allowed");
    await allowed.waitFor({ timeout: 15_000 });
    const minutes = page.getByRole("group", { name: "Service 2" }).getByLabel("Minutes", { exact: true });
    const checks: number[] = [];
    // 97110 31..37 min (with 97140 8 min: 3 units in all) and 45..51 min (4 units) alternate, so
    // each edit is a new request whose estimate differs from the last one. Not 30: that is the
    // seed visit, answered from the page's cache with no request (it was the old p95 outlier).
    for (let k = 0; k < 14; k++) {
      const m = k % 2 === 0 ? 45 + Math.floor(k / 2) : 31 + Math.floor(k / 2);
      const before = (await allowed.textContent()) ?? "";
      await page.evaluate((prev) => {
        const w = globalThis as unknown as { __changed?: Promise<number> };
        w.__changed = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            const el = document.querySelector('[data-testid="estimate-allowed"]');
            if (el && el.textContent !== prev) {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      }, before);
      // The resource timing buffer holds 250 entries and then drops new ones: clear it, so this
      // edit's request is always recorded.
      await page.evaluate(() => performance.clearResourceTimings());
      const checksBefore = 0;
      await minutes.fill(String(m));
      const ms = await page.evaluate(async (n) => {
        const w = globalThis as unknown as { __changed: Promise<number> };
        const shown = await w.__changed;
        // The request's resource entry can be queued after the page has already rendered its
        // answer: wait for it, or the previous edit's request would be taken as the start.
        const sentRequests = () =>
          performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/api/v1/check"));
        for (let i = 0; i < 100 && sentRequests().length <= n; i++)
          await new Promise((r) => setTimeout(r, 10));
        const sent = sentRequests()
          .slice(n)
          .filter((e) => e.startTime <= shown)
          .at(-1);
        if (!sent) throw new Error("no /check request was recorded for this edit");
        return shown - sent.startTime;
      }, checksBefore);
      checks.push(ms);
    }

    // The claims table: 10,000 rows, then a scroll through them frame by frame.
    const tableStart = Date.now();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Claims" }).click();
    await page.locator(".claims-table tbody tr:not(.spacer)").first().waitFor({ timeout: 30_000 });
    const tableMs = Date.now() - tableStart;
    await page.getByText("10000 claims").waitFor({ timeout: 60_000 });
    const allRowsMs = Date.now() - tableStart;
    const frames = await page.locator(".table-scroll").evaluate(
      (el) =>
        new Promise<number[]>((resolve) => {
          const gaps: number[] = [];
          let last = performance.now();
          const step = el.scrollHeight / 120;
          let n = 0;
          const tick = (t: number) => {
            gaps.push(t - last);
            last = t;
            el.scrollTop += step;
            if (++n < 120) requestAnimationFrame(tick);
            else resolve(gaps.slice(1));
          };
          requestAnimationFrame(tick);
        }),
    );
    const inProcess = inProcessCheckMs(ctx, seed);
    const load = median(loads);
    const floor = median(floors);
    const check = median(checks);
    const longest = Math.max(...frames);
    return [
      {
        name: "web: first load to the sign-in form (cold, median of 10)",
        value: round(load, 1),
        unit: "ms",
        peer: `target < ${targetFirstLoadMs} ms`,
        ratio: round(targetFirstLoadMs / load),
      },
      {
        name: "web: first load vs a one-line static page (node:http)",
        value: round(load, 1),
        unit: "ms",
        peer: `static page, same browser (${round(floor, 1)} ms)`,
        ratio: round(floor / load),
      },
      {
        name: "web: visit check round trip, request to estimate (median)",
        value: round(check, 1),
        unit: "ms",
        peer: `target < ${targetCheckMs} ms (p95 ${round(p95(checks), 1)} ms)`,
        ratio: round(targetCheckMs / check),
      },
      {
        name: "web: visit check round trip vs the same check in process",
        value: round(check, 1),
        unit: "ms",
        peer: `in-process checkDocument (${round(inProcess, 2)} ms)`,
        ratio: round(inProcess / check, 3),
      },
      {
        name: "web: claims table, 10,000 claims to the first rows",
        value: tableMs,
        unit: "ms",
        peer: `target < ${targetFirstLoadMs} ms`,
        ratio: round(targetFirstLoadMs / tableMs),
      },
      {
        name: "web: claims table, all 10,000 claims loaded (pages of 1,000)",
        value: allRowsMs,
        unit: "ms",
        peer: `first rows (${tableMs} ms)`,
        ratio: round(tableMs / allRowsMs),
      },
      {
        name: "web: claims table scroll, longest frame of 120",
        value: round(longest, 1),
        unit: "ms",
        peer: `target < ${targetFrameMs} ms (median ${round(median(frames), 1)} ms, p95 ${round(p95(frames), 1)} ms, ${frames.filter((f) => f > targetFrameMs).length} over ${targetFrameMs} ms)`,
        ratio: round(targetFrameMs / longest),
      },
    ];
  } finally {
    await browser.close();
    await app.close();
    await new Promise<void>((resolve) => floorServer.close(() => resolve()));
    await store.dispose();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/** The same check in this process (parse, check, serialize), median ms of 200 after warm-up. */
function inProcessCheckMs(ctx: AppContext, seed: unknown): number {
  const body = JSON.stringify(seed);
  const options = { reference: ctx.reference, asOf: "2026-03-02" };
  const once = () => JSON.stringify(checkDocument(JSON.parse(body), "body", options));
  for (let i = 0; i < 100; i++) once();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = process.hrtime.bigint();
    once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}
