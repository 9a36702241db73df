import { describe, expect, it } from "vitest";
import type { Finding } from "../model/finding.js";
import { compileGuide } from "./guide.js";
import { guide835 } from "./guide-835.js";
import { guide837p } from "./guide-837p.js";
import { parse835, parse837, write837 } from "./index.js";
import { segmentShapes } from "./segment-shapes.js";
import { readSample } from "./test-support/samples.js";
import { testEnvelope, therapyClaims } from "./test-support/therapy-claims.js";

/**
 * Conformance to the two implementation guides, case by case: valid files give no
 * findings, and a copy broken in exactly one place gives exactly the finding the guide
 * (or the X12 standard) names, at its position. Expected locations and codes come from
 * 005010X222A1 / 005010X221A1 section 2.4 and the 005010 segment directory, not from
 * the code under test.
 */

const placed = (findings: readonly Finding[]) => findings.map((f) => `${f.severity} ${f.location}`);

/** cleanclaim's own writer output: two claims, the second with two lines (LX*1, LX*2). */
const written = () => write837(therapyClaims(2, 3), testEnvelope);
const emedny = () => readSample("835", "edi835parser_emedny_sample.txt").toString("latin1");

/** Applies one replacement, failing the test if the pattern is not in the file (a case that cannot fail is a defect). */
function broken(text: string, pattern: RegExp | string, replacement: string): string {
  const out = text.replace(pattern, replacement);
  expect(out, `pattern ${String(pattern)} not found`).not.toBe(text);
  return out;
}

describe("valid files give no false errors", () => {
  it.each([1, 3, 7, 11, 42])("cleanclaim's 837P output, 300 therapy claims of seed %i", (seed) => {
    expect(parse837(write837(therapyClaims(300, seed), testEnvelope)).findings).toEqual([]);
  });

  it.each(["edi835parser_emedny_sample.txt", "pyx12_835_mult_loops.txt"])(
    "835 sample %s: ST03 absent is right (005010X221A1: ST03 not used)",
    (name) => {
      expect(parse835(readSample("835", name)).findings).toEqual([]);
    },
  );

  it("SV103 MJ (minutes) is one of the guide's two unit codes", () => {
    expect(parse837(broken(written(), "*UN*", "*MJ*")).findings).toEqual([]);
  });

  it("the state list has DC, territories, military post offices and Canadian provinces", () => {
    for (const state of ["DC", "PR", "GU", "VI", "AE", "AP", "AA", "ON", "QC", "BC"]) {
      expect(
        placed(parse837(broken(written(), "N4*HOUSTON*TX*77002~", `N4*HOUSTON*${state}*77002~`)).findings),
      ).toEqual([]);
    }
  });
});

describe("a file broken in one place gives exactly that finding", () => {
  it.each<[string, () => string, string[], string]>([
    [
      "LX01 skips a number (2400 LX01 counts 1, 2, 3 within the claim)",
      () => broken(written(), "LX*2~", "LX*3~"),
      ["error 2400/LX-01"],
      "LX01 is 3; expected 2",
    ],
    [
      "GS08 names another guide (4010 837P)",
      () => broken(written(), "*X*005010X222A1~", "*X*004010X098A1~"),
      ["error GS/GS-08"],
      'GS08 is "004010X098A1", but transaction set 837 is read against 005010X222A1',
    ],
    [
      "N402 is not a state or province (code source 22)",
      () => broken(written(), "N4*HOUSTON*TX*77002~", "N4*HOUSTON*XX*77002~"),
      ["error 2010BA/N4-02"],
      'N4-02 (state or province code) is "XX"',
    ],
    [
      "a 2300 REF after HI: segments out of order within the loop",
      () => broken(written(), /(REF\*EA\*MRN607782~\n)(HI\*[^~]*~\n)/, "$2$1"),
      ["error 2300/REF"],
      "REF is out of order in loop 2300",
    ],
    [
      "P0506: PER05 qualifier without PER06 number (1000A PER)",
      () => broken(written(), "PER*IC*ANA DIAZ*TE*3055550100~", "PER*IC*ANA DIAZ*TE*3055550100*EX~"),
      ["error 1000A/PER-06"],
      "PER-06 is missing: PER-05, PER-06 are paired, so PER-05 needs it (X12 syntax rule P0506)",
    ],
    [
      "P0809: NM108 without NM109 (2010BA subscriber)",
      () => broken(written(), "MI*W292243329~", "MI~"),
      ["error 2010BA/NM1-09"],
      "X12 syntax rule P0809",
    ],
    [
      "E0207: N402 state and N407 country subdivision together",
      () => broken(written(), "N4*HOUSTON*TX*77002~", "N4*HOUSTON*TX*77002*US***TX~"),
      ["error 2010BA/N4-07"],
      "N4-02 and N4-07 exclude each other",
    ],
    [
      "NM103 over its maximum length (60)",
      () => broken(written(), "NM1*41*2*BAYSIDE BILLING*", `NM1*41*2*${"B".repeat(61)}*`),
      ["error 1000A/NM1-03"],
      "is 61 characters long; expected 1 to 60",
    ],
  ])("837P: %s", (_name, make, expected, message) => {
    const { findings } = parse837(make());
    expect(placed(findings)).toEqual(expected);
    expect(findings[0]?.message).toContain(message);
    expect(findings[0]?.rule).toBe("x12");
  });

  it.each<[string, () => string, string[], string]>([
    [
      "L050607: a CAS reason code (CAS05) with no amount or quantity",
      () => broken(emedny(), "CAS*CO*29*12~", "CAS*CO*29*12**96~"),
      ["error 2110/CAS-06"],
      "CAS-05 is present, so at least one of CAS-06, CAS-07 is required (X12 syntax rule L050607)",
    ],
    [
      "C0605: a CAS amount (CAS06) without its reason code",
      () => broken(emedny(), "CAS*CO*29*12~", "CAS*CO*29*12***0~"),
      ["error 2110/CAS-05"],
      "CAS-05 is required when CAS-06 is present (X12 syntax rule C0605)",
    ],
    [
      "ST03 present: not used in 005010X221A1, so a warning and no more",
      () => broken(emedny(), "ST*835*1740~", "ST*835*1740*005010X221A1~"),
      ["warning HEADER/ST-03"],
      "is not used",
    ],
    [
      "TS301 over its maximum length (50)",
      () =>
        broken(
          readSample("835", "pyx12_835_mult_loops.txt").toString("latin1"),
          "TS3*653423424*",
          `TS3*${"9".repeat(51)}*`,
        ),
      ["error 2000/TS3-01"],
      "is 51 characters long; expected 1 to 50",
    ],
    [
      "TS3 without its required TS305 total claim charge",
      () =>
        broken(
          readSample("835", "pyx12_835_mult_loops.txt").toString("latin1"),
          "*20041231*1*915.39",
          "*20041231*1",
        ),
      ["error 2000/TS3-05"],
      "TS3-05 (total claim charge amount) is required but missing",
    ],
  ])("835: %s", (_name, make, expected, message) => {
    const { findings } = parse835(make());
    expect(placed(findings)).toEqual(expected);
    expect(findings[0]?.message).toContain(message);
  });
});

