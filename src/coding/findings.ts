import type { Finding, Severity } from "../model/finding.js";
import type { PayerProfile } from "../payers/profile.js";

/** Rule ids (contract §3) that coding reports documentation problems under. */
export type CodingRule =
  | "timed-units"
  | "untimed-units"
  | "therapy-modifier"
  | "assistant-modifier"
  | "kx-threshold"
  | "chiro-coverage"
  | "code-status"
  | "modifier"
  | "plan-of-care"
  | "claim-structure";

/** The authority each coding decision follows, cited in its findings. */
export const authority = {
  timedUnits: "CMS Pub. 100-04 ch. 5 §20.2 (counting minutes for timed codes in 15-minute units)",
  amaUnits: "AMA CPT time rule (a unit is attained when the midpoint is passed); payer unit method",
  untimedUnits: "CMS Pub. 100-04 ch. 5 §20.2 (service-based codes are billed once per day)",
  assistant:
    'SSA §1834(v); CMS Pub. 100-04 ch. 5 §20.1; CMS "Billing Examples Using CQ/CO Modifiers for Services Furnished In Whole or In Part by PTAs and OTAs"',
  supervision:
    "CMS Pub. 100-02 ch. 15 §230.1, §230.2 and §230.4 (assistants furnish therapy under a therapist's supervision; evaluations are the therapist's)",
  therapyModifier: "CMS Pub. 100-04 ch. 5 §20.1 (discipline modifiers GP, GO, GN); CR 10176",
  planOfCare: "42 CFR 410.61; CMS Pub. 100-02 ch. 15 §220.1 (plan of care and its certification)",
  kx: "SSA §1833(g)(7); CMS Pub. 100-04 ch. 5 §10.3 (KX modifier threshold)",
  chiropractic:
    "CMS Pub. 100-02 ch. 15 §240.1.3 (AT modifier); CMS Pub. 100-04 ch. 12 §220; NGS, Noridian and Palmetto chiropractic billing pages",
  liability: "CMS Pub. 100-04 ch. 30 (ABN; liability modifiers GA, GX, GY, GZ); SSA §1861(r)(5)",
  ncci: "NCCI Policy Manual ch. I (modifiers 59 and XE, XS, XP, XU; modifier indicators)",
  code97014: "MPFS relative value file: 97014 has status I for Medicare, which recognises G0283 instead",
  charges: "contract §1 (charges from the visit or the practice fee schedule); 837P loop 2400 SV102",
} as const;

/** The authority a rule's coding findings cite by default. */
export const authorityOf: Readonly<Record<CodingRule, string>> = {
  "timed-units": authority.timedUnits,
  "untimed-units": authority.untimedUnits,
  "therapy-modifier": authority.therapyModifier,
  "assistant-modifier": authority.assistant,
  "kx-threshold": authority.kx,
  "chiro-coverage": authority.chiropractic,
  "code-status": authority.code97014,
  modifier: authority.ncci,
  "plan-of-care": authority.planOfCare,
  "claim-structure": authority.charges,
};

/** Builds a finding; coding findings carry no fix (coding already applied what it could). */
export function finding(
  rule: CodingRule,
  severity: Severity,
  message: string,
  reference: string,
  extra: { lines?: number[]; location?: string; carc?: string } = {},
): Finding {
  const f: Finding = { rule, severity, lines: extra.lines ?? [], message, reference };
  if (extra.carc !== undefined) f.carc = extra.carc;
  if (extra.location !== undefined) f.location = extra.location;
  return f;
}

/** Applies the payer profile's severity overrides ("off" drops the finding). */
export function withProfileSeverities(findings: Finding[], profile: PayerProfile): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const override = profile.severities[f.rule];
    if (override === "off") continue;
    out.push(override === undefined ? f : { ...f, severity: override });
  }
  return out;
}
