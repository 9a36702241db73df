import { snipReference } from "./findings.js";
import {
  composite,
  type ElementRule,
  loop,
  many,
  N,
  qualified,
  R,
  S,
  type SegmentRule,
  segment,
  type TransactionGuide,
  tolerated,
  type ValueRule,
} from "./guide.js";
import { segmentShapes, stateOrProvince } from "./segment-shapes.js";

/**
 * The 835 Health Care Claim Payment/Advice implementation guide, 005010X221A1, as data.
 * Every loop and segment is listed; element rules are given for the segments the
 * remittance reader uses. Source: ASC X12N/005010X221A1 (2010), section 2.4.
 */

/** CLP06 claim filing indicator codes of the 835. */
const claimFilingCodes = [
  "12",
  "13",
  "14",
  "15",
  "16",
  "17",
  "AM",
  "CH",
  "DS",
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
];

/** PLB03-1 provider adjustment reason codes. */
const providerAdjustmentReasons = [
  "50",
  "51",
  "72",
  "90",
  "AH",
  "AM",
  "AP",
  "B2",
  "B3",
  "BD",
  "BN",
  "C5",
  "CR",
  "CS",
  "CT",
  "CV",
  "CW",
  "DM",
  "E3",
  "FB",
  "FC",
  "GO",
  "HM",
  "IP",
  "IR",
  "IS",
  "J1",
  "L3",
  "L6",
  "LE",
  "LS",
  "OA",
  "OB",
  "PI",
  "PL",
  "RA",
  "RE",
  "SL",
  "TL",
  "WO",
  "WU",
];

/** 2100 AMT01: claim supplemental amount qualifiers. */
const claimAmounts = ["AU", "D8", "DY", "F5", "I", "NL", "T", "T2", "ZK", "ZL", "ZM", "ZN", "ZO"];

/** QTY01 federal Medicare or Medicaid payment mandate categories, shared by 2100 and 2110. */
const supplementalQuantities = ["ZK", "ZL", "ZM", "ZN", "ZO"];

const quantity = (codes: readonly string[], name: string, max: number): SegmentRule =>
  qualified("QTY", codes, name, "S", max, [
    R("quantity qualifier", "ID", 2, 2, codes),
    R("quantity", "R", 1, 15),
    N(),
    N(),
  ]);

const n3 = (usage: "R" | "S"): SegmentRule =>
  segment("N3", "address", usage, 1, [
    R("address information", "AN", 1, 55),
    S("address information", "AN", 1, 55),
  ]);

const n4 = (usage: "R" | "S"): SegmentRule =>
  segment("N4", "city, state, ZIP code", usage, 1, [
    R("city name", "AN", 2, 30),
    stateOrProvince(),
    S("postal code", "ID", 3, 15),
    S("country code", "ID", 2, 3),
    N(),
    N(),
    S("country subdivision code", "ID", 1, 3),
  ]);

const date = (codes: readonly string[], name: string, max: number): SegmentRule =>
  qualified("DTM", codes, name, "S", max, [
    R("date time qualifier", "ID", 3, 3, codes),
    R("date", "DT", 8, 8),
  ]);

/** CAS: a group code, then up to six triplets of reason, amount and quantity. */
const adjustment = (name: string): SegmentRule => {
  const triplet = (usage: "R" | "S"): ElementRule[] =>
    usage === "R"
      ? [
          R("claim adjustment reason code", "ID", 1, 5),
          R("monetary amount", "R", 1, 18),
          S("quantity", "R", 1, 15),
        ]
      : [
          S("claim adjustment reason code", "ID", 1, 5),
          S("monetary amount", "R", 1, 18),
          S("quantity", "R", 1, 15),
        ];
  return segment("CAS", name, "S", 99, [
    R("claim adjustment group code", "ID", 1, 2, ["CO", "OA", "PI", "PR"]),
    ...triplet("R"),
    ...triplet("S"),
    ...triplet("S"),
    ...triplet("S"),
    ...triplet("S"),
    ...triplet("S"),
  ]);
};

