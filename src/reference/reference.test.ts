import { describe, expect, it } from "vitest";
import { MemorySource } from "./memory-source.js";
import { Reference } from "./reference.js";
import type { AocRow, GpciRow, ParsedTable, TableName } from "./types.js";

const table = <R>(name: TableName, release: string, from: string, rows: R[]): ParsedTable<R> => ({
  edition: { table: name, source: `${release}.csv`, release, effectiveFrom: from, effectiveThrough: null },
  rows,
});

const gpci = (locality: string, work: string): GpciRow => ({
  mac: "09102",
  locality,
  state: "FL",
  name: locality === "04" ? "MIAMI" : "REST OF FLORIDA",
  work,
  pe: "1.000",
  mp: "1.000",
});

describe("Reference over a partial edition", () => {
  const source = new MemorySource();
  source.add(
    table("gpci", "full", "2026-01-01", [gpci("03", "1.000"), gpci("04", "1.000")]),
    "import",
    "2026-01-02T00:00:00.000Z",
  );
  source.add(
    table("gpci", "correction", "2026-03-01", [gpci("04", "1.100")]),
    "import",
    "2026-03-02T00:00:00.000Z",
    {
      partial: true,
    },
  );
  const aoc = (primary: string): AocRow => ({ primary, addOn: "97546", editType: "1" });
  source.add(table("aoc", "full aoc", "2026-01-01", [aoc("97545")]));
  source.add(table("aoc", "aoc excerpt", "2026-04-01", [aoc("97545"), aoc("97150")]), "import", undefined, {
    partial: true,
  });
  const ref = new Reference(source);

  it("answers a code the overlay holds from it, and every other code from the full edition", () => {
    const held = ref.gpci("09102", "04", "2026-05-01");
    expect([held.value?.work, held.edition?.release, held.overlays?.map((e) => e.release)]).toEqual([
      "1.100",
      "correction",
      ["correction"],
    ]);
    const other = ref.gpci("09102", "03", "2026-05-01");
    expect([other.value?.work, other.edition?.release, other.overlays?.length]).toEqual(["1.000", "full", 1]);
    // Before the overlay starts, only the full edition is used.
    expect(ref.gpci("09102", "04", "2026-02-01").overlays).toBeUndefined();
    expect(ref.localities("2026-05-01").value?.map((g) => [g.locality, g.work])).toEqual([
      ["03", "1.000"],
      ["04", "1.100"],
    ]);
    expect(ref.addOnPrimaries("97546", "2026-05-01").value?.map((r) => r.primary)).toEqual([
      "97545",
      "97150",
    ]);
    expect(ref.addOnPrimaries("97546", "2026-02-01").value?.map((r) => r.primary)).toEqual(["97545"]);
  });

  it("does not reload a source that cannot be reopened", () => {
    expect(ref.reload()).toBe(false);
    expect(ref.generation).toBe(0);
  });
});
