import fs from "node:fs";
import path from "node:path";
import { Problem } from "../model/problem.js";

/**
 * PGlite is one process's database: two processes writing one data directory corrupt it
 * (seen: `user add` beside a running `serve` left the server spinning). So the embedded
 * database takes a lock file beside its folder, holding the owner's pid; a second process
 * is refused with what to do instead. A lock whose process no longer runs is taken over.
 */
export interface EmbeddedLock {
  release(): void;
}

export function lockEmbeddedDatabase(dataDir: string): EmbeddedLock {
  const file = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      return {
        release: () => {
          try {
            if (fs.readFileSync(file, "utf8").trim() === String(process.pid))
              fs.rmSync(file, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new Problem([
          {
            code: "conflict",
            message: `the embedded database at ${dataDir} is in use by process ${holder} (a running \`cleanclaim serve\`?). It takes one process at a time: stop that process first, or do this through the HTTP API, or set DATABASE_URL to share a PostgreSQL database`,
            path: dataDir,
            data: { pid: holder },
          },
        ]);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Problem([
    { code: "conflict", message: `the embedded database lock ${file} could not be taken`, path: file },
  ]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
