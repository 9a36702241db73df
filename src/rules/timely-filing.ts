import type { Claim } from "../model/claim.js";
import { addDays, addMonths, type IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import type { PayerProfile } from "../payers/profile.js";
import { referenceCache } from "./reference-cache.js";
import { finding } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "timely-filing",
  severity: "error",
  description:
    "A claim older than the payer's filing limit, judged as of the as-of date of the run (today by default): Medicare allows 12 months after the date of service; other payers as their profile says.",
  references: [
    "42 CFR 424.44 (Medicare: no later than 1 calendar year after the date of service)",
    "CMS Claims Processing Manual, Pub. 100-04, ch. 1 §70",
    "The payer profile's timelyFilingDays for other payers (contract-specific)",
  ],
  carc: "29",
  docs: "docs/rules/timely-filing.md",
};

const DAYS_PER_YEAR = 365;

/**
 * The last day a claim for `date` may be filed. A whole number of years (365 days, the
 * Medicare default) is read as calendar years, as 42 CFR 424.44 says "1 calendar year".
 */
export function filingDeadline(date: IsoDate, days: number): IsoDate {
  return days % DAYS_PER_YEAR === 0 ? addMonths(date, 12 * (days / DAYS_PER_YEAR)) : addDays(date, days);
}

/**
 * The late-claim sentence names the date measured from, the limit and where the limit
 * comes from, and the day judged on, so a user sees why a March claim failed in November.
 */
function lateMessage(date: IsoDate, deadline: IsoDate, asOf: IsoDate, profile: PayerProfile): string {
  const days = profile.timelyFilingDays;
  const limit = days % DAYS_PER_YEAR === 0 ? `${(days / DAYS_PER_YEAR) * 12} months` : `${days} days`;
  const source =
    profile.type === "medicare" && days === DAYS_PER_YEAR
      ? "Medicare's 1 calendar year after the date of service (42 CFR 424.44)"
      : profile.origin !== "built-in"
        ? `timelyFilingDays ${days} of the payer profile ${profile.id}`
        : `the built-in ${profile.type} default of ${days} days (unverified: set timelyFilingDays in a payer profile)`;
  return `services on ${date} are past ${profile.name}'s filing limit: date of service ${date} + ${limit} = ${deadline}, the last day to file; judged as of ${asOf}. The limit is ${source}. Submit only with proof of an exception (such as an administrative error by the payer or retroactive entitlement)`;
}

/** 42 CFR 424.44; Pub. 100-04 ch. 1 §70. Judged as of the context's day, never the clock. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const asOf = ctx.asOf;
  const days = ctx.profile.timelyFilingDays;
  // Date arithmetic builds Date objects; a batch asks about the same few dates again and
  // again, so the run's cache keeps each deadline.
  const cache = referenceCache(ctx);
  const deadlineOf = (date: IsoDate): IsoDate =>
    cache.derived("filing-deadline", date, String(days), () => filingDeadline(date, days));
  const late = new Map<IsoDate, number[]>();
  claim.lines.forEach((line, i) => {
    const date = line.dateOfService;
    const group = late.get(date);
    if (group !== undefined) group.push(i);
    else if (deadlineOf(date) < asOf) late.set(date, [i]);
  });
  const out: Finding[] = [];
  for (const [date, lines] of late) {
    const deadline = deadlineOf(date);
    out.push(
      finding(meta, {
        lines,
        message: lateMessage(date, deadline, asOf, ctx.profile),
        reference:
          ctx.profile.type === "medicare"
            ? "42 CFR 424.44; CMS Claims Processing Manual, Pub. 100-04, ch. 1 §70"
            : `payer profile ${ctx.profile.id}: timely filing ${days} days`,
        location: "$.lines[*].dateOfService",
      }),
    );
  }
  return out;
}

export const timelyFiling: Rule = { meta, check };
