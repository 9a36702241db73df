import fs from "node:fs";
import path from "node:path";
import { MemorySource } from "../../reference/memory-source.js";
import { Reference } from "../../reference/reference.js";
import type { ParsedTable, ReferenceData } from "../../reference/types.js";
import { bundledPolicy, packReference, repoRoot } from "../../test-support/reference.js";
import * as tables from "./tables.js";

const importedAt = "2026-01-01T00:00:00.000Z";

/** A Reference over the real test rows of tables.ts (origin "import"), plus any extra tables. */
export function memoryReference(...extra: Array<ParsedTable<unknown>>): Reference {
  const source = new MemorySource();
  for (const t of [
    tables.ptp,
    tables.mue,
    tables.icd10cm,
    tables.rvu2025,
    tables.rvu2026,
    tables.hcpcs,
    tables.pos,
  ]) {
    source.add(t, "import", importedAt);
  }
  source.add(bundledPolicy(), "pack", importedAt);
  for (const t of extra) source.add(t, "import", importedAt);
  return new Reference(source);
}

/** True when the bundled pack has been built (pack/manifest.json). */
export function packAvailable(): boolean {
  return fs.existsSync(path.join(repoRoot, "pack", "manifest.json"));
}

let shared: ReferenceData | undefined;

/**
 * The reference the rule tables run against: the bundled pack when it is built (real
 * RVUs, ICD-10-CM, NCCI rows, modifiers and POS), else the same real rows in memory.
 */
export function ruleReference(): ReferenceData {
  // CLEANCLAIM_RULE_REFERENCE=memory runs the tables on the in-memory rows even when the pack exists.
  const memory = process.env.CLEANCLAIM_RULE_REFERENCE === "memory" || !packAvailable();
  shared ??= memory ? memoryReference() : packReference();
  return shared;
}
