import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { Problem } from "../model/problem.js";
import { ptpPart } from "./importers/copies.js";
import { ImportError } from "./importers/errors.js";
import { editionId, toEdition } from "./memory-source.js";
import { PtpIndex } from "./ptp-index.js";
import type { EditionSource } from "./reference.js";
import type { Edition, EditionPart, ParsedTable, PtpRow, TableName, TableRows } from "./types.js";

/**
 * Editions on disk. A store directory holds `manifest.json` (the editions in force) and
 * one folder per edition under `editions/`. The manifest is the commit point: an import
 * writes its folders first and swaps the manifest last, so a new edition is visible in
 * full or not at all, and a failed import leaves the previous manifest untouched.
 *
 * Folders are never deleted by an import or a removal: a process that opened the store
 * earlier still reads the editions of the manifest it opened. Only `collectGarbage`
 * (`cleanclaim data gc`) deletes folders no manifest references. Writers take the store's
 * lock, so two imports never lose each other's editions.
 */
interface Manifest {
  format: 1;
  editions: Edition[];
}

const MANIFEST = "manifest.json";
const LOCK = "update.lock";

function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return { format: 1, editions: [] };
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (parsed.format !== 1 || !Array.isArray(parsed.editions)) {
    throw new Problem([{ code: "reference-data", message: "unknown manifest format" }], { source: file });
  }
  return parsed;
}

function writeManifest(dir: string, editions: readonly Edition[]): void {
  writeFileAtomic(path.join(dir, MANIFEST), `${JSON.stringify({ format: 1, editions }, null, 2)}\n`);
}

/** Writes a file through a temporary name and a rename, so readers never see half of it. */
export function writeFileAtomic(file: string, data: string | Buffer, options: { mode?: number } = {}): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  // The mode is set at creation: a key file is never readable by others, not even briefly.
  const fd = fs.openSync(tmp, "w", options.mode ?? 0o666);
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

  constructor(private readonly roots: readonly StoreRoot[]) {
    for (const root of roots) {
      for (const e of readManifest(root.dir).editions) {
        this.list.push({ ...e, origin: root.origin, dir: path.join(root.dir, "editions", e.id) });
      }
    }
  }

  editions(): Edition[] {
    return this.list.map(({ dir: _dir, ...e }) => e);
  }

  /** The same directories, with their manifests read again. */
  reopen(): FileStore {
    return new FileStore(this.roots);
  }

  private dirOf(edition: Edition): string {
    const found = this.list.find((e) => e.id === edition.id && e.origin === edition.origin);
    if (!found)
      throw new Problem([{ code: "not-found", message: `edition ${edition.id} is not in this store` }]);
    return found.dir;
  }

  private read(edition: Edition, file: string): Buffer {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      // A reference-data problem (HTTP 503), not a defect: the caller reloads and retries.
      throw new Problem(
        [
          {
            code: "reference-data",
            message: `edition ${edition.id} (${edition.table} ${edition.release}) is no longer on disk: it was removed and "cleanclaim data gc" deleted its folder; reload the reference data`,
            data: { edition: edition.id, file },
          },
        ],
        { source: file },
      );
    }
  }

  loadRows<T extends Exclude<TableName, "ptp">>(edition: Edition & { table: T }): TableRows[T][] {
    const file = path.join(this.dirOf(edition), "rows.json.gz");
    return JSON.parse(gunzipSync(this.read(edition, file)).toString("utf8")) as TableRows[T][];
  }

  loadPtp(edition: Edition): PtpIndex {
    const dir = this.dirOf(edition);
    const raw = path.join(dir, "ptp.bin");
    if (fs.existsSync(raw)) return PtpIndex.deserialize(this.read(edition, raw), raw);
    const gz = path.join(dir, "ptp.bin.gz");
    return PtpIndex.deserialize(gunzipSync(this.read(edition, gz)), gz);
  }
}

// ---------------------------------------------------------------------------------------
// The writers' lock

const LOCK_WAIT_MS = 60_000;
const LOCK_WRITE_GRACE_MS = 5_000;
const LOCK_POLL_MS = 50;

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `update` holding the store's lock (a file created exclusively, holding our pid).
 * A lock left by a process that no longer runs is taken over; a live holder is waited for.
 */
