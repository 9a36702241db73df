import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test-support/reference.js";
import { expectedTable, reasonMapTable } from "./docs.js";

const page = fs.readFileSync(path.join(repoRoot, "docs/remit.md"), "utf8");

function between(marker: string): string | undefined {
  const m = new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(page);
  return m?.[1];
}

describe("docs/remit.md", () => {
  it("prints the CARC-to-rule table the worklist uses (regenerate it from reasonMapTable())", () => {
    expect(between("reason-map")).toBe(reasonMapTable());
  });

  it("prints the expected-adjustment table the worklist uses (regenerate it from expectedTable())", () => {
    expect(between("expected")).toBe(expectedTable());
  });
});
