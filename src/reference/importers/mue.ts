import type { MueRow, ParsedTable } from "../types.js";
import { cell, columnsByName, findHeader, isBlank, readCsv } from "./csv.js";
import { matchName, ncciQuarterFromName, quarterEnd, quarterLabel, quarterStart } from "./editions.js";
import { fail, ImportError } from "./errors.js";
import { procedureCode, wholeNumber } from "./fields.js";
import { type ParseOptions, Progress } from "./progress.js";
import { readText } from "./text.js";

/**
 * NCCI Medically Unlikely Edits, practitioner services. The official csv opens with the
 * AMA notice as one quoted multi-line record, and its header's first cell is itself
 * quoted over two lines ("HCPCS/\nCPT Code"); the adjudication indicator is text
 * ("2 Date of Service Edit: Policy"). The normalised csv has hcpcs_code, mue_units,
 * mue_mai, mue_rationale and mue_service.
 */
const COLUMNS = {
  code: [/^HCPCS( ?\/ ?CPT)?( CODE)?$/, "HCPCS_CODE"],
  units: [/MUE VALUES$/, "MUE_UNITS", "MUE VALUE"],
  mai: [/ADJUDICATION INDICATOR$/, "MUE_MAI", "MAI"],
  rationale: [/RATIONALE$/],
  service: ["MUE_SERVICE"],
} as const;

export function parseMue(
  input: string | Buffer,
  source: string,
  options: ParseOptions = {},
): ParsedTable<MueRow> {
  const records = readCsv(readText(input, source), source);
  const progress = new Progress(options.onProgress, records.length);
  const headerAt = findHeader(
    records,
    (names) => /^HCPCS/.test(names[0] ?? "") && names.some((n) => n.includes("MUE")),
    source,
    "MUE",
  );
  const header = records[headerAt]!;
  const names = header.cells.map((c) => c.replace(/\s+/g, " ").trim().toUpperCase());
  const col = columnsByName(names, COLUMNS, { source, line: header.line }, ["service"]);
  const services = names
    .map((n) => /^(\w[\w ]*?) SERVICES MUE VALUES$/.exec(n)?.[1])
    .find((s) => s !== undefined);
  if (services !== undefined && services !== "PRACTITIONER") {
    throw new ImportError(
      source,
      header.line,
      `these are the ${services.toLowerCase()} MUEs; cleanclaim uses the practitioner services table`,
    );
  }
  if (matchName(source, /hospital|\bdme\b|_dme|-dme/i)) {
    throw new ImportError(
      source,
      undefined,
      "the file name says these are not the practitioner services MUEs",
    );
  }

  const rows: MueRow[] = [];
  const seen = new Map<string, number>();
  let otherServices = 0;
  for (let i = headerAt + 1; i < records.length; i++) {
    progress.at(i);
    const { cells, line } = records[i]!;
    if (isBlank(cells)) continue;
    const at = { source, line };
    if (col.service >= 0 && cell(cells, col.service).toUpperCase() !== "PRACTITIONER") {
      otherServices++;
      continue;
    }
    const code = procedureCode(cell(cells, col.code), "HCPCS/CPT code", at);
    const earlier = seen.get(code);
    if (earlier !== undefined) fail(at, `${code} appears twice (also line ${earlier})`);
    seen.set(code, line);
    const maiText = cell(cells, col.mai);
    const mai = /^([123])(\s|$)/.exec(maiText)?.[1];
    if (mai === undefined) fail(at, `expected MUE adjudication indicator 1, 2 or 3, got "${maiText}"`);
    rows.push({
      code,
      units: wholeNumber(cell(cells, col.units), "of MUE units", at),
      mai: Number(mai) as MueRow["mai"],
      rationale: cell(cells, col.rationale),
    });
  }
  progress.end();
  if (rows.length === 0) throw new ImportError(source, undefined, "no practitioner MUE rows");

  const named = ncciQuarterFromName(source);
  if (!named) {
    throw new ImportError(
      source,
      undefined,
      "cannot tell which NCCI quarter this file is: put it in the file name (for example mue_practitioner_2024q3.csv) and import again",
    );
  }
  const edition = {
    table: "mue" as const,
    source,
    release: `NCCI MUE practitioner ${quarterLabel(named.quarter)}`,
    effectiveFrom: quarterStart(named.quarter),
    effectiveThrough: quarterEnd(named.quarter),
  };
  const warnings =
    otherServices > 0 ? [`${otherServices} rows for other services (hospital, DME) left out`] : undefined;
  return warnings ? { edition, rows, warnings } : { edition, rows };
}
