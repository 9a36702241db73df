import { describe, expect, it } from "vitest";
import { packReference } from "../test-support/reference.js";
import { type ClaimStateFacts, claimState } from "./claim-state.js";

const reference = packReference();

describe("the state a claim is under, for appliesTo.states", () => {
  it.each<[string, ClaimStateFacts, string | undefined]>([
    [
      "the accident's state first (an auto accident in Florida billed by a Georgia practice)",
      {
        accident: { state: "FL" },
        billingProvider: { state: "GA", zip: "30303" },
        dateOfService: "2026-03-02",
      },
      "FL",
    ],
    ["else the billing provider's state", { billingProvider: { state: "tx", zip: "33101" } }, "TX"],
    [
      "where the services were furnished: the service facility's state over the billing provider's",
      { billingProvider: { state: "FL" }, serviceFacility: { state: "GA" } },
      "GA",
    ],
    [
      "the service facility's ZIP, when it gives no state (a Miami practice's Houston clinic)",
      { billingProvider: { state: "FL" }, serviceFacility: { zip: "77002" }, dateOfService: "2026-03-02" },
      "TX",
    ],
    // ZIP codes by USPS: 98101 Seattle, 77002 Houston, 90012 Los Angeles; read from the CMS ZIP5 file.
    [
      "else the state of its ZIP code: 98101",
      { billingProvider: { zip: "981011234" }, dateOfService: "2026-03-02" },
      "WA",
    ],
    [
      "a claim's date is its first line's: 77002",
      {
        billingProvider: { zip: "77002" },
        lines: [{ dateOfService: "2026-03-09" }, { dateOfService: "2026-03-02" }],
      },
      "TX",
    ],
    ["90012", { billingProvider: { zip: "90012" }, dateOfService: "2026-03-02" }, "CA"],
    [
      "a service facility named without its address: the billing provider's state",
      { billingProvider: { state: "FL" }, serviceFacility: {}, dateOfService: "2026-03-02" },
      "FL",
    ],
    [
      "a ZIP code not in the file: unknown",
      { billingProvider: { zip: "00000" }, dateOfService: "2026-03-02" },
      undefined,
    ],
    ["no ZIP code and no state: unknown", { billingProvider: {}, dateOfService: "2026-03-02" }, undefined],
  ])("%s", (_, facts, expected) => {
    expect(claimState(facts, reference)).toBe(expected);
  });

  it("without reference data only the given states count", () => {
    expect(claimState({ billingProvider: { zip: "98101" }, dateOfService: "2026-03-02" })).toBeUndefined();
  });
});
