import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import { claimSchema } from "../model/claim.js";
import { InputError } from "../model/validate.js";
import { claimIssuesFor837, parse837, tokenize, write837, write837Stream } from "./index.js";
import { withNpiCheckDigit } from "./npi.js";
import { testEnvelope, therapyClaims } from "./test-support/therapy-claims.js";

/** Claims come back grouped by billing provider and subscriber: compare by id. */
function readBack(text: string): Map<string, Claim> {
  const { claims, findings } = parse837(text);
  expect(findings).toEqual([]);
  return new Map(claims.map((entry) => [entry.claim.id, entry.claim]));
}

describe("write837", () => {
  it("writes 300 realistic therapy claims that re-read with zero findings, identical", () => {
    const claims = therapyClaims(300, 7);
    const back = readBack(write837(claims, testEnvelope));
    expect(back.size).toBe(300);
    for (const claim of claims) expect(back.get(claim.id)).toEqual(claim);
  });

  it("writes valid contract claims (every claim passes the model schema after the round trip)", () => {
    for (const claim of readBack(write837(therapyClaims(50, 8), testEnvelope)).values()) {
      expect(claimSchema.safeParse(claim).success).toBe(true);
    }
  });

  it("groups claims: one 2000A per billing provider, one 2000B per payer and subscriber", () => {
    const [a, b] = therapyClaims(2, 21) as [Claim, Claim];
    const samePatient = {
      ...b,
      id: "SECOND",
      billingProvider: a.billingProvider,
      payer: a.payer,
      patient: a.patient,
      renderingProvider: a.renderingProvider,
    };
    const otherProvider = {
      ...b,
      id: "THIRD",
      billingProvider: { ...a.billingProvider, npi: withNpiCheckDigit("199999999") },
    };
    const text = write837([a, otherProvider, samePatient], testEnvelope);
    const segments = tokenize(text).segments;
    const levels = segments.filter((s) => s.id === "HL").map((s) => s.elements.slice(1).join("*"));
    expect(levels).toEqual(["1**20*1", "2*1*22*0", "3**20*1", "4*3*22*0"]);
    const clm = segments.filter((s) => s.id === "CLM").map((s) => s.elements[1]);
    expect(clm).toEqual([a.id, "SECOND", "THIRD"]);
    expect(readBack(text).size).toBe(3);
  });

  it("corrected claims carry REF*F8; chiropractic claims carry DTP*454/455 and CR2", () => {
    const dc = therapyClaims(400, 3).find((c) => c.chiropractic?.xrayDate) as Claim;
    const corrected: Claim = { ...dc, frequency: "7", payerClaimControlNumber: "PAYER-CCN-1" };
    const text = write837([corrected], testEnvelope);
    const ids = tokenize(text).segments.map((s) => s.elements.slice(0, 2).join("*"));
    expect(ids).toEqual(expect.arrayContaining(["REF*F8", "DTP*454", "DTP*455", "CR2*"]));
    expect(text).toContain("CLM*");
    expect(text).toMatch(/:B:7\*/);
    expect(readBack(text).get(dc.id)).toEqual(corrected);
  });

  it("splits large batches into transaction sets with balanced counts", () => {
    const claims = therapyClaims(25, 4);
    const text = write837(claims, { ...testEnvelope, maxClaimsPerTransaction: 10 });
    const segments = tokenize(text).segments;
    expect(segments.filter((s) => s.id === "ST")).toHaveLength(3);
    expect(segments.find((s) => s.id === "GE")?.elements[1]).toBe("3");
    expect(readBack(text).size).toBe(25);
  });

  it("writes with other delimiters and without line breaks", () => {
    const claims = therapyClaims(20, 9);
    const text = write837(claims, {
      ...testEnvelope,
      delimiters: { element: "|", component: ">", repetition: "!", segment: "\n" },
      lineBreaks: false,
    });
    expect(text.startsWith("ISA|00|")).toBe(true);
    expect(text.slice(104, 106)).toBe(">\n");
    const back = readBack(text);
    for (const claim of claims) expect(back.get(claim.id)).toEqual(claim);
  });

  it("the streaming writer gives the same interchange as write837 when one batch holds all claims", async () => {
    const claims = therapyClaims(30, 12);
    let streamed = "";
    for await (const part of write837Stream(claims, testEnvelope)) streamed += part;
    expect(streamed).toBe(write837(claims, testEnvelope));
  });

  it("refuses claims that lack what the 837P requires, naming each JSON path", () => {
    const claim = therapyClaims(1, 2)[0] as Claim;
    const broken: Claim = {
      ...claim,
      frequency: "8",
      payerClaimControlNumber: null,
      billingProvider: { ...claim.billingProvider, zip: "33101" },
      patient: { ...claim.patient, birthDate: undefined as unknown as string },
      lines: [{ ...(claim.lines[0] as Claim["lines"][number]), diagnosisPointers: [9] }],
    };
    expect(() => write837([claim, broken], testEnvelope)).toThrow(InputError);
    try {
      write837([claim, broken], testEnvelope);
    } catch (error) {
      expect((error as InputError).issues.map((i) => i.path)).toEqual([
        "$[1].payerClaimControlNumber",
        "$[1].billingProvider.zip",
        "$[1].patient.birthDate",
        "$[1].lines[0].diagnosisPointers[0]",
      ]);
    }
  });

  it("refuses every value that contains a delimiter, each by its JSON path (X12 has no escape)", () => {
    const claim = therapyClaims(1, 2)[0] as Claim;
    const lines = claim.lines.map((l, i) => (i === 0 ? { ...l, code: "97~10" } : l));
    const bad = {
      ...claim,
      lines,
      patient: { ...claim.patient, lastName: "SMITH*JONES", address: "1 A:B ST" },
    };
    const issues = claimIssuesFor837(bad, "$");
    expect(issues.filter((i) => i.message.includes("X12 delimiter")).map((i) => i.path)).toEqual([
      "$.patient.lastName",
      "$.patient.address",
      "$.lines[0].code",
    ]);
    try {
      write837([bad], testEnvelope);
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).issues.map((i) => i.path)).toEqual(
        expect.arrayContaining(["$[0].patient.lastName", "$[0].patient.address", "$[0].lines[0].code"]),
      );
    }
  });

  // 005010X222A1 loop 2300 CLM11 and DTP*439; loops 2000B/2000C when the patient is a dependent.
  it("a workers' comp claim carries CLM11 EM and DTP*439; an auto claim CLM11 AA with its state", () => {
    const claim = therapyClaims(1, 4)[0] as Claim;
    const wc: Claim = { ...claim, id: "WC1", accident: { causes: ["EM"], date: "2026-01-15" } };
    const auto: Claim = {
      ...claim,
      id: "AUTO1",
      accident: { causes: ["AA"], date: "2026-02-01", state: "GA" },
    };
    const text = write837([wc, auto], testEnvelope);
    const segments = tokenize(text).segments;
    const clm11 = segments.filter((s) => s.id === "CLM").map((s) => s.elements[11]);
    expect(clm11).toEqual(["EM", "AA:::GA"]);
    expect(
      segments.filter((s) => s.id === "DTP" && s.elements[1] === "439").map((s) => s.elements[3]),
    ).toEqual(["20260115", "20260201"]);
    const back = readBack(text);
    expect(back.get("WC1")).toEqual(wc);
    expect(back.get("AUTO1")).toEqual(auto);
  });

  it("a workers' comp claim's accident state chooses its profile but is not sent: CLM11-4 is for AA only", () => {
    const claim = therapyClaims(1, 4)[0] as Claim;
    const wc: Claim = { ...claim, id: "WC2", accident: { causes: ["EM"], date: "2026-01-15", state: "TX" } };
    const clm = tokenize(write837([wc], testEnvelope)).segments.find((s) => s.id === "CLM");
    expect(clm?.elements[11]).toBe("EM");
  });

  it("a service facility is loop 2310C after the rendering provider (NM1*77, N3, N4) and reads back", () => {
    const claim = therapyClaims(1, 5)[0] as Claim;
    const away: Claim = {
      ...claim,
      id: "FAC1",
      serviceFacility: {
        name: "Bayside Therapy Orlando",
        npi: withNpiCheckDigit("145678901"),
        address: "100 Orange Ave",
        city: "Orlando",
        state: "FL",
        zip: "328011234",
      },
    };
    const bare: Claim = {
      ...claim,
      id: "FAC2",
      serviceFacility: {
        name: "Patient's employer site",
        address: "1 Dock St",
        city: "Tampa",
        state: "FL",
        zip: "336021234",
      },
    };
    const text = write837([away, bare], testEnvelope);
    const ids = tokenize(text).segments.map((s) => `${s.id}${s.id === "NM1" ? `*${s.elements[1]}` : ""}`);
    const at = ids.indexOf("NM1*77");
    expect(ids.slice(at, at + 4)).toEqual(["NM1*77", "N3", "N4", "LX"]);
    const nm1s = tokenize(text).segments.filter((s) => s.id === "NM1" && s.elements[1] === "77");
    expect(nm1s.map((s) => s.elements.slice(1))).toEqual([
      ["77", "2", "Bayside Therapy Orlando", "", "", "", "", "XX", away.serviceFacility!.npi],
      ["77", "2", "Patient's employer site"],
    ]);
    const back = readBack(text);
    expect(back.get("FAC1")).toEqual(away);
    expect(back.get("FAC2")).toEqual(bare);
  });

  it("refuses a service facility without the address the 837P needs, naming each path", () => {
    const claim = { ...(therapyClaims(1, 6)[0] as Claim), serviceFacility: { name: "Clinic", zip: "32801" } };
    const issues = claimIssuesFor837(claim, "$[0]").map((i) => i.path);
    expect(issues).toEqual(
      expect.arrayContaining([
        "$[0].serviceFacility.address",
        "$[0].serviceFacility.city",
        "$[0].serviceFacility.state",
        "$[0].serviceFacility.zip",
      ]),
    );
  });

  it("a dependent patient: subscriber in 2010BA (SBR02 blank, HL04 1), patient in 2000C (PAT01, NM1*QC)", () => {
    const claim = therapyClaims(1, 6)[0] as Claim;
    const child: Claim = {
      ...claim,
      id: "CHILD1",
      subscriber: {
        relationship: "19",
        lastName: "RIVERA",
        firstName: "MARTA",
        birthDate: "1980-05-05",
        sex: "F",
        address: "9 BAY RD",
        city: "TAMPA",
        state: "FL",
        zip: "33602",
      },
    };
    const text = write837([child], testEnvelope);
    const segments = tokenize(text).segments;
    const shown = segments.map((s) => s.elements.join("*"));
    const hl = shown.filter((s) => s.startsWith("HL*"));
    expect(hl).toEqual(["HL*1**20*1", "HL*2*1*22*1", "HL*3*2*23*0"]);
    expect(shown.find((s) => s.startsWith("SBR*"))!.split("*")[2]).toBe("");
    expect(shown).toContain("PAT*19");
    expect(shown.find((s) => s.startsWith("NM1*IL"))).toBe(
      `NM1*IL*1*RIVERA*MARTA****MI*${claim.patient.memberId}`,
    );
    expect(shown.find((s) => s.startsWith("NM1*QC"))).toBe(
      `NM1*QC*1*${claim.patient.lastName}${claim.patient.firstName ? `*${claim.patient.firstName}` : ""}`,
    );
    expect(shown.filter((s) => s.startsWith("DMG*"))).toEqual([
      "DMG*D8*19800505*F",
      `DMG*D8*${claim.patient.birthDate!.replace(/-/g, "")}*${claim.patient.sex}`,
    ]);
    expect(readBack(text).get("CHILD1")).toEqual(child);
  });

  // 005010X222A1 2010BA/2010CA REF*Y4 (2010BA when the patient is the subscriber, else 2010CA,
  // one place only); X12 RFI 1925: the workers' comp subscriber is the employer (NM102 = 2).
  describe("property and casualty claims: REF*Y4 and the employer", () => {
    const claim = therapyClaims(1, 4)[0] as Claim;
    const wc: Claim = {
      ...claim,
      id: "WC-PC1",
      payer: { id: "WC001", name: "STATE WC FUND", type: "workers-comp" },
      accident: { causes: ["EM"], date: "2026-01-15" },
      propertyCasualtyClaimNumber: "WC2026-0044172",
      employer: { name: "GULF COAST ROOFING INC" },
    };
    const auto: Claim = {
      ...claim,
      id: "AUTO-PC1",
      payer: { id: "AUTO7", name: "GEICO PIP", type: "auto" },
      accident: { causes: ["AA"], date: "2026-02-01", state: "GA" },
      propertyCasualtyClaimNumber: "PIP-77-310045",
    };
    const shown = (c: Claim) =>
      tokenize(write837([c], testEnvelope)).segments.map((s) => s.elements.join("*"));

    it("workers' comp: the employer is the subscriber (NM1*IL*2), the patient 2000C with PAT*20, REF*Y4 in 2010CA", () => {
      const segs = shown(wc);
      expect(segs.filter((s) => s.startsWith("HL*"))).toEqual(["HL*1**20*1", "HL*2*1*22*1", "HL*3*2*23*0"]);
      expect(segs.find((s) => s.startsWith("SBR*"))).toBe(
        "SBR*P**********WC".replace("**********", "********"),
      );
      expect(segs.find((s) => s.startsWith("NM1*IL"))).toBe(
        `NM1*IL*2*GULF COAST ROOFING INC*****MI*${claim.patient.memberId}`,
      );
      // After the patient's NM1*QC, N3, N4, DMG of 2010CA; and only there.
      const qc = segs.findIndex((s) => s.startsWith("NM1*QC"));
      expect(segs.slice(qc, qc + 6).map((s) => s.split("*")[0])).toEqual([
        "NM1",
        "N3",
        "N4",
        "DMG",
        "REF",
        "CLM",
      ]);
      expect(segs.filter((s) => s.startsWith("REF*Y4"))).toEqual(["REF*Y4*WC2026-0044172"]);
      expect(segs).toContain("PAT*20");
    });

    it("workers' comp without a member id (carriers issue none): NM1*IL*2 without NM108/NM109, read back the same", () => {
      const { memberId: _, ...patient } = claim.patient;
      const noId: Claim = { ...wc, id: "WC-PC2", patient };
      expect(claimIssuesFor837(noId, "$[0]")).toEqual([]);
      const text = write837([noId], testEnvelope);
      expect(
        tokenize(text)
          .segments.map((s) => s.elements.join("*"))
          .find((s) => s.startsWith("NM1*IL")),
      ).toBe("NM1*IL*2*GULF COAST ROOFING INC");
      expect(readBack(text).get("WC-PC2")).toEqual(noId);
      // A commercial claim still needs its member id.
      expect(
        claimIssuesFor837(
          { ...noId, payer: { id: "BCBS1", name: "BLUE CROSS", type: "commercial" } },
          "$[0]",
        ).map((i) => i.path),
      ).toContain("$[0].patient.memberId");
    });

    it("auto, the patient the subscriber: REF*Y4 in 2010BA, before the payer's NM1*PR", () => {
      const segs = shown(auto);
      const y4 = segs.indexOf("REF*Y4*PIP-77-310045");
      expect(y4).toBeGreaterThan(segs.findIndex((s) => s.startsWith("NM1*IL*1")));
      expect(segs[y4 + 1]!.startsWith("NM1*PR")).toBe(true);
      expect(segs.filter((s) => s.startsWith("HL*"))).toEqual(["HL*1**20*1", "HL*2*1*22*0"]);
    });

    it("a commercial claim that carries a claim number: no REF*Y4 (the guide: P&C claims only)", () => {
      const commercial: Claim = {
        ...claim,
        id: "COM-PC1",
        payer: { id: "BCBS1", name: "BLUE CROSS", type: "commercial" },
        propertyCasualtyClaimNumber: "PIP-77-310045",
      };
      expect(shown(commercial).filter((s) => s.startsWith("REF*Y4"))).toEqual([]);
    });

    it("auto, a dependent patient: REF*Y4 in 2010CA only", () => {
      const dependent: Claim = {
        ...auto,
        id: "AUTO-PC2",
        subscriber: { relationship: "01", lastName: "RIVERA" },
      };
      const segs = shown(dependent);
      expect(segs.filter((s) => s.startsWith("REF*Y4"))).toEqual(["REF*Y4*PIP-77-310045"]);
      expect(segs.indexOf("REF*Y4*PIP-77-310045")).toBeGreaterThan(
        segs.findIndex((s) => s.startsWith("NM1*QC")),
      );
    });

    it("reads back identical, with zero findings", () => {
      const dependent: Claim = {
        ...auto,
        id: "AUTO-PC2",
        subscriber: { relationship: "01", lastName: "RIVERA" },
      };
      const back = readBack(write837([wc, auto, dependent], testEnvelope));
      expect(back.get("WC-PC1")).toEqual(wc);
      expect(back.get("AUTO-PC1")).toEqual(auto);
      expect(back.get("AUTO-PC2")).toEqual(dependent);
    });

    it("claims with different claim numbers get their own 2000B", () => {
      const other: Claim = { ...wc, id: "WC-PC2", propertyCasualtyClaimNumber: "WC2026-0099001" };
      const segs = tokenize(write837([wc, other], testEnvelope)).segments.map((s) => s.elements.join("*"));
      expect(segs.filter((s) => s.startsWith("REF*Y4"))).toEqual([
        "REF*Y4*WC2026-0044172",
        "REF*Y4*WC2026-0099001",
      ]);
    });

    // Each row: what is missing, the paths claimIssuesFor837 names (the same list as claim-structure).
    const refused: Array<[string, Claim, string[]]> = [
      [
        "workers' comp with nothing",
        { ...claim, payer: wc.payer },
        ["$.accident", "$.propertyCasualtyClaimNumber", "$.employer"],
      ],
      [
        "workers' comp billed as an auto accident, no date",
        { ...wc, accident: { causes: ["OA"], date: "2026-01-15" } },
        ["$.accident.causes"],
      ],
      [
        "workers' comp with EM but no date of injury",
        { ...wc, accident: { causes: ["EM"] } },
        ["$.accident.date"],
      ],
      [
        "workers' comp naming a person subscriber too",
        { ...wc, subscriber: { relationship: "20", lastName: "RIVERA" } },
        ["$.subscriber"],
      ],
      [
        "auto without the claim number",
        { ...auto, propertyCasualtyClaimNumber: undefined as never },
        ["$.propertyCasualtyClaimNumber"],
      ],
      [
        "auto as an employment injury",
        { ...auto, accident: { causes: ["EM"], date: "2026-02-01" } },
        ["$.accident.causes", "$.accident.state"],
      ],
    ];
    it.each(refused)("refuses %s", (_what, bad, paths) => {
      const { propertyCasualtyClaimNumber, ...rest } = bad;
      const input = (propertyCasualtyClaimNumber === undefined ? rest : bad) as Claim;
      expect(claimIssuesFor837(input, "$").map((i) => i.path)).toEqual(paths);
      expect(() => write837([input], testEnvelope)).toThrow(InputError);
    });
  });
});

