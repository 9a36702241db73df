import { describe, expect, it } from "vitest";
import type { Claim } from "../model/claim.js";
import { formatScaled, parseScaled, roundHalfUp } from "../model/money.js";
import { medicareProfile } from "../payers/profile.js";
import { priceClaim } from "./price-claim.js";
import { RVU_2025_OCT, rvu2025Rows, rvuFileTotals, sharedReference } from "./test-support.js";

/**
 * Whole-file check (issue 4): for every status-A row of PPRRVU2025_Oct.csv, the engine's
 * national one-unit amount in each setting equals the file's own TOTAL x 32.3465, rounded
 * half-up to the cent. Settings flagged NA are skipped. The expected figure is computed
 * here from the file's TOTAL columns, which the engine never reads.
 */
const CF_2025 = parseScaled("32.3465", 4);

function oneLineClaim(code: string, modifier: string, placeOfService: string): Claim {
  return {
    id: `W-${code}${modifier}`,
    frequency: "1",
    payerClaimControlNumber: null,
    patient: {},
    payer: { id: "MEDICARE", type: "medicare" },
    billingProvider: { npi: "1234567893" },
    renderingProvider: { credential: "MD", participating: true },
    placeOfService,
    diagnoses: ["M54.16"],
    lines: [
      {
        code,
        modifiers: modifier ? [modifier] : [],
        units: 1,
        charge: "100.00",
        diagnosisPointers: [1],
        dateOfService: "2025-11-03",
      },
    ],
    chiropractic: null,
    deductibleRemaining: "0.00",
  };
}

describe("PPRRVU2025_Oct.csv, every status-A row, national", () => {
  it("matches TOTAL x 32.3465 in both settings", () => {
    const rows = rvu2025Rows().filter((r) => r.status === "A");
    const totals = rvuFileTotals(RVU_2025_OCT);
    const context = { reference: sharedReference(), profile: medicareProfile };
    const mismatches: string[] = [];
    let checked = 0;
    for (const row of rows) {
      const total = totals.get(`${row.code}|${row.modifier}`);
      if (!total) throw new Error(`no totals for ${row.code} ${row.modifier}`);
      const settings = [
        { pos: "11", na: row.peNonFacilityNa, total: total.nonFacility },
        { pos: "22", na: row.peFacilityNa, total: total.facility },
      ];
      for (const s of settings) {
        if (s.na) continue;
        const expected = formatScaled(roundHalfUp(parseScaled(s.total, 2) * CF_2025, 10n ** 4n), 2);
        const estimate = priceClaim(oneLineClaim(row.code, row.modifier, s.pos), context);
        const line = estimate.lines[0]!;
        checked++;
        if (line.allowed !== expected || estimate.warnings?.length) {
          mismatches.push(
            `${row.code}${row.modifier ? `-${row.modifier}` : ""} POS ${s.pos}: engine ${line.allowed}, file ${s.total} x 32.3465 = ${expected} ${estimate.warnings?.join("; ") ?? ""}`,
          );
        }
      }
    }
    // Counted independently with a csv reader: 9,021 status-A rows, 12,112 settings not flagged NA.
    expect(rows.length).toBe(9021);
    expect(checked).toBe(12_112);
    expect(mismatches).toEqual([]);
  });
});
