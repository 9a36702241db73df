import type { Claim } from "../model/claim.js";
import type { Discipline } from "../model/common.js";
import type { Finding } from "../model/finding.js";
import { type Cents, formatCents, parseScaled, roundHalfUp } from "../model/money.js";
import { missingPolicyFigure, verifiedNote } from "../reference/policy/figures.js";
import type { PolicyAmount, ReferenceData } from "../reference/types.js";
import { authority, finding } from "./findings.js";

/**
 * The KX modifier threshold (SSA §1833(g)(7); CMS Pub. 100-04 ch. 5 §10.3): once a
 * patient's Medicare allowed amounts for the year pass the threshold, therapy lines need KX,
 * which attests that the documentation supports medical necessity. PT and SLP share one
 * threshold, OT has its own.
 */

/** Estimated allowed amount per claim line, integer cents (the pricing engine provides it). */
export type AllowedAmounts = (claim: Claim) => Array<number | undefined>;

/** Which threshold a discipline's spending counts toward. */
export const kxThresholdGroupOf: Readonly<Record<Discipline, "PT and SLP" | "OT">> = {
  PT: "PT and SLP",
  SLP: "PT and SLP",
  OT: "OT",
};

/** MPFS status codes that the fee schedule pays; other statuses add nothing to the year's total. */
const payableStatuses: ReadonlySet<string> = new Set(["A", "R", "T"]);

const rvuScale = 4;
const cfScale = 4;

/**
 * Fallback estimate when no pricing engine is given: each line's total non-facility RVUs ×
 * the conversion factor at national GPCIs (1.000) × units, rounded half-up once per line,
 * in exact integer arithmetic. It leaves out MPPR and the CQ/CO reduction, so it is an
 * upper bound: the threshold is reached no later than with the real amounts.
 */
export function feeScheduleAllowed(claim: Claim, reference: ReferenceData): Array<Cents | undefined> {
  return claim.lines.map((line) => {
    const row = reference.rvu(line.code, line.dateOfService).value;
    const cf = reference.conversionFactor(line.dateOfService);
    if (!row || !cf) return undefined;
    if (!payableStatuses.has(row.status)) return 0;
    const rvus =
      parseScaled(row.work, rvuScale) +
      parseScaled(row.peNonFacility, rvuScale) +
      parseScaled(row.mp, rvuScale);
    // RVU (scale 4) × CF (scale 4) = scale 8; cents are scale 2.
    const cents = roundHalfUp(rvus * parseScaled(cf.value, cfScale) * BigInt(line.units), 10n ** 6n);
    return Number(cents);
  });
}

export interface KxWalkInput {
  /** The therapy discipline of each line (undefined: not a therapy line, or excluded from Medicare). */
  lineDisciplines: ReadonlyArray<Discipline | undefined>;
  /** Estimated allowed per line, cents. */
  allowed: ReadonlyArray<Cents | undefined>;
  /** The discipline whose year-to-date the visit gives (the plan of care's). */
  discipline: Discipline;
  yearToDate: Cents;
  threshold: Cents;
}

export interface KxWalk {
  /** Lines at and after the crossing, of the visit's threshold group. */
  pastThreshold: number[];
  /** Lines whose estimate is unknown (counted as 0). */
  unknown: number[];
  /** Therapy lines of the other threshold group: their year-to-date is not known here. */
  otherGroup: number[];
  /** Year-to-date after this claim's lines of the group, cents. */
  total: Cents;
}

/**
 * Walks the therapy lines in claim order, adding each line's estimated allowed amount to
 * the year-to-date (contract §3 "KX"). The line that takes the total past the threshold,
 * and every later line of the same group, are past it. A total already past the threshold
 * puts every line of the group past it.
 */
export function walkKxThreshold(input: KxWalkInput): KxWalk {
  const group = kxThresholdGroupOf[input.discipline];
  const out: KxWalk = { pastThreshold: [], unknown: [], otherGroup: [], total: input.yearToDate };
  let past = input.yearToDate > input.threshold;
  input.lineDisciplines.forEach((discipline, line) => {
    if (discipline === undefined) return;
    if (kxThresholdGroupOf[discipline] !== group) {
      out.otherGroup.push(line);
      return;
    }
    const amount = input.allowed[line];
    if (amount === undefined) out.unknown.push(line);
    out.total += amount ?? 0;
    if (!past && out.total > input.threshold) past = true;
    if (past) out.pastThreshold.push(line);
  });
  return out;
}

