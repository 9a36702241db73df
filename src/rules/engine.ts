import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { Problem } from "../model/problem.js";
import { type PayerProfile, profileForPayer } from "../payers/profile.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { rules as allRules } from "./registry.js";
import type { Rule, RuleContext } from "./types.js";

/** Fixes live in fixes.ts; re-exported for the callers that import them from the engine. */
export { applyFixes } from "./fixes.js";

/**
 * Scrubs one claim: runs every rule in registry order, applies the payer profile's
 * severity overrides ("off" skips the rule), and drops exact duplicates. A rule that
 * throws does not stop the others: its exception becomes an error finding naming it.
 */
export function scrubClaim(claim: Claim, ctx: RuleContext, rules: readonly Rule[] = allRules): Finding[] {
  const overrides = hasOverrides(ctx.profile.severities) ? ctx.profile.severities : undefined;
  // The run's cache, kept on the caller's context so the next claim of the run reuses it.
  referenceCache(ctx);
  const out: Finding[] = [];
  for (const rule of rules) {
    const override = overrides?.[rule.meta.id];
    if (override === "off") continue;
    let found: Finding[];
    try {
      found = rule.check(claim, ctx);
    } catch (error) {
      // Reference data that cannot be read (an edition gone from disk) is the run's problem,
      // not a defect of the rule: it goes to the caller, who reloads (docs/problems.md).
      if (error instanceof Problem && error.code === "reference-data") throw error;
      out.push(ruleFailure(rule, error));
      continue;
    }
    for (const f of found) {
      if (override !== undefined) f.severity = override;
      out.push(f);
    }
  }
  return out.length > 1 ? withoutDuplicates(out) : out;
}

/** Most profiles override nothing: then no rule's severity needs looking up. */
function hasOverrides(severities: PayerProfile["severities"]): boolean {
  for (const _ in severities) return true;
  return false;
}

/** Scrubs several claims with one context (one cache), or a profile per claim's payer when `profile` is omitted. */
export function scrubClaims(
  claims: readonly Claim[],
  ctx: Omit<RuleContext, "profile"> & { profile?: PayerProfile },
): Array<{ claimId: string; findings: Finding[] }> {
  const cache = referenceCache(ctx);
  return claims.map((claim) => ({
    claimId: claim.id,
    findings: scrubClaim(claim, { ...ctx, cache, profile: ctx.profile ?? profileForClaim(claim, cache) }),
  }));
}

/**
 * The built-in profile for a claim's payer (Medicare-like defaults by payer type). With the
 * run's cache, built once per payer and run.
 */
export function profileForClaim(claim: Pick<Claim, "payer">, cache?: ReferenceCache): PayerProfile {
  return cache ? cache.builtInProfile(claim.payer) : profileForPayer(claim.payer);
}

function ruleFailure(rule: Rule, error: unknown): Finding {
  const why = error instanceof Error ? error.message : String(error);
  return {
    rule: rule.meta.id,
    severity: "error",
    lines: [],
    message: `rule ${rule.meta.id} failed on this claim (${why}), so the claim was not checked for it; this is a defect in cleanclaim: please report it with the claim`,
    reference: `cleanclaim rule engine; ${rule.meta.docs}`,
  };
}

/** Exact duplicates can only come from one rule, so findings are compared within their rule (no string keys). */
function withoutDuplicates(findings: Finding[]): Finding[] {
  let out: Finding[] | undefined;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    let repeated = false;
    for (let j = i - 1; j >= 0; j--) {
      const g = findings[j]!;
      if (g.rule !== f.rule) break;
      if (g.message === f.message && sameLines(g.lines, f.lines)) {
        repeated = true;
        break;
      }
    }
    if (repeated) out ??= findings.slice(0, i);
    else out?.push(f);
  }
  return out ?? findings;
}

function sameLines(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
