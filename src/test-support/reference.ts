import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parsePolicy } from "../reference/importers/policy.js";
import { openReference } from "../reference/open.js";
import type { Reference } from "../reference/reference.js";
import type { ParsedTable, PolicyRow } from "../reference/types.js";

/** Repository root and the shared CMS files beside it (tests may read them; never copy them in). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDataDir = path.resolve(repoRoot, "../shared/data");

let pack: Reference | undefined;

/** The bundled pack alone, with an empty CLEANCLAIM_HOME so no user import leaks into tests. */
export function packReference(): Reference {
  if (!pack) {
    const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-test-home-"));
    pack = openReference({ home: emptyHome });
  }
  return pack;
}

/** The bundled policy figures file, the source of the pack's policy edition. */
export const bundledPolicyFile = path.join(repoRoot, "src/reference/policy/bundled-policy.json");

/** The bundled policy figures as an edition to add to a MemorySource (as the pack holds them). */
export function bundledPolicy(): ParsedTable<PolicyRow> {
  return parsePolicy(fs.readFileSync(bundledPolicyFile), "bundled-policy.json");
}
