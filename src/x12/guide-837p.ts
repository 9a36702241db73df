import { snipReference } from "./findings.js";
import {
  composite,
  type ElementRule,
  loop,
  many,
  N,
  numbered,
  qualified,
  R,
  S,
  type SegmentRule,
  segment,
  type TransactionGuide,
} from "./guide.js";
import { segmentShapes, stateOrProvince } from "./segment-shapes.js";

/**
 * The 837 Professional implementation guide, 005010X222A1, as data.
 *
 * Every loop and segment of the guide is listed, so that any 837P places correctly
 * and a stray segment is caught. Element rules (usage, length, type, codes) are given
 * for the segments cleanclaim reads; for the others only the qualifier is checked.
 * Source: ASC X12N/005010X222A1 (June 2010), loop and segment tables of section 2.4.
 */

// ---- Code lists ---------------------------------------------------------------------

/** SBR09 / CLP06 claim filing indicator codes (X12 code source 1049 subset used in 837P). */
export const claimFilingIndicatorCodes = [
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
  "17",
  "AM",
  "BL",
  "CH",
  "CI",
  "DS",
  "FI",
  "HM",
  "LM",
  "MA",
  "MB",
  "MC",
  "OF",
  "TV",
  "VA",
  "WC",
  "ZZ",
] as const;

/** SV107 components: diagnosis code pointers 1 to 12 (the HI positions). */
const diagnosisPointerCodes = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];

const payerResponsibilityCodes = ["A", "B", "C", "D", "E", "F", "G", "H", "P", "S", "T", "U"];
const referenceIds = (codes: readonly string[], name: string, usage: "R" | "S", max: number): SegmentRule =>
  qualified("REF", codes, name, usage, max, [
    R("reference identification qualifier", "ID", 2, 3, codes),
    R("reference identification", "AN", 1, 50),
  ]);

// ---- Shared segment shapes -----------------------------------------------------------

const n3 = (usage: "R" | "S" = "R"): SegmentRule =>
  segment("N3", "address", usage, 1, [
    R("address information", "AN", 1, 55),
    S("address information", "AN", 1, 55),
  ]);

/** The billing provider's ZIP must be the full nine digits (2010AA N403 note). */
const n4 = (usage: "R" | "S" = "R", nineDigitZip = false): SegmentRule =>
  segment("N4", "city, state, ZIP code", usage, 1, [
    R("city name", "AN", 2, 30),
    stateOrProvince(),
    S("postal code", "ID", nineDigitZip ? 9 : 3, nineDigitZip ? 9 : 15),
    S("country code", "ID", 2, 3),
    N(),
    N(),
    S("country subdivision code", "ID", 1, 3),
  ]);

const dateD8 = (code: string, name: string, usage: "R" | "S" = "S"): SegmentRule =>
  qualified("DTP", [code], name, usage, 1, [
    R("date time qualifier", "ID", 3, 3, [code]),
    R("date time period format qualifier", "ID", 2, 3, ["D8"]),
    R("date", "period", 1, 35),
  ]);

const dateOrRange = (codes: readonly string[], name: string, usage: "R" | "S", max: number): SegmentRule =>
  qualified("DTP", codes, name, usage, max, [
    R("date time qualifier", "ID", 3, 3, codes),
    R("date time period format qualifier", "ID", 2, 3, ["D8", "RD8"]),
    R("date time period", "period", 1, 35),
  ]);

const personOrOrganizationName = (
  code: string,
  idQualifiers: readonly string[] | undefined,
  idUsage: "R" | "S",
  entityTypes: readonly string[] = ["1", "2"],
): ElementRule[] => [
  R("entity identifier code", "ID", 2, 3, [code]),
  R("entity type qualifier", "ID", 1, 1, entityTypes),
  R("last or organization name", "AN", 1, 60),
  S("first name", "AN", 1, 35),
  S("middle name or initial", "AN", 1, 25),
  N(),
  S("name suffix", "AN", 1, 10),
  ...(idQualifiers
    ? [
        idUsage === "R"
          ? R("identification code qualifier", "ID", 1, 2, idQualifiers)
          : S("identification code qualifier", "ID", 1, 2, idQualifiers),
        idUsage === "R" ? R("identification code", "AN", 2, 80) : S("identification code", "AN", 2, 80),
      ]
    : [N(), N()]),
];

