import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exitStatusOf, httpStatusOf, Problem } from "../model/problem.js";
import { InputError } from "../model/validate.js";
import { repoRoot } from "../test-support/reference.js";
import { loadChargeSchedule } from "./input.js";
import { loadFeeTable, loadPayerProfile, loadPayerProfiles, withFeeTable } from "./profiles.js";

/**
 * The CLI reads the files of `--payer-profile`, `--payer-profiles`, the fee tables beside
 * them and `--charges`; the core only parses text (src/payers/load.test.ts,
 * src/pricing/fee-table.test.ts, src/coding/charges.test.ts).
 */
const profilesDir = path.join(repoRoot, "profiles");
const commercialFile = path.join(profilesDir, "commercial-example.json");
const workersCompFile = path.join(profilesDir, "workers-comp-example.json");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-profiles-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

function thrown(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("--payer-profile: one file", () => {
  it("the commercial example, its origin the file's absolute path (the base of its relative paths)", () => {
    const profile = loadPayerProfile(path.relative(process.cwd(), commercialFile));
    expect(profile).toMatchObject({ id: "EXAMPLE-PPO", type: "commercial", origin: commercialFile });
  });

  it("a byte-order mark before the JSON (Windows editors write one) reads as the same profile", () => {
    const text = fs.readFileSync(commercialFile, "utf8");
    const withBom = write("bom/commercial.json", `\uFEFF${text}`);
    const plain = write("bom/plain.json", text);
    expect(loadPayerProfile(withBom)).toEqual({ ...loadPayerProfile(plain), origin: withBom });
  });

  it("a missing file names the file", () => {
    expect(() => loadPayerProfile("no/such/profile.json")).toThrow(
      "no/such/profile.json: (file): cannot read the payer profile (no such file)",
    );
  });
});

describe("fee tables are read beside their profile", () => {
  it("workers' comp: profiles/workers-comp-example-fees.csv, 97110 at 38.00 a unit", () => {
    const loaded = withFeeTable(loadPayerProfile(workersCompFile));
    expect(loaded.feeTableData?.source).toBe(path.join(profilesDir, "workers-comp-example-fees.csv"));
    expect(loaded.feeTableData?.entries.get("97110|")?.cents).toBe(3800);
  });

  it("relative to the profile's folder, not the working directory", () => {
    const dir = path.join(tmp, "acme");
    write("acme/fees.csv", "code,modifier,amount\n97110,,25.00\n");
    const file = write("acme/acme.json", {
      id: "ACME",
      name: "Acme",
      type: "commercial",
      appliesTo: { payerIds: ["acme"] },
      pricing: { basis: "fee-table", feeTable: "fees.csv", coinsurancePercent: "20", deductible: false },
    });
    expect(path.dirname(file)).not.toBe(process.cwd());
    const loaded = withFeeTable(loadPayerProfile(file));
    expect(loaded.feeTableData?.source).toBe(path.join(dir, "fees.csv"));
    expect(loaded.feeTableData?.entries.get("97110|")?.cents).toBe(2500);
  });

  it("a state-rvu schedule reads its state RVU table beside the profile (pricing.stateRvuTable)", () => {
    const shipped = JSON.parse(
      fs.readFileSync(path.join(profilesDir, "states/ny-workers-comp.json"), "utf8"),
    );
    write("ny/wcb-rvus.csv", "code,modifier,rvu\n97110,,7.05\n");
    const file = write("ny/ny.json", {
      ...shipped,
      pricing: { ...shipped.pricing, stateRvuTable: "wcb-rvus.csv" },
    });
    const loaded = withFeeTable(loadPayerProfile(file));
    expect(loaded.stateRvuTableData?.source).toBe(path.join(tmp, "ny", "wcb-rvus.csv"));
    expect(loaded.stateRvuTableData?.entries.get("97110|")?.rvu).toBe("7.05");
    expect(loaded.feeTableData).toBeUndefined();
  });

  it("a profile priced otherwise reads no table", () => {
    const profile = loadPayerProfile(commercialFile);
    expect(withFeeTable(profile)).toBe(profile);
  });

  it("a missing fee table names the file", () => {
    expect(() => loadFeeTable("/nonexistent/fees.csv")).toThrow(
      "/nonexistent/fees.csv: (file): cannot read the fee table (no such file)",
    );
  });
});

describe("--charges: the practice fee schedule", () => {
  it("reads a file, a byte-order mark allowed", () => {
    const file = write("charges.csv", "\uFEFFcode,amount\n97012,45.00\n");
    expect(loadChargeSchedule(file)).toEqual(new Map([["97012", "45.00"]]));
  });

  it("a missing file names the file", () => {
    expect(() => loadChargeSchedule("/nonexistent/fees.csv")).toThrow(
      "/nonexistent/fees.csv: (file): cannot read the practice fee schedule (no such file)",
    );
  });
});

describe("a missing file is not-found (HTTP 404), still exit 2", () => {
  it.each([
    ["payer profile", () => loadPayerProfile("/nonexistent/profile.json")],
    ["fee table", () => loadFeeTable("/nonexistent/fees.csv")],
    ["practice fee schedule", () => loadChargeSchedule("/nonexistent/charges.csv")],
    ["payer profiles directory", () => loadPayerProfiles({ dir: "/nonexistent/profiles" })],
  ])("%s", (_what, load) => {
    const error = thrown(load);
    expect(error).toBeInstanceOf(Problem);
    expect(error.code).toBe("not-found");
    expect(exitStatusOf(error)).toBe(2);
    expect(httpStatusOf(error)).toBe(404);
  });

  it("a directory given as a file is unusable input, not a missing one", () => {
    const error = thrown(() => loadPayerProfile(tmp));
    expect(error.message).toBe(`${tmp}: (file): cannot read the payer profile (it is a directory)`);
    expect(error.code).toBe("invalid-input");
    expect(exitStatusOf(error)).toBe(2);
  });
});

describe("--payer-profiles DIR, alone or with --payer-profile", () => {
  it("a profiles directory that is missing, or holds no profile (the fee table csv is not one)", () => {
    expect(() => loadPayerProfiles({ dir: "no/such/dir" })).toThrow(
      "no/such/dir: (directory): expected a directory of payer profiles: no such directory",
    );
    const csvOnly = path.dirname(
      write("csv-only/fees.csv", fs.readFileSync(path.join(profilesDir, "workers-comp-example-fees.csv"))),
    );
    expect(() => loadPayerProfiles({ dir: csvOnly })).toThrow(
      `${csvOnly}: (directory): expected payer profile files (.json, .yaml or .yml); found none`,
    );
  });

  it("the shipped profiles directory loads as one set, without overlaps or warnings", () => {
    const loaded = loadPayerProfiles({ dir: profilesDir });
    expect(loaded.profiles.map((p) => [p.id, p.appliesTo])).toEqual([
      ["EXAMPLE-PPO", { payerIds: ["EXPPO"], payerTypes: ["commercial"], states: [] }],
      ["EXAMPLE-WC", { payerIds: [], payerTypes: ["workers-comp"], states: [] }],
    ]);
    expect(loaded.warnings).toEqual([]);
  });

  it("the state profiles load as one set: each names its state, so none overlaps another", () => {
    const loaded = loadPayerProfiles({ dir: path.join(profilesDir, "states") });
    expect(
      loaded.profiles.map((p) => [p.id, p.appliesTo.payerTypes.join(), p.appliesTo.states.join()]),
    ).toEqual([
      ["az-ica", "workers-comp", "AZ"],
      ["ca-omfs", "workers-comp", "CA"],
      ["co-wc", "workers-comp", "CO"],
      ["fl-pip", "auto", "FL"],
      ["fl-wc", "workers-comp", "FL"],
      ["md-wcc", "workers-comp", "MD"],
      ["nj-pip", "auto", "NJ"],
      ["nj-wc", "workers-comp", "NJ"],
      ["ny-no-fault", "auto", "NY"],
      ["ny-wcb", "workers-comp", "NY"],
      ["tx-dwc", "workers-comp", "TX"],
      ["wa-lni", "workers-comp", "WA"],
    ]);
    // With the generic workers' comp example beside them: a state's profile is more specific.
    expect(() =>
      loadPayerProfiles({
        file: path.join(profilesDir, "workers-comp-example.json"),
        dir: path.join(profilesDir, "states"),
      }),
    ).not.toThrow();
  });

  it("a file and a directory together are one set; a profile without appliesTo is warned of by its file", () => {
    const bare = write("bare.json", { id: "BARE", name: "Bare PPO", type: "commercial" });
    const loaded = loadPayerProfiles({ file: bare, dir: profilesDir });
    expect(loaded.profiles.map((p) => p.id)).toEqual(["BARE", "EXAMPLE-PPO", "EXAMPLE-WC"]);
    expect(loaded.warnings).toEqual([
      `${bare}: no "appliesTo", so the profile applies to commercial payers only (its type); add "appliesTo": { "payerIds": [...] } to name the payers it is for`,
    ]);
  });

  it("a file that overlaps a profile of the directory is refused, naming both files", () => {
    const clash = write("clash.json", {
      id: "CLASH",
      name: "Clash",
      type: "commercial",
      appliesTo: { payerIds: ["EXPPO"] },
    });
    const error = thrown(() => loadPayerProfiles({ file: clash, dir: profilesDir }));
    expect(error.source).toBe(profilesDir);
    expect(exitStatusOf(error)).toBe(2);
    expect(error.issues.map((i) => i.message)).toEqual([
      expect.stringContaining(`${clash} and ${commercialFile} both apply to payer id EXPPO`),
    ]);
  });

  it("every file's problems are reported together, each under its file name", () => {
    const dir = path.join(tmp, "broken");
    const a = write("broken/a.json", { id: "A", name: "A", type: "medicare-b" });
    const b = write("broken/b.yaml", "id: B\nname: B\ntype: commercial\nunitMethd: cms\n");
    write("broken/c.json", { id: "C", name: "C", type: "commercial", appliesTo: { payerIds: ["c"] } });
    const error = thrown(() => loadPayerProfiles({ dir }));
    expect(error.source).toBe(dir);
    expect(error.issues.map((i) => i.path)).toEqual([`${a}: $.type`, `${b}: $.unitMethd`]);
  });
});
