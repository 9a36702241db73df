import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import type { SegmentPosition } from "./segment.js";

/**
 * An 835 as typed data. Money is the contract's two-place decimal string ("45.00",
 * "-12.50"), as in Claim; the reader balances in integer cents. An amount the file does
 * not give as dollars and cents is "" (and reported).
 */

/** A CAS adjustment: group (CO, PR, OA, PI), CARC, amount, and the optional quantity. */
export interface RemitAdjustment {
  group: string;
  carc: string;
  amount: string;
  quantity?: number;
}

/** One SVC service line (loop 2110). */
export interface RemitServiceLine {
  /** SVC01-1, usually HC (HCPCS/CPT). */
  qualifier: string;
  /** SVC01-2 as adjudicated, and its modifiers SVC01-3..6. */
  code: string;
  modifiers: string[];
  charge: string;
  paid: string;
  /** SVC05 units paid; the guide says 1 when absent. */
  units: number;
  /** SVC07: the units submitted, when the payer paid a different number. */
  submittedUnits?: number;
  /** SVC06: the code as submitted, when the payer changed it. */
  submitted?: { qualifier: string; code: string; modifiers: string[] };
  /** SVC04 revenue code. */
  revenueCode?: string;
  /** DTM*472, else DTM*150. */
  dateOfService?: IsoDate;
  /** DTM*150 and DTM*151: a service period. */
  serviceFrom?: IsoDate;
  serviceThrough?: IsoDate;
  adjustments: RemitAdjustment[];
  /** LQ*HE remark codes (RARCs). */
  remarks: string[];
  /** AMT*B6: the amount the payer allowed. */
  allowed?: string;
  /** REF*6R: the line item control number the 837 sent. */
  controlNumber?: string;
  /** SVC segment number in the file. */
  segment: number;
  position: SegmentPosition;
}

/** One CLP claim payment (loop 2100). */
export interface RemitClaim {
  /** CLP01: the patient control number we sent (CLM01). */
  claimId: string;
  /** CLP02: 1-3 processed, 4 denied, 19-21 processed and forwarded, 22 reversal, 23 not our claim, 25 predetermination. */
  status: string;
  charge: string;
  paid: string;
  patientResponsibility?: string;
  /** CLP06 claim filing indicator. */
  filingIndicator: string;
  /** CLP07: the payer's claim control number, the one a replacement claim carries in REF*F8. */
  payerClaimControlNumber?: string;
  /** CLP08 facility type (place of service for professional claims). */
  facilityType?: string;
  /** CLP09 frequency the payer recorded. */
  frequency?: string;
  /** NM1*QC: the patient as the payer has them. */
  patient: { lastName?: string; firstName?: string; memberId?: string };
  /** Claim-level CAS. */
  adjustments: RemitAdjustment[];
  /** MOA and MIA remark codes (RARCs) for the whole claim. */
  remarks: string[];
  lines: RemitServiceLine[];
  /** DTM*232/233 statement period, for lines without their own date. */
  statementFrom?: IsoDate;
  statementThrough?: IsoDate;
  /** DTM*050: when the payer received the claim. */
  receivedDate?: IsoDate;
  /** CLP segment number in the file. */
  segment: number;
  position: SegmentPosition;
}

/** One PLB adjustment: money the payer takes (positive) or adds (negative) outside any claim. */
export interface ProviderAdjustment {
  providerId: string;
  fiscalPeriodDate?: IsoDate;
  /** PLB03-1 reason, e.g. WO overpayment recovery, L6 interest, FB forwarding balance. */
  reason: string;
  /** PLB03-2, often the claim the adjustment is about. */
  reference?: string;
  amount: string;
  position: SegmentPosition;
}

/** One 835 transaction set: a payment, its payer and payee, the claims it pays. */
export interface Remittance {
  /** BPR02 total payment; BPR01 handling, BPR03 credit/debit, BPR04 method, BPR16 date; TRN02/TRN03 trace. */
  payment: {
    amount: string;
    handling: string;
    creditDebit: string;
    method?: string;
    date?: IsoDate;
    traceNumber?: string;
    originatorId?: string;
  };
  /** DTM*405. */
  productionDate?: IsoDate;
  payer: { name?: string; id?: string; address?: string; city?: string; state?: string; zip?: string };
  payee: { name?: string; npi?: string; taxId?: string; id?: string; idQualifier?: string };
  claims: RemitClaim[];
  providerAdjustments: ProviderAdjustment[];
  /** ST02. */
  transaction?: string;
  position: SegmentPosition;
}

export interface Parse835Result {
  remittances: Remittance[];
  /** Syntax, guide and balancing findings, in file order. */
  findings: Finding[];
}
