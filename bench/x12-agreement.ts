import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Finding } from "../src/model/finding.js";
import { openReference } from "../src/reference/open.js";
import type { ReferenceData } from "../src/reference/types.js";
import { parse835, parse837 } from "../src/x12/index.js";
import { type BenchResult, round } from "./result.js";

/**
 * How often cleanclaim's valid/invalid verdict on a public X12 file agrees with pyx12's
 * (issue 8, "Measure it"). pyx12's verdicts are recorded once, by
 * bench/data/pyx12-verdicts.py, in bench/data/pyx12-verdicts.json (matched here by sha256);
 * our decisions on every disagreement, taken from the guides, are in
 * bench/data/x12-decisions.json and explained in docs/x12-conformance.md.
 *
 *   npx tsx bench/x12-agreement.ts [corpusDir ...]     (or X12_CORPUS=dir; default
 *   /work/tools/x12-corpus when present, plus ../shared/data/x12-samples and test/fixtures/x12)
 *
 * cleanclaim's verdict uses only the readers' public entry points (parse837, parse835)
 * and each finding's severity and rule, reading as `x12 parse` does (with the bundled
 * pack, so the engine's claim-structure checks run at their segments):
 * - "reader": invalid when any error other than a code-set one is reported (syntax,
 *   guide, balancing, NPI check digit, ICD-9 after 2015-10-01). This is the headline figure.
 * - "guide": invalid when it reports an error of rule "x12" (syntax and guide, WEDI SNIP
 *   types 1-2), the scope pyx12 checks.
 * Code-set findings that need reference data (ICD-10-CM, HCPCS, modifiers, place of
 * service; SNIP 4-5) are not counted: pyx12 does not check those code sets, and the public
 * files use made-up codes.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
export const verdictsFile = path.join(here, "data/pyx12-verdicts.json");
export const decisionsFile = path.join(here, "data/x12-decisions.json");
export const sharedSamplesDir = path.resolve(repoRoot, "../shared/data/x12-samples");
export const fixturesDir = path.join(repoRoot, "test/fixtures/x12");
const defaultCorpus = "/work/tools/x12-corpus";

export type Transaction = "837P" | "835";
export type Verdict = "valid" | "invalid";

/** One row of bench/data/pyx12-verdicts.json. */
export interface Pyx12Verdict {
  file: string;
  sha256: string;
  transaction: Transaction;
  pyx12Verdict: Verdict | "error";
  pyx12ErrorCount: number;
  pyx12Errors: Array<{ code: string; message: string; line?: number }>;
  /** Rewriting applied before both validators read the file (see normalise). */
  normalised?: Array<"bom" | "version">;
  pyx12AsGiven?: { verdict: string; error: string };
  alsoAt?: string[];
}

/** A class of disagreement in bench/data/x12-decisions.json, as docs/x12-conformance.md names it. */
export interface DecisionClass {
  /** The verdict the implementation guide gives the files of this class. */
  guide: Verdict;
  /** The verdict cleanclaim gives on purpose where it departs from the letter of the guide. */
  cleanclaimExpected?: Verdict;
  why: string;
}

/** Our decision on one file: its class, with the class's verdicts. */
export interface Decision extends DecisionClass {
  file: string;
  sha256: string;
  class: string;
}

export interface FileComparison {
  file: string;
  transaction: Transaction;
  pyx12: Verdict;
  cleanclaim: Verdict;
  /** The verdict on syntax and guide findings only (rule "x12"). */
  cleanclaimGuide: Verdict;
  firstPyx12: string[];
  firstFindings: string[];
  normalised: string[];
  decision?: Decision;
}

export interface AgreementReport {
  compared: FileComparison[];
  /** Files present whose sha256 has no pyx12 verdict (the table must be regenerated). */
  unmatched: string[];
  /** Files pyx12 could not process at all (left out of the figure). */
  pyx12Errors: Array<{ file: string; error: string }>;
}

const guideIds: Record<Transaction, string> = { "837P": "005010X222A1", "835": "005010X221A1" };

/**
 * The rewriting bench/data/pyx12-verdicts.py applied before pyx12 could read a file, done
 * again here so that both validators judge the same bytes: "bom" drops a leading UTF-8
 * byte-order mark; "version" sets GS08 (and ST03 when present) to the guide's id.
 */
