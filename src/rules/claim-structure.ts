import type { Claim } from "../model/claim.js";
import type { Finding } from "../model/finding.js";
import type { InputIssue } from "../model/validate.js";
import { propertyCasualtyIssues, propertyCasualtyKind } from "../x12/property-casualty837.js";
import { employerSubscriber, partyIssuesFor837 } from "../x12/write837.js";
import { referenceCache } from "./reference-cache.js";
import { finding, linePath } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "claim-structure",
  severity: "error",
  description:
    "Required claim data missing or malformed: NPI check digit, tax id, place of service, subscriber id and name, charges and units, frequency 7 or 8 without the payer claim control number, more than 50 lines, a workers' comp or auto claim without its accident (CLM11, DTP*439), claim number (REF*Y4) or employer; and, as a warning, what the 837P will need that the claim lacks (addresses, billing-provider ZIP+4, rendering provider name).",
  references: [
    "ASC X12 837P 005010X222A1 (2010AA NM109 and REF*EI, 2010BA NM1, 2010BA/2010CA REF*Y4, 2300 CLM05, CLM11, DTP*439 and REF*F8, 2400 SV102 and SV104, at most 50 lines)",
    "X12 RFI 1925 (workers' compensation: the employer is the subscriber)",
    "45 CFR 162.406 and the CMS NPI check digit (Luhn formula with the 80840 prefix)",
    "CMS place of service code set",
  ],
  carc: "16",
  rarc: "MA130",
  docs: "docs/rules/claim-structure.md",
};

const MAX_LINES = 50;
const ig = "ASC X12 837P 005010X222A1";

/**
 * NPI check digit: the Luhn formula over the first 9 digits with the card-issuer prefix
 * 80840, which adds a constant 24 (CMS, "Requirements for NPI check digit").
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24;
  for (let k = 0; k < 9; k++) {
    let d = npi.charCodeAt(8 - k) - 48;
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

/** EIN (12-3456789) or SSN (123-45-6789) form, or nine digits. */
const taxIdShape = /^(\d{9}|\d{2}-\d{7}|\d{3}-\d{2}-\d{4})$/;

/** A charge above 0.00: a plain decimal (no sign) with a non-zero digit. */
const positiveAmount = /^\d{1,12}(\.\d{1,2})?$/;
function isPositiveCharge(text: string): boolean {
  return positiveAmount.test(text) && /[1-9]/.test(text);
}

function report(
  out: Finding[],
  message: string,
  location: string,
  reference: string,
  rarc?: string,
  lines: number[] = [],
): void {
  out.push(finding(meta, { lines, message, reference, location, ...(rarc ? { rarc } : {}) }));
}

/** The 837P requirements a clearinghouse or payer rejects a claim for before adjudication. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const billingNpi = claim.billingProvider.npi.trim();
  if (!isValidNpi(billingNpi)) {
    report(
      out,
      `billing provider NPI "${billingNpi}" is not a valid NPI: ${/^\d{10}$/.test(billingNpi) ? "its check digit is wrong" : "an NPI is 10 digits"}; copy it from NPPES`,
      "$.billingProvider.npi",
      `${ig}, 2010AA NM109; NPI check digit (Luhn, prefix 80840)`,
      "N257",
    );
  }
  const renderingNpi = claim.renderingProvider.npi?.trim();
  if (renderingNpi !== undefined && renderingNpi !== "" && !isValidNpi(renderingNpi)) {
    report(
      out,
      `rendering provider NPI "${renderingNpi}" is not a valid NPI: ${/^\d{10}$/.test(renderingNpi) ? "its check digit is wrong" : "an NPI is 10 digits"}; copy it from NPPES`,
      "$.renderingProvider.npi",
      `${ig}, 2310B NM109; NPI check digit (Luhn, prefix 80840)`,
      "N290",
    );
  }
  const taxId = claim.billingProvider.taxId?.trim();
  if (!taxId || !taxIdShape.test(taxId)) {
    report(
      out,
      taxId
        ? `billing provider tax id "${taxId}" is not 9 digits (an EIN such as 59-1234567, or an SSN)`
        : "the billing provider has no tax id; the 837P carries the EIN or SSN in REF*EI or REF*SY",
      "$.billingProvider.taxId",
      `${ig}, 2010AA REF*EI`,
    );
  }
  const pos = claim.placeOfService.trim();
  const posLookup = referenceCache(ctx).placeOfService(pos);
  const posValid = posLookup.edition === undefined ? /^\d{2}$/.test(pos) : posLookup.value !== undefined;
  if (!posValid) {
    report(
      out,
      `place of service "${pos}" is not a CMS place of service code${posLookup.edition ? ` (${posLookup.edition.release})` : ""}; use the 2-digit code, such as 11 for an office`,
      "$.placeOfService",
      `${ig}, 2300 CLM05-1; CMS place of service code set`,
      "M77",
    );
  }
  const patient = claim.patient;
  const subscriber: Array<[string, unknown, string]> = [
    // A workers' comp claim's subscriber is the employer: 2010BA NM109 is situational, and
    // workers' comp carriers issue no member id.
    ...(employerSubscriber(claim)
      ? []
      : [
          ["memberId", patient.memberId, "the subscriber's member id (2010BA NM109)"] as [
            string,
            unknown,
            string,
          ],
        ]),
    ["lastName", patient.lastName, "the patient's last name (2010BA NM103)"],
    ["birthDate", patient.birthDate, "the patient's birth date (2010BA DMG02)"],
  ];
  for (const [field, value, what] of subscriber) {
    if (typeof value === "string" && value.trim() !== "") continue;
    report(out, `the claim has no ${field}: ${what} is required`, `$.patient.${field}`, `${ig}, 2010BA`);
  }
  if ((claim.frequency === "7" || claim.frequency === "8") && !claim.payerClaimControlNumber?.trim()) {
    report(
      out,
      `a ${claim.frequency === "7" ? "replacement (frequency 7)" : "void (frequency 8)"} claim must carry the payer claim control number of the claim it ${claim.frequency === "7" ? "replaces" : "voids"} (REF*F8); add payerClaimControlNumber from the remittance`,
      "$.payerClaimControlNumber",
      `${ig}, 2300 CLM05-3 and REF*F8`,
    );
  }
  if (claim.lines.length > MAX_LINES) {
    report(
      out,
      `the claim has ${claim.lines.length} lines; an 837P claim holds at most ${MAX_LINES}: split it into several claims`,
      "$.lines",
      `${ig}, 2400 loop repeat 50`,
    );
  }
  claim.lines.forEach((line, i) => {
    if (!isPositiveCharge(line.charge)) {
      report(
        out,
        `${line.code} has charge "${line.charge}"; every line needs a charge above 0.00: take it from the practice fee schedule`,
        linePath(i, "charge"),
        `${ig}, 2400 SV102`,
        undefined,
        [i],
      );
    }
    if (line.units < 1) {
      report(
        out,
        `${line.code} is billed with 0 units; a line bills at least 1 unit: remove the line or bill the units furnished`,
        linePath(i, "units"),
        `${ig}, 2400 SV104`,
        undefined,
        [i],
      );
    }
  });
  propertyCasualty(claim, ctx, out);
  futureDates(claim, ctx, out);
  for (const f of readinessFor837(claim, ctx)) out.push(f);
  return out;
}

/**
 * Workers' comp and auto no-fault claims: the accident (CLM11 related cause, DTP*439, and
 * CLM11-4 for auto), the insurer's claim number (REF*Y4) and, for workers' comp, the
 * employer (2010BA NM102 = 2). Judged for the payer type, or for the type of a state fee
 * schedule profile that prices the claim. The same list makes `x12 837` refuse the claim.
 */
