import { codeVisit } from "../coding/index.js";
import type { Claim } from "../model/claim.js";
import { type IsoDate, today } from "../model/dates.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import type { Visit } from "../model/visit.js";
import { type PayerProfile, profileMatching } from "../payers/profile.js";
import {
  estimateAllowedByLine,
  type FeeTable,
  feeTableForProfile,
  type PricingContext,
  priceClaim,
} from "../pricing/index.js";
import type { ReferenceData } from "../reference/types.js";
import { profileForClaim, scrubClaim } from "../rules/index.js";

/**
 * The main job, transport-free: code a visit, scrub the claim, price it (contract §5,
 * `check`). The CLI, and later the HTTP API, are thin adapters over these functions.
 */
export interface PipelineOptions {
  reference: ReferenceData;
  /**
   * The user's payer profiles (`--payer-profile`, `--payer-profiles`). Each claim uses the
   * one whose `appliesTo` names its payer (payer id over payer type); a claim no profile
   * names keeps the built-in profile of its payer type (docs/payer-profiles.md).
   */
  profiles?: readonly PayerProfile[];
  /** Timely filing is judged as of this date (default today). */
  asOf?: IsoDate;
  pricing?: Omit<PricingContext, "reference" | "profile" | "feeTable">;
  chargeSchedule?: Map<string, string>;
  /** Claims without visit documentation (from an 837P): see RuleContext.claimOnly. */
  claimOnly?: boolean;
}

export interface CheckResult {
  claim: Claim;
  findings: Finding[];
  estimate: Estimate;
}

/** The profile for a claim: the user's profile naming its payer, or the built-in one; the payer's own unit method wins. */
export function profileFor(claim: Pick<Claim, "payer">, options: PipelineOptions): PayerProfile {
  const profile =
    (options.profiles && profileMatching(options.profiles, claim.payer)) ?? profileForClaim(claim);
  const method = claim.payer.unitMethod;
  return method && method !== profile.unitMethod ? { ...profile, unitMethod: method } : profile;
}

/** Fee tables read once per run (per options object), not once per stage and visit. */
const feeTables = new WeakMap<PipelineOptions, Map<string, FeeTable | undefined>>();

function feeTableFor(profile: PayerProfile, options: PipelineOptions): FeeTable | undefined {
  if (profile.pricing.basis !== "fee-table") return undefined;
  let byProfile = feeTables.get(options);
  if (!byProfile) {
    byProfile = new Map();
    feeTables.set(options, byProfile);
  }
  const key = `${profile.origin}\u0000${profile.pricing.feeTable ?? ""}`;
  if (!byProfile.has(key)) byProfile.set(key, feeTableForProfile(profile));
  return byProfile.get(key);
}

/** The pricing context of a profile under these options (the remit worklist prices with it too). */
export function pricingContext(profile: PayerProfile, options: PipelineOptions): PricingContext {
  const feeTable = feeTableFor(profile, options);
  return { ...options.pricing, reference: options.reference, profile, ...(feeTable ? { feeTable } : {}) };
}

/**
 * Coding reports documentation problems from the visit's side; the scrubber then sees the
 * same problem on the claim (a missing charge becomes a 0.00 charge; KX missing past the
 * threshold). One problem gets one finding: a scrub finding is dropped when coding already
 * reported the same rule at the same severity on the same lines (or on lines that include
 * them). For claim-level findings (no lines) only an identical message counts.
 */
function merge(coding: Finding[], scrub: Finding[]): Finding[] {
  const covered = (f: Finding) =>
    coding.some(
      (c) =>
        c.rule === f.rule &&
        (c.message === f.message ||
          (c.severity === f.severity && f.lines.length > 0 && f.lines.every((l) => c.lines.includes(l)))),
    );
  return [...coding, ...scrub.filter((f) => !covered(f))];
}

export function codeOne(visit: Visit, options: PipelineOptions): { claim: Claim; findings: Finding[] } {
  const profile = profileFor(visit, options);
  const pricing = pricingContext(profile, options);
  return codeVisit(visit, {
    reference: options.reference,
    profile,
    allowedAmounts: (claim) => estimateAllowedByLine(claim, pricing),
    ...(options.chargeSchedule ? { chargeSchedule: options.chargeSchedule } : {}),
  });
}

export function scrubOne(claim: Claim, options: PipelineOptions): Finding[] {
  const profile = profileFor(claim, options);
  const pricing = pricingContext(profile, options);
  return scrubClaim(claim, {
    reference: options.reference,
    profile,
    asOf: options.asOf ?? today(),
    allowedAmounts: (c) => estimateAllowedByLine(c, pricing),
    ...(options.claimOnly ? { claimOnly: true } : {}),
  });
}

export function priceOne(claim: Claim, options: PipelineOptions): Estimate {
  return priceClaim(claim, pricingContext(profileFor(claim, options), options));
}

/** Coding, scrubbing and pricing in one call. */
export function checkOne(visit: Visit, options: PipelineOptions): CheckResult {
  const coded = codeOne(visit, options);
  const scrubbed = scrubOne(coded.claim, options);
  return {
    claim: coded.claim,
    findings: merge(coded.findings, scrubbed),
    estimate: priceOne(coded.claim, options),
  };
}
