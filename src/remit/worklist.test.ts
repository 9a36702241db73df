import { describe, expect, it } from "vitest";
import { formatCents } from "../model/money.js";
import { parse835 } from "../x12/read835.js";
import { parse837 } from "../x12/read837.js";
import { testEnvelope } from "../x12/test-support/therapy-claims.js";
import {
  type ClaimSpec,
  medicareLine,
  type RemitSpec,
  remitFileOf,
  therapyVisit,
  x12Of,
} from "./test-support/remit-835.js";
import {
  allowed,
  asSent,
  coded,
  deniedClaim,
  dos,
  paidClaim,
  patient,
  pipeline,
  reference,
  spec,
  v1001,
  v1002,
} from "./test-support/scenario.js";
import type { RemitFile } from "./types.js";
import { buildWorklist, type WorklistOptions } from "./worklist.js";

const options: WorklistOptions = {
  ...pipeline,
  envelope: testEnvelope,
  now: new Date("2026-03-21T10:00:00Z"),
};

/** The remittance as the X12 reader reads it from the file we write. */
function read(remit: RemitSpec): RemitFile {
  const parsed = parse835(x12Of(remit));
  expect(parsed.findings).toEqual([]);
  return parsed;
}

describe("the test remittance", () => {
  it("reads back from its 835 as the typed remittance the worklist expects", () => {
    const remit = spec(deniedClaim(), paidClaim());
    expect(read(remit)).toMatchObject(remitFileOf(remit));
  });
});

