import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { parsePayerProfile } from "../payers/load.js";
import type { PayerProfile } from "../payers/profile.js";
import { repoRoot } from "../test-support/reference.js";
import { authorization } from "./authorization.js";
import { runRuleCases } from "./rule-tester.js";
import { type ClaimSpec, claimOf, type LineSpec, profileOf } from "./test-support/claims.js";
import { ruleReference } from "./test-support/reference.js";

const auth = {
  number: "AUTH-991",
  visitsAllowed: 12,
  visitsUsed: 4,
  from: "2026-02-15",
  through: "2026-04-15",
};

/** WA L&I's real profile: PT and OT visits 1-12 need no authorization, 13-24 do, past 24 utilization review. */
const waFile = path.join(repoRoot, "profiles/states/wa-lni.json");
const wa = parsePayerProfile(fs.readFileSync(waFile, "utf8"), waFile, waFile);

/** A state schedule with only the visit limits of a case. */
function limitsProfile(id: string, visitLimits: unknown[]): PayerProfile {
  return profileOf("workers-comp", {
    id,
    pricing: {
      basis: "state-schedule",
      coinsurancePercent: "0",
      deductible: false,
      stateSchedule: {
        program: id === "CA-TEST" ? "CA workers' compensation" : "Test workers' compensation",
        state: id === "CA-TEST" ? "CA" : "TX",
        authority: { citation: "test" },
        method: "none",
        visitLimits,
      },
    } as never,
  });
}
/** CA Labor Code §4604.5(c)(1): no more than 24 chiropractic, 24 OT and 24 PT visits per industrial injury (injuries from 2004-01-01), unless the employer authorizes more in writing ((c)(2)(A)). */
const ca = limitsProfile("CA-TEST", [
  {
    id: "ca-24-visits",
    per: "injury",
    disciplines: ["PT", "OT", "DC"],
    visits: 24,
    action: "authorization",
    source: {
      citation: "Cal. Labor Code §4604.5(c)(1)",
      url: "https://codes.findlaw.com/ca/labor-code/lab-sect-4604-5/",
      retrieved: "2026-12-03",
    },
    verified: true,
  },
]);
/** A synthetic limit whose action is deny: 20 PT visits per claim. */
const denyAfter20 = limitsProfile("DENY-TEST", [
  {
    id: "deny-20",
    per: "claim",
    disciplines: ["PT"],
    visits: 20,
    action: "deny",
    source: { citation: "test limit" },
    verified: false,
  },
]);

const comp = (spec: Omit<ClaimSpec, "lines">, lines: Array<LineSpec | string>) =>
  claimOf({ payer: "workers-comp", date: "2026-07-15", planOfCare: null, ...spec, lines });
const gp = (code: string, date?: string): LineSpec => ({
  code,
  modifiers: ["GP"],
  ...(date ? { date } : {}),
});
const go = (code: string): LineSpec => ({ code, modifiers: ["GO"] });
const waLimitSource =
  "L&I: visits 1-12 need no authorization; 13-24 need the hotline form; beyond 24, utilization review; verified against the source";

