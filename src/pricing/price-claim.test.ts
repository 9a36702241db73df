import { describe, expect, it } from "vitest";
import { Problem, type ProblemIssue } from "../model/problem.js";
import { InputError } from "../model/validate.js";
import { packReference } from "../test-support/reference.js";
import { claimOf, medicare, profileOf, seedLines } from "./claim-builder.test-support.js";
import { estimateAllowedByLine, priceClaim } from "./price-claim.js";
import { sharedReference } from "./test-support.js";

/**
 * Oracle tables: every expected figure was computed by hand (decimal arithmetic, not this
 * engine) from the real files in ../shared/data: PPRRVU2025_Oct.csv, the 2026 July
 * non-QPP excerpt, GPCI2025.csv and GPCI2026.csv; conversion factors 32.3465 (2025) and
 * 33.4009 (2026, non-qualifying APM).
 */

describe("contract §4 example: 2025 national, 97110 x2 + 97140 + 97012 under MPPR", () => {
  // RVUs 2025 (work / non-facility PE / MP): 97110 0.45/0.43/0.01, 97140 0.43/0.40/0.01, 97012 0.25/0.18/0.01.
  // National GPCIs 1.000. Highest PE of the day: 97110 (0.43), its first unit in full.
  // 97110 unit 1: (0.45 + 0.43 + 0.01) x 32.3465 = 0.89 x 32.3465 = 28.788385
  // 97110 unit 2: (0.45 + 0.215 + 0.01) x 32.3465 = 0.675 x 32.3465 = 21.8338875
  //   line = 50.6222725 -> 50.62
  // 97140: (0.43 + 0.20 + 0.01) x 32.3465 = 0.64 x 32.3465 = 20.70176 -> 20.70
  // 97012: (0.25 + 0.09 + 0.01) x 32.3465 = 0.35 x 32.3465 = 11.321275 -> 11.32
  // allowed 82.64; coinsurance 82.64 x 20% = 16.528 -> 16.53; payment 66.11;
  // sequestration 66.11 x 2% = 1.3222 -> 1.32; paid 64.79.
  const claim = claimOf({
    date: "2025-11-03",
    lines: [
      ["97110", 2],
      ["97140", 1, ["GP", "XS"]],
      ["97012", 1],
    ],
    deductibleRemaining: "0.00",
  });
  const estimate = priceClaim(claim, medicare());

  it("prices each line and the claim to the cent", () => {
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["50.62", "20.70", "11.32"]);
    expect(estimate).toMatchObject({
      year: 2025,
      schedule: "MPFS",
      edition: "2025 October release",
      locality: null,
      setting: "non-facility",
      conversionFactor: "32.3465",
      allowed: "82.64",
      deductibleApplied: "0.00",
      coinsurance: "16.53",
      payerPayment: "66.11",
      sequestration: "1.32",
      payerPaid: "64.79",
      patientResponsibility: "16.53",
      limitingCharge: null,
    });
    expect(estimate.warnings).toEqual([]);
  });

  it("reports MPPR per line as rounded full line minus rounded reduced line", () => {
    // 97110: 2 x 28.788385 = 57.57677 -> 57.58; 57.58 - 50.62 = 6.96.
    // 97140: 0.84 x 32.3465 = 27.17106 -> 27.17; 27.17 - 20.70 = 6.47.
    // 97012: 0.44 x 32.3465 = 14.23246 -> 14.23; 14.23 - 11.32 = 2.91.
    expect(estimate.lines.map((l) => l.mpprReduction)).toEqual(["6.96", "6.47", "2.91"]);
    expect(estimate.lines[0]!.notes).toContain("first unit priced in full: highest PE of the day");
  });

  it("writes every number as a line a person can check", () => {
    expect(estimate.trace).toContain(
      "97110 unit 1: (0.45 x 1.000 + 0.43 x 1.000 + 0.01 x 1.000) x 32.3465 = 28.788385",
    );
    expect(estimate.trace).toContain(
      "97110 unit 2 (MPPR, 50% of PE): (0.45 x 1.000 + 0.43 x 0.50 x 1.000 + 0.01 x 1.000) x 32.3465 = 21.8338875",
    );
    expect(estimate.trace).toContain("line 1 97110 allowed: 50.6222725 -> 50.62");
    expect(estimate.trace).toContain("allowed: 50.62 + 20.70 + 11.32 = 82.64");
    expect(estimate.trace).toContain("coinsurance: (82.64 - 0.00) x 20% = 16.528 -> 16.53");
    expect(estimate.trace).toContain("sequestration: 66.11 x 2% = 1.3222 -> 1.32");
  });
});

interface LocalityCase {
  name: string;
  year: 2025 | 2026;
  locality: string;
  /** work / PE / MP GPCIs from the year's Addendum E, for the reader. */
  gpcis: string;
  lines: [string, string, string];
  mppr: [string, string, string];
  allowed: string;
  coinsurance: string;
  payerPayment: string;
  sequestration: string;
  payerPaid: string;
}

