import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The shared sample files beside the project (never copied into it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const x12SamplesDir = path.resolve(repoRoot, "../shared/data/x12-samples");

export function readSample(kind: "837p" | "835", name: string): Buffer {
  return fs.readFileSync(path.join(x12SamplesDir, kind, name));
}

export function sampleNames(kind: "837p" | "835"): string[] {
  return fs.readdirSync(path.join(x12SamplesDir, kind)).sort();
}

/** 1-based number of the segment that starts at `offset` in a file with `~` terminators. */
export function segmentNumberAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text[i] === "~") n++;
  return n;
}
