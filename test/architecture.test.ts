import fs from "node:fs";
import path from "node:path";
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
});
