import { codeVisit } from "../coding/index.js";
import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import type { Visit } from "../model/visit.js";
import { type ClaimStateFacts, claimState } from "../payers/claim-state.js";
import {
  namesStates,
  type PayerProfile,
  profileMatching,
  usesFeeTable,
  usesStateRvuTable,
} from "../payers/profile.js";
import {
  type DailyCapExcess,
  dailyCapExcessOf,
  estimateAllowedByLine,
  type FeeTable,
  type PricedClaim,
  type PricingContext,
  priceClaim,
  priceClaimDetailed,
  type StateRvuTable,
} from "../pricing/index.js";
import type { ReferenceData } from "../reference/types.js";
import { profileForClaim, type ReferenceCache, referenceCache, scrubClaim } from "../rules/index.js";

/**
 * The main job, transport-free: code a visit, scrub the claim, price it (contract §5,
 * `check`). The CLI, and later the HTTP API, are thin adapters over these functions.
 */
/**
 * A payer profile as the pipeline takes it: when it prices from a fee table, the table is
 * already read (by the CLI's profile loading, or a server's store). The pipeline reads no
 * files, so the same options work in any process and any working directory.
 */
export interface LoadedPayerProfile extends PayerProfile {
  feeTableData?: FeeTable;
  /** A state's own RVU table (state schedule method "state-rvu"), already read. */
  stateRvuTableData?: StateRvuTable;
}

export interface PipelineOptions {
  reference: ReferenceData;
  /**
   * The user's payer profiles (`--payer-profile`, `--payer-profiles`), with their fee tables
   * read. Each claim uses the one whose `appliesTo` names its payer (payer id over payer
   * type); a claim no profile names keeps the built-in profile of its payer type
   * (docs/payer-profiles.md).
   */
  profiles?: readonly LoadedPayerProfile[];
  /** The day claims are judged on (timely filing, future dates of service): the caller's today. */
  asOf: IsoDate;
  /** The run's memo of reference lookups (see referenceCache), kept here on first use. */
  cache?: ReferenceCache;
  pricing?: Omit<PricingContext, "reference" | "profile" | "feeTable" | "stateRvuTable">;
  chargeSchedule?: Map<string, string>;
  /** Claims without visit documentation (from an 837P): see RuleContext.claimOnly. */
  claimOnly?: boolean;
}

export interface CheckResult {
  claim: Claim;
  findings: Finding[];
  /** Null when the claim has no line to price ("nothing to bill": coding says why). */
  estimate: Estimate | null;
}

/** The profile for a claim: the user's profile naming its payer, or the built-in one; the payer's own unit method wins. */
export function profileFor(
  claim: Pick<Claim, "payer"> & ClaimStateFacts,
  options: PipelineOptions,
): LoadedPayerProfile {
  const { profiles } = options;
  // The claim's state is looked up only for a set that has state-specific profiles.
  const key =
    profiles && namesStates(profiles)
      ? { ...claim.payer, state: claimState(claim, options.reference) }
      : claim.payer;
  const profile =
    (profiles && profileMatching(profiles, key)) ?? profileForClaim(claim, referenceCache(options));
  const method = claim.payer.unitMethod;
  return method && method !== profile.unitMethod ? { ...profile, unitMethod: method } : profile;
}

/**
 * A claim of a payer type that the run's state profiles are for, whose state is unknown:
 * no state profile applies, so the claim is checked and priced with its type's defaults.
 * Said, because a Texas workers' comp claim priced as Medicare is the error the state
 * profiles exist to prevent (docs/payer-profiles.md, "Which claims").
 */
function unknownStateFindings(
  claim: Pick<Claim, "payer"> & ClaimStateFacts,
  profile: LoadedPayerProfile,
  options: PipelineOptions,
): Finding[] {
  const { profiles } = options;
  if (profile.origin !== "built-in" || !profiles || !namesStates(profiles)) return [];
  const forType = profiles.filter(
    (p) =>
      p.appliesTo.states.length > 0 &&
      p.appliesTo.payerIds.length === 0 &&
      (p.appliesTo.payerTypes.length === 0 || p.appliesTo.payerTypes.includes(claim.payer.type)),
  );
  if (forType.length === 0 || claimState(claim, options.reference) !== undefined) return [];
  const named = forType.map((p) => `${p.id} (${p.appliesTo.states.join(", ")})`).join(", ");
  return [
    {
      rule: "reference-data",
      severity: "warning",
      lines: [],
      message: `the claim's state is not known, so no state profile applies (${named}) and the claim is checked and priced with the ${claim.payer.type} defaults: give the billing provider's state (billingProvider.state), or the accident's (accident.state)`,
      reference: "payer profiles, appliesTo.states (docs/payer-profiles.md)",
      location: "$.billingProvider.state",
    },
  ];
}

/**
 * A profile chosen by the claim's payer id alone whose type is not the claim's payer type
 * (a workers' comp profile on a claim the EMR sent as commercial): the profile's pricing and
 * settings apply, while rules judged on the payer type see another type. Said, so that the
 * payer type or the profile's appliesTo is corrected.
 */
function profileTypeFindings(claim: Pick<Claim, "payer">, profile: LoadedPayerProfile): Finding[] {
  const { payerIds, payerTypes } = profile.appliesTo;
  if (profile.origin === "built-in" || profile.type === claim.payer.type) return [];
  if (payerIds.length === 0 || payerTypes.length > 0) return [];
  return [
    {
      rule: "claim-structure",
      severity: "warning",
      lines: [],
      message: `payer profile ${profile.id} (${profile.origin}) is for ${profile.type} payers and applies to this claim by its payer id ${claim.payer.id}, but the claim's payer type is ${claim.payer.type}: correct payer.type, or name the types the profile is for in its appliesTo.payerTypes`,
      reference: "payer profiles, appliesTo (docs/payer-profiles.md)",
      location: "$.payer.type",
    },
  ];
}

