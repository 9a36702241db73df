import type { Cents } from "../../model/money.js";
import { formatCents } from "../../model/money.js";
import type { VisitInput } from "../../model/visit.js";
import type { RemitFile, Remittance } from "../types.js";

/**
 * Test remittances, written two ways from one description: as the typed Remittance the
 * worklist reads, and as a 005010X221A1 file with realistic envelopes for the X12 reader.
 * Amounts balance the way a payer's do: each line's charge less its adjustments is its
 * payment, and the check is the sum of the claim payments.
 */

export type Adjustment = readonly [group: string, carc: string, cents: Cents];

export interface ServiceSpec {
  code: string;
  modifiers: string[];
  charge: Cents;
  units: number;
  date: string;
  adjustments: Adjustment[];
  remarks?: string[];
  /** AMT*B6; default charge less the CO adjustments when the line is paid. */
  allowed?: Cents;
}

export interface ClaimSpec {
  claimId: string;
  status: string;
  payerClaimControlNumber: string;
  patient: { lastName: string; firstName: string; memberId: string };
  lines: ServiceSpec[];
  /** CLP03 when the payer reports no service lines; else the sum of the lines. */
  charge?: Cents;
  claimAdjustments?: Adjustment[];
  /** MOA remark codes. */
  remarks?: string[];
}

export interface RemitSpec {
  payer: { name: string; id: string };
  payee: { name: string; npi: string; taxId: string };
  /** Payment (and production) date, YYYY-MM-DD. */
  date: string;
  traceNumber: string;
  controlNumber: number;
  claims: ClaimSpec[];
}

/** The order a file gives adjustments in: one CAS per group, groups in order of first use. */
function inFileOrder(adjustments: readonly Adjustment[]): Adjustment[] {
  const groups = [...new Set(adjustments.map((a) => a[0]))];
  return groups.flatMap((g) => adjustments.filter((a) => a[0] === g));
}

const sumCents = (adjustments: readonly Adjustment[], group?: string): Cents =>
  adjustments.filter((a) => group === undefined || a[0] === group).reduce((s, a) => s + a[2], 0);

export const linePaid = (line: ServiceSpec): Cents => line.charge - sumCents(line.adjustments);

function claimTotals(c: ClaimSpec): { charge: Cents; paid: Cents; patient: Cents } {
  const claimAdj = c.claimAdjustments ?? [];
  const charge = c.charge ?? c.lines.reduce((s, l) => s + l.charge, 0);
  const paid =
    (c.lines.length > 0 ? c.lines.reduce((s, l) => s + linePaid(l), 0) : charge) - sumCents(claimAdj);
  const patient = c.lines.reduce((s, l) => s + sumCents(l.adjustments, "PR"), 0) + sumCents(claimAdj, "PR");
  return { charge, paid, patient };
}

/**
 * A line paid the Medicare way on `allowed`: deductible first, 20% coinsurance of the
 * rest, 2% sequestration of the payment (each rounded half-up), the rest of the charge
 * written off as CO-45. `shortBy` lowers the allowed amount the payer used.
 */
export function medicareLine(
  base: Omit<ServiceSpec, "adjustments" | "allowed">,
  allowed: Cents,
  deductible: Cents,
  shortBy: Cents = 0,
): ServiceSpec {
  const payerAllowed = allowed - shortBy;
  const coinsurance = Math.floor(((payerAllowed - deductible) * 20 + 50) / 100);
  const payment = payerAllowed - deductible - coinsurance;
  const sequestration = Math.floor((payment * 2 + 50) / 100);
  const adjustments: Adjustment[] = [["CO", "45", base.charge - payerAllowed]];
  if (deductible > 0) adjustments.push(["PR", "1", deductible]);
  adjustments.push(["PR", "2", coinsurance], ["CO", "253", sequestration]);
  return { ...base, adjustments, allowed: payerAllowed };
}

/** The typed remittance, as the X12 reader should produce it from `x12Of(spec)`. */
export function remitFileOf(spec: RemitSpec): RemitFile {
  const money = formatCents;
  const remittance: Remittance = {
    transaction: "0001",
    payment: {
      amount: money(spec.claims.reduce((s, c) => s + claimTotals(c).paid, 0)),
      method: "ACH",
      date: spec.date,
      traceNumber: spec.traceNumber,
    },
    payer: { name: spec.payer.name, id: spec.payer.id },
    payee: { name: spec.payee.name, npi: spec.payee.npi, taxId: spec.payee.taxId },
    claims: spec.claims.map((c) => {
      const t = claimTotals(c);
      return {
        claimId: c.claimId,
        status: c.status,
        charge: money(t.charge),
        paid: money(t.paid),
        patientResponsibility: money(t.patient),
        payerClaimControlNumber: c.payerClaimControlNumber,
        frequency: "1",
        adjustments: (c.claimAdjustments ?? []).map(([group, carc, cents]) => ({
          group,
          carc,
          amount: money(cents),
        })),
        remarks: c.remarks ?? [],
        lines: c.lines.map((l) => ({
          code: l.code,
          modifiers: l.modifiers,
          charge: money(l.charge),
          paid: money(linePaid(l)),
          units: l.units,
          dateOfService: l.date,
          adjustments: inFileOrder(l.adjustments).map(([group, carc, cents]) => ({
            group,
            carc,
            amount: money(cents),
          })),
          remarks: l.remarks ?? [],
          ...(l.allowed !== undefined ? { allowed: money(l.allowed) } : {}),
        })),
      };
    }),
  };
  return { remittances: [remittance], findings: [] };
}

/** X12 amounts drop trailing zeros: 45.00 is "45", 45.50 is "45.5". */
function x12Amount(cents: Cents): string {
  return formatCents(cents)
    .replace(/\.00$/, "")
    .replace(/(\.\d)0$/, "$1");
}

