import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import type { Claim } from "../../model/claim.js";
import { InputError, parseInput } from "../../model/validate.js";
import { parseClaimInput } from "../../pipeline/input.js";
import { writeFileAtomic } from "../../reference/file-store.js";
import { envelopeSettingsSchema } from "../../remit/corrected.js";
import {
  buildWorklist,
  type EnvelopeSettings,
  renderWorklistText,
  type Worklist,
} from "../../remit/index.js";
import { detectX12Kind, parse835, parse837 } from "../../x12/index.js";
import { readJsonFile, readJsonInputs } from "../input.js";
import { EXIT, paint, resolveFormat, setExitStatus, useColor } from "../output.js";
import { addCommonFlags, type CommonFlags, isX12File, pipelineOptions } from "./claims.js";

interface RemitFlags extends CommonFlags {
  claims?: string;
  correctedDir?: string;
  envelope?: string;
}

function readBytes(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new InputError([
      { path: file, message: `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? error})` },
    ]);
  }
}

/** The 835, read; unusable (exit 2) when it is not an 835 or yields no remittance at all. */
function readRemittance(file: string) {
  const bytes = readBytes(file, "835 file");
  const kind = detectX12Kind(bytes);
  if (kind === "837P") {
    throw new InputError(
      [{ path: "ST01", message: "expected an 835 remittance (005010X221A1); this file holds 837P claims" }],
      file,
    );
  }
  const parsed = parse835(bytes);
  if (parsed.remittances.length === 0) {
    const first = parsed.findings.find((f) => f.severity === "error");
    throw new InputError(
      [
        {
          path: first?.location ?? "ST",
          message: `expected an 835 remittance (005010X221A1) with at least one transaction set${first ? `: ${first.message}` : ""}`,
        },
      ],
      file,
    );
  }
  return parsed;
}

/** The claims as sent: a claims JSON (file, array or directory), or the 837P itself. */
function readSubmittedClaims(
  target: string,
  options: Awaited<ReturnType<typeof pipelineOptions>>,
): {
  claims: Claim[];
  notes: string[];
} {
  if (isX12File(target)) {
    const parsed = parse837(readBytes(target, "837P file"), {
      reference: options.reference,
      asOf: options.asOf,
      source: path.basename(target),
    });
    if (parsed.claims.length === 0) {
      throw new InputError([{ path: "CLM", message: "expected an 837P with at least one claim" }], target);
    }
    return { claims: parsed.claims.map((c) => c.claim), notes: [] };
  }
  const { items } = readJsonInputs(target);
  const notes: string[] = [];
  const claims = items.map((item) => {
    if (item.error) throw item.error;
    const parsed = parseClaimInput(item.value, item.source);
    for (const w of parsed.warnings) notes.push(`${item.source} ${w.message}`);
    return parsed.claim;
  });
  return { claims, notes };
}

function readEnvelope(file: string): EnvelopeSettings {
  const value = readJsonFile(file, "envelope settings file");
  // JSON has no undefined, so the parsed settings fit the exact optional fields.
  return parseInput(envelopeSettingsSchema, value, { source: file }).value as EnvelopeSettings;
}

const safeName = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, "_");

/**
 * Writes every corrected claim (JSON, and the 837P when there is one) into `dir`, all or
 * nothing: the files are staged first, and only when every one is written do they move
 * into place. A new directory appears whole by one rename.
 */
export function writeCorrectedClaims(dir: string, worklist: Worklist): void {
  const files: Array<{ name: string; data: string }> = [];
  const used = new Set<string>();
  for (const c of worklist.correctedClaims) {
    let base = `${safeName(c.claimId)}-${c.frequency}`;
    for (let n = 2; used.has(base); n++) base = `${safeName(c.claimId)}-${c.frequency}-${n}`;
    used.add(base);
    const entry: { json: string; x12?: string } = { json: `${base}.json` };
    files.push({ name: entry.json, data: `${JSON.stringify(c.claim, null, 2)}\n` });
    if (c.x12 !== undefined) {
      entry.x12 = `${base}.837`;
      files.push({ name: entry.x12, data: c.x12 });
    }
    c.files = entry;
  }
  if (files.length === 0) return;
  const exists = fs.existsSync(dir);
  if (exists && !fs.statSync(dir).isDirectory()) {
    throw new InputError([
      { path: "--corrected-dir", message: `expected a directory, and ${dir} is a file` },
    ]);
  }
  const staging = exists
    ? path.join(dir, `.cleanclaim-staging-${process.pid}-${randomBytes(4).toString("hex")}`)
    : `${dir.replace(/[/\\]+$/, "")}.staging-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.mkdirSync(staging, { recursive: true });
    for (const f of files) writeFileAtomic(path.join(staging, f.name), f.data);
    // A rename onto a directory fails: find that out before the first file moves.
    for (const f of files) {
      const target = path.join(dir, f.name);
      if (exists && fs.existsSync(target) && !fs.statSync(target).isFile()) {
        throw new InputError([
          { path: "--corrected-dir", message: `${target} is in the way (not a file); nothing was written` },
        ]);
      }
    }
    if (!exists) {
      fs.renameSync(staging, dir);
      return;
    }
    for (const f of files) fs.renameSync(path.join(staging, f.name), path.join(dir, f.name));
    fs.rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError([
      {
        path: "--corrected-dir",
        message: `cannot write the corrected claims into ${dir} (${code}); nothing was written`,
      },
    ]);
  }
}

/** `cleanclaim remit <file.835>`: the denial worklist (docs/remit.md). */
export function remitCommand(): Command {
  return addCommonFlags(
    new Command("remit")
      .description(
        "read an 835 remittance: explain each denial, name its rule, fix it, and find underpayments",
      )
      .argument("<file.835>", "an 835 (005010X221A1) remittance")
      .option("--claims <file>", "the claims as sent: a claims JSON (file, array or directory) or the 837P")
      .option("--corrected-dir <dir>", "write the corrected claims (JSON and 837P) into this directory")
      .option(
        "--envelope <file>",
        "837P envelope settings for corrected claims (JSON; the submitter at least)",
      ),
  ).action(async (file: string, flags: RemitFlags) => {
    const format = resolveFormat(flags.format);
    const options = await pipelineOptions(flags);
    const remittance = readRemittance(file);
    const submitted = flags.claims ? readSubmittedClaims(flags.claims, options) : undefined;
    const envelope = flags.envelope ? readEnvelope(flags.envelope) : undefined;
    const worklist = buildWorklist(remittance, submitted?.claims, {
      ...options,
      ...(envelope ? { envelope } : {}),
    });
    worklist.notes.push(...(submitted?.notes ?? []));
    if (flags.correctedDir) writeCorrectedClaims(flags.correctedDir, worklist);
    else if (worklist.correctedClaims.length > 0) {
      worklist.notes.push(
        "corrected claims are in this output only: give --corrected-dir DIR to write them as files",
      );
    }
    if (format === "json") process.stdout.write(`${JSON.stringify(worklist, null, 2)}\n`);
    else {
      const on = useColor();
      process.stdout.write(
        renderWorklistText(worklist, {
          bold: (s) => paint.bold(s, on),
          dim: (s) => paint.dim(s, on),
          red: (s) => paint.red(s, on),
          yellow: (s) => paint.yellow(s, on),
        }),
      );
    }
    const work = worklist.items.length + worklist.underpayments.length;
    setExitStatus(work > 0 ? EXIT.findings : EXIT.clean);
  });
}
