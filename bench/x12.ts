import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Claim } from "../src/model/claim.js";
import { parse837, parse837Stream } from "../src/x12/read837.js";
import { testEnvelope, therapyClaimSource } from "../src/x12/test-support/therapy-claims.js";
import { SegmentTokenizer } from "../src/x12/tokenizer.js";
import { write837Stream } from "../src/x12/write837.js";
import { type BenchResult, round } from "./result.js";

/**
 * X12 benchmarks (issue 5). Generates a 837P of realistic therapy claims with our
 * writer, then measures in the same run:
 * - our reader to full Claim objects, validation included (streaming and whole-file);
 * - our tokenizer alone (segments only);
 * - the segment-only throughput of the npm peers node-x12 and x12-parser on the same file;
 * - peak resident memory while streaming a file ten times larger, in a child process.
 * Each figure is the median of three runs.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { X12Parser } = require("node-x12") as typeof import("node-x12");
const { X12parser } = require("x12-parser") as { X12parser: new () => NodeJS.ReadWriteStream };

const megabytes = (bytes: number): number => bytes / 1e6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
}

/** Writes `bytes` or more of 837P, streaming, to `file`; returns the claim count. */
export async function generate837(file: string, bytes: number, seed: number): Promise<number> {
  const source = therapyClaimSource(seed);
  let written = 0;
  let count = 0;
  async function* claims(): AsyncGenerator<Claim> {
    // Whole transaction sets of 5000 claims until the size is reached.
    while (written < bytes) {
      for (let i = 0; i < 5000; i++) {
        count++;
        yield source.next();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const out = fs.createWriteStream(file);
  for await (const part of write837Stream(claims(), testEnvelope)) {
    written += Buffer.byteLength(part);
    await write(out, part);
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return count;
}

/** Segments per second of a peer's Transform stream over the file. */
function peerSegments(file: string, parser: () => NodeJS.ReadWriteStream): Promise<number> {
  return new Promise((resolve, reject) => {
    let segments = 0;
    fs.createReadStream(file)
      .pipe(parser())
      .on("data", () => segments++)
      .on("end", () => resolve(segments))
      .on("error", reject);
  });
}

async function ourSegments(file: string): Promise<number> {
  let segments = 0;
  const tokenizer = new SegmentTokenizer({
    segment: () => {
      segments++;
    },
    finding: () => {},
  });
  for await (const chunk of fs.createReadStream(file)) tokenizer.push(chunk as Buffer);
  tokenizer.end();
  return segments;
}

async function ourClaimsStreaming(file: string): Promise<number> {
  let claims = 0;
  for await (const batch of parse837Stream(fs.createReadStream(file))) claims += batch.claims.length;
  return claims;
}

/** Peak RSS of a fresh process streaming the file through the reader. */
function streamInChild(file: string): { peakMb: number; claims: number; findings: number; seconds: number } {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(here, "x12-memory.ts"), file], {
    encoding: "utf8",
    cwd: path.resolve(here, ".."),
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`memory measurement failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
}

/** `megabytes` shrinks the file for a quick look; the benchmark proper uses the default. */
export async function benchX12(options: { megabytes?: number } = {}): Promise<BenchResult[]> {
  const target = (options.megabytes ?? 52) * 1e6;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-x12-bench-"));
  const file = path.join(dir, "claims.837");
  const bigFile = path.join(dir, "claims-10x.837");
  try {
    const writeSeconds = await timed(() => generate837(file, target, 1));
    const size = fs.statSync(file).size;
    const mb = megabytes(size);

    const runs = {
      stream: [] as number[],
      whole: [] as number[],
      segments: [] as number[],
      nodeX12: [] as number[],
      x12Parser: [] as number[],
    };
    let claimsRead = 0;
    let findingsRead = 0;
    for (let round = 0; round < 3; round++) {
      runs.stream.push(
        await timed(async () => {
          claimsRead = await ourClaimsStreaming(file);
        }),
      );
      runs.whole.push(
        await timed(() => {
          const result = parse837(fs.readFileSync(file));
          findingsRead = result.findings.length;
        }),
      );
      runs.segments.push(await timed(() => ourSegments(file)));
      runs.nodeX12.push(
        await timed(() =>
          peerSegments(file, () => new X12Parser(false) as unknown as NodeJS.ReadWriteStream),
        ),
      );
      runs.x12Parser.push(await timed(() => peerSegments(file, () => new X12parser())));
    }
    if (findingsRead !== 0)
      throw new Error(`the generated file should read cleanly; ${findingsRead} findings`);
    const speed = (seconds: number[]) => mb / median(seconds);
    const stream = speed(runs.stream);
    const whole = speed(runs.whole);
    const segments = speed(runs.segments);
    const nodeX12 = speed(runs.nodeX12);
    const x12Parser = speed(runs.x12Parser);
    const [peer, peerSpeed] = nodeX12 >= x12Parser ? ["node-x12", nodeX12] : ["x12-parser", x12Parser];
    const peerLabel = `${peer} (segments only)`;

    // Ten times larger, written streaming, read in a child process.
    await generate837(bigFile, size * 10, 2);
    const bigSize = fs.statSync(bigFile).size;
    const child = streamInChild(bigFile);

    return [
      {
        name: `x12 837P read to Claim objects, streaming, validated (${round(mb, 0)} MB, ${claimsRead} claims)`,
        value: round(stream, 1),
        unit: "MB/s",
        peer: peerLabel,
        ratio: round(stream / peerSpeed, 2),
      },
      {
        name: "x12 837P read to Claim objects, whole file in memory",
        value: round(whole, 1),
        unit: "MB/s",
        peer: peerLabel,
        ratio: round(whole / peerSpeed, 2),
      },
      {
        name: "x12 tokenizer, segments only",
        value: round(segments, 1),
        unit: "MB/s",
        peer: peerLabel,
        ratio: round(segments / peerSpeed, 2),
      },
      { name: "node-x12 stream parser, segments only", value: round(nodeX12, 1), unit: "MB/s" },
      { name: "x12-parser stream parser, segments only", value: round(x12Parser, 1), unit: "MB/s" },
      {
        name: `x12 837P streaming peak RSS, ${round(megabytes(bigSize), 0)} MB file (${child.claims} claims, target < 200 MB)`,
        value: round(child.peakMb, 0),
        unit: "MB",
      },
      {
        name: "x12 837P streaming, 10x file, in the child process",
        value: round(megabytes(bigSize) / child.seconds, 1),
        unit: "MB/s",
      },
      {
        name: "x12 837P writer (generation of the 50 MB file, claims included)",
        value: round(mb / writeSeconds, 1),
        unit: "MB/s",
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const size = process.argv.find((a) => a.startsWith("--megabytes="))?.slice(12);
  process.stdout.write(
    `${JSON.stringify(await benchX12(size ? { megabytes: Number(size) } : {}), null, 2)}\n`,
  );
}