// The seed visit 97012 + 97110 x2 + 97140 in each locality. Lines in claim order.
// 2026 Miami, for instance: 97110 unit 1 (0.45 x 1.000 + 0.41 x 1.041 + 0.01 x 2.529) x 33.4009
// = 30.13095189, unit 2 with PE 0.205: 23.0030328255; line 53.1339847155 -> 53.13.
const localityCases: LocalityCase[] = [
  {
    name: "Miami",
    year: 2025,
    locality: "09102-04",
    gpcis: "1.000 / 1.027 / 2.500",
    lines: ["11.89", "52.16", "21.36"],
    mppr: ["2.98", "7.14", "6.65"],
    allowed: "85.41",
    coinsurance: "17.08",
    payerPayment: "68.33",
    sequestration: "1.37",
    payerPaid: "66.96",
  },
  {
    name: "Manhattan",
    year: 2025,
    locality: "13202-01",
    gpcis: "1.065 / 1.166 / 1.656",
    lines: ["12.54", "56.40", "22.89"],
    mppr: ["3.40", "8.11", "7.55"],
    allowed: "91.83",
    coinsurance: "18.37",
    payerPayment: "73.46",
    sequestration: "1.47",
    payerPaid: "71.99",
  },
  {
    name: "Houston",
    year: 2025,
    locality: "04412-18",
    gpcis: "1.014 / 1.003 / 1.409",
    lines: ["11.58", "51.36", "21.05"],
    mppr: ["2.92", "6.97", "6.49"],
    allowed: "83.99",
    coinsurance: "16.80",
    payerPayment: "67.19",
    sequestration: "1.34",
    payerPaid: "65.85",
  },
  {
    name: "Los Angeles",
    year: 2025,
    locality: "01182-18",
    gpcis: "1.042 / 1.194 / 0.690",
    lines: ["12.13", "55.69", "22.44"],
    mppr: ["3.47", "8.31", "7.73"],
    allowed: "90.26",
    coinsurance: "18.05",
    payerPayment: "72.21",
    sequestration: "1.44",
    payerPaid: "70.77",
  },
  {
    name: "Rest of Florida",
    year: 2025,
    locality: "09102-99",
    gpcis: "1.000 / 0.940 / 1.467",
    lines: ["11.30", "49.67", "20.46"],
    mppr: ["2.73", "6.54", "6.09"],
    allowed: "81.43",
    coinsurance: "16.29",
    payerPayment: "65.14",
    sequestration: "1.30",
    payerPaid: "63.84",
  },
  {
    name: "Miami",
    year: 2026,
    locality: "09102-04",
    gpcis: "1.000 / 1.041 / 2.529",
    lines: ["11.99", "53.13", "21.99"],
    mppr: ["3.13", "7.13", "6.78"],
    allowed: "87.11",
    coinsurance: "17.42",
    payerPayment: "69.69",
    sequestration: "1.39",
    payerPaid: "68.30",
  },
  {
    name: "Manhattan",
    year: 2026,
    locality: "13202-01",
    gpcis: "1.064 / 1.162 / 1.586",
    lines: ["12.55", "56.91", "23.38"],
    mppr: ["3.50", "7.96", "7.57"],
    allowed: "92.84",
    coinsurance: "18.57",
    payerPayment: "74.27",
    sequestration: "1.49",
    payerPaid: "72.78",
  },
  {
    name: "Houston",
    year: 2026,
    locality: "04412-18",
    gpcis: "1.008 / 0.993 / 1.376",
    lines: ["11.52", "51.62", "21.40"],
    mppr: ["2.99", "6.80", "6.47"],
    allowed: "84.54",
    coinsurance: "16.91",
    payerPayment: "67.63",
    sequestration: "1.35",
    payerPaid: "66.28",
  },
  {
    name: "Los Angeles",
    year: 2026,
    locality: "01182-18",
    gpcis: "1.041 / 1.183 / 0.664",
    lines: ["12.12", "56.04", "22.88"],
    mppr: ["3.56", "8.10", "7.70"],
    allowed: "91.04",
    coinsurance: "18.21",
    payerPayment: "72.83",
    sequestration: "1.46",
    payerPaid: "71.37",
  },
  {
    name: "Rest of Florida",
    year: 2026,
    locality: "09102-99",
    gpcis: "1.000 / 0.956 / 1.503",
    lines: ["11.39", "50.70", "21.09"],
    mppr: ["2.88", "6.55", "6.23"],
    allowed: "83.18",
    coinsurance: "16.64",
    payerPayment: "66.54",
    sequestration: "1.33",
    payerPaid: "65.21",
  },
];

// One table, every source of reference data (style.md: the same pricing table on every path).
const sources = [
  { source: "the CMS files in ../shared/data", reference: sharedReference },
  { source: "the bundled pack", reference: packReference },
];

describe.each(sources)("the seed visit by locality, 2025 and 2026, from $source", ({ reference }) => {
  it.each(localityCases)("$year $name ($locality, GPCIs $gpcis)", (c) => {
    const date = c.year === 2025 ? "2025-11-03" : "2026-03-02";
    const estimate = priceClaim(
      claimOf({ date, lines: seedLines, locality: c.locality, deductibleRemaining: "0.00" }),
      medicare({ reference: reference() }),
    );
    expect(estimate.locality).toMatchObject({ mac: c.locality.slice(0, 5), locality: c.locality.slice(6) });
    expect(estimate.lines.map((l) => l.allowed)).toEqual(c.lines);
    expect(estimate.lines.map((l) => l.mpprReduction)).toEqual(c.mppr);
    expect(estimate).toMatchObject({
      allowed: c.allowed,
      coinsurance: c.coinsurance,
      payerPayment: c.payerPayment,
      sequestration: c.sequestration,
      payerPaid: c.payerPaid,
      patientResponsibility: c.coinsurance,
    });
    const [work, pe, mp] = c.gpcis.split(" / ");
    expect(estimate.trace.some((t) => t.endsWith(`GPCIs work ${work}, PE ${pe}, MP ${mp}`))).toBe(true);
  });
});

