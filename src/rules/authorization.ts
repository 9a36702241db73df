import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding, Severity } from "../model/finding.js";
import { lineDiscipline } from "../payers/line-discipline.js";
import { type Discipline, provenanceText, type StateSchedule } from "../payers/state-schedule.js";
import { finding, linePath } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "authorization",
  severity: "error",
  description:
    "Services dated outside a recorded prior authorization, or visits beyond the number it allows (each date of service on the claim is one visit, counted after visitsUsed); and visits past a state schedule's visit limit per discipline, by the limit's action (authorization, utilization review, denial).",
  references: [
    "The payer's prior authorization (number, dates, visits), as recorded on the visit",
    "ASC X12 837P 005010X222A1, 2300 REF*G1 (prior authorization number)",
    "The payer profile's state schedule (pricing.stateSchedule.visitLimits): each limit cites its regulation (CA Labor Code §4604.5(c); WA L&I MARFS)",
  ],
  carc: "197",
  rarc: "N54",
  docs: "docs/rules/authorization.md",
};

/** The authorization on the claim is the payer's limit: dates within from..through, visits within the count. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const auth = claim.authorization;
  if (!auth) return stateVisitLimits(claim, ctx);
  const reference = `prior authorization ${auth.number}${auth.from || auth.through ? ` (${auth.from ?? "…"} to ${auth.through ?? "…"})` : ""}; 837P 2300 REF*G1`;
  const out: Finding[] = [];
  claim.lines.forEach((line, i) => {
    const date = line.dateOfService;
    const early = auth.from !== undefined && date < auth.from;
    const late = auth.through !== undefined && date > auth.through;
    if (!early && !late) return;
    out.push(
      finding(meta, {
        lines: [i],
        message: `${line.code} on ${date} is ${early ? `before authorization ${auth.number} starts (${auth.from})` : `after authorization ${auth.number} ends (${auth.through})`}; obtain an authorization covering ${date} before submitting`,
        reference,
        location: linePath(i, "dateOfService"),
      }),
    );
  });
  if (auth.visitsAllowed !== undefined) {
    const used = auth.visitsUsed ?? 0;
    const dates = serviceDates(claim);
    const allowedLeft = Math.max(0, auth.visitsAllowed - used);
    if (dates.length > allowedLeft) {
      // The visits past the count are the later dates of the claim.
      const beyond = dates.slice(allowedLeft).flatMap((d) => d.lines);
      out.push(
        finding(meta, {
          lines: beyond,
          carc: "198",
          message: `authorization ${auth.number} allows ${auth.visitsAllowed} visits and ${used} ${used === 1 ? "is" : "are"} used; this claim's ${dates.length} visit${dates.length === 1 ? "" : "s"} would exceed it: request more visits before submitting`,
          reference,
          location: "$.authorization.visitsAllowed",
        }),
      );
    }
  }
  out.push(...stateVisitLimits(claim, ctx));
  return out;
}

type VisitLimit = StateSchedule["visitLimits"][number];

/** What each action of a state visit limit means on the claim (docs/rules/authorization.md). */
const limitActions: Readonly<
  Record<VisitLimit["action"], { severity: Severity; carc: string | null; needs: string; todo: string }>
> = {
  authorization: {
    severity: "error",
    carc: "197",
    needs: "need the payer's authorization",
    todo: "obtain the authorization and record it (authorization.number and visitsAllowed) before submitting",
  },
  review: {
    severity: "warning",
    carc: null,
    needs: "go to utilization review",
    todo: "request utilization review before submitting; record the authorization it grants",
  },
  deny: {
    severity: "error",
    carc: "119",
    needs: "are not paid",
    todo: "do not bill the visits past the limit to this payer",
  },
};

/** The dates of service (in date order) with a line of the discipline, and those lines. */
function visitsOf(claim: Claim, discipline: Discipline): Array<{ date: IsoDate; lines: number[] }> {
  const byDate = new Map<IsoDate, number[]>();
  claim.lines.forEach((line, i) => {
    if (lineDiscipline(line, claim) !== discipline) return;
    const lines = byDate.get(line.dateOfService) ?? [];
    lines.push(i);
    byDate.set(line.dateOfService, lines);
  });
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, lines]) => ({ date, lines }));
}

/**
 * A state schedule's visit limits (issue 11): per discipline, the visits before this claim plus
 * each date of service of the claim with a line of the discipline. The visits before are
 * `visitsBefore` for the discipline (the service fills it from the stored claims), else
 * `authorization.visitsUsed`, else none: the count starts with this claim. Visits past the
 * limit get the limit's action. An authorization that records its own visitsAllowed is judged
 * by that count (above) for the authorization and review actions: the payer has granted the
 * visits. A deny limit applies whatever is authorized.
 */
function stateVisitLimits(claim: Claim, ctx: RuleContext): Finding[] {
  const pricing = ctx.profile.pricing;
  const schedule = pricing.basis === "state-schedule" ? pricing.stateSchedule : undefined;
  if (!schedule || schedule.visitLimits.length === 0) return [];
  const auth = claim.authorization ?? undefined;
  const out: Finding[] = [];
  schedule.visitLimits.forEach((limit, index) => {
    if (limit.action !== "deny" && auth?.visitsAllowed !== undefined) return;
    const action = limitActions[limit.action];
    for (const discipline of limit.disciplines) {
      const visits = visitsOf(claim, discipline);
      const { used, before, location } = visitsBeforeOf(claim, discipline);
      const left = Math.max(0, limit.visits - used);
      if (visits.length <= left) continue;
      const beyond = visits.slice(left);
      const numbered = beyond.map((v, k) => `${v.date} is visit ${used + left + k + 1}`).join(", ");
      out.push(
        finding(meta, {
          lines: beyond.flatMap((v) => v.lines),
          severity: action.severity,
          carc: action.carc,
          rarc: null,
          message: `${schedule.program} allows ${limit.visits} ${discipline} visits per ${limit.per}; ${discipline} visits past it ${action.needs}: ${before}; ${numbered}: ${action.todo}`,
          reference: `${provenanceText(limit)} (the payer profile's pricing.stateSchedule.visitLimits[${index}], ${limit.id})`,
          location,
        }),
      );
    }
  });
  return out;
}

/** The visits of a discipline before this claim, what the count came from, and its JSON path. */
function visitsBeforeOf(
  claim: Claim,
  discipline: Discipline,
): { used: number; before: string; location: string } {
  const recorded = (n: number, field: string) =>
    `${n} ${discipline} ${n === 1 ? "visit is" : "visits are"} recorded before this claim (${field})`;
  const own = claim.visitsBefore?.[discipline];
  if (own !== undefined)
    return {
      used: own,
      before: recorded(own, `visitsBefore.${discipline}`),
      location: `$.visitsBefore.${discipline}`,
    };
  const used = claim.authorization?.visitsUsed;
  if (used !== undefined)
    return {
      used,
      before: `${used} ${used === 1 ? "visit is" : "visits are"} recorded before this claim (authorization.visitsUsed)`,
      location: "$.authorization.visitsUsed",
    };
  return {
    used: 0,
    before: `no ${discipline} visits are recorded before this claim (visitsBefore.${discipline}, authorization.visitsUsed), so the count starts with it`,
    location: `$.visitsBefore.${discipline}`,
  };
}

export const authorization: Rule = { meta, check };
