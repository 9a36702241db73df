import type { Claim } from "../model/claim.js";
import { parseCents } from "../model/money.js";
import { InputError, type InputIssue } from "../model/validate.js";
import { x12FromCents } from "./amounts.js";
import { standardDelimiters } from "./delimiters.js";
import { guide276 } from "./guide-277.js";
import type { Envelope837 } from "./write837.js";

/**
 * Writes a 276 claim status request (005010X212) for claims already sent: one 2000D
 * subscriber level per claim (with a 2000E dependent level when the patient is not the
 * subscriber), under its payer (2000A), the submitter as information receiver (2000B) and
 * the billing provider (2000C). The claim status tracking number (TRN02) is the patient
 * control number, so the payer's 277 answers with it; REF*EJ carries it too, REF*1K the
 * payer's claim number when the claim has one. The envelope is the 837P's.
 */

const ccyymmdd = (date: string): string => date.replace(/-/g, "");
const hhmm = (time: string): string => time.replace(":", "").slice(0, 4);

class Segments {
  readonly lines: string[] = [];
  private readonly forbidden = /[*:^~\r\n]/;
  readonly issues: InputIssue[] = [];

  /** A value as written; one holding a delimiter is refused with its JSON path. */
  value(text: string | undefined, path: string): string {
    const value = (text ?? "").trim();
    if (this.forbidden.test(value))
      this.issues.push({
        path,
        message: `holds an X12 delimiter (* : ^ ~) or a line break: ${JSON.stringify(value)}`,
      });
    return value;
  }

  add(id: string, ...elements: string[]): void {
    let last = elements.length;
    while (last > 0 && !elements[last - 1]) last--;
    this.lines.push([id, ...elements.slice(0, last)].join("*"));
  }
}

function required(claim: Claim, base: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const need = (value: string | undefined, path: string, what: string) => {
    if (!value || value.trim() === "")
      issues.push({ path: `${base}${path}`, message: `required for the 276 (${what})` });
  };
  need(claim.payer.name, ".payer.name", "2100A NM103 payer name");
  need(claim.payer.id, ".payer.id", "2100A NM109 payer id");
  need(claim.billingProvider.name, ".billingProvider.name", "2100C NM103 provider name");
  need(claim.billingProvider.npi, ".billingProvider.npi", "2100C NM109 provider NPI");
  need(claim.patient.lastName, ".patient.lastName", "2100D/2100E NM103 last name");
  need(claim.patient.memberId, ".patient.memberId", "2100D NM109 member id");
  return issues;
}

/** The first and last date of service of a claim. */
function servicePeriod(claim: Claim): string {
  const dates = claim.lines.map((l) => ccyymmdd(l.dateOfService)).sort();
  return `${dates[0] ?? ""}-${dates[dates.length - 1] ?? ""}`;
}

function totalCharge(claim: Claim): string {
  return x12FromCents(claim.lines.reduce((sum, l) => sum + parseCents(l.charge), 0));
}

