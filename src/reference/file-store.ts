import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Problem } from "../model/problem.js";
import { toEdition } from "./memory-source.js";
import { PtpIndex } from "./ptp-index.js";
import type { EditionSource } from "./reference.js";
import type { Edition, ParsedTable, PtpRow, TableName, TableRows } from "./types.js";

/**
 * Editions on disk. A store directory holds `manifest.json` (the editions in force) and
 * one folder per edition under `editions/`. The manifest is the commit point: an import
 * writes its folders first and swaps the manifest last, so a new edition is visible in
 * full or not at all, and a failed import leaves the previous manifest untouched.
 */
interface Manifest {
  format: 1;
  editions: Edition[];
}

const MANIFEST = "manifest.json";

function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return { format: 1, editions: [] };
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (parsed.format !== 1 || !Array.isArray(parsed.editions)) {
    throw new Problem([{ code: "reference-data", message: "unknown manifest format" }], { source: file });
  }
  return parsed;
}

/** Writes a file through a temporary name and a rename, so readers never see half of it. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export interface StoreRoot {
  dir: string;
  origin: Edition["origin"];
}

/** Reads editions from one or more store directories (the bundled pack, then the user's home). */
export class FileStore implements EditionSource {
  private readonly list: Array<Edition & { dir: string }> = [];

  constructor(roots: readonly StoreRoot[]) {
    for (const root of roots) {
      for (const e of readManifest(root.dir).editions) {
        this.list.push({ ...e, origin: root.origin, dir: path.join(root.dir, "editions", e.id) });
      }
    }
  }

  editions(): Edition[] {
    return this.list.map(({ dir: _dir, ...e }) => e);
  }

  private dirOf(edition: Edition): string {
    const found = this.list.find((e) => e.id === edition.id && e.origin === edition.origin);
    if (!found)
      throw new Problem([{ code: "not-found", message: `edition ${edition.id} is not in this store` }]);
    return found.dir;
  }

  loadRows<T extends Exclude<TableName, "ptp">>(edition: Edition & { table: T }): TableRows[T][] {
    const file = path.join(this.dirOf(edition), "rows.json.gz");
    return JSON.parse(gunzipSync(fs.readFileSync(file)).toString("utf8")) as TableRows[T][];
  }

  loadPtp(edition: Edition): PtpIndex {
    const dir = this.dirOf(edition);
    const raw = path.join(dir, "ptp.bin");
    if (fs.existsSync(raw)) return PtpIndex.deserialize(fs.readFileSync(raw), raw);
    const gz = path.join(dir, "ptp.bin.gz");
    return PtpIndex.deserialize(gunzipSync(fs.readFileSync(gz)), gz);
  }
}

function writeEditionFiles(
  dir: string,
  parsed: ParsedTable<unknown>,
  edition: Edition,
  compressPtp: boolean,
): void {
  fs.mkdirSync(dir, { recursive: true });
  if (edition.table === "ptp") {
    const bin = PtpIndex.fromRows(parsed.rows as PtpRow[]).serialize();
    if (compressPtp) fs.writeFileSync(path.join(dir, "ptp.bin.gz"), gzipSync(bin, { level: 9 }));
    else fs.writeFileSync(path.join(dir, "ptp.bin"), bin);
  } else {
    fs.writeFileSync(path.join(dir, "rows.json.gz"), gzipSync(JSON.stringify(parsed.rows), { level: 9 }));
  }
  fs.writeFileSync(path.join(dir, "edition.json"), `${JSON.stringify(edition, null, 2)}\n`);
}

export interface CommitOptions {
  origin?: Edition["origin"];
  /** Gzip PTP indexes (the committed pack); user imports keep them raw for fast loading. */
  compressPtp?: boolean;
  importedAt?: string;
  /** Called after each edition is written (progress bars). */
  onEdition?: (edition: Edition, index: number, total: number) => void;
}

/**
 * Adds editions to the store at `dir` atomically: all of them or none. An edition with
 * the same table, release and start date as one already stored replaces it.
 */
export function commitEditions(
  dir: string,
  tables: readonly ParsedTable<unknown>[],
  options: CommitOptions = {},
): Edition[] {
  const importedAt = options.importedAt ?? new Date().toISOString();
  const origin = options.origin ?? "import";
  fs.mkdirSync(path.join(dir, "editions"), { recursive: true });
  const staging = path.join(dir, `staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  const moved: string[] = [];
  const added: Edition[] = [];
  try {
    fs.mkdirSync(staging);
    tables.forEach((parsed, i) => {
      let edition = toEdition(parsed, origin, importedAt);
      if (added.some((e) => e.id === edition.id)) edition = { ...edition, id: `${edition.id}-${i}` };
      writeEditionFiles(path.join(staging, edition.id), parsed, edition, options.compressPtp ?? false);
      added.push(edition);
      options.onEdition?.(edition, i, tables.length);
    });
    for (const e of added) {
      const target = path.join(dir, "editions", e.id);
      fs.renameSync(path.join(staging, e.id), target);
      moved.push(target);
    }
    const previous = readManifest(dir);
    const replaced = previous.editions.filter((old) =>
      added.some(
        (e) => e.table === old.table && e.release === old.release && e.effectiveFrom === old.effectiveFrom,
      ),
    );
    const kept = previous.editions.filter((old) => !replaced.includes(old));
    writeFileAtomic(
      path.join(dir, MANIFEST),
      `${JSON.stringify({ format: 1, editions: [...kept, ...added] }, null, 2)}\n`,
    );
    // Committed: the replaced editions' folders are no longer referenced.
    for (const old of replaced)
      fs.rmSync(path.join(dir, "editions", old.id), { recursive: true, force: true });
    return added;
  } catch (error) {
    for (const target of moved) fs.rmSync(target, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
