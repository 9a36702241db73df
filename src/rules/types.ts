import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding, Severity } from "../model/finding.js";
import type { PayerProfile } from "../payers/profile.js";
import type { DailyCapExcess } from "../pricing/daily-caps.js";
import type { ReferenceData } from "../reference/types.js";
import type { ReferenceCache } from "./reference-cache.js";

/** What a rule is, independent of any claim: the source of its documentation page. */
export interface RuleMeta {
  /** Stable id, as in the contract rule table (`ncci-ptp`). */
  id: string;
  /** Default severity of the rule's most serious finding (contract §3, "Default severities"). */
  severity: Severity;
  /** One sentence: what the rule checks. */
  description: string;
  /** The authorities the rule implements: manual sections, edit tables, payer policy. */
  references: string[];
  /** The claim adjustment reason code a payer would most likely deny with. */
  carc?: string;
  /** The remittance advice remark code that usually comes with the CARC. */
  rarc?: string;
  /** What the automatic fix does, in words; absent when the rule never offers one. */
  fix?: string;
  /** The documentation page, `docs/rules/<id>.md`. */
  docs: string;
}

/**
 * Everything a rule may consult besides the claim. Rules never read the clock, the
 * file system or the environment: all of it comes through here.
 */
export interface RuleContext {
  reference: ReferenceData;
  profile: PayerProfile;
  /**
   * The day the claim is judged on (timely filing, a date of service in the future): the
   * caller's today or the day it asks for (CLI `--as-of`). Rules never read the clock.
   */
  asOf: IsoDate;
  /**
   * The run's memo of reference lookups and values derived from them, owned by whoever
   * starts the run (one per batch or request); see referenceCache(). Absent: created on
   * first use and kept on this context.
   */
  cache?: ReferenceCache;
  /**
   * Estimated allowed amount of each line in integer cents, in claim line order
   * (undefined when a line cannot be priced). The pricing engine provides it; the
   * `kx-threshold` rule falls back to a national fee-schedule estimate without it.
   */
  allowedAmounts?: (claim: Claim) => Array<number | undefined>;
  /**
   * The days a state schedule's daily cap cuts, as pricing found them (with the payer's fee
   * table, which this context does not carry). The pipeline provides it; without it the
   * `daily-cap` rule prices the claim itself from the reference and the profile.
   */
  dailyCapExcess?: (claim: Claim) => DailyCapExcess[];
  /**
   * The claim came without the visit's documentation (read from an 837P, which carries
   * no minutes and no plan of care): rules that need those facts judge only what the
   * claim shows, instead of reporting the facts as missing.
   */
  claimOnly?: boolean;
}

/**
 * One scrubbing rule: `src/rules/<id>.ts`, with its test table beside it and its page in
 * docs/rules. `check` reports problems as data and never throws; the engine still wraps
 * each call, so a defect shows up as a finding instead of a crash.
 */
export interface Rule {
  meta: RuleMeta;
  check(claim: Claim, ctx: RuleContext): Finding[];
}
