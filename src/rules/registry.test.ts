import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { sharedDataDir } from "../test-support/reference.js";
import { rules, rulesById } from "./registry.js";
import { contractRuleIds } from "./test-support/contract-rules.js";

/** The contract's rule table (contract.md §3), the rules added beyond it, and the payer profile's own edits. */
const contractRules = contractRuleIds;
/** Rules the contract allows adding ("You may add ... rules"): issue 11's state daily caps. */
const addedRules = ["daily-cap", "benefit-cap"];

describe("the rule registry", () => {
  it("holds every rule of the contract table, the added rules, and payer-edits, once each", () => {
    expect(rules.map((r) => r.meta.id)).toEqual([...contractRules, ...addedRules, "payer-edits"]);
    expect(rulesById.size).toBe(rules.length);
  });

  it("gives every rule its doc page, authorities and a description", () => {
    for (const { meta } of rules) {
      expect(meta.docs).toBe(`docs/rules/${meta.id}.md`);
      expect(meta.references.length).toBeGreaterThan(0);
      expect(meta.description.length).toBeGreaterThan(40);
    }
  });

  it("follows the contract's default severities: reference-data and duplicate-line warn, the rest are errors (daily-cap, added, warns: the claim is paid, only less)", () => {
    const warnings = rules.filter((r) => r.meta.severity === "warning").map((r) => r.meta.id);
    expect(warnings.sort()).toEqual(["daily-cap", "duplicate-line", "reference-data"]);
  });

  it("predicts only CARCs and RARCs that exist (remit-codes-2024/carc_rarc_group_codes_2024-06.csv)", () => {
    const file = path.join(sharedDataDir, "remit-codes-2024", "carc_rarc_group_codes_2024-06.csv");
    const rows = parse(fs.readFileSync(file), { columns: true }) as Array<{
      adj_code: string;
      adj_type: string;
    }>;
    const known = new Set(rows.map((r) => `${r.adj_type}:${r.adj_code}`));
    for (const { meta } of rules) {
      if (meta.carc) expect(known.has(`CARC:${meta.carc}`), `${meta.id} CARC ${meta.carc}`).toBe(true);
      if (meta.rarc) expect(known.has(`RARC:${meta.rarc}`), `${meta.id} RARC ${meta.rarc}`).toBe(true);
    }
  });
});
