import { execFileSync } from "node:child_process";
import fs from "node:fs";

/**
 * Public 999 and 277 samples of imsweb x12-parser (BSD-style licence), read at test time
 * from its git mirror when the machine has one; never copied into this repository.
 */
const mirror = "/work/.mirror/imsweb+x12-parser/repo";

export const publicAckSamples: readonly string[] = [
  "x12_999_accepted.txt",
  "x12_999_rejected.txt",
  "x12_277CA_accepted.txt",
  "x12_277CA_rejected.txt",
  "x12_277_x212.txt",
];

const folder = (name: string): string => (name.includes("999") ? "837_5010" : "277_5010");

export function publicAckSample(name: string): Buffer | undefined {
  if (!fs.existsSync(mirror)) return undefined;
  try {
    return execFileSync("git", ["-C", mirror, "show", `HEAD:src/test/resources/${folder(name)}/${name}`], {
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}