/** NM1 of a loop we do not read: placed by its qualifier; its elements follow the NM1 shape (segment-shapes.ts). */
const name = (codes: readonly string[], what: string, usage: "R" | "S" = "R"): SegmentRule =>
  qualified("NM1", codes, what, usage, 1);

/** A REF told apart by REF01, the qualifiers the loop allows (section 2.4 of the guide, loop by loop). */
const otherReference = (
  codes: readonly string[],
  max: number,
  usage: "R" | "S" = "S",
  what = "secondary identification",
): SegmentRule => referenceIds(codes, what, usage, max);

/** The provider secondary identifiers the 2310x, 2330x and 2420x loops allow. */
const providerIds = ["0B", "1G", "G2"];
const providerIdsWithLu = ["0B", "1G", "G2", "LU"];
const facilityIds = ["0B", "G2", "LU"];
const payerIds = ["2U", "EI", "FY", "NF"];

/** PWK01 attachment report type codes and PWK02 transmission codes (2300 and 2400 PWK). */
const attachmentReportTypes = [
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "13",
  "15",
  "21",
  "A3",
  "A4",
  "AM",
  "AS",
  "B2",
  "B3",
  "B4",
  "BR",
  "BS",
  "BT",
  "CB",
  "CK",
  "CT",
  "D2",
  "DA",
  "DB",
  "DG",
  "DJ",
  "DS",
  "EB",
  "HC",
  "HR",
  "I5",
  "IR",
  "LA",
  "M1",
  "MT",
  "NN",
  "OB",
  "OC",
  "OD",
  "OE",
  "OX",
  "OZ",
  "P4",
  "P5",
  "PE",
  "PN",
  "PO",
  "PQ",
  "PY",
  "PZ",
  "RB",
  "RR",
  "RT",
  "RX",
  "SG",
  "V5",
  "XP",
];
const attachment = (name: string, max: number): SegmentRule =>
  segment("PWK", name, "S", max, [
    R("attachment report type code", "ID", 2, 2, attachmentReportTypes),
    R("attachment transmission code", "ID", 1, 2, ["AA", "BM", "EL", "EM", "FT", "FX"]),
    N(),
    N(),
    S("identification code qualifier", "ID", 1, 2, ["AC"]),
    S("attachment control number", "AN", 2, 80),
    N(),
    N(),
    N(),
  ]);

/** NTE told apart by NTE01, the note reference code. */
const note = (codes: readonly string[], name: string): SegmentRule =>
  qualified("NTE", codes, name, "S", 1, [
    R("note reference code", "ID", 3, 3, codes),
    R("description", "AN", 1, 80),
  ]);

/**
 * CRC told apart by CRC01, the code category. The first `slots` of CRC03 to CRC07 take the
 * condition codes listed; the guide marks the rest not used.
 */
const conditions = (
  category: readonly string[],
  name: string,
  max: number,
  codes: readonly string[],
  slots: number,
  answers: readonly string[] = ["N", "Y"],
): SegmentRule =>
  qualified("CRC", category, name, "S", max, [
    R("code category", "ID", 2, 2, category),
    R("certification condition indicator", "ID", 1, 1, answers),
    R("condition code", "ID", 2, 3, codes),
    ...Array.from({ length: 4 }, (_, k) => (k + 1 < slots ? S("condition code", "ID", 2, 3, codes) : N())),
  ]);

/** CRC03-07 ambulance certification condition codes (2300 and 2400 CRC*07). */
const ambulanceConditions = ["01", "04", "05", "06", "07", "08", "09", "12"];

const amount = (code: string, name: string): SegmentRule =>
  qualified("AMT", [code], name, "S", 1, [
    R("amount qualifier code", "ID", 1, 3, [code]),
    R("monetary amount", "R", 1, 18),
    N(),
  ]);

const contact = (usage: "R" | "S", max: number): SegmentRule =>
  qualified("PER", ["IC"], "contact information", usage, max, [
    R("contact function code", "ID", 2, 2, ["IC"]),
    S("name", "AN", 1, 60),
    R("communication number qualifier", "ID", 2, 2, ["EM", "FX", "TE"]),
    R("communication number", "AN", 1, 256),
    S("communication number qualifier", "ID", 2, 2, ["EM", "EX", "FX", "TE"]),
    S("communication number", "AN", 1, 256),
    S("communication number qualifier", "ID", 2, 2, ["EM", "EX", "FX", "TE"]),
    S("communication number", "AN", 1, 256),
  ]);

