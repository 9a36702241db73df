import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openReference } from "../reference/open.js";
import type { Reference } from "../reference/reference.js";

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
