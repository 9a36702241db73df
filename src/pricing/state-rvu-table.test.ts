import { describe, expect, it } from "vitest";
import { InputError } from "../model/validate.js";
import { parseStateRvuTable, stateRvuFor } from "./state-rvu-table.js";

/** A state's own RVU file (NY WCB) as the user imports it: code,modifier,rvu. Values are synthetic. */
describe("parseStateRvuTable", () => {
  it("reads code, modifier and RVU, skipping the header, comments and blank lines", () => {
    const table = parseStateRvuTable(
      ["code,modifier,rvu", "# WCB physical medicine", "97110,,7.05", "", "97110,GP,7.10", "98941,,9.5"].join(
        "\n",
      ),
      "wcb.csv",
    );
    expect([...table.entries.values()]).toEqual([
      { code: "97110", modifier: "", rvu: "7.05", line: 3 },
      { code: "97110", modifier: "GP", rvu: "7.10", line: 5 },
      { code: "98941", modifier: "", rvu: "9.5", line: 6 },
    ]);
    expect(stateRvuFor(table, "97110", ["GP"])?.rvu).toBe("7.10");
    expect(stateRvuFor(table, "97110", ["GO"])?.rvu).toBe("7.05");
    expect(stateRvuFor(table, "97140", [])).toBeUndefined();
  });

  it.each([
    {
      text: "97110,,abc",
      message: 'wcb.csv: line 1: expected the relative value as a decimal such as "7.05", got "abc"',
    },
    { text: "97110,,7.05,IV", message: "wcb.csv: line 1: expected 3 columns (code,modifier,rvu), got 4" },
    { text: "code,modifier,value\n97110,,1", message: /line 1: expected the header "code,modifier,rvu"/ },
    { text: "97110,,1\n97110,,2", message: /line 2: 97110 appears twice \(also line 1\)/ },
    { text: "code,modifier,rvu\n", message: "wcb.csv: (file): expected at least one relative value row" },
  ])("rejects $text with a message naming the file and line", ({ text, message }) => {
    expect(() => parseStateRvuTable(text, "wcb.csv")).toThrow(InputError);
    expect(() => parseStateRvuTable(text, "wcb.csv")).toThrow(message);
  });
});
