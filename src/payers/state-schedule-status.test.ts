import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test-support/reference.js";
import { parsePayerProfile } from "./load.js";
import { stateScheduleStatus, stateScheduleWarnings } from "./state-schedule-status.js";

const load = (name: string) => {
  const file = path.join(repoRoot, "profiles/states", name);
  return parsePayerProfile(fs.readFileSync(file, "utf8"), file, file);
};

describe("state schedule warnings say what a missing figure does", () => {
  it("FL PIP: its null $2,500 limit is a benefit cap not applied, never a refusal", () => {
    const status = stateScheduleStatus(load("fl-pip.json"), "profiles/states/fl-pip.json", "bundled");
    expect(status?.missing).toEqual(["benefit cap: limit without an emergency medical condition"]);
    expect(stateScheduleWarnings(status ? [status] : [])).toEqual([
      "fl-pip (FL): 1 benefit cap has no amount, so it is not applied until the user gives it: benefit cap: limit without an emergency medical condition",
    ]);
  });

  it("TX: its null 2025 and 2026 factors make pricing refuse", () => {
    const status = stateScheduleStatus(
      load("tx-workers-comp.json"),
      "profiles/states/tx-workers-comp.json",
      "bundled",
    );
    expect(stateScheduleWarnings(status ? [status] : [])).toEqual([
      "tx-dwc (TX): 2 figures missing, so pricing refuses what they cover until the user gives them: conversion factor, section all, 2025-01-01 to 2025-12-31; conversion factor, section all, 2026-01-01 to 2026-12-31",
    ]);
  });
});
