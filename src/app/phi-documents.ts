import type { Claim, Subscriber } from "../model/claim.js";
import type { Patient } from "../model/common.js";

/**
 * Documents (visits, claim versions) are stored without PHI (issue 9, encryption at rest):
 * the patient's identifying fields live sealed in `patients`, the subscriber sealed in
 * `visits.subscriber_enc`. Only the patient's sex stays in the document (coding needs it
 * and it identifies no one). Reads put the sealed fields back.
 */
export function withoutPhi<T extends { patient?: Patient | undefined; subscriber?: Subscriber | undefined }>(
  document: T,
): Omit<T, "patient" | "subscriber"> & { patient: Pick<Patient, "sex"> } {
  const { patient, subscriber: _subscriber, ...rest } = document;
  return { ...rest, patient: patient?.sex ? { sex: patient.sex } : {} };
}

/** A stored document with the patient (and subscriber) put back. */
export function withPhi<T extends Record<string, unknown>>(
  document: T,
  patient: Patient,
  subscriber: Subscriber | undefined,
): T & { patient: Patient } {
  return { ...document, patient, ...(subscriber ? { subscriber } : {}) };
}

/** A stored claim document as a Claim again (the documents were Claims before the PHI came out). */
export function claimOf(
  document: Record<string, unknown>,
  patient: Patient,
  subscriber: Subscriber | undefined,
): Claim {
  return withPhi(document, patient, subscriber) as unknown as Claim;
}
