import type { Claim } from "../model/claim.js";
import { isIsoDate } from "../model/dates.js";
import { isMoney, parseCents } from "../model/money.js";
import { InputError, type InputIssue } from "../model/validate.js";
import { x12FromCents } from "./amounts.js";
import { diagnosisQualifiers, filingIndicatorByPayerType, taxonomyByCredential } from "./code-lists.js";
import { type Delimiters, standardDelimiters } from "./delimiters.js";
import { guide837p } from "./guide-837p.js";
import { propertyCasualtyIssues, propertyCasualtyKind } from "./property-casualty837.js";

/** Loop 1000A: who sends the claims (the practice or its clearinghouse account). */
export interface Submitter {
  name: string;
  /** NM109, the submitter id the receiver assigned. */
  id: string;
  contactName: string;
  phone?: string;
  email?: string;
}

/** Loop 1000B: who receives the file (clearinghouse or payer). */
export interface Receiver {
  name: string;
  id: string;
}

/** Everything about the interchange that is not in the claims. */
export interface Envelope837 {
  submitter: Submitter;
  receiver: Receiver;
  /** ISA06, up to 15 characters (padded by the writer). */
  senderId: string;
  /** ISA08, up to 15 characters. */
  receiverId: string;
  /** ISA05/ISA07; default "ZZ" (mutually defined). */
  senderQualifier?: string;
  receiverQualifier?: string;
  /** ISA13, 1 to 999999999; also GS06 unless `groupControlNumber` is given. */
  controlNumber: number;
  groupControlNumber?: number;
  /** Creation date and time (YYYY-MM-DD, HHMM or HH:MM). */
  date: string;
  time: string;
  /** ISA15: T test, P production. */
  usageIndicator: "T" | "P";
  /** GS02/GS03; default senderId/receiverId. */
  applicationSenderCode?: string;
  applicationReceiverCode?: string;
  /** BHT03 prefix; default the control number. */
  referenceId?: string;
  /** ISA14; default false. */
  acknowledgmentRequested?: boolean;
  delimiters?: Partial<Delimiters>;
  /** A line break after each segment terminator, for people reading the file; default true. */
  lineBreaks?: boolean;
  /** The guide recommends at most 5000 claims per transaction set. */
  maxClaimsPerTransaction?: number;
}

const defaultMaxClaims = 5000;

/** A claim's rendering provider is the billing provider when it has no NPI of its own (2310B omitted). */
const rendersItself = (claim: Claim): boolean =>
  !claim.renderingProvider.npi || claim.renderingProvider.npi === claim.billingProvider.npi;

const digitsOnly = (text: string | undefined): string => (text ?? "").replace(/-/g, "");

// ---- Checking claims before writing: a wrong claim fails with its JSON path ---------

function checkText(
  issues: InputIssue[],
  base: string,
  suffix: string,
  value: string | undefined,
  min: number,
  max: number,
  what: string,
): void {
  if (value === undefined || value.trim() === "") {
    if (min > 0) issues.push({ path: `${base}${suffix}`, message: `required for the 837P (${what})` });
    return;
  }
  if (value.length < min || value.length > max) {
    issues.push({
      path: `${base}${suffix}`,
      message: `must be ${min} to ${max} characters for ${what}, got ${value.length}`,
    });
  }
}

/**
 * Every string value of the claim that holds an X12 delimiter (or a line break), by its
 * JSON path: X12 has no escape character, so such a value cannot be written (ASC X12.6
 * §3.3 delimiters). Walks the claim with a stack, not recursion.
 */
/** Whether any string inside `value` holds one of `chars` (no paths built: the common case is none). */
function holdsAny(value: unknown, chars: string): boolean {
  if (typeof value === "string") {
    for (let i = 0; i < value.length; i++) if (chars.includes(value[i] as string)) return true;
    return false;
  }
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsAny(value[i], chars)) return true;
    return false;
  }
  for (const key in value) if (holdsAny((value as Record<string, unknown>)[key], chars)) return true;
  return false;
}

function delimiterIssues(claim: Claim, base: string, d: Delimiters, issues: InputIssue[]): void {
  const chars = [d.element, d.component, d.segment, d.repetition ?? "", "\r", "\n"].join("");
  // Readiness checks run this on every claim scrubbed: find out first, cheaply, whether
  // there is anything to report, and only then walk again building each value's JSON path.
  if (!holdsAny(claim, chars)) return;
  const shown = JSON.stringify([d.element, d.component, d.segment, d.repetition ?? ""].join(" "));
  const stack: Array<[unknown, string]> = [[claim, base]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === "string") {
      for (let i = 0; i < value.length; i++) {
        if (chars.includes(value[i] as string)) {
          issues.push({
            path,
            message: `the value ${JSON.stringify(value)} contains the X12 delimiter ${JSON.stringify(value[i])} (the delimiters are ${shown}); X12 has no escape: remove it`,
          });
          break;
        }
      }
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i] as [string, unknown];
        stack.push([inner, `${path}.${key}`]);
      }
    }
  }
}