const diagnosis = (qualifiers: readonly string[], usage: "R" | "S"): ElementRule =>
  composite(usage, "health care code information", [
    R("diagnosis type code", "ID", 1, 3, qualifiers),
    R("diagnosis code", "AN", 1, 30),
  ]);

const hl = (level: string, parent: "R" | "N", childCodes: readonly string[]): ElementRule[] => [
  R("hierarchical id number", "AN", 1, 12),
  parent === "R" ? R("hierarchical parent id number", "AN", 1, 12) : N(),
  R("hierarchical level code", "ID", 1, 2, [level]),
  R("hierarchical child code", "ID", 1, 1, childCodes),
];

// ---- Loops ---------------------------------------------------------------------------

const loop2010AA = loop("2010AA", "billing provider name", "R", 1, [
  qualified("NM1", ["85"], "billing provider name", "R", 1, personOrOrganizationName("85", ["XX"], "R")),
  n3(),
  n4("R", true),
  qualified("REF", ["EI", "SY"], "billing provider tax identification", "R", 1, [
    R("reference identification qualifier", "ID", 2, 3, ["EI", "SY"]),
    R("reference identification", "AN", 1, 50),
  ]),
  qualified("REF", ["0B", "1G"], "billing provider UPIN/license information", "S", 2),
  contact("S", 2),
]);

const loop2310B = loop("2310B", "rendering provider name", "S", 1, [
  qualified("NM1", ["82"], "rendering provider name", "R", 1, personOrOrganizationName("82", ["XX"], "S")),
  qualified("PRV", ["PE"], "rendering provider specialty information", "S", 1, [
    R("provider code", "ID", 1, 3, ["PE"]),
    R("reference identification qualifier", "ID", 2, 3, ["PXC"]),
    R("provider taxonomy code", "AN", 10, 10),
  ]),
  qualified("REF", ["0B", "1G", "G2", "LU"], "rendering provider secondary identification", "S", 4),
]);

const loop2320 = loop(
  "2320",
  "other subscriber information",
  "S",
  10,
  [
    qualified("SBR", payerResponsibilityCodes, "other subscriber information", "R", 1, [
      R("payer responsibility sequence number code", "ID", 1, 1, payerResponsibilityCodes),
      R("individual relationship code", "ID", 2, 2, ["01", "18", "19", "20", "21", "39", "40", "53", "G8"]),
      S("insured group or policy number", "AN", 1, 50),
      S("other insured group name", "AN", 1, 60),
      S("insurance type code", "ID", 1, 3, ["12", "13", "14", "15", "16", "41", "42", "43", "47"]),
      N(),
      N(),
      N(),
      S("claim filing indicator code", "ID", 1, 2, claimFilingIndicatorCodes),
    ]),
    segment("CAS", "claim level adjustments", "S", 5),
    amount("D", "payer paid amount"),
    amount("A8", "non-covered amount"),
    amount("EAF", "remaining patient liability"),
    segment("OI", "other insurance coverage information", "R", 1),
    segment("MOA", "outpatient adjudication information", "S", 1),
  ],
  [
    loop("2330A", "other subscriber name", "R", 1, [
      name(["IL"], "other subscriber name"),
      n3("S"),
      n4("S"),
      otherReference(["SY"], 1),
    ]),
    loop("2330B", "other payer name", "R", 1, [
      name(["PR"], "other payer name"),
      n3("S"),
      n4("S"),
      dateD8("573", "claim check or remittance date"),
      otherReference(payerIds, 2, "S", "other payer secondary identifier"),
      otherReference(["G1"], 1, "S", "other payer prior authorization number"),
      otherReference(["9F"], 1, "S", "other payer referral number"),
      otherReference(["T4"], 1, "S", "other payer claim adjustment indicator"),
      otherReference(["F8"], 1, "S", "other payer claim control number"),
    ]),
    loop("2330C", "other payer referring provider", "S", 2, [
      name(["DN", "P3"], "other payer referring provider"),
      otherReference(providerIds, 3, "R"),
    ]),
    loop("2330D", "other payer rendering provider", "S", 1, [
      name(["82"], "other payer rendering provider"),
      otherReference(providerIdsWithLu, 3, "R"),
    ]),
    loop("2330E", "other payer service facility location", "S", 1, [
      name(["77"], "other payer service facility location"),
      otherReference(facilityIds, 3, "R"),
    ]),
    loop("2330F", "other payer supervising provider", "S", 1, [
      name(["DQ"], "other payer supervising provider"),
      otherReference(providerIdsWithLu, 3, "R"),
    ]),
    loop("2330G", "other payer billing provider", "S", 1, [
      name(["85"], "other payer billing provider"),
      otherReference(["G2", "LU"], 2, "R"),
    ]),
  ],
);

