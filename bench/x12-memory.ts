import fs from "node:fs";
import { parse837Stream } from "../src/x12/read837.js";
import { peakRssMb } from "./peak-memory.js";

/**
 * Child process of the X12 benchmark: streams one 837P file through the reader and
 * prints its peak resident memory, so that the figure is the reader's own.
 * Usage: node --import tsx bench/x12-memory.ts <file.837>
 */
const file = process.argv[2];
if (!file) throw new Error("usage: x12-memory.ts <file.837>");
const start = process.hrtime.bigint();
let claims = 0;
let findings = 0;
for await (const batch of parse837Stream(fs.createReadStream(file))) {
  claims += batch.claims.length;
  findings += batch.findings.length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(
  `${JSON.stringify({ claims, findings, seconds, bytes: fs.statSync(file).size, peakMb: peakRssMb() })}\n`,
);
