/**
 * What each input field means, for docs/visit.md. One table of texts per object schema,
 * typed by the schema's own shape: a field added to a schema without a text here (or a
 * text left for a field that is gone) fails the typecheck, and `npm run docs:check`
 * fails while docs/visit.md is stale. Types, required-ness and defaults are not written
 * here: scripts/input-docs.ts reads them from the zod schemas.
 */
import type { z } from "zod";
import {
  accidentSchema,
  claimLineSchema,
  claimSchema,
  employerSchema,
  subscriberSchema,
} from "../src/model/claim.js";
import {
  authorizationSchema,
  billingProviderSchema,
  chiropracticSchema,
  patientSchema,
  payerSchema,
  planOfCareSchema,
  renderingProviderSchema,
  serviceFacilitySchema,
  visitsBeforeSchema,
} from "../src/model/common.js";
import { serviceSchema, visitSchema } from "../src/model/visit.js";
import { payerProfileSchema } from "../src/payers/profile.js";
import * as S from "../src/payers/state-schedule.js";
import { envelopeSettingsSchema } from "../src/remit/corrected.js";

/** A field's meaning, and an example when the example documents do not hold one. */
export type FieldText = string | { meaning: string; example: unknown };

// biome-ignore lint/suspicious/noExplicitAny: any object shape
type AnyObject = z.ZodObject<any>;
export type FieldTexts<S extends AnyObject> = { [K in keyof S["shape"]]: FieldText };

export interface ObjectTexts {
  schema: AnyObject;
  fields: Record<string, FieldText>;
}

/** Pairs a schema with its texts; the type demands exactly the schema's fields. */
const texts = <S extends AnyObject>(schema: S, fields: FieldTexts<S>): ObjectTexts => ({
  schema,
  fields: fields as Record<string, FieldText>,
});

const date = (meaning: string, example: string): FieldText => ({ meaning, example });

const patient = texts(patientSchema, {
  id: "The practice's own patient id (its medical record number); sent as REF*EA in the 837P (loop 2300).",
  firstName: "Patient's first name (837P 2010BA NM104).",
  lastName: "Patient's last name (837P 2010BA NM103).",
  birthDate: "Patient's date of birth (837P 2010BA DMG02).",
  sex: "Patient's sex as the payer has it: F, M or U (unknown) (837P 2010BA DMG03).",
  memberId:
    "The member id on the patient's insurance card, e.g. the Medicare Beneficiary Identifier (837P 2010BA NM109).",
  zip: "Patient's ZIP code, 5 or 9 digits (837P 2010BA N403).",
  address: "Patient's street address (837P 2010BA N301); the 837P needs it.",
  city: "Patient's city (837P 2010BA N401).",
  state: "Patient's state, two letters (837P 2010BA N402).",
});

const payer = texts(payerSchema, {
  id: "The payer's electronic id (payer id), as the clearinghouse lists it: sent in the 837P as NM1*PR (loop 2010BB, NM109). Remits are matched back by it.",
  name: "The payer's name, as shown in reports (837P 2010BB NM103).",
  type: "What kind of payer it is. Picks the defaults when no payer profile says otherwise: unit method, NCCI/MUE, therapy modifiers, 97014, pricing (contract §1).",
  unitMethod: {
    meaning:
      'How timed minutes become units: "cms" (total time, Pub. 100-04 ch. 5 §20.2) or "ama" (per code). Default: from the payer type (or its profile).',
    example: "cms",
  },
});

const billingProvider = texts(billingProviderSchema, {
  npi: "The billing provider's NPI, 10 digits with a valid check digit (837P 2010AA NM109).",
  taxId: "The billing provider's federal tax id (EIN), 9 digits (837P 2010AA REF*EI).",
  name: "The practice's name (837P 2010AA NM103).",
  address: "The practice's street address (837P 2010AA N301); the 837P needs it.",
  city: "The practice's city (837P 2010AA N401).",
  state: "The practice's state, two letters (837P 2010AA N402).",
  zip: "The practice's ZIP code; the 837P needs ZIP+4 (9 digits) here (2010AA N403). Also picks the pricing locality when `locality` is absent.",
  locality:
    "The Medicare pricing locality as MAC-locality (e.g. 09102-04). Default: derived from the ZIP code.",
});