export function normalise(data: Buffer, transaction: Transaction, steps: readonly string[]): Buffer {
  let out = data;
  if (steps.includes("bom") && out[0] === 0xef && out[1] === 0xbb && out[2] === 0xbf) out = out.subarray(3);
  if (!steps.includes("version")) return out;
  const text = out.toString("latin1");
  const isa = text.indexOf("ISA");
  if (isa < 0 || text.length < isa + 106) return out;
  const e = escapeForRegExp(text.charAt(isa + 3));
  const t = escapeForRegExp(text.charAt(isa + 105));
  const value = `[^${e}${t}\\r\\n]*`;
  const before = `(?<=[${t}\\r\\n ])`;
  const gs = new RegExp(`${before}(GS${e}(?:${value}${e}){7})(${value})`, "g");
  const st = new RegExp(`${before}(ST${e}83[57]${e}${value}${e})(${value})`, "g");
  const id = guideIds[transaction];
  const rewritten = text
    .replace(gs, (_m, head: string) => head + id)
    .replace(st, (_m, head: string, old: string) => head + (old ? id : ""));
  return Buffer.from(rewritten, "latin1");
}

function escapeForRegExp(char: string): string {
  // Escaped for use both inside and outside a character class.
  return char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** The bundled pack alone (an empty home): what a new user's `x12 parse` reads with. */
let packOnly: ReferenceData | undefined;
function bundledPack(): ReferenceData {
  packOnly ??= openReference({ home: path.join(os.tmpdir(), "cleanclaim-agreement-no-home") });
  return packOnly;
}

/** The reader's findings on one file, as `x12 parse` gives them. */
export function cleanclaimFindings(data: Buffer, transaction: Transaction): Finding[] {
  return transaction === "835"
    ? parse835(data).findings
    : parse837(data, { reference: bundledPack() }).findings;
}

/** Code sets pyx12 does not check (SNIP 4-5), and which the public files fill with made-up codes. */
const codeSetRules = new Set(["diagnosis", "modifier", "code-status"]);

export function verdictOf(findings: readonly Finding[], scope: "reader" | "guide"): Verdict {
  const counted = findings.filter(
    (f) => f.severity === "error" && (scope === "reader" ? !codeSetRules.has(f.rule) : f.rule === "x12"),
  );
  return counted.length === 0 ? "valid" : "invalid";
}

function describeFinding(f: Finding): string {
  const text = f.message.replace(/^segment \d+ \([^)]*\), /, "").replace(/^end of file, /, "");
  return `${f.rule}: ${text.slice(0, 110)}`;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    if (!e.isFile()) return [];
    const full = path.join(e.parentPath, e.name);
    return /\.(txt|edi|x12|837|835|dat)$/i.test(e.name) ? [full] : [];
  });
}

export function readVerdicts(): Map<string, Pyx12Verdict> {
  const doc = JSON.parse(fs.readFileSync(verdictsFile, "utf8")) as { files: Pyx12Verdict[] };
  return new Map(doc.files.map((v) => [v.sha256, v]));
}

export function readDecisions(): Map<string, Decision> {
  const doc = JSON.parse(fs.readFileSync(decisionsFile, "utf8")) as {
    classes: Record<string, DecisionClass>;
    files: Array<{ file: string; sha256: string; class: string }>;
  };
  const out = new Map<string, Decision>();
  for (const f of doc.files) {
    const decided = doc.classes[f.class];
    if (!decided)
      throw new Error(`${decisionsFile}: ${f.file} names class "${f.class}", which is not defined`);
    out.set(f.sha256, { ...decided, ...f });
  }
  return out;
}

