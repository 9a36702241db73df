/**
 * Writes docs/visit.md from the zod schemas (see scripts/input-docs.ts).
 *
 *   npm run docs:gen      rewrites the page
 *   tsx scripts/gen-input-docs.ts --check   fails (exit 1) when the page is stale (docs:check)
 */
import fs from "node:fs";
import { repoRoot } from "../src/test-support/reference.js";
import { inputDocsPath, renderInputDocs } from "./input-docs.js";

const file = inputDocsPath(repoRoot);
const page = renderInputDocs(repoRoot);
const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
if (process.argv.includes("--check")) {
  if (existing !== page) {
    process.stderr.write(
      "docs/visit.md is stale: the input schemas or scripts/input-fields.ts changed; run `npm run docs:gen`\n",
    );
    process.exit(1);
  }
  process.stdout.write("input documentation: docs/visit.md matches the schemas\n");
} else if (existing !== page) {
  fs.writeFileSync(file, page);
  process.stdout.write("docs/visit.md written\n");
} else process.stdout.write("docs/visit.md unchanged\n");
