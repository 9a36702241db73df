import { describe, expect, it } from "vitest";
import type { PatchOp } from "./finding.js";
import { describePatchOp, fixText, lineName, lineNumber } from "./line-numbers.js";

/** The contract's claim (§2): 97012, 97110, 97140, printed as lines 1, 2 and 3. */
const lines = [{ code: "97012" }, { code: "97110" }, { code: "97140" }];

describe("lines as a person counts them", () => {
  it("index 0 is line 1, as the claim is printed and as LX01 counts 2400 loops", () => {
    expect([0, 1, 2].map(lineNumber)).toEqual([1, 2, 3]);
    expect(lineName(2, lines)).toBe("line 3 (97140)");
    expect(lineName(2)).toBe("line 3");
  });

  it("renders the contract's §3 fix (patch line 2 = 97140) as line 3", () => {
    const fix = {
      description: "add modifier XS to line 2",
      patch: [{ op: "add-modifier" as const, line: 2, modifier: "XS" }],
    };
    expect(fixText(fix, lines)).toBe("add modifier XS to line 3 (97140)");
  });

  it.each<[PatchOp, string]>([
    [{ op: "add-modifier", line: 0, modifier: "GP" }, "add modifier GP to line 1 (97012)"],
    [{ op: "remove-modifier", line: 1, modifier: "59" }, "remove modifier 59 from line 2 (97110)"],
    [{ op: "set-units", line: 1, units: 2 }, "set the units of line 2 (97110) to 2"],
    [{ op: "replace-code", line: 0, code: "G0283" }, "replace the code of line 1 (97012) with G0283"],
    [{ op: "remove-line", line: 2 }, "remove line 3 (97140)"],
    [{ op: "set-pointers", line: 0, pointers: [1, 2] }, "point line 1 (97012) at diagnosis 1, 2"],
  ])("%j reads %j", (op, text) => {
    expect(describePatchOp(op, lines)).toBe(text);
  });

  it("joins a patch of several operations (a duplicate line combined into the first)", () => {
    const fix = {
      description: "combine into line 0 with 3 units",
      patch: [
        { op: "set-units" as const, line: 0, units: 3 },
        { op: "remove-line" as const, line: 1 },
      ],
    };
    expect(fixText(fix, [{ code: "97110" }, { code: "97110" }])).toBe(
      "set the units of line 1 (97110) to 3; remove line 2 (97110)",
    );
  });
});
