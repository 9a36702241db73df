import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../model/validate.js";
import { profileForClaim, scrubClaim } from "../rules/engine.js";
import { claimOf } from "../rules/test-support/claims.js";
import { ruleReference } from "../rules/test-support/reference.js";
import { repoRoot } from "../test-support/reference.js";
import { parsePayerProfile, payerProfileSet } from "./load.js";

const commercialFile = path.join(repoRoot, "profiles", "commercial-example.json");

/**
 * A shipped profile: the test reads the file, the core parses it (reading files, the
 * missing file and the fee table beside it are the CLI's: src/cli/profiles.test.ts).
 */
const shipped = (file: string) => parsePayerProfile(fs.readFileSync(file, "utf8"), file, file);

/** The commercial example written as YAML. */
const commercialYaml = `
id: EXAMPLE-PPO
name: Example Health PPO (illustrative commercial payer)
type: commercial
appliesTo:
  payerIds: ["EXPPO"]
  payerTypes: [commercial]
unitMethod: ama
distinctModifier: "59"
therapyModifiersRequired: true
accepts97014: true
timelyFilingDays: 90
severities:
  duplicate-line: error
  reference-data: info
codePairEdits:
  - column1: "97530"
    column2: "97110"
    modifierIndicator: "1"
    reason: "example policy: therapeutic activities include therapeutic exercise unless distinct"
    effectiveFrom: "2026-01-01"
extraRules:
  - kind: require-modifier
    id: rehabilitative-97
    codes: ["97110", "97112", "97140", "97530"]
    modifier: "97"
    reason: "example policy: rehabilitative therapy is reported with modifier 97"
    severity: warning
  - kind: max-units
    id: manual-therapy-limit
    code: "97140"
    units: 2
    reason: "example policy: at most 2 units of manual therapy a day"
  - kind: not-covered
    id: no-hot-packs
    codes: ["97010"]
    reason: "example policy: hot and cold packs are not covered"
pricing:
  basis: percent-of-medicare
  percentOfMedicare: "110"
  coinsurancePercent: "20"
  deductible: false
`;