runRuleCases(
  authorization,
  {
    valid: [
      { name: "no authorization recorded", claim: claimOf({ lines: ["97110"] }) },
      {
        name: "inside the dates, visits left",
        claim: claimOf({ authorization: auth, lines: ["97110", "97140"] }),
      },
      {
        name: "the last allowed visit",
        claim: claimOf({ authorization: { ...auth, visitsUsed: 11 }, lines: ["97110"] }),
      },
      {
        name: "an authorization without dates or a count",
        claim: claimOf({ authorization: { number: "A-1" }, lines: ["97110"] }),
      },
      {
        name: "WA: visit 12 of the PT limit needs no authorization (11 used + 1 date)",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 11 } }, [gp("97110"), gp("97140")]),
        profile: wa,
      },
      {
        name: "WA: visit 13 with an authorization that records visitsAllowed 24 is judged by that count",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 12, visitsAllowed: 24 } }, [gp("97110")]),
        profile: wa,
      },
      {
        name: "WA: a line of no discipline (an MD's E/M without a therapy modifier) is not a PT or OT visit",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 30 }, credential: "MD" }, ["99213"]),
        profile: wa,
      },
      {
        name: "WA: OT has 3 visits before (visitsBefore.OT), so its visit 4 needs nothing though PT has 20",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 20 }, visitsBefore: { OT: 3, PT: 0 } }, [
          go("97530"),
        ]),
        profile: wa,
      },
      {
        name: "CA: the 24th chiropractic visit of the injury (23 used + 1)",
        claim: comp({ authorization: { number: "CA-1", visitsUsed: 23 }, credential: "DC" }, ["98941"]),
        profile: ca,
      },
    ],
    invalid: [
      {
        name: "a visit after the authorization ends",
        claim: claimOf({ authorization: auth, date: "2026-04-20", lines: ["97110"] }),
        findings: [
          {
            rule: "authorization",
            lines: [0],
            carc: "197",
            rarc: "N54",
            message:
              "97110 on 2026-04-20 is after authorization AUTH-991 ends (2026-04-15); obtain an authorization covering 2026-04-20 before submitting",
          },
        ],
      },
      {
        name: "a visit before it starts",
        claim: claimOf({ authorization: auth, date: "2026-02-10", lines: ["97110"] }),
        findings: [{ message: expect.stringContaining("before authorization AUTH-991 starts (2026-02-15)") }],
      },
      {
        name: "all visits used",
        claim: claimOf({ authorization: { ...auth, visitsUsed: 12 }, lines: ["97110", "97140"] }),
        findings: [
          {
            carc: "198",
            lines: [0, 1],
            message: expect.stringContaining("allows 12 visits and 12 are used"),
          },
        ],
      },
      {
        name: "two dates of service with one visit left: the later date is the one past the count",
        claim: claimOf({
          authorization: { ...auth, visitsUsed: 11 },
          lines: [
            { code: "97110", date: "2026-03-02" },
            { code: "97110", date: "2026-03-04" },
          ],
        }),
        findings: [{ lines: [1] }],
      },
      {
        // 12 used + 1 date = visit 13 > 12: authorization needed (CARC 197).
        name: "WA: visit 13 of the PT limit needs authorization",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 12 } }, [gp("97110"), gp("97140")]),
        profile: wa,
        findings: [
          {
            rule: "authorization",
            severity: "error",
            lines: [0, 1],
            carc: "197",
            rarc: undefined,
            message:
              "WA L&I: Medical Aid Rules and Fee Schedules allows 12 PT visits per claim; PT visits past it need the payer's authorization: 12 visits are recorded before this claim (authorization.visitsUsed); 2026-07-15 is visit 13: obtain the authorization and record it (authorization.number and visitsAllowed) before submitting",
            reference: `${waLimitSource} (the payer profile's pricing.stateSchedule.visitLimits[0], wa-pt-ot-visits)`,
            location: "$.authorization.visitsUsed",
          },
        ],
      },
      {
        // 23 used: 2026-07-15 is visit 24 and 2026-07-17 visit 25. Both pass 12 (authorization,
        // error); only visit 25 passes 24 (utilization review, warning).
        name: "WA: visits 24 and 25 need authorization, and visit 25 utilization review",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 23 } }, [
          gp("97110"),
          gp("97110", "2026-07-17"),
        ]),
        profile: wa,
        findings: [
          {
            severity: "error",
            carc: "197",
            lines: [0, 1],
            message: expect.stringContaining(
              "2026-07-15 is visit 24, 2026-07-17 is visit 25: obtain the authorization",
            ),
          },
          {
            severity: "warning",
            carc: undefined,
            lines: [1],
            message:
              "WA L&I: Medical Aid Rules and Fee Schedules allows 24 PT visits per claim; PT visits past it go to utilization review: 23 visits are recorded before this claim (authorization.visitsUsed); 2026-07-17 is visit 25: request utilization review before submitting; record the authorization it grants",
            reference: expect.stringContaining("visitLimits[1], wa-pt-ot-review"),
          },
        ],
      },
      {
        // No authorization recorded: the count is this claim's 13 PT dates; the 13th (2026-07-13) passes 12.
        name: "WA: no authorization recorded, 13 PT dates on one claim: the 13th needs authorization",
        claim: comp(
          {},
          Array.from({ length: 13 }, (_, k) => gp("97110", `2026-07-${String(k + 1).padStart(2, "0")}`)),
        ),
        profile: wa,
        findings: [
          {
            lines: [12],
            message: expect.stringContaining(
              "no PT visits are recorded before this claim (visitsBefore.PT, authorization.visitsUsed), so the count starts with it; 2026-07-13 is visit 13",
            ),
            location: "$.visitsBefore.PT",
          },
        ],
      },
      {
        // Each discipline from its own count: 12 PT visits before (the 13th needs authorization,
        // MARFS), 3 OT visits before (the 4th does not).
        name: "WA: visitsBefore counts each discipline on its own (PT 12 before: visit 13; OT 3 before: visit 4)",
        claim: comp({ visitsBefore: { PT: 12, OT: 3 } }, [gp("97110"), go("97530")]),
        profile: wa,
        findings: [
          {
            severity: "error",
            carc: "197",
            lines: [0],
            message: expect.stringContaining(
              "allows 12 PT visits per claim; PT visits past it need the payer's authorization: 12 PT visits are recorded before this claim (visitsBefore.PT); 2026-07-15 is visit 13",
            ),
            location: "$.visitsBefore.PT",
          },
        ],
      },
      {
        // visitsBefore for the discipline wins over the authorization's visitsUsed of all disciplines.
        name: "CA: visitsBefore.DC 24 wins over authorization.visitsUsed 2: the 25th chiropractic visit",
        claim: comp(
          { authorization: { number: "CA-1", visitsUsed: 2 }, visitsBefore: { DC: 24 }, credential: "DC" },
          ["98941"],
        ),
        profile: ca,
        findings: [
          {
            lines: [0],
            message: expect.stringContaining(
              "24 DC visits are recorded before this claim (visitsBefore.DC); 2026-07-15 is visit 25",
            ),
          },
        ],
      },
      {
        name: "WA: PT and OT are counted each on its own: visit 13 of each",
        claim: comp({ authorization: { number: "WA-1", visitsUsed: 12 } }, [gp("97110"), go("97530")]),
        profile: wa,
        findings: [
          { lines: [0], message: expect.stringContaining("allows 12 PT visits per claim") },
          { lines: [1], message: expect.stringContaining("allows 12 OT visits per claim") },
        ],
      },
      {
        // Labor Code §4604.5(c)(1): 24 chiropractic visits per injury; 24 used + 1 = visit 25.
        name: "CA: the 25th chiropractic visit of the injury needs the employer's written authorization",
        claim: comp({ authorization: { number: "CA-1", visitsUsed: 24 }, credential: "DC" }, ["98941"]),
        profile: ca,
        findings: [
          {
            severity: "error",
            carc: "197",
            lines: [0],
            message: expect.stringContaining(
              "CA workers' compensation allows 24 DC visits per injury; DC visits past it need the payer's authorization: 24 visits are recorded before this claim (authorization.visitsUsed); 2026-07-15 is visit 25",
            ),
            reference:
              "Cal. Labor Code §4604.5(c)(1), https://codes.findlaw.com/ca/labor-code/lab-sect-4604-5/, read 2026-12-03; verified against the source (the payer profile's pricing.stateSchedule.visitLimits[0], ca-24-visits)",
          },
        ],
      },
      {
        // A deny limit applies even within an authorization's own count (21 <= 30 allowed).
        name: "deny: visit 21 past a 20-visit limit is not paid, whatever is authorized",
        claim: comp({ authorization: { number: "A-9", visitsUsed: 20, visitsAllowed: 30 } }, [gp("97110")]),
        profile: denyAfter20,
        findings: [
          {
            severity: "error",
            carc: "119",
            lines: [0],
            message: expect.stringContaining(
              "PT visits past it are not paid: 20 visits are recorded before this claim",
            ),
          },
        ],
      },
    ],
  },
  { reference: ruleReference },
);
