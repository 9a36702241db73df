import fs from "node:fs";
import path from "node:path";
import type { Rule, RuleMeta } from "../src/rules/types.js";

/**
 * Rule documentation: docs/rules/<id>.md is a generated header (from the rule's meta)
 * followed by a hand-written part with at least one example (a claim excerpt and the
 * findings it produces). scripts/gen-rule-docs.ts writes the header and keeps the rest;
 * scripts/check-rule-docs.ts fails when a page, a test or a registry entry is missing.
 * Build tooling, not the engine: it lives beside its scripts (and out of dist) because it
 * reads the repository's files, which the core never does (issue 8 §4).
 */

export const BEGIN = "<!-- BEGIN GENERATED from the rule's meta by scripts/gen-rule-docs.ts: edit src/rules/";
export const END = "<!-- END GENERATED -->";

/** Our own short words for the reason codes the rules predict (the official wording is X12's). */
export const reasonCodeMeaning: Readonly<Record<string, string>> = {
  "4": "modifier missing or inconsistent with the code",
  "16": "claim lacks information or has a billing error (comes with a RARC)",
  "18": "exact duplicate of a line already billed",
  "29": "filing limit passed",
  "50": "not medically necessary in the payer's judgment",
  "96": "not covered (comes with a RARC)",
  "97": "paid as part of another service",
  "119": "benefit maximum for the period reached",
  "146": "diagnosis not valid for the date of service",
  "151": "more units or services than the payer accepts",
  "181": "procedure code not valid on the date of service",
  "182": "modifier not valid on the date of service",
  "197": "prior authorization absent",
  "198": "prior authorization exceeded",
  "236": "code pair not allowed together on the same day (NCCI)",
  M15: "bundled component of another service",
  M51: "procedure code missing or invalid",
  M76: "diagnosis missing or invalid",
  M77: "place of service missing or invalid",
  M81: "code to the highest level of specificity",
  MA01: "appeal rights notice",
  MA130: "claim unprocessable: resubmit it corrected",
  N20: "not payable with another service on the same date",
  N54: "claim does not match the authorization",
  N257: "billing provider identifier missing or invalid",
  N290: "rendering provider identifier missing or invalid",
  N351: "service date outside the treatment plan",
  N425: "excluded by statute",
  N657: "bill with the correct code",
};

function reasonCode(code: string | undefined): string {
  if (code === undefined) return "none";
  const meaning = reasonCodeMeaning[code];
  return meaning ? `${code} (${meaning})` : code;
}

/** The generated header of a rule's page. */
export function ruleHeader(meta: RuleMeta): string {
  const lines = [
    `${BEGIN}${meta.id}.ts, not this block -->`,
    `# \`${meta.id}\``,
    "",
    meta.description,
    "",
    "| | |",
    "|---|---|",
    `| Default severity | ${meta.severity} (a payer profile may change it: \`"severities": { "${meta.id}": "warning" }\`, or \`"off"\`) |`,
    `| Expected CARC | ${reasonCode(meta.carc)} |`,
    `| Expected RARC | ${reasonCode(meta.rarc)} |`,
    `| Automatic fix | ${meta.fix ?? "none: the problem needs a person (the documentation, the payer or the dates)"} |`,
    `| Source | [src/rules/${meta.id}.ts](../../src/rules/${meta.id}.ts), tests [src/rules/${meta.id}.test.ts](../../src/rules/${meta.id}.test.ts) |`,
    "",
    "## Authorities",
    "",
    ...meta.references.map((r) => `- ${r}`),
    END,
  ];
  return lines.join("\n");
}

const indexBegin = "<!-- BEGIN GENERATED rule index (scripts/gen-rule-docs.ts) -->";

/** docs/rules/README.md: the index of every rule page. */
export function ruleIndex(metas: readonly RuleMeta[], handWritten: string): string {
  const rows = metas.map(
    (m) =>
      `| [\`${m.id}\`](${m.id}.md) | ${m.severity} | ${m.carc ?? ""} | ${m.description.replace(/\|/g, "\\|")} |`,
  );
  return (
    [
      indexBegin,
      "# Scrubbing rules",
      "",
      "Every rule `cleanclaim scrub` and `cleanclaim check` run, in the order they report. `cleanclaim rules` prints the same list.",
      "",
      "| rule | default severity | CARC | checks |",
      "|---|---|---|---|",
      ...rows,
      END,
    ].join("\n") + handWritten
  );
}

/** The hand-written part of a page: everything after the generated block (the whole text when there is none). */
export function handWrittenPart(text: string): string {
  const end = text.indexOf(END);
  return end < 0 ? `\n${text}` : text.slice(end + END.length);
}

/** A page with its header regenerated and its hand-written part kept. */
export function renderRulePage(meta: RuleMeta, existing: string | undefined): string {
  const rest = existing === undefined ? `\n\n${examplesTemplate}` : handWrittenPart(existing);
  return `${ruleHeader(meta)}${rest}`;
}

