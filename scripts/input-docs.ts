/**
 * Renders docs/visit.md, the reference of every input field, from the zod schemas: the
 * fields, their types, whether they are required and their defaults come from the
 * schemas themselves (zod 4 introspection and z.toJSONSchema), the meanings from
 * scripts/input-fields.ts, the examples from the bundled example files. So the page
 * cannot drift from what the CLI accepts: `npm run docs:check` compares it.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { claimSchema } from "../src/model/claim.js";
import { diagnosisCode, isoDate, modifierCode, moneyText, procedureCode } from "../src/model/common.js";
import { visitSchema } from "../src/model/visit.js";
import { payerProfileSchema } from "../src/payers/profile.js";
import { envelopeSettingsSchema } from "../src/remit/corrected.js";
import { type FieldText, type ObjectTexts, objectTexts } from "./input-fields.js";

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definitions are untyped here
type Def = any;
type Schema = z.ZodType;

interface Row {
  path: string;
  type: string;
  required: boolean;
  defaultValue: string;
  meaning: string;
  example: string;
}

interface InputDocument {
  title: string;
  anchor: string;
  schema: Schema;
  intro: string[];
  /** Example documents (parsed JSON) whose values show each field. */
  examples: unknown[];
}

const def = (s: Schema): Def => (s as unknown as { def: Def }).def;

/** Named leaf schemas shared by many fields: their checks are refinements JSON Schema cannot show. */
const namedLeaves = new Map<Schema, string>([
  [isoDate, "date `YYYY-MM-DD`"],
  [moneyText, 'money `"45.00"`'],
  [procedureCode, "CPT/HCPCS code (5 characters)"],
  [modifierCode, "modifier (2 characters)"],
  [diagnosisCode, "ICD-10-CM code"],
]);

/** Peels optional, nullable and default wrappers off a field. */
function analyse(field: Schema): {
  core: Schema;
  optional: boolean;
  nullable: boolean;
  defaultValue?: unknown;
} {
  let s = field;
  let optional = false;
  let nullable = false;
  let defaultValue: unknown;
  let hasDefault = false;
  for (;;) {
    const d = def(s);
    if (d.type === "optional") optional = true;
    else if (d.type === "nullable") nullable = true;
    else if (d.type === "default" || d.type === "prefault") {
      hasDefault = true;
      defaultValue = d.defaultValue;
    } else break;
    s = d.innerType;
  }
  return { core: s, optional: optional || hasDefault, nullable, ...(hasDefault ? { defaultValue } : {}) };
}

