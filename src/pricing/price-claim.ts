import type { Claim, ClaimLine } from "../model/claim.js";
import { type IsoDate, isIsoDate, yearOf } from "../model/dates.js";
import type { Estimate, EstimateLine } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import { isMoney, parseCents, powerOfTen, roundHalfUp } from "../model/money.js";
import { InputError } from "../model/validate.js";
import { type PayerProfile, usesFeeTable } from "../payers/profile.js";
import {
  conversionFactorFor,
  exclusionOf,
  inCodeRanges,
  provenanceText,
  regionOfZip,
  type StateSchedule,
} from "../payers/state-schedule.js";
import { replacementCodeOf } from "../reference/policy/codes.js";
import { missingPolicyFigure } from "../reference/policy/figures.js";
import { assistantModifiers, expectedDenials } from "../reference/policy/modifiers.js";
import { mpfsStatuses } from "../reference/policy/mpfs-status.js";
import type { Edition, ReferenceData, RvuRow } from "../reference/types.js";
import { applyDailyCaps, type CapLine, type DailyCapExcess } from "./daily-caps.js";
import {
  compare,
  type Exact,
  exact,
  fromCents,
  money,
  percent,
  plus,
  show,
  times,
  timesInteger,
  toCents,
} from "./exact.js";
import { type FeeTable, type FeeTableEntry, feeFor } from "./fee-table.js";
import { chooseLocality, type LocalityChoice } from "./locality.js";
import { type StateRvuEntry, type StateRvuTable, stateRvuFor } from "./state-rvu-table.js";
import {
  choosePe,
  type Gpcis,
  gpcisOf,
  NATIONAL_GPCIS,
  type PricedRvus,
  type Setting,
  unitFee,
  unitFeeFormula,
} from "./unit-fee.js";

/** Domain paths of the run options (the CLI shows them as --year and --deductible-remaining). */
export const YEAR_OPTION = "pricing.year";
export const DEDUCTIBLE_OPTION = "pricing.deductibleRemaining";

/** What pricing needs besides the claim: the data, the payer's rules and the CLI's options. */
export interface PricingContext {
  reference: ReferenceData;
  profile: PayerProfile;
  /** --locality: "MAC-LL" (e.g. "09102-04") or "national". */
  locality?: string | undefined;
  /** --zip: used when no locality is given. */
  zip?: string | undefined;
  /** --year: price with that year's fee schedule (each date of service moved into that year). */
  year?: number | undefined;
  /** Use the qualifying APM participant conversion factor where the year has one. */
  qualifyingApm?: boolean | undefined;
  /** --deductible-remaining: overrides the claim's deductibleRemaining. */
  deductibleRemaining?: string | undefined;
  /** The payer's fee table, required when the profile's basis is "fee-table" (parseFeeTable; the caller reads the file). */
  feeTable?: FeeTable | undefined;
  /** A state's own RVU table, for a state schedule of method "state-rvu" (parseStateRvuTable; the caller reads the file). */
  stateRvuTable?: StateRvuTable | undefined;
}

/** How one line came out, before it is written as an EstimateLine. */
type Outcome =
  | { kind: "mpfs"; mpfs: MpfsLine }
  | { kind: "fee-table"; entry: FeeTableEntry }
  | { kind: "state-rvu"; state: StateRvuLine }
  | { kind: "zero" }
  | { kind: "unpriced"; reason: string; missing?: FeeScheduleTable[]; figure?: StateFigureGap };

/** A line priced from a state's own RVU table: the RVU × the region's and section's factor. */
interface StateRvuLine {
  entry: StateRvuEntry;
  cf: Exact;
  /** "NY WCB, region IV, section physical-medicine, from 2026-01-01 (source; verified)". */
  cfLabel: string;
}

/** A figure of a state schedule that pricing needs and the profile lacks (docs/state-fee-schedules.md). */
interface StateFigureGap {
  /** What is missing, in words: "the conversion factor for section physical-medicine on 2026-03-02". */
  what: string;
  /** Where the user supplies it: a profile path. */
  path: string;
  /** The authority the figure comes from. */
  citation: string;
}

/** The fee schedule tables a line needs for its year: the RVU release and the GPCIs. */
type FeeScheduleTable = "rvu" | "gpci";

/** A GPCI lookup: the GPCIs, or why there are none (`missing` when no table of the year is loaded). */
type Located = { gpcis: Gpcis } | { reason: string; missing?: "gpci" };

interface MpfsLine {
  row: RvuRow;
  rvus: PricedRvus;
  gpcis: Gpcis;
  cf: Exact;
  fullUnit: Exact;
  reducedUnit: Exact;
  /** The row carries the therapy MPPR indicator (5) of the policy figure in force. */
  mpprLine: boolean;
  /** The PE percentage reduced units keep ("50"). */
  mpprPePercent: string;
  /** Subject to therapy MPPR (indicator 5 and the profile applies MPPR). */
  mpprEligible: boolean;
  /** Units priced in full: all of them without MPPR, else 1 on the day's highest-PE line, 0 elsewhere. */
  fullUnits: number;
}

interface LineWork {
  index: number;
  line: ClaimLine;
  /** The date whose data prices the line (the date of service, or moved into --year). */
  date: IsoDate;
  status: string;
  /** The line's notes for the estimate; undefined when only the amounts are wanted. */
  notes: string[] | undefined;
  outcome: Outcome;
  /** The RVU release the line was looked up in. */
  rvuEdition?: Edition;
  /** CQ or CO on the line, and the assistant payment percentage in force ("85"), when it applies. */
  assistant?: { modifier: string; percent: string };
  /** The non-participating percentages in force, for a non-participating provider's MPFS line. */
  nonParticipating?: { percent: string; limitingChargePercent: string };
}

/** The estimate plus, per line, its allowed cents or undefined when it could not be priced. */
export interface PricedClaim {
  estimate: Estimate;
  allowedCents: Array<bigint | undefined>;
  /** The days a state schedule's daily cap cut (the `daily-cap` rule reports them). */
  dailyCaps: DailyCapExcess[];
}

/**
 * Prices a claim under contract §4: the MPFS in force on each date of service, the
 * locality's GPCIs, therapy MPPR, CQ/CO, non-participating rates, deductible, coinsurance
 * and sequestration, or the payer profile's percentage or fee table. Throws InputError for
 * unusable options (an unknown explicit locality, a malformed deductible); data gaps become
 * unpriced lines with a note and a warning, never a guess.
 */
export function priceClaim(claim: Claim, ctx: PricingContext): Estimate {
  return priceClaimDetailed(claim, ctx).estimate;
}

/**
 * Each line's estimated allowed amount in integer cents, in claim order, for the KX
 * threshold walk (contract §3, KX). undefined marks a line that could not be priced.
 * The same classification and arithmetic as priceClaimDetailed (and the same InputErrors
 * for unusable options), without writing the trace, the notes or the estimate: coding and
 * the kx-threshold rule ask for it on every Medicare therapy claim.
 */
export function estimateAllowedByLine(claim: Claim, ctx: PricingContext): Array<number | undefined> {
  const priced = priceLines(claim, ctx, undefined);
  // Totals are not needed, but their options are validated as pricing validates them.
  if (ctx.profile.pricing.deductible) deductibleRemaining(claim, ctx, undefined);
  let cents = priced.works.map((work) => allowedCentsOf(work, priced.payerFactor));
  if (priced.schedule)
    cents = applyStateLimits(claim, priced.works, cents, priced.schedule, undefined).allowed;
  return cents.map((c) => (c === undefined ? undefined : Number(c)));
}

/**
 * The days whose lines a state schedule's daily cap cuts, for the `daily-cap` rule: the
 * same classification and arithmetic as priceClaimDetailed, without the trace. Empty for
 * a payer without a state schedule, or a claim the schedule cannot price.
 */
export function dailyCapExcessOf(claim: Claim, ctx: PricingContext): DailyCapExcess[] {
  const priced = priceLines(claim, ctx, undefined);
  if (!priced.schedule) return [];
  const cents = priced.works.map((work) => allowedCentsOf(work, priced.payerFactor));
  return applyStateLimits(claim, priced.works, cents, priced.schedule, undefined).dailyCaps;
}

/**
 * What a pricing run records: the trace and the warnings, or nothing (undefined) when only
 * the amounts are wanted; notes and trace lines are then not even built.
 */
interface Recorder {
  trace: string[];
  warn: (text: string) => void;
}

/** The lines classified and ready for their amounts (everything up to the one rounding per line). */
interface PricedLines {
  works: LineWork[];
  payerFactor: Exact | undefined;
  feeTable: FeeTable | undefined;
  setting: Setting | undefined;
  choice: LocalityChoice | undefined;
  dates: IsoDate[];
  firstDate: IsoDate;
  year: number;
  nonPar: boolean;
  schedule: StateSchedule | undefined;
}

