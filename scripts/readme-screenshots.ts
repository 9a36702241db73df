/**
 * Regenerates the README's screenshots, docs/screenshots/*.png: runs the browser test
 * (test/web.e2e.test.ts, Debian's Chromium at /usr/bin/chromium) with
 * CLEANCLAIM_SCREENSHOTS_DIR set, so it saves one 1280×800 screenshot per page there.
 * Without that variable the test writes its screenshots to /tmp only.
 *
 *   npx tsx scripts/readme-screenshots.ts
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, "docs/screenshots");
/** The pages the README shows, in its order: a missing one means the test stopped early. */
const pages = [
  "sign-in",
  "check-a-visit",
  "claims",
  "claim-detail",
  "denials",
  "dashboard",
  "reference-data",
  "settings",
];
/** Kept small for the repository: a 1280×800 screenshot of a page is about 20–200 KB. */
const maxBytes = 300 * 1024;

if (!fs.existsSync("/usr/bin/chromium")) {
  console.error("readme-screenshots: /usr/bin/chromium is absent (apt-get install -y chromium)");
  process.exit(2);
}
const started = Date.now();
const run = spawnSync("npx", ["vitest", "run", "test/web.e2e.test.ts"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, CLEANCLAIM_SCREENSHOTS_DIR: dir },
});
if (run.status !== 0) {
  console.error(`readme-screenshots: the browser test failed (exit ${run.status}); screenshots may be stale`);
  process.exit(run.status ?? 1);
}
let bad = 0;
for (const page of pages) {
  const file = path.join(dir, `${page}.png`);
  const stat = fs.existsSync(file) ? fs.statSync(file) : undefined;
  if (!stat || stat.mtimeMs < started) {
    console.error(`readme-screenshots: ${path.relative(root, file)} was not written`);
    bad++;
  } else if (stat.size > maxBytes) {
    console.error(`readme-screenshots: ${path.relative(root, file)} is ${stat.size} bytes, over ${maxBytes}`);
    bad++;
  } else console.log(`${path.relative(root, file)}: ${Math.round(stat.size / 1024)} KB`);
}
process.exit(bad > 0 ? 1 : 0);
