import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { lineName } from "../model/line-numbers.js";
import { InputError } from "../model/validate.js";
import { dailyCapsOn } from "../payers/state-schedule.js";
import type { DailyCapExcess } from "../pricing/daily-caps.js";
import { money } from "../pricing/exact.js";
import { dailyCapExcessOf } from "../pricing/price-claim.js";
import { finding, linePath } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "daily-cap",
  severity: "warning",
  description:
    "A discipline's lines of one date of service that pass the daily cap of the payer's state fee schedule (dollars of allowed amount, or RVUs, with a higher cap on a day with an evaluation where the state sets one): the lines the cap cuts, from the last back.",
  references: [
    "The payer profile's state schedule (pricing.stateSchedule.dailyCaps): each cap cites its regulation or publication",
    "WA L&I MARFS: PT and OT daily maximum $149.45 from 2025-07-01",
    "X12 CARC 45: charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement",
  ],
  carc: "45",
  docs: "docs/rules/daily-cap.md",
};

const show = (e: DailyCapExcess, x: bigint): string =>
  e.unit === "rvus" ? `${money(x)} RVUs` : `$${money(x)}`;

/** The cap's words: "the daily cap pm-day of 18.00 RVUs with an evaluation (line 1 (97161))". */
function capWords(e: DailyCapExcess, claim: Claim): string {
  const variant =
    e.variantLine === undefined
      ? ""
      : ` ${e.variant === "withEvaluation" ? "with an evaluation" : "with a re-evaluation"} that day (${lineName(e.variantLine, claim.lines)})`;
  return `the daily cap ${e.capId} of ${show(e, e.limit)}${variant}`;
}

function report(e: DailyCapExcess, claim: Claim): Finding {
  const cut = [...e.cuts].sort((a, b) => a.line - b.line);
  const cuts = cut
    .map((c) => {
      const rvus = c.rvus === undefined ? "" : ` (${money(c.rvus)} RVUs)`;
      return `$${money(c.cents)}${rvus} off ${lineName(c.line, claim.lines)}`;
    })
    .join(", ");
  return finding(meta, {
    lines: cut.map((c) => c.line),
    message: `the ${e.discipline} lines of ${e.date} total ${show(e, e.total)}, more than ${capWords(e, claim)}: expect ${cuts} (CARC 45); the estimate allows no more than the cap`,
    reference: `${e.source} (the payer profile's pricing.stateSchedule.dailyCaps[${e.capIndex}])`,
    location: linePath(cut[0]?.line ?? e.lines[0] ?? 0),
  });
}

/**
 * Reports each discipline's day past a daily cap of the payer's state schedule (issue 11).
 * Pricing does the arithmetic (src/pricing/daily-caps.ts), so the finding and the estimate
 * agree to the cent; the rule only says what the cap takes and why.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const pricing = ctx.profile.pricing;
  const schedule = pricing.basis === "state-schedule" ? pricing.stateSchedule : undefined;
  if (!schedule || !claim.lines.some((l) => dailyCapsOn(schedule, l.dateOfService).length > 0)) return [];
  let excesses: DailyCapExcess[];
  try {
    excesses = ctx.dailyCapExcess
      ? ctx.dailyCapExcess(claim)
      : dailyCapExcessOf(claim, { reference: ctx.reference, profile: ctx.profile });
  } catch (error) {
    // Unusable pricing options (an unknown locality) are the estimate's to report, not this rule's.
    if (error instanceof InputError) return [];
    throw error;
  }
  return excesses.map((e) => report(e, claim));
}

export const dailyCap: Rule = { meta, check };
