import path from "node:path";
import { parsePayerProfile } from "../payers/load.js";
import type { PayerProfile } from "../payers/profile.js";
import type { LoadedPayerProfile } from "../pipeline/pipeline.js";
import { parseFeeTable } from "../pricing/fee-table.js";
import { readTextFile } from "./input.js";

/**
 * Reads the fee table a profile names (basis "fee-table"), relative to the profile's own
 * file (docs/payer-profiles.md), so the pipeline takes it as data and reads nothing
 * relative to the working directory.
 */
export function withFeeTable(profile: PayerProfile): LoadedPayerProfile {
  const name = profile.pricing.feeTable;
  if (profile.pricing.basis !== "fee-table" || name === undefined || profile.origin === "built-in")
    return profile;
  const file = path.resolve(path.dirname(profile.origin), name);
  return { ...profile, feeTableData: parseFeeTable(readTextFile(file, "fee table"), file) };
}

/** `--payer-profile <file>`: a payer profile (JSON or YAML, a byte-order mark allowed) with its fee table read. */
export function loadProfileFile(file: string): LoadedPayerProfile {
  const text = readTextFile(file, "payer profile");
  return withFeeTable(parsePayerProfile(text, file, path.resolve(file)));
}
