import { describe, expect, it } from "vitest";
import { scrubOne } from "../pipeline/pipeline.js";
import { rulesById } from "../rules/index.js";
import { claimOf, testAsOf } from "../rules/test-support/claims.js";
import { packReference } from "../test-support/reference.js";
import { carcTexts, groupCodes, rarcTexts } from "./codes.js";
import { explainCode } from "./explain.js";
import { expectedAdjustments, reasonMappings } from "./reason-map.js";
import { chooseRule, type LineFacts } from "./resolve.js";

const reference = packReference();

/** Codes the worklist must explain: domain.md's list and the ones therapy and chiropractic billing meet. */
const requiredCarcs = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "11",
  "16",
  "18",
  "22",
  "23",
  "24",
  "26",
  "27",
  "29",
  "31",
  "45",
  "50",
  "59",
  "96",
  "97",
  "109",
  "119",
  "151",
  "167",
  "170",
  "181",
  "182",
  "185",
  "197",
  "198",
  "204",
  "236",
  "242",
  "252",
  "253",
];
const requiredRarcs = [
  "M15",
  "M80",
  "N20",
  "N657",
  "N522",
  "MA130",
  "N130",
  "N115",
  "N386",
  "N211",
  "M86",
  "M20",
  "MA04",
  "M51",
  "M53",
  "N19",
  "N111",
  "N362",
  "N640",
  "N22",
];

describe("our explanations", () => {
  it("cover every required group code, CARC and RARC", () => {
    for (const g of ["CO", "PR", "OA", "PI", "CR"]) expect(groupCodes[g], g).toBeDefined();
    for (const c of requiredCarcs) expect(carcTexts[c], `CARC ${c}`).toBeDefined();
    for (const r of requiredRarcs) expect(rarcTexts[r], `RARC ${r}`).toBeDefined();
  });

  it("explain only codes the bundled code list has as active (a typo would be listed as unknown)", () => {
    for (const [kind, table] of [
      ["group", groupCodes],
      ["carc", carcTexts],
      ["rarc", rarcTexts],
    ] as const) {
      for (const code of Object.keys(table)) {
        expect(explainCode(kind, code, reference).status, `${kind} ${code}`).toBe("active");
      }
    }
  });

  it("name the rules the scrubber actually has, and only real codes in the mapping", () => {
    for (const m of reasonMappings) {
      expect(carcTexts[m.carc], `mapping CARC ${m.carc}`).toBeDefined();
      for (const r of m.rarcs ?? []) expect(rarcTexts[r], `mapping RARC ${r}`).toBeDefined();
      for (const c of m.candidates) expect(rulesById.has(c.rule), `${m.carc} -> ${c.rule}`).toBe(true);
    }
    for (const e of expectedAdjustments) expect(carcTexts[e.carc], `expected CARC ${e.carc}`).toBeDefined();
  });

  it("say honestly when a code is unknown: retired, not listed, or simply not explained", () => {
    expect(explainCode("carc", "A7", reference, "2020-01-01")).toMatchObject({
      known: false,
      status: "retired",
      statusNote: expect.stringMatching(/retired on 2015-07-01 .*; the remittance \(2020-01-01\) is later/),
    });
    expect(explainCode("carc", "Z99", reference)).toMatchObject({ known: false, status: "not-listed" });
    const b7 = explainCode("carc", "B7", reference);
    expect(b7).toMatchObject({ known: false, status: "active" });
    expect(b7.meaning).toMatch(/cleanclaim has no explanation of CARC B7; .* lists it as active/);
    expect(explainCode("carc", "236", reference)).toMatchObject({
      known: true,
      rules: ["ncci-ptp", "payer-edits"],
    });
  });
});

/** Facts about a submitted line, as the worklist reads them. */
function facts(code: string, modifiers: string[] = [], extra: Partial<LineFacts> = {}): LineFacts {
  return {
    code,
    modifiers,
    units: 1,
    minutes: 15,
    fromClaim: true,
    credential: "PT",
    date: "2026-03-02",
    ...extra,
  };
}

