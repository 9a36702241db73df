import path from "node:path";
import { parseDocument } from "yaml";
import { InputError, type InputIssue, parseInput } from "../model/validate.js";
import { rulesById } from "../rules/registry.js";
import { type PayerProfile, payerProfileSchema, profileOverlaps, resolveProfile } from "./profile.js";

/**
 * Parses payer profiles: JSON or YAML text in the format of docs/payer-profiles.md (the
 * CLI reads the files, src/cli/profiles.ts; the core reads none).
 * Every problem names the file and where in it (a JSON path such as
 * $.codePairEdits[0].column1, or a line and column for a syntax error), and what was
 * expected. Unknown fields, and severities for rules that do not exist, are errors: a
 * misspelt setting would otherwise fall back to its default without a word.
 */

type Syntax = "json" | "yaml";

function syntaxOf(source: string, text: string): Syntax {
  const ext = path.extname(source).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  return text.trimStart().startsWith("{") ? "json" : "yaml";
}

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at ? position(text, Number(at[1])) : undefined;
    throw new InputError(
      [
        {
          path: where ? `line ${where.line}, column ${where.column}` : "(file)",
          message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "")}`,
        },
      ],
      source,
    );
  }
}

function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const where = position(text, first.pos[0]);
    throw new InputError(
      [
        {
          path: `line ${where.line}, column ${where.column}`,
          message: `not valid YAML: ${first.message.split("\n")[0]}`,
        },
      ],
      source,
    );
  }
  return doc.toJS();
}

/** Checks the schema cannot express: each names the path it is about. */
function consistencyIssues(value: ReturnType<typeof payerProfileSchema.parse>): InputIssue[] {
  const issues: InputIssue[] = [];
  const applies = value.appliesTo;
  if (applies && applies.payerIds.length === 0 && applies.payerTypes.length === 0) {
    issues.push({
      path: "$.appliesTo",
      message:
        'expected the payers the profile is for: "payerIds" (electronic payer ids, such as ["60054"]) and/or "payerTypes" (such as ["commercial"])',
    });
  }
  const pricing = value.pricing;
  if (pricing?.basis === "percent-of-medicare" && pricing.percentOfMedicare === undefined) {
    issues.push({
      path: "$.pricing.percentOfMedicare",
      message: 'basis "percent-of-medicare" needs the percentage, such as "110"',
    });
  }
  if (pricing?.basis === "fee-table" && pricing.feeTable === undefined) {
    issues.push({
      path: "$.pricing.feeTable",
      message: 'basis "fee-table" needs the path of a csv of code,modifier,amount',
    });
  }
  if (pricing?.basis === "state-schedule" && pricing.stateSchedule === undefined) {
    issues.push({
      path: "$.pricing.stateSchedule",
      message:
        'basis "state-schedule" needs the schedule: its method, figures and sources (docs/state-fee-schedules.md)',
    });
  }
  if (pricing?.stateSchedule !== undefined && pricing.basis !== "state-schedule") {
    issues.push({
      path: "$.pricing.basis",
      message: 'a profile with a stateSchedule prices by it: set "basis": "state-schedule"',
    });
  }
  const schedule = pricing?.stateSchedule;
  if (schedule) {
    const sections = new Set(["all", ...schedule.sections.map((s) => s.section)]);
    schedule.conversionFactors.forEach((cf, i) => {
      if (!sections.has(cf.section)) {
        issues.push({
          path: `$.pricing.stateSchedule.conversionFactors[${i}].section`,
          message: `expected "all" or a section of stateSchedule.sections (${[...sections].join(", ")}), got "${cf.section}"`,
        });
      }
      const regions = schedule.regions.map((r) => r.region);
      if (cf.region !== undefined && regions.length > 0 && !regions.includes(cf.region)) {
        issues.push({
          path: `$.pricing.stateSchedule.conversionFactors[${i}].region`,
          message: `expected a region of stateSchedule.regions (${regions.join(", ")}), got "${cf.region}"`,
        });
      }
      if (cf.through !== undefined && cf.through < cf.from) {
        issues.push({
          path: `$.pricing.stateSchedule.conversionFactors[${i}].through`,
          message: `expected a date on or after from (${cf.from}), got ${cf.through}`,
        });
      }
    });
    if (schedule.method === "none" && schedule.refusal === undefined) {
      issues.push({
        path: "$.pricing.stateSchedule.refusal",
        message: 'method "none" needs the reason no amount can be computed',
      });
    }
    if (schedule.floor !== undefined && schedule.method !== "percent-of-medicare") {
      issues.push({
        path: "$.pricing.stateSchedule.floor",
        message: 'a floor year applies to method "percent-of-medicare" only',
      });
    }
    if (schedule.method === "percent-of-medicare" && schedule.percentages.length === 0) {
      issues.push({
        path: "$.pricing.stateSchedule.percentages",
        message: 'method "percent-of-medicare" needs at least one percentage step',
      });
    }
  }
  value.codePairEdits.forEach((edit, i) => {
    if (edit.column1 === edit.column2) {
      issues.push({
        path: `$.codePairEdits[${i}].column2`,
        message: `expected a code other than column 1 (${edit.column1})`,
      });
    }
    if (edit.effectiveFrom && edit.effectiveThrough && edit.effectiveThrough < edit.effectiveFrom) {
      issues.push({
        path: `$.codePairEdits[${i}].effectiveThrough`,
        message: `expected a date on or after effectiveFrom (${edit.effectiveFrom}), got ${edit.effectiveThrough}`,
      });
    }
  });
  const ids = new Map<string, number>();
  value.extraRules.forEach((rule, i) => {
    const earlier = ids.get(rule.id);
    if (earlier !== undefined) {
      issues.push({
        path: `$.extraRules[${i}].id`,
        message: `"${rule.id}" is already the id of extraRules[${earlier}]; ids name findings, so keep them unique`,
      });
    } else ids.set(rule.id, i);
  });
  return issues;
}

/**
 * Parses the text of a payer profile. `source` names it in messages; `origin` (the file's
 * absolute path) is the base of relative paths such as the fee table. Throws InputError
 * (exit status 2) on unusable input.
 */
export function parsePayerProfile(text: string, source: string, origin = source): PayerProfile {
  const clean = text.replace(/^\uFEFF/, "");
  const raw = syntaxOf(source, clean) === "json" ? parseJson(clean, source) : parseYaml(clean, source);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InputError(
      [{ path: "$", message: "expected a payer profile object with id, name and type" }],
      source,
    );
  }
  const parsed = parseInput(payerProfileSchema, raw, { source });
  const issues: InputIssue[] = parsed.unknownFields.map((p) => ({
    path: p,
    message: "not a payer profile setting (check its spelling; see docs/payer-profiles.md)",
  }));
  for (const id of Object.keys(parsed.value.severities)) {
    if (!rulesById.has(id)) {
      issues.push({
        path: `$.severities["${id}"]`,
        message: `expected a rule id (${[...rulesById.keys()].join(", ")})`,
      });
    }
  }
  issues.push(...consistencyIssues(parsed.value));
  if (issues.length > 0) throw new InputError(issues, source);
  return resolveProfile(parsed.value, origin);
}

/** The profiles of a run, with the warnings their loading gave (for stderr). */
export interface LoadedProfiles {
  profiles: PayerProfile[];
  warnings: string[];
}

/** A parsed profile with the name it came under (its file, for the CLI), for messages. */
export interface NamedProfile {
  profile: PayerProfile;
  source: string;
}

/**
 * Makes one set of a run's profiles (the CLI's `--payer-profile` and `--payer-profiles`,
 * or a server's configured profiles); the caller reads and parses them. Each claim later
 * takes the profile that names its payer (profileMatching). Two profiles that would both
 * be the best match for one payer are refused (InputError, exit status 2, naming both
 * sources; `where` names the set); a profile without `appliesTo` applies to its own payer
 * type, with a warning that says so.
 */
export function payerProfileSet(named: readonly NamedProfile[], where?: string): LoadedProfiles {
  const sources = new Map<PayerProfile, string>(named.map((n) => [n.profile, n.source]));
  const profiles = named.map((n) => n.profile);
  const overlaps = profileOverlaps(profiles).map(([a, b, shared]) => ({
    path: "appliesTo",
    message: `${sources.get(a)} and ${sources.get(b)} both apply to ${shared}: give each payer one profile (name payer ids in "appliesTo.payerIds" to tell them apart)`,
  }));
  if (overlaps.length > 0) throw new InputError(overlaps, where);
  const warnings = profiles
    .filter((p) => !p.appliesToGiven)
    .map(
      (p) =>
        `${sources.get(p)}: no "appliesTo", so the profile applies to ${p.type} payers only (its type); add "appliesTo": { "payerIds": [...] } to name the payers it is for`,
    );
  return { profiles, warnings };
}