const procedure = (usage: "R" | "S"): ElementRule => {
  const components: ValueRule[] = [
    R("product/service id qualifier", "ID", 2, 2, [
      "AD",
      "ER",
      "HC",
      "HP",
      "IV",
      "N4",
      "N6",
      "NU",
      "UI",
      "WK",
    ]),
    R("procedure code", "AN", 1, 48),
    S("procedure modifier", "AN", 2, 2),
    S("procedure modifier", "AN", 2, 2),
    S("procedure modifier", "AN", 2, 2),
    S("procedure modifier", "AN", 2, 2),
    S("description", "AN", 1, 80),
    N(),
  ];
  return composite(usage, "composite medical procedure identifier", components);
};

const providerAdjustment = (usage: "R" | "S"): ElementRule[] => [
  composite(usage, "adjustment identifier", [
    R("adjustment reason code", "ID", 2, 2, providerAdjustmentReasons),
    S("reference identification", "AN", 1, 50),
  ]),
  usage === "R" ? R("provider adjustment amount", "R", 1, 18) : S("provider adjustment amount", "R", 1, 18),
];

const loop2110 = loop("2110", "service payment information", "S", 999, [
  segment("SVC", "service payment information", "R", 1, [
    procedure("R"),
    R("line item charge amount", "R", 1, 18),
    R("line item provider payment amount", "R", 1, 18),
    S("national uniform billing committee revenue code", "AN", 1, 48),
    S("units of service paid count", "R", 1, 15),
    procedure("S"),
    S("original units of service count", "R", 1, 15),
  ]),
  date(["150", "151", "472"], "service date", 2),
  adjustment("service adjustment"),
  qualified("REF", ["1S", "APC", "BB", "E9", "G1", "G3", "LU", "RB"], "service identification", "S", 8),
  qualified("REF", ["6R"], "line item control number", "S", 1, [
    R("reference identification qualifier", "ID", 2, 3, ["6R"]),
    R("line item control number", "AN", 1, 50),
  ]),
  qualified(
    "REF",
    ["0B", "1A", "1B", "1C", "1D", "1G", "1H", "1J", "D3", "G2", "HPI", "SY", "TJ"],
    "rendering provider information",
    "S",
    10,
  ),
  qualified("REF", ["0K"], "healthcare policy identification", "S", 5),
  qualified(
    "AMT",
    ["B6", "KH", "T", "T2", "ZK", "ZL", "ZM", "ZN", "ZO"],
    "service supplemental amount",
    "S",
    9,
    [
      R("amount qualifier code", "ID", 1, 3, ["B6", "KH", "T", "T2", "ZK", "ZL", "ZM", "ZN", "ZO"]),
      R("service supplemental amount", "R", 1, 18),
    ],
  ),
  quantity(supplementalQuantities, "service supplemental quantity", 6),
  segment("LQ", "health care remark codes", "S", 99, [
    R("code list qualifier code", "ID", 1, 3, ["HE", "RX"]),
    R("remark code", "AN", 1, 30),
  ]),
]);