const serviceFacility = texts(serviceFacilitySchema, {
  name: {
    meaning: "The facility's name (837P 2310C NM103).",
    example: "Bayside Therapy, Coral Gables clinic",
  },
  npi: { meaning: "The facility's own NPI, when it has one (2310C NM109).", example: "1467512345" },
  address: { meaning: "The facility's street address (2310C N301).", example: "250 Ponce de Leon Blvd" },
  city: { meaning: "The facility's city (2310C N401).", example: "Coral Gables" },
  state: {
    meaning: "The facility's state, two letters (2310C N402); chooses a state's payer profile.",
    example: "FL",
  },
  zip: {
    meaning:
      "The facility's ZIP code; the 837P needs ZIP+4 (9 digits) here (2310C N403). Picks the pricing locality ahead of the billing provider's.",
    example: "331341234",
  },
  locality: {
    meaning:
      "The Medicare pricing locality of the facility as MAC-locality. Default: derived from its ZIP code.",
    example: "09102-04",
  },
});

const renderingProvider = texts(renderingProviderSchema, {
  npi: "The treating clinician's NPI (837P 2310B NM109). Absent or equal to the billing NPI: the billing provider rendered the service.",
  firstName: "The treating clinician's first name (837P 2310B NM104).",
  lastName: "The treating clinician's last name (837P 2310B NM103); the 837P needs it when 2310B is sent.",
  credential:
    "The clinician's credential. Decides the discipline (PT/OT/SLP), assistant modifiers (PTA/OTA: CQ/CO) and chiropractic rules (DC).",
  participating:
    "Whether the clinician participates with Medicare (accepts assignment). Non-participating: 95% of the fee schedule and a limiting charge.",
});

const planOfCare = texts(planOfCareSchema, {
  discipline: "The discipline of the certified plan of care: PT, OT or SLP (picks GP, GO or GN).",
  certifiedFrom: date("First day of the plan's certification period.", "2026-02-01"),
  certifiedThrough: date("Last day of the plan's certification period.", "2026-04-30"),
});

const chiropractic = texts(chiropracticSchema, {
  activeTreatment:
    "Whether the manipulation is active/corrective treatment (AT modifier) rather than maintenance care (Pub. 100-02 ch. 15 §240.1.3).",
  spinalRegions: {
    meaning: "Number of spinal regions treated, 1 to 5 (98940: 1-2, 98941: 3-4, 98942: 5).",
    example: 2,
  },
  initialTreatmentDate: date("Date of the initial treatment of this episode (837P DTP*454).", "2026-01-12"),
  xrayDate: date(
    "Date of the x-ray that documents the subluxation, when there is one (837P DTP*455).",
    "2026-01-10",
  ),
});

const authorization = texts(authorizationSchema, {
  number: { meaning: "The prior authorization number (837P REF*G1).", example: "AUTH-55821" },
  visitsAllowed: { meaning: "Visits the authorization allows.", example: 12 },
  visitsUsed: { meaning: "Visits already used before this one.", example: 4 },
  from: date("First day the authorization covers.", "2026-02-01"),
  through: date("Last day the authorization covers.", "2026-04-30"),
});

const count = (discipline: string, example: number) => ({
  meaning: `${discipline} visits (dates of service) already billed to this payer for this injury, before this claim.`,
  example,
});
const visitsBefore = texts(visitsBeforeSchema, {
  PT: count("PT (GP)", 12),
  OT: count("OT (GO)", 0),
  SLP: count("SLP (GN)", 0),
  DC: count("Chiropractic (a DC's)", 3),
});

const service = texts(serviceSchema, {
  code: "CPT or HCPCS code of the service, 5 characters.",
  minutes:
    "Minutes of direct treatment. Required for timed (15-minute) codes; recorded but never counted for untimed codes.",
  assistantMinutes:
    "The part of `minutes` furnished in whole or in part by a PTA or OTA (decides CQ/CO, contract §3).",
  region: "The anatomic region treated (for NCCI anatomic modifiers and chiropractic regions).",
  distinct:
    "The clinician attests that the service was distinct from the others (XE, XS, XP, XU or 59). Never added without this.",
  diagnosisPointers: {
    meaning: "Which diagnoses the service treats, 1-based into `diagnoses`. Default: chosen by coding.",
    example: [1],
  },
  modifiers: { meaning: "Modifiers chosen by hand, added to those coding chooses.", example: ["GP"] },
});

const accident = texts(accidentSchema, {
  causes: {
    meaning:
      "Related causes, 1 or 2 (837P CLM11-1, -2): AA auto accident, EM employment (workers' compensation), OA other accident.",
    example: ["EM"],
  },
  date: date("Date of the accident (837P DTP*439); required for AA and OA.", "2026-02-14"),
  state: {
    meaning:
      "State or province where the accident happened, 2 letters: CLM11-4 for an auto accident (required for AA, sent only then); for an injury at work, the state of injury, which chooses that state's payer profile.",
    example: "FL",
  },
});

