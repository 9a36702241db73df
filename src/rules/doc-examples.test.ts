import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  docExamples,
  handWrittenPart,
  renderRulePage,
  ruleDocProblems,
  ruleHeader,
} from "../../scripts/rule-docs.js";
import { repoRoot } from "../test-support/reference.js";
import { rules } from "./registry.js";
import { runDocExample } from "./test-support/doc-examples.js";

describe("every rule page's examples are what the rule reports", () => {
  for (const rule of rules) {
    const page = fs.readFileSync(path.join(repoRoot, rule.meta.docs), "utf8");
    const examples = docExamples(page);
    it(`${rule.meta.id}: ${examples.length} example(s)`, () => {
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        expect(runDocExample(rule, example)).toEqual(example.findings);
      }
    });
  }
});

describe("rule documentation tooling", () => {
  const rule = rules[0]!;

  it("regenerating a page keeps its hand-written part", () => {
    const page = `${ruleHeader({ ...rule.meta, description: "old words" })}\n\n## Example\n\nmine\n`;
    const again = renderRulePage(rule.meta, page);
    expect(again.startsWith(ruleHeader(rule.meta))).toBe(true);
    expect(handWrittenPart(again)).toBe("\n\n## Example\n\nmine\n");
  });

  it("the check says what to add when a page, an example, a test or a registry entry is missing", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rule-docs-"));
    fs.mkdirSync(path.join(root, "docs", "rules"), { recursive: true });
    fs.mkdirSync(path.join(root, "src", "rules"), { recursive: true });
    fs.writeFileSync(
      path.join(root, "docs", "rules", `${rule.meta.id}.md`),
      `${ruleHeader(rule.meta)}\n\nno example yet\n`,
    );
    fs.writeFileSync(
      path.join(root, "src", "rules", "orphan.ts"),
      'const meta = { id: "orphan" };\nexport const orphan: Rule = { meta, check };\n',
    );
    const other = rules[1]!;
    expect(ruleDocProblems({ root, rules: [rule, other] })).toEqual([
      `docs/rules/${rule.meta.id}.md has no example: add a \`\`\`json claim block (a failing claim excerpt) and the \`\`\`json findings it produces (\`npm run docs:gen -- --examples\` fills them in)`,
      `rule ${rule.meta.id} has no test: add src/rules/${rule.meta.id}.test.ts with runRuleCases(valid, invalid) on real cases`,
      `rule ${other.meta.id} has no doc page: run \`npm run docs:gen\` to create docs/rules/${other.meta.id}.md, then write its example`,
      `rule ${other.meta.id} has no test: add src/rules/${other.meta.id}.test.ts with runRuleCases(valid, invalid) on real cases`,
      "src/rules/orphan.ts defines rule orphan, which is not in the registry: add it to the list in src/rules/registry.ts",
      "docs/rules/README.md does not index every rule as the registry lists them; run `npm run docs:gen`",
    ]);
  });

  it("the repository passes the check", () => {
    expect(ruleDocProblems({ root: repoRoot, rules })).toEqual([]);
  });
});
