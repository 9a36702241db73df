import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/test-support/reference.js";

/**
 * The core (model, reference, payers, coding, rules, pricing, x12, remit, pipeline) knows
 * nothing of the adapters: no import of src/cli (or a later server/web) from the core.
 */
const adapters = ["cli", "server", "web"];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

describe("architecture", () => {
  const src = path.join(repoRoot, "src");
  const core = sources(src).filter((f) => !adapters.includes(path.relative(src, f).split(path.sep)[0]!));

  it("finds the core", () => {
    expect(core.length).toBeGreaterThan(50);
  });

  it("core modules import no adapter", () => {
    const offenders: string[] = [];
    for (const file of core) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/from\s+"(\.[^"]+)"/g)) {
        const target = path.relative(src, path.resolve(path.dirname(file), m[1]!));
        if (adapters.includes(target.split(path.sep)[0]!))
          offenders.push(`${path.relative(repoRoot, file)} -> ${m[1]}`);
      }
      for (const pkg of ["commander", "cli-progress", "fastify"]) {
        if (text.includes(`from "${pkg}"`)) offenders.push(`${path.relative(repoRoot, file)} -> ${pkg}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  /** Core source files, without tests and their support files (which may keep fixtures). */
  const production = core.filter(
    (f) =>
      !f.endsWith(".test.ts") && !f.split(path.sep).includes("test-support") && !/test-support\.ts$/.test(f),
  );
  const parsed = production.map((file) => ({
    file: path.relative(repoRoot, file),
    ast: ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true),
  }));

  it("core modules hold no mutable module-level state (issue 8 §4)", () => {
    expect(moduleStateOffenders(sample)).toEqual([
      "sample.ts:1 let counter",
      "sample.ts:2 cache = new Map",
      "sample.ts:3 seen = new WeakMap",
      "sample.ts:4 rows = []",
      "sample.ts:5 byId = {}",
      "sample.ts:6 ids: Set<string> = new Set",
    ]);
    expect(parsed.flatMap(({ file, ast }) => moduleStateOffenders(ast, file))).toEqual([]);
  });

  it("core messages never name a CLI flag (issue 8 §4: the CLI turns problem codes into flag hints)", () => {
    expect(flagOffenders(sample)).toEqual(["sample.ts:7 give --locality MAC-LL"]);
    expect(parsed.flatMap(({ file, ast }) => flagOffenders(ast, file))).toEqual([]);
  });

  /**
   * The core reads no files and starts no processes (issue 8 §4, style.md Practices 1): the
   * CLI (or a server) reads the user's files and passes text or data in. src/reference is
   * left out on purpose: it is the reference store's adapter (file-store.ts and
   * importers/index.ts read and write the store and the CMS files by design; home.ts and
   * open.ts find and open it). Tests and test support may read fixtures.
   */
  const readsNoFiles = ["model", "payers", "coding", "rules", "pricing", "x12", "remit", "ack", "pipeline"];

  it("finds every folder that must read no files", () => {
    const folders = new Set(parsed.map(({ file }) => file.split(path.sep)[1]));
    expect(readsNoFiles.filter((f) => !folders.has(f))).toEqual([]);
  });

  it("core modules outside src/reference import no file system or child process module (issue 8 §4)", () => {
    expect(fileAccessOffenders(fileAccessSample)).toEqual([
      "file-access.ts:1 node:fs",
      "file-access.ts:2 fs",
      "file-access.ts:3 node:fs/promises",
      "file-access.ts:4 fs/promises",
      "file-access.ts:5 node:child_process",
      "file-access.ts:6 child_process",
      "file-access.ts:7 node:fs",
      "file-access.ts:8 fs",
    ]);
    const checked = parsed.filter(({ file }) => readsNoFiles.includes(file.split(path.sep)[1]!));
    expect(checked.length).toBeGreaterThan(50);
    expect(checked.flatMap(({ file, ast }) => fileAccessOffenders(ast, file))).toEqual([]);
  });
});

/**
 * A file that reads files in every way the check knows (an import, an export from, a
 * dynamic import, a require), then ways that are allowed: another node module, a local
 * module whose name holds "fs", a type-only import (erased), and the name in a string.
 */
const fileAccessSample = ts.createSourceFile(
  "file-access.ts",
  [
    'import fs from "node:fs";',
    'import { readFileSync } from "fs";',
    'import { readFile } from "node:fs/promises";',
    'export { writeFile } from "fs/promises";',
    'import { execFileSync } from "node:child_process";',
    'import * as cp from "child_process";',
    'async function later() { return await import("node:fs"); }',
    'const legacy = require("fs");',
    'import path from "node:path";',
    'import { fsPath } from "./fs.js";',
    'import type { Stats } from "node:fs";',
    'const message = "node:fs is read by the CLI";',
  ].join("\n"),
  ts.ScriptTarget.Latest,
  true,
);

/** Modules that read or write files, or run other programs. */
const fileAccessModules: ReadonlySet<string> = new Set([
  "fs",
  "fs/promises",
  "child_process",
  "node:fs",
  "node:fs/promises",
  "node:child_process",
]);

/** Each import, export-from, dynamic `import()` or `require()` of a fileAccessModules module. */
function fileAccessOffenders(ast: ts.SourceFile, file = ast.fileName): string[] {
  const out: string[] = [];
  const report = (node: ts.Node, specifier: ts.Expression | undefined): void => {
    if (specifier === undefined || !ts.isStringLiteral(specifier) || !fileAccessModules.has(specifier.text))
      return;
    const line = ast.getLineAndCharacterOfPosition(node.getStart(ast)).line + 1;
    out.push(`${file}:${line} ${specifier.text}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) report(node, node.moduleSpecifier);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly) report(node, node.moduleSpecifier);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    )
      report(node, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return out;
}

