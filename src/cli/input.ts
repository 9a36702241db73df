import fs from "node:fs";
import path from "node:path";
import { InputError } from "../model/validate.js";

/** One JSON document to process, with where it came from for error messages. */
export interface InputItem {
  /** "visits.json", "visits.json[3]" or "dir/v1.json". */
  source: string;
  value: unknown;
}

function parseJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError([
      { path: file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})` },
    ]);
  }
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
      file,
    );
  }
}

/**
 * Reads a JSON file holding one object or an array of them, or a directory of such
 * files (sorted by name). Arrays expand to one item per element so a batch reports
 * per item and never stops at the first bad one.
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
  const files = stat.isDirectory()
    ? fs
        .readdirSync(target)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  if (stat.isDirectory() && files.length === 0) {
    throw new InputError([{ path: target, message: "expected at least one .json file in the directory" }]);
  }
  const items: InputItem[] = [];
  let batch = stat.isDirectory();
  for (const file of files) {
    const value = parseJsonFile(file);
    if (Array.isArray(value)) {
      batch = true;
      value.forEach((v, i) => {
        items.push({ source: `${file}[${i}]`, value: v });
      });
    } else items.push({ source: file, value });
  }
  return { items, batch };
}