/**
 * A provider's place as the guide wants it in loops 2010AA and 2310C: street, city, state and
 * the 9-digit ZIP+4 (N301, N401 to N403).
 */
function placeIssues(
  issues: InputIssue[],
  at: string,
  place: {
    address?: string | undefined;
    city?: string | undefined;
    state?: string | undefined;
    zip?: string | undefined;
  },
  loop: string,
  whose: string,
): void {
  checkText(issues, at, ".address", place.address, 1, 55, `${loop} N301 address`);
  checkText(issues, at, ".city", place.city, 2, 30, `${loop} N401 city`);
  if (!/^[A-Z]{2}$/.test(place.state ?? ""))
    issues.push({ path: `${at}.state`, message: `expected a 2-letter state code (${loop} N402)` });
  if (!/^\d{9}$/.test(digitsOnly(place.zip)))
    issues.push({
      path: `${at}.zip`,
      message: `expected the 9-digit ZIP+4: the 837P requires it for the ${whose} (${loop} N403)`,
    });
}

/**
 * What 005010X222A1 requires of the parties to a claim (payer, billing provider, service
 * facility, patient, subscriber, rendering provider) beyond their identifiers: names,
 * addresses, ZIP codes, sex, the medical record number, the authorization number and the
 * chiropractic dates.
 * No scrubbing rule judges these, so `check` reports them from here before the claim
 * reaches `x12 837` (the claim-structure readiness warning): one list for both. Paths are
 * built only for the problems found.
 */
export function partyIssuesFor837(claim: Claim, base: string, issues: InputIssue[]): void {
  checkText(issues, base, ".payer.name", claim.payer.name, 1, 60, "2010BB NM103 payer name");
  checkText(issues, base, ".payer.id", claim.payer.id, 2, 80, "2010BB NM109 payer id");
  const billing = claim.billingProvider;
  checkText(issues, base, ".billingProvider.name", billing.name, 1, 60, "2010AA NM103 billing provider name");
  placeIssues(issues, `${base}.billingProvider`, billing, "2010AA", "billing provider");
  const facility = claim.serviceFacility;
  if (facility) {
    checkText(
      issues,
      base,
      ".serviceFacility.name",
      facility.name,
      1,
      60,
      "2310C NM103 service facility name",
    );
    placeIssues(issues, `${base}.serviceFacility`, facility, "2310C", "service facility");
    if (facility.npi !== undefined && !/^\d{10}$/.test(facility.npi.trim()))
      issues.push({ path: `${base}.serviceFacility.npi`, message: "expected a 10-digit NPI (2310C NM109)" });
  }
  const patient = claim.patient;
  checkText(issues, base, ".patient.firstName", patient.firstName, 0, 35, "2010BA NM104 first name");
  checkText(issues, base, ".patient.address", patient.address, 1, 55, "2010BA N301 address");
  checkText(issues, base, ".patient.city", patient.city, 2, 30, "2010BA N401 city");
  if (!/^[A-Z]{2}$/.test(patient.state ?? ""))
    issues.push({ path: `${base}.patient.state`, message: "expected a 2-letter state code (2010BA N402)" });
  if (!/^(\d{5}|\d{9})$/.test(digitsOnly(patient.zip)))
    issues.push({ path: `${base}.patient.zip`, message: "expected a 5- or 9-digit ZIP code (2010BA N403)" });
  if (!patient.sex)
    issues.push({ path: `${base}.patient.sex`, message: "required for the 837P (2010BA DMG03)" });
  checkText(issues, base, ".patient.id", patient.id, 0, 50, "2300 REF*EA medical record number");
  const subscriber = claim.subscriber;
  if (subscriber) {
    checkText(
      issues,
      base,
      ".subscriber.lastName",
      subscriber.lastName,
      1,
      60,
      "2010BA NM103 subscriber last name",
    );
    checkText(issues, base, ".subscriber.firstName", subscriber.firstName, 0, 35, "2010BA NM104 first name");
    checkText(issues, base, ".subscriber.address", subscriber.address, 0, 55, "2010BA N301 address");
    // DMG02 and DMG03 are both required in a DMG segment: the birth date and sex go together.
    if ((subscriber.birthDate === undefined) !== (subscriber.sex === undefined))
      issues.push({
        path: `${base}${subscriber.birthDate === undefined ? ".subscriber.birthDate" : ".subscriber.sex"}`,
        message: "the subscriber's birth date and sex are sent together (2010BA DMG02, DMG03), or neither",
      });
    if (subscriber.address && !subscriber.city)
      issues.push({ path: `${base}.subscriber.city`, message: "an address needs its city (2010BA N401)" });
  }
  if (!rendersItself(claim)) {
    const rendering = claim.renderingProvider;
    checkText(
      issues,
      base,
      ".renderingProvider.lastName",
      rendering.lastName,
      1,
      60,
      "2310B NM103 rendering provider last name",
    );
    checkText(
      issues,
      base,
      ".renderingProvider.firstName",
      rendering.firstName,
      0,
      35,
      "2310B NM104 first name",
    );
  }
  if (claim.authorization?.number !== undefined)
    checkText(
      issues,
      base,
      ".authorization.number",
      claim.authorization.number,
      1,
      50,
      "REF*G1 prior authorization",
    );
  const chiro = claim.chiropractic;
  if (chiro?.initialTreatmentDate !== undefined && !isIsoDate(chiro.initialTreatmentDate)) {
    issues.push({
      path: `${base}.chiropractic.initialTreatmentDate`,
      message: "expected YYYY-MM-DD (DTP*454)",
    });
  }
  if (chiro?.xrayDate !== undefined && !isIsoDate(chiro.xrayDate))
    issues.push({ path: `${base}.chiropractic.xrayDate`, message: "expected YYYY-MM-DD (DTP*455)" });
}

