import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../model/validate.js";
import { backends } from "../store/test-support.js";
import { repoRoot } from "../test-support/reference.js";
import { createOrganization, createPractice, getPractice } from "./practices.js";
import { baysideSettings, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/**
 * Issue 11 in the service: a practice's payer profile carries the state's RVU table it imported
 * (NY's WCB schedule, state schedule method "state-rvu"), so stored visits price from it as the
 * CLI does with `pricing.stateRvuTable`. The table is synthetic (the WCB's values are licensed):
 * 97110 7.05 RVUs x region IV's physical-medicine factor 6.50 = 45.825 a unit, x 2 = 91.65.
 */
function nyProfile(): Record<string, unknown> {
  const profile = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "profiles/states/ny-workers-comp.json"), "utf8"),
  );
  const schedule = profile.pricing.stateSchedule;
  // The regions as a user would enter them from the WCB's ZIP list (synthetic prefixes here).
  schedule.regions = [
    ["I", "140"],
    ["II", "120"],
    ["III", "130"],
    ["IV", "100"],
  ].map(([region, zip]) => ({
    region,
    zipPrefixes: [zip],
    source: { citation: "user's table" },
    verified: false,
  }));
  for (const cf of schedule.conversionFactors as Array<Record<string, unknown>>)
    if (cf.region === "IV" && cf.section === "physical-medicine") Object.assign(cf, { amount: "6.50" });
  delete profile.pricing.stateRvuTable; // a file path is the CLI's; the service keeps the text
  return profile;
}
const table = "code,modifier,rvu\n97110,,7.05\n98941,,9.50\n";

function nyVisit(): Record<string, unknown> {
  return {
    ...seedVisit(),
    id: "V-NY1",
    dateOfService: "2026-07-15",
    payer: { id: "NYWC1", name: "NY STATE INSURANCE FUND", type: "workers-comp" },
    billingProvider: { npi: "1234567893", taxId: "591234567", name: "Hudson Therapy", zip: "10001" },
    services: [{ code: "97110", minutes: 30 }],
    charges: { "97110": "80.00" },
    accident: { causes: ["EM"], date: "2026-06-01" },
    propertyCasualtyClaimNumber: "NYWC-2026-1",
    employer: { name: "Hudson Freight LLC" },
  };
}

describe.each(backends)("a practice's state RVU table on %s", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp(backend);
  });
  afterAll(() => app.dispose());

  it("is stored with its profile, read back, and prices the practice's stored visits", async () => {
    const org = await createOrganization(app.ctx, { name: "Hudson Billing" });
    const admin = scopeOf(org.id, "admin");
    const settings = {
      ...baysideSettings(),
      payerProfiles: [{ profile: nyProfile(), stateRvuTable: table }],
    };
    delete (settings as Record<string, unknown>).locality;
    const practice = await createPractice(app.ctx, admin, { name: "Hudson Therapy", settings });
    const back = await getPractice(app.ctx, admin, practice.id);
    expect(back.settings.payerProfiles[0]?.stateRvuTable).toBe(table);
    const stored = await storeVisit(app.ctx, admin, practice.id, nyVisit());
    expect(stored.estimate?.lines.map((l) => l.allowed)).toEqual(["91.65"]);
    expect(stored.estimate?.trace.some((t) => t.includes("7.05"))).toBe(true);
  });

  it("without the table, the same visit refuses naming the file to import", async () => {
    const org = await createOrganization(app.ctx, { name: "Hudson Billing 2" });
    const admin = scopeOf(org.id, "admin");
    const settings = { ...baysideSettings(), payerProfiles: [{ profile: nyProfile() }] };
    const practice = await createPractice(app.ctx, admin, { name: "Hudson Therapy 2", settings });
    const stored = await storeVisit(app.ctx, admin, practice.id, nyVisit());
    expect(stored.estimate?.allowed ?? null).toBeNull();
    expect(
      stored.findings.some((f) => f.rule === "reference-data" && /RVU table is not loaded/.test(f.message)),
    ).toBe(true);
  });

  it("a table that is not a state RVU csv, or one beside a profile that reads none, is refused naming the path", async () => {
    const org = await createOrganization(app.ctx, { name: "Hudson Billing 3" });
    const admin = scopeOf(org.id, "admin");
    const bad = {
      ...baysideSettings(),
      payerProfiles: [{ profile: nyProfile(), stateRvuTable: "code,rvu\n97110,lots\n" }],
    };
    const error = await createPractice(app.ctx, admin, { name: "Bad", settings: bad }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]?.path).toMatch(/^\$\.settings\.payerProfiles\[0\]\.stateRvuTable/);
    const medicareLike = JSON.parse(
      fs.readFileSync(path.join(repoRoot, "profiles/states/fl-pip.json"), "utf8"),
    );
    const misplaced = {
      ...baysideSettings(),
      payerProfiles: [{ profile: medicareLike, stateRvuTable: table }],
    };
    const refused = await createPractice(app.ctx, admin, { name: "Bad 2", settings: misplaced }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues).toContainEqual(
      expect.objectContaining({ path: "$.settings.payerProfiles[0].stateRvuTable" }),
    );
  });
});