// 2400 LX01: the assigned number starts at 1 and goes up by 1 for each service line of the claim.
const loop2400 = numbered(
  loop(
    "2400",
    "service line number",
    "R",
    50,
    [
      segment("LX", "service line number", "R", 1, [R("assigned number", "N0", 1, 6)]),
      segment("SV1", "professional service", "R", 1, [
        composite("R", "composite medical procedure identifier", [
          // The guide also allows ER, IV and WK; cleanclaim bills HCPCS/CPT only.
          R("product/service id qualifier", "ID", 2, 2, ["HC"]),
          R("procedure code", "AN", 1, 48),
          S("procedure modifier", "AN", 2, 2),
          S("procedure modifier", "AN", 2, 2),
          S("procedure modifier", "AN", 2, 2),
          S("procedure modifier", "AN", 2, 2),
          S("description", "AN", 1, 80),
        ]),
        R("line item charge amount", "R", 1, 18),
        // 005010X222A1 2400 SV103: MJ minutes (anesthesia and other time-based services) or UN units.
        R("unit or basis for measurement code", "ID", 2, 2, ["MJ", "UN"]),
        R("service unit count", "R", 1, 15),
        S("place of service code", "AN", 1, 2),
        N(),
        composite("R", "composite diagnosis code pointer", [
          R("diagnosis code pointer", "N0", 1, 2, diagnosisPointerCodes),
          S("diagnosis code pointer", "N0", 1, 2, diagnosisPointerCodes),
          S("diagnosis code pointer", "N0", 1, 2, diagnosisPointerCodes),
          S("diagnosis code pointer", "N0", 1, 2, diagnosisPointerCodes),
        ]),
        N(),
        S("emergency indicator", "ID", 1, 1, ["Y"]),
        N(),
        S("EPSDT indicator", "ID", 1, 1, ["Y"]),
        S("family planning indicator", "ID", 1, 1, ["Y"]),
        N(),
        N(),
        S("co-pay status code", "ID", 1, 1, ["0"]),
      ]),
      segment("SV5", "durable medical equipment service", "S", 1),
      // The DME certificate of medical necessity indicator (PWK01 = CT) is one of the 11.
      attachment("line supplemental information", 11),
      segment("CR1", "ambulance transport information", "S", 1),
      segment("CR3", "durable medical equipment certification", "S", 1),
      conditions(["07"], "ambulance certification", 3, ambulanceConditions, 5),
      conditions(["70"], "hospice employee indicator", 1, ["65"], 1),
      conditions(["09"], "condition indicator/durable medical equipment", 1, ["38", "ZV"], 2),
      dateOrRange(["472"], "date - service date", "R", 1),
      qualified(
        "DTP",
        ["471", "607", "463", "461", "304", "738", "739", "011", "455", "454"],
        "line dates",
        "S",
        10,
      ),
      qualified("QTY", ["PT"], "ambulance patient count", "S", 1),
      qualified("QTY", ["FL"], "obstetric anesthesia additional units", "S", 1),
      segment("MEA", "test result", "S", 5),
      segment("CN1", "contract information", "S", 1),
      otherReference(["9B"], 1, "S", "repriced line item reference number"),
      otherReference(["9D"], 1, "S", "adjusted repriced line item reference number"),
      otherReference(["G1"], 5, "S", "prior authorization"),
      otherReference(["6R"], 1, "S", "line item control number"),
      otherReference(["EW"], 1, "S", "mammography certification number"),
      otherReference(["X4"], 1, "S", "clinical laboratory improvement amendment number"),
      otherReference(["F4"], 1, "S", "referring CLIA facility identification"),
      otherReference(["BT"], 1, "S", "immunization batch number"),
      otherReference(["9F"], 5, "S", "referral number"),
      amount("T", "sales tax amount"),
      amount("F4", "postage claimed amount"),
      segment("K3", "file information", "S", 10),
      note(["ADD", "DCP"], "line note"),
      note(["TPO"], "third party organization notes"),
      segment("PS1", "purchased service information", "S", 1),
      segment("HCP", "line pricing/repricing information", "S", 1),
    ],
    [
      loop("2410", "drug identification", "S", 1, [
        segment("LIN", "drug identification", "R", 1),
        segment("CTP", "drug quantity", "R", 1),
        otherReference(["VY", "XZ"], 1, "S", "prescription or compound drug association number"),
      ]),
      loop("2420A", "rendering provider name", "S", 1, [
        name(["82"], "rendering provider name"),
        qualified("PRV", ["PE"], "rendering provider specialty information", "S", 1),
        otherReference(providerIdsWithLu, 20),
      ]),
      loop("2420B", "purchased service provider name", "S", 1, [
        name(["QB"], "purchased service provider name"),
        otherReference(providerIds, 20),
      ]),
      loop("2420C", "service facility location name", "S", 1, [
        name(["77"], "service facility location name"),
        n3(),
        n4(),
        otherReference(["G2", "LU"], 3),
      ]),
      loop("2420D", "supervising provider name", "S", 1, [
        name(["DQ"], "supervising provider name"),
        otherReference(providerIdsWithLu, 20),
      ]),
      loop("2420E", "ordering provider name", "S", 1, [
        name(["DK"], "ordering provider name"),
        n3("S"),
        n4("S"),
        otherReference(providerIds, 20),
        contact("S", 1),
      ]),
      loop("2420F", "referring provider name", "S", 2, [
        name(["DN", "P3"], "referring provider name"),
        otherReference(providerIds, 20),
      ]),
      loop("2420G", "ambulance pick-up location", "S", 1, [
        name(["PW"], "ambulance pick-up location"),
        n3(),
        n4(),
      ]),
      loop("2420H", "ambulance drop-off location", "S", 1, [
        name(["45"], "ambulance drop-off location"),
        n3(),
        n4(),
      ]),
      loop("2430", "line adjudication information", "S", 15, [
        segment("SVD", "line adjudication information", "R", 1),
        segment("CAS", "line adjustment", "S", 5),
        dateD8("573", "line check or remittance date", "R"),
        amount("EAF", "remaining patient liability"),
      ]),
      loop("2440", "form identification code", "S", many, [
        segment("LQ", "form identification code", "R", 1, [
          R("code list qualifier code", "ID", 1, 3, ["AS", "UT"]),
          R("form identifier", "AN", 1, 30),
        ]),
        segment("FRM", "supporting documentation", "R", 99),
      ]),
    ],
  ),
  1,
);

