import path from "node:path";
import { fileURLToPath } from "node:url";
import envPaths from "env-paths";

/**
 * The data directory: CLEANCLAIM_HOME, else the platform's user data directory.
 * Nothing is written outside it.
 */
export function cleanclaimHome(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.CLEANCLAIM_HOME?.trim();
  return chosen ? path.resolve(chosen) : envPaths("cleanclaim", { suffix: "" }).data;
}

/** The bundled reference pack, shipped with the package (src/ and dist/ are both two levels below the root). */
export function bundledPackDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../pack");
}