/** A file that breaks both rules once per kind, so the checks are seen to fail. */
const sample = ts.createSourceFile(
  "sample.ts",
  [
    "let counter = 0;",
    "const cache = new Map<string, number>();",
    "const seen = new WeakMap<object, number>();",
    "const rows: string[] = [];",
    "const byId: Record<string, number> = {};",
    "const ids: Set<string> = new Set();",
    'export const hint = "give --locality MAC-LL";',
    'const table: ReadonlyMap<string, number> = new Map([["a", 1]]);',
    'const codes: ReadonlySet<string> = new Set(["GP"]);',
    "const frozen = Object.freeze({ a: 1 });",
    'const comment = "no flag here: a -- b, 2--3";',
    "function f() { let x = 1; const m = new Map(); return [x, m]; }",
  ].join("\n"),
  ts.ScriptTarget.Latest,
  true,
);

/**
 * Mutable module-level state: a top-level `let`/`var`, a top-level WeakMap or WeakSet, a
 * Map or Set not typed read-only, and an empty array or object literal (a cache to be
 * filled). The allowed pattern for a constant table is a `const` typed `ReadonlyMap` /
 * `ReadonlySet` (or a frozen or `as const` literal) built once from data: nothing can add
 * to it. Caches belong to a per-run object (ReferenceCache) or to a Reference.
 */
function moduleStateOffenders(ast: ts.SourceFile, file = ast.fileName): string[] {
  const out: string[] = [];
  for (const statement of ast.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const decl of list.declarations) {
      const line = ast.getLineAndCharacterOfPosition(decl.getStart(ast)).line + 1;
      const name = decl.name.getText(ast);
      if (!isConst) {
        out.push(`${file}:${line} let ${name}`);
        continue;
      }
      const init = decl.initializer;
      if (init === undefined) continue;
      const typed = decl.type ? `: ${decl.type.getText(ast)}` : "";
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
        const ctor = init.expression.text;
        const readOnly = decl.type !== undefined && /^Readonly(Map|Set)\b/.test(decl.type.getText(ast));
        if (ctor === "WeakMap" || ctor === "WeakSet" || ((ctor === "Map" || ctor === "Set") && !readOnly))
          out.push(`${file}:${line} ${name}${typed} = new ${ctor}`);
      } else if (ts.isArrayLiteralExpression(init) && init.elements.length === 0) {
        out.push(`${file}:${line} ${name} = []`);
      } else if (ts.isObjectLiteralExpression(init) && init.properties.length === 0) {
        out.push(`${file}:${line} ${name} = {}`);
      }
    }
  }
  return out;
}

/** A `--flag` (two dashes, a letter) inside a string or template literal of the core. */
function flagOffenders(ast: ts.SourceFile, file = ast.fileName): string[] {
  const out: string[] = [];
  const flag = /(^|[\s(`'"])--[a-z]/;
  const visit = (node: ts.Node): void => {
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)
          ? node.text
          : undefined;
    if (text !== undefined && flag.test(text)) {
      const line = ast.getLineAndCharacterOfPosition(node.getStart(ast)).line + 1;
      out.push(`${file}:${line} ${text.trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return out;
}