/** The pricing context of a profile under these options (the remit worklist prices with it too). */
export function pricingContext(profile: LoadedPayerProfile, options: PipelineOptions): PricingContext {
  const feeTable = usesFeeTable(profile) ? profile.feeTableData : undefined;
  const stateRvuTable = usesStateRvuTable(profile) ? profile.stateRvuTableData : undefined;
  return {
    ...options.pricing,
    reference: options.reference,
    profile,
    ...(feeTable ? { feeTable } : {}),
    ...(stateRvuTable ? { stateRvuTable } : {}),
  };
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
  return codeWith(visit, options, profile, (claim) => estimateAllowedByLine(claim, pricing));
}

function codeWith(
  visit: Visit,
  options: PipelineOptions,
  profile: LoadedPayerProfile,
  allowedAmounts: (claim: Claim) => Array<number | undefined>,
): { claim: Claim; findings: Finding[] } {
  return codeVisit(visit, {
    reference: options.reference,
    profile,
    allowedAmounts,
    ...(options.chargeSchedule ? { chargeSchedule: options.chargeSchedule } : {}),
  });
}

export function scrubOne(claim: Claim, options: PipelineOptions): Finding[] {
  const profile = profileFor(claim, options);
  const pricing = pricingContext(profile, options);
  return [
    ...scrubWith(
      claim,
      options,
      profile,
      (c) => estimateAllowedByLine(c, pricing),
      (c) => dailyCapExcessOf(c, pricing),
    ),
    ...unknownStateFindings(claim, profile, options),
    ...profileTypeFindings(claim, profile),
  ];
}

function scrubWith(
  claim: Claim,
  options: PipelineOptions,
  profile: LoadedPayerProfile,
  allowedAmounts: (claim: Claim) => Array<number | undefined>,
  dailyCapExcess: (claim: Claim) => DailyCapExcess[],
): Finding[] {
  return scrubClaim(claim, {
    reference: options.reference,
    profile,
    asOf: options.asOf,
    cache: referenceCache(options),
    allowedAmounts,
    dailyCapExcess,
    ...(options.claimOnly ? { claimOnly: true } : {}),
  });
}

export function priceOne(claim: Claim, options: PipelineOptions): Estimate {
  return priceClaim(claim, pricingContext(profileFor(claim, options), options));
}

/**
 * One check's pricing of its claim: coding's KX walk, the kx-threshold rule and the
 * estimate all price the same claim, so it is priced once and the result shared while
 * the claim is unchanged. Within a check a claim changes only where coding gives a line
 * new modifiers (KX, after its walk; a new array): the claim's fields and each line's
 * fields are compared by identity, so such a change prices the claim again. Lives as
 * long as one checkOne call.
 */
class CheckPricing {
  private claim: Claim | undefined;
  private fields: unknown[] = [];
  private lineFields: unknown[][] = [];
  private priced: PricedClaim | undefined;

  constructor(private readonly ctx: PricingContext) {}

  of(claim: Claim): PricedClaim {
    if (this.priced !== undefined && this.claim === claim && this.unchanged(claim)) return this.priced;
    const priced = priceClaimDetailed(claim, this.ctx);
    this.claim = claim;
    this.fields = Object.values(claim);
    this.lineFields = claim.lines.map((line) => Object.values(line));
    this.priced = priced;
    return priced;
  }

  private unchanged(claim: Claim): boolean {
    if (!sameItems(Object.values(claim), this.fields) || claim.lines.length !== this.lineFields.length)
      return false;
    for (let i = 0; i < claim.lines.length; i++)
      if (!sameItems(Object.values(claim.lines[i]!), this.lineFields[i]!)) return false;
    return true;
  }

  allowed(claim: Claim): Array<number | undefined> {
    return this.of(claim).allowedCents.map((c) => (c === undefined ? undefined : Number(c)));
  }
}

/** Same length and the same values (by identity) in the same order. */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Coding, scrubbing and pricing in one call. A visit where no service earns a unit is a
 * result, not unusable input: coding reports "nothing to bill" (an error finding), the
 * claim has no lines, and there is nothing to scrub line by line or to price.
 */
export function checkOne(visit: Visit, options: PipelineOptions): CheckResult {
  // The claim keeps the visit's payer, so one profile and pricing context serve all three steps.
  const profile = profileFor(visit, options);
  const pricing = new CheckPricing(pricingContext(profile, options));
  const allowed = (claim: Claim) => pricing.allowed(claim);
  const coded = codeWith(visit, options, profile, allowed);
  if (coded.claim.lines.length === 0) return { claim: coded.claim, findings: coded.findings, estimate: null };
  const scrubbed = scrubWith(coded.claim, options, profile, allowed, (c) => pricing.of(c).dailyCaps);
  const estimate = pricing.of(coded.claim).estimate;
  // An estimate that cannot be made (no fee schedule for the year) is an error of the check.
  return {
    claim: coded.claim,
    findings: [
      ...merge(coded.findings, scrubbed),
      ...(estimate.findings ?? []),
      ...unknownStateFindings(visit, profile, options),
      ...profileTypeFindings(visit, profile),
    ],
    estimate,
  };
}
