import { describe, expect, it } from "vitest";
import type { PayerType } from "../model/index.js";
import {
  type PayerProfile,
  payerProfileSchema,
  profileMatching,
  profileOverlaps,
  resolveProfile,
} from "./profile.js";

const profile = (
  id: string,
  type: PayerType,
  appliesTo?: { payerIds?: string[]; payerTypes?: PayerType[] },
) =>
  resolveProfile(
    payerProfileSchema.parse({ id, name: id, type, ...(appliesTo ? { appliesTo } : {}) }),
    `${id}.json`,
  );

// Aetna's electronic payer id 60054 carries its commercial and its Medicare Advantage plans.
const aetnaCommercial = profile("AETNA-PPO", "commercial", {
  payerIds: ["60054"],
  payerTypes: ["commercial"],
});
const aetnaMa = profile("AETNA-MA", "medicare-advantage", {
  payerIds: ["60054"],
  payerTypes: ["medicare-advantage"],
});
const anyCommercial = profile("ANY-COMMERCIAL", "commercial", { payerTypes: ["commercial"] });
const bare = profile("BARE", "workers-comp");

describe("which profile a payer takes (docs/payer-profiles.md)", () => {
  const set = [anyCommercial, aetnaCommercial, aetnaMa, bare];
  it.each<[string, { id: string; type: PayerType }, string | undefined]>([
    ["Aetna commercial: its payer id and type", { id: "60054", type: "commercial" }, "AETNA-PPO"],
    [
      "Aetna Medicare Advantage under the same payer id",
      { id: "60054", type: "medicare-advantage" },
      "AETNA-MA",
    ],
    ["another commercial payer: the type profile", { id: "62308", type: "commercial" }, "ANY-COMMERCIAL"],
    [
      "Medicare: no profile names it, the built-in defaults stay",
      { id: "09102", type: "medicare" },
      undefined,
    ],
    ["a profile without appliesTo: its own type", { id: "WC-1", type: "workers-comp" }, "BARE"],
    ["payer ids compare without case or spaces", { id: " 60054 ", type: "commercial" }, "AETNA-PPO"],
  ])("%s", (_, payer, expected) => {
    expect(profileMatching(set, payer)?.id).toBe(expected);
  });

  it("a profile without appliesTo records that it was not given", () => {
    expect([bare.appliesToGiven, bare.appliesTo]).toEqual([
      false,
      { payerIds: [], payerTypes: ["workers-comp"] },
    ]);
  });
});

describe("profiles that would both be the best match are found", () => {
  const names = (pairs: Array<[PayerProfile, PayerProfile, string]>) =>
    pairs.map(([a, b, s]) => `${a.id}/${b.id}: ${s}`);
  it.each<[string, PayerProfile[], string[]]>([
    [
      "the same payer id twice",
      [
        profile("A", "commercial", { payerIds: ["60054"] }),
        profile("B", "commercial", { payerIds: ["60054", "62308"] }),
      ],
      ["A/B: payer id 60054"],
    ],
    ["the same payer id for disjoint types is no overlap", [aetnaCommercial, aetnaMa], []],
    [
      "the same payer id, one with a type condition",
      [aetnaCommercial, profile("C", "commercial", { payerIds: ["60054"] })],
      ["AETNA-PPO/C: payer id 60054 (commercial)"],
    ],
    [
      "two type profiles for one type",
      [anyCommercial, profile("D", "commercial")],
      ["ANY-COMMERCIAL/D: payer type commercial"],
    ],
    [
      "a type profile and an id profile of that type: the id is more specific",
      [anyCommercial, aetnaCommercial],
      [],
    ],
  ])("%s", (_, set, expected) => {
    expect(names(profileOverlaps(set))).toEqual(expected);
  });
});