/** Checks that a claim has everything 005010X222A1 requires; returns the problems by JSON path. */
export function claimIssuesFor837(
  claim: Claim,
  base: string,
  delimiters: Delimiters = standardDelimiters,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const p = (suffix: string) => `${base}${suffix}`;
  delimiterIssues(claim, base, delimiters, issues);
  checkText(issues, base, ".id", claim.id, 1, 38, "CLM01 patient control number");
  if ((claim.frequency === "7" || claim.frequency === "8") && !claim.payerClaimControlNumber) {
    issues.push({
      path: p(".payerClaimControlNumber"),
      message: `required for frequency ${claim.frequency} (REF*F8)`,
    });
  }
  if (claim.payer.type === "self-pay") {
    issues.push({ path: p(".payer.type"), message: "self-pay claims are not sent to a payer as an 837P" });
  }
  partyIssuesFor837(claim, base, issues);
  // Workers' comp and auto: the accident, REF*Y4 and the employer (one list with claim-structure).
  for (const pc of propertyCasualtyIssues(claim))
    issues.push({ path: `${base}${pc.path.slice(1)}`, message: pc.message });
  // The identifiers, which the claim-structure rule judges in full (NPI check digit, tax id, subscriber).
  const billing = claim.billingProvider;
  if (!/^\d{10}$/.test(billing.npi))
    issues.push({ path: p(".billingProvider.npi"), message: "expected a 10-digit NPI (2010AA NM109)" });
  if (!/^\d{9}$/.test(digitsOnly(billing.taxId)))
    issues.push({
      path: p(".billingProvider.taxId"),
      message: "expected the 9-digit tax id (2010AA REF*EI)",
    });
  const patient = claim.patient;
  checkText(issues, base, ".patient.lastName", patient.lastName, 1, 60, "2010BA NM103 last name");
  // A workers' comp claim's subscriber is the employer, which has no member id (NM109 situational).
  checkText(
    issues,
    base,
    ".patient.memberId",
    patient.memberId,
    employerSubscriber(claim) ? 0 : 2,
    80,
    "2010BA NM109 member id",
  );
  if (!patient.birthDate || !isIsoDate(patient.birthDate))
    issues.push({ path: p(".patient.birthDate"), message: "required for the 837P (2010BA DMG02)" });
  if (!rendersItself(claim) && !/^\d{10}$/.test(claim.renderingProvider.npi ?? ""))
    issues.push({ path: p(".renderingProvider.npi"), message: "expected a 10-digit NPI (2310B NM109)" });

  if (!/^\d{2}$/.test(claim.placeOfService))
    issues.push({ path: p(".placeOfService"), message: "expected a 2-digit place of service (CLM05-1)" });
  if (claim.diagnoses.length < 1 || claim.diagnoses.length > 12) {
    issues.push({
      path: p(".diagnoses"),
      message: `the 837P carries 1 to 12 diagnoses (HI), got ${claim.diagnoses.length}`,
    });
  }
  claim.diagnoses.forEach((code, i) => {
    if (!/^[A-Z0-9]{3,7}$/.test(code.replace(".", "").toUpperCase())) {
      issues.push({
        path: p(`.diagnoses[${i}]`),
        message: `expected an ICD-10-CM code such as M54.50, got "${code}"`,
      });
    }
  });

  if (claim.lines.length < 1 || claim.lines.length > 50) {
    issues.push({
      path: p(".lines"),
      message: `the 837P carries 1 to 50 service lines, got ${claim.lines.length}`,
    });
  }
  claim.lines.forEach((line, i) => {
    const lp = (suffix: string) => p(`.lines[${i}]${suffix}`);
    if (!/^[A-Z0-9]{5}$/.test(line.code))
      issues.push({ path: lp(".code"), message: "expected a 5-character procedure code (SV101-2)" });
    if (line.modifiers.length > 4)
      issues.push({
        path: lp(".modifiers"),
        message: `at most 4 modifiers fit SV101, got ${line.modifiers.length}`,
      });
    line.modifiers.forEach((m, k) => {
      if (!/^[A-Z0-9]{2}$/.test(m))
        issues.push({ path: lp(`.modifiers[${k}]`), message: "expected a 2-character modifier" });
    });
    if (!isMoney(line.charge) || line.charge.startsWith("-"))
      issues.push({ path: lp(".charge"), message: "expected a non-negative amount such as 45.00 (SV102)" });
    if (!Number.isInteger(line.units) || line.units < 0)
      issues.push({ path: lp(".units"), message: "expected whole units (SV104)" });
    if (line.diagnosisPointers.length < 1 || line.diagnosisPointers.length > 4) {
      issues.push({
        path: lp(".diagnosisPointers"),
        message: `SV107 takes 1 to 4 pointers, got ${line.diagnosisPointers.length}`,
      });
    }
    line.diagnosisPointers.forEach((n, k) => {
      if (!Number.isInteger(n) || n < 1 || n > claim.diagnoses.length) {
        issues.push({
          path: lp(`.diagnosisPointers[${k}]`),
          message: `expected a pointer from 1 to ${claim.diagnoses.length} (the claim's diagnoses)`,
        });
      }
    });
    if (!isIsoDate(line.dateOfService))
      issues.push({ path: lp(".dateOfService"), message: "expected YYYY-MM-DD (DTP*472)" });
  });
  return issues;
}

