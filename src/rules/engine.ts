import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import { formatCents, parseCents } from "../model/money.js";
import { type PayerProfile, profileForPayer } from "../payers/profile.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { rules as allRules } from "./registry.js";
import type { Rule, RuleContext } from "./types.js";

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

function patchKey(op: PatchOp): string {
  return JSON.stringify(op);
}

/**
 * Applies every fix of `findings` to a copy of the claim, in a safe order:
 * 1. code, modifier and pointer operations, in finding order (a patch repeated by
 *    several findings is applied once; within one fix, order matters: remove then add
 *    moves a modifier to the end);
 * 2. units: when rules disagree about a line, the fewest units win (never bill more than
 *    any rule allows); a line's charge scales with its units;
 * 3. line removals last, from the highest index down, so earlier indexes stay valid.
 * Patch line indexes refer to the claim as scrubbed. Re-scrubbing the result is clean of
 * the findings that were fixed (tests prove it rule by rule).
 *
 * A fix that sets the units of one line and removes another line of the same code and
 * date is a merge (duplicate-line, untimed-units): the documented minutes of the removed
 * line move to the kept one, so that the timed-units check still sees them. Minutes are
 * cleanclaim's documentation fields, not 837 data, so the patch vocabulary stays the contract's.
 */
export function applyFixes(claim: Claim, findings: readonly Finding[]): Claim {
  const lines: ClaimLine[] = claim.lines.map((l) => ({
    ...l,
    modifiers: [...l.modifiers],
    diagnosisPointers: [...l.diagnosisPointers],
  }));
  const applied = new Set<string>();
  const units = new Map<number, number>();
  const removals = new Set<number>();
  for (const f of findings) {
    const patch = f.fix?.patch ?? [];
    mergeDocumentation(lines, patch, removals);
    const keys = patch.map(patchKey);
    patch.forEach((op, k) => {
      const line = lines[op.line];
      if (line === undefined || applied.has(keys[k]!)) return;
      switch (op.op) {
        case "add-modifier":
          if (!line.modifiers.includes(op.modifier)) line.modifiers.push(op.modifier);
          break;
        case "remove-modifier": {
          const at = line.modifiers.lastIndexOf(op.modifier);
          if (at >= 0) line.modifiers.splice(at, 1);
          break;
        }
        case "replace-code":
          line.code = op.code;
          break;
        case "set-pointers":
          line.diagnosisPointers = [...op.pointers];
          break;
        case "set-units":
          units.set(op.line, Math.min(op.units, units.get(op.line) ?? op.units));
          break;
        case "remove-line":
          removals.add(op.line);
          break;
      }
    });
    for (const key of keys) applied.add(key);
  }
  for (const [i, n] of units) setUnits(lines[i]!, n);
  const kept = lines.filter((_, i) => !removals.has(i));
  return { ...claim, lines: kept };
}

/** Moves the minutes of lines a fix removes onto the line of the same code and date whose units it sets. */
function mergeDocumentation(
  lines: ClaimLine[],
  patch: readonly PatchOp[],
  removed: ReadonlySet<number>,
): void {
  for (const op of patch) {
    if (op.op !== "remove-line" || removed.has(op.line)) continue;
    const gone = lines[op.line];
    if (gone === undefined) continue;
    const kept = patch.find(
      (o) =>
        o.op === "set-units" &&
        o.line !== op.line &&
        lines[o.line]?.code === gone.code &&
        lines[o.line]?.dateOfService === gone.dateOfService,
    );
    const into = kept && lines[kept.line];
    if (!into) continue;
    if (gone.minutes !== undefined) into.minutes = (into.minutes ?? 0) + gone.minutes;
    if (gone.assistantMinutes !== undefined)
      into.assistantMinutes = (into.assistantMinutes ?? 0) + gone.assistantMinutes;
    // Moved once: a second finding removing the same line must not move them again.
    delete gone.minutes;
    delete gone.assistantMinutes;
  }
}

/** Units change the line charge in proportion (rounded half-up to the cent). */
function setUnits(line: ClaimLine, units: number): void {
  if (line.units > 0 && units !== line.units) {
    const cents = parseCents(line.charge);
    line.charge = formatCents(Math.floor((cents * units * 2 + line.units) / (2 * line.units)));
  }
  line.units = units;
}