const loop2300 = loop(
  "2300",
  "claim information",
  "S",
  100,
  [
    segment("CLM", "claim information", "R", 1, [
      R("patient control number", "AN", 1, 38),
      R("total claim charge amount", "R", 1, 18),
      N(),
      N(),
      composite("R", "health care service location information", [
        R("place of service code", "AN", 1, 2),
        R("facility code qualifier", "ID", 1, 2, ["B"]),
        R("claim frequency type code", "ID", 1, 1, ["1", "7", "8"]),
      ]),
      R("provider or supplier signature indicator", "ID", 1, 1, ["N", "Y"]),
      R("assignment or plan participation code", "ID", 1, 1, ["A", "B", "C"]),
      R("benefits assignment certification indicator", "ID", 1, 1, ["N", "W", "Y"]),
      R("release of information code", "ID", 1, 1, ["I", "Y"]),
      S("patient signature source code", "ID", 1, 1, ["P"]),
      composite("S", "related causes information", [
        R("related causes code", "ID", 2, 3, ["AA", "EM", "OA"]),
        S("related causes code", "ID", 2, 3, ["AA", "EM", "OA"]),
        N(),
        S("state or province code", "ID", 2, 2),
        S("country code", "ID", 2, 3),
      ]),
      S("special program indicator", "ID", 2, 3, ["02", "03", "05", "09"]),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      S("delay reason code", "ID", 1, 2, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "15"]),
    ]),
    dateD8("431", "date - onset of current illness or symptom"),
    dateD8("454", "date - initial treatment"),
    dateD8("304", "date - last seen"),
    dateD8("453", "date - acute manifestation"),
    dateD8("439", "date - accident"),
    dateD8("484", "date - last menstrual period"),
    dateD8("455", "date - last x-ray"),
    dateD8("471", "date - hearing and vision prescription"),
    dateOrRange(["314", "360", "361"], "date - disability dates", "S", 1),
    dateD8("297", "date - last worked"),
    dateD8("296", "date - authorized return to work"),
    dateD8("435", "date - admission"),
    dateD8("096", "date - discharge"),
    dateD8("090", "date - assumed care"),
    dateD8("091", "date - relinquished care"),
    dateD8("444", "date - property and casualty date of first contact"),
    dateD8("050", "date - repricer received"),
    attachment("claim supplemental information", 10),
    segment("CN1", "contract information", "S", 1),
    amount("F5", "patient amount paid"),
    referenceIds(["4N"], "service authorization exception code", "S", 1),
    referenceIds(["F5"], "mandatory Medicare crossover indicator", "S", 1),
    referenceIds(["EW"], "mammography certification number", "S", 1),
    referenceIds(["9F"], "referral number", "S", 1),
    referenceIds(["G1"], "prior authorization", "S", 1),
    referenceIds(["F8"], "payer claim control number", "S", 1),
    referenceIds(["X4"], "clinical laboratory improvement amendment number", "S", 1),
    referenceIds(["9A"], "repriced claim number", "S", 1),
    referenceIds(["9C"], "adjusted repriced claim number", "S", 1),
    referenceIds(["LX"], "investigational device exemption number", "S", 5),
    referenceIds(["D9"], "claim identifier for transmission intermediaries", "S", 1),
    referenceIds(["EA"], "medical record number", "S", 1),
    referenceIds(["P4"], "demonstration project identifier", "S", 1),
    referenceIds(["1J"], "care plan oversight", "S", 1),
    segment("K3", "file information", "S", 10),
    note(["ADD", "CER", "DCP", "DGN", "TPO"], "claim note"),
    segment("CR1", "ambulance transport information", "S", 1),
    segment("CR2", "spinal manipulation service information", "S", 1, [
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      R("patient condition code", "ID", 1, 1, ["A", "C", "D", "E", "F", "G", "M"]),
      N(),
      S("patient condition description", "AN", 1, 80),
      S("patient condition description", "AN", 1, 80),
      N(),
    ]),
    conditions(["07"], "ambulance certification", 3, ambulanceConditions, 5),
    conditions(
      ["E1", "E2", "E3"],
      "patient condition information: vision",
      3,
      ["L1", "L2", "L3", "L4", "L5"],
      5,
    ),
    conditions(["75"], "homebound indicator", 1, ["IH"], 1, ["Y"]),
    conditions(["ZZ"], "EPSDT referral", 1, ["AV", "NU", "S2", "ST"], 3),
    segment(
      "HI",
      "health care diagnosis code",
      "R",
      1,
      [diagnosis(["ABK", "BK"], "R"), ...Array.from({ length: 11 }, () => diagnosis(["ABF", "BF"], "S"))],
      {
        element: 1,
        component: 1,
        codes: ["ABK", "BK"],
      },
    ),
    segment("HI", "anesthesia related procedure", "S", 1, undefined, {
      element: 1,
      component: 1,
      codes: ["BP", "BO"],
    }),
    segment("HI", "condition information", "S", 2, undefined, { element: 1, component: 1, codes: ["BG"] }),
    segment("HCP", "claim pricing/repricing information", "S", 1),
  ],
  [
    loop("2310A", "referring provider name", "S", 2, [
      name(["DN", "P3"], "referring provider name"),
      otherReference(providerIds, 3),
    ]),
    loop2310B,
    loop("2310C", "service facility location name", "S", 1, [
      name(["77"], "service facility location name"),
      n3(),
      n4(),
      otherReference(facilityIds, 3),
      contact("S", 1),
    ]),
    loop("2310D", "supervising provider name", "S", 1, [
      name(["DQ"], "supervising provider name"),
      otherReference(providerIdsWithLu, 4),
    ]),
    loop("2310E", "ambulance pick-up location", "S", 1, [
      name(["PW"], "ambulance pick-up location"),
      n3(),
      n4(),
    ]),
    loop("2310F", "ambulance drop-off location", "S", 1, [
      name(["45"], "ambulance drop-off location"),
      n3(),
      n4(),
    ]),
    loop2320,
    loop2400,
  ],
);