export function renderIndex(metas: readonly RuleMeta[], existing: string | undefined): string {
  const rest = existing === undefined ? "\n" : handWrittenPart(existing);
  return ruleIndex(metas, rest);
}

const examplesTemplate = `## Example

A failing claim (fields not shown are those of the seed claim: Medicare Part B, a PT
plan of care, 2026-03-02), and the findings it produces:

\`\`\`json claim
{ "lines": [] }
\`\`\`

\`\`\`json findings
[]
\`\`\`
`;

/** One documented example: a claim excerpt, an optional context, and the findings. */
export interface DocExample {
  claim: unknown;
  context: { profile?: Record<string, unknown>; asOf?: string } | undefined;
  findings: unknown;
  /** Offsets of the findings block's JSON in the page, for rewriting it. */
  findingsAt: { start: number; end: number };
}

/** The examples of a page: each ```json claim block, the ```json context after it (if any), then ```json findings. */
export function docExamples(text: string): DocExample[] {
  const blocks = [...text.matchAll(/```json (claim|context|findings)\n([\s\S]*?)\n```/g)];
  const out: DocExample[] = [];
  let claim: unknown;
  let context: DocExample["context"];
  let pending = false;
  for (const b of blocks) {
    const kind = b[1]!;
    const body = b[2]!;
    if (kind === "claim") {
      claim = JSON.parse(body);
      context = undefined;
      pending = true;
    } else if (kind === "context") {
      context = JSON.parse(body) as DocExample["context"];
    } else if (pending) {
      const start = b.index! + b[0].indexOf("\n") + 1;
      out.push({
        claim,
        context,
        findings: JSON.parse(body),
        findingsAt: { start, end: start + body.length },
      });
      pending = false;
    }
  }
  return out;
}

export interface DocsLayout {
  /** Repository root. */
  root: string;
  rules: readonly Rule[];
}

/**
 * What is missing or stale, each with what to do about it. Empty when every rule has its
 * page (with an example), its test and its registry entry, and the generated parts are current.
 */
export function ruleDocProblems({ root, rules }: DocsLayout): string[] {
  const problems: string[] = [];
  const docsDir = path.join(root, "docs", "rules");
  const rulesDir = path.join(root, "src", "rules");
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const { meta } of rules) {
    const page = path.join(docsDir, `${meta.id}.md`);
    if (meta.docs !== `docs/rules/${meta.id}.md`) {
      problems.push(`rule ${meta.id}: meta.docs is "${meta.docs}"; set it to "docs/rules/${meta.id}.md"`);
    }
    if (!fs.existsSync(page)) {
      problems.push(
        `rule ${meta.id} has no doc page: run \`npm run docs:gen\` to create docs/rules/${meta.id}.md, then write its example`,
      );
    } else {
      const text = fs.readFileSync(page, "utf8");
      if (!text.startsWith(ruleHeader(meta))) {
        problems.push(
          `docs/rules/${meta.id}.md: the generated header is out of date with the rule's meta; run \`npm run docs:gen\``,
        );
      }
      const examples = docExamples(text);
      if (
        examples.length === 0 ||
        examples.some((e) => Array.isArray(e.findings) && e.findings.length === 0)
      ) {
        problems.push(
          `docs/rules/${meta.id}.md has no example: add a \`\`\`json claim block (a failing claim excerpt) and the \`\`\`json findings it produces (\`npm run docs:gen -- --examples\` fills them in)`,
        );
      }
    }
    if (!fs.existsSync(path.join(rulesDir, `${meta.id}.test.ts`))) {
      problems.push(
        `rule ${meta.id} has no test: add src/rules/${meta.id}.test.ts with runRuleCases(valid, invalid) on real cases`,
      );
    }
  }
  for (const file of fs.readdirSync(rulesDir)) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const text = fs.readFileSync(path.join(rulesDir, file), "utf8");
    const id = /\bid: "([a-z0-9-]+)"/.exec(text)?.[1];
    if (/export const \w+: Rule = /.test(text) && id !== undefined && !ids.has(id)) {
      problems.push(
        `src/rules/${file} defines rule ${id}, which is not in the registry: add it to the list in src/rules/registry.ts`,
      );
    }
  }
  if (fs.existsSync(docsDir)) {
    for (const file of fs.readdirSync(docsDir)) {
      if (!file.endsWith(".md") || file === "README.md") continue;
      const id = file.slice(0, -3);
      if (!ids.has(id))
        problems.push(
          `docs/rules/${file} documents no rule in the registry: remove it, or register rule ${id}`,
        );
    }
  }
  const index = path.join(docsDir, "README.md");
  const metas = rules.map((r) => r.meta);
  if (!fs.existsSync(index) || !fs.readFileSync(index, "utf8").startsWith(ruleIndex(metas, "").trimEnd())) {
    problems.push(
      "docs/rules/README.md does not index every rule as the registry lists them; run `npm run docs:gen`",
    );
  }
  return problems;
}
