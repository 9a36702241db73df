import { describe, expect, it } from "vitest";
import { keyringFromText, PhiCipher } from "./phi-cipher.js";
import { openParties, partiesOf, subscriberField } from "./visits.js";

// A fixed test key (base64 of bytes 0..31).
const cipher = new PhiCipher(
  keyringFromText(Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString("base64")),
);
const subscriber = { relationship: "01" as const, lastName: "Diaz", firstName: "Luis" };

describe("the sealed parties of a visit (visits.subscriber_enc)", () => {
  it("reads a row sealed before issue 11, which holds a bare subscriber", () => {
    const row = { subscriber_enc: cipher.seal(subscriberField, JSON.stringify(subscriber)) };
    expect(openParties(cipher, row)).toEqual({ subscriber });
  });

  it("seals and reads the subscriber, the employer and the insurer's claim number together", () => {
    const parties = partiesOf({
      subscriber,
      employer: { name: "Gulf Coast Roofing Inc" },
      propertyCasualtyClaimNumber: "WC2026-0044172",
    });
    const row = { subscriber_enc: cipher.seal(subscriberField, JSON.stringify(parties)) };
    expect(openParties(cipher, row)).toEqual({
      subscriber,
      employer: { name: "Gulf Coast Roofing Inc" },
      propertyCasualtyClaimNumber: "WC2026-0044172",
    });
  });

  it("a visit with none of them seals nothing", () => {
    expect(partiesOf({})).toBeUndefined();
    expect(openParties(cipher, { subscriber_enc: null })).toEqual({});
  });
});
