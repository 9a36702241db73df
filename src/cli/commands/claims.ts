import fs from "node:fs";
import path from "node:path";
import { type Command, Option } from "commander";
import type { Claim } from "../../model/claim.js";
import { isIsoDate, today } from "../../model/dates.js";
import type { Finding } from "../../model/finding.js";
import { isMoney } from "../../model/money.js";
import { InputError } from "../../model/validate.js";
import { checkDocument, codeDocument, priceDocument, scrubDocument } from "../../pipeline/input.js";
import { type PipelineOptions, scrubOne } from "../../pipeline/pipeline.js";
import { scrub837 } from "../../pipeline/scrub837.js";
import { writeFileAtomic } from "../../reference/file-store.js";
import { openReference } from "../../reference/open.js";
import { fixClaim } from "../../rules/index.js";
import { type InputItem, loadChargeSchedule, readJsonInputs } from "../input.js";
import { EXIT, type Format, resolveFormat, setExitStatus, useColor } from "../output.js";
import { loadPayerProfiles, withFeeTable } from "../profiles.js";
import { claimHeading, claimReport, renderEstimate, renderFindings } from "../render.js";

/** Flags shared by check, code, scrub and price (contract §5, common flags). */
export interface CommonFlags {
  format?: string;
  year?: string;
  locality?: string;
  zip?: string;
  deductibleRemaining?: string;
  payerProfile?: string;
  payerProfiles?: string;
  asOf?: string;
  apm?: boolean;
  charges?: string;
  fix?: string;
  claimsOut?: string;
}

export function addCommonFlags(cmd: Command): Command {
  return cmd
    .option("--format <format>", "json or text (default: text on a terminal, json otherwise)")
    .option("--year <year>", "price as of this fee schedule year")
    .option("--locality <MAC-LL>", 'pricing locality, e.g. 09102-04, or "national"')
    .option("--zip <zip>", "derive the pricing locality from this ZIP code")
    .option("--deductible-remaining <amount>", "Part B deductible still unmet, e.g. 120.00")
    .option("--payer-profile <file>", "payer profile (JSON or YAML) for the payers its appliesTo names")
    .option(
      "--payer-profiles <dir>",
      "a directory of payer profiles: each claim takes the one naming its payer",
    )
    .option("--as-of <date>", "judge timely filing as of this date (default today)")
    .addOption(new Option("--apm", "price with the qualifying APM conversion factor"))
    .option("--charges <file>", "practice fee schedule csv (code,amount) for visits without charges");
}

/** Turns the flags into pipeline options, validating each one (exit 2 on a bad value). */
export async function pipelineOptions(flags: CommonFlags): Promise<PipelineOptions> {
  const bad = (flag: string, message: string) => new InputError([{ path: flag, message }]);
  if (flags.year !== undefined && !/^20\d\d$/.test(flags.year))
    throw bad("--year", `expected a year such as 2026, got "${flags.year}"`);
  if (flags.asOf !== undefined && !isIsoDate(flags.asOf))
    throw bad("--as-of", `expected a date as YYYY-MM-DD, got "${flags.asOf}"`);
  if (flags.deductibleRemaining !== undefined && !isMoney(flags.deductibleRemaining)) {
    throw bad(
      "--deductible-remaining",
      `expected an amount such as 120.00, got "${flags.deductibleRemaining}"`,
    );
  }
  const options: PipelineOptions = {
    reference: openReference(),
    asOf: flags.asOf ?? today(),
    pricing: {
      locality: flags.locality,
      zip: flags.zip,
      year: flags.year === undefined ? undefined : Number(flags.year),
      qualifyingApm: flags.apm === true,
      deductibleRemaining: flags.deductibleRemaining,
    },
  };
  if (flags.payerProfile || flags.payerProfiles) {
    const loaded = loadPayerProfiles({ file: flags.payerProfile, dir: flags.payerProfiles });
    // Fee tables are read here, beside their profiles: the pipeline takes them as data.
    options.profiles = loaded.profiles.map(withFeeTable);
    for (const warning of loaded.warnings) process.stderr.write(`cleanclaim: warning: ${warning}\n`);
  }
  if (flags.charges) {
    options.chargeSchedule = loadChargeSchedule(flags.charges);
  }
  return options;
}

