import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sharedDataDir } from "../test-support/reference.js";
import { collectGarbage, commitEditions, FileStore, updateStore, withStoreLock } from "./file-store.js";
import { bundledPackDir } from "./home.js";
import { parseReferenceFile } from "./importers/index.js";
import { Reference } from "./reference.js";
import type { MueRow, ParsedTable } from "./types.js";

const mue = (units: number, release: string): ParsedTable<MueRow> => ({
  edition: {
    table: "mue",
    source: `mue_${release}.csv`,
    release,
    effectiveFrom: "2024-07-01",
    effectiveThrough: "2024-09-30",
  },
  rows: [{ code: "97012", units, mai: 3, rationale: "Clinical: Data" }],
});

describe("commitEditions", () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "cleanclaim-store-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("makes a committed edition visible and replaces an edition of the same release", () => {
    const dir = tmp();
    commitEditions(dir, [mue(1, "NCCI MUE 2024Q3")]);
    commitEditions(dir, [mue(2, "NCCI MUE 2024Q3")], { importedAt: "2099-01-01T00:00:00.000Z" });
    const ref = new Reference(new FileStore([{ dir, origin: "import" }]));
    expect(ref.editions()).toHaveLength(1);
    expect(ref.mue("97012", "2024-08-01").value?.units).toBe(2);
    // The replaced edition's folder stays for readers that opened the store before; gc takes it.
    expect(fs.readdirSync(path.join(dir, "editions"))).toHaveLength(2);
    const gc = collectGarbage(dir);
    expect(gc.removed.map((r) => r.name)).toEqual([
      expect.stringMatching(/^editions\/mue--ncci-mue-2024q3--/),
    ]);
    expect(gc.bytes).toBe(gc.removed[0]!.bytes);
    expect(gc.bytes).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(dir, "editions"))).toEqual([ref.editions()[0]!.id]);
    expect(collectGarbage(dir).removed).toEqual([]);
  });

  it("changes nothing when the same rows are imported again", () => {
    const dir = tmp();
    commitEditions(dir, [mue(1, "NCCI MUE 2024Q3")]);
    const before = fs.readFileSync(path.join(dir, "manifest.json"), "utf8");
    const again = updateStore(dir, [mue(1, "NCCI MUE 2024Q3")], { importedAt: "2099-01-01T00:00:00.000Z" });
    expect(again.added).toEqual([]);
    expect(again.unchanged.map((e) => e.release)).toEqual(["NCCI MUE 2024Q3"]);
    expect(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")).toBe(before);
  });

  it("does not copy an edition the bundled pack holds in full: the real GPCI2025.csv is unchanged", () => {
    const dir = tmp();
    const file = path.join(sharedDataDir, "mpfs-2025/GPCI2025.csv");
    const parsed = parseReferenceFile(fs.readFileSync(file), "GPCI2025.csv");
    const update = updateStore(dir, [parsed], { packDir: bundledPackDir() });
    expect(update.added).toEqual([]);
    expect(update.unchanged.map((e) => [e.table, e.release, e.origin])).toEqual([
      ["gpci", "CY2025 GPCIs (Addendum E)", "pack"],
    ]);
    expect(fs.existsSync(path.join(dir, "manifest.json"))).toBe(false);
    // Without the pack beside it, the same file is a new edition of the store.
    expect(updateStore(dir, [parsed]).added.map((e) => e.release)).toEqual(["CY2025 GPCIs (Addendum E)"]);
  });

  it("imports what differs from the pack, and replaces the store's own edition even with the pack's rows", () => {
    const pack = tmp();
    const dir = tmp();
    commitEditions(pack, [mue(1, "NCCI MUE 2024Q3")], { origin: "pack" });
    expect(updateStore(dir, [mue(1, "NCCI MUE 2024Q3")], { packDir: pack }).added).toEqual([]);
    // Other rows than the pack's: a new edition, in force over the pack's.
    const other = updateStore(dir, [mue(2, "NCCI MUE 2024Q3")], { packDir: pack });
    expect(other.added.map((e) => e.origin)).toEqual(["import"]);
    // Back to the pack's rows: the store's edition of that release is replaced (it was in force).
    const back = updateStore(dir, [mue(1, "NCCI MUE 2024Q3")], {
      packDir: pack,
      importedAt: "2099-01-01T00:00:00.000Z",
    });
    expect(back.added).toHaveLength(1);
    expect(back.replaced.map((e) => e.id)).toEqual([other.added[0]!.id]);
    const ref = new Reference(
      new FileStore([
        { dir: pack, origin: "pack" },
        { dir, origin: "import" },
      ]),
    );
    expect(ref.mue("97012", "2024-08-01").value?.units).toBe(1);
    // A partial edition is an overlay: never matched against the pack's full edition.
    expect(
      updateStore(tmp(), [mue(1, "NCCI MUE 2024Q3")], { packDir: pack, partial: true }).added,
    ).toHaveLength(1);
  });

  it("takes over the writers' lock left by a process that no longer runs", () => {
    const dir = tmp();
    // A pid no process has (above the kernel's pid_max of 2^22).
    fs.writeFileSync(path.join(dir, "update.lock"), "4194999");
    commitEditions(dir, [mue(1, "NCCI MUE 2024Q3")]);
    expect(fs.existsSync(path.join(dir, "update.lock"))).toBe(false);
    expect(new FileStore([{ dir, origin: "import" }]).editions()).toHaveLength(1);
  });

  it("takes over a lock holding its own pid (a process killed mid-import and restarted as the same pid, PID 1 in a container)", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "update.lock"), `${process.pid} left-by-a-killed-run`);
    const start = Date.now();
    commitEditions(dir, [mue(1, "NCCI MUE 2024Q3")]);
    expect(Date.now() - start).toBeLessThan(5_000); // not the 60-second wait for a live holder
    expect(fs.existsSync(path.join(dir, "update.lock"))).toBe(false);
  });

  it("leaves a lock that another process took over meanwhile (removes only its own)", () => {
    const dir = tmp();
    const lock = path.join(dir, "update.lock");
    withStoreLock(dir, () => fs.writeFileSync(lock, "4194998 someone-else"));
    expect(fs.readFileSync(lock, "utf8")).toBe("4194998 someone-else");
  });

  it("keeps the previous edition when an import fails part-way", () => {
    const dir = tmp();
    commitEditions(dir, [mue(1, "NCCI MUE 2024Q3")]);
    const before = fs.readFileSync(path.join(dir, "manifest.json"), "utf8");
    const broken = mue(7, "NCCI MUE 2024Q4");
    expect(() =>
      commitEditions(dir, [broken, mue(9, "NCCI MUE 2024Q3")], {
        onEdition: (_e, i) => {
          if (i === 1) throw new Error("disk full");
        },
      }),
    ).toThrow("disk full");
    expect(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(dir, "editions"))).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("staging"))).toEqual([]);
    const ref = new Reference(new FileStore([{ dir, origin: "import" }]));
    expect(ref.mue("97012", "2024-08-01").value?.units).toBe(1);
  });
});
