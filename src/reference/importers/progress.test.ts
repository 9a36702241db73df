import { describe, expect, it } from "vitest";
import { parseGpci } from "./gpci.js";
import { parseReferenceFiles } from "./index.js";
import { Progress } from "./progress.js";
import { parsePtp } from "./ptp.js";
import { readData } from "./test-support/shared-data.js";

/** The fractions a hook was told. */
function recorder(): { hook: (fraction: number) => void; told: number[] } {
  const told: number[] = [];
  return { hook: (fraction) => told.push(fraction), told };
}

/** At most `most` calls, rising, ending with the whole file read. */
function expectBar(told: number[], most: number): void {
  expect(told.length).toBeGreaterThan(1);
  expect(told.length).toBeLessThanOrEqual(most);
  expect(told.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= told[i - 1]!))).toBe(true);
  expect(told.at(-1)).toBe(1);
}

describe("parse progress", () => {
  it("Progress tells a hook at most 100 times however often it is asked, then 1", () => {
    const { hook, told } = recorder();
    const progress = new Progress(hook, 1_000_003);
    for (let i = 0; i < 1_000_003; i++) progress.at(i);
    progress.end();
    expectBar(told, 101);
    expect(told[0]).toBeCloseTo(0.01, 4);
  });

  it("costs nothing without a hook", () => {
    expect(() => new Progress(undefined, 10).at(10)).not.toThrow();
  });

  it("follows the PTP reader through a file of 50,000 rows", () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `${String(10000 + (i % 80000)).padStart(5, "0")},97140,,1,Misuse of column two code`,
    );
    const text = `column1,column2,deletion_date,modifier_indicator,ptp_edit_rationale\n${rows.join("\n")}\n`;
    const { hook, told } = recorder();
    expect(parsePtp(text, "ptp_practitioner_2024q3.csv", { onProgress: hook }).rows).toHaveLength(50_000);
    expectBar(told, 101);
  });

  it("follows a csv parser", () => {
    const { hook, told } = recorder();
    parseGpci(readData("mpfs-2025/GPCI2025.csv"), "GPCI2025.csv", { onProgress: hook });
    expectBar(told, 101);
  });

  it("follows a batch as one bar, weighted by file size", () => {
    const { hook, told } = recorder();
    parseReferenceFiles(
      [
        { name: "GPCI2025.csv", buffer: readData("mpfs-2025/GPCI2025.csv") },
        { name: "PPRRVU2025_Oct.csv", buffer: readData("mpfs-2025/PPRRVU2025_Oct.csv") },
        { name: "25LOCCO.csv", buffer: readData("mpfs-2025/25LOCCO.csv") },
      ],
      { onProgress: hook },
    );
    expectBar(told, 101);
    expect(new Set(told.map((f) => Math.floor(f * 100))).size).toBe(told.length);
  });
});
