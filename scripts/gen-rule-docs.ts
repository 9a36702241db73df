/**
 * (Re)writes docs/rules/<id>.md for every registered rule: the header between the
 * generated markers comes from the rule's meta; the hand-written part after it is kept.
 * Also rewrites the index, docs/rules/README.md.
 *
 *   npm run docs:gen                  headers and index
 *   npm run docs:gen -- --examples    also refreshes each example's ```json findings
 *                                     block with what the rule reports for its claim
 */
import fs from "node:fs";
import path from "node:path";
import { rules } from "../src/rules/registry.js";
import { runDocExample } from "../src/rules/test-support/doc-examples.js";
import { repoRoot } from "../src/test-support/reference.js";
import { docExamples, renderIndex, renderRulePage } from "./rule-docs.js";

const docsDir = path.join(repoRoot, "docs", "rules");
const refreshExamples = process.argv.includes("--examples");
fs.mkdirSync(docsDir, { recursive: true });

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

let written = 0;
for (const rule of rules) {
  const file = path.join(docsDir, `${rule.meta.id}.md`);
  const existing = readIfExists(file);
  let page = renderRulePage(rule.meta, existing);
  if (refreshExamples) {
    // Rewrite from the last example backwards so earlier offsets stay valid.
    for (const example of docExamples(page).reverse()) {
      if (example.claim === undefined) continue;
      const json = JSON.stringify(runDocExample(rule, example), null, 2);
      page = page.slice(0, example.findingsAt.start) + json + page.slice(example.findingsAt.end);
    }
  }
  if (page !== existing) {
    fs.writeFileSync(file, page);
    written++;
  }
}
const index = path.join(docsDir, "README.md");
const existingIndex = readIfExists(index);
const newIndex = renderIndex(
  rules.map((r) => r.meta),
  existingIndex,
);
if (newIndex !== existingIndex) {
  fs.writeFileSync(index, newIndex);
  written++;
}
process.stdout.write(
  `docs/rules: ${written} file${written === 1 ? "" : "s"} written, ${rules.length} rules\n`,
);
