import type { Claim } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { finding, fix, linePath } from "./report.js";
import { firstOfCode, linesByCode, serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";
import { amaUnits, cmsMaximumUnits, cmsSupports, timedUnits, unitsForMinutes } from "./unit-method.js";

const meta: RuleMeta = {
  id: "timed-units",
  severity: "error",
  description:
    "Timed (15-minute) code units that the documented minutes do not support under the payer's unit method (CMS total time or AMA per code), and timed codes billed without minutes.",
  references: [
    "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2 (the total-time method and its allocation)",
    "AMA CPT per-code time rule (a unit once the midpoint, 8 minutes, is passed), for payers whose profile says `ama`",
  ],
  carc: "151",
  fix: "sets each timed code's units to the allocation of its documented minutes (ties to the earlier service)",
  docs: "docs/rules/timed-units.md",
};

const methodName = { cms: "the CMS total-time method", ama: "the AMA per-code method" } as const;
const references = {
  cms: "CMS Claims Processing Manual, Pub. 100-04, ch. 5 §20.2 (total timed minutes, 8-minute rule)",
  ama: "AMA CPT time rule, per code (payer profile unit method `ama`)",
} as const;

interface TimedCode {
  code: string;
  lines: number[];
  minutes: number;
  units: number;
}

/**
 * Pub. 100-04 ch. 5 §20.2. Billing fewer units than the minutes support is the biller's
 * choice and is not reported; any allocation CMS accepts (tied leftovers either way) passes.
 */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx);
  const method = ctx.profile.unitMethod;
  const out: Finding[] = [];
  // A claim that carries no minutes at all (the contract's claim shape, an 837P) has no
  // time documentation to judge: units are only checked where minutes are given.
  const noMinutes = claim.lines.every((l) => l.minutes === undefined);
  const silent = ctx.claimOnly === true || noMinutes;
  if (noMinutes && !ctx.claimOnly) {
    const timedLines = claim.lines.flatMap((l, i) =>
      cache.therapyCode(l.code, l.dateOfService)?.timing === "timed" ? [i] : [],
    );
    if (timedLines.length > 0) {
      out.push(
        finding(meta, {
          lines: timedLines,
          severity: "info",
          carc: null,
          rarc: null,
          message:
            "the claim carries no treatment minutes, so the units of its timed codes were not checked against time: include each line's minutes for a full scrub (or scrub the visit with `cleanclaim check`)",
          reference: references[method],
        }),
      );
    }
  }
  for (const day of serviceDates(claim)) {
    // Documented timed minutes that earned no unit still count toward the day's total.
    const unbilled = (claim.unbilledTimedMinutes ?? []).filter((u) => u.dateOfService === day.date);
    if (unbilled.length === 0 && daySupported(claim.lines, day.lines, method, cache)) continue;
    const timed: TimedCode[] = [];
    const undocumented: number[] = [];
    for (const group of linesByCode(claim, day.lines)) {
      if (cache.therapyCode(group.code, day.date)?.timing !== "timed") continue;
      let minutes = 0;
      let units = 0;
      let documented = true;
      for (const i of group.lines) {
        const line = claim.lines[i]!;
        units += line.units;
        if (line.minutes === undefined) documented = false;
        else minutes += line.minutes;
      }
      if (documented) timed.push({ code: group.code, lines: group.lines, minutes, units });
      else undocumented.push(...group.lines.filter((i) => claim.lines[i]!.minutes === undefined));
    }
    // Without the visit's documentation (an 837P) missing minutes are not evidence of a problem.
    for (const i of silent ? [] : undocumented) {
      const line = claim.lines[i]!;
      out.push(
        finding(meta, {
          lines: [i],
          message: `${line.code} is a timed code (15-minute units) billed with ${line.units} unit${line.units === 1 ? "" : "s"} but no documented minutes; record the minutes of direct one-on-one time so the units can be supported`,
          reference: references[method],
          carc: "16",
          rarc: "M51",
          location: linePath(i, "minutes"),
        }),
      );
    }
    for (const u of unbilled) {
      if (!timed.some((t) => t.code === u.code))
        timed.push({ code: u.code, lines: [], minutes: u.minutes, units: 0 });
    }
    // Under the total-time method one undocumented code makes the day's total unknown.
    if (timed.length === 0 || (method === "cms" && undocumented.length > 0)) continue;
    const minutes = timed.map((t) => t.minutes);
    const maximum = method === "cms" ? cmsMaximumUnits(minutes) : minutes.map(amaUnits);
    const allowedTotal = method === "cms" ? unitsForMinutes(minutes.reduce((a, b) => a + b, 0)) : Infinity;
    const billedTotal = timed.reduce((a, t) => a + t.units, 0);
    const units = timed.map((t) => t.units);
    const supported =
      method === "cms" ? cmsSupports(minutes, units) : timed.every((t, k) => t.units <= maximum[k]!);
    if (supported) continue;
    const allocation = timedUnits(minutes, method);
    const over = timed.filter((t, k) => t.units > maximum[k]!);
    // Within every code's maximum but not all at once (two codes sharing one remaining unit):
    // the codes billed past their full units are the ones in question.
    const contested = timed.filter((t) => t.units > Math.floor(t.minutes / 15));
    const flagged = billedTotal > allowedTotal ? timed : over.length > 0 ? over : contested;
    out.push(explain(day.date, method, timed, allocation, flagged, billedTotal, allowedTotal));
  }
  return out;
}

