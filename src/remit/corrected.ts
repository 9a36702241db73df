import { z } from "zod";
import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import { InputError } from "../model/validate.js";
import { type PipelineOptions, scrubOne } from "../pipeline/pipeline.js";
import { applyFixes } from "../rules/index.js";
import { type Envelope837, write837 } from "../x12/write837.js";
import type { CorrectedClaim } from "./types.js";

/**
 * What the user gives of the 837P envelope (docs/remit.md): the submitter at least,
 * since nothing in an 835 says who sends our claims or how to reach them.
 */
export type EnvelopeSettings = Partial<Omit<Envelope837, "submitter" | "receiver">> & {
  submitter?: Envelope837["submitter"];
  receiver?: Envelope837["receiver"];
};

/** The shape of an envelope settings file (`--envelope`); write837 checks the values when it writes. */
export const envelopeSettingsSchema = z.object({
  submitter: z
    .object({
      name: z.string(),
      id: z.string(),
      contactName: z.string(),
      phone: z.string().optional(),
      email: z.string().optional(),
    })
    .optional(),
  receiver: z.object({ name: z.string(), id: z.string() }).optional(),
  senderId: z.string().optional(),
  receiverId: z.string().optional(),
  senderQualifier: z.string().optional(),
  receiverQualifier: z.string().optional(),
  controlNumber: z.number().int().optional(),
  groupControlNumber: z.number().int().optional(),
  date: z.string().optional(),
  time: z.string().optional(),
  usageIndicator: z.enum(["T", "P"]).optional(),
  applicationSenderCode: z.string().optional(),
  applicationReceiverCode: z.string().optional(),
  referenceId: z.string().optional(),
  acknowledgmentRequested: z.boolean().optional(),
  lineBreaks: z.boolean().optional(),
});

/** The remit's payer, the default receiver of a corrected claim. */
export interface PayerOfRecord {
  name?: string | undefined;
  id?: string | undefined;
}

/** The envelope for a corrected claim: the user's settings, else the payer as receiver and the clock. */
export function envelopeFor(
  settings: EnvelopeSettings | undefined,
  claim: Claim,
  payer: PayerOfRecord,
  now: Date,
): Envelope837 | string {
  const submitter = settings?.submitter;
  if (!submitter) {
    return "the 837P needs the submitter (loop 1000A: name, id and a contact phone or email), which no 835 carries: give it in the envelope settings (docs/remit.md)";
  }
  const receiver = settings?.receiver ?? {
    name: (payer.name ?? claim.payer.name ?? claim.payer.id).slice(0, 60),
    id: payer.id ?? claim.payer.id,
  };
  const iso = now.toISOString();
  // ISA13 must differ between interchanges: seconds of the month keep it unique for a month of runs.
  const secondsOfMonth =
    ((now.getUTCDate() - 1) * 24 + now.getUTCHours()) * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds();
  return {
    senderId: settings?.senderId ?? submitter.id.slice(0, 15),
    receiverId: settings?.receiverId ?? receiver.id.slice(0, 15),
    controlNumber: settings?.controlNumber ?? secondsOfMonth + 1,
    date: settings?.date ?? iso.slice(0, 10),
    time: settings?.time ?? iso.slice(11, 16).replace(":", ""),
    usageIndicator: settings?.usageIndicator ?? "P",
    ...settings,
    submitter,
    receiver,
  };
}

export interface CorrectionRequest {
  claim: Claim;
  /** CLP07, the claim a replacement or void names in REF*F8. */
  payerClaimControlNumber: string | null;
  kind: "replace" | "new" | "void";
  /** The findings whose fixes the correction carries (none for a void). */
  findings: readonly Finding[];
  why: string;
  payer: PayerOfRecord;
}

/**
 * Builds the claim to send again: the submitted claim with the denials' fixes applied,
 * as a replacement (frequency 7 with REF*F8 = CLP07), or as a new claim (frequency 1)
 * when the payer called the first unprocessable; or the submitted claim as a void
 * (frequency 8). It is scrubbed again, and written as a 005010X222A1 interchange when
 * the envelope is known and the claim has what the 837P requires.
 */
export function correctedClaim(
  request: CorrectionRequest,
  options: PipelineOptions,
  envelope: EnvelopeSettings | undefined,
  now: Date,
): CorrectedClaim | string {
  const frequency = request.kind === "replace" ? "7" : request.kind === "void" ? "8" : "1";
  if (frequency !== "1" && !request.payerClaimControlNumber) {
    return `the remittance gives no payer claim control number (CLP07) for ${request.claim.id}, and a ${frequency === "7" ? "replacement" : "void"} must name it in REF*F8: ask the payer for it`;
  }
  const fixed = request.kind === "void" ? request.claim : applyFixes(request.claim, request.findings);
  const claim: Claim = {
    ...fixed,
    frequency,
    payerClaimControlNumber: frequency === "1" ? null : request.payerClaimControlNumber,
  };
  const remainingFindings =
    request.kind === "void" ? [] : scrubOne(claim, options).filter((f) => f.severity === "error");
  const out: CorrectedClaim = {
    reference: `${claim.id} frequency ${frequency}`,
    claimId: claim.id,
    frequency,
    payerClaimControlNumber: claim.payerClaimControlNumber,
    why: request.why,
    claim,
    remainingFindings,
  };
  const env = envelopeFor(envelope, claim, request.payer, now);
  if (typeof env === "string") {
    out.x12Problem = env;
    return out;
  }
  try {
    out.x12 = write837([claim], env);
  } catch (error) {
    // A bad envelope is the user's settings, unusable for every claim: let it stop the run.
    if (!(error instanceof InputError) || error.source === "envelope") throw error;
    out.x12Problem = `the 837P cannot be written: ${error.issues.map((i) => `${i.path.replace(/^\$\[0\]/, "$")} ${i.message}`).join("; ")}`;
  }
  return out;
}