const loop2100 = loop(
  "2100",
  "claim payment information",
  "R",
  many,
  [
    segment("CLP", "claim payment information", "R", 1, [
      R("patient control number", "AN", 1, 38),
      R("claim status code", "ID", 1, 2, ["1", "2", "3", "4", "19", "20", "21", "22", "23", "25"]),
      R("total claim charge amount", "R", 1, 18),
      R("claim payment amount", "R", 1, 18),
      S("patient responsibility amount", "R", 1, 18),
      R("claim filing indicator code", "ID", 1, 2, claimFilingCodes),
      S("payer claim control number", "AN", 1, 50),
      S("facility type code", "AN", 1, 2),
      S("claim frequency type code", "ID", 1, 1),
      N(),
      S("diagnosis related group code", "AN", 1, 4),
      S("diagnosis related group weight", "R", 1, 15),
      S("discharge fraction", "R", 1, 10),
    ]),
    adjustment("claim adjustment"),
    qualified("NM1", ["QC"], "patient name", "R", 1, [
      R("entity identifier code", "ID", 2, 3, ["QC"]),
      R("entity type qualifier", "ID", 1, 1, ["1"]),
      S("patient last name", "AN", 1, 60),
      S("patient first name", "AN", 1, 35),
      S("patient middle name or initial", "AN", 1, 25),
      N(),
      S("patient name suffix", "AN", 1, 10),
      S("identification code qualifier", "ID", 1, 2, ["34", "HN", "II", "MI", "MR"]),
      S("patient identifier", "AN", 2, 80),
    ]),
    qualified("NM1", ["IL"], "insured name", "S", 1),
    qualified("NM1", ["74"], "corrected patient/insured name", "S", 1),
    qualified("NM1", ["82"], "service provider name", "S", 1),
    qualified("NM1", ["TT"], "crossover carrier name", "S", 1),
    qualified("NM1", ["PR"], "corrected priority payer name", "S", 1),
    qualified("NM1", ["GB"], "other subscriber name", "S", 1),
    segment("MIA", "inpatient adjudication information", "S", 1),
    segment("MOA", "outpatient adjudication information", "S", 1, [
      S("reimbursement rate", "R", 1, 10),
      S("HCPCS payable amount", "R", 1, 18),
      S("claim payment remark code", "AN", 1, 50),
      S("claim payment remark code", "AN", 1, 50),
      S("claim payment remark code", "AN", 1, 50),
      S("claim payment remark code", "AN", 1, 50),
      S("claim payment remark code", "AN", 1, 50),
      S("end stage renal disease payment amount", "R", 1, 18),
      S("non-payable professional component amount", "R", 1, 18),
    ]),
    qualified(
      "REF",
      ["1L", "1W", "28", "6P", "9A", "9C", "BB", "CE", "EA", "F8", "G1", "G3", "IG", "SY"],
      "other claim related identification",
      "S",
      5,
    ),
    qualified(
      "REF",
      ["0B", "1A", "1B", "1C", "1D", "1G", "1H", "1J", "D3", "G2", "LU"],
      "rendering provider identification",
      "S",
      10,
    ),
    date(["232", "233"], "statement from or to date", 2),
    date(["036"], "coverage expiration date", 1),
    date(["050"], "claim received date", 1),
    qualified("PER", ["CX"], "claim contact information", "S", 2),
    qualified("AMT", claimAmounts, "claim supplemental information", "S", 13, [
      R("amount qualifier code", "ID", 1, 3, claimAmounts),
      R("claim supplemental information amount", "R", 1, 18),
      N(),
    ]),
    quantity(
      ["CA", "CD", "LA", "LE", "NE", "NR", "OU", "PS", "VS", ...supplementalQuantities],
      "claim supplemental information quantity",
      14,
    ),
  ],
  [loop2110],
);

