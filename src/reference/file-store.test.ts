import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitEditions, FileStore } from "./file-store.js";
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
    expect(fs.readdirSync(path.join(dir, "editions"))).toHaveLength(1);
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
