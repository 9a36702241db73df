import {
  composite,
  type ElementRule,
  N,
  R,
  S,
  type SegmentShape,
  syntaxRule,
  type Usage,
  type ValueType,
} from "./guide.js";
import { stateOrProvinceCodes } from "./state-codes.js";

/**
 * Every segment of the 837P (005010X222A1) and 835 (005010X221A1) guides, by id: the
 * element rules that hold wherever the segment appears, and the standard's relational
 * syntax rules (P, R, E, C, L). A loop in guide-837p.ts or guide-835.ts may give a
 * segment its own element rules (qualifier codes, tighter lengths); it keeps the syntax
 * rules of its id, which the standard defines per segment, not per loop.
 *
 * Sources: ASC X12 005010 segment and data element directories (types, lengths and
 * "syntax notes"), and the element usage of each segment in section 2.4 of the two
 * implementation guides. Usage here is R when both guides require the element in every
 * loop that has the segment, N when no loop uses it, S otherwise. Cross-checked against
 * pyx12's maps (837.5010.X222.A1, 835.5010.X221.A1) and imsweb x12-parser.
 */

/** "R ID 2 3 entity identifier code": usage, type, min and max length, name. */
function e(spec: string, codes?: readonly string[]): ElementRule {
  const match = /^([RSN]) (AN|ID|R|N0|DT|TM|period) (\d+) (\d+) (.+)$/.exec(spec);
  if (!match) throw new Error(`bad element spec: ${spec}`);
  const [, usage, type, min, max, name] = match as unknown as [
    string,
    Usage,
    ValueType,
    string,
    string,
    string,
  ];
  if (usage === "N") return N(name);
  return (usage === "R" ? R : S)(name, type, Number(min), Number(max), codes);
}

/** A composite: its usage, name and component specs. */
function c(usage: Usage, name: string, components: readonly ElementRule[]): ElementRule {
  return composite(usage, name, components);
}

function shape(syntax: readonly string[], elements: readonly ElementRule[]): SegmentShape {
  return { elements, syntax: syntax.map(syntaxRule) };
}

const repeat = <T>(n: number, make: (k: number) => T[]): T[] =>
  Array.from({ length: n }, (_, k) => make(k)).flat();

/** C003 composite medical procedure identifier (SV1-01, SVD-03, SVC-01). */
const procedure = (usage: Usage, qualifiers?: readonly string[]): ElementRule =>
  c(usage, "composite medical procedure identifier", [
    e("R ID 2 2 product/service id qualifier", qualifiers),
    e("R AN 1 48 procedure code"),
    e("S AN 2 2 procedure modifier"),
    e("S AN 2 2 procedure modifier"),
    e("S AN 2 2 procedure modifier"),
    e("S AN 2 2 procedure modifier"),
    e("S AN 1 80 description"),
    e("N AN 1 48 product/service id"),
  ]);

/** C022 health care code information (HI-01 to HI-12). */
const healthCareCode = (usage: Usage): ElementRule =>
  c(usage, "health care code information", [
    e("R ID 1 3 code list qualifier code"),
    e("R AN 1 30 industry code"),
    e("S ID 2 3 date time period format qualifier"),
    e("S AN 1 35 date time period"),
    e("S R 1 18 monetary amount"),
    e("S R 1 15 quantity"),
    e("N AN 1 30 version identifier"),
    e("N AN 1 30 industry code"),
    e("N ID 1 1 yes/no condition or response code"),
  ]);

/** C042 adjustment identifier (PLB-03 and its repeats). */
const adjustmentIdentifier = (usage: Usage): ElementRule =>
  c(usage, "adjustment identifier", [
    e("R ID 2 2 adjustment reason code"),
    e("S AN 1 50 reference identification"),
  ]);

