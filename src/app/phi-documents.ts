import type { Claim, Subscriber } from "../model/claim.js";
import type { Patient } from "../model/common.js";
import type { SealedParties } from "../store/visits.js";

/**
 * Documents (visits, claim versions) are stored without PHI (issue 9, encryption at rest):
 * the patient's identifying fields live sealed in `patients`; the subscriber, and on a
 * workers' comp or auto claim the employer and the insurer's claim number, sealed in
 * `visits.subscriber_enc`. Only the patient's sex stays in the document (coding needs it
 * and it identifies no one). Reads put the sealed fields back.
 */
export function withoutPhi<
  T extends {
    patient?: Patient | undefined;
    subscriber?: Subscriber | undefined;
    employer?: unknown;
    propertyCasualtyClaimNumber?: unknown;
  },
>(
  document: T,
): Omit<T, "patient" | "subscriber" | "employer" | "propertyCasualtyClaimNumber"> & {
  patient: Pick<Patient, "sex">;
} {
  const {
    patient,
    subscriber: _subscriber,
    employer: _employer,
    propertyCasualtyClaimNumber: _claimNumber,
    ...rest
  } = document;
  return { ...rest, patient: patient?.sex ? { sex: patient.sex } : {} };
}

/** A stored document with the patient (and the sealed parties) put back. */
export function withPhi<T extends Record<string, unknown>>(
  document: T,
  patient: Patient,
  parties: SealedParties,
): T & { patient: Patient } {
  return { ...document, patient, ...parties };
}

/** A stored claim document as a Claim again (the documents were Claims before the PHI came out). */
export function claimOf(document: Record<string, unknown>, patient: Patient, parties: SealedParties): Claim {
  return withPhi(document, patient, parties) as unknown as Claim;
}
