import { assistantModifier } from "./assistant-modifier.js";
import { authorization } from "./authorization.js";
import { benefitCap } from "./benefit-cap.js";
import { chiroCoverage } from "./chiro-coverage.js";
import { claimStructure } from "./claim-structure.js";
import { codeStatus } from "./code-status.js";
import { dailyCap } from "./daily-cap.js";
import { diagnosis } from "./diagnosis.js";
import { duplicateLine } from "./duplicate-line.js";
import { kxThreshold } from "./kx-threshold.js";
import { modifier } from "./modifier.js";
import { mue } from "./mue.js";
import { ncciPtp } from "./ncci-ptp.js";
import { payerEdits } from "./payer-edits.js";
import { planOfCare } from "./plan-of-care.js";
import { referenceData } from "./reference-data.js";
import { therapyModifier } from "./therapy-modifier.js";
import { timedUnitsRule } from "./timed-units.js";
import { timelyFiling } from "./timely-filing.js";
import type { Rule, RuleMeta } from "./types.js";
import { untimedUnits } from "./untimed-units.js";

/**
 * Every scrubbing rule, in the order the engine runs them and reports their findings:
 * the contract's rule table order, then the rules added beyond it (daily-cap and benefit-cap, issue 11), then
 * the payer's own edits. `cleanclaim rules` lists
 * this; scripts/check-rule-docs.ts fails when a rule here has no doc page or test.
 */
export const rules: readonly Rule[] = [
  ncciPtp,
  mue,
  untimedUnits,
  timedUnitsRule,
  therapyModifier,
  assistantModifier,
  kxThreshold,
  chiroCoverage,
  codeStatus,
  diagnosis,
  modifier,
  duplicateLine,
  planOfCare,
  authorization,
  timelyFiling,
  referenceData,
  claimStructure,
  dailyCap,
  benefitCap,
  payerEdits,
];

/** The rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));

/** Every rule's metadata, for listings and documentation. */
export function ruleList(): RuleMeta[] {
  return rules.map((r) => r.meta);
}
