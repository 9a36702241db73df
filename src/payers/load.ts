import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { InputError, parseInput } from "../model/validate.js";
import { type PayerProfile, payerProfileSchema, resolveProfile } from "./profile.js";

/**
 * Reads a payer profile file (JSON, or YAML for .yaml/.yml) and resolves it against the
 * defaults of its payer type. Errors name the file and the JSON path (exit 2).
 * Unknown fields are errors here, not warnings: a misspelt setting in a profile would
 * otherwise silently fall back to a default.
 */
export function loadPayerProfile(file: string): PayerProfile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError([
      {
        path: file,
        message: `cannot read the payer profile (${(error as NodeJS.ErrnoException).code ?? error})`,
      },
    ]);
  }
  const yaml = /\.ya?ml$/i.test(file);
  let raw: unknown;
  try {
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : "";
    throw new InputError(
      [
        {
          path: "$",
          message: `expected valid ${yaml ? "YAML" : "JSON"}${where}: ${(error as Error).message.split("\n")[0]}`,
        },
      ],
      file,
    );
  }
  const parsed = parseInput(payerProfileSchema, raw, { source: file });
  if (parsed.unknownFields.length) {
    throw new InputError(
      parsed.unknownFields.map((p) => ({
        path: p,
        message: "not a payer profile setting (see docs/payer-profiles.md)",
      })),
      file,
    );
  }
  return resolveProfile(parsed.value, path.resolve(file));
}