// ---- Property: any claim the writer accepts comes back identical --------------------

const code = fc.constantFrom(
  "97110",
  "97112",
  "97140",
  "97530",
  "97012",
  "G0283",
  "97161",
  "92507",
  "97165",
  "98940",
  "98941",
);
const modifier = fc.constantFrom("GP", "GO", "GN", "59", "XS", "KX", "CQ", "CO", "AT", "GY", "GA");
const icd10 = fc.constantFrom(
  "M54.50",
  "M54.16",
  "M51.26",
  "S83.511A",
  "R26.89",
  "M99.03",
  "I69.351",
  "R13.12",
  "G89.29",
);
const isoDate = fc
  .date({ min: new Date("2016-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const name = fc.constantFrom("DIAZ", "NGUYEN", "O'BRIEN", "MULLER", "ANA", "JOSE", "LI");
const npi = fc.integer({ min: 100_000_000, max: 199_999_999 }).map((n) => withNpiCheckDigit(String(n)));
const cents = fc
  .integer({ min: 0, max: 999_999 })
  .map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`);

const claimArbitrary = fc
  .record({
    id: fc.stringMatching(/^[A-Z0-9-]{1,38}$/),
    frequency: fc.constantFrom("1", "7", "8"),
    pccn: fc.stringMatching(/^[0-9A-Z]{5,20}$/),
    diagnoses: fc.uniqueArray(icd10, { minLength: 1, maxLength: 9 }),
    lines: fc.array(
      fc.record({
        code,
        modifiers: fc.uniqueArray(modifier, { maxLength: 4 }),
        units: fc.integer({ min: 1, max: 8 }),
        charge: cents,
        pointers: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
        date: isoDate,
      }),
      { minLength: 1, maxLength: 50 },
    ),
    billingNpi: npi,
    renderingNpi: fc.option(npi, { nil: undefined }),
    credential: fc.constantFrom("PT", "PTA", "OT", "OTA", "SLP", "DC" as const),
    participating: fc.boolean(),
    payerType: fc.constantFrom(
      "medicare",
      "medicare-advantage",
      "medicaid",
      "commercial",
      "workers-comp",
      "auto" as const,
    ),
    lastName: name,
    firstName: fc.option(name, { nil: undefined }),
    birthDate: isoDate,
    sex: fc.constantFrom("F", "M", "U" as const),
    pos: fc.constantFrom("11", "12", "22", "02"),
    chiro: fc.option(
      fc.record({
        activeTreatment: fc.boolean(),
        initialTreatmentDate: fc.option(isoDate, { nil: undefined }),
        xrayDate: fc.option(isoDate, { nil: undefined }),
      }),
      { nil: null },
    ),
    medicalRecord: fc.option(fc.stringMatching(/^[A-Z0-9]{1,20}$/), { nil: undefined }),
    authorization: fc.option(fc.stringMatching(/^[A-Z0-9]{1,30}$/), { nil: undefined }),
    accident: fc.option(
      fc.oneof(
        fc.record({ causes: fc.constant(["EM" as const]), date: fc.option(isoDate, { nil: undefined }) }),
        fc.record({
          causes: fc.constant(["AA" as const, "EM" as const]),
          date: isoDate,
          state: fc.constant("FL"),
        }),
        fc.record({ causes: fc.constant(["OA" as const]), date: isoDate }),
      ),
      { nil: undefined },
    ),
    subscriber: fc.option(
      fc.record({
        relationship: fc.constantFrom("01", "19", "20", "21", "39", "40", "53", "G8" as const),
        lastName: name,
        firstName: fc.option(name, { nil: undefined }),
        demographics: fc.option(
          fc.record({ birthDate: isoDate, sex: fc.constantFrom("F", "M", "U" as const) }),
          {
            nil: undefined,
          },
        ),
        withAddress: fc.boolean(),
      }),
      { nil: undefined },
    ),
  })
  .map((r): Claim => {
    const claim: Claim = {
      id: r.id,
      frequency: r.frequency,
      payerClaimControlNumber: r.frequency === "1" ? null : r.pccn,
      patient: {
        lastName: r.lastName,
        birthDate: r.birthDate,
        sex: r.sex,
        memberId: "W123456789",
        address: "1 MAIN ST",
        city: "MIAMI",
        state: "FL",
        zip: "33101",
      },
      payer: { id: "00590", name: "BLUE CROSS", type: r.payerType },
      billingProvider: {
        npi: r.billingNpi,
        taxId: "591234567",
        name: "BAYSIDE THERAPY",
        address: "100 OCEAN DR",
        city: "MIAMI",
        state: "FL",
        zip: "331011234",
      },
      renderingProvider:
        r.renderingNpi && r.renderingNpi !== r.billingNpi
          ? {
              npi: r.renderingNpi,
              lastName: "DIAZ",
              credential: r.credential,
              participating: r.participating,
            }
          : { npi: r.billingNpi, credential: r.credential, participating: r.participating },
      placeOfService: r.pos,
      diagnoses: r.diagnoses,
      lines: r.lines.map((l) => ({
        code: l.code,
        modifiers: l.modifiers,
        units: l.units,
        charge: l.charge,
        diagnosisPointers: l.pointers
          .map((p) => Math.min(p, r.diagnoses.length))
          .filter((p, i, all) => all.indexOf(p) === i),
        dateOfService: l.date,
      })),
      chiropractic: r.chiro
        ? {
            activeTreatment: r.chiro.activeTreatment,
            ...(r.chiro.initialTreatmentDate ? { initialTreatmentDate: r.chiro.initialTreatmentDate } : {}),
            ...(r.chiro.xrayDate ? { xrayDate: r.chiro.xrayDate } : {}),
          }
        : null,
    };
    if (r.firstName) claim.patient.firstName = r.firstName;
    if (r.medicalRecord) claim.patient.id = r.medicalRecord;
    if (r.authorization) claim.authorization = { number: r.authorization };
    if (r.accident) {
      const { date, ...rest } = r.accident as unknown as {
        causes: Array<"AA" | "EM" | "OA">;
        date?: string;
        state?: string;
      };
      claim.accident = date === undefined ? rest : { ...rest, date };
    }
    // Workers' comp and auto claims carry their accident, REF*Y4 and (workers' comp) the employer.
    if (r.payerType === "workers-comp") {
      claim.accident = { causes: ["EM"], date: r.birthDate };
      claim.propertyCasualtyClaimNumber = r.pccn;
      claim.employer = { name: r.lastName };
      return claim;
    }
    if (r.payerType === "auto") {
      claim.accident = { causes: ["AA"], date: r.birthDate, state: "GA" };
      claim.propertyCasualtyClaimNumber = r.pccn;
    }
    if (r.subscriber) {
      const { withAddress, firstName, demographics, ...rest } = r.subscriber;
      const subscriber: NonNullable<Claim["subscriber"]> = { ...rest, ...demographics };
      if (firstName) subscriber.firstName = firstName;
      if (withAddress)
        Object.assign(subscriber, { address: "9 BAY RD", city: "TAMPA", state: "FL", zip: "33602" });
      claim.subscriber = subscriber;
    }
    return claim;
  });

describe("round trip property", () => {
  it("claim → 837P → claim is identical, with zero findings", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(claimArbitrary, { minLength: 1, maxLength: 6, selector: (c) => c.id }),
        (claims) => {
          const back = readBack(write837(claims, testEnvelope));
          for (const claim of claims) expect(back.get(claim.id)).toEqual(claim);
        },
      ),
      { numRuns: 150 },
    );
  });
});