export interface KxDecision {
  /** Lines that get KX. */
  kxLines: number[];
  findings: Finding[];
}

/**
 * Decides KX for a Medicare therapy claim and reports what it assumed: KX goes on the lines
 * past the threshold when medical necessity is documented; otherwise those lines are an
 * error (rule kx-threshold), since Medicare denies them without KX.
 */
export function decideKx(options: {
  claim: Claim;
  reference: ReferenceData;
  lineDisciplines: ReadonlyArray<Discipline | undefined>;
  discipline: Discipline | undefined;
  yearToDate: Cents;
  medicallyNecessary: boolean;
  allowedAmounts?: AllowedAmounts | undefined;
}): KxDecision {
  const { claim, lineDisciplines } = options;
  const findings: Finding[] = [];
  const therapyLines = lineDisciplines.flatMap((d, i) => (d === undefined ? [] : [i]));
  if (therapyLines.length === 0) return { kxLines: [], findings };

  const date = claim.lines[therapyLines[0]!]!.dateOfService;
  const year = Number(date.slice(0, 4));
  const threshold: PolicyAmount | undefined = options.reference.kxThreshold(date);
  if (!threshold) {
    findings.push(
      finding(
        "kx-threshold",
        "warning",
        `${missingPolicyFigure("kx-threshold", date)}; KX was not judged for this claim`,
        authority.kx,
        { lines: therapyLines },
      ),
    );
    return { kxLines: [], findings };
  }
  if (!options.discipline) {
    findings.push(
      finding(
        "kx-threshold",
        "info",
        "the visit has no plan of care discipline, so the year-to-date it gives cannot be matched to the PT and SLP or the OT threshold; KX was not judged",
        authority.kx,
        { lines: therapyLines },
      ),
    );
    return { kxLines: [], findings };
  }

  let allowed: Array<Cents | undefined>;
  if (options.allowedAmounts) {
    allowed = options.allowedAmounts(claim);
  } else {
    allowed = feeScheduleAllowed(claim, options.reference);
    findings.push(
      finding(
        "kx-threshold",
        "info",
        "no pricing estimate was given: the KX threshold walk used each line's national fee schedule amount (total non-facility RVUs × conversion factor, without MPPR or the CQ/CO reduction), an upper bound",
        authority.kx,
        { lines: therapyLines },
      ),
    );
  }

  const walk = walkKxThreshold({
    lineDisciplines,
    allowed,
    discipline: options.discipline,
    yearToDate: options.yearToDate,
    threshold: threshold.cents,
  });
  const group = kxThresholdGroupOf[options.discipline];
  const limit = `$${formatCents(threshold.cents)} ${year} ${group} threshold${verifiedNote(threshold)}`;

  if (walk.unknown.length > 0) {
    const codes = walk.unknown.map((i) => claim.lines[i]!.code).join(", ");
    findings.push(
      finding(
        "kx-threshold",
        "warning",
        `no allowed amount could be estimated for ${codes}; the KX walk counted ${walk.unknown.length === 1 ? "it" : "them"} as $0.00 toward the ${limit}`,
        authority.kx,
        { lines: walk.unknown },
      ),
    );
  }
  if (walk.otherGroup.length > 0) {
    findings.push(
      finding(
        "kx-threshold",
        "info",
        `the visit's year-to-date is for the ${group} threshold; KX was not judged for lines that count toward the other threshold`,
        authority.kx,
        { lines: walk.otherGroup },
      ),
    );
  }
  if (walk.pastThreshold.length === 0) return { kxLines: [], findings };

  const spent = `therapy allowed this year reaches $${formatCents(walk.total)} with this claim, past the ${limit}`;
  if (options.medicallyNecessary) {
    findings.push(
      finding("kx-threshold", "info", `${spent}: KX added (medical necessity is documented)`, authority.kx, {
        lines: walk.pastThreshold,
      }),
    );
    return { kxLines: walk.pastThreshold, findings };
  }
  findings.push(
    finding(
      "kx-threshold",
      "error",
      `${spent}, and the documentation does not show medical necessity past the threshold: KX was not added, and Medicare denies these lines without it`,
      authority.kx,
      { lines: walk.pastThreshold, carc: "119" },
    ),
  );
  return { kxLines: [], findings };
}