const employer = texts(employerSchema, {
  name: {
    meaning:
      "The injured worker's employer, as the workers' comp insurer has it. The 837P sends it as the subscriber (2010BA NM1*IL, NM102 = 2, NM103), with the patient in 2000C (PAT01 = 20).",
    example: "Gulf Coast Roofing Inc",
  },
});

const subscriber = texts(subscriberSchema, {
  relationship: {
    meaning:
      "The patient's relationship to the subscriber (837P PAT01): 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other.",
    example: "19",
  },
  lastName: { meaning: "Subscriber's last name (2010BA NM103).", example: "Diaz" },
  firstName: { meaning: "Subscriber's first name (2010BA NM104).", example: "Luis" },
  birthDate: date("Subscriber's date of birth (2010BA DMG02); give it with sex.", "1955-08-20"),
  sex: { meaning: "Subscriber's sex, F, M or U (2010BA DMG03); give it with birthDate.", example: "M" },
  address: { meaning: "Subscriber's street address (2010BA N301).", example: "12 Palm Ave" },
  city: { meaning: "Subscriber's city (2010BA N401).", example: "Miami" },
  state: { meaning: "Subscriber's state, two letters (2010BA N402).", example: "FL" },
  zip: { meaning: "Subscriber's ZIP code, 5 or 9 digits (2010BA N403).", example: "33101" },
});

const visit = texts(visitSchema, {
  id: "The visit's id. Becomes the claim id (837P CLM01, the patient control number).",
  dateOfService: "The date the services were furnished.",
  patient: "The patient (837P loop 2010BA: in cleanclaim the patient is the subscriber).",
  payer: "The payer billed (837P loop 2010BB).",
  placeOfService:
    "The CMS place of service code, 2 digits (11 office, 12 home, 22 outpatient hospital…): picks facility or non-facility pricing.",
  billingProvider: "The practice that bills (837P loop 2010AA).",
  serviceFacility:
    "Where the services were furnished, when not at the billing provider's address (837P loop 2310C). Its ZIP or locality prices the claim (Medicare pays by the place of service's locality), and its state chooses a state's payer profile.",
  renderingProvider: "The clinician who treated (837P loop 2310B).",
  planOfCare:
    "The certified therapy plan of care. null means there is none (judged for Medicare); absent means not documented here (not judged).",
  diagnoses: "ICD-10-CM codes, with or without the dot; the first is the principal one. At most 12.",
  services: "The services documented, in the order furnished.",
  chiropractic: "Chiropractic documentation (for a DC's manipulation), or null.",
  abnOnFile:
    "Whether a signed Advance Beneficiary Notice is on file (GA with maintenance chiropractic care, GX with a voluntary ABN).",
  therapyYearToDate:
    "Medicare allowed amount for PT+SLP (or OT) so far this calendar year, before this visit (for the KX threshold).",
  medicallyNecessaryOverThreshold:
    "The documentation supports medical necessity past the KX threshold (KX may be added).",
  authorization: "The payer's prior authorization, if one was required, or null.",
  benefitUsed: {
    meaning:
      "What the program has already paid on this injury's benefit before this visit (the insurer's PIP payout ledger), for a state schedule's benefit caps: the estimate pays no more than the cap leaves. Absent: the caps are shown in the trace, not applied.",
    example: "9900.00",
  },
  visitsBefore:
    "Visits per discipline already billed for this injury, for a state schedule's visit limits (docs/rules/authorization.md). Absent: the service counts them from the stored claims to the same payer (same accident date); the CLI counts from `authorization.visitsUsed`, else from this claim.",
  charges: {
    meaning: "The practice's charge per unit, by code. Absent: from the practice fee schedule (`--charges`).",
    example: { "97110": "60.00" },
  },
  deductibleRemaining:
    "Part B deductible still unmet this year. Absent: 0.00 (met), and the estimate says it assumed so.",
  frequency: {
    meaning: '"1" original claim, "7" replacement, "8" void (837P CLM05-3). Default: "1".',
    example: "7",
  },
  payerClaimControlNumber: {
    meaning:
      "The payer's claim number of the claim being replaced or voided (837P REF*F8); required for 7 and 8.",
    example: "22026079123450",
  },
  accident:
    "An auto, employment or other accident that caused the condition (837P CLM11, DTP*439), carried to the claim; absent when none.",
  propertyCasualtyClaimNumber: {
    meaning:
      "The claim or injury number the workers' comp or auto insurer assigned (837P REF*Y4, loop 2010BA or 2010CA), carried to the claim; required before an 837 for workers-comp and auto payers.",
    example: "WC-2026-004417",
  },
  employer:
    "The injured worker's employer on a workers' comp claim, carried to the claim; required before an 837 for workers-comp payers.",
  subscriber:
    "The insured person when the patient is someone else (a spouse, a child): the claim then carries the 2000C patient loop. Absent: the patient is the subscriber. The member id stays in `patient.memberId`.",
});

