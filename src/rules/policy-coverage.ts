import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { missingPolicyFigure } from "../reference/policy/figures.js";
import { referenceCache } from "./reference-cache.js";
import { finding } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { RuleContext, RuleMeta } from "./types.js";

/**
 * The policy figure every rule consults: the therapy code list (timed or untimed, always or
 * sometimes therapy, evaluation discipline). Without one in force on a date, the unit,
 * modifier and plan-of-care rules cannot tell a therapy code from any other, so the
 * `reference-data` rule says so and names the file to import (docs/policy-figures.md).
 * The figures only pricing and the KX rule use are reported where they are used.
 */
export function policyCoverage(claim: Claim, ctx: RuleContext, meta: RuleMeta): Finding[] {
  const cache = referenceCache(ctx);
  const out: Finding[] = [];
  for (const day of serviceDates(claim)) {
    const missing = cache.derived(
      "policy-coverage",
      day.date,
      "therapy-code-list",
      () => ctx.reference.policyFigure("therapy-code-list", day.date) === undefined,
    );
    if (!missing) continue;
    out.push(
      finding(meta, {
        lines: [...day.lines],
        message: `${missingPolicyFigure("therapy-code-list", day.date)}; without it no line is known as a timed, untimed or therapy code, so units, therapy modifiers and the plan of care were not checked`,
        reference: "CMS annual therapy code list; Pub. 100-04 ch. 5 §20.2 (docs/policy-figures.md)",
        location: `$.lines[${day.lines[0]}].dateOfService`,
      }),
    );
  }
  return out;
}
