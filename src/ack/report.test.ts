import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rulesById } from "../rules/registry.js";
import { repoRoot } from "../test-support/reference.js";
import { map837, parse277, parse999, write837 } from "../x12/index.js";
import { testEnvelope, therapyClaims } from "../x12/test-support/therapy-claims.js";
import { categoryTexts, elementErrorTexts, segmentErrorTexts, statusCodeTexts } from "./codes.js";
import { elementRuleFor, elementRules } from "./element-rules.js";
import { buildAckReport } from "./report.js";

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, "test/fixtures/acks", name));

describe("code lists", () => {
  it("explain every claim status category code of the published list", () => {
    const expected = [
      ...["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"],
      ...["P0", "P1", "P2", "P3", "P4", "P5"],
      ...["F0", "F1", "F2", "F3", "F3F", "F3N", "F4"],
      ...[
        "R0",
        "R1",
        "R3",
        "R4",
        "R5",
        "R6",
        "R7",
        "R8",
        "R9",
        "R10",
        "R11",
        "R12",
        "R13",
        "R14",
        "R15",
        "R16",
      ],
      ...["E0", "E1", "E2", "E3", "E4", "D0"],
    ];
    expect(Object.keys(categoryTexts).sort()).toEqual([...expected].sort());
  });

  it.each([
    ["A2", "accepted"],
    ["A1", "pended"],
    ["A3", "rejected"],
    ["A6", "rejected"],
    ["A7", "rejected"],
    ["A8", "rejected"],
    ["A4", "not-found"],
    ["P1", "pended"],
    ["R4", "pended"],
    ["F2", "finalized"],
    ["D0", "not-found"],
  ])("category %s means %s", (code, status) => {
    expect(categoryTexts[code]?.status).toBe(status);
  });

  it("name only rules that exist", () => {
    const named = [
      ...Object.values(statusCodeTexts).map((t) => t.rule),
      ...elementRules.map((r) => r.rule),
    ].filter((r): r is string => r !== undefined);
    expect(named.filter((r) => !rulesById.has(r))).toEqual([]);
    expect(new Set(named).size).toBeGreaterThan(4);
  });

  it("cover the 999 syntax codes the guide lists", () => {
    expect(Object.keys(segmentErrorTexts)).toHaveLength(13);
    expect(Object.keys(elementErrorTexts)).toHaveLength(18);
  });

  it.each([
    ["NM1", "2010AA", 9, undefined, "claim-structure"],
    ["NM1", "2310B", 9, undefined, "claim-structure"],
    ["HI", "2300", 1, 2, "diagnosis"],
    ["SV1", "2400", 1, 2, "code-status"],
    ["SV1", "2400", 1, 3, "modifier"],
    ["SV1", "2400", 7, undefined, "diagnosis"],
    ["DTP", "2400", 3, undefined, "claim-structure"],
    ["NM1", "2010BB", 9, undefined, undefined],
    ["PRV", "2310B", 3, undefined, undefined],
  ])("a 999 error in %s of %s element %s-%s is the %s rule's", (segment, loop, element, component, rule) => {
    expect(elementRuleFor(segment, loop, element, component)?.rule).toBe(rule);
  });
});

describe("map837: an 837's segment positions back to claims and lines", () => {
  const claims = therapyClaims(3, 7);
  const text = write837(claims, testEnvelope);
  // Independently: the segments of the set as written, ST first.
  const segments = text
    .split("~")
    .map((s) => s.trim())
    .filter(Boolean);
  const st = segments.findIndex((s) => s.startsWith("ST*"));
  const set = segments.slice(st, segments.findIndex((s) => s.startsWith("SE*")) + 1);
  const map = map837(text).get("0001");

  it("places every segment of the set", () => {
    expect(map?.segments.map((p) => p.id)).toEqual(set.map((s) => s.split("*")[0]));
    expect(map?.claims).toEqual(claims.map((c) => c.id));
  });

  it("gives a line's SV1 its claim and line, a subscriber's NM1 its claims", () => {
    const claimStarts = set.flatMap((s, k) => (s.startsWith("CLM*") ? [k] : []));
    for (const [c, start] of claimStarts.entries()) {
      const firstSv1 = set.findIndex((s, k) => k > start && s.startsWith("SV1*"));
      expect(map?.segments[firstSv1]).toMatchObject({ loop: "2400", claims: [c], line: 0 });
      const subscriberName = set.findLastIndex((s, k) => k < start && s.startsWith("NM1*IL*"));
      expect(map?.segments[subscriberName]?.claims).toContain(c);
      expect(map?.segments[subscriberName]?.line).toBeUndefined();
    }
    expect(map?.segments[1]?.claims).toEqual(claims.map((_, k) => k)); // BHT: the whole set
  });
});

describe("mutated acknowledgments never crash the reader or the report", () => {
  const seeds = [fixture("999-rejected.999"), fixture("999-accepted.999"), fixture("277ca-mixed.277")];
  it("only findings come out", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(
          fc.record({
            at: fc.nat(),
            cut: fc.nat({ max: 30 }),
            insert: fc.constantFrom("", "*", "~", ":", "^", "IK4*", "STC*A7:", "HL*9*1*PT~", "\n", "99"),
          }),
          {
            maxLength: 6,
          },
        ),
        (seed, edits) => {
          let text = seed.toString("latin1");
          for (const e of edits) {
            const at = text.length === 0 ? 0 : e.at % text.length;
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          const doc999 = parse999(text);
          const doc277 = parse277(text);
          for (const f of [...doc999.findings, ...doc277.findings]) expect(f.location).toBeTruthy();
          const a = buildAckReport({ kind: "999", ...doc999 }, { claims: [] }, { asOf: "2026-12-05" });
          const b = buildAckReport({ kind: "277CA", ...doc277 }, undefined, { asOf: "2026-12-05" });
          expect(a.summary.claims).toBe(a.claims.length);
          expect(b.summary.claims).toBe(b.claims.length);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("a status code cleanclaim has no words for", () => {
  const text = fixture("277ca-mixed.277").toString().replace("STC*A2:20*", "STC*A2:704*");
  const doc = { kind: "277CA" as const, ...parse277(text) };
  it("says what the loaded list says of it", async () => {
    const { MemorySource } = await import("../reference/memory-source.js");
    const { Reference } = await import("../reference/reference.js");
    const { parseClaimStatusCodes } = await import("../reference/importers/claim-status-codes.js");
    const source = new MemorySource();
    source.add(parseClaimStatusCodes("Code,Description\n704,our words", "claim_status_codes_2025-03.csv"));
    const withList = buildAckReport(doc, undefined, { asOf: "2026-12-05", reference: new Reference(source) });
    expect(withList.claims[0]?.reasons[0]).toMatchObject({ code: "A2:704", known: false });
    expect(withList.claims[0]?.reasons[0]?.meaning).toContain(
      'claim status codes 2025-03 lists it as "our words"',
    );
    const without = buildAckReport(doc, undefined, { asOf: "2026-12-05" });
    expect(without.claims[0]?.reasons[0]?.meaning).toContain("no claim status code list is loaded");
  });
});
