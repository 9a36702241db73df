import fs from "node:fs";
import path from "node:path";
import { type ChargeSchedule, parseChargeSchedule } from "../coding/charges.js";
import { InputError, stripByteOrderMark } from "../model/validate.js";

/** One JSON document to process, with where it came from for error messages. */
export interface InputItem {
  /** "visits.json", "visits.json[3]" or "dir/v1.json". */
  source: string;
  value: unknown;
  /** Set when the file could not be read or parsed: the batch reports it in place and goes on. */
  error?: InputError;
}

/**
 * The one reader of the CLI's text inputs (visits, claims, envelopes, payer profiles, fee
 * tables, charge csv): reads UTF-8, drops a byte-order mark (editors on Windows write
 * one), and names the file and the reason when it cannot be read. `what` says what the
 * file was expected to be ("payer profile").
 */
export function readTextFile(file: string, what = "file"): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code;
    throw new InputError(
      [
        {
          // A missing file is not-found (HTTP 404 for a server); still exit status 2.
          code: code === "ENOENT" ? "not-found" : "invalid-input",
          path: "(file)",
          message: `cannot read the ${what} (${why})`,
        },
      ],
      file,
    );
  }
  return stripByteOrderMark(bytes.toString("utf8"));
}

/** `--charges <file>`: the practice fee schedule csv (code,amount), read here and parsed by the core. */
export function loadChargeSchedule(file: string): ChargeSchedule {
  return parseChargeSchedule(readTextFile(file, "practice fee schedule"), file);
}

/** Parses JSON text; a syntax error names the line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec(String((error as Error).message));
    let where = "";
    if (m) {
      const before = text.slice(0, Number(m[1]));
      const line = before.split("\n").length;
      const column = before.length - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${column}`;
    }
    throw new InputError(
      [{ path: "$", message: `expected valid JSON${where}: ${(error as Error).message}` }],
      source,
    );
  }
}

/** Reads one JSON file through `readTextFile`. */
export function readJsonFile(file: string, what = "JSON file"): unknown {
  return parseJsonText(readTextFile(file, what), file);
}

/**
 * Reads a JSON file holding one object or an array of them, or a directory of such
 * files (sorted by name). Arrays expand to one item per element so a batch reports
 * per item and never stops at the first bad one. In a directory, a file that cannot be
 * read or parsed becomes an item carrying its error (reported in place); a single file
 * given by name that cannot be read is unusable input and throws.
 */
export function readJsonInputs(target: string): { items: InputItem[]; batch: boolean } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new InputError([
      { path: target, message: "expected a JSON file or a directory of JSON files; nothing is there" },
    ]);
  }
  if (!stat.isDirectory()) {
    const value = readJsonFile(target);
    if (!Array.isArray(value)) return { items: [{ source: target, value }], batch: false };
    return { items: value.map((v, i) => ({ source: `${target}[${i}]`, value: v })), batch: true };
  }
  const files = fs
    .readdirSync(target)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => path.join(target, f));
  if (files.length === 0) {
    throw new InputError([{ path: target, message: "expected at least one .json file in the directory" }]);
  }
  const items: InputItem[] = [];
  for (const file of files) {
    let value: unknown;
    try {
      value = readJsonFile(file);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      items.push({ source: file, value: undefined, error });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        items.push({ source: `${file}[${i}]`, value: v });
      });
    } else items.push({ source: file, value });
  }
  return { items, batch: true };
}
