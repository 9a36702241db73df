import { CsvError, parse } from "csv-parse/sync";
import { type Cents, formatCents, isMoney, parseCents } from "../model/money.js";
import { InputError } from "../model/validate.js";

/**
 * A practice fee schedule: the charge for one unit of each code, as a two-place decimal
 * string. Charges on a claim are what the practice bills, not what the payer allows.
 */
export type ChargeSchedule = Map<string, string>;

const CODE = /^[A-Z0-9]{5}$/;

/**
 * Parses a practice fee schedule in csv: `code,amount` per line (a `code,amount` header
 * line is allowed; blank lines are skipped). Errors name the source and the line, and
 * say what was expected. The caller reads the file (the CLI's `--charges`).
 */
export function parseChargeSchedule(text: string, source: string): ChargeSchedule {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as never;
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines;
      throw new InputError(
        [
          {
            path: at ? `line ${at}` : "csv",
            message: `malformed csv: ${error.message.replace(/ at line \d+/, "")}`,
          },
        ],
        source,
      );
    }
    throw error;
  }
  const schedule: ChargeSchedule = new Map();
  const seenOn = new Map<string, number>();
  records.forEach(({ record, info }, index) => {
    const line = info.lines;
    const cells = record.map((c) => c.trim());
    if (cells.every((c) => c === "")) return;
    if (index === 0 && cells[0]?.toLowerCase() === "code") return;
    const fail = (message: string): never => {
      throw new InputError([{ path: `line ${line}`, message }], source);
    };
    if (cells.length !== 2) fail(`expected 2 columns (code,amount), got ${cells.length}`);
    const [code = "", amount = ""] = cells;
    const normalised = code.toUpperCase();
    if (!CODE.test(normalised)) fail(`expected a 5-character CPT or HCPCS code such as 97110, got "${code}"`);
    if (!isMoney(amount) || amount.startsWith("-")) {
      fail(`expected an amount such as "45.00" for ${normalised}, got "${amount}"`);
    }
    const earlier = seenOn.get(normalised);
    if (earlier !== undefined)
      fail(`${normalised} is listed twice (first on line ${earlier}); keep one charge per code`);
    seenOn.set(normalised, line);
    schedule.set(normalised, formatCents(parseCents(amount)));
  });
  return schedule;
}

/**
 * The charge for one unit of `code`: the visit's per-code unit charge, else the practice
 * fee schedule's. A recoded line (97014 → G0283) also finds the charge under the code the
 * clinician documented.
 */
export function unitCharge(
  codes: readonly string[],
  visitCharges: Readonly<Record<string, string>> | undefined,
  schedule: ChargeSchedule | undefined,
): { cents: Cents; from: "visit" | "fee schedule" } | undefined {
  for (const code of codes) {
    const fromVisit = visitCharges?.[code];
    if (fromVisit !== undefined) return { cents: parseCents(fromVisit), from: "visit" };
  }
  for (const code of codes) {
    const fromSchedule = schedule?.get(code);
    if (fromSchedule !== undefined) return { cents: parseCents(fromSchedule), from: "fee schedule" };
  }
  return undefined;
}
