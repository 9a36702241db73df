import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import type { Claim } from "../../model/claim.js";
import { today } from "../../model/dates.js";
import { hasErrors } from "../../model/finding.js";
import { InputError, parseInput } from "../../model/validate.js";
import { parseClaimInput } from "../../pipeline/input.js";
import { writeFileAtomic } from "../../reference/file-store.js";
import { cleanclaimHome } from "../../reference/home.js";
import { openReference } from "../../reference/open.js";
import { envelopeSettingsSchema } from "../../remit/corrected.js";
import { claimIssuesFor837, type Envelope837, parseX12, write276, write837 } from "../../x12/index.js";
import { readJsonFile, readJsonInputs } from "../input.js";
import { EXIT, paint, resolveFormat, setExitStatus, useColor } from "../output.js";
import { renderFindings } from "../render.js";

interface EnvelopeFlags {
  envelope?: string;
  submitterName?: string;
  submitterId?: string;
  contact?: string;
  phone?: string;
  receiverName?: string;
  receiverId?: string;
  senderId?: string;
  interchangeReceiverId?: string;
  controlNumber?: string;
  usage?: string;
  out?: string;
}

/**
 * The next interchange control number, kept in CLEANCLAIM_HOME so that files written
 * one after another never reuse ISA13 (payers reject duplicate interchanges).
 */
function nextControlNumber(): number {
  const dir = path.join(cleanclaimHome(), "x12");
  const file = path.join(dir, "last-control-number");
  fs.mkdirSync(dir, { recursive: true });
  const last = fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").trim()) : 0;
  const next = Number.isInteger(last) && last > 0 && last < 999_999_999 ? last + 1 : 1;
  writeFileAtomic(file, `${next}\n`);
  return next;
}

/** Envelope settings: the --envelope file, then flags on top; what is still missing is named. */
function envelopeFrom(flags: EnvelopeFlags): Envelope837 {
  let settings: Record<string, unknown> = {};
  if (flags.envelope) {
    const raw = readJsonFile(flags.envelope, "envelope settings file");
    const parsed = parseInput(envelopeSettingsSchema, raw, { source: flags.envelope });
    if (parsed.unknownFields.length) {
      throw new InputError(
        parsed.unknownFields.map((p) => ({ path: p, message: "not an envelope setting" })),
        flags.envelope,
      );
    }
    settings = parsed.value as Record<string, unknown>;
  }
  const submitter = { ...((settings.submitter as object | undefined) ?? {}) } as Record<string, string>;
  if (flags.submitterName) submitter.name = flags.submitterName;
  if (flags.submitterId) submitter.id = flags.submitterId;
  if (flags.contact) submitter.contactName = flags.contact;
  if (flags.phone) submitter.phone = flags.phone;
  const receiver = { ...((settings.receiver as object | undefined) ?? {}) } as Record<string, string>;
  if (flags.receiverName) receiver.name = flags.receiverName;
  if (flags.receiverId) receiver.id = flags.receiverId;
  const missing: string[] = [];
  if (!submitter.name) missing.push("submitter name (--submitter-name or envelope submitter.name)");
  if (!submitter.id) missing.push("submitter id (--submitter-id or envelope submitter.id)");
  if (!submitter.contactName) missing.push("submitter contact (--contact or envelope submitter.contactName)");
  if (!receiver.name) missing.push("receiver name (--receiver-name or envelope receiver.name)");
  if (!receiver.id) missing.push("receiver id (--receiver-id or envelope receiver.id)");
  if (missing.length) {
    throw new InputError(missing.map((m) => ({ path: "envelope", message: `missing the ${m}` })));
  }
  if (flags.usage && flags.usage !== "T" && flags.usage !== "P") {
    throw new InputError([
      { path: "--usage", message: `expected T (test) or P (production), got "${flags.usage}"` },
    ]);
  }
  let controlNumber = settings.controlNumber as number | undefined;
  if (flags.controlNumber !== undefined) {
    if (!/^\d{1,9}$/.test(flags.controlNumber)) {
      throw new InputError([
        { path: "--control-number", message: `expected 1 to 9 digits, got "${flags.controlNumber}"` },
      ]);
    }
    controlNumber = Number(flags.controlNumber);
  }
  const now = new Date();
  const envelope: Record<string, unknown> = {
    ...settings,
    submitter,
    receiver,
    senderId: flags.senderId ?? (settings.senderId as string | undefined) ?? submitter.id,
    receiverId: flags.interchangeReceiverId ?? (settings.receiverId as string | undefined) ?? receiver.id,
    controlNumber: controlNumber ?? nextControlNumber(),
    date: (settings.date as string | undefined) ?? now.toISOString().slice(0, 10),
    time: (settings.time as string | undefined) ?? now.toISOString().slice(11, 16),
    usageIndicator:
      (flags.usage as "T" | "P" | undefined) ?? (settings.usageIndicator as "T" | "P" | undefined) ?? "P",
  };
  return envelope as unknown as Envelope837;
}

