import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The real CMS files sit beside the repository, in ../shared/data; they are never copied in. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const sharedData = path.resolve(repoRoot, "../shared/data");

export function dataPath(relative: string): string {
  return path.join(sharedData, relative);
}

export function readData(relative: string): Buffer {
  return readFileSync(dataPath(relative));
}

export function readDataText(relative: string): string {
  return readData(relative).toString("utf8");
}
