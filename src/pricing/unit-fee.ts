import type { GpciRow, RvuRow } from "../reference/types.js";
import { type Exact, exact, plus, show, times } from "./exact.js";

export type Setting = "facility" | "non-facility";

/** Work, PE and MP geographic indices for one locality and year. */
export interface Gpcis {
  work: Exact;
  pe: Exact;
  mp: Exact;
}

export const NATIONAL_GPCIS: Gpcis = { work: exact("1.000"), pe: exact("1.000"), mp: exact("1.000") };

export function gpcisOf(row: GpciRow): Gpcis {
  return { work: exact(row.work, 3), pe: exact(row.pe, 3), mp: exact(row.mp, 3) };
}

/** The RVUs of one code as priced: the PE is the one for the setting actually used. */
export interface PricedRvus {
  work: Exact;
  pe: Exact;
  mp: Exact;
  /** The setting whose PE was used (differs from the claim's when that PE is NA). */
  peSetting: Setting;
}

export type PeChoice = { ok: true; rvus: PricedRvus; note?: string } | { ok: false; reason: string };

/**
 * Picks the PE for the place-of-service setting (contract §4.1). When the file flags that
 * setting's PE as NA (therapy codes have no facility PE), the other setting's PE is used and
 * the line says so: a therapist billing on the 1500 is paid at the non-facility rate.
 * With an unknown setting, a code is priced only when its PE does not depend on the setting.
 */
export function choosePe(row: RvuRow, setting: Setting | undefined): PeChoice {
  const rvus = (peSetting: Setting): PricedRvus => ({
    work: exact(row.work, 2),
    pe: exact(peSetting === "facility" ? row.peFacility : row.peNonFacility, 2),
    mp: exact(row.mp, 2),
    peSetting,
  });
  const na = { facility: row.peFacilityNa, "non-facility": row.peNonFacilityNa };
  if (na.facility && na["non-facility"]) {
    return { ok: false, reason: `the RVU file gives ${row.code} no PE in either setting (both NA)` };
  }
  if (setting === undefined) {
    if (na.facility) return { ok: true, rvus: rvus("non-facility") };
    if (na["non-facility"]) return { ok: true, rvus: rvus("facility") };
    if (exact(row.peFacility, 2).units === exact(row.peNonFacility, 2).units) {
      return { ok: true, rvus: rvus("non-facility") };
    }
    return {
      ok: false,
      reason: `the place of service is unknown and ${row.code}'s PE differs by setting (non-facility ${row.peNonFacility}, facility ${row.peFacility})`,
    };
  }
  if (!na[setting]) return { ok: true, rvus: rvus(setting) };
  const other: Setting = setting === "facility" ? "non-facility" : "facility";
  return {
    ok: true,
    rvus: rvus(other),
    note: `${row.code} has no ${setting} PE (NA in the RVU file): priced with its ${other} PE ${row[other === "facility" ? "peFacility" : "peNonFacility"]}`,
  };
}

/**
 * The unrounded fee for one unit (contract §4.1):
 * (work x workGPCI + PE x peGPCI + MP x mpGPCI) x CF, with PE halved under therapy MPPR.
 * Exact: 2-place RVUs x 3-place GPCIs x 4-place CF, so nothing is lost before rounding.
 */
export function unitFee(rvus: PricedRvus, gpcis: Gpcis, cf: Exact, mpprPeFactor?: Exact): Exact {
  const pe = mpprPeFactor ? times(rvus.pe, mpprPeFactor) : rvus.pe;
  return times(plus(times(rvus.work, gpcis.work), times(pe, gpcis.pe), times(rvus.mp, gpcis.mp)), cf);
}

/** The unit fee's formula written out for the trace, with the figures used. */
export function unitFeeFormula(rvus: PricedRvus, gpcis: Gpcis, cf: Exact, mpprPeFactor?: Exact): string {
  const pe = mpprPeFactor
    ? `${show(rvus.pe, 2)} x ${show(mpprPeFactor, 2)} x ${show(gpcis.pe, 3)}`
    : `${show(rvus.pe, 2)} x ${show(gpcis.pe, 3)}`;
  return `(${show(rvus.work, 2)} x ${show(gpcis.work, 3)} + ${pe} + ${show(rvus.mp, 2)} x ${show(gpcis.mp, 3)}) x ${show(cf, 4)}`;
}