const header = loop(
  "HEADER",
  "transaction set header",
  "R",
  1,
  [
    segment("ST", "transaction set header", "R", 1, [
      R("transaction set identifier code", "ID", 3, 3, ["835"]),
      R("transaction set control number", "AN", 4, 9),
      // 005010X221A1 ST03 is "not used": GS08 names the guide. A sender that fills it gets a warning.
      tolerated("implementation convention reference"),
    ]),
    segment("BPR", "financial information", "R", 1, [
      R("transaction handling code", "ID", 1, 2, ["C", "D", "H", "I", "P", "U", "X"]),
      R("total actual provider payment amount", "R", 1, 18),
      R("credit or debit flag code", "ID", 1, 1, ["C", "D"]),
      R("payment method code", "ID", 3, 3, ["ACH", "BOP", "CHK", "FWT", "NON"]),
      S("payment format code", "ID", 1, 10, ["CCP", "CTX"]),
      S("depository financial institution id number qualifier", "ID", 2, 2, ["01", "04"]),
      S("sender DFI identifier", "AN", 3, 12),
      S("account number qualifier", "ID", 1, 3, ["DA"]),
      S("sender bank account number", "AN", 1, 35),
      S("originating company identifier", "AN", 10, 10),
      S("originating company supplemental code", "AN", 9, 9),
      S("depository financial institution id number qualifier", "ID", 2, 2, ["01", "04"]),
      S("receiver or provider bank id number", "AN", 3, 12),
      S("account number qualifier", "ID", 1, 3, ["DA", "SG"]),
      S("receiver or provider account number", "AN", 1, 35),
      R("check issue or EFT effective date", "DT", 8, 8),
      S("business function code", "ID", 1, 3),
      S("DFI id number qualifier", "ID", 2, 2),
      S("DFI identification number", "AN", 3, 12),
      S("account number qualifier", "ID", 1, 3),
      S("account number", "AN", 1, 35),
    ]),
    segment("TRN", "reassociation trace number", "R", 1, [
      R("trace type code", "ID", 1, 2, ["1"]),
      R("check or EFT trace number", "AN", 1, 50),
      R("payer identifier", "AN", 10, 10),
      S("originating company supplemental code", "AN", 1, 50),
    ]),
    segment("CUR", "foreign currency information", "S", 1),
    qualified("REF", ["EV"], "receiver identification", "S", 1),
    qualified("REF", ["F2"], "version identification", "S", 1),
    qualified("DTM", ["405"], "production date", "S", 1, [
      R("date time qualifier", "ID", 3, 3, ["405"]),
      R("production date", "DT", 8, 8),
    ]),
  ],
  [
    loop("1000A", "payer identification", "R", 1, [
      qualified("N1", ["PR"], "payer identification", "R", 1, [
        R("entity identifier code", "ID", 2, 3, ["PR"]),
        R("payer name", "AN", 1, 60),
        S("identification code qualifier", "ID", 1, 2, ["XV"]),
        S("payer identifier", "AN", 2, 80),
      ]),
      n3("R"),
      n4("R"),
      qualified("REF", ["2U", "EO", "HI", "NF"], "additional payer identification", "S", 4),
      qualified("PER", ["CX"], "payer business contact information", "S", 1),
      qualified("PER", ["BL"], "payer technical contact information", "R", many, [
        R("contact function code", "ID", 2, 2, ["BL"]),
        S("payer technical contact name", "AN", 1, 60),
        // 005010X221A1 1000A PER*BL: PER03 EM/TE/UR; PER05 EM/EX/FX/TE/UR; PER07 EM/EX/FX/UR
        // (an e-mail or fax may follow the phone; found by the pyx12 comparison, docs/x12-conformance.md).
        R("communication number qualifier", "ID", 2, 2, ["EM", "TE", "UR"]),
        R("communication number", "AN", 1, 256),
        S("communication number qualifier", "ID", 2, 2, ["EM", "EX", "FX", "TE", "UR"]),
        S("communication number", "AN", 1, 256),
        S("communication number qualifier", "ID", 2, 2, ["EM", "EX", "FX", "UR"]),
        S("communication number", "AN", 1, 256),
      ]),
      qualified("PER", ["IC"], "payer website", "S", 1),
    ]),
    loop("1000B", "payee identification", "R", 1, [
      qualified("N1", ["PE"], "payee identification", "R", 1, [
        R("entity identifier code", "ID", 2, 3, ["PE"]),
        R("payee name", "AN", 1, 60),
        R("identification code qualifier", "ID", 1, 2, ["FI", "XV", "XX"]),
        R("payee identification code", "AN", 2, 80),
      ]),
      n3("S"),
      n4("S"),
      qualified("REF", ["0B", "D3", "PQ", "TJ"], "payee additional identification", "S", many, [
        R("reference identification qualifier", "ID", 2, 3, ["0B", "D3", "PQ", "TJ"]),
        R("additional payee identifier", "AN", 1, 50),
      ]),
      segment("RDM", "remittance delivery method", "S", 1),
    ]),
    loop(
      "2000",
      "header number",
      "S",
      many,
      [
        segment("LX", "header number", "R", 1, [R("assigned number", "N0", 1, 6)]),
        segment("TS3", "provider summary information", "S", 1),
        segment("TS2", "provider supplemental summary information", "S", 1),
      ],
      [loop2100],
    ),
    // Table 3: PLB follows the claims; each one is modelled as a repeat of a summary loop.
    loop("SUMMARY", "provider adjustment", "S", many, [
      segment("PLB", "provider adjustment", "R", 1, [
        R("provider identifier", "AN", 1, 50),
        R("fiscal period date", "DT", 8, 8),
        ...providerAdjustment("R"),
        ...providerAdjustment("S"),
        ...providerAdjustment("S"),
        ...providerAdjustment("S"),
        ...providerAdjustment("S"),
        ...providerAdjustment("S"),
      ]),
    ]),
  ],
);

export const guide835: TransactionGuide = {
  version: "005010X221A1",
  transactionSet: "835",
  functionalGroup: "HP",
  reference: snipReference.guide835,
  header,
  shapes: segmentShapes,
};
