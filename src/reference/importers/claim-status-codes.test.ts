import { describe, expect, it } from "vitest";
import { MemorySource } from "../memory-source.js";
import { Reference } from "../reference.js";
import { parseClaimStatusCodes } from "./claim-status-codes.js";
import { ImportError } from "./errors.js";
import { detectKind } from "./index.js";

// Synthetic rows in the published lists' layout, with descriptions of our own.
const csv = [
  "Code,Description,Start Date,Stop Date",
  "A2,accepted into adjudication,,",
  "A7,rejected: invalid information,,",
  "F3F,finalized and forwarded,2008-01-01,",
  "562,the entity's NPI,2008-01-01,",
  "454,the procedure code,,",
  "999,a retired code,2001-01-01,2019-06-30",
].join("\n");

describe("claim status code lists (csv of code, description)", () => {
  it("reads each code, telling categories from status codes by their shape", () => {
    const table = parseClaimStatusCodes(csv, "claim_status_codes_2025-03.csv");
    expect(table.edition).toMatchObject({
      table: "claim-status-codes",
      release: "claim status codes 2025-03",
      effectiveFrom: "2025-03-01",
    });
    expect(table.rows.map((r) => [r.kind, r.code, r.endDate])).toEqual([
      ["category", "A2", null],
      ["category", "A7", null],
      ["category", "F3F", null],
      ["status", "562", null],
      ["status", "454", null],
      ["status", "999", "2019-06-30"],
    ]);
  });

  it("takes the kind from a type column when the file holds both lists", () => {
    const both = "Type,Code,Description\ncategory,A1,received\nstatus,19,acknowledged";
    expect(parseClaimStatusCodes(both, "claim-status-2025-03.csv").rows.map((r) => r.kind)).toEqual([
      "category",
      "status",
    ]);
  });

  it.each([
    ["Code,Description\nA7X1,bad", "A7X1"],
    ["Code,Description\n562,one\n562,twice", "appears twice"],
    ["Type,Code,Description\nother,A1,x", "expected type category or status"],
  ])("refuses a damaged list: %s", (text, message) => {
    expect(() => parseClaimStatusCodes(text, "claim_status_codes_2025-03.csv")).toThrow(message);
  });

  it("needs the list's month in its name", () => {
    expect(() => parseClaimStatusCodes(csv, "codes.csv")).toThrow(ImportError);
  });

  it("is detected by its name and answers lookups", () => {
    expect(detectKind(Buffer.from(csv), "claim_status_codes_2025-03.csv")).toBe("claim-status-codes");
    const source = new MemorySource();
    source.add(parseClaimStatusCodes(csv, "claim_status_codes_2025-03.csv"));
    const reference = new Reference(source);
    expect(reference.claimStatusCode("status", "562").value?.code).toBe("562");
    expect(reference.claimStatusCode("status", "A2").value).toBeUndefined();
    expect(reference.claimStatusCode("category", "A2").value?.description).toBe("accepted into adjudication");
  });
});
