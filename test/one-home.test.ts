import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";

/**
 * Issue 8, "one home for each fact": the MPFS status meanings, the 97014 -> G0283
 * replacement and the discipline of each credential are defined once, in src/reference/policy,
 * and imported everywhere else. These checks find a second definition in the source.
 */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !full.includes("test-support")
      ? [full]
      : [];
  });
}

const files = sources(path.join(repoRoot, "src")).map((file) => ({
  file: path.relative(repoRoot, file),
  text: fs.readFileSync(file, "utf8"),
}));

function definedIn(pattern: RegExp): string[] {
  return files.filter((f) => pattern.test(f.text)).map((f) => f.file);
}

describe("one home for each fact", () => {
  it("MPFS status meanings: one table of status letters with their meaning", () => {
    // An object entry keyed by a status letter that gives its meaning (`I: { ... meaning: ...`).
    expect(definedIn(/\b[A-Z]: \{\s*(?:pricing|outcome|meaning): "/)).toEqual([
      "src/reference/policy/mpfs-status.ts",
    ]);
  });

  it("the 97014 -> G0283 replacement: one list of replacement codes", () => {
    expect(definedIn(/["']97014["'][\s\S]{0,80}?["']G0283["']/)).toEqual(["src/reference/policy/codes.ts"]);
  });

  it("the discipline of each credential: one map", () => {
    expect(definedIn(/\bPTA: "PT"/)).toEqual(["src/reference/policy/codes.ts"]);
    expect(definedIn(/(?:const|let|var) disciplineOfCredential\b/)).toEqual([
      "src/reference/policy/codes.ts",
    ]);
  });
});