const line = texts(claimLineSchema, {
  code: { meaning: "CPT or HCPCS code billed (837P SV101-2).", example: "97110" },
  modifiers: {
    meaning: "Modifiers, at most 4 on the 837P, pricing modifiers first (SV101-3 to -6).",
    example: ["GP"],
  },
  units: { meaning: "Units of service (SV104).", example: 2 },
  charge: { meaning: "The line's charge: unit charge × units (SV102).", example: "120.00" },
  diagnosisPointers: { meaning: "1-based pointers into `diagnoses`, at most 4 (SV107).", example: [1, 2] },
  dateOfService: { meaning: "Date of service of the line (837P 2400 DTP*472).", example: "2026-03-02" },
  minutes: {
    meaning: "Treatment minutes carried from the visit, so scrubbing can prove a fix (not in the 837P).",
    example: 30,
  },
  assistantMinutes: { meaning: "Assistant minutes carried from the visit (CQ/CO).", example: 0 },
  region: { meaning: "Region treated, carried from the visit.", example: "lumbar" },
  distinct: {
    meaning: "The visit's distinct-service attestation, carried so a fix may add XE/XS/XP/XU/59.",
    example: "XS",
  },
});

const unbilledTimedMinutes = texts(claimSchema.shape.unbilledTimedMinutes.unwrap().element, {
  code: { meaning: "Timed code whose minutes earned no unit.", example: "97110" },
  minutes: {
    meaning: "Its minutes, still counted toward the day's total (Pub. 100-04 ch. 5 §20.2).",
    example: 7,
  },
  dateOfService: { meaning: "Its date of service.", example: "2026-03-02" },
});

const claim = texts(claimSchema, {
  id: {
    meaning: "The claim id (837P CLM01, the patient control number): the visit's id.",
    example: "V-1001",
  },
  frequency: { meaning: '"1" original, "7" replacement, "8" void (CLM05-3).', example: "1" },
  payerClaimControlNumber: {
    meaning: "The payer's number of the claim replaced or voided (REF*F8); required for frequency 7 and 8.",
    example: null,
  },
  patient: "The patient (loop 2010BA).",
  payer: "The payer (loop 2010BB).",
  billingProvider: "The billing provider (loop 2010AA).",
  serviceFacility:
    "Where the services were furnished, when not at the billing provider's address (loop 2310C).",
  renderingProvider: "The rendering provider (loop 2310B).",
  placeOfService: { meaning: "Place of service code (CLM05-1).", example: "11" },
  diagnoses: { meaning: "ICD-10-CM codes, principal first, at most 12 (HI).", example: ["M54.16", "M51.26"] },
  lines: "The service lines (loop 2400), at most 50.",
  chiropractic: { meaning: "Chiropractic documentation (CR2, DTP*454/455), or null.", example: null },
  deductibleRemaining: {
    meaning: "Part B deductible still unmet, used by the estimate. Absent: 0.00.",
    example: "0.00",
  },
  planOfCare: "The plan of care carried from the visit (not in the 837P). Absent: not judged; null: no plan.",
  therapyYearToDate: {
    meaning: "Medicare therapy allowed so far this year, from the visit (KX).",
    example: "0.00",
  },
  medicallyNecessaryOverThreshold: {
    meaning: "From the visit: medical necessity documented past the KX threshold.",
    example: false,
  },
  abnOnFile: { meaning: "From the visit: an ABN is on file.", example: false },
  authorization: { meaning: "From the visit: the prior authorization, or null.", example: null },
  visitsBefore: "From the visit: visits per discipline before this claim (state visit limits).",
  benefitUsed: {
    meaning: "From the visit: the injury's benefit already paid (state benefit caps).",
    example: "9900.00",
  },
  unbilledTimedMinutes:
    "Timed minutes documented but not billed (no unit earned); they still count toward the day's total.",
  accident: "The accident behind the claim (CLM11 related causes, DTP*439), or absent.",
  propertyCasualtyClaimNumber: {
    meaning:
      "The workers' comp or auto insurer's claim number (REF*Y4: 2010BA, or 2010CA when a 2000C patient loop is sent); required for workers-comp and auto payers.",
    example: "WC-2026-004417",
  },
  employer:
    "The employer on a workers' comp claim, sent as the subscriber (2010BA NM102 = 2); required for workers-comp payers.",
  subscriber:
    "The subscriber when the patient is not the subscriber (2000B/2010BA, with the patient in 2000C/2010CA).",
});

