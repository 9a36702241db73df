import path from "node:path";
import { FileStore } from "./file-store.js";
import { bundledPackDir, cleanclaimHome } from "./home.js";
import { Reference } from "./reference.js";

/** The user's store of imported editions inside the data directory. */
export function userStoreDir(home = cleanclaimHome()): string {
  return path.join(home, "reference");
}

/**
 * Opens the reference data the tool uses: the bundled pack plus everything the user
 * imported into CLEANCLAIM_HOME. Imported editions win over the pack for the same dates.
 */
export function openReference(
  options: { home?: string; packDir?: string; includePack?: boolean } = {},
): Reference {
  const roots = [];
  if (options.includePack !== false)
    roots.push({ dir: options.packDir ?? bundledPackDir(), origin: "pack" as const });
  roots.push({ dir: userStoreDir(options.home), origin: "import" as const });
  return new Reference(new FileStore(roots));
}