interface ItemOutcome {
  output: unknown;
  findings: Finding[];
  text: string[];
  fixed?: Claim;
  /** The claim as coded, for `--claims-out` (absent when there is nothing to bill). */
  claim?: Claim;
}

/** Files written after a batch: `--fix` (fixed claims) and `--claims-out` (claims as coded). */
interface Outputs {
  fix?: string | undefined;
  claimsOut?: string | undefined;
}

/**
 * Runs `handle` on each input item. A single bad document is unusable input (exit 2,
 * no output); in a batch, a bad item is reported in place and the rest go on.
 */
function runItems(
  items: InputItem[],
  batch: boolean,
  format: Format,
  handle: (item: InputItem) => ItemOutcome,
  files: Outputs = {},
): void {
  const outputs: unknown[] = [];
  const texts: string[] = [];
  const fixed: Claim[] = [];
  const coded: Claim[] = [];
  let status: number = EXIT.clean;
  for (const item of items) {
    try {
      if (item.error) throw item.error;
      const outcome = handle(item);
      outputs.push(outcome.output);
      for (const line of outcome.text) texts.push(line); // no spread: a claim's text can be huge
      texts.push("");
      if (outcome.fixed) fixed.push(outcome.fixed);
      if (outcome.claim) coded.push(outcome.claim);
      if (outcome.findings.some((f) => f.severity === "error")) status = Math.max(status, EXIT.findings);
    } catch (error) {
      if (!batch || !(error instanceof InputError)) throw error;
      status = EXIT.input;
      outputs.push({ source: item.source, error: error.message, issues: error.issues });
      const message = error.message.startsWith(`${item.source}: `)
        ? error.message.slice(item.source.length + 2)
        : error.message;
      texts.push(`${item.source}: unusable input: ${message}`, "");
    }
  }
  // One visit with nothing to bill has no claim to fix: no file, rather than a file saying "undefined".
  const fixedOutput = batch ? fixed : fixed[0];
  if (files.fix && fixedOutput) writeFileAtomic(files.fix, `${JSON.stringify(fixedOutput, null, 2)}\n`);
  // The claims ready for `x12 837`, `scrub` and `price`: always an array, so a batch and a
  // single visit read the same way. A visit with nothing to bill has no claim to send.
  if (files.claimsOut) writeFileAtomic(files.claimsOut, `${JSON.stringify(coded, null, 2)}\n`);
  if (format === "json") process.stdout.write(`${JSON.stringify(batch ? outputs : outputs[0], null, 2)}\n`);
  else process.stdout.write(`${texts.join("\n")}`);
  setExitStatus(status);
}

/**
 * The shared shape of check, code, scrub and price: flags to options, the input file(s) to
 * items, each item through `handle`, then one output and one exit status.
 */
async function runBatch(
  target: string,
  flags: CommonFlags,
  handle: (item: InputItem, options: PipelineOptions, color: boolean) => ItemOutcome,
): Promise<void> {
  const format = resolveFormat(flags.format);
  const options = await pipelineOptions(flags);
  const color = useColor();
  const { items, batch } = readJsonInputs(target);
  runItems(items, batch, format, (item) => handle(item, options, color), {
    fix: flags.fix,
    claimsOut: flags.claimsOut,
  });
}

const fixOption = [
  "--fix <out.json>",
  "write the claim(s) with every safe fix applied (re-scrubbed until no fix is left)",
] as const;
const claimsOutOption = [
  "--claims-out <claims.json>",
  "write the coded claims (an array) for x12 837, scrub or price",
] as const;