const loop2000C = loop(
  "2000C",
  "patient hierarchical level",
  "S",
  many,
  [
    qualified("HL", [], "patient hierarchical level", "R", 1, hl("23", "R", ["0"])),
    segment("PAT", "patient information", "R", 1, [
      R("individual relationship code", "ID", 2, 2, ["01", "19", "20", "21", "39", "40", "53", "G8"]),
      N(),
      N(),
      N(),
      S("date time period format qualifier", "ID", 2, 3, ["D8"]),
      S("date of death", "period", 1, 35),
      S("unit or basis for measurement code", "ID", 2, 2, ["01"]),
      S("patient weight", "R", 1, 10),
      S("pregnancy indicator", "ID", 1, 1, ["Y"]),
    ]),
  ],
  [
    loop("2010CA", "patient name", "R", 1, [
      qualified("NM1", ["QC"], "patient name", "R", 1, personOrOrganizationName("QC", undefined, "S", ["1"])),
      n3(),
      n4(),
      segment("DMG", "patient demographic information", "R", 1, [
        R("date time period format qualifier", "ID", 2, 3, ["D8"]),
        R("patient birth date", "period", 1, 35),
        R("patient gender code", "ID", 1, 1, ["F", "M", "U"]),
      ]),
      // REF02: the insurer-assigned claim number, 1 to 50 characters (2010BA when the patient is
      // the subscriber, else 2010CA; sent in one place only).
      referenceIds(["Y4"], "property and casualty claim number", "S", 1),
      qualified("REF", ["1W", "SY"], "property and casualty patient identifier", "S", 1),
      segment("PER", "property and casualty patient contact information", "S", 1),
    ]),
    loop2300,
  ],
);

