import { describe, expect, it } from "vitest";
import { medicareProfile, profileForPayer } from "../payers/profile.js";
import { packReference } from "../test-support/reference.js";
import {
  distinctModifierFor,
  editsAsColumnTwo,
  lineDiscipline,
  medicareChiropracticModifiers,
  mergeModifiers,
  orderModifiers,
} from "./modifiers.js";

describe("orderModifiers: pricing, GP/GO/GN, CQ/CO, KX, AT/GA/GZ/GY/GX, others, 59/X", () => {
  it.each([
    [
      ["XS", "KX", "CQ", "GP"],
      ["GP", "CQ", "KX", "XS"],
    ],
    [
      ["59", "GY", "GP", "GX"],
      ["GP", "GY", "GX", "59"],
    ],
    [
      ["RT", "GP", "TC"],
      ["TC", "GP", "RT"],
    ],
    [
      ["GP", "GP", "KX"],
      ["GP", "KX"],
    ],
    [["AT"], ["AT"]],
  ])("%j → %j", (input, expected) => {
    expect(orderModifiers(input)).toEqual(expected);
  });
});

describe("mergeModifiers: hand-chosen modifiers win within their family", () => {
  it("adds coding's modifiers to the hand-chosen ones", () => {
    expect(mergeModifiers(["RT"], ["GP", "XS"])).toEqual({ modifiers: ["GP", "RT", "XS"], overridden: [] });
  });

  it("keeps a hand-chosen family member and reports the one it replaced", () => {
    expect(mergeModifiers(["59"], ["GP", "XS"])).toEqual({
      modifiers: ["GP", "59"],
      overridden: [{ derived: "XS", kept: ["59"], rule: "modifier" }],
    });
  });

  it("a hand choice that coding also makes is agreement (GY chosen, coding adds GY and GX)", () => {
    expect(mergeModifiers(["GY"], ["GY", "GX"])).toEqual({ modifiers: ["GY", "GX"], overridden: [] });
  });
});

describe("lineDiscipline (CMS therapy code list; CR 10176)", () => {
  const pt = { discipline: "PT" as const, certifiedFrom: "2026-01-01", certifiedThrough: "2026-12-31" };
  it.each([
    ["97110", pt, "PT", { therapy: true, discipline: "PT", evaluation: false }],
    ["97110", null, "OT", { therapy: true, discipline: "OT", evaluation: false }],
    ["97110", null, "DC", { therapy: true, discipline: "PT", evaluation: false }],
    ["97110", null, "MD", { therapy: true, evaluation: false }],
    ["97165", pt, "PT", { therapy: true, discipline: "OT", evaluation: true, conflictsWithPlan: "PT" }],
    ["92521", null, "SLP", { therapy: true, discipline: "SLP", evaluation: true }],
    ["97169", pt, "PT", { therapy: false, evaluation: false }],
    ["97597", pt, "MD", { therapy: true, discipline: "PT", evaluation: false }],
    ["97597", null, "PT", { therapy: false, evaluation: false }],
    ["98940", null, "DC", { therapy: false, evaluation: false }],
  ] as const)("%s, plan %j, %s → %j", (code, plan, credential, expected) => {
    expect(lineDiscipline(packReference().therapyCode(code, "2026-03-02"), plan, credential)).toEqual(
      expected,
    );
  });
});

describe("medicareChiropracticModifiers (NGS, Noridian, Palmetto chiropractic pages)", () => {
  const active = { activeTreatment: true };
  const maintenance = { activeTreatment: false };
  it.each([
    ["98940", active, false, ["AT"], "active"],
    ["98941", active, true, ["AT"], "active"],
    ["98942", maintenance, true, ["GA"], "maintenance"],
    ["98940", maintenance, false, ["GZ"], "maintenance"],
    ["98940", null, false, [], "undocumented"],
    ["98943", active, false, ["GY"], "excluded"],
    ["97012", active, true, ["GY", "GX"], "excluded"],
  ] as const)("%s %j ABN %s → %j (%s)", (code, chiro, abn, modifiers, coverage) => {
    expect(medicareChiropracticModifiers(code, chiro, abn)).toEqual({ modifiers, coverage });
  });
});

describe("distinctModifierFor: the payer dictates the family, the clinician the fact", () => {
  it.each([
    ["XS", "X", "XS"],
    ["59", "X", "59"],
    ["XU", "59", "59"],
    ["59", "59", "59"],
  ] as const)("attested %s, payer wants %s → %s", (attested, family, expected) => {
    expect(distinctModifierFor(attested, family)).toBe(expected);
  });
});

describe("editsAsColumnTwo: real NCCI 2024Q3 practitioner PTP rows (the bundled pack)", () => {
  const reference = packReference();
  const on = "2024-08-01";
  it.each([
    ["97140", ["97012"], [["97012", "1"]], "97012/97140 active, indicator 1 (the seed case)"],
    ["97012", ["97140"], [], "97012 is column 1: nothing makes it column 2"],
    ["97140", ["98941"], [["98941", "1"]], "CMT with manual therapy"],
    ["97161", ["98940"], [["98940", "0"]], "98940/97161 active with indicator 0"],
    ["98940", ["98941"], [["98941", "0"]], "98941/98940 indicator 0"],
    ["97530", ["97140"], [], "97140/97530 deleted 2019-12-31"],
    ["97140", ["97110"], [], "97110/97140 deleted 1999 (indicator 9)"],
    ["97110", ["97530"], [], "97530/97110 deleted 1996"],
  ] as const)("%s with %j → %j (%s)", (code, others, expected, _why) => {
    const edits = editsAsColumnTwo(code, others, on, reference, medicareProfile);
    expect(edits.map((e) => [e.column1, e.modifierIndicator])).toEqual(expected);
  });

  it("names the edition", () => {
    const [edit] = editsAsColumnTwo("97140", ["97012"], on, reference, medicareProfile);
    expect(edit!.source).toMatch(/^NCCI PTP practitioner edits, NCCI .*2024Q3/);
  });

  it("a deleted pair is still an edit for a date before its deletion (97140/97530 in 2019)", () => {
    const edits = editsAsColumnTwo("97530", ["97140"], "2019-06-03", reference, medicareProfile);
    expect(edits.map((e) => [e.column1, e.modifierIndicator])).toEqual([["97140", "1"]]);
  });

  it("a payer without NCCI edits (self-pay) has none", () => {
    const selfPay = profileForPayer({ id: "SELF", type: "self-pay" });
    expect(editsAsColumnTwo("97140", ["97012"], on, reference, selfPay)).toEqual([]);
  });
});