export function x12Command(): Command {
  const x12 = new Command("x12").description(
    "read and write X12: 837P claims, 835 remittances, 999 and 277CA acknowledgments, 276/277 claim status",
  );

  x12
    .command("837")
    .description("write claims as one 005010X222A1 interchange (grouped by billing provider and payer)")
    .argument(
      "<claims>",
      "a claim JSON file (or check/code output), an array of them, or a directory of them",
    )
    .option("--envelope <file>", "envelope settings JSON: submitter, receiver, ids, control number, usage")
    .option("--submitter-name <name>", "loop 1000A submitter name")
    .option("--submitter-id <id>", "loop 1000A submitter id (also ISA06 unless --sender-id)")
    .option("--contact <name>", "loop 1000A submitter contact name")
    .option("--phone <digits>", "loop 1000A submitter contact phone")
    .option("--receiver-name <name>", "loop 1000B receiver name")
    .option("--receiver-id <id>", "loop 1000B receiver id (also ISA08 unless --interchange-receiver-id)")
    .option("--sender-id <id>", "ISA06 interchange sender id")
    .option("--interchange-receiver-id <id>", "ISA08 interchange receiver id")
    .option("--control-number <n>", "ISA13 (default: the next number kept in CLEANCLAIM_HOME)")
    .option("--usage <T|P>", "ISA15 usage indicator: T test or P production (default P)")
    .option("--out <file.837>", "write to this file (atomically) instead of stdout")
    .action((target: string, flags: EnvelopeFlags) => {
      const { items } = readJsonInputs(target);
      const claims: Claim[] = [];
      const issues = [];
      for (const item of items) {
        // Nothing partial is written: an unreadable file in a directory stops the interchange.
        if (item.error) throw item.error;
        const { claim } = parseClaimInput(item.value, item.source);
        // Checked before anything is written: a claim the 837P cannot carry is named by its path.
        for (const issue of claimIssuesFor837(claim, `${item.source} $`)) issues.push(issue);
        claims.push(claim);
      }
      if (issues.length) throw new InputError(issues, target);
      const text = write837(claims, envelopeFrom(flags));
      if (flags.out) writeFileAtomic(flags.out, text);
      else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      setExitStatus(EXIT.clean);
    });

  x12
    .command("276")
    .description(
      "write a 005010X212 claim status request for claims already sent (one 2000D level per claim)",
    )
    .argument(
      "<claims>",
      "a claim JSON file (or check/code output), an array of them, or a directory of them",
    )
    .option("--envelope <file>", "envelope settings JSON: submitter, receiver, ids, control number, usage")
    .option("--submitter-name <name>", "loop 2100B information receiver name (the submitter)")
    .option("--submitter-id <id>", "loop 2100B information receiver id (also ISA06 unless --sender-id)")
    .option("--contact <name>", "submitter contact name (kept for the envelope settings)")
    .option("--phone <digits>", "submitter contact phone")
    .option("--receiver-name <name>", "receiver name (the clearinghouse or payer)")
    .option("--receiver-id <id>", "receiver id (also ISA08 unless --interchange-receiver-id)")
    .option("--sender-id <id>", "ISA06 interchange sender id")
    .option("--interchange-receiver-id <id>", "ISA08 interchange receiver id")
    .option("--control-number <n>", "ISA13 (default: the next number kept in CLEANCLAIM_HOME)")
    .option("--usage <T|P>", "ISA15 usage indicator: T test or P production (default P)")
    .option("--out <file.276>", "write to this file (atomically) instead of stdout")
    .action((target: string, flags: EnvelopeFlags) => {
      const { items } = readJsonInputs(target);
      const claims: Claim[] = [];
      const sources: string[] = [];
      for (const item of items) {
        if (item.error) throw item.error;
        claims.push(parseClaimInput(item.value, item.source).claim);
        sources.push(item.source);
      }
      const text = write276(claims, envelopeFrom(flags), sources);
      if (flags.out) writeFileAtomic(flags.out, text);
      else process.stdout.write(text);
      setExitStatus(EXIT.clean);
    });

  x12
    .command("parse")
    .description(
      "read an 837P (claims with source positions), an 835 (remittances), a 999 or 277CA (acknowledgments), a 277 (claim status) or a 276, and validate it",
    )
    .argument("<file>", "an X12 file")
    .option("--format <format>", "json or text")
    .action((file: string, opts: { format?: string }) => {
      const format = resolveFormat(opts.format);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        throw new InputError([
          { path: file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})` },
        ]);
      }
      const doc = parseX12(bytes, { reference: openReference(), asOf: today(), source: path.basename(file) });
      if (doc.kind === "unknown") {
        const first = doc.findings[0];
        throw new InputError(
          [
            {
              path: first?.location ?? "ISA",
              message: first?.message ?? "expected an X12 837P, 835, 999, 277CA, 277 or 276 interchange",
            },
          ],
          file,
        );
      }
      if (format === "json") process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      else {
        const color = useColor();
        const count =
          doc.kind === "837P"
            ? `${doc.claims.length} claim(s)`
            : doc.kind === "835"
              ? `${doc.remittances.length} remittance(s)`
              : doc.kind === "999"
                ? `${doc.acknowledgments.length} acknowledgment(s) of ${doc.acknowledgments.reduce((n, a) => n + a.sets.length, 0)} transaction set(s)`
                : doc.kind === "276"
                  ? "claim status request"
                  : `${doc.reports.reduce((n, r) => n + r.claims.length, 0)} claim status(es)`;
        process.stdout.write(`${paint.bold(`${path.basename(file)}: ${doc.kind}, ${count}`, color)}\n`);
        process.stdout.write(`${renderFindings(doc.findings, undefined, color).join("\n")}\n`);
      }
      setExitStatus(hasErrors(doc.findings) ? EXIT.findings : EXIT.clean);
    });

  return x12;
}