function leafType(core: Schema): string {
  const named = namedLeaves.get(core);
  if (named) return named;
  const d = def(core);
  const json = z.toJSONSchema(core, { unrepresentable: "any", io: "input" }) as Record<string, unknown>;
  switch (d.type) {
    case "string": {
      const parts = ["text"];
      if (json.pattern) parts.push(`matching \`${json.pattern}\``);
      else if (json.minLength === json.maxLength && json.minLength !== undefined)
        parts.push(`of ${json.minLength} characters`);
      else if (json.minLength) parts.push("(not empty)");
      return parts.join(" ");
    }
    case "number": {
      const kind = json.type === "integer" ? "whole number" : "number";
      // zod's int() bounds a number by the safe-integer range: no bound a person would set.
      const bound = (v: unknown) =>
        typeof v === "number" && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined;
      const min = bound(json.minimum);
      const max = bound(json.maximum);
      if (min !== undefined && max !== undefined) return `${kind} ${min} to ${max}`;
      if (min !== undefined) return `${kind}, at least ${min}`;
      return kind;
    }
    case "boolean":
      return "true or false";
    case "enum":
      return (json.enum as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(" or ");
    case "literal":
      return (d.values as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(" or ");
    case "array": {
      const bounds = [
        json.minItems ? `at least ${json.minItems}` : "",
        json.maxItems !== undefined ? `at most ${json.maxItems}` : "",
      ].filter(Boolean);
      return `list of ${typeName(d.element)}${bounds.length ? ` (${bounds.join(", ")})` : ""}`;
    }
    case "object":
      return "object (fields below)";
    case "record":
      return `object: ${typeName(d.keyType)} → ${typeName(d.valueType)}`;
    case "union":
      return "object (one of the kinds below)";
    default:
      throw new Error(`input-docs: no type name for a zod "${d.type}" schema`);
  }
}

function typeName(field: Schema): string {
  const { core, nullable } = analyse(field);
  return `${leafType(core)}${nullable ? " or null" : ""}`;
}

function textsFor(schema: Schema): ObjectTexts {
  const found = objectTexts.find((t) => t.schema === schema);
  if (!found) throw new Error(`input-docs: an object schema has no texts in scripts/input-fields.ts`);
  return found;
}

/** Values at a path (segments; "[]" for every element; "kind=x" selects union members) in the examples. */
function valuesAt(value: unknown, segments: readonly string[]): unknown[] {
  if (segments.length === 0) return value === undefined ? [] : [value];
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === "[]") return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  if (head.includes("=")) {
    const [key, wanted] = head.split("=") as [string, string];
    const ok =
      value !== null && typeof value === "object" && (value as Record<string, unknown>)[key] === wanted;
    return ok ? valuesAt(value, rest) : [];
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return valuesAt((value as Record<string, unknown>)[head], rest);
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function exampleText(value: unknown): string {
  const json = JSON.stringify(value);
  return `\`${json.length > 60 ? `${json.slice(0, 57)}…` : json}\``;
}

function meaningOf(text: FieldText): string {
  return typeof text === "string" ? text : text.meaning;
}

function objectRows(
  schema: Schema,
  prefix: string,
  segments: string[],
  examples: readonly unknown[],
  out: Row[],
): void {
  const texts = textsFor(schema);
  const shape = def(schema).shape as Record<string, Schema>;
  const unused = new Set(Object.keys(texts.fields));
  for (const [key, field] of Object.entries(shape)) {
    unused.delete(key);
    const text = texts.fields[key];
    if (text === undefined)
      throw new Error(`input-docs: ${prefix}${key} has no text in scripts/input-fields.ts`);
    const at = `${prefix}${key}`;
    const fieldSegments = [...segments, key];
    const { core, optional, defaultValue } = analyse(field);
    const kind = def(core).type;
    const fromExamples = examples.flatMap((e) => valuesAt(e, fieldSegments));
    const leaf = kind !== "object" && !(kind === "array" && def(def(core).element).type !== "string");
    let example = "";
    if (typeof text !== "string") example = exampleText(text.example);
    else if (leaf && fromExamples.length > 0) example = exampleText(fromExamples[0]);
    else if (leaf && defaultValue !== undefined) example = exampleText(defaultValue);
    out.push({
      path: at,
      type: typeName(field),
      required: !optional,
      defaultValue: defaultValue === undefined ? "" : `\`${JSON.stringify(defaultValue)}\``,
      meaning: meaningOf(text),
      example,
    });
    if (kind === "object") objectRows(core, `${at}.`, fieldSegments, examples, out);
    if (kind === "array") {
      const element = analyse(def(core).element).core;
      const elementDef = def(element);
      if (elementDef.type === "object")
        objectRows(element, `${at}[].`, [...fieldSegments, "[]"], examples, out);
      if (elementDef.type === "union") {
        for (const option of elementDef.options as Schema[]) {
          const kindValue = (def(def(option).shape.kind).values as string[])[0]!;
          objectRows(
            option,
            `${at}[kind=${kindValue}].`,
            [...fieldSegments, "[]", `kind=${kindValue}`],
            examples,
            out,
          );
        }
      }
    }
  }
  if (unused.size > 0)
    throw new Error(`input-docs: texts for fields that do not exist: ${[...unused].join(", ")}`);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function jsonFiles(dir: string): unknown[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readJson(path.join(dir, f)));
}

function documents(root: string): InputDocument[] {
  const visits = jsonFiles(path.join(root, "examples/visits"));
  return [
    {
      title: "Visit",
      anchor: "visit",
      schema: visitSchema,
      intro: [
        "What the clinician documented: the input of `check` and `code` (contract §1). Examples: [examples/visits](../examples/visits).",
      ],
      examples: visits,
    },
    {
      title: "Claim",
      anchor: "claim",
      schema: claimSchema,
      intro: [
        "What is billed, the JSON twin of one 837P claim: the input of `scrub`, `price`, `x12 837` and `remit --claims` (contract §2).",
        "`check` and `code` write claims (the `claim` of their output, or all of them with `--claims-out`); the same commands also take that output as it is. See [from-visits-to-837.md](from-visits-to-837.md).",
      ],
      examples: visits,
    },
    {
      title: "Payer profile",
      anchor: "payer-profile",
      schema: payerProfileSchema,
      intro: [
        "How one payer differs from its type's defaults: `--payer-profile FILE`, JSON or YAML. A field the format does not know is an error. The defaults by payer type, and examples in YAML, are in [payer-profiles.md](payer-profiles.md). Examples: [profiles](../profiles).",
      ],
      examples: jsonFiles(path.join(root, "profiles")),
    },
    {
      title: "Envelope settings",
      anchor: "envelope-settings",
      schema: envelopeSettingsSchema,
      intro: [
        "The interchange around 837P claims: `x12 837 --envelope FILE` and `remit --envelope FILE` (for corrected claims). Flags override the file; a field the format does not know is an error. See [x12.md](x12.md).",
      ],
      examples: [],
    },
  ];
}

/** The whole page. */
export function renderInputDocs(root: string): string {
  const out = [
    "# Input reference: visit, claim, payer profile, envelope",
    "",
    "<!-- Generated by `npm run docs:gen` (scripts/gen-input-docs.ts) from the zod schemas in src/model/visit.ts, src/model/claim.ts, src/model/common.ts, src/payers/profile.ts and src/remit/corrected.ts; the meanings are in scripts/input-fields.ts. Do not edit by hand: `npm run docs:check` fails when this page is stale. -->",
    "",
    "Every field cleanclaim reads, with its type, whether it is required, its default, its meaning and an example. The tables come from the schemas the CLI validates with, so they say exactly what is accepted.",
    "",
    "- Files are UTF-8 JSON (payer profiles: JSON or YAML); a byte-order mark is allowed.",
    "- A wrong type or a missing required field is unusable input (exit 2), named by its JSON path. An unknown field in a visit or a claim is dropped and reported as an `unknown-field` warning (it catches typos such as `minuts`); in a payer profile or envelope file it is an error.",
    "- `payer.id` is the payer's electronic id (the payer id the clearinghouse lists), sent in the 837P as NM1*PR, element NM109 (loop 2010BB). It is not the payer's name.",
    '- Dates are `YYYY-MM-DD`; money is a decimal string with two places (`"45.00"`); codes are strings.',
    "- Paths: `services[].minutes` is a field of each element of `services`; `extraRules[kind=max-units].units` is a field of the elements whose `kind` is `max-units`.",
    "",
  ];
  for (const doc of documents(root)) {
    out.push(`- [${doc.title}](#${doc.anchor})`);
  }
  for (const doc of documents(root)) {
    const rows: Row[] = [];
    objectRows(doc.schema, "", [], doc.examples, rows);
    out.push("", `## ${doc.title}`, "", ...doc.intro.flatMap((p) => [p, ""]));
    out.push("| field | type | required | default | meaning | example |", "|---|---|---|---|---|---|");
    for (const r of rows) {
      out.push(
        `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? "yes" : "no"} | ${cell(r.defaultValue)} | ${cell(r.meaning)} | ${cell(r.example)} |`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

export const inputDocsPath = (root: string): string => path.join(root, "docs", "visit.md");