function issuesOf(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("the example payer profiles", () => {
  it("commercial: AMA units, 59, its own pair edit and rules, 90-day filing, MPPR and sequestration off", () => {
    const profile = shipped(commercialFile);
    expect(profile).toMatchObject({
      id: "EXAMPLE-PPO",
      type: "commercial",
      unitMethod: "ama",
      distinctModifier: "59",
      accepts97014: true,
      skipMueZeroCmsPolicy: true,
      mppr: false,
      sequestration: false,
      medicareTherapyRules: false,
      timelyFilingDays: 90,
      origin: commercialFile,
    });
    expect(profile.codePairEdits).toHaveLength(1);
    expect(profile.extraRules.map((r) => r.id)).toEqual([
      "rehabilitative-97",
      "manual-therapy-limit",
      "no-hot-packs",
    ]);
  });

  it("the same profile in YAML resolves identically", () => {
    const fromYaml = parsePayerProfile(commercialYaml, "commercial.yaml", commercialFile);
    expect(fromYaml).toEqual(shipped(commercialFile));
  });

  it("workers' comp: priced from a fee table, named relative to the profile (the CLI reads it)", () => {
    const file = path.join(repoRoot, "profiles", "workers-comp-example.json");
    const profile = shipped(file);
    expect(profile.pricing).toMatchObject({ basis: "fee-table", feeTable: "workers-comp-example-fees.csv" });
    expect(profile.origin).toBe(file);
  });

  it("drives the scrubber: pair edit, severity overrides and extra rules", () => {
    const profile = shipped(commercialFile);
    const claim = claimOf({
      payer: "commercial",
      lines: [
        { code: "97530", modifiers: ["GP"], minutes: 15 },
        { code: "97110", modifiers: ["GP"], minutes: 15 },
        { code: "97110", modifiers: ["GP"], minutes: 15 },
      ],
    });
    const found = scrubClaim(claim, { reference: ruleReference(), profile, asOf: "2026-03-10" });
    expect(found.find((f) => f.rule === "duplicate-line")?.severity).toBe("error");
    expect(found.filter((f) => f.rule === "payer-edits").map((f) => f.message)).toEqual([
      expect.stringContaining("bundles 97110 into 97530"),
      expect.stringContaining("bundles 97110 into 97530"),
      expect.stringContaining("requires 97 on 97530"),
      expect.stringContaining("requires 97 on 97110"),
      expect.stringContaining("requires 97 on 97110"),
    ]);
    expect(found.filter((f) => f.rule === "reference-data").every((f) => f.severity === "info")).toBe(true);
    expect(profileForClaim(claim).unitMethod).toBe("ama");
  });
});

describe("loading errors name the file, the place and what was expected", () => {
  it("a wrong payer type", () => {
    const issues = issuesOf(() => parsePayerProfile('{"id":"X","name":"X","type":"medicare-b"}', "x.json"));
    expect(issues[0]?.path).toBe("$.type");
    expect(issues[0]?.message).toMatch(/^expected one of "medicare", .*got "medicare-b" \(text\)$/);
  });

  it("a malformed code in a pair edit", () => {
    const text = JSON.stringify({
      id: "X",
      name: "X",
      type: "commercial",
      codePairEdits: [{ column1: "9711", column2: "97140", modifierIndicator: "1", reason: "r" }],
    });
    expect(issuesOf(() => parsePayerProfile(text, "x.json"))[0]).toEqual({
      path: "$.codePairEdits[0].column1",
      message: 'expected a 5-character CPT or HCPCS code such as 97110, got "9711" (text)',
    });
  });

  it.each([
    {
      name: "a conversion factor for a region the schedule does not list",
      schedule: {
        method: "state-rvu",
        regions: [{ region: "I", zipPrefixes: ["100"], source: { citation: "c" }, verified: false }],
        conversionFactors: [
          { region: "V", from: "2026-01-01", amount: null, source: { citation: "c" }, verified: false },
        ],
      },
      path: "$.pricing.stateSchedule.conversionFactors[0].region",
      message: 'expected a region of stateSchedule.regions (I), got "V"',
    },
    {
      name: "a floor year on a method other than percent-of-medicare",
      schedule: { method: "medicare-rvu", floor: { year: 2007, source: { citation: "c" }, verified: false } },
      path: "$.pricing.stateSchedule.floor",
      message: 'a floor year applies to method "percent-of-medicare" only',
    },
  ])("a state schedule: $name", ({ schedule, path, message }) => {
    const text = JSON.stringify({
      id: "X",
      name: "X",
      type: "workers-comp",
      appliesTo: { payerTypes: ["workers-comp"] },
      pricing: {
        basis: "state-schedule",
        stateSchedule: { program: "P", state: "NY", authority: { citation: "c" }, ...schedule },
      },
    });
    expect(issuesOf(() => parsePayerProfile(text, "x.json"))).toContainEqual({ path, message });
  });

  it("a date that is not a date", () => {
    const text = JSON.stringify({
      id: "X",
      name: "X",
      type: "commercial",
      codePairEdits: [
        {
          column1: "97530",
          column2: "97110",
          modifierIndicator: "1",
          reason: "r",
          effectiveFrom: "2026-02-30",
        },
      ],
    });
    expect(issuesOf(() => parsePayerProfile(text, "x.json"))[0]?.path).toBe(
      "$.codePairEdits[0].effectiveFrom",
    );
  });

  it("JSON syntax: line and column", () => {
    const error = (() => {
      try {
        parsePayerProfile('{\n  "id": "X",\n  "name" "X"\n}', "broken.json");
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(error?.message).toMatch(/^broken\.json: line 3, column 10: not valid JSON/);
  });

  it("YAML syntax: line and column", () => {
    const issues = issuesOf(() =>
      parsePayerProfile("id: X\nname: [unclosed\ntype: commercial\n", "broken.yaml"),
    );
    expect(issues[0]?.path).toMatch(/^line \d+, column \d+$/);
    expect(issues[0]?.message).toMatch(/^not valid YAML: /);
  });

  it("consistency the schema cannot see: a percentage basis without a percentage, a repeated rule id", () => {
    const text = JSON.stringify({
      id: "X",
      name: "X",
      type: "commercial",
      pricing: { basis: "percent-of-medicare" },
      extraRules: [
        { kind: "not-covered", id: "a", codes: ["97010"], reason: "r" },
        { kind: "not-covered", id: "a", codes: ["97012"], reason: "r" },
      ],
    });
    expect(issuesOf(() => parsePayerProfile(text, "x.json")).map((i) => i.path)).toEqual([
      "$.pricing.percentOfMedicare",
      "$.extraRules[1].id",
    ]);
  });

  it("an appliesTo that names no payer", () => {
    const text = JSON.stringify({ id: "X", name: "X", type: "commercial", appliesTo: {} });
    expect(issuesOf(() => parsePayerProfile(text, "x.json"))).toEqual([
      {
        path: "$.appliesTo",
        message:
          'expected the payers the profile is for: "payerIds" (electronic payer ids, such as ["60054"]) and/or "payerTypes" (such as ["commercial"])',
      },
    ]);
  });

  it("a misspelt setting, or a severity for a rule that does not exist, is an error naming its path", () => {
    const issues = issuesOf(() =>
      parsePayerProfile(
        JSON.stringify({
          id: "X",
          name: "X",
          type: "commercial",
          unitMethd: "cms",
          severities: { "ncci-ptpp": "off" },
        }),
        "x.json",
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(["$.unitMethd", '$.severities["ncci-ptpp"]']);
    expect(issues[0]?.message).toBe(
      "not a payer profile setting (check its spelling; see docs/payer-profiles.md)",
    );
    expect(issues[1]?.message).toMatch(/^expected a rule id \(ncci-ptp, mue, /);
  });
});

/** Profiles with the names they came under, parsed from text (no file is read). */
function named(...docs: Array<[string, Record<string, unknown>]>) {
  return docs.map(([source, value]) => ({
    profile: parsePayerProfile(JSON.stringify(value), source),
    source,
  }));
}

describe("a set of profiles (payerProfileSet): overlaps refused, profiles without appliesTo warned of", () => {
  it("two profiles for one payer id are refused, naming both sources", () => {
    const set = named(
      ["a.json", { id: "A", name: "A", type: "commercial", appliesTo: { payerIds: ["60054"] } }],
      ["b.yaml", { id: "B", name: "B", type: "commercial", appliesTo: { payerIds: ["60054"] } }],
    );
    const error = (() => {
      try {
        payerProfileSet(set, "profiles");
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error?.source).toBe("profiles");
    expect(error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: "appliesTo",
        message:
          'a.json and b.yaml both apply to payer id 60054: give each payer one profile (name payer ids in "appliesTo.payerIds" to tell them apart)',
      },
    ]);
  });

  it("a profile without appliesTo applies to its own type, with a warning naming its source", () => {
    const set = named(
      ["bare.json", { id: "BARE", name: "Bare PPO", type: "commercial" }],
      ["acme.json", { id: "ACME", name: "Acme", type: "commercial", appliesTo: { payerIds: ["acme"] } }],
    );
    const loaded = payerProfileSet(set);
    expect(loaded.profiles.map((p) => p.id)).toEqual(["BARE", "ACME"]);
    expect(loaded.warnings).toEqual([
      'bare.json: no "appliesTo", so the profile applies to commercial payers only (its type); add "appliesTo": { "payerIds": [...] } to name the payers it is for',
    ]);
  });

  it("an id and a type for the same payer do not overlap: the id is the more specific", () => {
    const set = named(
      ["all.json", { id: "ALL", name: "All", type: "commercial", appliesTo: { payerTypes: ["commercial"] } }],
      ["acme.json", { id: "ACME", name: "Acme", type: "commercial", appliesTo: { payerIds: ["acme"] } }],
    );
    expect(payerProfileSet(set).warnings).toEqual([]);
  });
});
