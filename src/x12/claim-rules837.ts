import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import type { ReferenceData } from "../reference/types.js";
import { claimStructure } from "../rules/claim-structure.js";
import { codeStatus } from "../rules/code-status.js";
import { diagnosis } from "../rules/diagnosis.js";
import { profileForClaim, scrubClaim } from "../rules/engine.js";
import { modifier } from "../rules/modifier.js";
import type { Rule } from "../rules/types.js";
import type { LinePosition } from "./draft837.js";
import { type X12Place, x12Finding } from "./findings.js";
import type { SegmentPosition } from "./segment.js";

/**
 * Where the parts of one claim sit in the 837P: what turns a finding about a JSON path of
 * the Claim (`$.lines[1].modifiers`) into one about a segment and element (`2400/SV1-01-3`).
 */
export interface ClaimPlaces837 {
  clm: SegmentPosition;
  lines: readonly LinePosition[];
  /** The HI segment with the principal diagnosis, and the HI element of each diagnosis. */
  hi: SegmentPosition | undefined;
  hiElements: readonly number[];
  billingNpi: SegmentPosition | undefined;
  /** 2310B NM1; undefined when the billing provider rendered the service. */
  renderingNpi: SegmentPosition | undefined;
  /** 2010BA (subscriber) and 2010CA (patient, when a 2000C loop carries one) NM1. */
  subscriberName: SegmentPosition | undefined;
  patientName: SegmentPosition | undefined;
  patientRelationship: SegmentPosition | undefined;
  payer: SegmentPosition | undefined;
  /** True when HI carries ICD-9-CM (BK/BF): the ICD-10-CM code-set checks do not apply. */
  icd9: boolean;
}

const linePath = /^\$\.lines\[(\d+)\](?:\.(\w+)(?:\[(\d+)\])?)?/;
const diagnosisPath = /^\$\.diagnoses(?:\[(\d+)\])?/;

/** The X12 place of a Claim JSON path (rules/report.ts paths and zod issue paths alike). */
export function placeOf(path: string, places: ClaimPlaces837, lines: readonly number[] = []): X12Place {
  const line = linePath.exec(path);
  const at = line ? Number(line[1]) : lines[0];
  if (at !== undefined && places.lines[at]) {
    const position = places.lines[at];
    switch (line?.[2]) {
      case "code":
        return { loop: "2400", segmentId: "SV1", element: 1, component: 2, position };
      case "modifiers":
        return {
          loop: "2400",
          segmentId: "SV1",
          element: 1,
          component: 3 + (line[3] === undefined ? 0 : Number(line[3])),
          position,
        };
      case "charge":
        return { loop: "2400", segmentId: "SV1", element: 2, position };
      case "units":
        return { loop: "2400", segmentId: "SV1", element: 4, position };
      case "diagnosisPointers":
        return {
          loop: "2400",
          segmentId: "SV1",
          element: 7,
          component: line[3] === undefined ? undefined : Number(line[3]) + 1,
          position,
        };
      case "dateOfService":
        return { loop: "2400", segmentId: "DTP", element: 3, position };
      default:
        if (line) return { loop: "2400", segmentId: "SV1", position };
    }
  }
  const dx = diagnosisPath.exec(path);
  if (dx) {
    const element = dx[1] === undefined ? undefined : places.hiElements[Number(dx[1])];
    return {
      loop: "2300",
      segmentId: "HI",
      element,
      component: element === undefined ? undefined : 2,
      position: places.hi ?? places.clm,
    };
  }
  const person = places.patientName
    ? { loop: "2010CA", position: places.patientName }
    : { loop: "2010BA", position: places.subscriberName };
  const fixed: Record<string, X12Place> = {
    "$.id": { loop: "2300", segmentId: "CLM", element: 1, position: places.clm },
    "$.placeOfService": { loop: "2300", segmentId: "CLM", element: 5, component: 1, position: places.clm },
    "$.payerClaimControlNumber": { loop: "2300", segmentId: "REF", position: places.clm },
    "$.lines": { loop: "2400", segmentId: "LX", position: places.clm },
    "$.billingProvider.npi": { loop: "2010AA", segmentId: "NM1", element: 9, position: places.billingNpi },
    "$.renderingProvider.npi": { loop: "2310B", segmentId: "NM1", element: 9, position: places.renderingNpi },
    "$.payer.id": { loop: "2010BB", segmentId: "NM1", element: 9, position: places.payer },
    "$.payer.name": { loop: "2010BB", segmentId: "NM1", element: 3, position: places.payer },
    "$.patient.memberId": { loop: "2010BA", segmentId: "NM1", element: 9, position: places.subscriberName },
    "$.patient.lastName": { ...person, segmentId: "NM1", element: 3 },
    "$.patient.firstName": { ...person, segmentId: "NM1", element: 4 },
    "$.patient.birthDate": { ...person, segmentId: "DMG", element: 2 },
    "$.patient.sex": { ...person, segmentId: "DMG", element: 3 },
    "$.subscriber.relationship": {
      loop: "2000C",
      segmentId: "PAT",
      element: 1,
      position: places.patientRelationship,
    },
  };
  return fixed[path] ?? { loop: "2300", segmentId: "CLM", position: places.clm };
}