/**
 * Classifies every line (RVUs or the fee table, $0 by status, or unpriced), attaches the
 * CQ/CO and non-participating figures and applies therapy MPPR. Throws InputError for
 * unusable options. With a recorder, writes its trace and warnings as it goes.
 */
function priceLines(claim: Claim, ctx: PricingContext, rec: Recorder | undefined): PricedLines {
  const { reference, profile } = ctx;
  const trace = rec?.trace;
  const warn = rec?.warn;
  const basis = profile.pricing.basis;

  if (claim.lines.length === 0) {
    throw new InputError([{ path: "$.lines", message: "expected at least one line to price" }]);
  }
  const dates = claim.lines.map((line) => pricingDate(line.dateOfService, ctx.year));
  const firstDate = dates[0]!;
  const year = yearOf(firstDate);
  if (warn) {
    if (ctx.year !== undefined && claim.lines.some((l) => yearOf(l.dateOfService) !== ctx.year)) {
      warn(
        `priced with the ${ctx.year} fee schedule as asked; the dates of service (${[...new Set(claim.lines.map((l) => l.dateOfService))].join(", ")}) were moved into ${ctx.year}`,
      );
    }
    if (new Set(dates.map(yearOf)).size > 1) {
      warn("the lines fall in more than one calendar year: each line is priced with its own year's data");
    }
  }

  const schedule = basis === "state-schedule" ? profile.pricing.stateSchedule : undefined;
  const zip = ctx.zip ?? claim.serviceFacility?.zip ?? claim.billingProvider.zip;
  const region = schedule ? stateRegion(schedule, ctx, zip, trace) : undefined;
  const refusal = schedule ? stateRefusal(schedule, ctx, region, zip) : undefined;
  const payerFactor = schedule ? (refusal ? undefined : stateFactor(schedule, trace)) : payerPercent(profile);
  const feeTable = !usesFeeTable(profile) ? undefined : schedule ? ctx.feeTable : requireFeeTable(ctx);
  if (schedule) {
    trace?.push(`${schedule.program}: ${schedule.method} (${schedule.authority.citation})`);
  }
  if (profile.type === "self-pay" && basis !== "fee-table") {
    warn?.(
      "self-pay: the patient is the payer and owes the whole amount; it is estimated at the fee schedule rate, while the practice may bill its own charges: give the profile a fee table of cash rates to price those",
    );
  }

  // Setting from the place of service (contract §4.1).
  const pos = reference.placeOfService(claim.placeOfService);
  const setting: Setting | undefined = pos.value?.setting;
  if (setting === undefined) {
    warn?.(
      `place of service ${claim.placeOfService} is not in the loaded place-of-service table: only codes whose PE is the same in both settings are priced (the estimate shows non-facility)`,
    );
  } else {
    trace?.push(`setting: ${setting} (place of service ${claim.placeOfService}, ${pos.value?.name ?? ""})`);
  }

  if (feeTable) trace?.push(`fee table: ${feeTable.source} (${feeTable.entries.size} rows)`);

  // Locality and its GPCIs, per year (fee tables do not depend on it).
  let choice: LocalityChoice | undefined;
  const gpcisByDate = new Map<IsoDate, Located>();
  if (schedule?.method === "state-rvu") {
    trace?.push(`locality: ${schedule.program} prices the state's own RVUs: no GPCIs`);
  } else if (schedule?.geographic === "none" && !feeTable) {
    choice = { kind: "national", reason: `${schedule.program} uses no geographic adjustment` };
    trace?.push(
      `locality: ${schedule.program} uses no geographic adjustment: GPCIs work 1.000, PE 1.000, MP 1.000`,
    );
  } else if (!feeTable && !(schedule && refusal)) {
    choice = chooseLocality(claim, ctx, reference, firstDate);
    if (choice.kind === "national") {
      trace?.push(`locality: ${choice.reason}: GPCIs work 1.000, PE 1.000, MP 1.000`);
    } else if (choice.kind === "unresolved") {
      warn?.(`no pricing locality: ${choice.reason}. Lines are left unpriced rather than priced nationally`);
    }
  }
  const gpcisFor = (date: IsoDate): Located => {
    const cached = gpcisByDate.get(date);
    if (cached) return cached;
    const result = lookupGpcis(choice, date, reference, rec);
    gpcisByDate.set(date, result);
    return result;
  };

  // Classify every line: priced from RVUs or the fee table, $0 by status, or unpriced.
  const traced = rec !== undefined;
  const works: LineWork[] = claim.lines.map((line, index) => {
    const date = dates[index]!;
    const work: LineWork = {
      index,
      line,
      date,
      status: "",
      notes: traced ? [] : undefined,
      outcome: { kind: "zero" },
    };
    const excluded = schedule ? exclusionOf(schedule, line.code) : undefined;
    if (refusal) {
      work.notes?.push(`not priced: ${refusal.what}`);
      work.outcome = { kind: "unpriced", reason: refusal.what, figure: refusal };
    } else if (excluded) {
      work.notes?.push(
        `excluded by ${schedule!.program}: ${excluded.reason} (${provenanceText(excluded)}); allowed 0.00`,
      );
      work.outcome = { kind: "zero" };
    } else {
      const env: MpfsEnv = { ctx, setting, gpcisFor, rec, schedule };
      work.outcome = feeTable
        ? classifyFeeTableLine(work, feeTable, reference, region)
        : schedule?.method === "state-rvu" && ctx.stateRvuTable
          ? classifyStateRvuLine(work, ctx.stateRvuTable, schedule, region, reference)
          : schedule?.floor
            ? classifyWithFloor(work, env, schedule.floor)
            : classifyMpfsLine(work, env);
    }
    return work;
  });

  // Line amounts: one rounding per line (contract §4.3).
  const nonPar = basis === "medicare" && claim.renderingProvider.participating === false;
  for (const work of works) attachPaymentFigures(work, ctx, nonPar);
  applyTherapyMppr(works, profile, trace);
  return { works, payerFactor, feeTable, setting, choice, dates, firstDate, year, nonPar, schedule };
}

/** The practice's region of a state schedule, from its ZIP (undefined when the schedule has no regions). */
function stateRegion(
  schedule: StateSchedule,
  ctx: PricingContext,
  zip: string | undefined,
  trace: string[] | undefined,
): string | undefined {
  const id = regionOfZip(schedule, zip);
  const entry = schedule.regions.find((r) => r.region === id);
  if (id === undefined || entry === undefined) return undefined;
  trace?.push(
    `region ${id}: practice ZIP ${zip}${ctx.zip ? " (pricing.zip)" : ""} (${provenanceText(entry)})`,
  );
  return id;
}

export function priceClaimDetailed(claim: Claim, ctx: PricingContext): PricedClaim {
  const { reference, profile } = ctx;
  const warnings: string[] = [];
  const warn = (text: string): void => {
    if (!warnings.includes(text)) warnings.push(text);
  };
  const trace: string[] = [];
  const rec: Recorder = { trace, warn };
  const basis = profile.pricing.basis;
  const { works, payerFactor, feeTable, setting, choice, firstDate, year, nonPar, schedule } = priceLines(
    claim,
    ctx,
    rec,
  );

  let estimateLocality: Estimate["locality"] = null;
  if (choice?.kind === "locality") {
    const first = reference.gpci(choice.mac, choice.locality, firstDate).value;
    estimateLocality = {
      mac: choice.mac,
      locality: choice.locality,
      name: first?.name ?? `unknown (no GPCI data for ${year})`,
    };
  }

  const estimateLines: EstimateLine[] = [];
  let allowedCents: Array<bigint | undefined> = [];
  const limitingCharges: bigint[] = [];
  for (const work of works) {
    const { estimateLine, allowed, limitingCharge } = lineAmounts(work, {
      profile,
      payerFactor,
      trace,
    });
    if (work.outcome.kind === "unpriced" && work.outcome.missing === undefined) {
      warn(
        `line ${work.index + 1} (${work.line.code}) cannot be priced: ${work.outcome.reason}; its allowed amount is left at 0.00`,
      );
    }
    estimateLines.push(estimateLine);
    allowedCents.push(allowed);
    if (limitingCharge !== undefined) limitingCharges.push(limitingCharge);
  }

  let dailyCaps: DailyCapExcess[] = [];
  if (schedule) {
    const { allowed: limited, dailyCaps: capped } = applyStateLimits(
      claim,
      works,
      allowedCents,
      schedule,
      trace,
    );
    dailyCaps = capped;
    limited.forEach((cents, i) => {
      if (cents !== undefined && cents !== allowedCents[i]) {
        estimateLines[i] = { ...estimateLines[i]!, allowed: money(cents) };
      }
    });
    allowedCents = limited;
  }

  const conversionFactors = new Set(
    works.flatMap((w) => (w.outcome.kind === "mpfs" ? [show(w.outcome.mpfs.cf, 4)] : [])),
  );
  if (conversionFactors.size > 1) {
    warn(
      `the lines use more than one conversion factor (${[...conversionFactors].join(", ")}): each line is priced with its date's factor; the estimate shows the first line's`,
    );
  }

  let limitingCharge: string | null = null;
  if (nonPar) {
    const sum = limitingCharges.reduce((a, b) => a + b, 0n);
    limitingCharge = money(sum);
    trace.push(
      `limiting charge: ${limitingCharges.map(money).join(" + ") || "no priced line"} = ${limitingCharge}`,
    );
  }
  const totals = claimTotals(claim, ctx, {
    lineAllowed: allowedCents.map((c) => c ?? 0n),
    year,
    date: firstDate,
    warn,
    trace,
  });

  // A year with no fee schedule is never priced 0.00: no amounts, and an error that says
  // what to import (issue 8 §1; contract §4.1 "use the year of the date of service").
  const gap = stateFigureGap(works) ?? feeScheduleGap(works, ctx.year);
  if (gap) trace.push(`no amounts: ${gap.finding.message}`);

  const estimate: Estimate = {
    year,
    schedule: schedule
      ? schedule.program
      : basis === "fee-table"
        ? "fee table"
        : basis === "percent-of-medicare"
          ? `${profile.pricing.percentOfMedicare}% of MPFS`
          : "MPFS",
    edition:
      schedule?.method === "state-rvu" && ctx.stateRvuTable
        ? `state RVU table ${ctx.stateRvuTable.source}`
        : editionLabel(works, feeTable),
    locality: estimateLocality,
    setting: setting ?? "non-facility",
    conversionFactor:
      feeTable || schedule?.method === "none"
        ? "n/a"
        : schedule?.method === "medicare-rvu" || schedule?.method === "state-rvu"
          ? firstStateCf(works)
          : (reference.conversionFactor(firstDate, cfOptions(ctx))?.value ?? "unknown"),
    lines: gap
      ? estimateLines.map((l, i) => (gap.lines.includes(i) ? { ...l, allowed: null } : l))
      : estimateLines,
    ...(gap ? noAmounts : totals),
    limitingCharge: gap ? null : limitingCharge,
    warnings,
    ...(gap ? { findings: [gap.finding] } : {}),
    trace,
  };
  return { estimate, allowedCents, dailyCaps };
}

