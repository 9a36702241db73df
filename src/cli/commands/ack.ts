import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { type AckDocument, buildAckReport, renderAckText, type SentClaims } from "../../ack/index.js";
import { isIsoDate, today } from "../../model/dates.js";
import { InputError } from "../../model/validate.js";
import { parseClaimInput } from "../../pipeline/input.js";
import { openReference } from "../../reference/open.js";
import { detectX12Kind, map837, parse277, parse837, parse999 } from "../../x12/index.js";
import { readJsonInputs } from "../input.js";
import { EXIT, paint, resolveFormat, setExitStatus, useColor } from "../output.js";
import { loadPayerProfiles } from "../profiles.js";
import { isX12File } from "./claims.js";

interface AckFlags {
  claims?: string;
  format?: string;
  asOf?: string;
  payerProfile?: string;
  payerProfiles?: string;
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

/** The 999, 277CA or 277, read; unusable (exit 2) when it is none of them or holds no acknowledgment. */
function readAcknowledgment(file: string): AckDocument {
  const bytes = readBytes(file, "acknowledgment file");
  const kind = detectX12Kind(bytes);
  const expected = "expected a 999 (005010X231A1), a 277CA (005010X214) or a 277 (005010X212)";
  let doc: AckDocument;
  if (kind === "999") doc = { kind, ...parse999(bytes) };
  else if (kind === "277CA" || kind === "277") doc = { kind, ...parse277(bytes) };
  else
    throw new InputError(
      [{ path: "ST01", message: `${expected}; this file holds ${kind ?? "no X12 transaction set"}` }],
      file,
    );
  const empty = doc.kind === "999" ? doc.acknowledgments.length === 0 : doc.reports.length === 0;
  if (empty) {
    const first = doc.findings.find((f) => f.severity === "error");
    throw new InputError(
      [
        {
          path: first?.location ?? "ST",
          message: `${expected} with at least one transaction set${first ? `: ${first.message}` : ""}`,
        },
      ],
      file,
    );
  }
  return doc;
}

/** The claims as sent: the 837P itself (mapped segment by segment, for a 999), or claims JSON. */
function readSent(target: string): SentClaims {
  if (isX12File(target)) {
    const bytes = readBytes(target, "837P file");
    const parsed = parse837(bytes, { source: path.basename(target) });
    if (parsed.claims.length === 0) {
      throw new InputError([{ path: "CLM", message: "expected an 837P with at least one claim" }], target);
    }
    return {
      claims: parsed.claims.map((c) => ({ claim: c.claim, source: path.basename(target) })),
      segmentMaps: map837(bytes),
    };
  }
  const { items } = readJsonInputs(target);
  return {
    claims: items.map((item) => {
      if (item.error) throw item.error;
      return { claim: parseClaimInput(item.value, item.source).claim, source: item.source };
    }),
  };
}

/** `cleanclaim ack <file>`: each claim of a 999 or 277CA accepted, rejected or pended, explained (docs/acknowledgments.md). */
export function ackCommand(): Command {
  return new Command("ack")
    .description(
      "read a 999 or 277CA acknowledgment (or a 277 status): each claim accepted, rejected or pended, why, the rule, the fix, and whether to send a new claim",
    )
    .argument("<file>", "a 999, 277CA or 277 file")
    .option(
      "--claims <file>",
      "the claims as sent: the 837P (ties 999 errors to claims and lines) or claims JSON",
    )
    .option("--format <format>", "json or text (default: text on a terminal, json otherwise)")
    .option("--as-of <date>", "count the filing time left from this date (default today)")
    .option("--payer-profile <file>", "payer profile (JSON or YAML): its timelyFilingDays sets the deadline")
    .option("--payer-profiles <dir>", "a directory of payer profiles")
    .action((file: string, flags: AckFlags) => {
      const format = resolveFormat(flags.format);
      if (flags.asOf !== undefined && !isIsoDate(flags.asOf)) {
        throw new InputError([
          { path: "--as-of", message: `expected a date as YYYY-MM-DD, got "${flags.asOf}"` },
        ]);
      }
      const doc = readAcknowledgment(file);
      const sent = flags.claims ? readSent(flags.claims) : undefined;
      const profiles =
        flags.payerProfile || flags.payerProfiles
          ? loadPayerProfiles({ file: flags.payerProfile, dir: flags.payerProfiles }).profiles
          : undefined;
      const report = buildAckReport(doc, sent, {
        asOf: flags.asOf ?? today(),
        reference: openReference(),
        ...(profiles ? { profiles } : {}),
      });
      if (format === "json") process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const on = useColor();
        process.stdout.write(
          renderAckText(report, {
            bold: (s) => paint.bold(s, on),
            dim: (s) => paint.dim(s, on),
            red: (s) => paint.red(s, on),
            yellow: (s) => paint.yellow(s, on),
          }),
        );
      }
      const refused = report.summary.rejected + report.summary.notFound;
      setExitStatus(refused > 0 ? EXIT.findings : EXIT.clean);
    });
}