// ---- Segment text ------------------------------------------------------------------------

/** Builds segments with the interchange's delimiters; trailing empty elements are dropped, as X12 requires. */
class SegmentWriter {
  count = 0;
  /**
   * Segments go straight into a growing buffer: a million small strings kept for a final
   * join would spend most of the time in the garbage collector.
   */
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  private pending = "";
  private readonly d: Delimiters;
  private readonly terminator: string;
  private readonly forbidden: RegExp;

  constructor(d: Delimiters, lineBreaks: boolean) {
    this.d = d;
    this.terminator = lineBreaks ? `${d.segment}\n` : d.segment;
    const chars = [d.element, d.component, d.segment, d.repetition ?? ""]
      .join("")
      .replace(/[\\\]^-]/g, "\\$&");
    this.forbidden = new RegExp(`[${chars}\\r\\n]`);
  }

  /** Joins composite components, dropping trailing empty ones. */
  composite(...components: Array<string | undefined>): string {
    let last = components.length;
    while (last > 0 && !components[last - 1]) last--;
    return components
      .slice(0, last)
      .map((c) => this.value(c ?? ""))
      .join(this.d.component);
  }

  add(id: string, ...elements: Array<string | undefined>): void {
    let last = elements.length;
    while (last > 0 && !elements[last - 1]) last--;
    let text = id;
    for (let k = 0; k < last; k++) text += this.d.element + (elements[k] ?? "");
    // Segments gather in a short string written to the buffer now and then: one native
    // write per few hundred segments instead of one each.
    this.pending += text + this.terminator;
    this.count++;
    if (this.pending.length > 16_384) this.flush();
  }

  private flush(): void {
    const text = this.pending;
    this.pending = "";
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + text.length * 3 > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + text.length * 3));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length, "utf8");
  }

  /** Everything written so far. */
  text(): string {
    this.flush();
    return this.buffer.toString("utf8", 0, this.length);
  }

  /** Plain values must not contain a delimiter: X12 has no escape character. */
  value(text: string): string {
    if (this.forbidden.test(text)) {
      throw new InputError([
        {
          path: "$",
          message: `the value ${JSON.stringify(text)} contains an X12 delimiter (${JSON.stringify(this.d.element + this.d.component + this.d.segment)}); remove it or choose other delimiters`,
        },
      ]);
    }
    return text;
  }
}

// ---- Grouping: one 2000A per billing provider, one 2000B per payer and subscriber ------

interface SubscriberGroup {
  first: Claim;
  claims: Claim[];
}

interface BillingGroup {
  first: Claim;
  /** PRV*BI taxonomy, for claims whose billing provider rendered the service. */
  taxonomy: string | undefined;
  subscribers: SubscriberGroup[];
}

