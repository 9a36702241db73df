/**
 * `npm run docs:check` (part of `npm test`): fails when a rule has no doc page (or no
 * example on it), no test file, or no registry entry, or when a generated part is stale.
 * Each message says what to add.
 */
import { rules } from "../src/rules/registry.js";
import { repoRoot } from "../src/test-support/reference.js";
import { ruleDocProblems } from "./rule-docs.js";

const problems = ruleDocProblems({ root: repoRoot, rules });
if (problems.length > 0) {
  process.stderr.write(
    `rule documentation check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join("\n")}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `rule documentation: ${rules.length} rules, each with its page, example, test and registry entry\n`,
);
