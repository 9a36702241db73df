import { describe, expect, it } from "vitest";
import { packReference } from "../test-support/reference.js";
import { type ClaimEntry, parse837, parse837Stream, write837 } from "./index.js";
import { readSample, segmentNumberAt } from "./test-support/samples.js";
import { testEnvelope, therapyClaims } from "./test-support/therapy-claims.js";

const locations = (findings: Array<{ location?: string }>) => findings.map((f) => f.location);
const pack = packReference();
const byId = (claims: ClaimEntry[], id: string) => claims.filter((c) => c.claim.id === id);

describe("the 837P samples (imsweb, ICD-9 era test files)", () => {
  it("imsweb_x12_valid: two claims with their lines, positions and parties", () => {
    const text = readSample("837p", "imsweb_x12_valid.txt").toString("latin1");
    // With the reference data, as x12 parse reads it: the NPI 1234567890 fails its check digit.
    const { claims, findings } = parse837(text, { reference: pack });
    expect(claims.map((c) => c.claim.id)).toEqual(["A37YH556", "A37YH667"]);

    const [first, second] = claims as [ClaimEntry, ClaimEntry];
    expect(first.claim.lines).toEqual([
      {
        code: "99211",
        modifiers: ["25"],
        units: 1,
        charge: "12.25",
        diagnosisPointers: [1],
        dateOfService: "2005-03-14",
      },
    ]);
    expect(second.claim.lines[0]).toMatchObject({
      code: "478331",
      charge: "12.25",
      diagnosisPointers: [1, 2, 3],
    });
    expect(first.claim.billingProvider).toEqual({
      npi: "1234567890",
      taxId: "123456789",
      name: "MEDICAL GROUP",
      address: "3901 CALVERTON BLVD",
      city: "CALVERTON",
      state: "MD",
      zip: "20705",
    });
    expect(first.claim.payer).toEqual({
      id: "11122333",
      name: "HEALTH INSURANCE COMPANY",
      type: "commercial",
    });
    expect(first.claim.patient).toEqual({ firstName: "JOHN", lastName: "DOE", memberId: "123456" });
    expect(first.claim.placeOfService).toBe("11");

    // Positions point at the CLM and SV1 segments of the file.
    const clm = text.indexOf("CLM*A37YH556");
    const sv1 = text.indexOf("SV1*HC:99211");
    expect(first.position).toMatchObject({
      loop: "2300",
      segment: segmentNumberAt(text, clm),
      offset: clm,
      transaction: "987654",
    });
    expect(first.position.segment).toBe(22);
    expect(first.position.transactionSegment).toBe(20);
    expect(first.position.lines).toEqual([
      { loop: "2400", segment: 25, transactionSegment: 23, offset: sv1 },
    ]);

    // Services in 2005 with ICD-9 qualifiers: no ICD-9 finding. The file has real faults, all positioned.
    expect(findings.filter((f) => f.message.includes("ICD-9-CM (qualifier"))).toEqual([]);
    expect(locations(findings)).toEqual(
      expect.arrayContaining([
        "2010AA/N4-03",
        "2300/HI-02-1",
        "2300/CLM-02",
        "2010AA/NM1-09",
        "ST/SE-01",
        "2000B/HL-02",
      ]),
    );
    for (const finding of findings) expect(finding.message).toMatch(/^segment \d+ \(byte \d+/);
  });

  it("imsweb_x12_complex: 2000C patient, 2310B rendering provider, and ICD-9 on 2016-2017 services", () => {
    const text = readSample("837p", "imsweb_x12_complex.txt").toString("latin1");
    const { claims, findings } = parse837(text);
    expect(claims.map((c) => c.claim.id)).toEqual([
      "A37YH556",
      "A37YH667",
      "A37YH668",
      "A37YH556",
      "A37YH667",
      "A37YH668",
    ]);
    expect(new Set(claims.map((c) => c.position.transaction))).toEqual(new Set(["987654", "987655"]));

    const [patientClaim] = byId(claims, "A37YH667") as [ClaimEntry];
    expect(patientClaim.claim.patient).toEqual({
      firstName: "STEVEN",
      lastName: "JONES",
      birthDate: "1989-09-16",
      sex: "M",
      memberId: "123456",
      zip: "64108",
      address: "STEVENS ADDRESS",
      city: "STEVEN CITY",
      state: "MO",
    });
    const [withRendering] = byId(claims, "A37YH668") as [ClaimEntry];
    expect(withRendering.claim.renderingProvider).toMatchObject({
      npi: "1223939",
      lastName: "2310B2",
      firstName: "2310B1F",
    });
    expect(withRendering.claim.lines.map((l) => [l.charge, l.dateOfService])).toEqual([
      ["12.30", "2017-06-23"],
      ["12.31", "2017-06-24"],
    ]);
    expect(withRendering.position.lines.map((l) => l.offset)).toEqual([
      text.indexOf("SV1*HC:478331:25*12.30"),
      text.indexOf("SV1*HC:478331:25*12.31"),
    ]);

    // BK/BF with services from 2015-10-01 on is an error; the 2015-03 claim is fine.
    const icd9 = (entry: ClaimEntry) =>
      entry.findings.filter((f) => f.message.includes("ICD-9-CM (qualifier BK)"));
    expect(icd9(byId(claims, "A37YH556")[0] as ClaimEntry)).toEqual([]);
    const late = icd9(patientClaim);
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ rule: "x12", severity: "error", location: "2300/HI-01-1", lines: [0] });
    expect(icd9(withRendering)[0]?.lines).toEqual([0, 1]);

    // The second transaction set is counted in GE01 = 1.
    expect(findings.find((f) => f.location === "GS/GE-01")?.message).toContain(
      'GE01 says "1" transaction sets, but group 1 has 2',
    );
  });

  it("imsweb_x12_many_claims: 820 claims in one transaction set; SE01 is wrong", () => {
    const { claims, findings } = parse837(readSample("837p", "imsweb_x12_many_claims.txt"));
    expect(claims).toHaveLength(820);
    expect(byId(claims, "A37YH556")).toHaveLength(410);
    expect(byId(claims, "A37YH667")).toHaveLength(410);
    const se = findings.filter((f) => f.location === "ST/SE-01");
    expect(se).toHaveLength(1);
    expect(se[0]?.message).toMatch(/SE01 says "25" segments, but transaction set 987654 has \d+/);
  });

  it("imsweb_x12_multiple_st: two transaction sets of two claims", () => {
    const { claims, findings } = parse837(readSample("837p", "imsweb_x12_multiple_st.txt"));
    expect(claims.map((c) => [c.claim.id, c.position.transaction])).toEqual([
      ["A37YH556", "987654"],
      ["A37YH667", "987654"],
      ["A37YH556", "987654"],
      ["A37YH667", "987654"],
    ]);
    expect(findings.filter((f) => f.location === "ST/SE-01")).toHaveLength(2);
    expect(claims[3]?.claim.payer.name).toBe("AN INSURANCE COMPANY");
  });
});