const profile = payerProfileSchema.shape;
const [requireModifier, maxUnits, notCovered] = profile.extraRules.unwrap().element.options;

const payerProfile = texts(payerProfileSchema, {
  id: "The profile's id, as in reports.",
  name: "The payer's name, as in messages.",
  type: "The payer type whose defaults the profile starts from (docs/payer-profiles.md, defaults by payer type).",
  appliesTo: {
    meaning:
      "The payers the profile is for: payer ids (`payer.id`, the electronic id), payer types and states; a payer must match every list given. A claim uses the most specific match (payer id, then states, then type); other claims keep their built-in defaults. Absent: the profile's own type only, with a warning.",
    example: { payerIds: ["60054"], payerTypes: ["commercial"] },
  },
  unitMethod: "Timed units: cms (total time, 8-minute rule) or ama (per code).",
  distinctModifier:
    "X: bill the X modifier the clinician attested (XE, XS, XP, XU); 59: bill 59 for any attested distinct service.",
  therapyModifiersRequired: {
    meaning: "Require GP, GO or GN on therapy lines (therapy-modifier).",
    example: true,
  },
  accepts97014: {
    meaning: "false: 97014 is recoded (coding) or reported (code-status) as G0283.",
    example: true,
  },
  ncciPtp: { meaning: "Apply the NCCI procedure-to-procedure edits (ncci-ptp).", example: true },
  mue: { meaning: "Apply the Medically Unlikely Edits (mue).", example: true },
  skipMueZeroCmsPolicy: "Skip MUE rows of 0 units whose rationale is CMS policy (such as 97014).",
  mppr: { meaning: "Therapy multiple procedure payment reduction in the estimate.", example: false },
  assistantReduction: {
    meaning: "CQ/CO: required by assistant-modifier, paid at 85% in the estimate.",
    example: false,
  },
  sequestration: { meaning: "2% sequestration in the estimate.", example: false },
  medicareTherapyRules: {
    meaning: "The KX threshold, Medicare plan-of-care rules and Medicare chiropractic rules.",
    example: false,
  },
  timelyFilingDays:
    "Filing limit in days after the date of service; 365 (or whole years) is read as calendar years.",
  severities: "Overrides a rule's severity for this payer, by rule id; off skips the rule.",
  codePairEdits: "The payer's own code pairs, on top of NCCI.",
  extraRules: "The payer's own declarative rules, reported under the rule payer-edits.",
  pricing: "How the estimate prices this payer.",
});

const codePairEdit = texts(profile.codePairEdits.unwrap().element, {
  column1: { meaning: "The code that is paid.", example: "97530" },
  column2: { meaning: "The code denied with column 1 on the same day.", example: "97110" },
  modifierIndicator: {
    meaning: '"0" never paid together; "1" paid with an NCCI-associated modifier on column 2.',
    example: "1",
  },
  reason: {
    meaning: "Why, shown in messages.",
    example: "therapeutic activities include therapeutic exercise unless distinct",
  },
  effectiveFrom: date("First date of service the edit applies to (inclusive).", "2026-01-01"),
  effectiveThrough: date("Last date of service the edit applies to (inclusive).", "2026-12-31"),
});

const ruleId = "The rule's id, unique in the profile, shown in messages.";
const ruleReason = "Why, shown in messages.";
const ruleSeverity = "The severity of its findings.";

const requireModifierRule = texts(requireModifier, {
  kind: "require-modifier: a line of one of the codes without the modifier (CARC 4).",
  id: ruleId,
  codes: { meaning: "The codes that need the modifier.", example: ["97110", "97140"] },
  modifier: { meaning: "The modifier they need.", example: "97" },
  reason: ruleReason,
  severity: ruleSeverity,
});

const maxUnitsRule = texts(maxUnits, {
  kind: "max-units: more units of the code a day, or on one line (CARC 151).",
  id: ruleId,
  code: { meaning: "The code limited.", example: "97140" },
  units: { meaning: "The most units allowed.", example: 2 },
  perDay: "true: the limit is per day; false: per line.",
  reason: ruleReason,
  severity: ruleSeverity,
});