describe("control numbers are unique within a file (ISA13, GS06, ST02)", () => {
  const text = written();
  const interchange = text;
  // The writer ends each segment with "~\n": a segment starts after a newline.
  const group = /GS\*[\s\S]*?\nGE\*[^~]*~\n/.exec(text)?.[0] ?? "";
  const transaction = /ST\*[\s\S]*?\nSE\*[^~]*~\n/.exec(text)?.[0] ?? "";

  it("a second transaction set with the same ST02 in the group", () => {
    const file = broken(text, /GE\*1\*1~/, `${transaction}GE*2*1~`);
    expect(placed(parse837(file).findings)).toEqual(["error ST/ST-02"]);
  });

  it("a second group with the same GS06 (its transaction renumbered)", () => {
    const second = group.replaceAll("*0001", "*0002");
    const file = broken(text, /IEA\*1\*/, `${second}IEA*2*`);
    const { findings } = parse837(file);
    expect(placed(findings)).toEqual(["error GS/GS-06"]);
    expect(findings[0]?.message).toContain('GS06 "1" repeats the group control number of segment 2');
  });

  it("a second interchange with the same ISA13 (its group and transaction renumbered)", () => {
    const second = interchange
      .replace("*1*X*", "*2*X*")
      .replace("GE*1*1", "GE*1*2")
      .replaceAll("*0001", "*0002");
    const { findings } = parse837(`${interchange}${second}`);
    expect(placed(findings)).toEqual(["error ISA/ISA-13"]);
  });
});

describe("faults the shared imsweb samples really hold are found where they are", () => {
  const { findings } = parse837(readSample("837p", "imsweb_x12_complex.txt"));
  const messageAt = (location: string) => findings.find((f) => f.location === location)?.message ?? "";

  it.each<[string, string, string]>([
    [
      "FRM*12N answers no question (R02030405: one of FRM02 to FRM05)",
      "2440/FRM-02",
      "X12 syntax rule R02030405",
    ],
    ["OI*** Y*A: OI04 is P or absent in 5010", "2320/OI-04", 'is "A"; expected P'],
    ["N4*2310C CITY 1*11: N402 is not a state code", "2310C/N4-02", 'is "11"'],
    ["the second claim (CLM*A37YH667) numbers its only line LX*3", "2400/LX-01", "LX01 is 3; expected 1"],
  ])("%s", (_name, location, message) => {
    expect(messageAt(location)).toContain(message);
  });
});

describe("the guide data", () => {
  it.each([guide837p, guide835])(
    "$version: every segment has its element rules and syntax rules",
    (guide) => {
      const compiled = compileGuide(guide);
      for (const id of compiled.knownIds) expect(segmentShapes[id], id).toBeDefined();
      for (const seg of compiled.segments) expect(seg.rule.elements, seg.key).toBeDefined();
    },
  );

  it("every syntax rule names elements its segment has", () => {
    for (const [id, shape] of Object.entries(segmentShapes)) {
      for (const rule of shape.syntax) {
        for (const n of rule.elements)
          expect(n, `${id} ${rule.text}`).toBeLessThanOrEqual(shape.elements.length);
      }
    }
  });
});