const small = () => write837(therapyClaims(3, 11), testEnvelope);

describe("envelope counts (SNIP 1)", () => {
  it("our own output has balanced envelopes and no findings", () => {
    expect(parse837(small()).findings).toEqual([]);
  });

  it.each([
    ["SE01", (t: string) => t.replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) + 1}*0001`), "ST/SE-01"],
    ["SE02", (t: string) => t.replace(/SE\*(\d+)\*0001/, "SE*$1*0002"), "ST/SE-02"],
    ["GE01", (t: string) => t.replace("GE*1*1", "GE*2*1"), "GS/GE-01"],
    ["GE02", (t: string) => t.replace("GE*1*1", "GE*1*7"), "GS/GE-02"],
    ["IEA01", (t: string) => t.replace("IEA*1*", "IEA*3*"), "ISA/IEA-01"],
    ["IEA02", (t: string) => t.replace("IEA*1*000000001", "IEA*1*000000002"), "ISA/IEA-02"],
  ])("a wrong %s is reported at its element with the segment number", (_name, mutate, location) => {
    const text = mutate(small());
    const { findings } = parse837(text);
    expect(locations(findings)).toEqual([location]);
    const id = location.split("/")[1]?.slice(0, location.split("/")[1]?.indexOf("-")) ?? "";
    const offset = text.lastIndexOf(`\n${id}*`) + 1;
    expect(findings[0]?.message).toMatch(
      new RegExp(`^segment ${segmentNumberAt(text, offset)} \\(byte ${offset}`),
    );
  });

  it("an ISA that is not 106 characters is reported", () => {
    const text = small().replace("SUB12345       ", "SUB12345");
    expect(locations(parse837(text).findings)).toContain("ISA/ISA");
  });
});

describe("broken files give positioned errors", () => {
  it("a missing CLM leaves its lines unplaced, each reported where it is", () => {
    const text = small().replace(/CLM\*[^~]*~\n/, "");
    const { claims, findings } = parse837(text);
    expect(claims).toHaveLength(2);
    const hi = text.indexOf("\nHI*") + 1;
    // The first claim is workers' comp: its patient sits in 2000C, so 2010CA is the open loop.
    const hiFinding = findings.find((f) => f.location === "2010CA/HI");
    expect(hiFinding?.message).toMatch(new RegExp(`^segment ${segmentNumberAt(text, hi)} \\(byte ${hi}`));
    expect(hiFinding?.message).toContain("HI is not expected in loop 2010CA");
    expect(
      findings.some(
        (f) => f.location === "2010CA/LX" && f.message.includes("LX is not expected in loop 2010CA"),
      ),
    ).toBe(true);
  });

  it("a file cut short reports the truncated segment and the open envelopes", () => {
    const full = small();
    const text = full.slice(0, full.indexOf("SV1*") + 10);
    const { findings } = parse837(text);
    expect(findings.map((f) => f.location)).toEqual(
      expect.arrayContaining(["ISA/ISA", "ST/SE", "GS/GE", "ISA/IEA", "2400/DTP", "2400/SV1-02"]),
    );
    expect(findings.find((f) => f.message.includes("without SE"))?.message).toMatch(/^segment \d+ /);
  });

  it("a bad delimiter stops reading with one finding at the ISA", () => {
    const text = small().replace(/^ISA\*/, "ISAA");
    const { claims, findings } = parse837(text);
    expect(claims).toEqual([]);
    expect(findings[0]).toMatchObject({ location: "ISA/ISA" });
    expect(findings[0]?.message).toContain("segment 1 (byte 0)");
  });

  it("an 835 given to the 837 reader is refused per transaction set", () => {
    const { claims, findings } = parse837(readSample("835", "pyx12_835_mult_loops.txt"));
    expect(claims).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('transaction set "835" is not an 837'),
    ]);
  });
});

/** One claim line to mutate: the SV1 of the first line. */
function mutate(pattern: RegExp, replacement: string): ReturnType<typeof parse837> {
  const text = small();
  expect(pattern.test(text)).toBe(true);
  return parse837(text.replace(pattern, replacement));
}

describe("implementation guide rules (SNIP 2) come from the guide tables", () => {
  it.each<[string, RegExp, string, string, string]>([
    ["frequency code", /:B:1\*/, ":B:6*", "2300/CLM-05-3", 'is "6"; expected one of 1, 7, 8'],
    ["procedure qualifier", /SV1\*HC:/, "SV1*ZZ:", "2400/SV1-01-1", 'is "ZZ"; expected HC'],
    // MJ (minutes) and UN (units) are the guide's two SV103 codes.
    ["unit code", /\*UN\*/, "*DA*", "2400/SV1-03", 'is "DA"; expected one of MJ, UN'],
    ["pointer value", /(SV1\*[^~]*\*\*\*)1/, "$113", "2400/SV1-07-1", 'is "13"; expected one of'],
    [
      "five pointers",
      /(SV1\*[^~]*\*\*\*)([^~]*)~/,
      "$11:1:1:1:1~",
      "2400/SV1-07-5",
      "has 5 components; at most 4",
    ],
    [
      "claim id length",
      /CLM\*[^*]*/,
      `CLM*${"X".repeat(39)}`,
      "2300/CLM-01",
      "is 39 characters long; expected 1 to 38",
    ],
    ["date", /DTP\*472\*D8\*\d{8}/, "DTP*472*D8*20260230", "2400/DTP-03", "expected a date as CCYYMMDD (D8)"],
    ["missing required element", /SBR\*P\*18/, "SBR**18", "2000B/SBR-01", "is required but missing"],
    ["not-used element", /CLM\*([^*]*)\*([^*]*)\*\*/, "CLM*$1*$2*X*", "2300/CLM-03", "is not used"],
  ])("%s", (_name, pattern, replacement, location, message) => {
    const { findings } = mutate(pattern, replacement);
    const finding = findings.find((f) => f.location === location);
    expect(finding?.message, JSON.stringify(findings.map((f) => f.message))).toContain(message);
    expect(finding?.rule).toBe("x12");
  });

  it("more than 12 diagnoses", () => {
    const hi = `HI*ABK:M5450${"*ABF:M5416".repeat(12)}~`;
    const { findings } = mutate(/HI\*[^~]*~/, hi);
    expect(findings.find((f) => f.location === "2300/HI-13")?.message).toContain("HI has 13 elements");
  });

  it("more than 50 lines", () => {
    const claim = { ...(therapyClaims(1, 5)[0] as NonNullable<ReturnType<typeof therapyClaims>[0]>) };
    const line = claim.lines[0] as (typeof claim.lines)[number];
    const text = write837([{ ...claim, lines: Array.from({ length: 50 }, () => line) }], testEnvelope);
    const extra = text.replace(
      /(LX\*50~\n[^\n]*\n[^\n]*\n)/,
      "$1LX*51~\nSV1*HC:97110:GP*60*UN*1***1~\nDTP*472*D8*20250301~\n",
    );
    const { findings } = parse837(extra);
    expect(findings.find((f) => f.location === "2400/LX")?.message).toContain("repeats more than 50 times");
  });

  it("a segment out of place and a segment the guide does not know", () => {
    const { findings } = mutate(/(HI\*[^~]*~\n)/, "$1XYZ*1~\nBHT*0019*00*1*20260302*1200*CH~\n");
    expect(findings.find((f) => f.message.includes("XYZ is not a segment of 005010X222A1"))?.location).toBe(
      "2300/XYZ",
    );
    expect(findings.find((f) => f.message.includes("BHT is not expected in loop 2300"))?.location).toBe(
      "2300/BHT",
    );
  });

  it("HL parents must be consistent", () => {
    // HL 2 is the workers' comp claim's subscriber (the employer), with a 2000C below it: HL04 = 1.
    const { findings } = mutate(/HL\*2\*1\*22\*1/, "HL*2*9*22*1");
    expect(findings.find((f) => f.location === "2000B/HL-02")?.message).toContain(
      'HL02 is "9", but HL 2 sits under HL 1',
    );
  });
});

describe("claim checks", () => {
  it("CLM02 must equal the sum of the lines (SNIP 3, claim-structure)", () => {
    const { claims } = mutate(/CLM\*([^*]*)\*(\d+)/, "CLM*$1*99999");
    const finding = claims[0]?.findings.find((f) => f.rule === "claim-structure");
    expect(finding).toMatchObject({ location: "2300/CLM-02", severity: "error" });
    expect(finding?.message).toContain("CLM02 total charge 99999.00 does not equal the sum");
  });

  it("NPI check digit (Luhn with 80840): the engine's claim-structure, at 2010AA NM109", () => {
    const text = write837(therapyClaims(1, 5), testEnvelope).replace(
      /(NM1\*85\*2\*[^~]*\*XX\*\d{9})\d/,
      "$1X",
    );
    // The reader alone reads; with the reference data, x12 parse runs the engine's rule.
    expect(parse837(text).claims[0]?.findings).toEqual([]);
    const { claims } = parse837(text, { reference: pack });
    const finding = claims[0]?.findings.find((f) => f.location === "2010AA/NM1-09");
    expect(finding).toMatchObject({ rule: "claim-structure", severity: "error" });
    const segment = segmentNumberAt(text, text.indexOf("NM1*85"));
    expect(finding?.message).toMatch(
      new RegExp(`^segment ${segment} \\(byte \\d+.*billing provider NPI ".*" is not a valid NPI`),
    );
  });

  it("frequency 7 without REF*F8: claim-structure names the missing payer claim control number", () => {
    const claim = therapyClaims(1, 5)[0] as NonNullable<ReturnType<typeof therapyClaims>[0]>;
    const text = write837(
      [{ ...claim, frequency: "7", payerClaimControlNumber: "12345" }],
      testEnvelope,
    ).replace(/REF\*F8\*12345~\n/, "");
    const { claims } = parse837(text, { reference: pack });
    expect(claims[0]?.findings.map((f) => [f.rule, f.location])).toEqual([["claim-structure", "2300/REF"]]);
    expect(claims[0]?.findings[0]?.message).toContain("REF*F8");
  });

  it("code sets are the engine's rules with the bundled pack (SNIP 4-5), positioned at the segment", () => {
    const text = write837(
      [
        {
          ...(therapyClaims(1, 5)[0] as NonNullable<ReturnType<typeof therapyClaims>[0]>),
          placeOfService: "11",
          // M54.5 is a category header in FY2026 ICD-10-CM (M54.50-M54.59 are billable);
          // ZZ is no CPT or HCPCS modifier; 97111 is inside the pack's 97xxx range but not a code.
          diagnoses: ["M54.50", "M54.5"],
          lines: [
            {
              code: "97111",
              modifiers: ["GP", "ZZ"],
              units: 1,
              charge: "60.00",
              diagnosisPointers: [1, 2],
              dateOfService: "2026-03-02",
            },
          ],
        },
      ],
      testEnvelope,
    );
    const { claims } = parse837(text, { reference: pack });
    const byRule = (claims[0]?.findings ?? []).map((f) => [f.rule, f.location, f.severity]);
    expect(byRule).toEqual(
      expect.arrayContaining([
        ["diagnosis", "2300/HI-02-2", "error"],
        ["modifier", "2400/SV1-01-3", "error"],
      ]),
    );
    expect(byRule.filter((f) => f[1] === "2300/HI-01-2")).toEqual([]);
    const segmentOf = (id: string) => segmentNumberAt(text, text.indexOf(id));
    const modifierFinding = claims[0]?.findings.find((f) => f.rule === "modifier");
    expect(modifierFinding?.message).toMatch(
      new RegExp(
        `^segment ${segmentOf("SV1*HC:97111")} \\(byte \\d+.*: 97111 carries ZZ, which is not a CPT or HCPCS modifier`,
      ),
    );
  });
});

describe("streaming", () => {
  it("yields the same claims and findings as the whole-file reader, in batches", async () => {
    const text = Buffer.from(readSample("837p", "imsweb_x12_complex.txt"));
    const whole = parse837(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < text.length; i += 97) chunks.push(text.subarray(i, i + 97));
    const claims: ClaimEntry[] = [];
    const findings = [];
    let batches = 0;
    for await (const batch of parse837Stream(chunks)) {
      batches++;
      claims.push(...batch.claims);
      findings.push(...batch.findings);
    }
    expect(batches).toBeGreaterThan(1);
    expect(claims).toEqual(whole.claims);
    expect(findings).toEqual(whole.findings);
  });
});