const notCoveredRule = texts(notCovered, {
  kind: "not-covered: any line of the codes (CARC 96).",
  id: ruleId,
  codes: { meaning: "The codes the payer does not cover.", example: ["97010"] },
  reason: ruleReason,
  severity: ruleSeverity,
});

const payerProfileAppliesTo = texts(profile.appliesTo.unwrap(), {
  payerIds: {
    meaning: "Payer ids (the electronic id sent in NM1*PR NM109) the profile applies to.",
    example: ["60054"],
  },
  payerTypes: { meaning: "Payer types the profile applies to.", example: ["commercial"] },
  states: {
    meaning:
      "Two-letter states the claim must be of: the accident's state, else the service facility's or the billing provider's state, else the state of that place's ZIP code. A state's workers' comp or no-fault schedule names its state, so the profiles of several states load together.",
    example: ["TX"],
  },
});

const pricing = texts(profile.pricing.unwrap(), {
  basis:
    "What the estimate starts from: the MPFS, a percentage of it, the payer's fee table, or a state fee schedule (state-schedule).",
  stateSchedule:
    'Required with "state-schedule": the state\'s method, its figures with their sources and verification, and the rules on top (docs/state-fee-schedules.md).',
  percentOfMedicare: {
    meaning: 'The percentage of the Medicare amount, required with "percent-of-medicare".',
    example: "110",
  },
  feeTable:
    'Required with "fee-table": a csv of code,modifier,amount (one unit), with an optional fourth column region, relative to the profile file.',
  stateRvuTable: {
    meaning:
      'For a state schedule of method "state-rvu": the state\'s own RVUs as a csv of code,modifier,rvu, relative to the profile file.',
    example: "ny-wcb-rvus.csv",
  },
  coinsurancePercent: "The patient's share after the deductible, in percent.",
  deductible: { meaning: "Apply the Part B deductible.", example: true },
});

const envelope = envelopeSettingsSchema.shape;

const submitter = texts(envelope.submitter.unwrap(), {
  name: {
    meaning: "Submitter name (837P loop 1000A NM103): the practice or its billing service.",
    example: "Bayside Therapy",
  },
  id: {
    meaning: "Submitter id the receiver assigned (1000A NM109); also ISA06 unless senderId.",
    example: "123456789",
  },
  contactName: { meaning: "Submitter contact name (1000A PER02).", example: "Billing Office" },
  phone: { meaning: "Contact phone, digits (1000A PER04); phone or email is needed.", example: "3055551234" },
  email: { meaning: "Contact email (1000A PER), when there is no phone.", example: "billing@example.com" },
});

const receiver = texts(envelope.receiver.unwrap(), {
  name: { meaning: "Receiver name (1000B NM103): the clearinghouse or payer.", example: "Clearinghouse" },
  id: { meaning: "Receiver id (1000B NM109); also ISA08 unless receiverId.", example: "CLEARHOUSE" },
});

const envelopeSettings = texts(envelopeSettingsSchema, {
  submitter:
    "Who sends the file (loop 1000A). Flags --submitter-name, --submitter-id, --contact, --phone override it.",
  receiver: "Who receives it (loop 1000B). Flags --receiver-name, --receiver-id override it.",
  senderId: {
    meaning: "ISA06 interchange sender id, up to 15 characters. Default: the submitter id.",
    example: "123456789",
  },
  receiverId: {
    meaning: "ISA08 interchange receiver id, up to 15 characters. Default: the receiver id.",
    example: "CLEARHOUSE",
  },
  senderQualifier: { meaning: 'ISA05 sender id qualifier. Default "ZZ" (mutually defined).', example: "ZZ" },
  receiverQualifier: { meaning: 'ISA07 receiver id qualifier. Default "ZZ".', example: "ZZ" },
  controlNumber: {
    meaning:
      "ISA13 interchange control number, 1 to 999999999 (also GS06 unless groupControlNumber). Default: the next number kept in CLEANCLAIM_HOME.",
    example: 17,
  },
  groupControlNumber: { meaning: "GS06 group control number. Default: the control number.", example: 17 },
  date: { meaning: "Creation date, YYYY-MM-DD (ISA09, GS04, BHT04). Default: today.", example: "2026-03-05" },
  time: { meaning: "Creation time, HH:MM or HHMM (ISA10, GS05, BHT05). Default: now.", example: "09:30" },
  usageIndicator: { meaning: "ISA15: T test or P production. Default P.", example: "T" },
  applicationSenderCode: { meaning: "GS02. Default: the sender id.", example: "123456789" },
  applicationReceiverCode: { meaning: "GS03. Default: the receiver id.", example: "CLEARHOUSE" },
  referenceId: { meaning: "BHT03 prefix. Default: the control number.", example: "BATCH-0305" },
  acknowledgmentRequested: { meaning: "ISA14: ask for a TA1 acknowledgment. Default false.", example: false },
  lineBreaks: {
    meaning: "A line break after each segment, for people reading the file. Default true.",
    example: true,
  },
});