function propertyCasualty(claim: Claim, ctx: RuleContext, out: Finding[]): void {
  const kind =
    propertyCasualtyKind(claim.payer.type) ??
    (ctx.profile.pricing.basis === "state-schedule" ? propertyCasualtyKind(ctx.profile.type) : undefined);
  for (const issue of propertyCasualtyIssues(claim, kind))
    report(
      out,
      issue.message,
      issue.path,
      `${ig}, ${issue.element}; REF*Y4 "required on property and casualty claims"; X12 RFI 1925 (the employer is the workers' comp subscriber)`,
    );
}

/**
 * A date of service after the day the claim is judged on (the context's `asOf`, never the
 * clock): a claim bills services already furnished. Payers reject it with CARC 110 ("billing
 * date predates service date"); Pub. 100-04 ch. 1 §80.3.2 returns it as unprocessable.
 */
function futureDates(claim: Claim, ctx: RuleContext, out: Finding[]): void {
  for (const day of serviceDates(claim)) {
    if (day.date <= ctx.asOf) continue;
    out.push(
      finding(meta, {
        lines: [...day.lines],
        carc: "110",
        rarc: null,
        message: `services dated ${day.date} are after ${ctx.asOf}, the day the claim is judged on: a claim bills only services already furnished; correct the date of service, or bill it once the service is furnished`,
        reference: `${ig}, 2400 DTP*472 (service date); CMS Pub. 100-04 ch. 1 §80.3.2; CARC 110`,
        location: linePath(day.lines[0]!, "dateOfService"),
      }),
    );
  }
}

/**
 * 837P readiness: the claim lacks what the 837P writer will require (patient address,
 * billing-provider ZIP+4, rendering provider name, ...). The list is the writer's own
 * check of the parties (partyIssuesFor837, which claimIssuesFor837 runs too), so the two
 * cannot drift; the identifiers, codes and lines it also needs are judged by this rule and
 * the others in full. Found at check time rather than at `x12 837`. A warning: the claim is right, it cannot be sent yet. Not for self-pay claims
 * (never sent as an 837P) nor for claims read from an 837P.
 */
function readinessFor837(claim: Claim, ctx: RuleContext): Finding[] {
  if (claim.payer.type === "self-pay" || ctx.claimOnly) return [];
  const missing: InputIssue[] = [];
  partyIssuesFor837(claim, "$", missing);
  const first = missing[0];
  if (first === undefined) return [];
  return [
    finding(meta, {
      lines: [],
      severity: "warning",
      carc: null,
      rarc: null,
      message: `the 837P needs what this claim lacks: ${missing.map((i) => `${i.path} ${i.message.replace(/^required for the 837P /, "")}`).join("; ")}. Add ${missing.length === 1 ? "it" : "them"} before \`cleanclaim x12 837\``,
      reference: `${ig} (the writer's required elements: 2010AA N3/N4, 2010BA N3/N4, 2010BB NM1, 2310B NM1)`,
      location: first.path,
    }),
  ];
}

export const claimStructure: Rule = { meta, check };
