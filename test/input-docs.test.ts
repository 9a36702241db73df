import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { inputDocsPath, renderInputDocs } from "../scripts/input-docs.js";
import { claimSchema } from "../src/model/claim.js";
import { visitSchema } from "../src/model/visit.js";
import { payerProfileSchema } from "../src/payers/profile.js";
import { envelopeSettingsSchema } from "../src/remit/corrected.js";
import { repoRoot } from "../src/test-support/reference.js";

/**
 * docs/visit.md is generated from the schemas (issue 8 §3, a reference page for the
 * input). Its field list is checked here against an independent reading of the same
 * schemas: their JSON Schema (z.toJSONSchema), walked property by property.
 */

const page = fs.readFileSync(inputDocsPath(repoRoot), "utf8");

/** Every property path of a JSON Schema, as the page writes it (`services[].minutes`). */
function jsonSchemaPaths(schema: Record<string, unknown>, prefix = ""): string[] {
  const out: string[] = [];
  const visit = (node: Record<string, unknown>, at: string): void => {
    const options = (node.anyOf ?? node.oneOf) as Record<string, unknown>[] | undefined;
    if (options) {
      for (const o of options) visit(o, at);
      return;
    }
    if (node.type === "array" && node.items) {
      visit(node.items as Record<string, unknown>, `${at}[]`);
      return;
    }
    const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
    for (const [key, child] of Object.entries(properties ?? {})) {
      const path = at ? `${at}.${key}` : key;
      out.push(path);
      visit(child, path);
    }
  };
  visit(schema, prefix);
  return out;
}

/** The field column of the page's rows for one section, with union kinds folded (`extraRules[kind=x]` → `extraRules[]`). */
function pageFields(section: string): Set<string> {
  const start = page.indexOf(`## ${section}\n`);
  const end = page.indexOf("\n## ", start + 1);
  const text = page.slice(start, end === -1 ? undefined : end);
  return new Set(
    [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!.replace(/\[kind=[^\]]+\]/g, "[]")),
  );
}

describe("docs/visit.md", () => {
  it("is what the generator makes of the schemas today (npm run docs:gen)", () => {
    expect(page).toBe(renderInputDocs(repoRoot));
  });

  it.each([
    ["Visit", visitSchema],
    ["Claim", claimSchema],
    ["Payer profile", payerProfileSchema],
    ["Envelope settings", envelopeSettingsSchema],
  ] as const)("lists every field of the %s schema, and no other", (section, schema) => {
    const expected = new Set(
      jsonSchemaPaths(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as never),
    );
    expect(pageFields(section)).toEqual(expected);
  });

  it("says that payer.id is the payer's electronic id, sent in NM1*PR (NM109)", () => {
    const row = page.split("\n").find((l) => l.startsWith("| `payer.id` |"));
    expect(row).toMatch(/electronic id/);
    expect(row).toMatch(/NM1\*PR/);
    expect(row).toMatch(/NM109/);
  });

  it("gives each field a type, a meaning and an example (objects and lists of objects: their fields do)", () => {
    for (const line of page.split("\n").filter((l) => l.startsWith("| `"))) {
      const [, field, type, required, , meaning, example] = line.split(/(?<!\\)\|/).map((c) => c.trim());
      expect(type, field).not.toBe("");
      expect(["yes", "no"], field).toContain(required);
      expect(meaning!.length, field).toBeGreaterThan(10);
      if (!/object \(/.test(type!)) expect(example, field).not.toBe("");
    }
  });

  it("shows schema defaults (frequency 1, abnOnFile false, coinsurance 20)", () => {
    expect(page).toMatch(/^\| `frequency` \| .* \| no \| `"1"` \|/m);
    expect(page).toMatch(/^\| `abnOnFile` \| true or false \| no \| `false` \|/m);
    expect(page).toMatch(/^\| `pricing\.coinsurancePercent` \| .* \| no \| `"20"` \|/m);
  });
});
