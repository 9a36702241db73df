import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { isoDate } from "../../model/common.js";
import { isMoney } from "../../model/money.js";
import { InputError, parseInput } from "../../model/validate.js";
import type { ParsedTable, PolicyRow } from "../types.js";
import { ImportError } from "./errors.js";
import { decode, isGzip } from "./text.js";

/**
 * The policy figures file (docs/policy-figures.md): payment figures no CMS data file carries
 * in machine-readable form (conversion factors, KX and review thresholds, deductibles, the
 * MPPR, CQ/CO, sequestration and non-participating percentages, the therapy code list), each
 * with its dates and source. JSON, or the same document as YAML.
 */
export const POLICY_FILE_KIND = "cleanclaim policy figures";

/** Recognises the file by its `kind` in the first bytes, whether JSON or YAML. */
export const POLICY_KIND =
  /"kind"\s*:\s*"cleanclaim policy figures"|^kind:\s*["']?cleanclaim policy figures/m;

const percentText = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, { message: 'expected a percentage as a decimal string such as "85"' });
const dollars = z.string().refine((s) => isMoney(s) && !s.trim().startsWith("-"), {
  message: 'expected dollars as a decimal string such as "2480.00"',
});
const text = z.string().trim().min(1, { message: "expected a non-empty text" });
const procedureCode = z
  .string()
  .regex(/^[0-9A-Z]\d{3}[0-9A-Z]$/, { message: "expected a 5-character HCPCS code" });

const dated = {
  effectiveFrom: isoDate,
  effectiveThrough: isoDate.nullable(),
  source: text,
  verified: z.boolean(),
};

const therapyCode = z.strictObject({
  code: procedureCode,
  timing: z.enum(["timed", "untimed", "hour"]),
  therapyClass: z.enum(["always", "sometimes"]).optional(),
  evaluationDiscipline: z.enum(["PT", "OT", "SLP", "AT"]).optional(),
  description: text,
});

const figure = z.discriminatedUnion("figure", [
  z.strictObject({
    figure: z.literal("conversion-factor"),
    value: z.string().regex(/^\d{2}\.\d{4}$/, { message: 'expected four decimal places, such as "33.4009"' }),
    label: text,
    appliesTo: z.enum(["all", "qualifying-apm", "non-qualifying-apm"]),
    ...dated,
  }),
  z.strictObject({
    figure: z.enum(["kx-threshold", "targeted-medical-review-threshold", "part-b-deductible"]),
    amount: dollars,
    ...dated,
  }),
  z.strictObject({
    figure: z.literal("therapy-mppr"),
    multipleProcedureIndicator: z.string().regex(/^\d$/, { message: "expected one digit, such as 5" }),
    pePercent: percentText,
    ...dated,
  }),
  z.strictObject({
    figure: z.literal("assistant-payment"),
    modifiers: z
      .array(z.string().regex(/^[0-9A-Z]{2}$/, { message: "expected a 2-character modifier" }))
      .min(1),
    percent: percentText,
    ...dated,
  }),
  z.strictObject({ figure: z.literal("sequestration"), percent: percentText, ...dated }),
  z.strictObject({
    figure: z.literal("non-participating"),
    percent: percentText,
    limitingChargePercent: percentText,
    ...dated,
  }),
  z.strictObject({
    figure: z.literal("therapy-code-list"),
    label: text,
    codes: z.array(therapyCode).min(1),
    ...dated,
  }),
]);

export const policyFileSchema = z.strictObject({
  kind: z.literal(POLICY_FILE_KIND),
  formatVersion: z.literal(1),
  /** Human label of the edition, e.g. "CMS CY2027 figures". */
  release: text,
  figures: z.array(figure).min(1),
});
export type PolicyFile = z.output<typeof policyFileSchema>;

/** A key that two figures in force at once must not share: APM status for conversion factors. */
function slot(row: PolicyRow): string {
  return row.figure === "conversion-factor" ? `${row.figure}:${row.appliesTo}` : row.figure;
}

/** Problems zod cannot see: date order, two figures of one kind in force on the same day. */
function crossChecks(rows: readonly PolicyRow[]): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  rows.forEach((row, i) => {
    if (row.effectiveThrough !== null && row.effectiveThrough < row.effectiveFrom) {
      problems.push({
        path: `$.figures[${i}].effectiveThrough`,
        message: `ends (${row.effectiveThrough}) before it starts (${row.effectiveFrom})`,
      });
    }
    if (row.figure === "therapy-code-list") {
      const seen = new Set<string>();
      row.codes.forEach((c, k) => {
        if (seen.has(c.code))
          problems.push({ path: `$.figures[${i}].codes[${k}].code`, message: `${c.code} is listed twice` });
        seen.add(c.code);
      });
    }
    rows.slice(0, i).forEach((other, j) => {
      if (slot(other) !== slot(row)) return;
      const overlap =
        (other.effectiveThrough === null || row.effectiveFrom <= other.effectiveThrough) &&
        (row.effectiveThrough === null || other.effectiveFrom <= row.effectiveThrough);
      if (overlap) {
        problems.push({
          path: `$.figures[${i}]`,
          message: `${row.figure} from ${row.effectiveFrom} overlaps $.figures[${j}] (from ${other.effectiveFrom} to ${other.effectiveThrough ?? "open"}): one figure of a kind may be in force on a date`,
        });
      }
    });
  });
  return problems;
}

function readDocument(buffer: Buffer, source: string): unknown {
  if (isGzip(buffer)) throw new ImportError(source, undefined, "a policy figures file is plain JSON or YAML");
  const content = decode(buffer).replace(/^\uFEFF/, "");
  const trimmed = content.trimStart();
  try {
    return trimmed.startsWith("{") ? JSON.parse(content) : parseYaml(content);
  } catch (error) {
    throw new ImportError(
      source,
      undefined,
      `not valid ${trimmed.startsWith("{") ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
}

/**
 * Parses a policy figures file into one edition of the "policy" table. Every problem is
 * reported with its JSON path ($.figures[2].amount) in one ImportError (exit 2).
 */
export function parsePolicy(buffer: Buffer, source: string): ParsedTable<PolicyRow> {
  const document = readDocument(buffer, source);
  let file: PolicyFile;
  try {
    file = parseInput(policyFileSchema, document).value;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new ImportError(source, undefined, describeProblems(error.issues));
  }
  const rows = file.figures.map((f) => withoutUndefined(f) as PolicyRow);
  const problems = crossChecks(rows);
  if (problems.length > 0) throw new ImportError(source, undefined, describeProblems(problems));
  const froms = rows.map((r) => r.effectiveFrom).sort();
  const throughs = rows.map((r) => r.effectiveThrough);
  return {
    edition: {
      table: "policy",
      source,
      release: file.release,
      effectiveFrom: froms[0]!,
      effectiveThrough: throughs.includes(null) ? null : ((throughs as string[]).sort().at(-1) ?? null),
    },
    rows,
  };
}

function describeProblems(issues: ReadonlyArray<{ path: string; message: string }>): string {
  const shown = issues.slice(0, 20).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 20 ? `; and ${issues.length - 20} more` : "";
  return `not a valid policy figures file (docs/policy-figures.md): ${shown.join("; ")}${more}`;
}

/** Optional fields left out rather than stored as undefined (exactOptionalPropertyTypes, stable JSON). */
function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
