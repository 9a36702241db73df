/** The scrubbing engine's public surface (issue 3, scrubbing half). */
export { applyFixes, profileForClaim, scrubClaim, scrubClaims } from "./engine.js";
export { ReferenceCache, referenceCache } from "./reference-cache.js";
export { ruleList, rules, rulesById } from "./registry.js";
export type { Rule, RuleContext, RuleMeta } from "./types.js";
