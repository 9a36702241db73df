import type { z } from "zod";

import { Problem, type ProblemCode, type ProblemIssue, problemMessage } from "./problem.js";

/**
 * One problem with input, positioned by JSON path ($.services[2].minutes). The code
 * defaults to `invalid-input` (see src/model/problem.ts).
 */
export interface InputIssue {
  path: string;
  message: string;
  code?: ProblemCode;
  data?: ProblemIssue["data"];
}

/** An InputIssue as the problem carries it: always with a code. */
export type PositionedIssue = ProblemIssue & { path: string };

/**
 * Unusable input (exit status 2): the core's Problem for a document or option that fails
 * validation. The message names the source, the path and what was expected.
 */
export class InputError extends Problem<PositionedIssue> {
  constructor(issues: InputIssue[], source?: string) {
    const coded = issues.map((i) => ({ ...i, code: i.code ?? ("invalid-input" as const) }));
    super(coded, { source, message: problemMessage(coded, source) });
    this.name = "InputError";
  }
}

/**
 * Text without its UTF-8 byte-order mark. Editors on Windows (and Excel's "CSV UTF-8")
 * write one; JSON.parse and the csv and YAML readers would otherwise reject or
 * misread the first field.
 */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface Parsed<T> {
  value: T;
  /** Fields that the schema does not know, kept out of the result (catches typos such as `minuts`). */
  unknownFields: string[];
}

/** Renders a path as $.a.b[2].c */
export function jsonPath(base: string, path: ReadonlyArray<PropertyKey>): string {
  let out = base;
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (typeof p === "string" && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const received = valueAt(input, issue.path);
  switch (issue.code) {
    case "invalid_type":
      return received === undefined
        ? `required field is missing (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describe(received)}`;
    case "invalid_value": {
      const expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      return received === undefined
        ? `required field is missing (expected ${expected})`
        : `expected ${expected}, got ${describe(received)}`;
    }
    default:
      return received === undefined ? issue.message : `${issue.message}, got ${describe(received)}`;
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}" (text)`;
  if (typeof v === "object") return "an object";
  return `${String(v)} (${typeof v})`;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** Keys present in the input but dropped by the schema, found by walking input and output together. */
function unknownKeys(
  input: unknown,
  output: unknown,
  path: PropertyKey[],
  out: string[],
  base: string,
): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((item, i) => {
      unknownKeys(item, output[i], [...path, i], out, base);
    });
    return;
  }
  if (input && output && typeof input === "object" && typeof output === "object") {
    for (const key of Object.keys(input)) {
      if (!(key in output)) out.push(jsonPath(base, [...path, key]));
      else unknownKeys((input as never)[key], (output as never)[key], [...path, key], out, base);
    }
  }
}

/**
 * Validates `input` against `schema` at the boundary. Throws InputError naming every
 * bad field's path; returns the value plus the paths of unknown fields.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { source?: string; base?: string } = {},
): Parsed<z.output<S>> {
  const base = options.base ?? "$";
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: jsonPath(base, issue.path),
      message: describeIssue(issue, input),
    }));
    throw new InputError(issues, options.source);
  }
  const unknownFields: string[] = [];
  unknownKeys(input, result.data, [], unknownFields, base);
  return { value: result.data, unknownFields };
}
