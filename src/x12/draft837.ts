import type { Finding } from "../model/finding.js";
import type { SegmentPosition } from "./segment.js";

/**
 * What the 837P reader collects for one claim before it becomes a Claim: the raw element
 * text and the segment positions. Shared by the reader (read837.ts), the claim-level X12
 * checks (balance837.ts) and the mapping of engine findings to segments (claim-rules837.ts).
 */

/** Where a service line came from: its SV1 segment. */
export interface LinePosition extends SegmentPosition {
  loop: "2400";
}

/** Where a claim came from: its CLM segment, its transaction set, and each line's SV1. */
export interface ClaimPosition extends SegmentPosition {
  loop: "2300";
  /** ST02 of the transaction set. */
  transaction: string;
  /** The file name given in the options, when any. */
  source?: string;
  lines: LinePosition[];
}

export interface ProviderDraft {
  entityType: string;
  name: string;
  firstName: string;
  npi: string;
  npiPosition: SegmentPosition | undefined;
  taxonomy: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  taxId: string;
}

export interface PersonDraft {
  lastName: string;
  firstName: string;
  memberId: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  birthDate: string;
  sex: string;
  /** NM1 of the person's name loop (2010BA or 2010CA). */
  namePosition: SegmentPosition | undefined;
  /** REF*Y4 of the loop, the property and casualty claim number; "" when absent. */
  propertyCasualtyClaimNumber: string;
}

export interface SubscriberDraft extends PersonDraft {
  /** NM102: "1" a person, "2" a non-person entity (the employer on a workers' comp claim). */
  entityType: string;
  filingIndicator: string;
  /** SBR02: "18" when the subscriber is the patient, blank when a 2000C patient follows. */
  relationship: string;
  sbrPosition: SegmentPosition | undefined;
  payerName: string;
  payerId: string;
  payerPosition: SegmentPosition | undefined;
}

export interface PatientDraft extends PersonDraft {
  /** PAT01, the patient's relationship to the subscriber. */
  relationship: string;
  patPosition: SegmentPosition | undefined;
}

export interface LineDraft {
  code: string;
  modifiers: string[];
  chargeText: string;
  /** SV102 in cents; undefined when not an amount (the walker reports it). */
  cents: number | undefined;
  unitsText: string;
  units: number | undefined;
  pointers: string[];
  date: string;
  position: LinePosition;
}

export interface DiagnosisDraft {
  qualifier: string;
  code: string;
  /** HI element number (1 to 12). */
  element: number;
}

export interface ClaimDraft {
  id: string;
  chargeText: string;
  placeOfService: string;
  frequency: string;
  participation: string;
  /** CLM11-1 to CLM11-3 (related causes), CLM11-4 (auto accident state). */
  relatedCauses: string[];
  accidentState: string;
  /** DTP*439 accident date, ISO; "" when absent. */
  accidentDate: string;
  position: ClaimPosition;
  payerClaimControlNumber: string;
  medicalRecordNumber: string;
  priorAuthorization: string;
  diagnoses: DiagnosisDraft[];
  hiPosition: SegmentPosition | undefined;
  initialTreatment: string;
  lastXray: string;
  condition: string;
  hasChiropracticData: boolean;
  rendering: (ProviderDraft & { lastName: string }) | undefined;
  /** 2310C, where the services were furnished. */
  facility:
    | { name: string; npi: string; address: string; city: string; state: string; zip: string }
    | undefined;
  lines: LineDraft[];
  findings: Finding[];
  billing: ProviderDraft;
  subscriber: SubscriberDraft;
  patient: PatientDraft | undefined;
}