const loop2000B = loop(
  "2000B",
  "subscriber hierarchical level",
  "R",
  many,
  [
    qualified("HL", [], "subscriber hierarchical level", "R", 1, hl("22", "R", ["0", "1"])),
    segment("SBR", "subscriber information", "R", 1, [
      R("payer responsibility sequence number code", "ID", 1, 1, payerResponsibilityCodes),
      S("individual relationship code", "ID", 2, 2, ["18"]),
      S("subscriber group or policy number", "AN", 1, 50),
      S("subscriber group name", "AN", 1, 60),
      S("insurance type code", "ID", 1, 3, ["12", "13", "14", "15", "16", "41", "42", "43", "47"]),
      N(),
      N(),
      N(),
      S("claim filing indicator code", "ID", 1, 2, claimFilingIndicatorCodes),
    ]),
    segment("PAT", "patient information", "S", 1),
  ],
  [
    loop("2010BA", "subscriber name", "R", 1, [
      qualified("NM1", ["IL"], "subscriber name", "R", 1, personOrOrganizationName("IL", ["II", "MI"], "S")),
      n3("S"),
      n4("S"),
      segment("DMG", "subscriber demographic information", "S", 1, [
        R("date time period format qualifier", "ID", 2, 3, ["D8"]),
        R("subscriber birth date", "period", 1, 35),
        R("subscriber gender code", "ID", 1, 1, ["F", "M", "U"]),
      ]),
      qualified("REF", ["SY"], "subscriber secondary identification", "S", 1),
      // REF02: the insurer-assigned claim number, 1 to 50 characters (2010BA when the patient is
      // the subscriber, else 2010CA; sent in one place only).
      referenceIds(["Y4"], "property and casualty claim number", "S", 1),
      segment("PER", "property and casualty subscriber contact information", "S", 1),
    ]),
    loop("2010BB", "payer name", "R", 1, [
      qualified("NM1", ["PR"], "payer name", "R", 1, [
        R("entity identifier code", "ID", 2, 3, ["PR"]),
        R("entity type qualifier", "ID", 1, 1, ["2"]),
        R("payer name", "AN", 1, 60),
        N(),
        N(),
        N(),
        N(),
        R("identification code qualifier", "ID", 1, 2, ["PI", "XV"]),
        R("payer identifier", "AN", 2, 80),
      ]),
      n3("S"),
      n4("S"),
      qualified("REF", ["2U", "EI", "FY", "NF"], "payer secondary identification", "S", 3),
      qualified("REF", ["G2", "LU"], "billing provider secondary identification", "S", 2),
    ]),
    loop2000C,
    loop2300,
  ],
);