export function withStoreLock<T>(dir: string, update: () => T): T {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK);
  const mine = `${process.pid} ${randomBytes(6).toString("hex")}`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(file, mine, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = readLock(file);
      if (held !== undefined && lockIsStale(held)) {
        // Take a stale lock over by renaming it away first: of two waiters, only one
        // rename succeeds, so they never both delete and re-create it.
        const aside = `${file}.${randomBytes(6).toString("hex")}.stale`;
        try {
          fs.renameSync(file, aside);
          fs.rmSync(aside, { force: true });
        } catch {}
        continue;
      }
      if (Date.now() > deadline) {
        throw new ImportError(
          dir,
          undefined,
          `another cleanclaim process (pid ${held?.pid ?? "unknown"}) is updating this store; try again when it has finished (or delete ${file} if no such process runs)`,
        );
      }
      sleep(LOCK_POLL_MS);
    }
  }
  try {
    return update();
  } finally {
    // Only our own lock: never one another process has taken over meanwhile.
    if (readLock(file)?.token === mine) fs.rmSync(file, { force: true });
  }
}

interface HeldLock {
  pid: number;
  token: string;
  /** Milliseconds since the lock file was written. */
  age: number;
}

function readLock(file: string): HeldLock | undefined {
  try {
    const token = fs.readFileSync(file, "utf8").trim();
    return { pid: Number(token.split(" ")[0] || "0"), token, age: Date.now() - fs.statSync(file).mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * A lock is stale when its holder no longer runs, or holds our own pid (a process killed
 * mid-import and restarted with the same pid, as PID 1 in a container; updates are
 * synchronous and never nested, so a live lock of ours cannot exist). A lock still being
 * written (no pid yet) is live for a few seconds.
 */
function lockIsStale(held: HeldLock): boolean {
  if (held.pid === 0) return held.age > LOCK_WRITE_GRACE_MS;
  return held.pid === process.pid || !pidAlive(held.pid);
}

// ---------------------------------------------------------------------------------------
// Import

/** An edition's files, encoded, and the digest of what they hold. */
interface Encoded {
  files: Array<[name: string, bytes: Buffer]>;
  digest: string;
}

function encode(parsed: ParsedTable<unknown>, compressPtp: boolean): Encoded {
  if (parsed.edition.table === "ptp") {
    const bin = PtpIndex.fromRows(parsed.rows as PtpRow[]).serialize();
    const digest = createHash("sha256").update(bin).digest("hex");
    return {
      files: [compressPtp ? ["ptp.bin.gz", gzipSync(bin, { level: 9 })] : ["ptp.bin", bin]],
      digest,
    };
  }
  const json = JSON.stringify(parsed.rows);
  return {
    files: [["rows.json.gz", gzipSync(json, { level: 9 })]],
    digest: createHash("sha256").update(json).digest("hex"),
  };
}

/** The digest of a stored edition's rows: recorded at import, or computed from its files. */
function packDigest(dir: string, edition: Edition): string {
  if (edition.digest) return edition.digest;
  const folder = path.join(dir, "editions", edition.id);
  const read = (name: string) => {
    const file = path.join(folder, name);
    if (fs.existsSync(file)) return fs.readFileSync(file);
    const gz = `${file}.gz`;
    return fs.existsSync(gz) ? gunzipSync(fs.readFileSync(gz)) : undefined;
  };
  const bytes = edition.table === "ptp" ? read("ptp.bin") : read("rows.json");
  return bytes ? createHash("sha256").update(bytes).digest("hex") : "";
}

export interface CommitOptions {
  origin?: Edition["origin"];
  /**
   * The bundled pack beside this store. A full edition holding the same rows as one of its
   * editions (GPCI2025.csv, which the pack ships whole) is reported unchanged, not copied
   * into the store as a second edition of the same release.
   */
  packDir?: string;
  /** Gzip PTP indexes (the committed pack); user imports keep them raw for fast loading. */
  compressPtp?: boolean;
  importedAt?: string;
  /** Store every table as a partial edition: an overlay on the full edition in force. */
  partial?: boolean;
  /** Called after each edition is written (progress bars). */
  onEdition?: (edition: Edition, index: number, total: number) => void;
}

/** What an import did to the store. */
export interface StoreUpdate {
  /** Editions written by this import (a PTP edition that gained parts is a new edition). */
  added: Edition[];
  /** Editions already in the store with the same content: nothing was written for them. */
  unchanged: Edition[];
  /** Editions taken out of the manifest because an added one replaces them. */
  replaced: Edition[];
}

const sameRelease = (a: Edition | ParsedTable<unknown>["edition"], b: Edition) =>
  a.table === b.table && a.release === b.release && a.effectiveFrom === b.effectiveFrom;

/**
 * Adds editions to the store at `dir` atomically: all of them or none.
 * - A full edition with the same table, release and start date as one stored replaces it
 *   (and the partial editions of that release), unless it holds the same rows: then
 *   nothing changes.
 * - A partial edition is added above the full one; an identical partial changes nothing.
 * - Parts of an NCCI PTP quarter (f1 to f4) join the edition of that quarter holding the
 *   other parts, so importing them one command at a time gives the same edition as
 *   importing them together. A part already loaded with the same rows changes nothing;
 *   with other rows, or of another NCCI version, or next to a whole-quarter edition of the
 *   same quarter, the import is refused.
 */
export function updateStore(
  dir: string,
  tables: readonly ParsedTable<unknown>[],
  options: CommitOptions = {},
): StoreUpdate {
  const importedAt = options.importedAt ?? new Date().toISOString();
  const origin = options.origin ?? "import";
  const partial = options.partial === true;
  let pack: Edition[] | undefined;
  const packEditions = () => {
    pack ??= options.packDir ? readManifest(options.packDir).editions : [];
    return pack;
  };
  return withStoreLock(dir, () => {
    fs.mkdirSync(path.join(dir, "editions"), { recursive: true });
    const previous = readManifest(dir).editions;
    const plan = tables.map((parsed) => planEdition(dir, previous, parsed, storedAsPartial(parsed, partial)));
    const staging = path.join(dir, `staging-${process.pid}-${randomBytes(4).toString("hex")}`);
    const moved: string[] = [];
    const added: Edition[] = [];
    const unchanged: Edition[] = [];
    const replaced = new Set<Edition>();
    const taken = new Set(fs.readdirSync(path.join(dir, "editions")));
    try {
      fs.mkdirSync(staging);
      plan.forEach((step, i) => {
        if ("unchanged" in step) {
          unchanged.push(step.unchanged);
          options.onEdition?.(step.unchanged, i, tables.length);
          return;
        }
        const encoded = encode(step.parsed, options.compressPtp ?? false);
        const same = previous.find(
          (old) =>
            sameRelease(step.parsed.edition, old) &&
            old.digest === encoded.digest &&
            (old.partial === true) === storedAsPartial(step.parsed, partial) &&
            JSON.stringify(old.parts ?? null) === JSON.stringify(step.parsed.edition.parts ?? null),
        );
        const inPack =
          same ??
          (options.packDir !== undefined &&
          !storedAsPartial(step.parsed, partial) &&
          // A store edition of this release is in force over the pack's: the import replaces it.
          !previous.some((old) => sameRelease(step.parsed.edition, old))
            ? packEditions().find(
                (old) =>
                  sameRelease(step.parsed.edition, old) &&
                  old.partial !== true &&
                  JSON.stringify(old.parts ?? null) === JSON.stringify(step.parsed.edition.parts ?? null) &&
                  packDigest(options.packDir as string, old) === encoded.digest,
              )
            : undefined);
        if (inPack) {
          unchanged.push(inPack);
          options.onEdition?.(inPack, i, tables.length);
          return;
        }
        let edition: Edition = { ...toEdition(step.parsed, origin, importedAt), digest: encoded.digest };
        if (storedAsPartial(step.parsed, partial)) edition.partial = true;
        if (step.replaces.length > 0) edition.replaces = step.replaces;
        edition = { ...edition, id: freeId(edition, importedAt, taken) };
        taken.add(edition.id);
        const folder = path.join(staging, edition.id);
        fs.mkdirSync(folder);
        for (const [name, bytes] of encoded.files) fs.writeFileSync(path.join(folder, name), bytes);
        fs.writeFileSync(path.join(folder, "edition.json"), `${JSON.stringify(edition, null, 2)}\n`);
        added.push(edition);
        for (const old of step.replaces) replaced.add(old);
        options.onEdition?.(edition, i, tables.length);
      });
      for (const e of added) {
        const target = path.join(dir, "editions", e.id);
        fs.renameSync(path.join(staging, e.id), target);
        moved.push(target);
      }
      if (added.length > 0) {
        writeManifest(dir, [...previous.filter((old) => !replaced.has(old)), ...added]);
      }
      return { added, unchanged, replaced: [...replaced] };
    } catch (error) {
      for (const target of moved) fs.rmSync(target, { recursive: true, force: true });
      throw error;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  });
}

/**
 * Adds editions atomically (see `updateStore`) and returns the editions written. Kept for
 * the pack builder and benchmarks.
 */
export function commitEditions(
  dir: string,
  tables: readonly ParsedTable<unknown>[],
  options: CommitOptions = {},
): Edition[] {
  return updateStore(dir, tables, options).added;
}

/**
 * Whether `--partial` makes this table an overlay. Policy figures never are: they are chosen
 * figure by figure across every policy edition (docs/policy-figures.md), so a file of a few
 * figures already is one, and a policy edition stored as partial would never be read.
 */
function storedAsPartial(parsed: ParsedTable<unknown>, partial: boolean): boolean {
  return partial && parsed.edition.table !== "policy";
}

type Step = { parsed: ParsedTable<unknown>; replaces: Edition[] } | { unchanged: Edition };

/** What one table does to the store: which rows to write, and what they replace. */
function planEdition(
  dir: string,
  previous: readonly Edition[],
  parsed: ParsedTable<unknown>,
  partial: boolean,
): Step {
  const { edition } = parsed;
  if (partial) {
    if (edition.table === "ptp") {
      throw new ImportError(
        edition.source,
        undefined,
        "NCCI PTP edits cannot be a partial edition: import the whole quarter, or its numbered parts (f1 to f4), which join one edition",
      );
    }
    return { parsed, replaces: [] };
  }
  const sameQuarter = previous.filter((old) => sameRelease(edition, old));
  if (edition.table !== "ptp" || !edition.parts) return { parsed, replaces: sameQuarter };
  return planPtpParts(dir, sameQuarter, parsed as ParsedTable<PtpRow>, edition.parts);
}

function planPtpParts(
  dir: string,
  sameQuarter: readonly Edition[],
  parsed: ParsedTable<PtpRow>,
  parts: readonly EditionPart[],
): Step {
  const { edition } = parsed;
  const loaded = sameQuarter.find((old) => old.partial !== true);
  if (!loaded) return { parsed, replaces: [...sameQuarter] };
  if (!loaded.parts && loaded.source.split(" + ").every((source) => ptpPart(source) !== "")) {
    throw new ImportError(
      edition.source,
      undefined,
      `${loaded.release} was imported from parts (${loaded.source}) by an earlier cleanclaim that did not record them, so this part cannot join it safely: remove edition ${loaded.id} ("cleanclaim data remove ${loaded.id}") and import the parts again`,
    );
  }
  if (!loaded.parts) {
    throw new ImportError(
      edition.source,
      undefined,
      `${loaded.release} is loaded as a whole quarter (${loaded.source}, ${loaded.rows.toLocaleString("en-US")} rows, edition ${loaded.id}): import the whole-quarter file or the parts, not both. To use the parts instead, remove that edition first with "cleanclaim data remove ${loaded.id}"`,
    );
  }
  const version = loaded.parts.find((p) => p.version !== undefined)?.version;
  const fresh: EditionPart[] = [];
  for (const part of parts) {
    if (version !== undefined && part.version !== undefined && part.version !== version) {
      throw new ImportError(
        part.source,
        undefined,
        `the parts of ${loaded.release} already loaded are NCCI version ${version}; this file is ${part.version}. Parts of different versions do not make one edition: remove edition ${loaded.id} ("cleanclaim data remove ${loaded.id}") and import every part of ${part.version}`,
      );
    }
    const same = loaded.parts.find((p) => p.part === part.part);
    if (!same) fresh.push(part);
    else if (same.digest !== part.digest) {
      throw new ImportError(
        part.source,
        undefined,
        `part ${part.part} of ${loaded.release} is already loaded from ${same.source} with other rows (${same.rows.toLocaleString("en-US")} there, ${part.rows.toLocaleString("en-US")} here): remove edition ${loaded.id} ("cleanclaim data remove ${loaded.id}") and import the parts again`,
      );
    }
  }
  if (fresh.length === 0) return { unchanged: loaded };
  // The parts loaded, then the new ones, in part order: the same rows as one import of all.
  const index = new FileStore([{ dir, origin: "import" }]).loadPtp({ ...loaded, origin: "import" });
  const oldParts = loaded.parts;
  const allParts = [...oldParts, ...fresh].sort((a, b) => a.part - b.part);
  const newRows = new Map<number, PtpRow[]>();
  let offset = 0;
  for (const part of parts) {
    newRows.set(part.part, parsed.rows.slice(offset, offset + part.rows));
    offset += part.rows;
  }
  const loadedRows = index.filter(() => true);
  const rows: PtpRow[] = [];
  let loadedTaken = false;
  for (const part of allParts) {
    const fromFile = fresh.includes(part) ? newRows.get(part.part) : undefined;
    if (fromFile) for (const r of fromFile) rows.push(r);
    else if (!loadedTaken) {
      for (const r of loadedRows) rows.push(r);
      loadedTaken = true;
    }
  }
  const warnings = parsed.warnings;
  return {
    parsed: {
      edition: { ...edition, source: allParts.map((p) => p.source).join(" + "), parts: allParts },
      rows,
      ...(warnings ? { warnings } : {}),
    },
    replaces: [...sameQuarter],
  };
}

/** The edition's id, made unique among the folders already in the store. */
function freeId(edition: Edition, importedAt: string, taken: ReadonlySet<string>): string {
  const base = editionId(edition, importedAt);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

// ---------------------------------------------------------------------------------------
// Undo and garbage collection

/** Why an edition cannot be removed: no edition has the id, or it is one of the bundled pack. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly reason: "unknown-edition" | "pack-edition",
  ) {
    super(message);
    this.name = "StoreError";
  }
}

/** What `removeEdition` did. */
export interface Removal {
  removed: Edition;
  /** The editions the removed one had replaced, back in force (their folders were still there). */
  restored: Edition[];
}

/**
 * Takes one edition out of the user's store, atomically (one manifest swap). The editions it
 * replaced when it was imported come back, if `collectGarbage` has not deleted them; its own
 * folder stays until `collectGarbage`, so a process still using it is not broken. The
 * editions of `packDir` cannot be removed.
 */
export function removeEdition(dir: string, id: string, packDir?: string): Removal {
  return withStoreLock(dir, () => {
    const { editions } = readManifest(dir);
    const found = editions.find((e) => e.id === id);
    if (!found) {
      const pack = packDir ? readManifest(packDir).editions.find((e) => e.id === id) : undefined;
      if (pack) {
        throw new StoreError(
          `${id} is an edition of the bundled pack (${pack.table} ${pack.release}): pack editions cannot be removed. Import a newer edition of ${pack.table} to use instead`,
          "pack-edition",
        );
      }
      throw new StoreError(
        `no imported edition has the id "${id}": "cleanclaim data editions" lists them`,
        "unknown-edition",
      );
    }
    const kept = editions.filter((e) => e !== found);
    const restored = (found.replaces ?? []).filter(
      (old) => !kept.some((e) => e.id === old.id) && fs.existsSync(path.join(dir, "editions", old.id)),
    );
    writeManifest(dir, [...kept, ...restored]);
    return { removed: found, restored };
  });
}

/** The records of replaced editions whose folders still exist (gc deleted the others). */
function pruneReplaced(editions: readonly Edition[], exists: (id: string) => boolean): Edition[] {
  return editions.map((e) => {
    if (!e.replaces) return e;
    const { replaces, ...rest } = e;
    const kept = pruneReplaced(
      replaces.filter((old) => exists(old.id)),
      exists,
    );
    return kept.length > 0 ? { ...rest, replaces: kept } : rest;
  });
}

export interface GarbageReport {
  removed: Array<{ name: string; bytes: number }>;
  bytes: number;
}

function sizeOf(target: string): number {
  const stat = fs.lstatSync(target);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(target).reduce((sum, name) => sum + sizeOf(path.join(target, name)), 0);
}

/**
 * Deletes what no manifest references: edition folders left by replaced or removed
 * editions, and the staging folders and temporary files of imports that died (a removal can
 * then no longer restore the editions deleted). A process
 * that opened the store before a removal and loads a collected edition afterwards gets a
 * clear error and must reload.
 */
export function collectGarbage(dir: string): GarbageReport {
  if (!fs.existsSync(dir)) return { removed: [], bytes: 0 };
  return withStoreLock(dir, () => {
    const { editions } = readManifest(dir);
    const referenced = new Set(editions.map((e) => e.id));
    const removed: GarbageReport["removed"] = [];
    const drop = (target: string, name: string) => {
      const bytes = sizeOf(target);
      fs.rmSync(target, { recursive: true, force: true });
      removed.push({ name, bytes });
    };
    const editionsDir = path.join(dir, "editions");
    if (fs.existsSync(editionsDir)) {
      for (const name of fs.readdirSync(editionsDir).sort()) {
        if (!referenced.has(name)) drop(path.join(editionsDir, name), `editions/${name}`);
      }
    }
    for (const name of fs.readdirSync(dir).sort()) {
      const staging = /^staging-(\d+)-/.exec(name);
      const temporary = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
      const pid = Number((staging ?? temporary)?.[1] ?? "0");
      if (pid > 0 && (pid === process.pid ? false : !pidAlive(pid))) drop(path.join(dir, name), name);
    }
    // A removal can no longer bring back an edition whose folder is gone.
    const pruned = pruneReplaced(editions, (id) => fs.existsSync(path.join(editionsDir, id)));
    if (JSON.stringify(pruned) !== JSON.stringify(editions)) writeManifest(dir, pruned);
    return { removed, bytes: removed.reduce((sum, r) => sum + r.bytes, 0) };
  });
}