describe("the denial worklist against the submitted claims", () => {
  const worklist = buildWorklist(read(spec(deniedClaim(), paidClaim())), [v1001, v1002], options);

  it("names the rule that explains each denial and the scrubber's fix", () => {
    expect(
      worklist.items.map((i) => ({
        claimId: i.claimId,
        line: i.line,
        code: i.code,
        reasons: i.adjustments.map((a) => `${a.group.code}-${a.carc.code}`),
        amount: i.amount,
        rule: i.rule,
        action: i.action,
        patch: i.fix?.patch,
        correctedClaim: i.correctedClaim,
      })),
    ).toEqual([
      {
        claimId: "V-1001",
        line: 1,
        code: "97110",
        reasons: ["CO-4"],
        amount: "120.00",
        rule: "therapy-modifier",
        action: "correct",
        patch: [{ op: "add-modifier", line: 1, modifier: "GP" }],
        correctedClaim: "V-1001 frequency 7",
      },
      {
        claimId: "V-1001",
        line: 2,
        code: "97140",
        reasons: ["CO-236"],
        amount: "55.00",
        rule: "ncci-ptp",
        action: "correct",
        patch: [{ op: "add-modifier", line: 2, modifier: "XS" }],
        correctedClaim: "V-1001 frequency 7",
      },
    ]);
    const [gp, xs] = worklist.items;
    expect(gp!.ruleBasis).toBe("CARC 4; the scrubber reports therapy-modifier on this line");
    expect(gp!.finding?.message).toMatch(/97110 is an always-therapy code and has no therapy modifier/);
    expect(xs!.finding?.message).toMatch(/documentation attests a distinct service \(XS\): add XS to 97140/);
    expect(xs!.remarks.map((r) => [r.code, r.known])).toEqual([["N20", true]]);
    expect(xs!.adjustments[0]!.carc.meaning).toMatch(/not allowed with another code on the same day/);
  });

  it("produces the replacement claim (frequency 7, REF*F8 = CLP07) that re-reads with zero findings", () => {
    expect(worklist.correctedClaims).toHaveLength(1);
    const corrected = worklist.correctedClaims[0]!;
    expect(corrected).toMatchObject({
      reference: "V-1001 frequency 7",
      frequency: "7",
      payerClaimControlNumber: "22026079123450",
      remainingFindings: [],
    });
    expect(corrected.claim.lines.map((l) => l.modifiers)).toEqual([["GP"], ["GP"], ["GP", "XS"]]);
    expect(corrected.x12Problem).toBeUndefined();
    expect(corrected.x12).toContain("REF*F8*22026079123450~");
    expect(corrected.x12).toContain("CLM*V-1001*220***11:B:7*");
    const reread = parse837(corrected.x12!, { reference });
    expect(reread.findings).toEqual([]);
    expect(reread.claims).toHaveLength(1);
    expect(reread.claims[0]!.claim).toMatchObject({
      id: "V-1001",
      frequency: "7",
      payerClaimControlNumber: "22026079123450",
    });
    expect(reread.claims[0]!.claim.lines.map((l) => [l.code, l.modifiers])).toEqual([
      ["97012", ["GP"]],
      ["97110", ["GP"]],
      ["97140", ["GP", "XS"]],
    ]);
  });

  it("detects the underpaid line from our own estimate, showing ours and the payer's figures", () => {
    // V-1002 97110 × 2, Miami 2026-03-02: our allowed 53.13; the payer allowed 3.00 less (50.13)
    // and took its coinsurance and sequestration on that. By hand (contract §4.4-4.5):
    //   ours:  53.13 × 0.20 = 10.626 → 10.63; 53.13 − 10.63 = 42.50; 42.50 × 0.02 = 0.85; 42.50 − 0.85 = 41.65
    //   payer: 50.13 × 0.20 = 10.026 → 10.03; 50.13 − 10.03 = 40.10; 40.10 × 0.02 = 0.802 → 0.80; paid 39.30
    //   short by 41.65 − 39.30 = 2.35 (the old arithmetic, with the payer's 10.03 and 0.80, said 3.00)
    expect(worklist.underpayments).toHaveLength(1);
    const u = worklist.underpayments[0]!;
    expect(allowed(v1002, [0, 1, 2])[1]).toBe(5313);
    expect(u).toMatchObject({
      claimId: "V-1002",
      line: 1,
      remitLine: 2,
      code: "97110",
      ourAllowed: "53.13",
      deductible: "0.00",
      coinsurance: "10.63",
      copay: "0.00",
      sequestration: "0.85",
      expectedPaid: "41.65",
      paid: "39.30",
      shortBy: "2.35",
      payerAllowed: "50.13",
      payerCoinsurance: "10.03",
      payerSequestration: "0.80",
    });
    expect(u.arithmetic).toEqual([
      "our allowed for 97110 (line 2, 2 units): 53.13", // the claim's second line (index 1), numbered from 1 in text
      "deductible, as the payer reported it (PR-1): 0.00",
      "our coinsurance: (53.13 − 0.00) × 20% = 10.626 → 10.63; the payer took 10.03 (PR-2); ours − the payer's = 10.63 − 10.03 = 0.60",
      "our payment: 53.13 − 0.00 − 10.63 − copay 0.00 = 42.50",
      "our sequestration: 42.50 × 2% = 0.85 → 0.85; the payer took 0.80 (CO-253); ours − the payer's = 0.85 − 0.80 = 0.05",
      "expected paid = 42.50 − 0.85 = 41.65",
      "paid 39.30: short by 41.65 − 39.30 = 2.35 (more than the 0.05 tolerance)",
      "the payer allowed 50.13 (AMT*B6), 3.00 less than our 53.13; the contractual write-off is explained down to 120.00 − 53.13 = 66.87, and the payer took 69.87",
    ]);
  });

  it("prices only the paid lines: with 97110 and 97140 denied, 97012 takes the day's full-price unit", () => {
    // The payer still applied MPPR to 97012 as if the denied lines had been paid.
    const [withMppr] = allowed(v1001, [0, 1, 2]);
    const [alone] = allowed(v1001, [0]);
    const denied = deniedClaim();
    const mpprKept: ClaimSpec = {
      ...denied,
      lines: [
        medicareLine({ ...denied.lines[0]!, modifiers: ["GP"] }, withMppr!, 0),
        ...denied.lines.slice(1),
      ],
    };
    const found = buildWorklist(read(spec(mpprKept)), [v1001], options).underpayments;
    expect(found.map((u) => [u.code, u.ourAllowed, u.payerAllowed])).toEqual([
      ["97012", formatCents(alone!), formatCents(withMppr!)],
    ]);
  });

  it("matches lines whose modifiers the payer dropped or reordered, in another order", () => {
    expect(worklist.unmatched).toEqual([]);
    expect(worklist.remittances[0]!.claims.map((c) => [c.claimId, c.matched])).toEqual([
      ["V-1001", true],
      ["V-1002", true],
    ]);
  });

  it("explains every code in the file and totals what is at stake", () => {
    expect(worklist.codes.map((c) => `${c.kind}:${c.code}:${c.known}`)).toEqual([
      "group:CO:true",
      "group:PR:true",
      "carc:45:true",
      "carc:253:true",
      "carc:2:true",
      "carc:4:true",
      "carc:236:true",
      "carc:1:true",
      "rarc:N20:true",
    ]);
    expect(worklist.summary).toEqual({
      claims: 2,
      items: 2,
      underpayments: 1,
      unmatched: 0,
      correctedClaims: 1,
      atStake: "177.35", // 120.00 + 55.00 denied, 2.35 underpaid
    });
  });
});

