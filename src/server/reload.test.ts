import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempHome } from "../../test/cli-harness.js";
import { openReference } from "../reference/open.js";
import { repoRoot, sharedDataDir } from "../test-support/reference.js";
import { authorized, testServer } from "./test-support.js";

/**
 * The reference is loaded once per process and shared; an import is picked up with
 * reload(), and no request fails during the swap (issue 9). A child process imports the
 * NCCI MUE 2026Q3 excerpt (as a partial edition) into the server's CLEANCLAIM_HOME while
 * /api/v1/check requests run here; reloadReference() swaps the reference mid-stream.
 */
const home = tempHome();
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const mueFile = path.join(sharedDataDir, "official-format-samples/mue_practitioner_2026-07-01.excerpt.csv");
const seed = JSON.parse(
  fs.readFileSync(path.join(repoRoot, "examples/visits/01-seed-medicare-pt.json"), "utf8"),
);
/** A date the 2026Q3 MUE edition covers: before the import, the check names the 2024Q3 edition it fell back to. */
const july = {
  ...seed,
  dateOfService: "2026-07-15",
  planOfCare: { ...seed.planOfCare, certifiedThrough: "2026-08-30" },
};

function importInChild(): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(repoRoot, "src/cli/bin.ts"), "data", "import", mueFile, "--partial"],
      { env: { ...process.env, CLEANCLAIM_HOME: home }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("reference reload under load", () => {
  it("imports while checks run; every request succeeds; the reload is seen by later requests", async () => {
    const reference = openReference({ home });
    const app = await testServer({ reference, today: () => "2026-08-01" });
    const check = () =>
      app.inject({
        method: "POST",
        url: "/api/v1/check",
        headers: { ...authorized, "content-type": "application/json" },
        payload: july,
      });
    try {
      const before = (await check()).json();
      const statuses: number[] = [];
      let importing = true;
      const load = (async () => {
        // Waves of 8 concurrent requests while the child imports, then 20 more across the reload.
        let afterImport = 0;
        while (importing || afterImport < 20) {
          const responses = await Promise.all(Array.from({ length: 8 }, check));
          statuses.push(...responses.map((r) => r.statusCode));
          if (!importing) afterImport++;
        }
      })();
      const imported = await importInChild();
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      const duringImport = statuses.length;
      const generation = reference.generation;
      // The import job's call, while the waves keep going.
      expect(app.reloadReference()).toBe(true);
      expect(reference.generation).toBe(generation + 1);
      expect(app.reloadReference()).toBe(false); // nothing new: no second swap
      importing = false;
      await load;
      expect(duringImport).toBeGreaterThan(0);
      expect(statuses.length).toBeGreaterThanOrEqual(duringImport + 20 * 8);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const after = (await check()).json();
      expect(reference.editions().some((e) => e.id.includes("2026q3") && e.table === "mue")).toBe(true);
      expect(JSON.stringify(before)).not.toContain("MUE practitioner 2026Q3");
      expect(JSON.stringify(after)).toContain("MUE practitioner 2026Q3");
    } finally {
      await app.close();
    }
  });
});
