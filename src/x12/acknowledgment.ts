import type { Finding } from "../model/finding.js";
import type { SegmentPosition } from "./segment.js";

/**
 * What the acknowledgment readers return: the 999 (read999.ts) and the 277CA / 277
 * (read277.ts), as plain data. Codes are kept as sent; explaining them in words is the
 * job of src/ack, which also ties them to the claims that were sent.
 */

/** 2110 IK4: one element of the acknowledged segment in error. */
export interface ElementNote {
  /** IK401-1: the element's position in its segment (SV1-01 is 1). */
  element: number;
  /** IK401-2: the component's position in a composite (SV1-01-2 is 2). */
  component?: number;
  /** IK401-3: the repetition, for a repeating element. */
  repeat?: number;
  /** IK402: the X12 data element reference number. */
  dataElement?: string;
  /** IK403: the element syntax error code. */
  code: string;
  /** IK404: a copy of the bad value. */
  badValue?: string;
  position: SegmentPosition;
}

/** CTX of a segment context (the trigger that made a situational segment required). */
export interface SegmentContext {
  name: string;
  segmentId?: string;
  segmentPosition?: number;
  loop?: string;
  element?: number;
}

/** 2100 IK3: one segment of the acknowledged transaction set in error. */
export interface SegmentNote {
  /** IK301: the segment id (NM1, SV1). */
  segmentId: string;
  /** IK302: its position in the acknowledged transaction set (ST is 1); 0 when unreadable. */
  segmentPosition: number;
  /** IK303: the loop id the sender gave (2010AA). */
  loop?: string;
  /** IK304: the segment syntax error code (absent when only its elements are in error). */
  code?: string;
  /** CTX*CLM01: the patient control number of the claim the segment is in, when sent. */
  patientControlNumber?: string;
  contexts: SegmentContext[];
  elements: ElementNote[];
  position: SegmentPosition;
}

/** The verdict on a transaction set (IK501) or a group (AK901), in cleanclaim's words. */
export type AckVerdict = "accepted" | "accepted-with-errors" | "partially-accepted" | "rejected";

/** Loop 2000: the verdict on one transaction set of the acknowledged group. */
export interface TransactionSetAck {
  /** AK201: the acknowledged set's id (837). */
  set: string;
  /** AK202: its ST02. */
  control: string;
  /** AK203: its implementation guide (005010X222A1). */
  version?: string;
  /** IK501. */
  code: string;
  verdict: AckVerdict;
  /** IK502-IK506. */
  errors: string[];
  segments: SegmentNote[];
  position: SegmentPosition;
}

/** One 999 transaction set: the acknowledgment of one functional group. */
export interface Acknowledgment999 {
  /** ST02 of the 999 itself. */
  transaction: string;
  /** AK1: the functional group acknowledged (GS01, GS06, GS08 of the file sent). */
  group: { functionalId: string; control: string; version: string };
  sets: TransactionSetAck[];
  /** AK901. */
  code: string;
  verdict: AckVerdict;
  /** AK902-AK904 (undefined when unreadable). */
  counts: { included?: number; received?: number; accepted?: number };
  /** AK905-AK909. */
  errors: string[];
  position: SegmentPosition;
}

export interface Parse999Result {
  acknowledgments: Acknowledgment999[];
  findings: Finding[];
}

/** One C043 composite of an STC: the status category, the status code and the entity. */
export interface StatusCode {
  /** C043-01: A0-A8, P0-P5, F0-F4, R0-R16, E0-E4, D0. */
  category: string;
  /** C043-02: the claim status code (21, 562). */
  status: string;
  /** C043-03: the entity the status is about (85 billing provider, IL subscriber). */
  entity?: string;
  /** C043-04: a code list other than the claim status codes (NCPDP). */
  codeList?: string;
}

/** One STC: up to three status codes (STC01, STC10, STC11) with the date and amounts. */
export interface StatusInfo {
  codes: StatusCode[];
  /** STC02: the date the status took effect. */
  date?: string;
  /** STC03: WQ accepted, U rejected (277CA). */
  action?: string;
  /** STC04: the claim's total charge, as money text. */
  charge?: string;
  /** STC05 (277): the amount paid. */
  paid?: string;
  /** STC06 (277): the payment date. */
  paidDate?: string;
  /** STC09 (277): the check or EFT number. */
  checkNumber?: string;
  /** STC12: the payer's own words. */
  message?: string;
  position: SegmentPosition;
}

/** Loop 2220D/2220E: one service line's status. */
export interface StatusLine {
  qualifier: string;
  code: string;
  modifiers: string[];
  charge: string;
  paid?: string;
  units?: number;
  /** REF*FJ: the line item control number the 837 sent (REF*6R). */
  controlNumber?: string;
  /** DTP*472, the first (or only) day. */
  serviceDate?: string;
  statuses: StatusInfo[];
  position: SegmentPosition;
}

/** One claim of a 277CA or 277: 2200D (or 2200E) with its lines. */
export interface StatusClaim {
  /** The patient control number (CLM01 of the 837): TRN02 of a 277CA, REF*EJ or TRN02 of a 277. */
  patientControlNumber: string;
  /** TRN02 as sent. */
  traceNumber: string;
  /** REF*1K: the payer's own claim number, once assigned. */
  payerClaimControlNumber?: string;
  /** REF*D9: the clearinghouse's trace number. */
  clearinghouseTraceNumber?: string;
  /** NM1*QC (or NM1*IL) of the claim's level: the person the claim is for. */
  patient: { lastName?: string; firstName?: string; memberId?: string };
  /** 2100C: the billing (277CA) or service (277) provider. */
  provider: { name?: string; idQualifier?: string; id?: string };
  statuses: StatusInfo[];
  serviceFrom?: string;
  serviceThrough?: string;
  lines: StatusLine[];
  position: SegmentPosition;
}

/** Batch-level status: of the information receiver (2200B) or a billing provider (2200C). */
export interface BatchStatus {
  level: "receiver" | "provider";
  traceNumber?: string;
  statuses: StatusInfo[];
  acceptedQuantity?: number;
  rejectedQuantity?: number;
  acceptedAmount?: string;
  rejectedAmount?: string;
  position: SegmentPosition;
}

/** One 277 transaction set: a claim acknowledgment (277CA) or a claim status response. */
export interface ClaimStatusReport {
  kind: "277CA" | "277";
  /** ST02 of the 277. */
  transaction: string;
  /** 2100A: the payer or clearinghouse that answers. */
  source: { name?: string; idQualifier?: string; id?: string };
  /** 2100B: who the answer is for. */
  receiver: { name?: string; id?: string };
  /** DTP*050 and DTP*009 of 2200A (277CA). */
  receivedDate?: string;
  processDate?: string;
  batches: BatchStatus[];
  claims: StatusClaim[];
  position: SegmentPosition;
}

export interface Parse277Result {
  reports: ClaimStatusReport[];
  findings: Finding[];
}