/** The totals of an estimate that could not be priced: none (never 0.00). */
const noAmounts = Object.freeze({
  allowed: null,
  deductibleApplied: null,
  coinsurance: null,
  payerPayment: null,
  sequestration: null,
  payerPaid: null,
  patientResponsibility: null,
});

/** The CMS file names of a year's fee schedule tables ("PPRRVU2027", "GPCI2027"). */
const cmsFileOf: Readonly<Record<FeeScheduleTable, (year: number) => string>> = Object.freeze({
  rvu: (year: number) => `PPRRVU${year}`,
  gpci: (year: number) => `GPCI${year}`,
});

/**
 * Lines whose year has no RVU release or no GPCI table loaded, and the `reference-data`
 * error that names the files to import. Undefined when every line's year has its data.
 */
function feeScheduleGap(
  works: readonly LineWork[],
  askedYear: number | undefined,
): { lines: number[]; finding: Finding } | undefined {
  const lines: number[] = [];
  const byYear = new Map<number, Set<FeeScheduleTable>>();
  for (const w of works) {
    if (w.outcome.kind !== "unpriced" || w.outcome.missing === undefined) continue;
    lines.push(w.index);
    const year = yearOf(w.date);
    const tables = byYear.get(year) ?? new Set<FeeScheduleTable>();
    for (const t of w.outcome.missing) tables.add(t);
    byYear.set(year, tables);
  }
  if (lines.length === 0) return undefined;
  const years = [...byYear.keys()].sort();
  const files = years.flatMap((y) =>
    (["rvu", "gpci"] as const).filter((t) => byYear.get(y)!.has(t)).map((t) => cmsFileOf[t](y)),
  );
  const what = years
    .map((y) => {
      const t = byYear.get(y)!;
      if (t.has("rvu") && t.has("gpci")) return `neither an RVU release nor a GPCI table of ${y}`;
      return `no ${t.has("rvu") ? "RVU release" : "GPCI table"} of ${y}`;
    })
    .join("; ");
  const moved = askedYear !== undefined ? " (the year asked to price with)" : "";
  const message = `no fee schedule for ${years.join(", ")}${moved}: ${what} is loaded, so the claim has no estimate (no amounts, never 0.00): import ${listed(files)} with \`cleanclaim data import\``;
  return {
    lines,
    finding: {
      rule: "reference-data",
      severity: "error",
      lines,
      message,
      reference: `CMS Medicare PFS Relative Value Files (${listed(files)}); contract §4.1: priced with the year of the date of service`,
      location: askedYear !== undefined ? "pricing.year" : `$.lines[${lines[0]}].dateOfService`,
    },
  };
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The date whose data prices a line: the date of service, or the same day in --year. */
function pricingDate(date: IsoDate, year: number | undefined): IsoDate {
  if (year === undefined) return date;
  if (!Number.isInteger(year) || year < 1990 || year > 2100) {
    throw new InputError([
      {
        code: "invalid-option",
        path: YEAR_OPTION,
        message: `expected a calendar year such as 2026, got ${year}`,
        data: { year },
      },
    ]);
  }
  const moved = `${year}${date.slice(4)}`;
  // 29 February moves to 28 February in a year that has none.
  return isIsoDate(moved) ? moved : `${year}-02-28`;
}

function cfOptions(ctx: PricingContext): { qualifyingApm?: boolean } {
  return ctx.qualifyingApm === undefined ? {} : { qualifyingApm: ctx.qualifyingApm };
}

function payerPercent(profile: PayerProfile): Exact | undefined {
  if (profile.pricing.basis !== "percent-of-medicare") return undefined;
  const pct = profile.pricing.percentOfMedicare;
  if (pct === undefined) {
    throw new InputError(
      [
        {
          path: "$.pricing.percentOfMedicare",
          message: 'basis "percent-of-medicare" needs a percentage such as "110"',
        },
      ],
      profile.origin,
    );
  }
  return percent(pct);
}

function requireFeeTable(ctx: PricingContext): FeeTable {
  if (ctx.feeTable) return ctx.feeTable;
  throw new InputError(
    [
      {
        path: "$.pricing.feeTable",
        message:
          'basis "fee-table" needs the fee table: name a csv of code,modifier,amount and pass its rows (parseFeeTable) with the profile',
      },
    ],
    ctx.profile.origin,
  );
}

function lookupGpcis(
  choice: LocalityChoice | undefined,
  date: IsoDate,
  reference: ReferenceData,
  rec: Recorder | undefined,
): Located {
  if (!choice || choice.kind === "unresolved") return { reason: "no pricing locality (see warnings)" };
  if (choice.kind === "national") return { gpcis: NATIONAL_GPCIS };
  const lookup = reference.gpci(choice.mac, choice.locality, date);
  const id = `${choice.mac}-${choice.locality}`;
  if (!lookup.value || !lookup.edition) {
    return lookup.edition
      ? { reason: `locality ${id} is not in ${lookup.edition.release} (${lookup.edition.source})` }
      : { reason: `no GPCI table for ${yearOf(date)} is loaded`, missing: "gpci" };
  }
  const row = lookup.value;
  const gpcis = gpcisOf(row);
  if (rec) {
    if (!lookup.covered) rec.warn(`GPCIs for ${date}: ${notCovered(lookup.edition, date)}`);
    const line = `locality ${id} ${row.name} (from ${choice.from}; ${lookup.edition.release}): GPCIs work ${show(gpcis.work, 3)}, PE ${show(gpcis.pe, 3)}, MP ${show(gpcis.mp, 3)}`;
    // Several dates in one year share the same GPCI row: one trace line is enough.
    if (!rec.trace.includes(line)) rec.trace.push(line);
  }
  return { gpcis };
}

function notCovered(edition: Edition, date: IsoDate): string {
  return `no loaded edition covers ${date}; used the closest one of ${yearOf(date)}, ${edition.release} (in force from ${edition.effectiveFrom}, ${edition.source})`;
}

interface MpfsEnv {
  ctx: PricingContext;
  setting: Setting | undefined;
  gpcisFor: (date: IsoDate) => Located;
  rec: Recorder | undefined;
  schedule: StateSchedule | undefined;
}

/** Looks up the RVUs (with a pricing modifier such as 26 or TC when the file has a row for it). */
function rvuLookup(reference: ReferenceData, line: ClaimLine, date: IsoDate) {
  for (const modifier of line.modifiers) {
    const lookup = reference.rvu(line.code, date, modifier);
    if (lookup.value) return { lookup, modifier };
  }
  return { lookup: reference.rvu(line.code, date), modifier: "" };
}

function classifyMpfsLine(work: LineWork, env: MpfsEnv): Outcome {
  const { ctx, rec } = env;
  const warn = rec?.warn;
  const { line, date } = work;
  const unpriced = (reason: string, missing?: FeeScheduleTable[]): Outcome => {
    work.notes?.push(`not priced: ${reason}`);
    return missing ? { kind: "unpriced", reason, missing } : { kind: "unpriced", reason };
  };
  if (line.units === 0) {
    work.notes?.push("0 units billed: nothing to price");
    return { kind: "zero" };
  }
  const { lookup, modifier } = rvuLookup(ctx.reference, line, date);
  if (!lookup.edition) {
    // Name every table the year lacks, so one import fixes it.
    const located = env.gpcisFor(date);
    return unpriced(
      `no RVU release of ${yearOf(date)} is loaded, so there is no fee schedule amount for ${date}`,
      "missing" in located && located.missing ? ["rvu", "gpci"] : ["rvu"],
    );
  }
  work.rvuEdition = lookup.edition;
  if (!lookup.covered) warn?.(`RVUs for ${date}: ${notCovered(lookup.edition, date)}`);
  const row = lookup.value;
  if (!row) return unpriced(`${line.code} is not in ${lookup.edition.release} (${lookup.edition.source})`);
  work.status = row.status;
  const label = modifier ? `${line.code}-${modifier}` : line.code;
  if (modifier) work.notes?.push(`priced from the RVU row for modifier ${modifier}`);

  const meaning = mpfsStatuses[row.status];
  if (!meaning)
    return unpriced(`${label} has status "${row.status}", which is not a known fee schedule status code`);
  if (meaning.pricing === "unpriced") return unpriced(`${label} is status ${row.status}: ${meaning.meaning}`);
  if (meaning.pricing === "zero") {
    const replacement = replacementCodeOf(line.code);
    work.notes?.push(
      `status ${row.status}: ${meaning.meaning}${replacement ? ` (${replacement})` : ""}; allowed 0.00`,
    );
    if (ctx.profile.type !== "medicare" && ctx.profile.type !== "medicare-advantage") {
      warn?.(
        `line ${work.index + 1} (${line.code}) has no fee schedule amount (status ${row.status}); ${ctx.profile.name} may pay it on its own terms: give it a fee table row to price it`,
      );
    }
    return { kind: "zero" };
  }
  // Medicare denies a line billed with GY, GA or GZ: nothing is allowed, and the
  // modifier says who is liable for the charge. It must not take the day's full MPPR unit.
  const denial = ctx.profile.medicareTherapyRules
    ? line.modifiers.map((m) => expectedDenials.get(m)).find((d) => d !== undefined)
    : undefined;
  if (denial) {
    work.notes?.push(
      `${denial.why}: Medicare is expected to deny it; allowed 0.00, the ${denial.liable} is liable for the charge`,
    );
    return { kind: "zero" };
  }
  const totalRvus = plus(exact(row.work), exact(row.peNonFacility), exact(row.peFacility), exact(row.mp));
  if (row.status === "R" && totalRvus.units === 0n) {
    return unpriced(`${label} is status R (${meaning.meaning}) and has no RVUs: the MAC prices it`);
  }
  if (row.status !== "A") work.notes?.push(`status ${row.status}: ${meaning.meaning}`);

  const located = env.gpcisFor(date);
  if ("reason" in located) return unpriced(located.reason, located.missing ? [located.missing] : undefined);

  const stateCf = env.schedule ? stateConversionFactor(env.schedule, line.code, date) : undefined;
  if (stateCf && "figure" in stateCf) {
    work.notes?.push(`not priced: ${stateCf.figure.what}`);
    return { kind: "unpriced", reason: stateCf.figure.what, figure: stateCf.figure };
  }
  const conversionFactor = stateCf ?? ctx.reference.conversionFactor(date, cfOptions(ctx));
  if (!conversionFactor) return unpriced(missingPolicyFigure("conversion-factor", date));
  const cf = exact(conversionFactor.value, 4);
  const fileCf = row.conversionFactor.trim();
  if (
    warn &&
    !stateCf &&
    fileCf !== "" &&
    exact(fileCf).units !== 0n &&
    compare(exact(fileCf), cf) !== 0 &&
    !ctx.qualifyingApm
  ) {
    warn(
      `${lookup.edition.release} carries conversion factor ${fileCf}; ${date} is priced with ${conversionFactor.value} (${conversionFactor.label}, ${conversionFactor.source})`,
    );
  }
  if (rec) {
    const cfTrace = `conversion factor ${conversionFactor.value} (${conversionFactor.label}; ${conversionFactor.source})`;
    if (!rec.trace.includes(cfTrace)) rec.trace.push(cfTrace);
  }

  const pe = choosePe(row, env.setting);
  if (!pe.ok) return unpriced(pe.reason);
  if (pe.note) work.notes?.push(pe.note);

  // Therapy MPPR (contract §4.2): the indicator and the PE percentage are policy figures.
  const mppr = ctx.reference.policyFigure("therapy-mppr", date)?.value;
  if (!mppr && ctx.profile.mppr) return unpriced(missingPolicyFigure("therapy-mppr", date));
  // A state may extend the therapy MPPR to more codes (CA 8 CCR §9789.15.4: CMT, acupuncture).
  const mpprLine =
    mppr !== undefined &&
    (row.multipleProcedure === mppr.multipleProcedureIndicator ||
      (env.schedule?.mpprCodes !== undefined && inCodeRanges(line.code, env.schedule.mpprCodes.codes)));
  const mpprPePercent = mppr?.pePercent ?? "100";
  return {
    kind: "mpfs",
    mpfs: {
      row,
      rvus: pe.rvus,
      gpcis: located.gpcis,
      cf,
      fullUnit: unitFee(pe.rvus, located.gpcis, cf),
      reducedUnit: unitFee(pe.rvus, located.gpcis, cf, percent(mpprPePercent)),
      mpprLine,
      mpprPePercent,
      mpprEligible: ctx.profile.mppr && mpprLine,
      fullUnits: line.units,
    },
  };
}

/**
 * A line of a "state-rvu" schedule (NY WCB): the state's RVU for the code × the conversion
 * factor of the practice's region and the code's section on the date, no GPCI.
 */
function classifyStateRvuLine(
  work: LineWork,
  table: StateRvuTable,
  schedule: StateSchedule,
  region: string | undefined,
  reference: ReferenceData,
): Outcome {
  work.status = reference.rvu(work.line.code, work.date).value?.status ?? "";
  if (work.line.units === 0) {
    work.notes?.push("0 units billed: nothing to price");
    return { kind: "zero" };
  }
  const entry = stateRvuFor(table, work.line.code, work.line.modifiers);
  if (!entry) {
    const reason = `${work.line.code} is not in the state RVU table ${table.source}`;
    work.notes?.push(`not priced: ${reason}`);
    return { kind: "unpriced", reason };
  }
  const cf = stateConversionFactor(schedule, work.line.code, work.date, region);
  if (!cf) return { kind: "unpriced", reason: "no conversion factor" };
  if ("figure" in cf) {
    work.notes?.push(`not priced: ${cf.figure.what}`);
    return { kind: "unpriced", reason: cf.figure.what, figure: cf.figure };
  }
  return {
    kind: "state-rvu",
    state: { entry, cf: exact(cf.value, 2), cfLabel: `${cf.value} (${cf.label}; ${cf.source})` },
  };
}

/**
 * A percent-of-medicare line with a floor year (FL PIP, §627.736(5)(a)3: not less than the
 * 2007 Medicare Part B schedule): the line is priced on its date and on its date moved into
 * the floor year, and the higher unit fee is kept. When the floor year's RVUs, GPCIs or
 * conversion factor are not loaded the line refuses naming them, or (whenNotLoaded "warn")
 * keeps the service year's amount with a warning that the floor was not checked.
 */
function classifyWithFloor(
  work: LineWork,
  env: MpfsEnv,
  floor: NonNullable<StateSchedule["floor"]>,
): Outcome {
  const service = classifyMpfsLine(work, env);
  if (service.kind !== "mpfs") return service;
  const floorDate = pricingDate(work.date, floor.year);
  const floorWork: LineWork = { ...work, date: floorDate, notes: env.rec ? [] : undefined };
  const floored = classifyMpfsLine(floorWork, env);
  if (floored.kind !== "mpfs") {
    const why =
      floored.kind === "unpriced" ? floored.reason : `${work.line.code} has no ${floor.year} amount`;
    const what = `${env.schedule!.program}: the ${floor.year} floor (${floor.source.citation}) cannot be checked: ${why}; import the ${floor.year} Medicare RVU release, GPCIs and conversion factor (cleanclaim data import), or set floor.whenNotLoaded to "warn" to price the service year alone`;
    if (floor.whenNotLoaded === "refuse") {
      work.notes?.push(`not priced: ${what}`);
      const figure: StateFigureGap = {
        what,
        path: "pricing.stateSchedule.floor",
        citation: floor.source.citation,
      };
      return { kind: "unpriced", reason: what, figure };
    }
    work.notes?.push(
      `the ${floor.year} floor was not checked (${why}): the amount is the ${yearOf(work.date)} schedule's, which may be below the floor`,
    );
    env.rec?.warn(
      `the ${floor.year} floor of ${env.schedule!.program} was not checked, because the ${floor.year} schedule is not loaded (${why}); the estimate uses the ${yearOf(work.date)} schedule alone and may be below the floor (${floor.source.citation})`,
    );
    return service;
  }
  const higher = compare(floored.mpfs.fullUnit, service.mpfs.fullUnit) > 0;
  work.notes?.push(
    `${floor.year} floor (${floor.source.citation}): unit fee ${show(floored.mpfs.fullUnit, 4)} in ${floor.year}, ${show(service.mpfs.fullUnit, 4)} in ${yearOf(work.date)}; the ${higher ? `${floor.year}` : `${yearOf(work.date)}`} amount is kept`,
  );
  if (higher && floorWork.rvuEdition) work.rvuEdition = floorWork.rvuEdition;
  return higher ? floored : service;
}

function classifyFeeTableLine(
  work: LineWork,
  table: FeeTable,
  reference: ReferenceData,
  region?: string,
): Outcome {
  // The MPFS status is shown for information only: the payer's table decides.
  work.status = reference.rvu(work.line.code, work.date).value?.status ?? "";
  if (work.line.units === 0) {
    work.notes?.push("0 units billed: nothing to price");
    return { kind: "zero" };
  }
  const entry = feeFor(table, work.line.code, work.line.modifiers, region);
  if (!entry) {
    const reason = `${work.line.code} is not in the fee table ${table.source}${region ? ` for region ${region} or every region` : ""}`;
    work.notes?.push(`not priced: ${reason}`);
    return { kind: "unpriced", reason };
  }
  return { kind: "fee-table", entry };
}

/**
 * The CQ/CO and non-participating percentages in force on the line's date (SSA §1834(v);
 * SSA §1848(a)(3), (g)(2)(C)). A line that needs a figure no loaded policy edition gives is
 * left unpriced, and the estimate says what to import. False when the line was left unpriced.
 */
function attachPaymentFigures(work: LineWork, ctx: PricingContext, nonPar: boolean): boolean {
  if (work.outcome.kind !== "mpfs" && work.outcome.kind !== "fee-table") return true;
  const unpriced = (reason: string): false => {
    work.notes?.push(`not priced: ${reason}`);
    work.outcome = { kind: "unpriced", reason };
    return false;
  };
  const modifier = work.line.modifiers.find((m) => assistantModifiers.has(m));
  // Without the reduction, lineAmounts notes that the profile turns it off.
  if (modifier !== undefined && ctx.profile.assistantReduction) {
    const figure = ctx.reference.policyFigure("assistant-payment", work.date)?.value;
    if (!figure) return unpriced(missingPolicyFigure("assistant-payment", work.date));
    if (figure.modifiers.includes(modifier)) work.assistant = { modifier, percent: figure.percent };
  }
  if (nonPar && work.outcome.kind === "mpfs") {
    const figure = ctx.reference.policyFigure("non-participating", work.date)?.value;
    if (!figure) return unpriced(missingPolicyFigure("non-participating", work.date));
    work.nonParticipating = { percent: figure.percent, limitingChargePercent: figure.limitingChargePercent };
  }
  return true;
}

/**
 * Therapy MPPR (contract §4.2): across all indicator-5 units of one date of service, the
 * unit with the highest PE RVU is priced in full (tie: higher full fee, then earlier line);
 * every other unit gets 50% of its PE.
 */
function applyTherapyMppr(works: LineWork[], profile: PayerProfile, trace: string[] | undefined): void {
  const eligible = works.filter(
    (w): w is LineWork & { outcome: { kind: "mpfs" } } =>
      w.outcome.kind === "mpfs" && w.outcome.mpfs.mpprLine,
  );
  if (eligible.length === 0) return;
  if (!profile.mppr) {
    trace?.push(`therapy MPPR: does not apply under the ${profile.name} profile`);
    return;
  }
  const byDay = new Map<IsoDate, Array<LineWork & { outcome: { kind: "mpfs" } }>>();
  for (const w of eligible) {
    const day = byDay.get(w.line.dateOfService) ?? [];
    day.push(w);
    byDay.set(w.line.dateOfService, day);
  }
  for (const [day, lines] of byDay) {
    let best = lines[0]!;
    for (const w of lines.slice(1)) {
      const a = w.outcome.mpfs;
      const b = best.outcome.mpfs;
      const order = compare(a.rvus.pe, b.rvus.pe) || compare(a.fullUnit, b.fullUnit);
      if (order > 0) best = w; // equal PE and fee: the earlier line stays
    }
    const units = lines.reduce((n, w) => n + w.line.units, 0);
    for (const w of lines) w.outcome.mpfs.fullUnits = w === best ? 1 : 0;
    if (trace === undefined) continue; // the rest is the trace and the notes
    const top = best.outcome.mpfs;
    trace.push(
      `therapy MPPR ${day}: ${units} unit${units === 1 ? "" : "s"} with indicator ${top.row.multipleProcedure}; the highest PE is ${best.line.code} on line ${best.index + 1} (PE ${show(top.rvus.pe, 2)}, full unit ${show(top.fullUnit, 4)}): one unit in full, every other unit with ${top.mpprPePercent}% of its PE`,
    );
    if (units === 1) continue;
    for (const w of lines) {
      if (w === best) {
        w.notes?.push("first unit priced in full: highest PE of the day");
        if (w.line.units > 1) {
          const rest = w.line.units === 2 ? "unit 2" : `units 2-${w.line.units}`;
          w.notes?.push(`${rest}: ${w.outcome.mpfs.mpprPePercent}% of PE (therapy MPPR)`);
        }
      } else {
        w.notes?.push(
          `all units at ${w.outcome.mpfs.mpprPePercent}% of PE (therapy MPPR): the day's highest PE is ${best.line.code} on line ${best.index + 1}`,
        );
      }
    }
  }
}

interface LineEnv {
  profile: PayerProfile;
  payerFactor: Exact | undefined;
  trace: string[];
}

/**
 * The stages of a priced line's amount, unrounded: the full fee, after MPPR, after CQ/CO,
 * after the non-participating rate. Both the estimate and the amounts-only path use these.
 */
interface Stages {
  full: Exact;
  afterMppr: Exact;
  afterAssistant: Exact;
  afterNonPar: Exact;
  /** MPFS lines: units priced in full and at the MPPR rate. */
  fullUnits: number;
  reducedUnits: number;
}

type PricedOutcome = Exclude<Outcome, { kind: "zero" } | { kind: "unpriced" }>;

function stagesOf(work: LineWork, outcome: PricedOutcome): Stages {
  const { line } = work;
  let full: Exact;
  let afterMppr: Exact;
  let fullUnits = line.units;
  let reducedUnits = 0;
  if (outcome.kind === "fee-table") {
    full = timesInteger(fromCents(BigInt(outcome.entry.cents)), line.units);
    afterMppr = full;
  } else if (outcome.kind === "state-rvu") {
    full = timesInteger(times(exact(outcome.state.entry.rvu), outcome.state.cf), line.units);
    afterMppr = full;
  } else {
    const m = outcome.mpfs;
    full = timesInteger(m.fullUnit, line.units);
    reducedUnits = m.mpprEligible ? line.units - m.fullUnits : 0;
    fullUnits = line.units - reducedUnits;
    afterMppr = plus(timesInteger(m.fullUnit, fullUnits), timesInteger(m.reducedUnit, reducedUnits));
  }
  const assistant = work.assistant;
  const afterAssistant = assistant ? times(afterMppr, percent(assistant.percent)) : afterMppr;
  const nonPar = work.nonParticipating;
  const afterNonPar = nonPar ? times(afterAssistant, percent(nonPar.percent)) : afterAssistant;
  return { full, afterMppr, afterAssistant, afterNonPar, fullUnits, reducedUnits };
}

/** The payer's percentage scales a stage before its one rounding. */
function scaledBy(x: Exact, payerFactor: Exact | undefined): Exact {
  return payerFactor ? times(x, payerFactor) : x;
}

/** A line's allowed cents, as lineAmounts computes it: undefined when unpriced. */
function allowedCentsOf(work: LineWork, payerFactor: Exact | undefined): bigint | undefined {
  const outcome = work.outcome;
  if (outcome.kind === "unpriced") return undefined;
  if (outcome.kind === "zero") return 0n;
  return toCents(scaledBy(stagesOf(work, outcome).afterNonPar, payerFactor));
}

/**
 * The line's allowed amount and its reductions. The amount goes through stages (full fee,
 * after MPPR, after CQ/CO, after non-participating); each stage is scaled by the payer's
 * percentage and rounded half-up once, and each reduction is the difference of two rounded
 * stages, so full fee - reductions = allowed to the cent.
 */
function lineAmounts(
  work: LineWork,
  env: LineEnv,
): { estimateLine: EstimateLine; allowed: bigint | undefined; limitingCharge: bigint | undefined } {
  const { line } = work;
  const number = work.index + 1;
  const notes = work.notes ?? [];
  const base: EstimateLine = {
    line: number,
    code: line.code,
    ...(line.modifiers.length > 0 ? { modifiers: [...line.modifiers] } : {}),
    units: line.units,
    status: work.status,
    allowed: "0.00",
    mpprReduction: "0.00",
    assistantReduction: "0.00",
    notes,
  };
  const outcome = work.outcome;
  if (outcome.kind === "unpriced")
    return { estimateLine: base, allowed: undefined, limitingCharge: undefined };
  if (outcome.kind === "zero") {
    env.trace.push(`line ${number} ${line.code}: 0.00 (${notes.at(-1) ?? "nothing to price"})`);
    return { estimateLine: base, allowed: 0n, limitingCharge: undefined };
  }

  const label = `line ${number} ${line.code}`;
  const assistant = work.assistant;
  const offModifier = env.profile.assistantReduction
    ? undefined
    : line.modifiers.find((m) => assistantModifiers.has(m));
  if (offModifier !== undefined) {
    notes.push(`${offModifier}: no assistant reduction under the ${env.profile.name} profile`);
  }

  // Stage 1 and 2: the full fee and the fee after MPPR.
  const { full, afterMppr, afterAssistant, afterNonPar, fullUnits, reducedUnits } = stagesOf(work, outcome);
  if (outcome.kind === "fee-table") {
    const { entry } = outcome;
    env.trace.push(
      `${label}: fee table line ${entry.line} (${entry.code}${entry.modifier ? ` ${entry.modifier}` : ""}${entry.region ? `, region ${entry.region}` : ""}) ${show(fromCents(BigInt(entry.cents)))} x ${line.units} = ${show(full)}`,
    );
  } else if (outcome.kind === "state-rvu") {
    const { entry, cf, cfLabel } = outcome.state;
    if (!env.trace.includes(`conversion factor ${cfLabel}`)) env.trace.push(`conversion factor ${cfLabel}`);
    env.trace.push(
      `${label}: state RVU table line ${entry.line} (${entry.code}${entry.modifier ? ` ${entry.modifier}` : ""}) RVU ${entry.rvu} x ${show(cf, 2)} x ${line.units} = ${show(full, 4)}`,
    );
  } else {
    const m = outcome.mpfs;
    const parts: string[] = [];
    if (fullUnits > 0) {
      env.trace.push(
        `${line.code} ${unitsLabel(1, fullUnits)}: ${unitFeeFormula(m.rvus, m.gpcis, m.cf)} = ${show(m.fullUnit, 4)}`,
      );
      parts.push(fullUnits === 1 ? show(m.fullUnit, 4) : `${show(m.fullUnit, 4)} x ${fullUnits}`);
    }
    if (reducedUnits > 0) {
      env.trace.push(
        `${line.code} ${unitsLabel(fullUnits + 1, line.units)} (MPPR, ${m.mpprPePercent}% of PE): ${unitFeeFormula(m.rvus, m.gpcis, m.cf, percent(m.mpprPePercent))} = ${show(m.reducedUnit, 4)}`,
      );
      parts.push(reducedUnits === 1 ? show(m.reducedUnit, 4) : `${show(m.reducedUnit, 4)} x ${reducedUnits}`);
    }
    // A one-unit line's sum is its unit fee, already traced.
    if (line.units > 1) env.trace.push(`${label}: ${parts.join(" + ")} = ${show(afterMppr, 4)}`);
  }

  // Stage 3 and 4: CQ/CO, then the non-participating rate.
  if (assistant) {
    env.trace.push(
      `${label} ${assistant.modifier}: ${show(afterMppr, 4)} x ${show(percent(assistant.percent), 2)} = ${show(afterAssistant, 4)}`,
    );
  }
  const nonPar = work.nonParticipating;
  if (nonPar) {
    env.trace.push(
      `${label} non-participating: ${show(afterAssistant, 4)} x ${show(percent(nonPar.percent), 2)} = ${show(afterNonPar, 4)}`,
    );
  }

  // The payer's percentage scales every stage before its one rounding.
  const scaled = (x: Exact): Exact => scaledBy(x, env.payerFactor);
  const cents = (x: Exact): bigint => toCents(scaled(x));
  if (env.payerFactor) {
    const pct = env.profile.pricing.percentOfMedicare;
    env.trace.push(
      `${label} at ${pct === undefined ? "the schedule's percentages" : `${pct}%`} of Medicare: ${show(afterNonPar, 4)} x ${show(env.payerFactor, 2)} = ${show(scaled(afterNonPar), 4)}`,
    );
  }
  const allowed = cents(afterNonPar);
  env.trace.push(`${label} allowed: ${show(scaled(afterNonPar), 4)} -> ${money(allowed)}`);

  const mpprReduction = cents(full) - cents(afterMppr);
  if (mpprReduction !== 0n) {
    env.trace.push(
      `${label} MPPR reduction: ${money(cents(full))} (all units in full, ${show(scaled(full), 4)}) - ${money(cents(afterMppr))} = ${money(mpprReduction)}`,
    );
  }
  const assistantCut = cents(afterMppr) - cents(afterAssistant);
  if (assistant) {
    env.trace.push(
      `${label} ${assistant.modifier} reduction: ${money(cents(afterMppr))} - ${money(cents(afterAssistant))} = ${money(assistantCut)}`,
    );
  }
  const estimateLine: EstimateLine = {
    ...base,
    allowed: money(allowed),
    mpprReduction: money(mpprReduction),
    assistantReduction: money(assistantCut),
  };
  let limitingCharge: bigint | undefined;
  if (nonPar) {
    const nonParCut = cents(afterAssistant) - cents(afterNonPar);
    const limitingFactor = percent(nonPar.limitingChargePercent);
    const limiting = times(afterNonPar, limitingFactor);
    limitingCharge = toCents(limiting);
    estimateLine.nonParticipatingReduction = money(nonParCut);
    estimateLine.limitingCharge = money(limitingCharge);
    env.trace.push(
      `${label} non-participating reduction: ${money(cents(afterAssistant))} - ${money(allowed)} = ${money(nonParCut)}`,
    );
    env.trace.push(
      `${label} limiting charge: ${show(afterNonPar, 4)} x ${show(limitingFactor, 2)} = ${show(limiting, 4)} -> ${money(limitingCharge)}`,
    );
  }
  return { estimateLine, allowed, limitingCharge };
}

function unitsLabel(from: number, to: number): string {
  return from === to ? `unit ${from}` : `units ${from}-${to}, each`;
}

interface TotalsEnv {
  lineAllowed: bigint[];
  year: number;
  date: IsoDate;
  warn: (text: string) => void;
  trace: string[];
}

type Totals = Pick<
  Estimate,
  | "allowed"
  | "deductibleApplied"
  | "coinsurance"
  | "payerPayment"
  | "sequestration"
  | "payerPaid"
  | "patientResponsibility"
>;

/** Deductible, coinsurance and sequestration on the claim's allowed amount (contract §4.4-4.5). */
function claimTotals(claim: Claim, ctx: PricingContext, env: TotalsEnv): Totals {
  const { profile } = ctx;
  const { trace, warn } = env;
  const allowed = env.lineAllowed.reduce((a, b) => a + b, 0n);
  trace.push(`allowed: ${env.lineAllowed.map(money).join(" + ")} = ${money(allowed)}`);

  let deductible = 0n;
  if (profile.pricing.deductible) {
    const remaining = deductibleRemaining(claim, ctx, warn);
    deductible = smaller(remaining, allowed);
    trace.push(
      `deductible: min(remaining ${money(remaining)}, allowed ${money(allowed)}) = ${money(deductible)}`,
    );
    const annual = ctx.reference.partBDeductible(env.date);
    if (profile.type === "medicare" && !annual) warn(missingPolicyFigure("part-b-deductible", env.date));
    if (profile.type === "medicare" && annual && remaining > BigInt(annual.cents)) {
      warn(
        `deductible remaining ${money(remaining)} is more than the ${env.year} Part B deductible (${money(BigInt(annual.cents))})`,
      );
    }
  } else {
    trace.push(`deductible: none under the ${profile.name} profile`);
  }

  const rest = allowed - deductible;
  const pct = profile.pricing.coinsurancePercent;
  const coinsuranceExact = times(fromCents(rest), percent(pct));
  const coinsurance = toCents(coinsuranceExact);
  trace.push(
    `coinsurance: (${money(allowed)} - ${money(deductible)}) x ${pct}% = ${show(coinsuranceExact)} -> ${money(coinsurance)}`,
  );
  let payerPayment = rest - coinsurance;
  trace.push(
    `payer payment: ${money(allowed)} - ${money(deductible)} - ${money(coinsurance)} = ${money(payerPayment)}`,
  );
  const benefit = benefitCapOf(claim, profile, payerPayment);
  if (benefit) {
    trace.push(benefit.trace);
    if (benefit.cut > 0n) {
      warn(benefit.warning);
      payerPayment -= benefit.cut;
    }
  }

  let sequestration = 0n;
  if (profile.sequestration) {
    const rate = ctx.reference.policyFigure("sequestration", env.date)?.value;
    if (rate) {
      const exactCut = times(fromCents(payerPayment), percent(rate.percent));
      sequestration = toCents(exactCut);
      trace.push(
        `sequestration: ${money(payerPayment)} x ${rate.percent}% = ${show(exactCut)} -> ${money(sequestration)}`,
      );
    } else {
      warn(`${missingPolicyFigure("sequestration", env.date)}; no sequestration was taken off`);
    }
  } else {
    trace.push(`sequestration: none under the ${profile.name} profile`);
  }
  const payerPaid = payerPayment - sequestration;
  trace.push(`payer paid: ${money(payerPayment)} - ${money(sequestration)} = ${money(payerPaid)}`);
  const cut = benefit?.cut ?? 0n;
  const patient = deductible + coinsurance + cut;
  trace.push(
    cut > 0n
      ? `patient responsibility: ${money(deductible)} + ${money(coinsurance)} + ${money(cut)} past the benefit cap = ${money(patient)}`
      : `patient responsibility: ${money(deductible)} + ${money(coinsurance)} = ${money(patient)}`,
  );
  return {
    allowed: money(allowed),
    deductibleApplied: money(deductible),
    coinsurance: money(coinsurance),
    payerPayment: money(payerPayment),
    sequestration: money(sequestration),
    payerPaid: money(payerPaid),
    patientResponsibility: money(patient),
  };
}

/**
 * The tightest benefit cap of the profile's state schedule with an amount (FL PIP §627.736(1):
 * $10,000), given the benefit the program has already paid on the injury (claim.benefitUsed):
 * the payer pays no more than what is left, and the rest is not this program's to pay.
 * Undefined when the claim does not give benefitUsed or no cap has an amount.
 */
export function benefitCapOf(
  claim: Pick<Claim, "benefitUsed">,
  profile: PayerProfile,
  payerPayment: bigint,
): { cut: bigint; left: bigint; label: string; trace: string; warning: string } | undefined {
  const pricing = profile.pricing;
  if (pricing.basis !== "state-schedule" || claim.benefitUsed === undefined) return undefined;
  const used = BigInt(parseCents(claim.benefitUsed));
  let tightest: { cap: bigint; left: bigint; label: string; source: string } | undefined;
  for (const b of pricing.stateSchedule?.benefitCaps ?? []) {
    if (b.amount === null) continue;
    const cap = BigInt(parseCents(b.amount));
    const left = cap > used ? cap - used : 0n;
    if (!tightest || left < tightest.left)
      tightest = { cap, left, label: b.label, source: provenanceText(b) };
  }
  if (!tightest) return undefined;
  const cut = payerPayment > tightest.left ? payerPayment - tightest.left : 0n;
  const words = `benefit cap ${tightest.label} ${money(tightest.cap)} (${tightest.source}): ${money(used)} used before this claim (benefitUsed), ${money(tightest.left)} left`;
  return {
    cut,
    left: tightest.left,
    label: tightest.label,
    trace:
      cut > 0n
        ? `${words}; the payer pays ${money(tightest.left)} of ${money(payerPayment)}, ${money(cut)} is past the cap`
        : `${words}; the payment of ${money(payerPayment)} fits`,
    warning: `${words}: the payer pays ${money(tightest.left)} of this claim's ${money(payerPayment)}; the other ${money(cut)} is past the benefit (CARC 119): bill the patient's other coverage or the patient`,
  };
}

/** --deductible-remaining, else the claim's, else "0.00" with a warning that it was assumed met. */
function deductibleRemaining(
  claim: Claim,
  ctx: PricingContext,
  warn: ((text: string) => void) | undefined,
): bigint {
  const given =
    ctx.deductibleRemaining !== undefined
      ? { text: ctx.deductibleRemaining, path: DEDUCTIBLE_OPTION }
      : claim.deductibleRemaining !== undefined
        ? { text: claim.deductibleRemaining, path: "$.deductibleRemaining" }
        : undefined;
  if (!given) {
    warn?.("deductibleRemaining not given: the deductible is assumed met (0.00 remaining)");
    return 0n;
  }
  if (!isMoney(given.text) || given.text.trim().startsWith("-")) {
    throw new InputError([
      {
        code: given.path === DEDUCTIBLE_OPTION ? "invalid-option" : "invalid-input",
        path: given.path,
        data: { deductibleRemaining: given.text },
        message: `expected the deductible still unmet as a decimal such as "150.00", got "${given.text}"`,
      },
    ]);
  }
  return BigInt(parseCents(given.text));
}

function editionLabel(works: LineWork[], feeTable: FeeTable | undefined): string {
  if (feeTable) return `fee table ${feeTable.source}`;
  const releases = [...new Set(works.flatMap((w) => (w.rvuEdition ? [w.rvuEdition.release] : [])))];
  return releases.length > 0 ? releases.join("; ") : "no RVU release loaded";
}

function smaller(a: bigint, b: bigint): bigint {
  return b < a ? b : a;
}

/** The state conversion factor of the first priced line, as the estimate shows it. */
function firstStateCf(works: readonly LineWork[]): string {
  for (const w of works) {
    if (w.outcome.kind === "mpfs") return show(w.outcome.mpfs.cf, 2);
    if (w.outcome.kind === "state-rvu") return show(w.outcome.state.cf, 2);
  }
  return "unknown";
}

/** A state schedule's figure that is missing (null, or no entry in force): the gap to report. */
function figureGap(schedule: StateSchedule, what: string, path: string, citation?: string): StateFigureGap {
  return { what: `${schedule.program}: ${what}`, path, citation: citation ?? schedule.authority.citation };
}

/**
 * Why a state schedule cannot price the claim at all, before any line is looked at: the
 * program sets no maximums, a percentage is not verified, or the state's file is not loaded.
 */
function stateRefusal(
  schedule: StateSchedule,
  ctx: PricingContext,
  region: string | undefined,
  zip: string | undefined,
): StateFigureGap | undefined {
  const base = "pricing.stateSchedule";
  if (schedule.method === "none") {
    const why = schedule.refusal?.reason ?? "the program sets no fee schedule";
    return figureGap(
      schedule,
      `no amount can be computed: ${why}`,
      `${base}.refusal`,
      schedule.refusal?.source.citation,
    );
  }
  if (schedule.method === "percent-of-medicare") {
    const i = schedule.percentages.findIndex((p) => p.percent === null);
    if (i >= 0) {
      const step = schedule.percentages[i]!;
      return figureGap(
        schedule,
        `the percentage "${step.label}" is not verified, so it is not in the profile: enter it from ${step.source.citation}`,
        `${base}.percentages[${i}].percent`,
        step.source.citation,
      );
    }
  }
  const file = schedule.requiredFile;
  const where = file ? ` (${file.source.citation}${file.source.url ? `, ${file.source.url}` : ""})` : "";
  if (schedule.method === "fee-table" && !ctx.feeTable) {
    return figureGap(
      schedule,
      `its fee table is not loaded: import ${file?.what ?? "the state's fee schedule file"} as a csv of code,modifier,amount (and region, where amounts differ by region) and name it in pricing.feeTable${where}`,
      "pricing.feeTable",
      file?.source.citation,
    );
  }
  if (schedule.method === "state-rvu" && !ctx.stateRvuTable) {
    return figureGap(
      schedule,
      `its RVU table is not loaded: import ${file?.what ?? "the state's relative value file"} as a csv of code,modifier,rvu and name it in pricing.stateRvuTable${where}`,
      "pricing.stateRvuTable",
      file?.source.citation,
    );
  }
  const byRegion =
    schedule.regions.length > 0 ||
    schedule.conversionFactors.some((c) => c.region !== undefined) ||
    (schedule.method === "fee-table" && (ctx.feeTable?.regions.size ?? 0) > 0);
  if (byRegion && region === undefined) {
    return figureGap(
      schedule,
      schedule.regions.length === 0
        ? "its amounts differ by region, and the profile has no ZIP-to-region table: enter the regions and their ZIP prefixes"
        : zip === undefined
          ? "its amounts differ by region, and the practice ZIP is not known: give the billing provider's ZIP (or the run's pricing.zip)"
          : `its amounts differ by region, and the practice ZIP ${zip} is in no region of the profile: add its prefix to the right region`,
      `${base}.regions`,
      schedule.regions[0]?.source.citation,
    );
  }
  for (const [cap, c] of schedule.dailyCaps.entries()) {
    const field = c.amount === null ? "amount" : capVariants.find((v) => c[v]?.amount === null);
    if (field === undefined) continue;
    const which =
      field === "amount"
        ? ""
        : ` ${field === "withEvaluation" ? "with an evaluation" : "with a re-evaluation"}`;
    return figureGap(
      schedule,
      `the daily cap ${c.id}${which} (${c.disciplines.join(", ")}) is not verified, so it is not in the profile: enter it from ${c.source.citation}`,
      `${base}.dailyCaps[${cap}].${field === "amount" ? "amount" : `${field}.amount`}`,
      c.source.citation,
    );
  }
  return undefined;
}

/** The product of a percent-of-medicare schedule's steps (80% of 200% = 1.60), traced. */
function stateFactor(schedule: StateSchedule, trace: string[] | undefined): Exact | undefined {
  if (schedule.method !== "percent-of-medicare") return undefined;
  let product: Exact = exact("1");
  for (const step of schedule.percentages) {
    product = times(product, percent(step.percent!));
    trace?.push(`${step.label}: ${step.percent}% (${provenanceText(step)})`);
  }
  return product;
}

/** The state's conversion factor for a code on a date, or the gap naming the missing figure. */
function stateConversionFactor(
  schedule: StateSchedule,
  code: string,
  date: IsoDate,
  region?: string,
): { value: string; label: string; source: string } | { figure: StateFigureGap } | undefined {
  if (schedule.method !== "medicare-rvu" && schedule.method !== "state-rvu") return undefined;
  const { section, entry } = conversionFactorFor(schedule, code, date, region);
  const index = entry ? schedule.conversionFactors.indexOf(entry) : -1;
  if (!entry || entry.amount === null) {
    return {
      figure: figureGap(
        schedule,
        `the conversion factor for ${section === "all" ? "its services" : `section ${section}`}${region ? ` in region ${region}` : ""} on ${date} ${entry ? "is not verified, so it is not in the profile" : "is not in the profile"}: enter it from ${entry?.source.citation ?? schedule.authority.citation}`,
        index >= 0
          ? `pricing.stateSchedule.conversionFactors[${index}].amount`
          : "pricing.stateSchedule.conversionFactors",
        entry?.source.citation,
      ),
    };
  }
  return {
    value: entry.amount,
    label: `${schedule.program}, ${entry.region ? `region ${entry.region}, ` : ""}${section === "all" ? "all sections" : `section ${section}`}, from ${entry.from}`,
    source: provenanceText(entry),
  };
}

/** A daily cap's evaluation variants, in the order a day is matched against them. */
const capVariants = ["withEvaluation", "withReevaluation"] as const;

/**
 * The RVUs a line is priced with, in hundredths, for an RVU daily cap: units x (work + PE +
 * MP) of the setting's RVUs, before GPCIs and before MPPR (the cap counts the schedule's
 * RVUs, not the payment). Undefined for a line priced from a fee table (no RVUs).
 */
function lineRvus(work: LineWork): bigint | undefined {
  let sum: Exact;
  if (work.outcome.kind === "mpfs") {
    const { rvus } = work.outcome.mpfs;
    sum = plus(rvus.work, rvus.pe, rvus.mp);
  } else if (work.outcome.kind === "state-rvu") {
    // The state's own RVU (NY's WCB table): the cap counts the schedule's RVUs.
    sum = exact(work.outcome.state.entry.rvu);
  } else return undefined;
  // RVUs carry 2 places in the RVU file (choosePe); a table with more is rounded half-up to hundredths once.
  const scaled =
    sum.scale <= 2
      ? sum.units * powerOfTen(2 - sum.scale)
      : roundHalfUp(sum.units, powerOfTen(sum.scale - 2));
  return scaled * BigInt(work.line.units);
}

/**
 * The rules a state schedule puts on top of the line amounts, in order: the lesser of the
 * billed charge and the maximum, then each daily cap per discipline and date (the day's
 * lines are cut from the last one back, so earlier lines keep their amounts). Returns the
 * new allowed cents; notes and trace say what changed.
 */
function applyStateLimits(
  claim: Claim,
  works: readonly LineWork[],
  allowed: Array<bigint | undefined>,
  schedule: StateSchedule,
  trace: string[] | undefined,
): { allowed: Array<bigint | undefined>; dailyCaps: DailyCapExcess[] } {
  const out = [...allowed];
  const lesser = schedule.lesserOfCharge;
  if (lesser?.applies) {
    works.forEach((w, i) => {
      const cents = out[i];
      if (cents === undefined || !isMoney(w.line.charge)) return;
      const charge = BigInt(parseCents(w.line.charge));
      if (charge < cents) {
        out[i] = charge;
        w.notes?.push(
          `lesser of the billed charge ${money(charge)} and the maximum ${money(cents)} (${lesser.source.citation})`,
        );
        trace?.push(
          `line ${i + 1} ${w.line.code}: billed ${money(charge)} is less than the maximum ${money(cents)}: allowed ${money(charge)} (${provenanceText(lesser)})`,
        );
      }
    });
  }
  const capLines: CapLine[] = works.map((w) => ({
    index: w.index,
    line: w.line,
    allowed: out[w.index],
    rvus: lineRvus(w),
  }));
  const capped = applyDailyCaps(claim, capLines, schedule);
  for (const u of capped.uncounted) {
    trace?.push(
      `daily cap ${u.capId} ${u.discipline} ${u.date}: lines ${u.lines.map((i) => i + 1).join(", ")} have no RVUs (priced from a fee table), so the RVU cap does not count them`,
    );
  }
  for (const e of capped.excesses) {
    const amount = (x: bigint) => (e.unit === "rvus" ? `${money(x)} RVUs` : money(x));
    const variant =
      e.variantLine === undefined
        ? ""
        : ` (the cap ${e.variant === "withEvaluation" ? "with an evaluation" : "with a re-evaluation"}: line ${e.variantLine + 1} ${works[e.variantLine]!.line.code})`;
    trace?.push(
      `daily cap ${e.capId} ${e.discipline} ${e.date}: lines ${e.lines.map((i) => i + 1).join(", ")} total ${amount(e.total)}, more than ${amount(e.limit)}${variant} (${e.source})`,
    );
    for (const cut of e.cuts) {
      const w = works[cut.line]!;
      const rvus =
        cut.rvus === undefined ? "" : ` (${money(cut.rvus)} RVUs of the line's ${money(lineRvus(w)!)})`;
      w.notes?.push(
        `daily cap ${e.capId}: ${money(cut.cents)} taken off${rvus} (the ${e.discipline} lines of ${e.date} may not pass ${amount(e.limit)})`,
      );
      trace?.push(
        `line ${cut.line + 1} ${w.line.code}: ${money(cut.cents)} off for the daily cap${rvus} -> ${money(capped.allowed[cut.line]!)}`,
      );
    }
  }
  // Benefit caps (FL PIP's $10,000 / $2,500) bound what the program pays over the whole
  // injury: applied to the payer payment (claimTotals) when the claim gives benefitUsed.
  for (const b of schedule.benefitCaps) {
    if (b.amount !== null && claim.benefitUsed !== undefined) continue;
    trace?.push(
      `benefit cap ${b.label}: ${b.amount === null ? "amount not verified (null in the profile)" : money(BigInt(parseCents(b.amount)))} (${provenanceText(b)}); not applied: ${b.amount === null ? "enter the amount in the profile once verified" : "the claim does not give benefitUsed (what the program has already paid on this injury)"}`,
    );
  }
  return { allowed: capped.allowed, dailyCaps: capped.excesses };
}

/** The profile paths that name a state's file rather than a figure. */
const stateFilePaths: ReadonlySet<string> = new Set(["pricing.feeTable", "pricing.stateRvuTable"]);

/** Lines a state schedule could not price for lack of a figure, and the `reference-data` error naming it. */
function stateFigureGap(works: readonly LineWork[]): { lines: number[]; finding: Finding } | undefined {
  const gaps = new Map<string, StateFigureGap>();
  const lines: number[] = [];
  for (const w of works) {
    if (w.outcome.kind !== "unpriced" || w.outcome.figure === undefined) continue;
    lines.push(w.index);
    gaps.set(w.outcome.figure.what, w.outcome.figure);
  }
  if (lines.length === 0) return undefined;
  const all = [...gaps.values()];
  return {
    lines,
    finding: {
      rule: "reference-data",
      severity: "error",
      lines,
      message: `${all.map((g) => g.what).join("; ")}. The claim has no estimate (no amounts, never a guess): ${
        all.every((g) => g.path.endsWith(".refusal"))
          ? "price it with a profile of the carrier's agreed fees (basis fee-table)"
          : all.every((g) => stateFilePaths.has(g.path))
            ? `import the file and name it at ${all.map((g) => g.path).join(", ")}`
            : `supply the figure at ${all.map((g) => g.path).join(", ")}`
      } (docs/state-fee-schedules.md)`,
      reference: [...new Set(all.map((g) => g.citation))].join("; "),
      location: all[0]!.path,
    },
  };
}