/** C040 reference identifier (REF-04). */
const referenceIdentifier = c("S", "reference identifier", [
  e("R ID 2 3 reference identification qualifier"),
  e("R AN 1 50 reference identification"),
  e("N ID 2 3 reference identification qualifier"),
  e("N AN 1 50 reference identification"),
  e("N ID 2 3 reference identification qualifier"),
  e("N AN 1 50 reference identification"),
]);

/** N402: the state or province code, from code source 22 (state-codes.ts). */
export const stateOrProvince = (): ElementRule => e("S ID 2 2 state or province code", stateOrProvinceCodes);

const claimAdjustmentGroups = ["CO", "CR", "OA", "PI", "PR"];
const pricingMethodologies = [
  "00",
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "12",
  "13",
  "14",
];

export const segmentShapes: Readonly<Record<string, SegmentShape>> = {
  ST: shape(
    [],
    [
      e("R ID 3 3 transaction set identifier code"),
      e("R AN 4 9 transaction set control number"),
      e("S AN 1 35 implementation convention reference"),
    ],
  ),
  BHT: shape(
    [],
    [
      e("R ID 4 4 hierarchical structure code"),
      e("R ID 2 2 transaction set purpose code"),
      e("R AN 1 50 reference identification"),
      e("R DT 8 8 date"),
      e("R TM 4 8 time"),
      e("R ID 2 2 transaction type code"),
    ],
  ),
  NM1: shape(
    ["P0809", "C1110", "C1203"],
    [
      e("R ID 2 3 entity identifier code"),
      e("R ID 1 1 entity type qualifier", ["1", "2"]),
      e("S AN 1 60 last or organization name"),
      e("S AN 1 35 first name"),
      e("S AN 1 25 middle name or initial"),
      e("N AN 1 10 name prefix"),
      e("S AN 1 10 name suffix"),
      e("S ID 1 2 identification code qualifier"),
      e("S AN 2 80 identification code"),
      e("N ID 2 2 entity relationship code"),
      e("N ID 2 3 entity identifier code"),
      e("N AN 1 60 last or organization name"),
    ],
  ),
  N1: shape(
    ["R0203", "P0304"],
    [
      e("R ID 2 3 entity identifier code"),
      e("R AN 1 60 name"),
      e("S ID 1 2 identification code qualifier"),
      e("S AN 2 80 identification code"),
      e("N ID 2 2 entity relationship code"),
      e("N ID 2 3 entity identifier code"),
    ],
  ),
  PER: shape(
    ["P0304", "P0506", "P0708"],
    [
      e("R ID 2 2 contact function code"),
      e("S AN 1 60 name"),
      e("S ID 2 2 communication number qualifier", ["ED", "EM", "EX", "FX", "TE", "UR"]),
      e("S AN 1 256 communication number"),
      e("S ID 2 2 communication number qualifier", ["ED", "EM", "EX", "FX", "TE", "UR"]),
      e("S AN 1 256 communication number"),
      e("S ID 2 2 communication number qualifier", ["ED", "EM", "EX", "FX", "TE", "UR"]),
      e("S AN 1 256 communication number"),
      e("N AN 1 20 contact inquiry reference"),
    ],
  ),
  HL: shape(
    [],
    [
      e("R AN 1 12 hierarchical id number"),
      e("S AN 1 12 hierarchical parent id number"),
      e("R ID 1 2 hierarchical level code"),
      e("R ID 1 1 hierarchical child code", ["0", "1"]),
    ],
  ),
  PRV: shape(
    ["P0203"],
    [
      e("R ID 1 3 provider code"),
      e("R ID 2 3 reference identification qualifier", ["PXC"]),
      e("R AN 1 50 provider taxonomy code"),
      e("N ID 2 2 state or province code"),
      e("N AN 1 1 provider specialty information"),
      e("N ID 3 3 provider organization code"),
    ],
  ),
  CUR: shape(
    [
      "C0807",
      "C0907",
      "L101112",
      "C1110",
      "C1210",
      "L131415",
      "C1413",
      "C1513",
      "L161718",
      "C1716",
      "C1816",
      "L192021",
      "C2019",
      "C2119",
    ],
    [
      e("R ID 2 3 entity identifier code"),
      e("R ID 3 3 currency code"),
      ...repeat(1, () => [N(), N(), N(), N()]),
      ...repeat(5, () => [N(), N(), N()]),
    ],
  ),
  N3: shape([], [e("R AN 1 55 address information"), e("S AN 1 55 address information")]),
  N4: shape(
    ["E0207", "C0605", "C0704"],
    [
      e("R AN 2 30 city name"),
      stateOrProvince(),
      e("S ID 3 15 postal code"),
      e("S ID 2 3 country code"),
      e("N ID 1 2 location qualifier"),
      e("N AN 1 30 location identifier"),
      e("S ID 1 3 country subdivision code"),
    ],
  ),
  REF: shape(
    ["R0203"],
    [
      e("R ID 2 3 reference identification qualifier"),
      e("R AN 1 50 reference identification"),
      e("N AN 1 80 description"),
      referenceIdentifier,
    ],
  ),
  SBR: shape(
    [],
    [
      e("R ID 1 1 payer responsibility sequence number code", [
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H",
        "P",
        "S",
        "T",
        "U",
      ]),
      e("S ID 2 2 individual relationship code"),
      e("S AN 1 50 group or policy number"),
      e("S AN 1 60 group name"),
      e("S ID 1 3 insurance type code"),
      e("N ID 1 1 coordination of benefits code"),
      e("N ID 1 1 yes/no condition or response code"),
      e("N ID 2 2 employment status code"),
      e("S ID 1 2 claim filing indicator code"),
    ],
  ),
  PAT: shape(
    ["P0506", "P0708"],
    [
      e("S ID 2 2 individual relationship code"),
      e("N ID 1 1 patient location code"),
      e("N ID 2 2 employment status code"),
      e("N ID 1 1 student status code"),
      e("S ID 2 3 date time period format qualifier", ["D8"]),
      e("S period 1 35 date of death"),
      e("S ID 2 2 unit or basis for measurement code", ["01"]),
      e("S R 1 10 weight"),
      e("S ID 1 1 pregnancy indicator", ["Y"]),
    ],
  ),
  DMG: shape(
    ["P0102", "P1011", "C1105"],
    [
      e("R ID 2 3 date time period format qualifier", ["D8"]),
      e("R period 1 35 birth date"),
      e("R ID 1 1 gender code", ["F", "M", "U"]),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
    ],
  ),
  // CLM and SV1 have their element rules in guide-837p.ts (2300 and 2400); these are the standard's shapes.
  CLM: shape(
    [],
    [
      e("R AN 1 38 patient control number"),
      e("R R 1 18 total claim charge amount"),
      N(),
      N(),
      c("R", "health care service location information", [
        e("R AN 1 2 place of service code"),
        e("R ID 1 2 facility code qualifier"),
        e("R ID 1 1 claim frequency type code"),
      ]),
      e("R ID 1 1 provider or supplier signature indicator"),
      e("R ID 1 1 assignment or plan participation code"),
      e("R ID 1 1 benefits assignment certification indicator"),
      e("R ID 1 1 release of information code"),
      e("S ID 1 1 patient signature source code"),
      c("S", "related causes information", [
        e("R ID 2 3 related causes code"),
        e("S ID 2 3 related causes code"),
        N(),
        e("S ID 2 2 state or province code"),
        e("S ID 2 3 country code"),
      ]),
      e("S ID 2 3 special program indicator"),
      ...repeat(7, () => [N()]),
      e("S ID 1 2 delay reason code"),
    ],
  ),
  SV1: shape(
    ["P0304"],
    [
      procedure("R"),
      e("R R 1 18 line item charge amount"),
      e("R ID 2 2 unit or basis for measurement code"),
      e("R R 1 15 service unit count"),
      e("S AN 1 2 place of service code"),
      N(),
      c("R", "composite diagnosis code pointer", [
        e("R N0 1 2 diagnosis code pointer"),
        e("S N0 1 2 diagnosis code pointer"),
        e("S N0 1 2 diagnosis code pointer"),
        e("S N0 1 2 diagnosis code pointer"),
      ]),
      N(),
      e("S ID 1 1 emergency indicator"),
      N(),
      e("S ID 1 1 EPSDT indicator"),
      e("S ID 1 1 family planning indicator"),
      N(),
      N(),
      e("S ID 1 1 co-pay status code"),
      ...repeat(6, () => [N()]),
    ],
  ),
  DTP: shape(
    [],
    [
      e("R ID 3 3 date time qualifier"),
      e("R ID 2 3 date time period format qualifier", ["D8", "RD8"]),
      e("R period 1 35 date time period"),
    ],
  ),
  DTM: shape(
    ["R020305", "C0403", "P0506"],
    [
      e("R ID 3 3 date time qualifier"),
      e("R DT 8 8 date"),
      e("N TM 4 8 time"),
      e("N ID 2 2 time code"),
      e("N ID 2 3 date time period format qualifier"),
      e("N AN 1 35 date time period"),
    ],
  ),
  PWK: shape(
    ["P0506"],
    [
      e("R ID 2 2 attachment report type code"),
      e("R ID 1 2 attachment transmission code"),
      e("N N0 1 2 report copies needed"),
      e("N ID 2 3 entity identifier code"),
      e("S ID 1 2 identification code qualifier", ["AC"]),
      e("S AN 2 80 attachment control number"),
      e("N AN 1 80 description"),
      N(),
      N(),
    ],
  ),
  CN1: shape(
    [],
    [
      e("R ID 2 2 contract type code", ["01", "02", "03", "04", "05", "06", "09"]),
      e("S R 1 18 contract amount"),
      e("S R 1 6 contract percentage"),
      e("S AN 1 50 contract code"),
      e("S R 1 6 terms discount percentage"),
      e("S AN 1 30 contract version identifier"),
    ],
  ),
  AMT: shape(
    [],
    [
      e("R ID 1 3 amount qualifier code"),
      e("R R 1 18 monetary amount"),
      e("N ID 1 1 credit/debit flag code"),
    ],
  ),
  K3: shape([], [e("R AN 1 80 fixed format information"), N(), N()]),
  NTE: shape([], [e("R ID 3 3 note reference code"), e("R AN 1 80 description")]),
  CR1: shape(
    ["P0102", "P0506"],
    [
      e("S ID 2 2 unit or basis for measurement code", ["LB"]),
      e("S R 1 10 patient weight"),
      e("N ID 1 1 ambulance transport code"),
      e("R ID 1 1 ambulance transport reason code", ["A", "B", "C", "D", "E"]),
      e("R ID 2 2 unit or basis for measurement code", ["DH"]),
      e("R R 1 15 transport distance"),
      e("N AN 1 55 address information"),
      e("N AN 1 55 address information"),
      e("S AN 1 80 round trip purpose description"),
      e("S AN 1 80 stretcher purpose description"),
    ],
  ),
  CR2: shape(
    ["P0102", "C0403", "P0506"],
    [
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
      e("R ID 1 1 patient condition code", ["A", "C", "D", "E", "F", "G", "M"]),
      N(),
      e("S AN 1 80 patient condition description"),
      e("S AN 1 80 patient condition description"),
      N(),
    ],
  ),
  CR3: shape(
    ["P0203"],
    [
      e("R ID 1 1 certification type code", ["I", "R", "S"]),
      e("R ID 2 2 unit or basis for measurement code", ["MO"]),
      e("R R 1 15 durable medical equipment duration"),
      N(),
      N(),
    ],
  ),
  CRC: shape(
    [],
    [
      e("R ID 2 2 code category"),
      e("R ID 1 1 certification condition indicator", ["N", "Y"]),
      e("R ID 2 3 condition code"),
      e("S ID 2 3 condition code"),
      e("S ID 2 3 condition code"),
      e("S ID 2 3 condition code"),
      e("S ID 2 3 condition code"),
    ],
  ),
  HI: shape([], [healthCareCode("R"), ...Array.from({ length: 11 }, () => healthCareCode("S"))]),
  HCP: shape(
    ["R0113", "P0910", "P1112"],
    [
      e("R ID 2 2 pricing methodology", pricingMethodologies),
      e("R R 1 18 repriced allowed amount"),
      e("S R 1 18 repriced saving amount"),
      e("S AN 1 50 repricing organization identifier"),
      e("S R 1 9 repricing per diem or flat rate amount"),
      e("S AN 1 50 repriced approved ambulatory patient group code"),
      e("S R 1 18 repriced approved ambulatory patient group amount"),
      e("N AN 1 48 product/service id"),
      e("S ID 2 2 product/service id qualifier"),
      e("S AN 1 48 repriced approved procedure code"),
      e("S ID 2 2 unit or basis for measurement code"),
      e("S R 1 15 repriced approved service unit count"),
      e("S ID 2 2 reject reason code", ["T1", "T2", "T3", "T4", "T5", "T6"]),
      e("S ID 1 2 policy compliance code", ["1", "2", "3", "4", "5"]),
      e("S ID 1 2 exception code", ["1", "2", "3", "4", "5", "6"]),
    ],
  ),
  CAS: shape(
    [
      "L050607",
      "C0605",
      "C0705",
      "L080910",
      "C0908",
      "C1008",
      "L111213",
      "C1211",
      "C1311",
      "L141516",
      "C1514",
      "C1614",
      "L171819",
      "C1817",
      "C1917",
    ],
    [
      e("R ID 1 2 claim adjustment group code", claimAdjustmentGroups),
      e("R ID 1 5 adjustment reason code"),
      e("R R 1 18 adjustment amount"),
      e("S R 1 15 adjustment quantity"),
      ...repeat(5, () => [
        e("S ID 1 5 adjustment reason code"),
        e("S R 1 18 adjustment amount"),
        e("S R 1 15 adjustment quantity"),
      ]),
    ],
  ),
  OI: shape(
    [],
    [
      N(),
      N(),
      e("R ID 1 1 benefits assignment certification indicator", ["N", "W", "Y"]),
      e("S ID 1 1 patient signature source code", ["P"]),
      N(),
      e("R ID 1 1 release of information code", ["I", "Y"]),
    ],
  ),
  MOA: shape(
    [],
    [
      e("S R 1 10 reimbursement rate"),
      e("S R 1 18 HCPCS payable amount"),
      ...repeat(5, () => [e("S AN 1 50 claim payment remark code")]),
      e("S R 1 18 end stage renal disease payment amount"),
      e("S R 1 18 non-payable professional component billed amount"),
    ],
  ),
  MIA: shape(
    [],
    [
      e("R R 1 15 covered days or visits count"),
      e("S R 1 18 PPS operating outlier amount"),
      e("S R 1 15 lifetime psychiatric days count"),
      e("S R 1 18 claim DRG amount"),
      e("S AN 1 50 claim payment remark code"),
      ...repeat(9, () => [e("S R 1 18 monetary amount")]),
      e("S R 1 15 cost report day count"),
      ...repeat(4, () => [e("S R 1 18 monetary amount")]),
      ...repeat(4, () => [e("S AN 1 50 claim payment remark code")]),
      e("S R 1 18 PPS capital exception amount"),
    ],
  ),
  LX: shape([], [e("R N0 1 6 assigned number")]),
  SV5: shape(
    ["R0405", "C0604"],
    [
      c("R", "composite medical procedure identifier", [
        e("R ID 2 2 product/service id qualifier", ["HC"]),
        e("R AN 1 48 procedure code"),
        N(),
        N(),
        N(),
        N(),
        N(),
        N(),
      ]),
      e("R ID 2 2 unit or basis for measurement code", ["DA"]),
      e("R R 1 15 length of medical necessity"),
      e("R R 1 18 DME rental price"),
      e("R R 1 18 DME purchase price"),
      e("R ID 1 1 rental unit price indicator", ["1", "4", "6"]),
      N(),
    ],
  ),
  QTY: shape(["R0204", "E0204"], [e("R ID 2 2 quantity qualifier"), e("R R 1 15 quantity"), N(), N()]),
  MEA: shape(
    ["R03050608", "L050412", "L060412", "L07030506", "E0803", "P1112"],
    [
      e("R ID 2 2 measurement reference identification code", ["OG", "TR"]),
      e("R ID 1 3 measurement qualifier", ["HT", "R1", "R2", "R3", "R4"]),
      e("R R 1 20 test result"),
      ...repeat(9, () => [N()]),
    ],
  ),
  PS1: shape(
    [],
    [
      e("R AN 1 50 purchased service provider identifier"),
      e("R R 1 18 purchased service charge amount"),
      N(),
    ],
  ),
  LIN: shape(
    [
      "P0405",
      "P0607",
      "P0809",
      "P1011",
      "P1213",
      "P1415",
      "P1617",
      "P1819",
      "P2021",
      "P2223",
      "P2425",
      "P2627",
      "P2829",
      "P3031",
    ],
    [
      N(),
      e("R ID 2 2 product or service id qualifier", ["EN", "EO", "HI", "N4", "ON", "UK", "UP"]),
      e("R AN 1 48 national drug code"),
      ...repeat(14, () => [N(), N()]),
    ],
  ),
  CTP: shape(
    ["P0405", "C0607", "C0902", "C1002", "C1103"],
    [
      N(),
      N(),
      N(),
      e("R R 1 15 national drug unit count"),
      c("R", "composite unit of measure", [
        e("R ID 2 2 unit or basis for measurement code", ["F2", "GR", "ME", "ML", "UN"]),
        ...repeat(14, () => [N()]),
      ]),
      N(),
      N(),
      N(),
      N(),
      N(),
      N(),
    ],
  ),
  SVD: shape(
    [],
    [
      e("R AN 2 80 other payer primary identifier"),
      e("R R 1 18 service line paid amount"),
      procedure("R", ["ER", "HC", "IV", "WK"]),
      e("N AN 1 48 product/service id"),
      e("R R 1 15 paid service unit count"),
      e("S N0 1 6 bundled or unbundled line number"),
    ],
  ),
  LQ: shape(["C0102"], [e("R ID 1 3 code list qualifier code"), e("R AN 1 30 industry code")]),
  FRM: shape(
    ["R02030405"],
    [
      e("R AN 1 20 question number/letter"),
      e("S ID 1 1 question response", ["N", "W", "Y"]),
      e("S AN 1 50 question response"),
      e("S DT 8 8 question response"),
      e("S R 1 6 question response"),
    ],
  ),
  SE: shape([], [e("R N0 1 10 number of included segments"), e("R AN 4 9 transaction set control number")]),
  // ---- 835 -----------------------------------------------------------------------------
  BPR: shape(
    ["P0607", "C0809", "P1213", "C1415", "P1819", "C2021"],
    [
      e("R ID 1 2 transaction handling code"),
      e("R R 1 18 total actual provider payment amount"),
      e("R ID 1 1 credit or debit flag code", ["C", "D"]),
      e("R ID 3 3 payment method code"),
      e("S ID 1 10 payment format code"),
      e("S ID 2 2 DFI id number qualifier"),
      e("S AN 3 12 DFI identification number"),
      e("S ID 1 3 account number qualifier"),
      e("S AN 1 35 account number"),
      e("S AN 10 10 originating company identifier"),
      e("S AN 9 9 originating company supplemental code"),
      e("S ID 2 2 DFI id number qualifier"),
      e("S AN 3 12 DFI identification number"),
      e("S ID 1 3 account number qualifier"),
      e("S AN 1 35 account number"),
      e("R DT 8 8 check issue or EFT effective date"),
      e("S ID 1 3 business function code"),
      e("S ID 2 2 DFI id number qualifier"),
      e("S AN 3 12 DFI identification number"),
      e("S ID 1 3 account number qualifier"),
      e("S AN 1 35 account number"),
    ],
  ),
  TRN: shape(
    [],
    [
      e("R ID 1 2 trace type code", ["1"]),
      e("R AN 1 50 check or EFT trace number"),
      e("R AN 10 10 payer identifier"),
      e("S AN 1 50 originating company supplemental code"),
    ],
  ),
  RDM: shape(
    [],
    [
      e("R ID 1 2 report transmission code", ["BM", "EM", "FT", "OL"]),
      e("S AN 1 60 name"),
      e("S AN 1 256 communication number"),
      N(),
      N(),
    ],
  ),
  TS3: shape(
    [],
    [
      e("R AN 1 50 provider identifier"),
      e("R AN 1 2 facility type code"),
      e("R DT 8 8 fiscal period date"),
      e("R R 1 15 total claim count"),
      e("R R 1 18 total claim charge amount"),
      ...repeat(7, () => [N()]),
      e("S R 1 18 total MSP payer amount"),
      N(),
      e("S R 1 18 total non-lab charge amount"),
      N(),
      e("S R 1 18 total HCPCS reported charge amount"),
      e("S R 1 18 total HCPCS payable amount"),
      N(),
      e("S R 1 18 total professional component amount"),
      e("S R 1 18 total MSP patient liability met amount"),
      e("S R 1 18 total patient reimbursement amount"),
      e("S R 1 15 total PIP claim count"),
      e("S R 1 18 total PIP adjustment amount"),
    ],
  ),
  TS2: shape(
    [],
    [
      ...repeat(6, () => [e("S R 1 18 monetary amount")]),
      e("S R 1 15 total cost report day count"),
      e("S R 1 18 monetary amount"),
      e("S R 1 18 monetary amount"),
      ...repeat(5, () => [e("S R 1 15 quantity")]),
      e("S R 1 18 monetary amount"),
      e("S R 1 15 quantity"),
      ...repeat(3, () => [e("S R 1 18 monetary amount")]),
    ],
  ),
  CLP: shape(
    [],
    [
      e("R AN 1 38 patient control number"),
      e("R ID 1 2 claim status code"),
      e("R R 1 18 total claim charge amount"),
      e("R R 1 18 claim payment amount"),
      e("S R 1 18 patient responsibility amount"),
      e("R ID 1 2 claim filing indicator code"),
      e("R AN 1 50 payer claim control number"),
      e("S AN 1 2 facility type code"),
      e("S ID 1 1 claim frequency type code"),
      N(),
      e("S ID 1 4 diagnosis related group code"),
      e("S R 1 15 diagnosis related group weight"),
      e("S R 1 10 discharge fraction"),
      N(),
    ],
  ),
  SVC: shape(
    [],
    [
      procedure("R"),
      e("R R 1 18 line item charge amount"),
      e("R R 1 18 line item provider payment amount"),
      e("S AN 1 48 national uniform billing committee revenue code"),
      e("S R 1 15 units of service paid count"),
      procedure("S"),
      e("S R 1 15 original units of service count"),
    ],
  ),
  PLB: shape(
    ["P0506", "P0708", "P0910", "P1112", "P1314"],
    [
      e("R AN 1 50 provider identifier"),
      e("R DT 8 8 fiscal period date"),
      adjustmentIdentifier("R"),
      e("R R 1 18 provider adjustment amount"),
      ...repeat(5, () => [adjustmentIdentifier("S"), e("S R 1 18 provider adjustment amount")]),
    ],
  ),
};