const yyyymmdd = (iso: string): string => iso.replace(/-/g, "");

/** CAS segments: a segment per group, up to six reason/amount pairs each. */
function cas(adjustments: readonly Adjustment[]): string[] {
  const out: string[] = [];
  for (const group of [...new Set(adjustments.map((a) => a[0]))]) {
    const mine = inFileOrder(adjustments).filter((a) => a[0] === group);
    for (let i = 0; i < mine.length; i += 6) {
      out.push(
        ["CAS", group, ...mine.slice(i, i + 6).flatMap(([, carc, cents]) => [carc, x12Amount(cents), ""])]
          .join("*")
          .replace(/\*+$/, ""),
      );
    }
  }
  return out;
}

/** The remittance as a 005010X221A1 interchange: ISA/GS/ST envelopes with balanced counts. */
export function x12Of(spec: RemitSpec): string {
  const control = String(spec.controlNumber).padStart(9, "0");
  const date = yyyymmdd(spec.date);
  const total = spec.claims.reduce((s, c) => s + claimTotals(c).paid, 0);
  const body: string[] = [
    "ST*835*0001", // ST03 is not used in 005010X221A1: GS08 names the guide
    `BPR*I*${x12Amount(total)}*C*ACH*CCP*01*999999992*DA*123456789*1512345678**01*999988880*DA*98765*${date}`,
    `TRN*1*${spec.traceNumber}*1512345678`,
    `DTM*405*${date}`,
    `N1*PR*${spec.payer.name}`,
    "N3*PO BOX 2000",
    "N4*JACKSONVILLE*FL*322310000",
    `REF*2U*${spec.payer.id}`,
    "PER*BL*PROVIDER SERVICES*TE*8665550100",
    `N1*PE*${spec.payee.name}*XX*${spec.payee.npi}`,
    `REF*TJ*${spec.payee.taxId}`,
  ];
  spec.claims.forEach((c, i) => {
    const t = claimTotals(c);
    body.push(
      `LX*${i + 1}`,
      `CLP*${c.claimId}*${c.status}*${x12Amount(t.charge)}*${x12Amount(t.paid)}*${x12Amount(t.patient)}*MB*${c.payerClaimControlNumber}*11*1`,
      ...cas(c.claimAdjustments ?? []),
      `NM1*QC*1*${c.patient.lastName}*${c.patient.firstName}****MI*${c.patient.memberId}`,
    );
    if (c.remarks?.length) body.push(["MOA", "", "", ...c.remarks].join("*"));
    const dates = c.lines.map((l) => l.date).sort();
    if (dates.length > 0) body.push(`DTM*232*${yyyymmdd(dates[0]!)}`, `DTM*233*${yyyymmdd(dates.at(-1)!)}`);
    for (const l of c.lines) {
      const composite = ["HC", l.code, ...l.modifiers].join(":");
      body.push(
        `SVC*${composite}*${x12Amount(l.charge)}*${x12Amount(linePaid(l))}**${l.units}`,
        `DTM*472*${yyyymmdd(l.date)}`,
        ...cas(l.adjustments),
      );
      if (l.allowed !== undefined) body.push(`AMT*B6*${x12Amount(l.allowed)}`);
      for (const r of l.remarks ?? []) body.push(`LQ*HE*${r}`);
    }
  });
  body.push(`SE*${body.length + 1}*0001`);
  const isaDate = date.slice(2);
  return `${[
    `ISA*00*          *00*          *ZZ*${spec.payer.id.padEnd(15)}*ZZ*${spec.payee.npi.padEnd(15)}*${isaDate}*0930*^*00501*${control}*0*P*:`,
    `GS*HP*${spec.payer.id}*${spec.payee.npi}*${date}*0930*${spec.controlNumber}*X*005010X221A1`,
    ...body,
    `GE*1*${spec.controlNumber}`,
    `IEA*1*${control}`,
  ].join("~\n")}~\n`;
}

/** A Medicare PT visit with every field the 837P needs (synthetic patient). */
export function therapyVisit(overrides: Partial<VisitInput> = {}): VisitInput {
  return {
    id: "V-1001",
    dateOfService: "2026-03-02",
    patient: {
      id: "P-77",
      firstName: "Ana",
      lastName: "Diaz",
      birthDate: "1956-04-09",
      sex: "F",
      memberId: "1EG4TE5MK73",
      address: "100 Ocean Dr",
      city: "Miami",
      state: "FL",
      zip: "33101",
    },
    payer: { id: "09102", name: "Medicare Part B First Coast", type: "medicare" },
    placeOfService: "11",
    billingProvider: {
      npi: "1234567893",
      taxId: "591234567",
      name: "Bayside Therapy",
      address: "200 Brickell Ave",
      city: "Miami",
      state: "FL",
      zip: "331310001",
      locality: "09102-04",
    },
    renderingProvider: {
      npi: "1972638468",
      firstName: "Lena",
      lastName: "Park",
      credential: "PT",
      participating: true,
    },
    planOfCare: { discipline: "PT", certifiedFrom: "2026-02-01", certifiedThrough: "2026-04-30" },
    diagnoses: ["M54.16", "M51.26"],
    services: [
      { code: "97012", minutes: 15 },
      { code: "97110", minutes: 30, diagnosisPointers: [1, 2] },
      { code: "97140", minutes: 8, region: "cervical", distinct: "XS" },
    ],
    therapyYearToDate: "0.00",
    medicallyNecessaryOverThreshold: false,
    charges: { "97012": "45.00", "97110": "60.00", "97140": "55.00" },
    deductibleRemaining: "0.00",
    ...overrides,
  };
}