const loop2000A = loop(
  "2000A",
  "billing provider hierarchical level",
  "R",
  many,
  [
    qualified("HL", [], "billing provider hierarchical level", "R", 1, hl("20", "N", ["1"])),
    qualified("PRV", ["BI"], "billing provider specialty information", "S", 1, [
      R("provider code", "ID", 1, 3, ["BI"]),
      R("reference identification qualifier", "ID", 2, 3, ["PXC"]),
      R("provider taxonomy code", "AN", 10, 10),
    ]),
    segment("CUR", "foreign currency information", "S", 1),
  ],
  [
    loop2010AA,
    loop("2010AB", "pay-to address name", "S", 1, [name(["87"], "pay-to address name"), n3(), n4()]),
    loop("2010AC", "pay-to plan name", "S", 1, [
      name(["PE"], "pay-to plan name"),
      n3(),
      n4(),
      qualified("REF", ["2U", "FY", "NF"], "pay-to plan secondary identification", "S", 1),
      qualified("REF", ["EI"], "pay-to plan tax identification number", "R", 1),
    ]),
    loop2000B,
  ],
);

// HL loops are told apart by HL03 (the hierarchical level code), not by HL01.
function byLevel(rule: ReturnType<typeof loop>, level: string): ReturnType<typeof loop> {
  const [trigger, ...rest] = rule.segments;
  if (!trigger) return rule;
  return {
    ...rule,
    segments: [{ ...trigger, qualifier: { element: 3, component: undefined, codes: [level] } }, ...rest],
  };
}

const header = loop(
  "HEADER",
  "transaction set header",
  "R",
  1,
  [
    segment("ST", "transaction set header", "R", 1, [
      R("transaction set identifier code", "ID", 3, 3, ["837"]),
      R("transaction set control number", "AN", 4, 9),
      R("implementation convention reference", "AN", 1, 35, ["005010X222A1"]),
    ]),
    segment("BHT", "beginning of hierarchical transaction", "R", 1, [
      R("hierarchical structure code", "ID", 4, 4, ["0019"]),
      R("transaction set purpose code", "ID", 2, 2, ["00", "18"]),
      R("originator application transaction identifier", "AN", 1, 50),
      R("transaction set creation date", "DT", 8, 8),
      R("transaction set creation time", "TM", 4, 8),
      R("claim or encounter identifier", "ID", 2, 2, ["31", "CH", "RP"]),
    ]),
  ],
  [
    loop("1000A", "submitter name", "R", 1, [
      qualified("NM1", ["41"], "submitter name", "R", 1, personOrOrganizationName("41", ["46"], "R")),
      contact("R", 2),
    ]),
    loop("1000B", "receiver name", "R", 1, [
      qualified("NM1", ["40"], "receiver name", "R", 1, [
        R("entity identifier code", "ID", 2, 3, ["40"]),
        R("entity type qualifier", "ID", 1, 1, ["2"]),
        R("receiver name", "AN", 1, 60),
        N(),
        N(),
        N(),
        N(),
        R("identification code qualifier", "ID", 1, 2, ["46"]),
        R("receiver primary identifier", "AN", 2, 80),
      ]),
    ]),
    withLevels(loop2000A),
  ],
);

/** Applies the HL03 qualifiers to 2000A, 2000B and 2000C wherever they sit in the tree. */
function withLevels(rule: ReturnType<typeof loop>): ReturnType<typeof loop> {
  const levels: Record<string, string> = { "2000A": "20", "2000B": "22", "2000C": "23" };
  const level = levels[rule.id];
  const withTrigger = level ? byLevel(rule, level) : rule;
  return withTrigger.loops ? { ...withTrigger, loops: withTrigger.loops.map(withLevels) } : withTrigger;
}

export const guide837p: TransactionGuide = {
  version: "005010X222A1",
  transactionSet: "837",
  functionalGroup: "HC",
  reference: snipReference.guide837,
  header,
  shapes: segmentShapes,
};