const src = {
  meaning:
    "Where the figure comes from: the regulation section or publication, its address, when it was read.",
  example: { citation: "28 TAC §134.203(c)" },
};
const verified = {
  meaning:
    "true when the figure was read in the cited source; false when the user or a secondary source supplied it.",
  example: true,
};
const note = {
  meaning: "What is left to confirm about the figure.",
  example: "enter the CY2026 figure from TDI",
};
const ex = (meaning: string, example: unknown): FieldText => ({ meaning, example });

const figureSourceTexts = texts(S.figureSource, {
  citation: ex("The regulation section or publication.", "28 TAC §134.203(c)"),
  url: ex("Its public address.", "https://www.tdi.texas.gov/wc/fee/conversionfactors.html"),
  retrieved: date("When it was read (YYYY-MM-DD).", "2026-12-02"),
});
const stateScheduleTexts = texts(S.stateScheduleSchema, {
  program: ex("The program priced.", "TX workers' compensation: professional services"),
  state: ex("Its state (2 letters).", "TX"),
  authority: ex("The regulation that sets the schedule.", { citation: "28 TAC §134.203" }),
  method: ex("medicare-rvu, percent-of-medicare, fee-table, state-rvu or none.", "medicare-rvu"),
  conversionFactors: ex("The state's conversion factors by date and section (medicare-rvu).", []),
  sections: ex("Service sections by code range, for factors that differ by section.", []),
  geographic: ex("medicare-locality (the locality's GPCIs) or none (1.000 each).", "medicare-locality"),
  percentages: ex("The percentage steps of percent-of-medicare, multiplied in order.", []),
  floor: ex("A floor year whose Medicare schedule the amount may not fall below (percent-of-medicare).", {
    year: 2007,
    whenNotLoaded: "refuse",
    source: { citation: "Fla. Stat. §627.736(5)(a)3" },
    verified: false,
  }),
  regions: ex("Pricing regions by practice ZIP prefix, for factors or fee rows that differ by region.", []),
  lesserOfCharge: ex("The maximum is the lesser of the billed charge and the schedule.", {
    applies: true,
    source: { citation: "N.J.A.C. 11:3-29.4" },
    verified: true,
  }),
  mpprCodes: ex("Codes the therapy MPPR reaches beyond Medicare's indicator 5.", {
    codes: ["98940-98942"],
    source: { citation: "8 CCR §9789.15.4" },
    verified: true,
  }),
  dailyCaps: ex("Caps per discipline and date, in dollars or RVUs, with evaluation-day variants.", []),
  visitLimits: ex("Visits allowed before authorization, review or denial.", []),
  excludedCodes: ex("Codes the program does not pay.", []),
  benefitCaps: ex("Benefit maximums of the program.", []),
  requiredFile: ex("The state's file to import (fee-table).", {
    what: "L&I's fee schedule file",
    source: { citation: "MARFS" },
    verified: true,
  }),
  refusal: ex("Why no amount can be computed (method none).", {
    reason: "no fee schedule",
    source: { citation: "N.J.S.A. 34:15-15" },
    verified: false,
  }),
});
const stateCfTexts = texts(S.stateConversionFactorSchema, {
  section: ex('The section it prices ("all" or a section name).', "all"),
  region: ex("The region it prices (a region of regions); absent for every region.", "IV"),
  from: date("First date of service.", "2024-01-01"),
  through: date("Last date of service.", "2024-12-31"),
  amount: ex("The factor; null until verified (pricing refuses and names it).", "67.81"),
  source: src,
  verified,
  note,
});
const stateRegionTexts = texts(S.stateRegionSchema, {
  region: ex("The region's name as the state writes it.", "IV"),
  zipPrefixes: ex("ZIP prefixes (3 to 5 digits) of practice locations in it; the longest match wins.", [
    "100",
  ]),
  source: src,
  verified,
  note,
});
const stateFloorTexts = texts(S.stateFloorSchema, {
  year: ex("The floor year whose Medicare schedule is the minimum.", 2007),
  whenNotLoaded: ex(
    "refuse (no estimate) or warn (price the service year alone) when the floor year's data is not loaded.",
    "refuse",
  ),
  source: src,
  verified,
  note,
});
const stateSectionTexts = texts(S.stateSectionSchema, {
  section: ex("The section's name.", "physical-medicine"),
  codes: ex("Codes and ranges in it.", ["97010-97799"]),
});
const statePercentTexts = texts(S.statePercentStepSchema, {
  label: ex("What the step is.", "200% of the Medicare Part B participating amount"),
  percent: ex("The percentage; null until verified.", "200"),
  source: src,
  verified,
  note,
});
const stateCapTexts = texts(S.stateDailyCapSchema, {
  id: ex("The cap's id.", "wa-pt-ot-daily"),
  disciplines: ex("Disciplines capped, each on its own.", ["PT", "OT"]),
  unit: ex(
    "dollars (the lines' allowed amounts, the default) or rvus (units x work + PE + MP of the RVUs the lines are priced with).",
    "rvus",
  ),
  amount: ex("Dollars or RVUs per discipline per day; null until verified.", "149.45"),
  codes: ex("The codes the cap counts; absent: every line of the discipline.", ["97010-97799"]),
  withEvaluation: ex("The cap on a day with one of its evaluation codes, checked first.", {
    codes: ["97161-97163"],
    amount: null,
  }),
  withReevaluation: ex("The cap on a day with one of its re-evaluation codes.", {
    codes: ["97164"],
    amount: null,
  }),
  from: date("First date it is in force.", "2025-07-01"),
  through: date("Last date it is in force.", "2026-06-30"),
  source: src,
  verified,
  note,
});
const stateCapVariantTexts = texts(S.stateDailyCapVariantSchema, {
  codes: ex("Codes and ranges that choose this cap when billed that day.", ["97161-97163"]),
  amount: ex("The cap on such a day; null until verified.", "18.00"),
});
const stateVisitTexts = texts(S.stateVisitLimitSchema, {
  id: ex("The limit's id.", "ca-24-visits"),
  per: ex("injury or claim.", "injury"),
  disciplines: ex("Disciplines counted, each on its own.", ["PT"]),
  visits: ex("Visits allowed before the action.", 24),
  action: ex("authorization, review or deny.", "authorization"),
  source: src,
  verified,
  note,
});
const stateExcludedTexts = texts(S.stateExcludedSchema, {
  codes: ex("Codes and ranges not paid.", ["97124"]),
  reason: ex("Why the codes are not paid.", "massage is excluded"),
  source: src,
  verified,
  note,
});
const stateBenefitTexts = texts(S.stateBenefitCapSchema, {
  label: ex("The benefit.", "PIP medical benefit"),
  amount: ex("Dollars; null until verified.", "10000.00"),
  source: src,
  verified,
  note,
});
const stateLesserTexts = texts(S.stateLesserOfSchema, {
  applies: ex("Whether it applies.", true),
  source: src,
  verified,
  note,
});
const stateMpprTexts = texts(S.stateMpprCodesSchema, {
  codes: ex("Codes and ranges.", ["98940-98942"]),
  source: src,
  verified,
  note,
});
const stateFileTexts = texts(S.stateRequiredFileSchema, {
  what: ex("The file and where to get it.", "L&I's fee schedule file"),
  source: src,
  verified,
  note,
});
const stateRefusalTexts = texts(S.stateRefusalSchema, {
  reason: ex("Why no amount can be computed.", "no fee schedule"),
  source: src,
  verified,
  note,
});

/** Every object schema of the four input documents, with its texts. */
export const objectTexts: readonly ObjectTexts[] = [
  visit,
  service,
  patient,
  payer,
  billingProvider,
  serviceFacility,
  renderingProvider,
  planOfCare,
  chiropractic,
  authorization,
  visitsBefore,
  accident,
  employer,
  subscriber,
  claim,
  line,
  unbilledTimedMinutes,
  payerProfile,
  payerProfileAppliesTo,
  codePairEdit,
  requireModifierRule,
  maxUnitsRule,
  notCoveredRule,
  pricing,
  figureSourceTexts,
  stateScheduleTexts,
  stateCfTexts,
  stateRegionTexts,
  stateFloorTexts,
  stateSectionTexts,
  statePercentTexts,
  stateCapTexts,
  stateCapVariantTexts,
  stateVisitTexts,
  stateExcludedTexts,
  stateBenefitTexts,
  stateLesserTexts,
  stateMpprTexts,
  stateFileTexts,
  stateRefusalTexts,
  envelopeSettings,
  submitter,
  receiver,
];