describe("edition and locality of the seed visit", () => {
  it("names the locality from the GPCI row and the 2026 July release used for a March visit", () => {
    const estimate = priceClaim(
      claimOf({ date: "2026-03-02", lines: seedLines, locality: "09102-04", deductibleRemaining: "0.00" }),
      medicare(),
    );
    expect(estimate.locality).toEqual({ mac: "09102", locality: "04", name: "MIAMI" });
    expect(estimate.edition).toBe("2026 July release (non-QPP)");
    expect(estimate.conversionFactor).toBe("33.4009");
    // Contract §3 reference-data: the closest release of the same year, named in a warning.
    expect(estimate.warnings).toEqual([
      expect.stringMatching(/^RVUs for 2026-03-02: no loaded edition covers 2026-03-02; .*2026 July release/),
    ]);
  });

  it("uses the July release without a warning for a date it covers", () => {
    const estimate = priceClaim(
      claimOf({ date: "2026-07-15", lines: seedLines, locality: "09102-04", deductibleRemaining: "0.00" }),
      medicare(),
    );
    expect(estimate.allowed).toBe("87.11");
    expect(estimate.warnings).toEqual([]);
  });
});

describe("locality choice", () => {
  const seed = (extra: { locality?: string; zip?: string }) =>
    claimOf({ date: "2026-07-15", lines: seedLines, deductibleRemaining: "0.00", ...extra });

  it("derives the locality from the billing provider's ZIP (CMS ZIP5 file)", () => {
    const estimate = priceClaim(seed({ zip: "33101" }), medicare());
    expect(estimate.locality).toEqual({ mac: "09102", locality: "04", name: "MIAMI" });
    expect(estimate.allowed).toBe("87.11");
  });

  // Medicare pays by the locality where the service was furnished (Pub. 100-04 ch. 1 §10.1.1).
  // A Miami practice treating at an Orlando clinic (ZIP 32801: 09102-99 Rest of Florida in the
  // CMS ZIP5 file). By hand, 2026 GPCIs 1.000 / 0.956 / 1.503, CF 33.4009, MPPR on every unit
  // but 97110's first: 97012 11.39, 97110 x2 50.70, 97140 21.09 = 83.18 (Miami: 87.11).
  it.each<[string, Record<string, string>, string, string]>([
    ["its ZIP", { zip: "328011234" }, "99", "83.18"],
    ["its locality, over its ZIP", { zip: "33101", locality: "09102-99" }, "99", "83.18"],
  ])(
    "prices at the service facility's locality (2310C) ahead of the billing provider's: %s",
    (_, where, locality, allowed) => {
      const claim = {
        ...seed({ locality: "09102-04" }),
        serviceFacility: { name: "Orlando clinic", ...where },
      };
      const estimate = priceClaim(claim, medicare());
      expect(estimate.locality).toMatchObject({ mac: "09102", locality });
      expect(estimate.allowed).toBe(allowed);
    },
  );

  it("lets --locality and --zip win over the claim", () => {
    expect(priceClaim(seed({ locality: "09102-04" }), medicare({ locality: "13202-01" })).allowed).toBe(
      "92.84",
    );
    expect(priceClaim(seed({ locality: "09102-04" }), medicare({ zip: "10001" })).locality?.name).toBe(
      "MANHATTAN",
    );
  });

  it("prices nationally only when no locality or ZIP is given, or when asked", () => {
    const none = priceClaim(seed({}), medicare());
    expect(none.locality).toBeNull();
    expect(none.trace).toContain(
      "locality: national (no locality given): GPCIs work 1.000, PE 1.000, MP 1.000",
    );
    // 2026 national: 97012 11.36, 97110 51.27, 97140 21.21.
    expect(none.allowed).toBe("83.84");
    const asked = priceClaim(seed({ locality: "09102-04" }), medicare({ locality: "national" }));
    expect(asked.locality).toBeNull();
    expect(asked.allowed).toBe("83.84");
  });

  it("throws a clear InputError for an unknown or malformed explicit locality", () => {
    expect(() => priceClaim(seed({}), medicare({ locality: "09102-05" }))).toThrow(InputError);
    // The core names the option by its domain path and code; the CLI turns it into --locality.
    expect(issueOf(() => priceClaim(seed({}), medicare({ locality: "09102-05" })))).toMatchObject({
      code: "locality-unknown",
      path: "pricing.locality",
      data: { locality: "09102-05", edition: "CY2026 GPCIs (Addendum E)" },
    });
    expect(issueOf(() => priceClaim(seed({}), medicare({ locality: "miami" })))).toMatchObject({
      code: "invalid-option",
      path: "pricing.locality",
    });
    expect(() => priceClaim(seed({}), medicare({ locality: "miami" }))).toThrow(/expected a MAC-locality/);
    expect(() => priceClaim(seed({ locality: "09102-05" }), medicare())).toThrow(
      /\$\.billingProvider\.locality/,
    );
    expect(issueOf(() => priceClaim(seed({}), medicare({ zip: "3310" })))).toMatchObject({
      code: "invalid-option",
      path: "pricing.zip",
      message: 'expected a 5-digit ZIP code such as 33101, got "3310"',
    });
  });

  it("leaves lines unpriced (never national) when a ZIP leads to no locality", () => {
    const estimate = priceClaim(seed({ zip: "00000" }), medicare());
    expect(estimate.locality).toBeNull();
    expect(estimate.allowed).toBe("0.00");
    expect(estimate.lines.every((l) => l.allowed === "0.00")).toBe(true);
    expect(estimate.warnings?.[0]).toMatch(/no pricing locality: ZIP 00000 .* is not in ZIP5 2025Q4/);
    expect(estimate.warnings).toContainEqual(expect.stringMatching(/^line 2 \(97110\) cannot be priced/));
    expect(estimateAllowedByLine(seed({ zip: "00000" }), medicare())).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("therapy MPPR", () => {
  it("gives the full unit to the higher full fee when PEs tie (97028 vs G0281, PE 0.16)", () => {
    // 2025 national: G0281 (0.18 + 0.16 + 0.01) x 32.3465 = 11.321275 -> 11.32, in full.
    // 97028 with half PE: (0.08 + 0.08 + 0.01) x 32.3465 = 5.498905 -> 5.50.
    const estimate = priceClaim(
      claimOf({
        date: "2025-11-03",
        lines: [
          ["97028", 1],
          ["G0281", 1],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["5.50", "11.32"]);
    expect(estimate.lines[1]!.notes).toContain("first unit priced in full: highest PE of the day");
  });

  it("gives the full unit to the earliest line when PE and fee tie (97116 then 97110, 2025)", () => {
    // Both 0.45 / 0.43 / 0.01: full 28.788385 -> 28.79; half PE 21.8338875 -> 21.83.
    const estimate = priceClaim(
      claimOf({
        date: "2025-11-03",
        lines: [
          ["97116", 1],
          ["97110", 1],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["28.79", "21.83"]);
  });

  it("works per date of service: each day has its own full unit", () => {
    const estimate = priceClaim(
      claimOf({
        date: "2025-11-03",
        lines: [
          ["97110", 1, ["GP"], "2025-11-03"],
          ["97110", 1, ["GP"], "2025-11-05"],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["28.79", "28.79"]);
    expect(estimate.lines.map((l) => l.mpprReduction)).toEqual(["0.00", "0.00"]);
  });

  it("leaves codes without indicator 5 whole (98940, indicator 0)", () => {
    // 2025 national 98940 non-facility: (0.45 + 0.36 + 0.01)... taken from the file: 26.52413 -> 26.52.
    const estimate = priceClaim(
      claimOf({
        date: "2025-11-03",
        lines: [
          ["97110", 1],
          ["98940", 1, ["AT"]],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["28.79", "26.52"]);
  });

  it("is off when the profile says so", () => {
    const profile = profileOf({ type: "medicare", mppr: false });
    const estimate = priceClaim(
      claimOf({ date: "2025-11-03", lines: seedLines, deductibleRemaining: "0.00" }),
      medicare({ profile }),
    );
    // Full fees: 97012 14.23, 97110 57.58, 97140 27.17.
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["14.23", "57.58", "27.17"]);
    expect(estimate.allowed).toBe("98.98");
  });
});

describe("assistant (CQ/CO), non-participating and APM", () => {
  it("pays 85% on CQ lines: PTA 23 + PT 13 min of 97110, PT 30 min of 97140 (CMS CQ example)", () => {
    // 2026 Miami: 97110 x2 CQ: 53.1339847155 x 0.85 = 45.163887008175 -> 45.16 (reduction 53.13 - 45.16 = 7.97).
    // 97140 x2 at half PE: 2 x 21.9873114565 = 43.974622913 -> 43.97 (MPPR 57.53 - 43.97 = 13.57... see below).
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        lines: [
          ["97110", 2, ["GP", "CQ"]],
          ["97140", 2, ["GP"]],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["45.16", "43.97"]);
    expect(estimate.lines.map((l) => l.assistantReduction)).toEqual(["7.97", "0.00"]);
    // 97140 full: 2 x 28.767527152 = 57.535054304 -> 57.54; 57.54 - 43.97 = 13.57.
    expect(estimate.lines[1]!.mpprReduction).toBe("13.57");
    expect(estimate.allowed).toBe("89.13");
    expect(estimate.trace).toContain("line 1 97110 CQ: 53.1339847155 x 0.85 = 45.163887008175");
  });

  it("ignores CQ/CO when the profile does not reduce for assistants", () => {
    const profile = profileOf({ type: "medicare", assistantReduction: false });
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        lines: [["97110", 2, ["GP", "CQ"]]],
        deductibleRemaining: "0.00",
      }),
      medicare({ profile }),
    );
    expect(estimate.lines[0]!.allowed).toBe("53.13");
    expect(estimate.lines[0]!.notes).toContain("CQ: no assistant reduction under the Test payer profile");
  });

  it("pays a non-participating provider 95% with a 115% limiting charge", () => {
    // 2026 Miami seed visit; unrounded lines 11.990255082, 53.1339847155, 21.9873114565.
    // x 0.95: 11.3907423279 -> 11.39, 50.477285479725 -> 50.48, 20.887945883675 -> 20.89.
    // limiting x 1.15: 13.10, 58.05, 24.02 -> 95.17.
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        lines: seedLines,
        participating: false,
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["11.39", "50.48", "20.89"]);
    expect(estimate.lines.map((l) => l.nonParticipatingReduction)).toEqual(["0.60", "2.65", "1.10"]);
    expect(estimate.lines.map((l) => l.limitingCharge)).toEqual(["13.10", "58.05", "24.02"]);
    expect(estimate).toMatchObject({
      allowed: "82.76",
      coinsurance: "16.55",
      payerPayment: "66.21",
      sequestration: "1.32",
      limitingCharge: "95.17",
    });
  });

  it("uses the qualifying APM conversion factor when asked (2026: 33.5675)", () => {
    const estimate = priceClaim(
      claimOf({ date: "2026-07-15", locality: "09102-04", lines: seedLines, deductibleRemaining: "0.00" }),
      medicare({ qualifyingApm: true }),
    );
    expect(estimate.conversionFactor).toBe("33.5675");
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["12.05", "53.40", "22.10"]);
    expect(estimate.allowed).toBe("87.55");
  });
});

describe("deductible, coinsurance and sequestration", () => {
  const seed = (deductibleRemaining?: string) =>
    claimOf({
      date: "2026-07-15",
      locality: "09102-04",
      lines: seedLines,
      ...(deductibleRemaining !== undefined ? { deductibleRemaining } : {}),
    });

  it("applies a partly met deductible first, then 20% of the rest", () => {
    // allowed 87.11; deductible 50.00; coinsurance (87.11 - 50.00) x 20% = 7.422 -> 7.42;
    // payment 87.11 - 50.00 - 7.42 = 29.69; sequestration 29.69 x 2% = 0.5938 -> 0.59.
    const estimate = priceClaim(seed("50.00"), medicare());
    expect(estimate).toMatchObject({
      allowed: "87.11",
      deductibleApplied: "50.00",
      coinsurance: "7.42",
      payerPayment: "29.69",
      sequestration: "0.59",
      payerPaid: "29.10",
      patientResponsibility: "57.42",
    });
  });

  it("never applies more deductible than the allowed amount", () => {
    const estimate = priceClaim(seed("283.00"), medicare());
    expect(estimate).toMatchObject({
      deductibleApplied: "87.11",
      coinsurance: "0.00",
      payerPayment: "0.00",
      payerPaid: "0.00",
    });
  });

  it("lets --deductible-remaining override the claim, and rejects a malformed one", () => {
    expect(priceClaim(seed("0.00"), medicare({ deductibleRemaining: "10.00" })).deductibleApplied).toBe(
      "10.00",
    );
    expect(issueOf(() => priceClaim(seed(), medicare({ deductibleRemaining: "ten" })))).toMatchObject({
      code: "invalid-option",
      path: "pricing.deductibleRemaining",
    });
    expect(() => priceClaim(seed(), medicare({ deductibleRemaining: "-1.00" }))).toThrow(InputError);
  });

  it("assumes the deductible met when none is given, and says so", () => {
    const estimate = priceClaim(seed(), medicare());
    expect(estimate.deductibleApplied).toBe("0.00");
    expect(estimate.warnings).toContain(
      "deductibleRemaining not given: the deductible is assumed met (0.00 remaining)",
    );
  });

  it("warns when the remaining deductible exceeds the year's Part B deductible", () => {
    expect(priceClaim(seed("300.00"), medicare()).warnings).toContain(
      "deductible remaining 300.00 is more than the 2026 Part B deductible (283.00)",
    );
  });

  it("takes no sequestration when the profile turns it off (Medicare Advantage default)", () => {
    const profile = profileOf({ type: "medicare-advantage" });
    const estimate = priceClaim(seed("0.00"), medicare({ profile }));
    expect(estimate).toMatchObject({ payerPayment: "69.69", sequestration: "0.00", payerPaid: "69.69" });
  });

  it("uses the profile's coinsurance percent and deductible switch", () => {
    const profile = profileOf({
      type: "commercial",
      pricing: { basis: "medicare", coinsurancePercent: "10", deductible: false },
    });
    const estimate = priceClaim(seed("50.00"), medicare({ profile }));
    // Commercial: no MPPR, so full fees 15.12 + 60.26 + 28.77 = 104.15; no deductible;
    // coinsurance 104.15 x 10% = 10.415 -> 10.42; no sequestration.
    expect(estimate).toMatchObject({
      allowed: "104.15",
      deductibleApplied: "0.00",
      coinsurance: "10.42",
      payerPayment: "93.73",
      sequestration: "0.00",
      payerPaid: "93.73",
    });
    expect(estimate.warnings).not.toContainEqual(expect.stringMatching(/deductible/));
  });
});

describe("setting from the place of service", () => {
  it.each([
    // 98940 2026 Miami: facility (0.45 x 1.000 + 0.09 x 1.041 + 0.01 x 2.529) x 33.4009 = 19.004444082.
    { pos: "22", setting: "facility", allowed: "19.00" },
    { pos: "21", setting: "facility", allowed: "19.00" },
    // non-facility: (0.45 + 0.34 x 1.041 + 0.01 x 2.529) x 33.4009 = 27.697028307.
    { pos: "11", setting: "non-facility", allowed: "27.70" },
  ])("98940 in Miami 2026 at POS $pos is $setting: $allowed", ({ pos, setting, allowed }) => {
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        pos,
        lines: [["98940", 1, ["AT"]]],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.setting).toBe(setting);
    expect(estimate.lines[0]!.allowed).toBe(allowed);
  });

  it("prices 98940 nationally in 2025 at the facility rate (0.45 + 0.20 + 0.01) x 32.3465", () => {
    // 2025: facility PE 0.20 -> 0.66 x 32.3465 = 21.34869 -> 21.35.
    const estimate = priceClaim(
      claimOf({ date: "2025-11-03", pos: "22", lines: [["98940", 1, ["AT"]]], deductibleRemaining: "0.00" }),
      medicare(),
    );
    expect(estimate.lines[0]!.allowed).toBe("21.35");
  });

  it("uses the non-facility PE, with a note, where the facility PE is NA (therapy at POS 22)", () => {
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        pos: "22",
        lines: [["97110", 1]],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines[0]!.allowed).toBe("30.13");
    expect(estimate.lines[0]!.notes).toContain(
      "97110 has no facility PE (NA in the RVU file): priced with its non-facility PE 0.41",
    );
  });
});

describe("status codes", () => {
  const one = (code: string, date = "2026-07-15", payerType?: "commercial") =>
    priceClaim(
      claimOf({
        date,
        locality: "09102-04",
        lines: [[code, 1]],
        deductibleRemaining: "0.00",
        ...(payerType ? { payerType } : {}),
      }),
      payerType ? medicare({ profile: profileOf({ type: payerType }) }) : medicare(),
    );

  it("C (97039): no national amount, not guessed; a note and a warning", () => {
    const estimate = one("97039");
    expect(estimate.lines[0]).toMatchObject({ status: "C", allowed: "0.00" });
    expect(estimate.lines[0]!.notes[0]).toMatch(/carrier-priced: the MAC sets the amount/);
    expect(estimate.warnings).toContainEqual(
      expect.stringMatching(/^line 1 \(97039\) cannot be priced: .*carrier-priced/),
    );
    expect(estimateAllowedByLine(claimOf({ date: "2026-07-15", lines: [["97039", 1]] }), medicare())).toEqual(
      [undefined],
    );
  });

  it("I (97014): not valid for Medicare, $0, names G0283", () => {
    const estimate = one("97014");
    expect(estimate.lines[0]).toMatchObject({ status: "I", allowed: "0.00" });
    expect(estimate.lines[0]!.notes[0]).toBe(
      "status I: not valid for Medicare: Medicare uses another code (G0283); allowed 0.00",
    );
    expect(estimateAllowedByLine(claimOf({ date: "2026-07-15", lines: [["97014", 1]] }), medicare())).toEqual(
      [0],
    );
  });

  it("I (97014) for a commercial payer on an MPFS basis: $0 with a warning to use a fee table", () => {
    const estimate = one("97014", "2026-07-15", "commercial");
    expect(estimate.warnings).toContainEqual(expect.stringMatching(/no fee schedule amount \(status I\)/));
  });

  it.each([
    { code: "97010", status: "B", text: /bundled/ },
    { code: "98943", status: "N", text: /not covered by Medicare/ },
    { code: "32850", status: "X", text: /statutory exclusion/ },
  ])("$status ($code): $0 with a note", ({ code, status, text }) => {
    const estimate = one(code, "2025-11-03");
    expect(estimate.lines[0]).toMatchObject({ status, allowed: "0.00" });
    expect(estimate.lines[0]!.notes[0]).toMatch(text);
  });

  it("R (97026): priced from its RVUs, with a note", () => {
    // 2026 Miami: (0.06 + 0.13 x 1.041 + 0.01 x 2.529) x 33.4009 = 0.22062 x 33.4009 = 7.368906558 -> 7.37.
    const estimate = one("97026");
    expect(estimate.lines[0]).toMatchObject({ status: "R", allowed: "7.37" });
    expect(estimate.lines[0]!.notes).toContain(
      "status R: restricted coverage: paid only under special coverage instructions",
    );
  });

  it("a code missing from the release cannot be priced (99213 is not in the 2026 excerpt)", () => {
    const estimate = one("99213");
    expect(estimate.lines[0]!.allowed).toBe("0.00");
    expect(estimate.lines[0]!.notes[0]).toMatch(/99213 is not in 2026 July release/);
  });

  it("a year with no RVU release cannot be priced and says so", () => {
    const estimate = priceClaim(
      claimOf({ date: "2024-05-01", lines: [["97110", 1]], deductibleRemaining: "0.00" }),
      medicare(),
    );
    expect(estimate.lines[0]!.notes[0]).toBe(
      "not priced: no RVU release of 2024 is loaded, so there is no fee schedule amount for 2024-05-01",
    );
    expect(estimate.allowed).toBeNull();
  });
});

/**
 * Issue 8 §1: a date with no RVU release or no GPCI table is never priced 0.00. The data
 * loaded here holds RVUs and GPCIs of 2025 and 2026 only (PPRRVU2025_Oct.csv, the 2026
 * excerpt, GPCI2025.csv, GPCI2026.csv), so 2024, 2027 and 2030 have neither.
 */
describe("dates with no fee schedule", () => {
  const amounts = [
    "allowed",
    "deductibleApplied",
    "coinsurance",
    "payerPayment",
    "sequestration",
    "payerPaid",
    "patientResponsibility",
  ] as const;
  const cases: Array<{
    name: string;
    claim: Parameters<typeof claimOf>[0];
    options?: Parameters<typeof medicare>[0];
    files: string;
    location: string;
    gap: string;
  }> = [
    {
      name: "a 2027 date of service in Miami",
      claim: { date: "2027-03-02", lines: seedLines, locality: "09102-04" },
      files: "PPRRVU2027 and GPCI2027",
      location: "$.lines[0].dateOfService",
      gap: "no fee schedule for 2027: neither an RVU release nor a GPCI table of 2027 is loaded",
    },
    {
      name: "a 2026 claim priced with --year 2030",
      claim: { date: "2026-03-02", lines: seedLines, locality: "09102-04" },
      options: { year: 2030 },
      files: "PPRRVU2030 and GPCI2030",
      location: "pricing.year",
      gap: "no fee schedule for 2030 (the year asked to price with): neither an RVU release nor a GPCI table of 2030 is loaded",
    },
    {
      name: "a national 2027 claim needs no GPCI table, only the RVUs",
      claim: { date: "2027-03-02", lines: seedLines },
      files: "PPRRVU2027",
      location: "$.lines[0].dateOfService",
      gap: "no fee schedule for 2027: no RVU release of 2027 is loaded",
    },
  ];
  it.each(cases)("$name: no amounts and a reference-data error naming $files", (c) => {
    const estimate = priceClaim(
      claimOf({ ...c.claim, deductibleRemaining: "0.00" }),
      medicare(c.options ?? {}),
    );
    for (const field of amounts) expect(estimate[field], field).toBeNull();
    expect(estimate.lines.map((l) => l.allowed)).toEqual([null, null, null]);
    expect(estimate.findings).toEqual([
      {
        rule: "reference-data",
        severity: "error",
        lines: [0, 1, 2],
        message: `${c.gap}, so the claim has no estimate (no amounts, never 0.00): import ${c.files} with \`cleanclaim data import\``,
        reference: `CMS Medicare PFS Relative Value Files (${c.files}); contract §4.1: priced with the year of the date of service`,
        location: c.location,
      },
    ]);
  });

  it("a claim over 2026 and 2027 keeps the 2026 line's amount, and gives no totals", () => {
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        lines: [
          ["97110", 1],
          ["97110", 1, ["GP"], "2027-01-04"],
        ],
        locality: "09102-04",
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines[0]!.allowed).not.toBeNull();
    expect(estimate.lines[1]!.allowed).toBeNull();
    expect(estimate.allowed).toBeNull();
    expect(estimate.findings?.map((f) => [f.severity, f.lines])).toEqual([["error", [1]]]);
  });

  it("a year that has its data carries no findings", () => {
    const estimate = priceClaim(
      claimOf({ date: "2026-07-15", lines: seedLines, locality: "09102-04" }),
      medicare(),
    );
    expect(estimate.findings).toBeUndefined();
    expect(estimate.allowed).not.toBeNull();
  });
});

describe("payer profiles", () => {
  it("percent-of-medicare scales each unrounded Medicare line before its one rounding", () => {
    // 110% of 2026 Miami under MPPR: 11.990255082 x 1.10 = 13.1892805902 -> 13.19;
    // 53.1339847155 x 1.10 = 58.44738318705 -> 58.45; 21.9873114565 x 1.10 = 24.18604260215 -> 24.19.
    const pricing = {
      basis: "percent-of-medicare" as const,
      percentOfMedicare: "110",
      coinsurancePercent: "20",
      deductible: false,
    };
    const claim = claimOf({
      date: "2026-07-15",
      locality: "09102-04",
      lines: seedLines,
      payerType: "commercial",
    });
    const estimate = priceClaim(
      claim,
      medicare({ profile: profileOf({ type: "commercial", mppr: true, pricing }) }),
    );
    expect(estimate.schedule).toBe("110% of MPFS");
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["13.19", "58.45", "24.19"]);
    expect(estimate.lines.map((l) => l.mpprReduction)).toEqual(["3.44", "7.84", "7.45"]);
    expect(estimate.allowed).toBe("95.83");
    expect(estimate.trace).toContain(
      "line 2 97110 at 110% of Medicare: 53.1339847155 x 1.10 = 58.44738318705",
    );

    // The commercial default has no MPPR: full fees 15.119585403, 60.26190378, 28.767527152 x 1.10.
    const whole = priceClaim(claim, medicare({ profile: profileOf({ type: "commercial", pricing }) }));
    expect(whole.lines.map((l) => l.allowed)).toEqual(["16.63", "66.29", "31.64"]);
    expect(whole.allowed).toBe("114.56");
  });

  it("percent-of-medicare without a percentage is unusable input naming the profile", () => {
    const profile = profileOf({ type: "commercial", pricing: { basis: "percent-of-medicare" } });
    expect(() =>
      priceClaim(claimOf({ date: "2026-07-15", lines: seedLines }), medicare({ profile })),
    ).toThrow(/test-profile.json: \$\.pricing\.percentOfMedicare/);
  });
});

describe("estimateAllowedByLine", () => {
  it("gives integer cents per line for the KX walk", () => {
    const claim = claimOf({
      date: "2026-07-15",
      locality: "09102-04",
      lines: seedLines,
      deductibleRemaining: "0.00",
    });
    expect(estimateAllowedByLine(claim, medicare())).toEqual([1199, 5313, 2199]);
  });
});

describe("--year", () => {
  it("moves the dates of service into the asked year and says so", () => {
    const estimate = priceClaim(
      claimOf({ date: "2025-07-15", locality: "09102-04", lines: seedLines, deductibleRemaining: "0.00" }),
      medicare({ year: 2026 }),
    );
    expect(estimate.year).toBe(2026);
    expect(estimate.allowed).toBe("87.11");
    expect(estimate.warnings?.[0]).toMatch(/^priced with the 2026 fee schedule as asked/);
  });
});

describe("claims that span dates and data gaps", () => {
  it("prices each line with its own year's RVUs, GPCIs and conversion factor", () => {
    // 97110 national: 2025 (0.45 + 0.43 + 0.01) x 32.3465 = 28.788385 -> 28.79;
    // 2026 (0.45 + 0.41 + 0.01) x 33.4009 = 29.058783 -> 29.06. Different days: no MPPR between them.
    const estimate = priceClaim(
      claimOf({
        date: "2025-12-30",
        lines: [
          ["97110", 1, ["GP"], "2025-12-30"],
          ["97110", 1, ["GP"], "2026-07-15"],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["28.79", "29.06"]);
    expect(estimate.edition).toBe("2025 October release; 2026 July release (non-QPP)");
    expect(estimate.warnings).toEqual([
      "the lines fall in more than one calendar year: each line is priced with its own year's data",
      "the lines use more than one conversion factor (32.3465, 33.4009): each line is priced with its date's factor; the estimate shows the first line's",
    ]);
  });

  it("with an unknown place of service, prices only codes whose PE does not depend on the setting", () => {
    const estimate = priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        pos: "00",
        lines: [
          ["97110", 1],
          ["98940", 1, ["AT"]],
        ],
        deductibleRemaining: "0.00",
      }),
      medicare(),
    );
    // 97110 has no facility PE, so the setting does not matter: 30.13. 98940's PE differs (0.34 / 0.09).
    expect(estimate.lines.map((l) => l.allowed)).toEqual(["30.13", "0.00"]);
    expect(estimate.warnings?.[0]).toMatch(
      /^place of service 00 is not in the loaded place-of-service table/,
    );
    expect(estimate.lines[1]!.notes[0]).toMatch(/PE differs by setting \(non-facility 0.34, facility 0.09\)/);
  });
});

describe("liability modifiers under Medicare (Pub. 100-04 ch. 30)", () => {
  const priced = (lines: Array<[string, number, string[]]>, payerType?: "commercial") =>
    priceClaim(
      claimOf({
        date: "2026-07-15",
        locality: "09102-04",
        lines,
        deductibleRemaining: "0.00",
        ...(payerType ? { payerType } : {}),
      }),
      payerType ? medicare({ profile: profileOf({ type: payerType }) }) : medicare(),
    );

  it.each([
    ["GY", "the patient"],
    ["GA", "the patient"],
    ["GZ", "the provider"],
  ])("%s: the line is expected to be denied, allowed 0.00, %s is liable", (modifier, liable) => {
    const estimate = priced([["98940", 1, [modifier]]]);
    expect(estimate.lines[0]!.allowed).toBe("0.00");
    expect(estimate.lines[0]!.notes.join(" ")).toContain(`${liable} is liable`);
  });

  it("a denied GY line does not take the day's full-price MPPR unit", () => {
    // 97012 GP GY (a chiropractor's traction) next to 97110: 97110 keeps its full first unit.
    const withDenied = priced([
      ["97012", 1, ["GP", "GY"]],
      ["97110", 1, ["GP"]],
    ]);
    const alone = priced([["97110", 1, ["GP"]]]);
    expect(withDenied.lines[1]!.allowed).toBe(alone.lines[0]!.allowed);
    expect(withDenied.allowed).toBe(alone.allowed);
  });

  it("other payers price the line as billed", () => {
    expect(priced([["98940", 1, ["GY"]]], "commercial").lines[0]!.allowed).not.toBe("0.00");
  });
});

describe("self-pay", () => {
  it("the patient owes the whole allowed amount, and the estimate says how it was priced", () => {
    const estimate = priceClaim(
      claimOf({ date: "2026-07-15", locality: "09102-04", lines: [["97110", 2, []]], payerType: "self-pay" }),
      medicare({ profile: profileOf({ type: "self-pay" }) }),
    );
    expect(estimate.payerPaid).toBe("0.00");
    expect(estimate.patientResponsibility).toBe(estimate.allowed);
    expect(estimate.warnings).toContainEqual(expect.stringMatching(/^self-pay: the patient is the payer/));
  });
});

/** The first issue of the Problem that `run` throws. */
function issueOf(run: () => unknown): ProblemIssue {
  try {
    run();
  } catch (error) {
    if (error instanceof Problem && error.issues[0]) return error.issues[0];
    throw error;
  }
  throw new Error("expected a Problem");
}