describe("CARC to rule, deciding by the line", () => {
  const cases: Array<{ name: string; carc: string; rarcs?: string[]; line: LineFacts; rule: string | null }> =
    [
      { name: "CO-236 is an NCCI pair", carc: "236", line: facts("97140", ["GP"]), rule: "ncci-ptp" },
      { name: "CO-97 with M80", carc: "97", rarcs: ["M80"], line: facts("97140", ["GP"]), rule: "ncci-ptp" },
      { name: "CO-97 with N20", carc: "97", rarcs: ["N20"], line: facts("97140", ["GP"]), rule: "ncci-ptp" },
      { name: "CO-97 with M15", carc: "97", rarcs: ["M15"], line: facts("97140", ["GP"]), rule: "ncci-ptp" },
      {
        name: "CO-4 on a therapy line without GP",
        carc: "4",
        line: facts("97110"),
        rule: "therapy-modifier",
      },
      {
        name: "CO-4 on a CQ line",
        carc: "4",
        line: facts("97110", ["GP", "CQ"]),
        rule: "assistant-modifier",
      },
      {
        name: "CO-4 on CMT",
        carc: "4",
        line: facts("98940", [], { credential: "DC" }),
        rule: "chiro-coverage",
      },
      {
        name: "CO-4 on a GY line",
        carc: "4",
        line: facts("97012", ["GY"], { credential: "DC" }),
        rule: "chiro-coverage",
      },
      { name: "CO-4 on a KX line", carc: "4", line: facts("97110", ["GP", "KX"]), rule: "kx-threshold" },
      {
        name: "CO-4 on a line with GP and nothing else",
        carc: "4",
        line: facts("97110", ["GP"]),
        rule: "modifier",
      },
      {
        name: "CO-151 on untimed 97012 x2",
        carc: "151",
        line: facts("97012", ["GP"], { units: 2 }),
        rule: "untimed-units",
      },
      {
        name: "CO-151 on a timed code without minutes",
        carc: "151",
        line: facts("97110", ["GP"], { units: 3, minutes: undefined }),
        rule: "timed-units",
      },
      {
        name: "CO-151 on a timed code with minutes",
        carc: "151",
        line: facts("97110", ["GP"], { units: 3 }),
        rule: "mue",
      },
      { name: "CO-29", carc: "29", line: facts("97110", ["GP"]), rule: "timely-filing" },
      { name: "CO-50 on therapy without KX", carc: "50", line: facts("97110", ["GP"]), rule: "kx-threshold" },
      {
        name: "CO-50 on therapy with KX",
        carc: "50",
        line: facts("97110", ["GP", "KX"]),
        rule: "plan-of-care",
      },
      {
        name: "CO-50 on CMT",
        carc: "50",
        line: facts("98941", [], { credential: "DC" }),
        rule: "chiro-coverage",
      },
      { name: "CO-50 on an E/M visit", carc: "50", line: facts("99213"), rule: null },
      { name: "CO-119 on therapy", carc: "119", line: facts("97110", ["GP"]), rule: "kx-threshold" },
      {
        name: "CO-16 MA130 without GP",
        carc: "16",
        rarcs: ["MA130"],
        line: facts("97110"),
        rule: "therapy-modifier",
      },
      {
        name: "CO-16 MA130 otherwise",
        carc: "16",
        rarcs: ["MA130"],
        line: facts("97110", ["GP"]),
        rule: "claim-structure",
      },
      {
        name: "CO-16 N290",
        carc: "16",
        rarcs: ["N290", "MA130"],
        line: facts("97110", ["GP"]),
        rule: "claim-structure",
      },
      { name: "CO-16 M51", carc: "16", rarcs: ["M51"], line: facts("97014", ["GP"]), rule: "code-status" },
      {
        name: "CO-16 MA04: coordination, no rule",
        carc: "16",
        rarcs: ["MA04", "MA130"],
        line: facts("97110"),
        rule: null,
      },
      { name: "CO-18", carc: "18", rarcs: ["N522"], line: facts("97110", ["GP"]), rule: "duplicate-line" },
      {
        name: "CO-96 N425 by a DC",
        carc: "96",
        rarcs: ["N425"],
        line: facts("97012", [], { credential: "DC" }),
        rule: "chiro-coverage",
      },
      {
        name: "CO-96 N130 by a PT",
        carc: "96",
        rarcs: ["N130"],
        line: facts("97014", ["GP"]),
        rule: "code-status",
      },
      { name: "CO-181", carc: "181", line: facts("97014", ["GP"]), rule: "code-status" },
      { name: "CO-182", carc: "182", line: facts("97110", ["GP", "ZZ"]), rule: "modifier" },
      { name: "CO-11", carc: "11", line: facts("97110", ["GP"]), rule: "diagnosis" },
      { name: "CO-167", carc: "167", line: facts("97110", ["GP"]), rule: "diagnosis" },
      { name: "CO-197", carc: "197", line: facts("97110", ["GP"]), rule: "authorization" },
      { name: "CO-27: eligibility, no rule", carc: "27", line: facts("97110", ["GP"]), rule: null },
      { name: "CO-31: eligibility, no rule", carc: "31", line: facts("97110", ["GP"]), rule: null },
      { name: "CO-109: wrong payer, no rule", carc: "109", line: facts("97110", ["GP"]), rule: null },
      { name: "CO-22: coordination, no rule", carc: "22", line: facts("97110", ["GP"]), rule: null },
      { name: "an unmapped CARC", carc: "B7", line: facts("97110", ["GP"]), rule: null },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const choice = chooseRule(c.carc, c.rarcs ?? [], c.line, [], reference, 0);
      expect(choice.rule).toBe(c.rule);
      expect(choice.basis).toMatch(new RegExp(`^CARC ${c.carc}`));
    });
  }

  it("prefers the rule the scrubber reports on the line over the line's modifiers", () => {
    // 97110 CQ without GP: the scrubber reports therapy-modifier; modifiers alone would say assistant-modifier too.
    const claim = claimOf({
      lines: [{ code: "97110", modifiers: ["CQ"], minutes: 30, assistantMinutes: 30, units: 2 }],
    });
    const findings = scrubOne(claim, { reference, asOf: testAsOf });
    const choice = chooseRule("4", [], facts("97110", ["CQ"]), findings, reference, 0);
    expect(choice.rule).toBe("therapy-modifier");
    expect(choice.basis).toBe("CARC 4; the scrubber reports therapy-modifier on this line");
    expect(choice.finding?.fix?.patch).toEqual([{ op: "add-modifier", line: 0, modifier: "GP" }]);
  });

  it("without the submitted claim, tests on minutes and the credential do not hold", () => {
    const remitOnly: LineFacts = {
      code: "97110",
      modifiers: ["GP"],
      units: 3,
      minutes: undefined,
      fromClaim: false,
      credential: undefined,
      date: "2026-03-02",
    };
    expect(chooseRule("151", [], remitOnly, [], reference, null).rule).toBe("mue");
    expect(chooseRule("96", ["N425"], { ...remitOnly, code: "97012" }, [], reference, null).rule).toBe(
      "code-status",
    );
  });
});