/** Compares cleanclaim with pyx12 on every file under the roots that pyx12's table holds. */
export function compareWithPyx12(roots: readonly string[]): AgreementReport {
  const verdicts = readVerdicts();
  const decisions = readDecisions();
  const seen = new Set<string>();
  const report: AgreementReport = { compared: [], unmatched: [], pyx12Errors: [] };
  for (const root of roots) {
    for (const file of filesUnder(root).sort()) {
      const data = fs.readFileSync(file);
      const sha256 = createHash("sha256").update(data).digest("hex");
      if (seen.has(sha256)) continue;
      seen.add(sha256);
      const recorded = verdicts.get(sha256);
      if (!recorded) {
        if (looksLikeX12(data)) report.unmatched.push(path.relative(process.cwd(), file));
        continue;
      }
      if (recorded.pyx12Verdict === "error") {
        report.pyx12Errors.push({ file: recorded.file, error: recorded.pyx12Errors.at(-1)?.message ?? "" });
        continue;
      }
      const steps = recorded.normalised ?? [];
      const findings = cleanclaimFindings(normalise(data, recorded.transaction, steps), recorded.transaction);
      const errors = findings.filter((f) => f.severity === "error");
      const decision = decisions.get(sha256);
      report.compared.push({
        file: recorded.file,
        transaction: recorded.transaction,
        pyx12: recorded.pyx12Verdict,
        cleanclaim: verdictOf(findings, "reader"),
        cleanclaimGuide: verdictOf(findings, "guide"),
        firstPyx12: recorded.pyx12Errors.slice(0, 2).map((e) => `${e.code} ${e.message}`),
        firstFindings: errors.slice(0, 2).map(describeFinding),
        normalised: steps,
        ...(decision ? { decision } : {}),
      });
    }
  }
  return report;
}

function looksLikeX12(data: Buffer): boolean {
  const head = data.subarray(0, 4096).toString("latin1");
  return /ISA.{0,3}\d\d/.test(head) && /ST.83[57]/.test(head);
}

/** Our own files (test/fixtures/x12), reported apart from the public corpus. */
export function isOwnFixture(row: FileComparison): boolean {
  return row.file.startsWith("cleanclaim/");
}

export interface AgreementFigure {
  compared: number;
  agree: number;
  percent: number;
}

export function figure(
  rows: readonly FileComparison[],
  scope: "reader" | "guide" = "reader",
): AgreementFigure {
  const agree = rows.filter(
    (r) => (scope === "reader" ? r.cleanclaim : r.cleanclaimGuide) === r.pyx12,
  ).length;
  return { compared: rows.length, agree, percent: rows.length ? round((100 * agree) / rows.length, 1) : 0 };
}

/**
 * Whom the guide proves right on a file: "policy" where cleanclaim departs from the letter of
 * the guide on purpose (and gives the verdict it means to).
 */
export function judged(row: FileComparison): "cleanclaim" | "pyx12" | "policy" | "undecided" {
  const d = row.decision;
  if (!d) return "undecided";
  if (d.cleanclaimExpected && d.cleanclaimExpected === row.cleanclaim) return "policy";
  return d.guide === row.cleanclaim ? "cleanclaim" : "pyx12";
}

export function defaultRoots(args: readonly string[] = []): string[] {
  const corpus =
    args.length > 0 ? [...args] : process.env.X12_CORPUS ? [process.env.X12_CORPUS] : [defaultCorpus];
  return [...corpus, sharedSamplesDir, fixturesDir];
}

/**
 * The text report: figures per transaction and scope, the disagreement classes, then (with
 * `details`) every disagreement and every file left out.
 */
