import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import { InputError } from "../model/validate.js";

/** Domain paths of the run options (the CLI shows them as its flags; src/cli/problems.ts). */
export const LOCALITY_OPTION = "pricing.locality";
export const ZIP_OPTION = "pricing.zip";

import type { ReferenceData } from "../reference/types.js";

/**
 * Where the claim is priced. "national" uses GPCIs of 1.000 and is chosen only when nobody
 * gave a locality or a ZIP, or when the user asks for it; "unresolved" means a ZIP was
 * given but leads to no known locality: pricing it nationally would be a guess, so lines
 * stay unpriced.
 */
export type LocalityChoice =
  | { kind: "locality"; mac: string; locality: string; from: string }
  | { kind: "national"; reason: string }
  | { kind: "unresolved"; reason: string };

const MAC_LOCALITY = /^(\d{5})-(\d{2})$/;

export interface LocalityRequest {
  /** The pricing locality asked for (CLI --locality): "MAC-LL" or "national". */
  locality?: string | undefined;
  /** A ZIP to place the claim by (CLI --zip). */
  zip?: string | undefined;
}

/**
 * Chooses the pricing locality (contract §4; issue 4). The run's options win over the
 * claim: the locality asked for, then the ZIP asked for, then the billing provider's
 * locality, then its ZIP.
 * An explicit locality that the GPCI table does not know is unusable input (InputError).
 */
export function chooseLocality(
  claim: Claim,
  request: LocalityRequest,
  reference: ReferenceData,
  date: IsoDate,
): LocalityChoice {
  const flag = request.locality?.trim();
  if (flag !== undefined && flag !== "") {
    if (flag.toLowerCase() === "national") {
      return { kind: "national", reason: "national (asked for)" };
    }
    return explicitLocality(flag, LOCALITY_OPTION, "the locality asked for", reference, date);
  }
  const zipFlag = request.zip?.trim();
  if (zipFlag !== undefined && zipFlag !== "") {
    if (!/^\d{5}(-?\d{4})?$/.test(zipFlag)) {
      throw new InputError([
        {
          code: "invalid-option",
          path: ZIP_OPTION,
          message: `expected a 5-digit ZIP code such as 33101, got "${zipFlag}"`,
          data: { zip: zipFlag },
        },
      ]);
    }
    return fromZip(zipFlag, "the ZIP asked for", reference, date);
  }
  // Where the services were furnished decides (Pub. 100-04 ch. 1 §10.1.1): the service
  // facility (2310C) when the claim names one, else the billing provider's address.
  const facility = claim.serviceFacility;
  if (facility?.locality !== undefined) {
    return explicitLocality(
      facility.locality,
      "$.serviceFacility.locality",
      "the service facility",
      reference,
      date,
    );
  }
  if (facility?.zip !== undefined && facility.zip.trim() !== "") {
    const zip = facility.zip.trim();
    if (!/^\d{5}(-?\d{4})?$/.test(zip)) {
      return { kind: "unresolved", reason: `the service facility's ZIP "${zip}" is not a 5-digit ZIP code` };
    }
    return fromZip(zip, "the service facility's ZIP", reference, date);
  }
  const provider = claim.billingProvider;
  if (provider.locality !== undefined) {
    return explicitLocality(
      provider.locality,
      "$.billingProvider.locality",
      "the billing provider",
      reference,
      date,
    );
  }
  if (provider.zip !== undefined && provider.zip.trim() !== "") {
    const zip = provider.zip.trim();
    if (!/^\d{5}(-?\d{4})?$/.test(zip)) {
      return { kind: "unresolved", reason: `the billing provider's ZIP "${zip}" is not a 5-digit ZIP code` };
    }
    return fromZip(zip, "the billing provider's ZIP", reference, date);
  }
  return { kind: "national", reason: "national (no locality given)" };
}

function explicitLocality(
  text: string,
  path: string,
  from: string,
  reference: ReferenceData,
  date: IsoDate,
): LocalityChoice {
  const match = MAC_LOCALITY.exec(text);
  if (!match) {
    throw new InputError([
      {
        code: path === LOCALITY_OPTION ? "invalid-option" : "invalid-input",
        path,
        message: `expected a MAC-locality such as 09102-04 (or "national"), got "${text}"`,
        data: { locality: text },
      },
    ]);
  }
  const [, mac = "", locality = ""] = match;
  const lookup = reference.gpci(mac, locality, date);
  if (lookup.edition === undefined) {
    // No GPCI table for the year: the locality may be right; the data is missing.
    return { kind: "locality", mac, locality, from };
  }
  if (lookup.value === undefined) {
    throw new InputError([
      {
        code: "locality-unknown",
        path,
        data: { locality: text, edition: lookup.edition.release },
        message: `locality ${text} is not in ${lookup.edition.release} (${lookup.edition.source}); expected a MAC-locality from that table, such as 09102-04 for Miami`,
      },
    ]);
  }
  return { kind: "locality", mac, locality, from };
}

function fromZip(zip: string, from: string, reference: ReferenceData, date: IsoDate): LocalityChoice {
  const five = zip.slice(0, 5);
  const lookup = reference.zipLocality(five, date);
  if (lookup.edition === undefined) {
    return {
      kind: "unresolved",
      reason: `no ZIP-to-locality file is loaded, so ZIP ${five} (${from}) cannot be placed; name the pricing locality as MAC-LL, such as 09102-04`,
    };
  }
  if (lookup.value === undefined) {
    return {
      kind: "unresolved",
      reason: `ZIP ${five} (${from}) is not in ${lookup.edition.release} (${lookup.edition.source}); name the pricing locality as MAC-LL, such as 09102-04`,
    };
  }
  return {
    kind: "locality",
    mac: lookup.value.mac,
    locality: lookup.value.locality,
    from: `ZIP ${five} (${from}, ${lookup.edition.release})`,
  };
}