function billingKey(claim: Claim): string {
  const b = claim.billingProvider;
  const taxonomy = rendersItself(claim) ? taxonomyByCredential[claim.renderingProvider.credential] : "";
  return JSON.stringify([b.npi, b.taxId, b.name, b.address, b.city, b.state, b.zip, taxonomy]);
}

function subscriberKey(claim: Claim): string {
  const { payer, patient } = claim;
  // A 2000C patient sits under its own 2000B: the subscriber and the patient together key it.
  return JSON.stringify([
    claim.subscriber ?? null,
    // REF*Y4 and the employer-as-subscriber sit in 2010BA/2010CA: one 2000B per claim number and employer.
    claim.propertyCasualtyClaimNumber ?? null,
    employerSubscriber(claim) ?? null,
    payer.id,
    payer.name,
    payer.type,
    patient.lastName,
    patient.firstName,
    patient.memberId,
    patient.birthDate,
    patient.sex,
    patient.address,
    patient.city,
    patient.state,
    patient.zip,
  ]);
}

/**
 * The employer a workers' comp claim names: in the 837P it is the subscriber (2010BA NM1*IL
 * with NM102 = 2; X12 RFI 1925), with the patient in 2000C/2010CA. Other payer types keep
 * `employer` on the claim JSON only.
 */
export function employerSubscriber(claim: Claim): Claim["employer"] {
  return claim.payer.type === "workers-comp" ? claim.employer : undefined;
}

/** Groups claims in order of first appearance. */
export function groupClaims(claims: readonly Claim[]): BillingGroup[] {
  const groups = new Map<string, { group: BillingGroup; subscribers: Map<string, SubscriberGroup> }>();
  for (const claim of claims) {
    const key = billingKey(claim);
    let entry = groups.get(key);
    if (!entry) {
      entry = {
        group: {
          first: claim,
          taxonomy: rendersItself(claim)
            ? taxonomyByCredential[claim.renderingProvider.credential]
            : undefined,
          subscribers: [],
        },
        subscribers: new Map(),
      };
      groups.set(key, entry);
    }
    const subKey = subscriberKey(claim);
    let sub = entry.subscribers.get(subKey);
    if (!sub) {
      sub = { first: claim, claims: [] };
      entry.subscribers.set(subKey, sub);
      entry.group.subscribers.push(sub);
    }
    sub.claims.push(claim);
  }
  return [...groups.values()].map((e) => e.group);
}