export function formatReport(report: AgreementReport, details = true): string {
  const out: string[] = [];
  const line = (name: string, f: AgreementFigure) =>
    out.push(
      `${name.padEnd(44)} ${String(f.agree).padStart(4)}/${String(f.compared).padEnd(4)} ${f.percent}%`,
    );
  out.push("cleanclaim vs pyx12, valid/invalid verdict per file (agree/compared)");
  const publicRows = report.compared.filter((r) => !isOwnFixture(r));
  for (const scope of ["reader", "guide"] as const) {
    for (const t of ["837P", "835"] as const)
      line(
        `public ${t} (${scope})`,
        figure(
          publicRows.filter((r) => r.transaction === t),
          scope,
        ),
      );
    line(`public, all (${scope})`, figure(publicRows, scope));
    line(`our fixtures, test/fixtures/x12 (${scope})`, figure(report.compared.filter(isOwnFixture), scope));
  }
  const normalised = report.compared.filter((r) => r.normalised.length > 0);
  if (normalised.length > 0) {
    const count = (step: string) => normalised.filter((r) => r.normalised.includes(step)).length;
    out.push(
      `rewritten before both read them, as pyx12 could not read them as given: ${normalised.length} (UTF-8 byte-order mark dropped: ${count("bom")}; GS08/ST03 set to the guide's id: ${count("version")})`,
    );
  }
  const disagreements = report.compared.filter((r) => r.cleanclaim !== r.pyx12);
  const right = { cleanclaim: 0, pyx12: 0, policy: 0, undecided: 0 };
  for (const r of disagreements) right[judged(r)]++;
  out.push(
    `disagreements: ${disagreements.length}; the guide sides with cleanclaim on ${right.cleanclaim}, with pyx12 on ${right.pyx12} (cleanclaim bugs); cleanclaim policy ${right.policy}; undecided ${right.undecided}`,
  );
  const classes = new Map<string, { files: number; who: string }>();
  for (const r of disagreements) {
    const key = r.decision?.class ?? "undecided";
    const entry = classes.get(key) ?? { files: 0, who: judged(r) };
    entry.files++;
    classes.set(key, entry);
  }
  for (const [key, c] of classes)
    out.push(
      `  ${key.padEnd(24)} ${String(c.files).padStart(3)} files, ${c.who === "policy" ? "cleanclaim policy" : `${c.who} right`}`,
    );
  if (!details) {
    out.push("(npx tsx bench/x12-agreement.ts lists every disagreement)");
    return `${out.join("\n")}\n`;
  }
  for (const r of disagreements) {
    const who = judged(r);
    out.push(
      `- ${r.file} [${r.transaction}${r.normalised.length ? `, ${r.normalised.join("+")} normalised` : ""}]`,
      `    pyx12: ${r.pyx12}${r.firstPyx12.length ? ` (${r.firstPyx12.join("; ")})` : ""}`,
      `    cleanclaim: ${r.cleanclaim}${r.firstFindings.length ? ` (${r.firstFindings.join("; ")})` : ""}`,
      `    guide: ${r.decision ? `${r.decision.guide}; ${who === "policy" ? "cleanclaim departs on purpose" : `${who} is right`} [${r.decision.class}]` : "not decided yet: add it to bench/data/x12-decisions.json"}`,
    );
  }
  const bothWrong = report.compared.filter((r) => r.cleanclaim === r.pyx12 && judged(r) === "pyx12");
  if (bothWrong.length > 0) out.push(`agreeing, but the guide says otherwise: ${bothWrong.length}`);
  for (const r of bothWrong)
    out.push(`- ${r.file}: both say ${r.pyx12}, the guide says ${r.decision?.guide} [${r.decision?.class}]`);
  if (report.pyx12Errors.length > 0) {
    out.push(`left out, pyx12 cannot process them: ${report.pyx12Errors.length}`);
    for (const e of report.pyx12Errors) out.push(`- ${e.file}: ${e.error}`);
  }
  if (report.unmatched.length > 0) {
    out.push(
      `no pyx12 verdict recorded (regenerate bench/data/pyx12-verdicts.json): ${report.unmatched.length}`,
    );
    for (const f of report.unmatched) out.push(`- ${f}`);
  }
  return `${out.join("\n")}\n`;
}

/** `npm run bench`: the agreement figures, with the disagreement table on stderr. */
export async function benchX12Agreement(): Promise<BenchResult[]> {
  const report = compareWithPyx12(defaultRoots());
  process.stderr.write(formatReport(report, false));
  const results: BenchResult[] = [];
  const publicRows = report.compared.filter((r) => !isOwnFixture(r));
  const add = (label: string, rows: readonly FileComparison[]) => {
    const f = figure(rows);
    results.push({
      name: `x12 verdicts agreeing with pyx12, ${label} (${f.agree}/${f.compared} files)`,
      value: f.percent,
      unit: "%",
    });
  };
  for (const t of ["837P", "835"] as const)
    add(
      `public ${t}`,
      publicRows.filter((r) => r.transaction === t),
    );
  add("public, all", publicRows);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(formatReport(compareWithPyx12(defaultRoots(process.argv.slice(2)))));
}
