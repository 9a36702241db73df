import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, vi } from "vitest";
import { main } from "../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with CLEANCLAIM_HOME set, capturing its output. */
export async function runCli(args: string[], home: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const previous = process.env.CLEANCLAIM_HOME;
  process.env.CLEANCLAIM_HOME = home;
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  try {
    const code = await main(["node", "cleanclaim", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    o.mockRestore();
    e.mockRestore();
    if (previous === undefined) delete process.env.CLEANCLAIM_HOME;
    else process.env.CLEANCLAIM_HOME = previous;
  }
}

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-home-"));
}

/**
 * A fresh CLEANCLAIM_HOME per call, all removed after the file's tests (registers the
 * afterAll itself, so call it at the top level of a test file).
 */
export function tempHomes(): () => string {
  const homes: string[] = [];
  afterAll(() => {
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  });
  return () => {
    const h = tempHome();
    homes.push(h);
    return h;
  };
}

/** The envelope flags `x12 837` needs (1000A submitter with contact, 1000B receiver). */
export const envelopeFlags: readonly string[] = [
  "--submitter-name",
  "Bayside Therapy",
  "--submitter-id",
  "123456789",
  "--contact",
  "Billing Office",
  "--phone",
  "3055551234",
  "--receiver-name",
  "Clearinghouse",
  "--receiver-id",
  "CLEARHOUSE",
];
