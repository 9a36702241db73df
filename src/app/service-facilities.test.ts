import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../model/validate.js";
import { backends } from "../store/test-support.js";
import { createOrganization, createPractice, getPractice, updatePractice } from "./practices.js";
import { baysideSettings, scopeOf, seedVisit, type TestApp, testApp } from "./test-support.js";
import { storeVisit } from "./visits.js";

/**
 * A practice's other places of service (settings.serviceFacilities, 837P 2310C). Bayside
 * bills from Miami and also treats at its Orlando clinic: a visit naming the clinic gets its
 * address and is priced at its locality, 09102-99 Rest of Florida (ZIP 32801 in the CMS ZIP5
 * file). By hand (docs/pricing.md): the seed visit is 83.18 there, 87.11 in Miami.
 */
const orlando = {
  name: "Bayside Therapy Orlando",
  address: "100 Orange Ave",
  city: "Orlando",
  state: "FL",
  zip: "328011234",
};

describe.each(backends)("a practice's service facilities on %s", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp(backend);
  });
  afterAll(() => app.dispose());

  it("are stored, read back, and fill and price a visit that names one", async () => {
    const org = await createOrganization(app.ctx, { name: "Bayside Billing" });
    const admin = scopeOf(org.id, "admin");
    const practice = await createPractice(app.ctx, admin, {
      name: "Bayside Therapy",
      settings: { ...baysideSettings(), serviceFacilities: [orlando] },
    });
    expect((await getPractice(app.ctx, admin, practice.id)).settings.serviceFacilities).toEqual([orlando]);
    const at = (id: string, serviceFacility?: Record<string, unknown>) =>
      storeVisit(app.ctx, admin, practice.id, {
        ...seedVisit(),
        id,
        dateOfService: "2026-07-15",
        ...(serviceFacility ? { serviceFacility } : {}),
      });
    // Named as the EMR or a CSV would name it, in any case: the rest comes from the practice.
    const there = await at("V-ORL1", { name: "bayside therapy orlando" });
    expect(there.claim.serviceFacility).toEqual({ ...orlando, name: "bayside therapy orlando" });
    expect(there.estimate?.locality).toMatchObject({ mac: "09102", locality: "99" });
    expect(there.estimate?.allowed).toBe("83.18");
    // Not named: the billing address, Miami.
    expect((await at("V-MIA1")).estimate?.allowed).toBe("87.11");
  });

  it("refuses two facilities of one name, naming the second", async () => {
    const org = await createOrganization(app.ctx, { name: "Bayside Billing 2" });
    const admin = scopeOf(org.id, "admin");
    const practice = await createPractice(app.ctx, admin, {
      name: "Bayside Therapy",
      settings: baysideSettings(),
    });
    const error = await updatePractice(app.ctx, admin, practice.id, {
      settings: { serviceFacilities: [orlando, { ...orlando, name: "BAYSIDE THERAPY ORLANDO" }] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toMatchObject([
      { path: "$.settings.serviceFacilities[1].name", message: '"BAYSIDE THERAPY ORLANDO" is listed twice' },
    ]);
  });
});
