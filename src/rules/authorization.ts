import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { finding, linePath } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "authorization",
  severity: "error",
  description:
    "Services dated outside a recorded prior authorization, or visits beyond the number it allows (each date of service on the claim is one visit, counted after visitsUsed).",
  references: [
    "The payer's prior authorization (number, dates, visits), as recorded on the visit",
    "ASC X12 837P 005010X222A1, 2300 REF*G1 (prior authorization number)",
  ],
  carc: "197",
  rarc: "N54",
  docs: "docs/rules/authorization.md",
};

/** The authorization on the claim is the payer's limit: dates within from..through, visits within the count. */
function check(claim: Claim, _ctx: RuleContext): Finding[] {
  const auth = claim.authorization;
  if (!auth) return [];
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
  return out;
}

export const authorization: Rule = { meta, check };