describe("the worklist without the submitted claims", () => {
  const worklist = buildWorklist(read(spec(deniedClaim())), undefined, options);

  it("still explains each denial and names the likely rule, but proposes no fix", () => {
    expect(worklist.items.map((i) => [i.code, i.rule, i.action, i.fix, i.line, i.remitLine])).toEqual([
      ["97110", "therapy-modifier", "needs-claims", null, null, 1],
      ["97140", "ncci-ptp", "needs-claims", null, null, 2],
    ]);
    expect(worklist.items[0]!.ruleBasis).toMatch(/\(likely: the submitted claim was not given\)$/);
    expect(worklist.items[0]!.nextStep).toMatch(
      /the fix needs the submitted claim \(give the claims as sent\)/,
    );
    expect(worklist.correctedClaims).toEqual([]);
    expect(worklist.underpayments).toEqual([]);
    expect(worklist.notes.join("\n")).toMatch(/run again with the submitted claims/);
  });
});

describe("what the worklist does with other denials", () => {
  it("says what documentation an NCCI pair needs when the visit does not attest a distinct service", () => {
    const noAttestation = asSent(
      coded({ services: therapyVisit().services.map(({ distinct: _, ...s }) => s) }),
    );
    const worklist = buildWorklist(read(spec(deniedClaim())), [noAttestation], options);
    const ncci = worklist.items.find((i) => i.rule === "ncci-ptp")!;
    expect(ncci).toMatchObject({ action: "document", fix: null, correctedClaim: null });
    expect(ncci.nextStep).toMatch(
      /only if it was a distinct service .* which the documentation does not say/,
    );
    // The GP fix still corrects the claim; XS is never invented.
    expect(worklist.correctedClaims[0]!.claim.lines[2]!.modifiers).toEqual(["GP"]);
  });

  it("works a claim-level denial (CO-29 on the claim) against the timely-filing rule", () => {
    const late: ClaimSpec = {
      claimId: "V-1002",
      status: "4",
      payerClaimControlNumber: "22027152123480",
      patient,
      charge: 22000,
      claimAdjustments: [["CO", "29", 22000]],
      lines: [],
    };
    const worklist = buildWorklist(read(spec(late)), [v1002], { ...options, asOf: "2027-06-01" });
    expect(worklist.items).toHaveLength(1);
    expect(worklist.items[0]).toMatchObject({
      line: null,
      remitLine: null,
      amount: "220.00",
      rule: "timely-filing",
      action: "document",
      correctedClaim: null,
    });
    expect(worklist.items[0]!.finding?.message).toMatch(/2026-03-02/);
    // A payer that reports no service lines leaves nothing to call unmatched.
    expect(worklist.unmatched).toEqual([]);
  });

  it("voids a claim the payer denied whole as an exact duplicate", () => {
    const duplicate: ClaimSpec = {
      claimId: "V-1002",
      status: "4",
      payerClaimControlNumber: "22026079123470",
      patient,
      remarks: ["N522"],
      lines: [
        {
          code: "97012",
          modifiers: ["GP"],
          charge: 4500,
          units: 1,
          date: dos,
          adjustments: [["CO", "18", 4500]],
        },
        {
          code: "97110",
          modifiers: ["GP"],
          charge: 12000,
          units: 2,
          date: dos,
          adjustments: [["CO", "18", 12000]],
        },
        {
          code: "97140",
          modifiers: ["GP", "XS"],
          charge: 5500,
          units: 1,
          date: dos,
          adjustments: [["CO", "18", 5500]],
        },
      ],
    };
    const worklist = buildWorklist(read(spec(duplicate)), [v1002], options);
    expect(worklist.items.map((i) => [i.rule, i.action])).toEqual([
      ["duplicate-line", "void"],
      ["duplicate-line", "void"],
      ["duplicate-line", "void"],
    ]);
    expect(worklist.correctedClaims.map((c) => [c.reference, c.payerClaimControlNumber])).toEqual([
      ["V-1002 frequency 8", "22026079123470"],
    ]);
    expect(worklist.correctedClaims[0]!.x12).toContain("CLM*V-1002*220***11:B:8*");
  });

  it("sends a new claim (frequency 1) when the payer called the first one unprocessable (MA130)", () => {
    const unprocessable: ClaimSpec = {
      ...deniedClaim(),
      status: "4",
      remarks: ["MA130"],
      lines: [
        {
          code: "97012",
          modifiers: ["GP"],
          charge: 4500,
          units: 1,
          date: dos,
          adjustments: [["CO", "16", 4500]],
        },
        {
          code: "97110",
          modifiers: [],
          charge: 12000,
          units: 2,
          date: dos,
          adjustments: [["CO", "16", 12000]],
        },
      ],
    };
    const sent = { ...v1001, lines: v1001.lines.slice(0, 2) };
    const worklist = buildWorklist(read(spec(unprocessable)), [sent], options);
    expect(worklist.items.map((i) => [i.code, i.rule, i.action])).toEqual([
      ["97012", "claim-structure", "review"],
      ["97110", "therapy-modifier", "correct"],
    ]);
    const corrected = worklist.correctedClaims[0]!;
    expect(corrected).toMatchObject({
      reference: "V-1001 frequency 1",
      frequency: "1",
      payerClaimControlNumber: null,
    });
    expect(corrected.why).toMatch(/unprocessable \(MA130\)/);
    expect(corrected.x12).not.toContain("REF*F8");
  });

  it("reports a remit claim and lines that match nothing, and cannot replace a claim without CLP07", () => {
    const stranger: ClaimSpec = { ...deniedClaim(), claimId: "V-9999" };
    const noControlNumber: ClaimSpec = { ...deniedClaim(), payerClaimControlNumber: "" };
    const extraLine: ClaimSpec = {
      ...paidClaim(),
      lines: [
        {
          code: "97530",
          modifiers: ["GP"],
          charge: 6500,
          units: 1,
          date: dos,
          adjustments: [["CO", "97", 6500]],
        },
      ],
    };
    const file = remitFileOf(spec(stranger, noControlNumber, extraLine));
    for (const c of file.remittances[0]!.claims)
      if (c.payerClaimControlNumber === "") delete c.payerClaimControlNumber;
    const worklist = buildWorklist(file, [v1001, v1002], options);
    expect(worklist.unmatched.map((u) => [u.kind, u.claimId, u.line, u.code])).toEqual([
      ["remit-claim", "V-9999", null, null],
      ["remit-line", "V-1002", 0, "97530"],
      ["submitted-line", "V-1002", 0, "97012"],
      ["submitted-line", "V-1002", 1, "97110"],
      ["submitted-line", "V-1002", 2, "97140"],
    ]);
    expect(worklist.correctedClaims).toEqual([]);
    expect(worklist.notes.join("\n")).toMatch(
      /V-1001: the remittance gives no payer claim control number \(CLP07\)/,
    );
    const stray = worklist.items.find((i) => i.claimId === "V-9999" && i.code === "97110")!;
    expect(stray).toMatchObject({ rule: "therapy-modifier", action: "needs-claims", line: null });
    expect(stray.nextStep).toMatch(/no claim given has id V-9999 \(CLP01\)/);
  });

  it("writes the corrected claim as JSON but says why there is no 837P without the submitter", () => {
    const { envelope: _, ...noEnvelope } = options;
    const worklist = buildWorklist(read(spec(deniedClaim())), [v1001], noEnvelope);
    expect(worklist.correctedClaims[0]!.x12).toBeUndefined();
    expect(worklist.correctedClaims[0]!.x12Problem).toMatch(
      /needs the submitter .* give it in the envelope settings/,
    );
  });
});