/** Cuts grouped claims into transaction sets of at most `max` claims, repeating the HL levels a cut splits. */
function splitIntoTransactions(groups: BillingGroup[], max: number): BillingGroup[][] {
  const transactions: BillingGroup[][] = [];
  let current: BillingGroup[] = [];
  let count = 0;
  for (const group of groups) {
    let billing: BillingGroup | undefined;
    for (const sub of group.subscribers) {
      let subscriber: SubscriberGroup | undefined;
      for (const claim of sub.claims) {
        if (count === max) {
          transactions.push(current);
          current = [];
          count = 0;
          billing = undefined;
          subscriber = undefined;
        }
        if (!billing) {
          billing = { ...group, subscribers: [] };
          current.push(billing);
        }
        if (!subscriber) {
          subscriber = { first: sub.first, claims: [] };
          billing.subscribers.push(subscriber);
        }
        subscriber.claims.push(claim);
        count++;
      }
    }
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}

// ---- Writing -------------------------------------------------------------------------------

const yymmdd = (date: string): string => date.replace(/-/g, "").slice(2);
const ccyymmdd = (date: string): string => date.replace(/-/g, "");
const hhmm = (time: string): string => time.replace(":", "").slice(0, 4);

function delimitersOf(envelope: Envelope837): Delimiters {
  return { ...standardDelimiters, ...(envelope.delimiters ?? {}) };
}

/** Refuses an envelope the 837 cannot carry (InputError, paths from $); exported so stored practice settings are checked alike. */
export function checkEnvelope(envelope: Envelope837): void {
  const issues: InputIssue[] = [];
  if (
    !Number.isInteger(envelope.controlNumber) ||
    envelope.controlNumber < 1 ||
    envelope.controlNumber > 999_999_999
  ) {
    issues.push({ path: "$.controlNumber", message: "expected a whole number from 1 to 999999999 (ISA13)" });
  }
  if (envelope.senderId.length < 1 || envelope.senderId.length > 15)
    issues.push({ path: "$.senderId", message: "expected 1 to 15 characters (ISA06)" });
  if (envelope.receiverId.length < 1 || envelope.receiverId.length > 15)
    issues.push({ path: "$.receiverId", message: "expected 1 to 15 characters (ISA08)" });
  if (!isIsoDate(envelope.date)) issues.push({ path: "$.date", message: "expected YYYY-MM-DD" });
  if (!/^([01]\d|2[0-3]):?[0-5]\d$/.test(envelope.time))
    issues.push({ path: "$.time", message: "expected HHMM or HH:MM" });
  if (envelope.usageIndicator !== "T" && envelope.usageIndicator !== "P")
    issues.push({ path: "$.usageIndicator", message: 'expected "T" (test) or "P" (production)' });
  if (!envelope.submitter.phone && !envelope.submitter.email)
    issues.push({ path: "$.submitter.phone", message: "1000A PER needs a phone or an email" });
  checkText(issues, "$", ".submitter.name", envelope.submitter.name, 1, 60, "1000A NM103");
  checkText(issues, "$", ".submitter.id", envelope.submitter.id, 2, 80, "1000A NM109");
  checkText(issues, "$", ".submitter.contactName", envelope.submitter.contactName, 1, 60, "1000A PER02");
  checkText(issues, "$", ".receiver.name", envelope.receiver.name, 1, 60, "1000B NM103");
  checkText(issues, "$", ".receiver.id", envelope.receiver.id, 2, 80, "1000B NM109");
  const d = delimitersOf(envelope);
  if (new Set([d.element, d.component, d.segment, d.repetition]).size < 4) {
    issues.push({
      path: "$.delimiters",
      message: "element, component, repetition and segment delimiters must differ",
    });
  }
  if (issues.length > 0) throw new InputError(issues, "envelope");
}

function interchangeHeader(envelope: Envelope837, w: SegmentWriter): void {
  const d = delimitersOf(envelope);
  const control = String(envelope.controlNumber).padStart(9, "0");
  w.add(
    "ISA",
    "00",
    "          ",
    "00",
    "          ",
    envelope.senderQualifier ?? "ZZ",
    w.value(envelope.senderId.padEnd(15, " ")),
    envelope.receiverQualifier ?? "ZZ",
    w.value(envelope.receiverId.padEnd(15, " ")),
    yymmdd(envelope.date),
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
    "HC",
    w.value(envelope.applicationSenderCode ?? envelope.senderId),
    w.value(envelope.applicationReceiverCode ?? envelope.receiverId),
    ccyymmdd(envelope.date),
    hhmm(envelope.time),
    String(envelope.groupControlNumber ?? envelope.controlNumber),
    "X",
    guide837p.version,
  );
}

function interchangeTrailer(envelope: Envelope837, transactions: number, w: SegmentWriter): void {
  w.add("GE", String(transactions), String(envelope.groupControlNumber ?? envelope.controlNumber));
  w.add("IEA", "1", String(envelope.controlNumber).padStart(9, "0"));
}

/** Writes one ST..SE transaction set. */
function writeTransaction(
  envelope: Envelope837,
  groups: BillingGroup[],
  number: number,
  w: SegmentWriter,
): void {
  const start = w.count;
  const control = String(number).padStart(4, "0");
  const v = (text: string | undefined) => w.value(text ?? "");
  w.add("ST", "837", control, guide837p.version);
  w.add(
    "BHT",
    "0019",
    "00",
    v(`${envelope.referenceId ?? envelope.controlNumber}-${control}`),
    ccyymmdd(envelope.date),
    hhmm(envelope.time),
    "CH",
  );
  const submitter = envelope.submitter;
  w.add("NM1", "41", "2", v(submitter.name), "", "", "", "", "46", v(submitter.id));
  if (submitter.phone)
    w.add(
      "PER",
      "IC",
      v(submitter.contactName),
      "TE",
      v(submitter.phone),
      submitter.email ? "EM" : "",
      v(submitter.email),
    );
  else w.add("PER", "IC", v(submitter.contactName), "EM", v(submitter.email));
  w.add("NM1", "40", "2", v(envelope.receiver.name), "", "", "", "", "46", v(envelope.receiver.id));

  let hl = 0;
  for (const group of groups) {
    const billingHl = ++hl;
    const b = group.first.billingProvider;
    w.add("HL", String(billingHl), "", "20", "1");
    if (group.taxonomy) w.add("PRV", "BI", "PXC", group.taxonomy);
    w.add("NM1", "85", "2", v(b.name), "", "", "", "", "XX", v(b.npi));
    w.add("N3", v(b.address));
    w.add("N4", v(b.city), v(b.state), digitsOnly(b.zip));
    w.add("REF", "EI", digitsOnly(b.taxId));
    for (const sub of group.subscribers) {
      const { patient, payer } = sub.first;
      // The guide: REF*Y4 is for property and casualty claims only ("if not required ... do not send").
      const propertyCasualtyClaimNumber =
        propertyCasualtyKind(payer.type) !== undefined ? sub.first.propertyCasualtyClaimNumber : undefined;
      const employer = employerSubscriber(sub.first);
      // A workers' comp claim's subscriber is the employer; claimIssuesFor837 refuses one naming a person too.
      const subscriber = employer ? undefined : sub.first.subscriber;
      const patientLevel = employer !== undefined || subscriber !== undefined;
      const subscriberHl = ++hl;
      // HL04: 1 when a 2000C patient level follows, 0 when the subscriber is the patient.
      w.add("HL", String(subscriberHl), String(billingHl), "22", patientLevel ? "1" : "0");
      // SBR02 = 18 (self) when the patient is the subscriber; blank when 2000C carries the patient.
      const filing = payer.type === "self-pay" ? "" : filingIndicatorByPayerType[payer.type];
      w.add("SBR", "P", patientLevel ? "" : "18", "", "", "", "", "", "", filing);
      // 2010BA: the subscriber; the member id the claim is filed under is patient.memberId.
      if (employer) {
        // NM102 = 2: a non-person subscriber, the employer; its name is NM103, no person's names.
        // NM108/NM109 are situational here: a workers' comp carrier issues no member id, so they
        // are sent only when the visit gives one (never MI without its id: NM1's P0809 pair).
        const id = patient.memberId?.trim();
        w.add("NM1", "IL", "2", v(employer.name), "", "", "", "", id ? "MI" : "", id ? v(id) : "");
      } else {
        const insured = subscriber ?? patient;
        w.add(
          "NM1",
          "IL",
          "1",
          v(insured.lastName),
          v(insured.firstName),
          "",
          "",
          "",
          "MI",
          v(patient.memberId),
        );
        // N3/N4/DMG in 2010BA are required when the subscriber is the patient, else sent when known.
        if (insured.address) {
          w.add("N3", v(insured.address));
          w.add("N4", v(insured.city), v(insured.state), digitsOnly(insured.zip));
        }
        if (insured.birthDate && insured.sex)
          w.add("DMG", "D8", ccyymmdd(insured.birthDate ?? ""), v(insured.sex));
      }
      // REF*Y4 goes in 2010BA when the patient is the subscriber, else in 2010CA: one place only.
      if (propertyCasualtyClaimNumber && !patientLevel) w.add("REF", "Y4", v(propertyCasualtyClaimNumber));
      w.add("NM1", "PR", "2", v(payer.name), "", "", "", "", "PI", v(payer.id));
      if (patientLevel) {
        // 2000C patient level and 2010CA patient name (005010X222A1: HL03 = 23, HL04 = 0).
        w.add("HL", String(++hl), String(subscriberHl), "23", "0");
        // PAT01 = 20 (employee) when the subscriber is the employer.
        w.add("PAT", subscriber ? subscriber.relationship : "20");
        w.add("NM1", "QC", "1", v(patient.lastName), v(patient.firstName));
        w.add("N3", v(patient.address));
        w.add("N4", v(patient.city), v(patient.state), digitsOnly(patient.zip));
        w.add("DMG", "D8", ccyymmdd(patient.birthDate ?? ""), v(patient.sex));
        if (propertyCasualtyClaimNumber) w.add("REF", "Y4", v(propertyCasualtyClaimNumber));
      }
      for (const claim of sub.claims) writeClaim(claim, w);
    }
  }
  w.add("SE", String(w.count - start + 1), control);
}

function writeClaim(claim: Claim, w: SegmentWriter): void {
  const v = (text: string | undefined) => w.value(text ?? "");
  let total = 0;
  for (const line of claim.lines) total += parseCents(line.charge);
  // CLM07 "C" (not assigned) is how a non-participating provider bills; it is what makes the limiting charge apply.
  const assignment = claim.renderingProvider.participating === false ? "C" : "A";
  w.add(
    "CLM",
    v(claim.id),
    x12FromCents(total),
    "",
    "",
    w.composite(claim.placeOfService, "B", claim.frequency),
    "Y",
    assignment,
    "Y",
    "Y",
    "",
    // CLM11: related causes (CLM11-1, -2; -3 is not used) and the auto accident state
    // (CLM11-4), which the guide sends only when a cause is AA.
    claim.accident
      ? w.composite(
          claim.accident.causes[0],
          claim.accident.causes[1],
          "",
          claim.accident.causes.includes("AA") ? claim.accident.state : undefined,
        )
      : "",
  );
  const chiro = claim.chiropractic;
  if (chiro?.initialTreatmentDate) w.add("DTP", "454", "D8", ccyymmdd(chiro.initialTreatmentDate));
  if (claim.accident?.date) w.add("DTP", "439", "D8", ccyymmdd(claim.accident.date));
  if (chiro?.xrayDate) w.add("DTP", "455", "D8", ccyymmdd(chiro.xrayDate));
  if (claim.authorization?.number) w.add("REF", "G1", v(claim.authorization.number));
  if (claim.frequency === "7" || claim.frequency === "8")
    w.add("REF", "F8", v(claim.payerClaimControlNumber ?? ""));
  if (claim.patient.id) w.add("REF", "EA", v(claim.patient.id));
  // CR208: A (acute) for active treatment, C (chronic) for maintenance care.
  if (chiro) w.add("CR2", "", "", "", "", "", "", "", chiro.activeTreatment ? "A" : "C");
  const { icd10 } = diagnosisQualifiers;
  w.add(
    "HI",
    ...claim.diagnoses.map((code, i) =>
      w.composite(i === 0 ? icd10.principal : icd10.other, code.replace(".", "").toUpperCase()),
    ),
  );
  if (!rendersItself(claim)) {
    const r = claim.renderingProvider;
    w.add("NM1", "82", "1", v(r.lastName), v(r.firstName), "", "", "", "XX", v(r.npi));
    w.add("PRV", "PE", "PXC", taxonomyByCredential[r.credential]);
  }
  const facility = claim.serviceFacility;
  if (facility) {
    // 2310C: where the services were furnished (NM108/NM109 only when it has an NPI).
    const npi = facility.npi?.trim();
    w.add("NM1", "77", "2", v(facility.name), "", "", "", "", npi ? "XX" : "", npi ?? "");
    w.add("N3", v(facility.address));
    w.add("N4", v(facility.city), v(facility.state), digitsOnly(facility.zip));
  }
  claim.lines.forEach((line, index) => {
    w.add("LX", String(index + 1));
    w.add(
      "SV1",
      w.composite("HC", line.code, ...line.modifiers),
      x12FromCents(parseCents(line.charge)),
      "UN",
      String(line.units),
      "",
      "",
      w.composite(...line.diagnosisPointers.map(String)),
    );
    w.add("DTP", "472", "D8", ccyymmdd(line.dateOfService));
  });
}

function checkClaims(claims: readonly Claim[], offset: number, d: Delimiters): void {
  const issues: InputIssue[] = [];
  claims.forEach((claim, i) => {
    for (const issue of claimIssuesFor837(claim, `$[${offset + i}]`, d)) issues.push(issue);
  });
  if (issues.length > 0) throw new InputError(issues);
}

/**
 * Writes claims as one 005010X222A1 interchange: balanced ISA/GS/ST envelopes, one
 * 2000A per billing provider and one 2000B per payer and subscriber, at most
 * `maxClaimsPerTransaction` claims per transaction set. Throws InputError (with JSON
 * paths) when a claim lacks what the guide requires; nothing is written then.
 */
export function write837(claims: readonly Claim[], envelope: Envelope837): string {
  checkEnvelope(envelope);
  if (claims.length === 0) throw new InputError([{ path: "$", message: "expected at least one claim" }]);
  checkClaims(claims, 0, delimitersOf(envelope));
  const w = new SegmentWriter(delimitersOf(envelope), envelope.lineBreaks ?? true);
  const transactions = splitIntoTransactions(
    groupClaims(claims),
    envelope.maxClaimsPerTransaction ?? defaultMaxClaims,
  );
  interchangeHeader(envelope, w);
  transactions.forEach((groups, i) => {
    writeTransaction(envelope, groups, i + 1, w);
  });
  interchangeTrailer(envelope, transactions.length, w);
  return w.text();
}

/**
 * Writes claims from a stream as one interchange, a transaction set per batch of
 * `maxClaimsPerTransaction` claims (grouped within the batch), so that files of any size
 * are written in constant memory. Throws InputError at the first bad claim.
 */
export async function* write837Stream(
  claims: AsyncIterable<Claim> | Iterable<Claim>,
  envelope: Envelope837,
): AsyncGenerator<string> {
  checkEnvelope(envelope);
  const d = delimitersOf(envelope);
  const lineBreaks = envelope.lineBreaks ?? true;
  const max = envelope.maxClaimsPerTransaction ?? defaultMaxClaims;
  const header = new SegmentWriter(d, lineBreaks);
  interchangeHeader(envelope, header);
  yield header.text();
  let batch: Claim[] = [];
  let written = 0;
  let transactions = 0;
  const flush = (): string => {
    checkClaims(batch, written, d);
    const w = new SegmentWriter(d, lineBreaks);
    writeTransaction(envelope, groupClaims(batch), ++transactions, w);
    written += batch.length;
    batch = [];
    return w.text();
  };
  for await (const claim of claims as AsyncIterable<Claim>) {
    batch.push(claim);
    if (batch.length === max) yield flush();
  }
  if (batch.length > 0) yield flush();
  if (transactions === 0) throw new InputError([{ path: "$", message: "expected at least one claim" }]);
  const trailer = new SegmentWriter(d, lineBreaks);
  interchangeTrailer(envelope, transactions, trailer);
  yield trailer.text();
}
