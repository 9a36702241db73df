import { describe, expect, it } from "vitest";
import { detectX12Kind, parse835, parse835Stream, parseX12, type Remittance, write837 } from "./index.js";
import { readSample, segmentNumberAt } from "./test-support/samples.js";
import { testEnvelope, therapyClaims } from "./test-support/therapy-claims.js";

const balancing = (findings: Array<{ message: string }>) =>
  findings.filter((f) => /does not balance/.test(f.message)).map((f) => f.message);

describe("the 835 samples", () => {
  it("united healthcare: payment, payer, payee, claims, lines, CAS triplets", () => {
    const text = readSample("835", "edi835parser_united_healthcare_legacy_sample.txt").toString("latin1");
    const { remittances, findings } = parse835(text);
    expect(remittances).toHaveLength(1);
    const r = remittances[0] as Remittance;
    expect(r.payment).toEqual({
      amount: "349.99",
      handling: "I",
      creditDebit: "C",
      method: "ACH",
      date: "2021-02-04",
      traceNumber: "1234567890",
      originatorId: "1234567890",
    });
    expect(r.payer).toMatchObject({ name: "UNITED HEALTHCARE INSURANCE COMPANY", id: "87726", state: "MN" });
    expect(r.payee).toMatchObject({ name: "KLAUS MEDICAL CENTER", npi: "1922164458", taxId: "333333333" });
    expect(
      r.claims.map((c) => [
        c.claimId,
        c.status,
        c.charge,
        c.paid,
        c.patientResponsibility,
        c.payerClaimControlNumber,
      ]),
    ).toEqual([
      ["001-18573-358", "1", "341.28", "88.92", "105.26", "ATL2819897200"],
      ["001-18604-358", "1", "816.24", "261.07", "115.13", "ATL2819897800"],
    ]);
    const second = r.claims[1];
    expect(second?.lines.map((l) => [l.code, l.charge, l.paid, l.units, l.dateOfService, l.allowed])).toEqual(
      [
        ["B4154", "459.90", "204.18", 249, "2020-12-18", "204.18"],
        ["B4034", "27.84", "27.84", 12, "2020-12-18", "27.84"],
        ["B4154", "328.50", "29.05", 178, "2021-01-01", "144.18"],
      ],
    );
    // The second CAS triplet (PR-1 110.00) counts: without it this line would not balance.
    expect(second?.lines[2]?.adjustments).toEqual([
      { group: "PR", carc: "2", amount: "5.13" },
      { group: "PR", carc: "1", amount: "110.00" },
      { group: "CO", carc: "45", amount: "184.32" },
    ]);
    expect(second?.statementFrom).toBe("2020-12-18");
    const clp = text.indexOf("CLP*001-18604-358");
    expect(second?.position).toEqual({
      segment: segmentNumberAt(text, clp),
      transactionSegment: segmentNumberAt(text, clp) - 2,
      offset: clp,
    });
    // Balanced, and ST03 (not used in 005010X221A1) is rightly absent; but the payee's N402
    // "NP" (NORTH POLE) is not a code of source 22, States and Provinces.
    expect(findings.map((f) => f.location)).toEqual(["1000B/N4-02"]);
  });

  it("emedny: remark codes, units, denied lines", () => {
    const { remittances, findings } = parse835(readSample("835", "edi835parser_emedny_sample.txt"));
    const claims = remittances[0]?.claims ?? [];
    expect(claims.map((c) => [c.status, c.paid, c.filingIndicator])).toEqual([
      ["1", "34.25", "MC"],
      ["2", "0.00", "MC"],
      ["2", "11.50", "MC"],
    ]);
    expect(claims[0]?.lines.map((l) => `${[l.code, ...l.modifiers].join(":")}x${l.units}`)).toEqual([
      "V2020:RBx1",
      "V2700:RBx1",
      "V2103:RBx1",
      "S0580x2",
    ]);
    expect(claims[2]?.lines[2]).toMatchObject({
      code: "V2700",
      paid: "0.00",
      remarks: ["N206"],
      adjustments: [{ group: "CO", carc: "251", amount: "2.75" }],
    });
    expect(balancing(findings)).toEqual([]);
  });

  it("pyx12 multiple loops: service periods from DTM*150/151", () => {
    const { remittances, findings } = parse835(readSample("835", "pyx12_835_mult_loops.txt"));
    const line = remittances[0]?.claims[0]?.lines[0];
    expect(line).toMatchObject({
      code: "T1005",
      charge: "500.04",
      paid: "0.00",
      units: 68,
      serviceFrom: "2003-11-29",
      serviceThrough: "2003-11-29",
      dateOfService: "2003-11-29",
      remarks: ["N14"],
    });
    expect(remittances[0]?.payment).toMatchObject({ amount: "0.00", handling: "H", method: "NON" });
    expect(balancing(findings)).toEqual([]);
  });

  it("blue cross: a bare ST..SE without envelopes is read, and its faults are positioned", () => {
    const { remittances, findings } = parse835(readSample("835", "edi835parser_blue_cross_nc_sample.txt"));
    expect(remittances[0]?.claims.map((c) => c.claimId)).toEqual(["200200964A52"]);
    expect(remittances[0]?.claims[0]?.lines.map((l) => l.submitted?.code)).toEqual([
      "59410",
      "59410",
      undefined,
    ]);
    expect(findings.map((f) => f.location)).toEqual([
      "ISA/ISA",
      "ST/ST",
      "HEADER/TRN-03",
      // PER*CX*TE*8005554844 leaves out PER02: the number sits in PER03, the qualifier's place.
      "1000A/PER-03",
      "1000A/PER-04",
      "1000A/PER",
      "2110/SVC-08",
      "2110/SVC-02",
      "2110/SVC-03",
      "ST/SE-01",
    ]);
  });
});

