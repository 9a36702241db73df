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
  appliesTo?: { payerIds?: string[]; payerTypes?: PayerType[]; states?: string[] },
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
// State workers' comp schedules (profiles/states): each names its state.
const txWc = profile("TX-DWC", "workers-comp", { payerTypes: ["workers-comp"], states: ["TX"] });
const caWc = profile("CA-OMFS", "workers-comp", { payerTypes: ["workers-comp"], states: ["CA"] });
const txCarrier = profile("TX-CARRIER", "workers-comp", { payerIds: ["TXM01"], states: ["TX"] });

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

  const states = [bare, txWc, caWc, txCarrier];
  it.each<[string, { id: string; type: PayerType; state?: string }, string | undefined]>([
    [
      "a Texas workers' comp claim: the state's profile over the type's",
      { id: "WC-1", type: "workers-comp", state: "TX" },
      "TX-DWC",
    ],
    ["a California one: California's", { id: "WC-1", type: "workers-comp", state: "CA" }, "CA-OMFS"],
    [
      "a state no profile names: the type's profile",
      { id: "WC-1", type: "workers-comp", state: "OH" },
      "BARE",
    ],
    ["no state known: a state condition is not met", { id: "WC-1", type: "workers-comp" }, "BARE"],
    [
      "a payer id with a state: over the state's profile",
      { id: "TXM01", type: "workers-comp", state: "TX" },
      "TX-CARRIER",
    ],
    [
      "that payer id in another state: the state condition fails",
      { id: "TXM01", type: "workers-comp", state: "CA" },
      "CA-OMFS",
    ],
    [
      "a state's profile never takes another type",
      { id: "BCBSTX", type: "commercial", state: "TX" },
      undefined,
    ],
  ])("%s", (_, payer, expected) => {
    expect(profileMatching(states, payer)?.id).toBe(expected);
  });

  it("a state code is two capital letters", () => {
    const parsed = payerProfileSchema.safeParse({
      id: "X",
      name: "X",
      type: "auto",
      appliesTo: { states: ["Texas"] },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["appliesTo", "states", 0],
      message: "expected a 2-letter state code such as TX",
    });
  });

  it("a profile without appliesTo records that it was not given", () => {
    expect([bare.appliesToGiven, bare.appliesTo]).toEqual([
      false,
      { payerIds: [], payerTypes: ["workers-comp"], states: [] },
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
    ["two states' profiles for one type", [txWc, caWc], []],
    ["a state's profile and the type's: the state's is more specific", [bare, txWc], []],
    [
      "two profiles for one state and type",
      [txWc, profile("TX-2", "workers-comp", { payerTypes: ["workers-comp"], states: ["TX", "OK"] })],
      ["TX-DWC/TX-2: payer type workers-comp in TX"],
    ],
    [
      "one payer id in two profiles whose states are disjoint",
      [txCarrier, profile("CA-CARRIER", "workers-comp", { payerIds: ["TXM01"], states: ["CA"] })],
      [],
    ],
  ])("%s", (_, set, expected) => {
    expect(names(profileOverlaps(set))).toEqual(expected);
  });
});
