import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ImportError } from "../reference/importers/errors.js";
import { exitStatusOf, httpStatusOf, Problem, type ProblemCode, problemKinds } from "./problem.js";
import { InputError, parseInput } from "./validate.js";

/**
 * The mapping of each problem code to the CLI exit status (contract §5: 2 for unusable
 * input) and the HTTP status (RFC 9110 §15.5: 400 a malformed request, 404 a missing
 * resource, 401 no valid credential, 403 a role without the right, 409 a conflict with the current state, 413 too large, 422 well-formed but unprocessable, 429 too many requests;
 * §15.6: 500 a defect, 503 a service that cannot answer now). Written out by hand, so
 * a change to the table shows here.
 */
const table: Array<[ProblemCode, number, number]> = [
  ["invalid-input", 2, 400],
  ["invalid-option", 2, 400],
  ["locality-unknown", 2, 422],
  ["invalid-reference-file", 2, 422],
  ["reference-data", 2, 503],
  ["not-found", 2, 404],
  ["conflict", 2, 409],
  ["unsupported", 2, 422],
  ["unauthenticated", 2, 401],
  ["forbidden", 2, 403],
  ["too-large", 2, 413],
  ["rate-limited", 2, 429],
  ["internal", 70, 500],
];

describe("problem codes", () => {
  it("lists every code in the table, and no other", () => {
    expect(Object.keys(problemKinds).sort()).toEqual(table.map(([code]) => code).sort());
  });

  it.each(table)("%s: exit %i, HTTP %i", (code, exit, http) => {
    const problem = new Problem([{ code, message: "m" }]);
    expect(exitStatusOf(problem)).toBe(exit);
    expect(httpStatusOf(problem)).toBe(http);
    expect(problem.code).toBe(code);
  });

  it("maps anything that is not a problem to a defect", () => {
    expect(exitStatusOf(new Error("boom"))).toBe(70);
    expect(httpStatusOf(new TypeError("boom"))).toBe(500);
  });

  it("maps mixed issues: the worst exit, a shared client status or 400", () => {
    const mixed = new Problem([
      { code: "locality-unknown", message: "a" },
      { code: "not-found", message: "b" },
    ]);
    expect(httpStatusOf(mixed)).toBe(400);
    expect(exitStatusOf(mixed)).toBe(2);
    const withDefect = new Problem([
      { code: "invalid-input", message: "a" },
      { code: "internal", message: "b" },
    ]);
    expect(httpStatusOf(withDefect)).toBe(500);
    expect(exitStatusOf(withDefect)).toBe(70);
  });
});

describe("the core's errors are problems", () => {
  it("InputError: invalid-input by default, message and paths as before", () => {
    const error = new InputError(
      [
        { path: "$.services[2].minutes", message: 'expected number, got "ten" (text)' },
        { path: "$.payer.type", message: "required field is missing (expected string)" },
      ],
      "visit.json",
    );
    expect(error).toBeInstanceOf(Problem);
    expect(error.message).toBe(
      'visit.json: $.services[2].minutes: expected number, got "ten" (text) (and 1 more problem)',
    );
    expect(error.issues.map((i) => i.code)).toEqual(["invalid-input", "invalid-input"]);
    expect(exitStatusOf(error)).toBe(2);
    expect(httpStatusOf(error)).toBe(400);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: "invalid-input",
      message: error.message,
      source: "visit.json",
      issues: [
        {
          code: "invalid-input",
          path: "$.services[2].minutes",
          message: 'expected number, got "ten" (text)',
        },
        {
          code: "invalid-input",
          path: "$.payer.type",
          message: "required field is missing (expected string)",
        },
      ],
    });
  });

  it("parseInput: a missing enum field reads as missing, a wrong one names what it got", () => {
    const schema = z.object({ credential: z.enum(["PT", "PTA"]) });
    const messages = (input: unknown) => {
      try {
        parseInput(schema, input);
        return [];
      } catch (error) {
        return (error as InputError).issues.map((i) => `${i.path}: ${i.message}`);
      }
    };
    expect(messages({})).toEqual(['$.credential: required field is missing (expected one of "PT", "PTA")']);
    expect(messages({ credential: "DPT" })).toEqual([
      '$.credential: expected one of "PT", "PTA", got "DPT" (text)',
    ]);
  });

  it("ImportError: invalid-reference-file, file and line kept in the message", () => {
    const error = new ImportError("PPRRVU2026_Jan.csv", 12, "expected 31 columns, got 4");
    expect(error).toBeInstanceOf(Problem);
    expect(error.message).toBe("PPRRVU2026_Jan.csv line 12: expected 31 columns, got 4");
    expect(error.source).toBe("PPRRVU2026_Jan.csv");
    expect(error.issues).toEqual([
      {
        code: "invalid-reference-file",
        path: "line 12",
        message: "expected 31 columns, got 4",
        data: { line: 12 },
      },
    ]);
    expect(httpStatusOf(error)).toBe(422);
    expect(exitStatusOf(new ImportError("a.csv", undefined, "both hold", "conflict"))).toBe(2);
    expect(httpStatusOf(new ImportError("a.csv", undefined, "both hold", "conflict"))).toBe(409);
  });
});
