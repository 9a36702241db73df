import type { IsoDate } from "../model/dates.js";
import type { ReferenceData } from "../reference/types.js";

/** What claimState reads of a visit or a claim. */
export interface ClaimStateFacts {
  accident?: { state?: string | undefined } | undefined;
  billingProvider: { state?: string | undefined; zip?: string | undefined };
  serviceFacility?: { state?: string | undefined; zip?: string | undefined } | undefined;
  /** A visit's date of service; a claim's is its first line's. */
  dateOfService?: IsoDate;
  lines?: ReadonlyArray<{ dateOfService: IsoDate }>;
}

/**
 * The state whose workers' compensation or no-fault law a claim is under, for a payer
 * profile's `appliesTo.states`: the accident's state (CLM11-4) when the claim gives one,
 * else where the services were furnished: the service facility's state (2310C N4-02) or
 * the billing provider's (2010AA N4-02), else the state of that place's ZIP code in the CMS
 * ZIP file. Undefined when none is known.
 */
export function claimState(
  claim: ClaimStateFacts,
  reference?: Pick<ReferenceData, "zipLocality">,
): string | undefined {
  const accident = claim.accident?.state?.trim();
  if (accident) return accident.toUpperCase();
  const date = claim.dateOfService ?? claim.lines?.map((l) => l.dateOfService).sort()[0];
  // The facility first; one named without an address (filled later from the practice, or
  // never) leaves the billing provider's place to answer.
  for (const place of [claim.serviceFacility, claim.billingProvider]) {
    const state = place?.state?.trim();
    if (state) return state.toUpperCase();
    const zip = place?.zip?.trim();
    if (zip && date && reference) {
      const found = reference.zipLocality(zip, date).value?.state;
      if (found) return found;
    }
  }
  return undefined;
}
