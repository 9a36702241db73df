/** The scrubbing engine's public surface (issue 3, scrubbing half). */
export { profileForClaim, scrubClaim, scrubClaims } from "./engine.js";
export { applyFixes, fixClaim, maxFixRounds } from "./fixes.js";
export { ReferenceCache, referenceCache } from "./reference-cache.js";
export { ruleList, rules, rulesById } from "./registry.js";
export type { Rule, RuleContext, RuleMeta } from "./types.js";