/**
 * The common case, decided without allocating: every timed code of the day has minutes,
 * and the units fit some allocation the method accepts. False means "look closer", not
 * necessarily a finding.
 */
function daySupported(
  lines: Claim["lines"],
  group: readonly number[],
  method: "cms" | "ama",
  cache: ReferenceCache,
): boolean {
  let totalMinutes = 0;
  let totalUnits = 0;
  let pastFull = false;
  for (let x = 0; x < group.length; x++) {
    const { code, dateOfService } = lines[group[x]!]!;
    if (cache.therapyCode(code, dateOfService)?.timing !== "timed" || !firstOfCode(lines, group, x)) continue;
    const [minutes, units] = codeTotals(lines, group, x);
    if (minutes < 0) return false;
    if (method === "ama" && units > amaUnits(minutes)) return false;
    totalMinutes += minutes;
    totalUnits += units;
    if (units > Math.floor(minutes / 15)) pastFull = true;
  }
  if (method === "ama") return true;
  if (totalUnits > unitsForMinutes(totalMinutes)) return false;
  if (!pastFull) return true;
  // Some code is billed past its full units: whether the remaining units can go that way.
  const minutes: number[] = [];
  const units: number[] = [];
  for (let x = 0; x < group.length; x++) {
    const { code, dateOfService } = lines[group[x]!]!;
    if (cache.therapyCode(code, dateOfService)?.timing !== "timed" || !firstOfCode(lines, group, x)) continue;
    const [m, u] = codeTotals(lines, group, x);
    minutes.push(m);
    units.push(u);
  }
  return cmsSupports(minutes, units);
}

/** Minutes (-1 when a line has none) and units of the code of group[x], over its lines of the day. */
function codeTotals(lines: Claim["lines"], group: readonly number[], x: number): [number, number] {
  const code = lines[group[x]!]!.code;
  let minutes = 0;
  let units = 0;
  for (let y = x; y < group.length; y++) {
    const line = lines[group[y]!]!;
    if (line.code !== code) continue;
    units += line.units;
    if (line.minutes === undefined) minutes = -1;
    else if (minutes >= 0) minutes += line.minutes;
  }
  return [minutes, units];
}

function explain(
  date: string,
  method: "cms" | "ama",
  timed: TimedCode[],
  allocation: number[],
  flagged: TimedCode[],
  billedTotal: number,
  allowedTotal: number,
): Finding {
  const detail = timed.map((t) => `${t.code} ${t.minutes} min`).join(", ");
  const kept = timed.flatMap((t, k) => (allocation[k]! > 0 ? [`${t.code} ×${allocation[k]}`] : []));
  const off = timed.flatMap((t, k) => (allocation[k] === 0 ? [t.code] : []));
  const supported = [
    ...(kept.length > 0 ? [`bill ${kept.join(", ")}`] : []),
    ...(off.length > 0 ? [`leave ${off.join(", ")} off the claim`] : []),
  ].join(" and ");
  const billed = flagged.map((t) => `${t.code} ×${t.units}`).join(", ");
  const why =
    method === "cms"
      ? `${detail} on ${date} total ${timed.reduce((a, t) => a + t.minutes, 0)} timed minutes, which support ${allowedTotal} unit${allowedTotal === 1 ? "" : "s"}`
      : `${detail} on ${date}, each code counted on its own minutes`;
  // Only a code billed on one line has an unambiguous patch; a split code (CQ/CO) is left to the biller.
  const patch: PatchOp[] = [];
  // A code documented but not billed (no line) that the allocation gives a unit needs a new line: left to the biller.
  let fixable = timed.every((t, k) => allocation[k] === t.units || t.lines.length === 1);
  timed.forEach((t, k) => {
    const units = allocation[k]!;
    if (units === t.units || t.lines.length === 0) return;
    patch.push(
      units === 0 ? { op: "remove-line", line: t.lines[0]! } : { op: "set-units", line: t.lines[0]!, units },
    );
  });
  // Removing a 0-unit code also removes its minutes from the day's total: only safe when
  // the other codes keep their units without them (else the re-scrub would disagree).
  const billedCodes = timed
    .map((_, k) => k)
    .filter((k) => allocation[k]! > 0 || timed[k]!.lines.length === 0);
  if (method === "cms" && billedCodes.length < timed.length) {
    const without = timedUnits(
      billedCodes.map((k) => timed[k]!.minutes),
      method,
    );
    if (without.some((u, j) => u !== allocation[billedCodes[j]!])) fixable = false;
  }
  const lines = flagged.flatMap((t) => t.lines).sort((a, b) => a - b);
  return finding(meta, {
    lines,
    message: `${billed} billed (${billedTotal} timed unit${billedTotal === 1 ? "" : "s"} that day) is more than the minutes support under ${methodName[method]}: ${why}; ${supported}`,
    reference: references[method],
    fix: fixable && patch.length > 0 ? fix(`${supported} on ${date}`, ...patch) : undefined,
    location: linePath(lines[0]!, "units"),
  });
}

export const timedUnitsRule: Rule = { meta, check };