export function registerClaimCommands(program: Command): void {
  addCommonFlags(
    program
      .command("check")
      .description("code, scrub and price visits in one step (the main job)")
      .argument("<visits>", "a visit JSON file, an array of visits, or a directory of them")
      .option(...fixOption)
      .option(...claimsOutOption),
  ).action((target: string, flags: CommonFlags) =>
    runBatch(target, flags, (item, options, color) => {
      const result = checkDocument(item.value, item.source, options);
      const findings = result.findings;
      const billable = result.claim.lines.length > 0;
      return {
        output: { claim: result.claim, findings, estimate: result.estimate },
        findings,
        text: [
          ...claimReport(result.claim, findings, color),
          ...(result.estimate ? renderEstimate(result.estimate, color) : ["  estimate  nothing to price"]),
        ],
        ...(billable
          ? { fixed: fixClaim(result.claim, findings, (c) => scrubOne(c, options)), claim: result.claim }
          : {}),
      };
    }),
  );

  addCommonFlags(
    program
      .command("code")
      .description("choose units, modifiers and pointers from the documentation")
      .argument("<visits>", "a visit JSON file, an array of visits, or a directory of them")
      .option(...claimsOutOption),
  ).action((target: string, flags: CommonFlags) =>
    runBatch(target, flags, (item, options, color) => {
      const result = codeDocument(item.value, item.source, options);
      const findings = result.findings;
      return {
        output: { claim: result.claim, findings },
        findings,
        text: claimReport(result.claim, findings, color),
        ...(result.claim.lines.length > 0 ? { claim: result.claim } : {}),
      };
    }),
  );

  addCommonFlags(
    program
      .command("scrub")
      .description("scrub claims against NCCI, MUE and payer rules")
      .argument(
        "<claims>",
        "a claim JSON file (or check/code output), an array of them, a directory of them, or an 837P file",
      )
      .option(...fixOption),
  ).action(async (target: string, flags: CommonFlags) => {
    if (isX12File(target)) {
      const format = resolveFormat(flags.format);
      scrubX12File(target, await pipelineOptions(flags), format, useColor(), flags.fix);
      return;
    }
    await runBatch(target, flags, (item, options, color) => {
      const { claim, findings } = scrubDocument(item.value, item.source, options);
      return {
        output: { claimId: claim.id, findings },
        findings,
        text: claimReport(claim, findings, color),
        fixed: fixClaim(claim, findings, (c) => scrubOne(c, options)),
      };
    });
  });

  addCommonFlags(
    program
      .command("price")
      .description("price claims on the Medicare Physician Fee Schedule (or the payer profile)")
      .argument(
        "<claims>",
        "a claim JSON file (or check/code output), an array of them, or a directory of them",
      ),
  ).action((target: string, flags: CommonFlags) =>
    runBatch(target, flags, (item, options, color) => {
      const { claim, estimate, warnings } = priceDocument(item.value, item.source, options);
      return {
        output: estimate,
        // An estimate with no amounts carries its error (exit 1).
        findings: [...warnings, ...(estimate.findings ?? [])],
        text: [
          claimHeading(claim, color),
          ...renderEstimate(estimate, color),
          ...estimate.trace.map((t) => `    ${t}`),
        ],
      };
    }),
  );
}

/** An X12 file starts with ISA (after optional whitespace or a byte-order mark). */
export function isX12File(file: string): boolean {
  let fd: number | undefined;
  try {
    if (!fs.statSync(file).isFile()) return false;
    fd = fs.openSync(file, "r");
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    return /^\uFEFF?\s*ISA/.test(head.subarray(0, n).toString("latin1"));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * `cleanclaim scrub file.837`: the core's `scrub837` judges the file; this adapter reads
 * the bytes, renders the result and writes `--fix`.
 */
function scrubX12File(
  file: string,
  options: PipelineOptions,
  format: Format,
  color: boolean,
  fixPath?: string,
): void {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new InputError(
      [
        {
          path: "(file)",
          message: `cannot read the 837P file (${(error as NodeJS.ErrnoException).code ?? error})`,
        },
      ],
      file,
    );
  }
  const name = path.basename(file);
  const result = scrub837(bytes, name, options);
  const text: string[] = [];
  // One line at a time: a file can carry hundreds of thousands of findings (a spread overflows the stack).
  const add = (lines: readonly string[]) => {
    for (const line of lines) text.push(line);
    text.push("");
  };
  if (result.fileFindings.length) {
    text.push(`${name} (interchange)`);
    add(renderFindings(result.fileFindings, undefined, color));
  }
  for (const c of result.claims)
    add(claimReport(c.claim, c.findings, color, `  (CLM segment ${c.position.segment})`));
  if (fixPath) writeFileAtomic(fixPath, `${JSON.stringify(result.fixed, null, 2)}\n`);
  if (format === "json") process.stdout.write(`${JSON.stringify(result.entries, null, 2)}\n`);
  else process.stdout.write(text.join("\n"));
  const anyError = result.entries.some((e) => e.findings.some((f) => f.severity === "error"));
  setExitStatus(anyError ? EXIT.findings : EXIT.clean);
}