/** One 276 interchange asking the status of `claims`. Throws an InputError naming each unusable field. */
export function write276(
  claims: readonly Claim[],
  envelope: Envelope837,
  sources?: readonly string[],
): string {
  const issues: InputIssue[] = [];
  claims.forEach((claim, k) => {
    issues.push(...required(claim, sources?.[k] ? `${sources[k]} $` : `$[${k}]`));
  });
  if (claims.length === 0) issues.push({ path: "$", message: "expected at least one claim to ask about" });
  if (issues.length > 0) throw new InputError(issues);
  const w = new Segments();
  const d = standardDelimiters;
  const control = String(envelope.controlNumber).padStart(9, "0");
  const group = String(envelope.groupControlNumber ?? envelope.controlNumber);
  w.add(
    "ISA",
    "00",
    "          ",
    "00",
    "          ",
    envelope.senderQualifier ?? "ZZ",
    envelope.senderId.padEnd(15, " "),
    envelope.receiverQualifier ?? "ZZ",
    envelope.receiverId.padEnd(15, " "),
    ccyymmdd(envelope.date).slice(2),
    hhmm(envelope.time),
    d.repetition ?? "^",
    "00501",
    control,
    envelope.acknowledgmentRequested ? "1" : "0",
    envelope.usageIndicator,
    d.component,
  );
  w.add(
    "GS",
    "HR",
    envelope.applicationSenderCode ?? envelope.senderId,
    envelope.applicationReceiverCode ?? envelope.receiverId,
    ccyymmdd(envelope.date),
    hhmm(envelope.time),
    group,
    "X",
    guide276.version,
  );
  const start = w.lines.length;
  w.add("ST", "276", "0001", guide276.version);
  w.add(
    "BHT",
    "0010",
    "13",
    `${envelope.referenceId ?? envelope.controlNumber}-0001`,
    ccyymmdd(envelope.date),
    hhmm(envelope.time),
  );
  let hl = 0;
  const submitter = envelope.submitter;
  claims.forEach((claim, k) => {
    const base = sources?.[k] ? `${sources[k]} $` : `$[${k}]`;
    const v = (text: string | undefined, path: string) => w.value(text, `${base}${path}`);
    const payerHl = ++hl;
    w.add("HL", String(payerHl), "", "20", "1");
    w.add(
      "NM1",
      "PR",
      "2",
      v(claim.payer.name, ".payer.name"),
      "",
      "",
      "",
      "",
      "PI",
      v(claim.payer.id, ".payer.id"),
    );
    const receiverHl = ++hl;
    w.add("HL", String(receiverHl), String(payerHl), "21", "1");
    w.add(
      "NM1",
      "41",
      "2",
      v(submitter.name, ".submitter.name"),
      "",
      "",
      "",
      "",
      "46",
      v(submitter.id, ".submitter.id"),
    );
    const providerHl = ++hl;
    w.add("HL", String(providerHl), String(receiverHl), "19", "1");
    const b = claim.billingProvider;
    w.add(
      "NM1",
      "1P",
      "2",
      v(b.name, ".billingProvider.name"),
      "",
      "",
      "",
      "",
      "XX",
      v(b.npi, ".billingProvider.npi"),
    );
    const subscriberHl = ++hl;
    const patient = claim.patient;
    const subscriber = claim.subscriber;
    w.add("HL", String(subscriberHl), String(providerHl), "22", subscriber ? "1" : "0");
    const insured = subscriber ?? patient;
    if (insured.birthDate) w.add("DMG", "D8", ccyymmdd(insured.birthDate), insured.sex ?? "");
    w.add(
      "NM1",
      "IL",
      "1",
      v(insured.lastName, subscriber ? ".subscriber.lastName" : ".patient.lastName"),
      v(insured.firstName, subscriber ? ".subscriber.firstName" : ".patient.firstName"),
      "",
      "",
      "",
      "MI",
      v(patient.memberId, ".patient.memberId"),
    );
    if (subscriber) {
      w.add("HL", String(++hl), String(subscriberHl), "23", "0");
      if (patient.birthDate) w.add("DMG", "D8", ccyymmdd(patient.birthDate), patient.sex ?? "");
      w.add(
        "NM1",
        "QC",
        "1",
        v(patient.lastName, ".patient.lastName"),
        v(patient.firstName, ".patient.firstName"),
      );
    }
    const id = v(claim.id, ".id");
    w.add("TRN", "1", id);
    if (claim.payerClaimControlNumber)
      w.add("REF", "1K", v(claim.payerClaimControlNumber, ".payerClaimControlNumber"));
    w.add("REF", "EJ", id);
    w.add("AMT", "T3", totalCharge(claim));
    w.add("DTP", "472", "RD8", servicePeriod(claim));
  });
  w.add("SE", String(w.lines.length - start + 1), "0001");
  w.add("GE", "1", group);
  w.add("IEA", "1", control);
  if (w.issues.length > 0) throw new InputError(w.issues);
  return `${w.lines.join(`${d.segment}\n`)}${d.segment}\n`;
}
