import type { Finding } from "../model/finding.js";
import type { SegmentPosition } from "../x12/segment.js";
import type { AckStatus } from "./codes.js";

/** Which layer refused or accepted a claim: the syntax check (999) or the front end (277CA), or a status answer. */
export type AckLayer = "999" | "277CA" | "277";

/** Where in the 837P a 999 error points. */
export interface AckLocation {
  /** 2010AA/NM1-09, or 2400/SV1-01-2. */
  location: string;
  /** The segment's position in the 837's transaction set (IK3-02). */
  segmentPosition: number;
  /** The guide's name of the segment and element ("billing provider name: identification code"). */
  name?: string;
  /** The bad value, when the 999 copied it (IK4-04). */
  badValue?: string;
}

/** One reason of an acknowledgment for a claim: a status code or a syntax error, explained. */
export interface AckReason {
  /** The codes as sent: "A7:562:85", "IK3 NM1 8 / IK4 9 I12". */
  code: string;
  /** In plain words: what happened. */
  meaning: string;
  /** The category code's status, for 277 reasons. */
  status?: AckStatus;
  /** True when cleanclaim has an explanation of every code in `code`. */
  known: boolean;
  at?: AckLocation;
  /** 0-based line of the sent claim the reason is about. */
  line?: number;
  /** The cleanclaim rule that checks this before sending, when one does. */
  rule?: string;
  fix?: string;
  /** STC12: the payer's own words. */
  message?: string;
}

/** How long is left to file a claim that must go out again. */
export interface FilingTime {
  firstDateOfService: string;
  deadline: string;
  /** Days from the as-of date to the deadline (negative when it has passed). */
  daysLeft: number;
  /** "Medicare: 12 months after the date of service (42 CFR 424.44)". */
  basis: string;
}

/** The sent claim an acknowledgment names. */
export interface SentClaimTie {
  id: string;
  source?: string;
  /** How it was found: CLM01 against the patient control number, or the 999's segment positions in the 837. */
  matchedBy: "patient-control-number" | "segment-position";
  payer: string;
  charge: string;
  timelyFiling?: FilingTime;
}

/** One claim's acknowledgment: what the service records in the claim's history. */
export interface ClaimAck {
  layer: AckLayer;
  status: AckStatus;
  /** CLM01 of the claim; undefined for a 999 that names a whole transaction set without its claims. */
  patientControlNumber?: string;
  /** REF*1K: the payer's claim number, once assigned. */
  payerClaimControlNumber?: string;
  /** REF*D9: the clearinghouse's trace number. */
  clearinghouseTraceNumber?: string;
  /** ST02 of the 837 transaction set (999). */
  transactionSet?: string;
  dates: { status?: string; received?: string; serviceFrom?: string; serviceThrough?: string };
  /** STC04: the charge the payer read. */
  charge?: string;
  reasons: AckReason[];
  /** For a rejected claim: send it again as a new original claim. */
  resubmit?: { newClaim: true; frequency: "1"; why: string };
  claim?: SentClaimTie;
  /** Where the acknowledgment says it (its AK2 or 2200D). */
  position: SegmentPosition;
}

export interface AckSummary {
  claims: number;
  accepted: number;
  rejected: number;
  pended: number;
  finalized: number;
  notFound: number;
}

/** What `cleanclaim ack` prints, as data. */
export interface AckReport {
  layer: AckLayer;
  /** Each acknowledgment transaction set, with its own verdict in words. */
  acknowledgments: Array<{ transaction: string; verdict: string }>;
  claims: ClaimAck[];
  summary: AckSummary;
  /** Sent claims the acknowledgment does not name (with --claims). */
  notAcknowledged: string[];
  /** Problems the reader found in the acknowledgment file itself. */
  findings: Finding[];
  notes: string[];
  /** Where the new-claim advice comes from. */
  sources: readonly string[];
}
