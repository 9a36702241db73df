import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundledPolicyFile, repoRoot } from "../../test-support/reference.js";
import type { PolicyRow } from "../types.js";
import { detectKind } from "./detect.js";
import { ImportError } from "./errors.js";
import { parseReferenceFile } from "./index.js";
import { parsePolicy } from "./policy.js";

const example = path.join(repoRoot, "examples/policy/policy-2026.json");
const exampleYaml = path.join(repoRoot, "examples/policy/policy-2026.yaml");

/** A one-figure policy file, for the error cases. */
function file(figures: unknown[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      kind: "cleanclaim policy figures",
      formatVersion: 1,
      release: "test",
      figures,
      ...extra,
    }),
  );
}
const deductible2026 = {
  figure: "part-b-deductible",
  amount: "283.00",
  effectiveFrom: "2026-01-01",
  effectiveThrough: "2026-12-31",
  source: "CMS 2026 fact sheet",
  verified: true,
};

function problem(buffer: Buffer): string {
  try {
    parsePolicy(buffer, "policy-2027.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return (error as Error).message;
  }
  throw new Error("expected an ImportError");
}

describe("the bundled policy figures", () => {
  const parsed = parsePolicy(fs.readFileSync(bundledPolicyFile), "bundled-policy.json");
  const of = (figure: PolicyRow["figure"]) => parsed.rows.filter((r) => r.figure === figure);

  it("hold the figures of domain.md and the CMS rules, each with a source", () => {
    // domain.md "Medicare Physician Fee Schedule" and "Therapy modifiers" tables.
    expect(of("conversion-factor").map((r) => [r.effectiveFrom, "value" in r && r.value])).toEqual([
      ["2024-01-01", "32.7442"],
      ["2024-03-09", "33.2875"],
      ["2025-01-01", "32.3465"],
      ["2026-01-01", "33.4009"],
      ["2026-01-01", "33.5675"],
    ]);
    expect(
      of("kx-threshold").map((r) => [r.effectiveFrom.slice(0, 4), "amount" in r && r.amount, r.verified]),
    ).toEqual([
      ["2022", "2150.00", true],
      ["2023", "2230.00", true],
      ["2024", "2330.00", true],
      ["2025", "2410.00", false],
      ["2026", "2480.00", false],
    ]);
    expect(of("part-b-deductible").map((r) => "amount" in r && r.amount)).toEqual([
      "240.00",
      "257.00",
      "283.00",
    ]);
    expect(of("targeted-medical-review-threshold")).toMatchObject([{ amount: "3000.00" }]);
    expect(of("therapy-mppr")).toMatchObject([{ pePercent: "50", multipleProcedureIndicator: "5" }]);
    expect(of("assistant-payment")).toMatchObject([{ percent: "85", modifiers: ["CQ", "CO"] }]);
    expect(of("sequestration")).toMatchObject([{ percent: "2", effectiveFrom: "2022-07-01" }]);
    expect(of("non-participating")).toMatchObject([{ percent: "95", limitingChargePercent: "115" }]);
    for (const row of parsed.rows) expect(row.source.length, row.figure).toBeGreaterThan(10);
  });

  it("carry the therapy code list: domain.md's timed, untimed and hour-based codes", () => {
    const list = of("therapy-code-list")[0];
    if (list?.figure !== "therapy-code-list") throw new Error("no therapy code list");
    const timing = new Map(list.codes.map((c) => [c.code, c.timing]));
    for (const code of ["97010", "97012", "97014", "97150", "97161", "97164", "97168", "97172", "G0283"])
      expect(timing.get(code), code).toBe("untimed");
    for (const code of ["97032", "97035", "97110", "97112", "97140", "97530", "97750", "97760", "97763"])
      expect(timing.get(code), code).toBe("timed");
    expect([timing.get("97545"), timing.get("97546")]).toEqual(["hour", "hour"]);
  });

  it("make one edition of the policy table, from the earliest figure, open-ended", () => {
    expect(parsed.edition).toEqual({
      table: "policy",
      source: "bundled-policy.json",
      release: "cleanclaim bundled policy figures (CY2024-CY2026)",
      effectiveFrom: "1993-01-01",
      effectiveThrough: null,
    });
  });
});

describe("policy figures files", () => {
  it("are recognised by their content, JSON or YAML, whatever they are called", () => {
    expect(detectKind(fs.readFileSync(example), "download(3).dat")).toBe("policy");
    expect(detectKind(fs.readFileSync(exampleYaml), "figures.txt")).toBe("policy");
    expect(detectKind(fs.readFileSync(bundledPolicyFile), "x.json")).toBe("policy");
  });

  it("a JSON file without the kind is taken for one by its name, so the error says what it lacks", () => {
    const noKind = Buffer.from(
      JSON.stringify({ formatVersion: 1, release: "CY2027", figures: [deductible2026] }),
    );
    expect(() => parseReferenceFile(noKind, "policy-2027.json")).toThrowError(
      'policy-2027.json: not a valid policy figures file (docs/policy-figures.md): $.kind: required field is missing (expected one of "cleanclaim policy figures")',
    );
  });

  it("read the same from JSON and from YAML", () => {
    const json = parseReferenceFile(fs.readFileSync(example), "policy-2026.json");
    const yaml = parseReferenceFile(fs.readFileSync(exampleYaml), "policy-2026.yaml");
    expect(yaml.rows).toEqual(json.rows);
    expect(json.edition).toMatchObject({
      table: "policy",
      effectiveFrom: "2026-01-01",
      effectiveThrough: "2026-12-31",
    });
    expect(json.rows).toHaveLength(4);
  });

  it("accept a UTF-8 byte-order mark", () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file([deductible2026])]);
    expect(parsePolicy(bom, "policy.json").rows).toEqual([deductible2026]);
  });

  it.each([
    [
      "an amount that is not dollars",
      file([
        { ...deductible2026, amount: "283" },
        { ...deductible2026, effectiveFrom: "2027-01-01", amount: "x" },
      ]),
      '$.figures[1].amount: expected dollars as a decimal string such as "2480.00", got "x" (text)',
    ],
    ["a misspelt field", file([{ ...deductible2026, ammount: "283.00" }]), "$.figures[0]"],
    ["an unknown figure", file([{ ...deductible2026, figure: "therapy-cap" }]), "$.figures[0].figure"],
    [
      "a conversion factor without its APM status",
      file([
        {
          figure: "conversion-factor",
          value: "33.4009",
          label: "CY2026",
          effectiveFrom: "2026-01-01",
          effectiveThrough: "2026-12-31",
          source: "final rule",
          verified: true,
        },
      ]),
      '$.figures[0].appliesTo: required field is missing (expected one of "all", "qualifying-apm", "non-qualifying-apm")',
    ],
    [
      "a figure that ends before it starts",
      file([{ ...deductible2026, effectiveThrough: "2025-12-31" }]),
      "$.figures[0].effectiveThrough: ends (2025-12-31) before it starts (2026-01-01)",
    ],
    [
      "two deductibles in force on one day",
      file([deductible2026, { ...deductible2026, effectiveFrom: "2026-07-01", amount: "290.00" }]),
      "$.figures[1]: part-b-deductible from 2026-07-01 overlaps $.figures[0] (from 2026-01-01 to 2026-12-31)",
    ],
    ["a file of another version", file([deductible2026], { formatVersion: 2 }), "$.formatVersion"],
    ["broken JSON", Buffer.from('{ "kind": "cleanclaim policy figures", '), "not valid JSON"],
  ])("refuse %s, naming the JSON path", (_what, buffer, message) => {
    const text = problem(buffer);
    expect(text).toContain("policy-2027.json: ");
    expect(text).toContain(message);
  });
});