describe("835 balancing", () => {
  const text = readSample("835", "edi835parser_united_healthcare_legacy_sample.txt").toString("latin1");

  it("a line whose charge − paid differs from its CAS", () => {
    const { findings } = parse835(text.replace("CAS*CO*45*67.5~", "CAS*CO*45*67.4~"));
    expect(balancing(findings)).toEqual([
      expect.stringContaining(
        "service line 1 of claim 001-18573-358 does not balance: charge 156.42 − paid 88.92 = 67.50, but its CAS adjustments total 67.40",
      ),
      expect.stringContaining("claim 001-18573-358 does not balance"),
    ]);
  });

  it("a claim whose charge − paid differs from claim and line CAS", () => {
    const { findings } = parse835(text.replace("CLP*001-18604-358*1*816.24", "CLP*001-18604-358*1*817.24"));
    expect(findings.find((f) => f.location === "2100/CLP-04")?.message).toContain(
      "claim 001-18604-358 does not balance: charge 817.24 − paid 261.07 = 556.17, but its claim and line CAS adjustments total 555.17",
    );
  });

  it("BPR02 against the claim payments less PLB", () => {
    const unbalanced = parse835(text.replace("BPR*I*349.99", "BPR*I*350.00"));
    expect(unbalanced.findings.find((f) => f.location === "HEADER/BPR-02")?.message).toContain(
      "BPR02 is 350.00, but the claim payments (CLP04) total 349.99",
    );
    // A PLB of 10.00 withheld explains a payment of 339.99 (this file's component separator is ">").
    const withPlb = text
      .replace("BPR*I*349.99", "BPR*I*339.99")
      .replace("SE*61*000000064", "PLB*1922164458*20211231*WO>001-18573-358*10~SE*62*000000064");
    const { remittances, findings } = parse835(withPlb);
    expect(balancing(findings)).toEqual([]);
    expect(remittances[0]?.providerAdjustments).toEqual([
      {
        providerId: "1922164458",
        fiscalPeriodDate: "2021-12-31",
        reason: "WO",
        reference: "001-18573-358",
        amount: "10.00",
        position: expect.objectContaining({ segment: expect.any(Number) }),
      },
    ]);
  });

  it("streams remittances as their transaction sets close", async () => {
    const chunks = text.match(/[\s\S]{1,50}/g) ?? [];
    const remittances: Remittance[] = [];
    for await (const batch of parse835Stream(chunks)) remittances.push(...batch.remittances);
    expect(remittances).toEqual(parse835(text).remittances);
  });
});

describe("parseX12 tells 837P from 835", () => {
  it("by ST01", () => {
    expect(parseX12(readSample("835", "pyx12_835_mult_loops.txt")).kind).toBe("835");
    expect(parseX12(write837(therapyClaims(2, 1), testEnvelope)).kind).toBe("837P");
    expect(detectX12Kind(readSample("835", "edi835parser_blue_cross_nc_sample.txt"))).toBe("835");
  });

  it("says what is wrong when it is neither", () => {
    const document = parseX12("hello, world");
    expect(document.kind).toBe("unknown");
    expect(document.findings.map((f) => f.message)).toEqual([
      expect.stringContaining("no 837, 835, 999, 277 or 276 transaction set found"),
      expect.stringContaining("this is not X12"),
      expect.stringContaining("the input holds no X12 segments"),
    ]);
  });
});
