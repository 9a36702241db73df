import fs from "node:fs";
import { type Command, Option } from "commander";
import { loadChargeSchedule } from "../../coding/index.js";
import { type Claim, claimSchema } from "../../model/claim.js";
import { isIsoDate, today } from "../../model/dates.js";
import type { Finding } from "../../model/finding.js";
import { isMoney } from "../../model/money.js";
import { InputError, parseInput } from "../../model/validate.js";
import { type Visit, visitSchema } from "../../model/visit.js";
import { loadPayerProfiles } from "../../payers/load.js";
import { checkOne, codeOne, type PipelineOptions, priceOne, scrubOne } from "../../pipeline/pipeline.js";
import { writeFileAtomic } from "../../reference/file-store.js";
import { openReference } from "../../reference/open.js";
import { fixClaim } from "../../rules/index.js";
import { type InputItem, readJsonInputs } from "../input.js";
import { EXIT, type Format, resolveFormat, setExitStatus, useColor } from "../output.js";
import { claimHeading, claimReport, renderEstimate } from "../render.js";
import { scrubX12File } from "../x12-input.js";

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
    options.profiles = loaded.profiles;
    for (const warning of loaded.warnings) process.stderr.write(`cleanclaim: warning: ${warning}\n`);
  }
  if (flags.charges) options.chargeSchedule = await loadChargeSchedule(flags.charges);
  return options;
}

/** Unknown input fields are dropped and reported as warnings naming their path (contract conventions). */
function unknownFieldFindings(paths: string[], source: string): Finding[] {
  return paths.map((path) => ({
    rule: "unknown-field",
    severity: "warning" as const,
    lines: [],
    message: `${path} is not a field cleanclaim knows; it was ignored (check its spelling)`,
    reference: "cleanclaim contract §1-§2: input is validated strictly",
    location: `${source} ${path}`,
  }));
}

interface ItemOutcome {
  output: unknown;
  findings: Finding[];
  text: string[];
  fixed?: Claim;
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
  fixPath?: string,
): void {
  const outputs: unknown[] = [];
  const texts: string[] = [];
  const fixed: Claim[] = [];
  let status: number = EXIT.clean;
  for (const item of items) {
    try {
      const outcome = handle(item);
      outputs.push(outcome.output);
      texts.push(...outcome.text, "");
      if (outcome.fixed) fixed.push(outcome.fixed);
      if (outcome.findings.some((f) => f.severity === "error")) status = Math.max(status, EXIT.findings);
    } catch (error) {
      if (!batch || !(error instanceof InputError)) throw error;
      status = EXIT.input;
      outputs.push({ source: item.source, error: error.message, issues: error.issues });
      texts.push(`${item.source}: unusable input: ${error.message}`, "");
    }
  }
  if (fixPath) {
    writeFileAtomic(fixPath, `${JSON.stringify(batch ? fixed : fixed[0], null, 2)}\n`);
  }
  if (format === "json") process.stdout.write(`${JSON.stringify(batch ? outputs : outputs[0], null, 2)}\n`);
  else process.stdout.write(`${texts.join("\n")}`);
  setExitStatus(status);
}

function parseVisit(item: InputItem): { visit: Visit; warnings: Finding[] } {
  const parsed = parseInput(visitSchema, item.value, { source: item.source });
  return { visit: parsed.value, warnings: unknownFieldFindings(parsed.unknownFields, item.source) };
}

function parseClaim(item: InputItem): { claim: Claim; warnings: Finding[] } {
  const parsed = parseInput(claimSchema, item.value, { source: item.source });
  return { claim: parsed.value, warnings: unknownFieldFindings(parsed.unknownFields, item.source) };
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
  runItems(items, batch, format, (item) => handle(item, options, color), flags.fix);
}

const fixOption = [
  "--fix <out.json>",
  "write the claim(s) with every safe fix applied (re-scrubbed until no fix is left)",
] as const;

export function registerClaimCommands(program: Command): void {
  addCommonFlags(
    program
      .command("check")
      .description("code, scrub and price visits in one step (the main job)")
      .argument("<visits>", "a visit JSON file, an array of visits, or a directory of them")
      .option(...fixOption),
  ).action((target: string, flags: CommonFlags) =>
    runBatch(target, flags, (item, options, color) => {
      const { visit, warnings } = parseVisit(item);
      const result = checkOne(visit, options);
      const findings = [...warnings, ...result.findings];
      return {
        output: { claim: result.claim, findings, estimate: result.estimate },
        findings,
        text: [...claimReport(result.claim, findings, color), ...renderEstimate(result.estimate, color)],
        fixed: fixClaim(result.claim, findings, (c) => scrubOne(c, options)),
      };
    }),
  );

  addCommonFlags(
    program
      .command("code")
      .description("choose units, modifiers and pointers from the documentation")
      .argument("<visits>", "a visit JSON file, an array of visits, or a directory of them"),
  ).action((target: string, flags: CommonFlags) =>
    runBatch(target, flags, (item, options, color) => {
      const { visit, warnings } = parseVisit(item);
      const result = codeOne(visit, options);
      const findings = [...warnings, ...result.findings];
      return {
        output: { claim: result.claim, findings },
        findings,
        text: claimReport(result.claim, findings, color),
      };
    }),
  );

  addCommonFlags(
    program
      .command("scrub")
      .description("scrub claims against NCCI, MUE and payer rules")
      .argument("<claims>", "a claim JSON file, an array of claims, a directory of them, or an 837P file")
      .option(...fixOption),
  ).action(async (target: string, flags: CommonFlags) => {
    if (isX12File(target)) {
      const format = resolveFormat(flags.format);
      await scrubX12File(target, await pipelineOptions(flags), format, useColor(), flags.fix);
      return;
    }
    await runBatch(target, flags, (item, options, color) => {
      const { claim, warnings } = parseClaim(item);
      const findings = [...warnings, ...scrubOne(claim, options)];
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
      .argument("<claims>", "a claim JSON file, an array of claims, or a directory of them"),
  ).action((target: string, flags: CommonFlags) =>
    runBatch(target, flags, (item, options, color) => {
      const { claim, warnings } = parseClaim(item);
      const estimate = priceOne(claim, options);
      return {
        output: estimate,
        findings: warnings,
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
