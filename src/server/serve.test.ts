import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../../test/cli-harness.js";
import { repoRoot } from "../test-support/reference.js";

/**
 * `cleanclaim serve` as a user runs it: a real process on a real port (0: the system picks
 * one, and the line printed names it), closed by a signal with exit status 0.
 */
const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function serve(args: string[]): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(repoRoot, "src/cli/bin.ts"), "serve", ...args],
    {
      env: { ...process.env, CLEANCLAIM_HOME: home, CLEANCLAIM_LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      stdout += d;
      if (stdout.includes("\n")) resolve(stdout);
    });
    child.on("close", () => reject(new Error(`serve exited before listening: ${stdout}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, url, exit };
}

describe("cleanclaim serve", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints exactly "listening on http://HOST:PORT", serves, and exits 0 on ${signal}`, async () => {
      const { child, url, exit } = serve(["--port", "0", "--host", "127.0.0.1"]);
      try {
        const line = await url;
        expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
        const base = line.trim().slice("listening on ".length);
        expect(Number(new URL(base).port)).toBeGreaterThan(0);
        expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
        // No authenticator is wired yet: PHI endpoints refuse everyone.
        const check = await fetch(`${base}/api/v1/check`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer anything" },
          body: fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json")),
        });
        expect(check.status).toBe(401);
        expect(check.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
        child.kill(signal);
        expect(await exit).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    });
  }

  it("refuses a bad port with exit status 2", async () => {
    const run = await runCli(["serve", "--port", "80000"], home);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--port");
  });
});
