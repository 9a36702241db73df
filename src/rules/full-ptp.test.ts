import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseReferenceFile } from "../reference/importers/index.js";
import { MemorySource } from "../reference/memory-source.js";
import { Reference } from "../reference/reference.js";
import type { PtpRow } from "../reference/types.js";
import { bundledPolicy, sharedDataDir } from "../test-support/reference.js";
import { ncciPtp } from "./ncci-ptp.js";
import { claimOf, profileOf } from "./test-support/claims.js";

/**
 * The ncci-ptp rule against the FULL practitioner PTP file of 2024Q3 (2.5 million rows),
 * loaded once for this file. The oracle is computed from the parsed rows directly, not
 * through the index the rule uses.
 */
const file = path.join(sharedDataDir, "ncci-2024q3", "ptp_practitioner_2024q3_all.csv.gz");
const date = "2024-08-01";
const medicare = profileOf("medicare");

let reference: Reference;
let rows: PtpRow[];

beforeAll(() => {
  const parsed = parseReferenceFile(fs.readFileSync(file), path.basename(file));
  rows = parsed.rows as PtpRow[];
  const source = new MemorySource();
  source.add(parsed, "import", "2026-01-01T00:00:00.000Z");
  source.add(bundledPolicy(), "pack", "2026-01-01T00:00:00.000Z");
  reference = new Reference(source);
});

function inForce(r: PtpRow): boolean {
  return (r.effective === null || r.effective <= date) && (r.deletion === null || date <= r.deletion);
}

function scrub(lines: Parameters<typeof claimOf>[0]["lines"]) {
  return ncciPtp.check(claimOf({ date, lines }), { reference, profile: medicare, asOf: "2024-08-10" });
}

/** Every `step`-th row that matches, so the sample spreads over the whole file. */
function sample(match: (r: PtpRow) => boolean, count: number): PtpRow[] {
  const all = rows.filter(match);
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, k) => k % step === 0).slice(0, count);
}

describe("ncci-ptp on the full 2024Q3 practitioner file", () => {
  it("loads every row", () => {
    expect(rows.length).toBe(2_546_017);
  });

  it("the seed pair and the domain's pairs", () => {
    expect(scrub(["97012", "97140"]).map((f) => f.message)).toEqual([
      expect.stringContaining("97140 is bundled into 97012"),
    ]);
    expect(scrub(["97012", { code: "97140", modifiers: ["XS"] }])).toEqual([]);
    expect(scrub(["97140", "97530"])).toEqual([]);
    expect(scrub(["97110", "97140"])).toEqual([]);
    expect(scrub(["97530", "97110"])).toEqual([]);
    expect(scrub(["98941", "98940"]).map((f) => f.message)).toEqual([
      expect.stringContaining("modifier indicator 0"),
    ]);
    expect(scrub(["97150", "97110"]).map((f) => f.lines)).toEqual([[0, 1]]);
  });

  it("flags 300 active pairs spread over the file, each with its indicator", () => {
    const active = sample(
      (r) => r.deletion === null && r.modifierIndicator !== "9" && r.column1 !== r.column2,
      300,
    );
    expect(active).toHaveLength(300);
    for (const r of active) {
      const messages = scrub([r.column1, r.column2]).map((f) => f.message);
      const expected =
        r.modifierIndicator === "0"
          ? `${r.column2} is not payable with ${r.column1} on the same day (NCCI PTP, modifier indicator 0`
          : `${r.column2} is bundled into ${r.column1} on the same day (NCCI PTP, modifier indicator 1`;
      expect(messages, `${r.column1}/${r.column2}`).toContainEqual(expect.stringContaining(expected));
    }
  });

  it("lets XS through on the column-2 code of 300 active indicator-1 pairs, never on indicator 0", () => {
    const pairs = sample((r) => r.deletion === null && r.column1 !== r.column2, 300);
    for (const r of pairs) {
      const messages = scrub([r.column1, { code: r.column2, modifiers: ["XS"] }]).map((f) => f.message);
      const named = messages.some(
        (m) => m.startsWith(`${r.column2} is `) && m.includes(` ${r.column1} on the same day`),
      );
      expect(named, `${r.column1}/${r.column2} indicator ${r.modifierIndicator}`).toBe(
        r.modifierIndicator === "0",
      );
    }
  });

  it("does not flag 300 pairs whose every row was deleted before the date or is indicator 9", () => {
    const byPair = new Map<string, PtpRow[]>();
    for (const r of rows) {
      const key = `${r.column1}|${r.column2}`;
      const list = byPair.get(key);
      if (list) list.push(r);
      else byPair.set(key, [r]);
    }
    const dead = sample((r) => {
      if (r.deletion === null || r.column1 === r.column2) return false;
      const forward = byPair.get(`${r.column1}|${r.column2}`) ?? [];
      const backward = byPair.get(`${r.column2}|${r.column1}`) ?? [];
      return [...forward, ...backward].every((x) => !inForce(x) || x.modifierIndicator === "9");
    }, 300);
    expect(dead).toHaveLength(300);
    for (const r of dead) expect(scrub([r.column1, r.column2]), `${r.column1}/${r.column2}`).toEqual([]);
  });
});
