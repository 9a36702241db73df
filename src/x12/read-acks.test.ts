import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test-support/reference.js";
import { detectX12Kind, parse277, parse999, parseX12 } from "./index.js";
import { publicAckSample, publicAckSamples } from "./test-support/ack-samples.js";

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, "test/fixtures/acks", name));

describe("parse999 (005010X231A1)", () => {
  it("reads a rejection with its segment and element notes, positions as the 999 gives them", () => {
    const { acknowledgments, findings } = parse999(fixture("999-rejected.999"));
    expect(findings).toEqual([]);
    expect(acknowledgments).toHaveLength(1);
    const ack = acknowledgments[0]!;
    expect(ack.group).toEqual({ functionalId: "HC", control: "101", version: "005010X222A1" });
    expect(ack).toMatchObject({
      code: "R",
      verdict: "rejected",
      counts: { included: 1, received: 1, accepted: 0 },
    });
    const set = ack.sets[0]!;
    expect(set).toMatchObject({
      set: "837",
      control: "0001",
      code: "R",
      verdict: "rejected",
      errors: ["I5"],
    });
    expect(set.segments.map((s) => [s.segmentId, s.segmentPosition, s.loop, s.code])).toEqual([
      ["NM1", 34, "2010", "8"],
      ["SV1", 27, "2400", "8"],
    ]);
    expect(set.segments[0]!.elements).toMatchObject([
      { element: 9, dataElement: "67", code: "I12", badValue: "2TK9QX3RH41" },
    ]);
    expect(set.segments[1]!.elements).toMatchObject([
      { element: 1, component: 2, dataElement: "234", code: "7" },
    ]);
  });

  it("reads an acceptance", () => {
    const { acknowledgments, findings } = parse999(fixture("999-accepted.999"));
    expect(findings).toEqual([]);
    expect(acknowledgments[0]!.sets).toMatchObject([
      { control: "0001", code: "A", verdict: "accepted", segments: [] },
    ]);
  });

  it("reports a 999 that breaks its guide: IK5 missing, an unknown IK403 code", () => {
    const text = fixture("999-rejected.999")
      .toString()
      .replace("IK4*9*67*I12*", "IK4*9*67*Q9*")
      .replace("IK5*R*I5~\n", "")
      .replace("SE*10*", "SE*9*");
    const { findings } = parse999(text);
    expect(findings.map((f) => f.location)).toEqual(["2110/IK4-03", "2000/IK5"]);
  });
});

describe("parse277: 277CA (005010X214) and 277 (005010X212)", () => {
  it("reads each claim's status, ids and lines", () => {
    const { reports, findings } = parse277(fixture("277ca-mixed.277"));
    expect(findings).toEqual([]);
    const report = reports[0]!;
    expect(report).toMatchObject({ kind: "277CA", receivedDate: "2026-12-02", processDate: "2026-12-03" });
    expect(report.batches[0]).toMatchObject({
      level: "receiver",
      acceptedQuantity: 2,
      rejectedQuantity: 1,
      acceptedAmount: "315.00",
      rejectedAmount: "220.00",
    });
    expect(
      report.claims.map((c) => [
        c.patientControlNumber,
        c.statuses[0]?.codes[0],
        c.payerClaimControlNumber,
        c.lines.length,
      ]),
    ).toEqual([
      ["V-1001", { category: "A2", status: "20" }, "2026337000101", 0],
      ["V-1002", { category: "A7", status: "562", entity: "82" }, undefined, 1],
      ["V-2001", { category: "A1", status: "19", entity: "PR" }, undefined, 0],
    ]);
    expect(report.claims[1]!.lines[0]).toMatchObject({
      code: "97110",
      modifiers: ["GP"],
      charge: "120.00",
      units: 2,
      serviceDate: "2026-03-02",
      statuses: [{ codes: [{ category: "A7", status: "454" }], action: "U" }],
    });
    expect(report.claims[2]!.provider).toEqual({
      name: "Midtown Chiropractic",
      idQualifier: "XX",
      id: "1234567893",
    });
  });

  it("tells the kinds apart by ST01 and ST03/GS08", () => {
    expect(detectX12Kind(fixture("999-accepted.999"))).toBe("999");
    expect(detectX12Kind(fixture("277ca-mixed.277"))).toBe("277CA");
    const status = fixture("277ca-mixed.277").toString().replaceAll("005010X214", "005010X212");
    expect(detectX12Kind(status)).toBe("277");
    expect(parseX12(fixture("999-rejected.999")).kind).toBe("999");
  });
});

describe.each(publicAckSamples)("public sample %s (imsweb x12-parser, read from the mirror)", (name) => {
  const sample = publicAckSample(name);
  it.skipIf(sample === undefined)(
    sample === undefined
      ? "skipped: the imsweb x12-parser mirror is not on this machine"
      : "is read without false errors",
    () => {
      const doc = parseX12(sample as Buffer);
      // Only what is really wrong in the samples: their own envelope slips.
      const expected: Record<string, string[]> = {
        "x12_999_accepted.txt": ["GS/GS-05", "ISA/IEA-02"],
        "x12_277_x212.txt": ["ISA/IEA-02"],
      };
      expect(doc.findings.map((f) => f.location)).toEqual(expected[name] ?? []);
      expect(doc.kind).toBe(name.includes("999") ? "999" : name.includes("x212") ? "277" : "277CA");
    },
  );
});
