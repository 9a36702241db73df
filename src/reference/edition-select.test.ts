import { describe, expect, it } from "vitest";
import { editionsInForce, overlaysOn, selectEdition, spansOf, tableSpans } from "./edition-select.js";
import type { Edition } from "./types.js";

const edition = (
  id: string,
  from: string,
  through: string | null,
  origin: Edition["origin"] = "import",
): Edition => ({
  id,
  table: "ptp",
  source: `${id}.txt`,
  release: id,
  effectiveFrom: from,
  effectiveThrough: through,
  importedAt: "2026-01-01T00:00:00.000Z",
  rows: 1,
  origin,
});

describe("selectEdition", () => {
  const spans = spansOf([
    edition("2024Q3", "2024-07-01", "2024-09-30"),
    edition("2024Q4", "2024-10-01", null),
    edition("2025Q2", "2025-04-01", null),
  ]);

  it.each([
    ["2024-08-15", "2024Q3", true],
    ["2024-12-31", "2024Q4", true],
    ["2025-03-31", "2024Q4", true],
    ["2025-04-01", "2025Q2", true],
    ["2024-01-02", "2024Q3", false],
  ])("%s uses %s (covered %s)", (date, id, covered) => {
    const s = selectEdition(spans, date);
    expect(s?.edition.id).toBe(id);
    expect(s?.covered).toBe(covered);
  });

  it("names the edition used when none covers the date", () => {
    expect(selectEdition(spans, "2024-01-02")?.note).toMatch(
      /no loaded ptp edition covers 2024-01-02; used 2024Q3/,
    );
  });

  it("prefers an import over the pack for the same dates", () => {
    const both = spansOf([
      edition("pack", "2024-07-01", "2024-09-30", "pack"),
      edition("mine", "2024-07-01", "2024-09-30"),
    ]);
    expect(selectEdition(both, "2024-08-01")?.edition.id).toBe("mine");
  });

  it("falls back only within the year when asked (RVU releases)", () => {
    const rvu = spansOf([edition("2026 July", "2026-07-01", "2026-12-31")]);
    expect(selectEdition(rvu, "2026-03-02", { sameYear: true })?.covered).toBe(false);
    expect(selectEdition(rvu, "2025-03-02", { sameYear: true })).toBeUndefined();
  });
});

describe("partial editions (overlays)", () => {
  const partial = (id: string, from: string, through: string | null): Edition => ({
    ...edition(id, from, through),
    partial: true,
  });
  // An open-ended HCPCS-like table: full October 2025, a partial October 2026, full January 2027.
  const list = [
    edition("2025 Oct", "2025-10-01", null),
    partial("2026 Oct excerpt", "2026-10-01", null),
    edition("2027 Jan", "2027-01-01", null),
  ];
  const spans = tableSpans(list);

  it("never ends a full edition early", () => {
    expect(spans.full.map((s) => [s.edition.id, s.through])).toEqual([
      ["2025 Oct", "2026-12-31"],
      ["2027 Jan", null],
    ]);
  });

  it.each([
    ["2026-09-30", []],
    ["2026-10-01", ["2026 Oct excerpt"]],
    ["2026-12-31", ["2026 Oct excerpt"]],
    // The next full edition supersedes it.
    ["2027-01-01", []],
  ])("on %s the overlays are %j", (date, ids) => {
    expect(overlaysOn(spans, date, selectEdition(spans.full, date)).map((e) => e.id)).toEqual(ids);
  });

  it("counts an edition in force unless a newer import of the same dates shadows it", () => {
    const pack = edition("pack 2024Q3", "2024-07-01", "2024-09-30", "pack");
    const mine = edition("mine 2024Q3", "2024-07-01", "2024-09-30");
    const all = [pack, mine, ...list];
    const inForce = editionsInForce(all);
    expect(all.filter((e) => inForce.has(e)).map((e) => e.id)).toEqual([
      "mine 2024Q3",
      "2025 Oct",
      "2026 Oct excerpt",
      "2027 Jan",
    ]);
  });
});
