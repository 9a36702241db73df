import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InputError, type InputIssue } from "../model/validate.js";
import {
  type LoadedProfiles,
  type NamedProfile,
  parsePayerProfile,
  payerProfileSet,
} from "../payers/load.js";
import { type PayerProfile, usesFeeTable, usesStateRvuTable } from "../payers/profile.js";
import { type StateScheduleStatus, stateScheduleStatus } from "../payers/state-schedule-status.js";
import type { LoadedPayerProfile } from "../pipeline/pipeline.js";
import { type FeeTable, parseFeeTable } from "../pricing/fee-table.js";
import { parseStateRvuTable, type StateRvuTable } from "../pricing/state-rvu-table.js";
import { readTextFile } from "./input.js";

/**
 * The CLI's readers of payer profiles and the fee tables beside them. The core parses
 * text (parsePayerProfile, parseFeeTable) and checks a set of profiles (payerProfileSet);
 * the files are read here, so the core reads none (style.md, Practices 1).
 */

/** `--payer-profile <file>`: a payer profile (JSON or YAML, a byte-order mark allowed), resolved. */
export function loadPayerProfile(file: string): PayerProfile {
  const text = readTextFile(file, "payer profile");
  return parsePayerProfile(text, file, path.resolve(file));
}

/** A fee table file (contract §4.7): csv of code,modifier,amount. */
export function loadFeeTable(file: string): FeeTable {
  return parseFeeTable(readTextFile(file, "fee table"), file);
}

/** A state's RVU table file (method "state-rvu"): csv of code,modifier,rvu. */
export function loadStateRvuTable(file: string): StateRvuTable {
  return parseStateRvuTable(readTextFile(file, "state RVU table"), file);
}

/**
 * Reads the fee table a profile names (basis "fee-table"), and the state RVU table of a
 * "state-rvu" schedule, relative to the profile's own file (docs/payer-profiles.md), so the
 * pipeline takes them as data and reads nothing relative to the working directory.
 */
export function withFeeTable(profile: PayerProfile): LoadedPayerProfile {
  if (profile.origin === "built-in") return profile;
  const at = (name: string): string => path.resolve(path.dirname(profile.origin), name);
  const fees = profile.pricing.feeTable;
  const rvus = profile.pricing.stateRvuTable;
  const readsFees = usesFeeTable(profile) && fees !== undefined;
  const readsRvus = usesStateRvuTable(profile) && rvus !== undefined;
  if (!readsFees && !readsRvus) return profile;
  return {
    ...profile,
    ...(readsFees ? { feeTableData: loadFeeTable(at(fees!)) } : {}),
    ...(readsRvus ? { stateRvuTableData: loadStateRvuTable(at(rvus!)) } : {}),
  };
}

/** Profile files in a directory: JSON and YAML; other files (such as fee tables) are not profiles. */
const profileExtensions: ReadonlySet<string> = new Set([".json", ".yaml", ".yml"]);

/**
 * `--payer-profiles <dir>`: every .json, .yaml and .yml file directly in `dir`, in name
 * order. Exit status 2 when the directory cannot be read or holds no profile.
 */
export function payerProfileFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    const why =
      code === "ENOENT"
        ? "no such directory"
        : code === "ENOTDIR"
          ? "it is a file"
          : `cannot read it (${code})`;
    throw new InputError(
      [
        {
          code: code === "ENOENT" ? "not-found" : "invalid-input",
          path: "(directory)",
          message: `expected a directory of payer profiles: ${why}`,
        },
      ],
      dir,
    );
  }
  const files = names
    .filter((n) => profileExtensions.has(path.extname(n).toLowerCase()))
    .sort()
    .map((n) => path.join(dir, n))
    .filter((f) => fs.statSync(f).isFile());
  if (files.length === 0) {
    throw new InputError(
      [{ path: "(directory)", message: "expected payer profile files (.json, .yaml or .yml); found none" }],
      dir,
    );
  }
  return files;
}

/**
 * `--payer-profile <file>` and every profile of `--payer-profiles <dir>`, read and made one
 * set by payerProfileSet (overlaps refused naming both files, warnings for profiles without
 * `appliesTo`). With several files, every file's problems are reported together, each
 * under its file name.
 */
export function loadPayerProfiles(given: {
  file?: string | undefined;
  dir?: string | undefined;
}): LoadedProfiles {
  const files = [...(given.file ? [given.file] : []), ...(given.dir ? payerProfileFiles(given.dir) : [])];
  const problems: InputIssue[] = [];
  const named: NamedProfile[] = [];
  for (const file of files) {
    try {
      named.push({ profile: loadPayerProfile(file), source: file });
    } catch (error) {
      if (!(error instanceof InputError) || files.length === 1) throw error;
      problems.push(...error.issues.map((i) => ({ ...i, path: `${file}: ${i.path}` })));
    }
  }
  if (problems.length > 0) throw new InputError(problems, given.dir);
  return payerProfileSet(named, given.dir ?? given.file);
}

/**
 * The state fee schedule profiles shipped with the package (profiles/states, beside dist/
 * and src/ alike), for `data status`. The folder is the package's own; undefined when it
 * is not there (a build without it).
 */
export function bundledStateProfilesDir(): string | undefined {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../profiles/states");
  return fs.existsSync(dir) ? dir : undefined;
}

/**
 * `data status`: the figures and provenance of every bundled state schedule profile, and
 * of `--payer-profile <file>` when given. A given profile that prices on another basis is
 * returned in `other`, so the command can say that it has no state figures.
 */
export function stateScheduleStatuses(given?: string): {
  schedules: StateScheduleStatus[];
  other: Array<{ file: string; profileId: string; basis: string }>;
} {
  const schedules: StateScheduleStatus[] = [];
  const other: Array<{ file: string; profileId: string; basis: string }> = [];
  const dir = bundledStateProfilesDir();
  const bundled = dir ? payerProfileFiles(dir) : [];
  for (const file of bundled) {
    const status = stateScheduleStatus(
      loadPayerProfile(file),
      path.relative(path.resolve(dir ?? "", "../.."), file),
      "bundled",
    );
    if (status) schedules.push(status);
  }
  if (given !== undefined) {
    const profile = loadPayerProfile(given);
    const status = stateScheduleStatus(profile, given, "given");
    if (status) schedules.push(status);
    else other.push({ file: given, profileId: profile.id, basis: profile.pricing.basis });
  }
  return { schedules, other };
}
