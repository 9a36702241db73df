import { describe, expect, it } from "vitest";
import { parseCents } from "../model/money.js";
import { medicareProfile, profileForPayer } from "../payers/profile.js";
import { packReference } from "../test-support/reference.js";
import { expectedPayment } from "./underpayment.js";

/** The bundled pack: its policy edition gives Medicare sequestration, 2% (docs/policy-figures.md). */
const reference = packReference();

/*
 * Expected paid per contract §4.4-4.5 on OUR allowed amount, worked by hand:
 *   coinsurance = (allowed − deductible) × 20%, half-up; payment = allowed − deductible − coinsurance;
 *   sequestration = payment × 2%, half-up; expected paid = payment − sequestration.
 */
const cents = parseCents;

describe("expected payment from our own estimate (contract §4.4-4.5)", () => {
  it.each([
    // Issue 8's case: our allowed 29.67 (the payer allowed 25.00 and took 5.00 + 0.40).
    // 29.67 × 0.20 = 5.934 → 5.93; 29.67 − 5.93 = 23.74; 23.74 × 0.02 = 0.4748 → 0.47; 23.74 − 0.47 = 23.27.
    // (The old arithmetic took the payer's 5.00 and 0.40: 29.67 − 5.00 − 0.40 = 24.27.)
    [
      "29.67",
      "0.00",
      { coinsurance: "5.93", payment: "23.74", sequestration: "0.47", expectedPaid: "23.27" },
    ],
    // V-1002's 97110 × 2 (Miami 2026): 53.13 × 0.20 = 10.626 → 10.63; 42.50 × 0.02 = 0.85; 41.65.
    [
      "53.13",
      "0.00",
      { coinsurance: "10.63", payment: "42.50", sequestration: "0.85", expectedPaid: "41.65" },
    ],
    // A reported deductible of 5.00 comes off first: (15.12 − 5.00) × 0.20 = 2.024 → 2.02;
    // 15.12 − 5.00 − 2.02 = 8.10; 8.10 × 0.02 = 0.162 → 0.16; 7.94.
    ["15.12", "5.00", { coinsurance: "2.02", payment: "8.10", sequestration: "0.16", expectedPaid: "7.94" }],
    // Half-up at the cent: 12.50 × 0.20 = 2.50; 10.00 × 0.02 = 0.20; 9.80. 0.25 × 0.2 = 0.05 → 0.20 × 0.02 = 0.004 → 0.00.
    ["12.50", "0.00", { coinsurance: "2.50", payment: "10.00", sequestration: "0.20", expectedPaid: "9.80" }],
    ["0.25", "0.00", { coinsurance: "0.05", payment: "0.20", sequestration: "0.00", expectedPaid: "0.20" }],
    // A deductible larger than the line takes the whole line.
    ["10.00", "25.00", { coinsurance: "0.00", payment: "0.00", sequestration: "0.00", expectedPaid: "0.00" }],
  ])("Medicare: our allowed %s, deductible %s", (allowed, deductible, expected) => {
    const share = expectedPayment(
      cents(allowed),
      { deductible: cents(deductible), copay: 0 },
      medicareProfile,
      "2026-03-02",
      reference,
    );
    expect({
      coinsurance: share.coinsurance,
      payment: share.payment,
      sequestration: share.sequestration,
      expectedPaid: share.expectedPaid,
    }).toEqual({
      coinsurance: cents(expected.coinsurance),
      payment: cents(expected.payment),
      sequestration: cents(expected.sequestration),
      expectedPaid: cents(expected.expectedPaid),
    });
  });

  it("a commercial payer: its 20% coinsurance and a reported copay, no sequestration (payer-profiles.md defaults)", () => {
    // 60.00 × 0.20 = 12.00; 60.00 − 12.00 − copay 10.00 = 38.00; no sequestration.
    const commercial = profileForPayer({ id: "ACME", type: "commercial" });
    const share = expectedPayment(
      cents("60.00"),
      { deductible: 0, copay: cents("10.00") },
      commercial,
      "2026-03-02",
      reference,
    );
    expect([share.coinsurance, share.sequestration, share.expectedPaid]).toEqual([1200, 0, 3800]);
  });

  it("workers' compensation: no patient share at all, so the payer owes our whole allowed amount", () => {
    const wc = profileForPayer({ id: "WC", type: "workers-comp" });
    const share = expectedPayment(cents("28.00"), { deductible: 0, copay: 0 }, wc, "2026-03-02", reference);
    expect(share.expectedPaid).toBe(2800);
  });
});