/** An engine finding, re-told at its segment: the X12 location and the segment number first. */
export function positionedFinding(f: Finding, places: ClaimPlaces837): Finding {
  const placed = x12Finding(placeOf(f.location ?? "", places, f.lines), f.message, {
    severity: f.severity,
    rule: f.rule,
    reference: f.reference,
    lines: f.lines,
  });
  if (f.carc) placed.carc = f.carc;
  if (f.rarc) placed.rarc = f.rarc;
  if (f.fix) placed.fix = f.fix;
  return placed;
}

/**
 * The engine's rules that judge the codes a claim carries (WEDI SNIP 4-5): the same rules,
 * with the same reference data, that `scrub` runs; `x12 parse` does not keep a second copy.
 */
const codeSetRules: readonly Rule[] = [diagnosis, modifier, codeStatus, claimStructure];

/**
 * Of `claim-structure`, the checks about values the 837P itself carries and the guide does
 * not judge: NPI check digits, the place-of-service code set, the payer claim control
 * number of a corrected claim. Its other checks (tax id, subscriber data) are the guide's
 * required elements, which the walker reports in X12 terms.
 */
const claimStructurePaths: ReadonlySet<string> = new Set([
  "$.billingProvider.npi",
  "$.renderingProvider.npi",
  "$.placeOfService",
  "$.payerClaimControlNumber",
]);

function keep(f: Finding, places: ClaimPlaces837): boolean {
  if (f.rule === "claim-structure") {
    if (!claimStructurePaths.has(f.location ?? "")) return false;
    // Without 2310B the rendering NPI is the billing NPI, already judged once.
    return f.location !== "$.renderingProvider.npi" || places.renderingNpi !== undefined;
  }
  // An ICD-9-CM claim (BK/BF) is judged by its dates in balance837, not by ICD-10-CM.
  if (f.rule === "diagnosis" && places.icd9)
    return !diagnosisPath.test(f.location ?? "") || f.location === "$.diagnoses";
  return true;
}

/** With no day given, no date of service is after it: future dates are left to `scrub`. */
const noDayGiven: IsoDate = "9999-12-31";

/**
 * Runs the engine's code-set rules on a claim read from an 837P and positions their
 * findings at its segments (005010X222A1 external code sets; WEDI SNIP types 4 and 5).
 * The claim is judged as a claim without its visit (`claimOnly`), by the built-in profile
 * of its payer.
 */
export function codeSetFindings837(
  claim: Claim,
  places: ClaimPlaces837,
  reference: ReferenceData,
  asOf: IsoDate = noDayGiven,
): Finding[] {
  const found = scrubClaim(
    claim,
    { reference, profile: profileForClaim(claim), claimOnly: true, asOf },
    codeSetRules,
  );
  const out: Finding[] = [];
  for (const f of found) if (keep(f, places)) out.push(positionedFinding(f, places));
  return out;
}
