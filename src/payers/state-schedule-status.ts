import type { PayerProfile } from "./profile.js";
import type { FigureSource, StateSchedule } from "./state-schedule.js";

/**
 * What `cleanclaim data status` shows of a state fee schedule profile (issue 11,
 * "Provenance"): every figure with its source and whether it was verified, and which
 * figures are missing (null), so that pricing refuses until the user enters them. Pure:
 * the CLI reads the profile files and hands them here (the core reads no files).
 */

export type StateFigureKind =
  | "conversion-factor"
  | "percentage"
  | "daily-cap"
  | "visit-limit"
  | "benefit-cap"
  | "lesser-of-charge"
  | "mppr-codes"
  | "excluded-codes"
  | "required-file"
  | "refusal";

export interface StateFigureStatus {
  kind: StateFigureKind;
  /** What the figure is, in words: "conversion factor, section all, 2024-01-01 to 2024-12-31". */
  figure: string;
  /** The figure as the profile gives it; null when it is missing (pricing refuses). */
  value: string | null;
  source: FigureSource;
  verified: boolean;
  note?: string;
  /** true: the figure is null (or the state's file is not given), so pricing refuses. */
  missing: boolean;
}

export interface StateScheduleStatus {
  profileId: string;
  profileName: string;
  /** The profile file, as given or as found among the bundled profiles. */
  file: string;
  /** bundled: shipped in profiles/states; given: --payer-profile. */
  origin: "bundled" | "given";
  program: string;
  state: string;
  method: StateSchedule["method"];
  authority: FigureSource;
  figures: StateFigureStatus[];
  /** The `figure` texts of the missing figures, in profile order. */
  missing: string[];
  verified: number;
  unverified: number;
}

const range = (from: string, through: string | undefined) => `${from} to ${through ?? "open"}`;

/** The figures of one state schedule, in the profile's order, section by section. */
export function stateScheduleFigures(
  schedule: StateSchedule,
  feeTable: string | undefined,
): StateFigureStatus[] {
  const figures: StateFigureStatus[] = [];
  const add = (
    kind: StateFigureKind,
    figure: string,
    value: string | null,
    entry: { source: FigureSource; verified: boolean; note?: string | undefined },
    missing = value === null,
  ) => {
    const status: StateFigureStatus = {
      kind,
      figure,
      value,
      source: entry.source,
      verified: entry.verified,
      missing,
    };
    if (entry.note !== undefined) status.note = entry.note;
    figures.push(status);
  };
  for (const cf of schedule.conversionFactors)
    add(
      "conversion-factor",
      `conversion factor, section ${cf.section}${cf.region !== undefined ? `, region ${cf.region}` : ""}, ${range(cf.from, cf.through)}`,
      cf.amount,
      cf,
    );
  schedule.percentages.forEach((p, i) => {
    add("percentage", `percentage step ${i + 1}: ${p.label}`, p.percent === null ? null : `${p.percent}%`, p);
  });
  if (schedule.lesserOfCharge)
    add(
      "lesser-of-charge",
      "lesser of the billed charge and the maximum",
      schedule.lesserOfCharge.applies ? "applies" : "does not apply",
      schedule.lesserOfCharge,
    );
  if (schedule.mpprCodes)
    add("mppr-codes", "MPPR extended to codes", schedule.mpprCodes.codes.join(", "), schedule.mpprCodes);
  for (const cap of schedule.dailyCaps)
    add(
      "daily-cap",
      `daily cap ${cap.id} (${cap.disciplines.join(", ")}), ${range(cap.from, cap.through)}`,
      cap.amount === null ? null : `$${cap.amount}`,
      cap,
    );
  for (const limit of schedule.visitLimits)
    add(
      "visit-limit",
      `visit limit ${limit.id} (${limit.disciplines.join(", ")}, per ${limit.per})`,
      `${limit.visits} visits, then ${limit.action}`,
      limit,
    );
  for (const excluded of schedule.excludedCodes)
    add("excluded-codes", `excluded codes: ${excluded.reason}`, excluded.codes.join(", "), excluded);
  for (const cap of schedule.benefitCaps)
    add("benefit-cap", `benefit cap: ${cap.label}`, cap.amount === null ? null : `$${cap.amount}`, cap);
  if (schedule.requiredFile)
    add(
      "required-file",
      `state file to import: ${schedule.requiredFile.what}`,
      feeTable ?? null,
      schedule.requiredFile,
    );
  if (schedule.refusal)
    add("refusal", "no maximums: the estimate refuses", schedule.refusal.reason, schedule.refusal, false);
  return figures;
}

/** The status of a profile's state schedule; undefined when the profile prices on another basis. */
export function stateScheduleStatus(
  profile: PayerProfile,
  file: string,
  origin: StateScheduleStatus["origin"],
): StateScheduleStatus | undefined {
  const schedule = profile.pricing.stateSchedule;
  if (profile.pricing.basis !== "state-schedule" || schedule === undefined) return undefined;
  const figures = stateScheduleFigures(schedule, profile.pricing.feeTable);
  return {
    profileId: profile.id,
    profileName: profile.name,
    file,
    origin,
    program: schedule.program,
    state: schedule.state,
    method: schedule.method,
    authority: schedule.authority,
    figures,
    missing: figures.filter((f) => f.missing).map((f) => f.figure),
    verified: figures.filter((f) => f.verified).length,
    unverified: figures.filter((f) => !f.verified).length,
  };
}

/**
 * The warning for each schedule with missing figures, as `data status` and GET /reference list
 * them. A missing benefit cap does not make pricing refuse: the cap is only not applied.
 */
export function stateScheduleWarnings(schedules: readonly StateScheduleStatus[]): string[] {
  const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
  return schedules
    .filter((s) => s.missing.length > 0)
    .map((s) => {
      const missing = s.figures.filter((f) => f.missing);
      const refusing = missing.filter((f) => f.kind !== "benefit-cap").map((f) => f.figure);
      const unapplied = missing.filter((f) => f.kind === "benefit-cap").map((f) => f.figure);
      const parts: string[] = [];
      if (refusing.length > 0)
        parts.push(
          `${refusing.length} ${plural(refusing.length, "figure", "figures")} missing, so pricing refuses what ${plural(refusing.length, "it covers", "they cover")} until the user gives ${plural(refusing.length, "it", "them")}: ${refusing.join("; ")}`,
        );
      if (unapplied.length > 0)
        parts.push(
          `${unapplied.length} benefit ${plural(unapplied.length, "cap has", "caps have")} no amount, so ${plural(unapplied.length, "it is", "they are")} not applied until the user gives ${plural(unapplied.length, "it", "them")}: ${unapplied.join("; ")}`,
        );
      return `${s.profileId} (${s.state}): ${parts.join("; and ")}`;
    });
}
