/**
 * Which cleanclaim rule explains a payer's adjustment, as data: rows of (CARC, remark
 * codes) with the rules that can explain them, each with the facts about the line that
 * point to it. The first row whose CARC matches, and whose remark codes (when it lists
 * any) came with it, wins; docs/remit.md prints this table.
 */

/** A fact about the adjusted line: read from the submitted line, or from the remit line without claims. */
export type LineTest =
  /** A therapy code (CMS therapy list) that carries none of these modifiers. */
  | { test: "therapy-code-without"; modifiers: readonly string[] }
  | { test: "has-modifier"; modifiers: readonly string[] }
  | { test: "lacks-modifier"; modifiers: readonly string[] }
  | { test: "code-in"; codes: readonly string[] }
  /** The rendering provider's credential (needs the submitted claim). */
  | { test: "rendered-by"; credentials: readonly string[] }
  /** An untimed (service-based) code billed with more than this many units. */
  | { test: "untimed-units-over"; units: number }
  /** A timed code whose line documents no minutes (needs the submitted claim). */
  | { test: "timed-without-minutes" }
  | { test: "therapy-code" };

export interface RuleCandidate {
  rule: string;
  /** Every test must hold on the line. */
  when?: readonly LineTest[];
  /** Chosen only when the scrubber itself reports this rule on the line. */
  evidenceOnly?: boolean;
}

export interface ReasonMapping {
  carc: string;
  /** The row applies only when one of these remark codes came with the CARC. */
  rarcs?: readonly string[];
  /**
   * Tried in order: first the candidates the scrubber reports on the line (evidence),
   * then the first whose tests hold.
   */
  candidates: readonly RuleCandidate[];
  /** When no candidate applies: why no cleanclaim rule covers it, and what to do. */
  noRule?: string;
  /** When the whole claim carries this reason, withdraw it (frequency 8) instead of correcting it. */
  voidWhenWholeClaim?: boolean;
}

const therapyModifiers = ["GP", "GO", "GN"] as const;
const chiropracticManipulation = ["98940", "98941", "98942"] as const;

// A GY line is billed to be denied as excluded: the therapy-modifier rule leaves it alone too.
const missingTherapyModifier: RuleCandidate = {
  rule: "therapy-modifier",
  when: [
    { test: "therapy-code-without", modifiers: therapyModifiers },
    { test: "lacks-modifier", modifiers: ["GY"] },
  ],
};

/** Modifier problems: which modifier family the line shows decides the rule. */
const modifierCandidates: readonly RuleCandidate[] = [
  missingTherapyModifier,
  { rule: "assistant-modifier", when: [{ test: "has-modifier", modifiers: ["CQ", "CO"] }] },
  { rule: "chiro-coverage", when: [{ test: "has-modifier", modifiers: ["AT", "GY", "GX"] }] },
  { rule: "chiro-coverage", when: [{ test: "code-in", codes: chiropracticManipulation }] },
  { rule: "kx-threshold", when: [{ test: "has-modifier", modifiers: ["KX"] }] },
  { rule: "modifier" },
];

/** Unit problems: untimed codes take one unit a day; timed ones follow the minutes; else the MUE. */
const unitCandidates: readonly RuleCandidate[] = [
  { rule: "untimed-units", when: [{ test: "untimed-units-over", units: 1 }] },
  { rule: "timed-units", when: [{ test: "timed-without-minutes" }] },
  { rule: "mue" },
];

const bundlingCandidates: readonly RuleCandidate[] = [
  { rule: "ncci-ptp" },
  { rule: "payer-edits", evidenceOnly: true },
];

const medicalNecessityCandidates: readonly RuleCandidate[] = [
  { rule: "chiro-coverage", when: [{ test: "code-in", codes: chiropracticManipulation }] },
  { rule: "kx-threshold", when: [{ test: "therapy-code" }, { test: "lacks-modifier", modifiers: ["KX"] }] },
  { rule: "plan-of-care", when: [{ test: "therapy-code" }] },
];

const nonCoveredCandidates: readonly RuleCandidate[] = [
  { rule: "chiro-coverage", when: [{ test: "rendered-by", credentials: ["DC"] }] },
  { rule: "chiro-coverage", when: [{ test: "code-in", codes: [...chiropracticManipulation, "98943"] }] },
  { rule: "code-status" },
];

const eligibility =
  "no cleanclaim rule checks eligibility: verify the patient's coverage on the date of service and bill the payer responsible";

export const reasonMappings: readonly ReasonMapping[] = [
  { carc: "236", candidates: bundlingCandidates },
  { carc: "97", rarcs: ["M80", "N20", "M15", "N19"], candidates: [{ rule: "ncci-ptp" }] },
  { carc: "97", rarcs: ["M86"], candidates: [{ rule: "duplicate-line" }] },
  { carc: "97", candidates: bundlingCandidates },
  { carc: "4", candidates: modifierCandidates },
  { carc: "151", candidates: unitCandidates },
  { carc: "29", candidates: [{ rule: "timely-filing" }] },
  { carc: "50", candidates: medicalNecessityCandidates, noRule: necessity() },
  {
    carc: "119",
    candidates: [
      { rule: "kx-threshold", when: [{ test: "therapy-code" }] },
      { rule: "authorization", evidenceOnly: true },
    ],
    noRule: "the plan's benefit limit for the period is used up; the patient may owe further visits",
  },
  // CO-16 always comes with a remark code that names what is missing.
  {
    carc: "16",
    rarcs: ["MA04"],
    candidates: [],
    noRule:
      "no cleanclaim rule checks coordination of benefits: send the secondary claim with the primary payer's adjudication",
  },
  { carc: "16", rarcs: ["M51", "M20", "N657"], candidates: [{ rule: "code-status" }] },
  { carc: "16", rarcs: ["M53", "N362"], candidates: unitCandidates },
  { carc: "16", rarcs: ["M76", "M81", "MA63"], candidates: [{ rule: "diagnosis" }] },
  { carc: "16", rarcs: ["N290"], candidates: [{ rule: "claim-structure" }] },
  { carc: "16", rarcs: ["N54", "N351"], candidates: [{ rule: "authorization" }, { rule: "plan-of-care" }] },
  {
    carc: "16",
    candidates: [
      missingTherapyModifier,
      { rule: "diagnosis", evidenceOnly: true },
      { rule: "claim-structure" },
    ],
  },
  { carc: "18", candidates: [{ rule: "duplicate-line" }], voidWhenWholeClaim: true },
  { carc: "96", candidates: nonCoveredCandidates, noRule: "the plan does not cover the service" },
  {
    carc: "204",
    candidates: nonCoveredCandidates.filter((c) => c.rule !== "code-status"),
    noRule: notBenefit(),
  },
  { carc: "181", candidates: [{ rule: "code-status" }] },
  { carc: "182", candidates: [{ rule: "modifier" }, { rule: "code-status", evidenceOnly: true }] },
  { carc: "11", candidates: [{ rule: "diagnosis" }] },
  { carc: "146", candidates: [{ rule: "diagnosis" }] },
  { carc: "167", candidates: [{ rule: "diagnosis" }] },
  { carc: "197", candidates: [{ rule: "authorization" }] },
  { carc: "198", candidates: [{ rule: "authorization" }] },
  {
    carc: "170",
    candidates: [{ rule: "chiro-coverage", when: [{ test: "rendered-by", credentials: ["DC"] }] }],
    noRule:
      "no cleanclaim rule checks provider enrollment: check that this provider type may bill the service",
  },
  {
    carc: "185",
    candidates: [{ rule: "assistant-modifier", evidenceOnly: true }],
    noRule:
      "no cleanclaim rule checks enrollment: check the rendering provider's enrollment and credential (loop 2310B)",
  },
  {
    carc: "5",
    candidates: [{ rule: "claim-structure", evidenceOnly: true }],
    noRule: "check the place of service against where the visit took place",
  },
  { carc: "6", candidates: [], noRule: "no cleanclaim rule checks age limits: check the birth date sent" },
  { carc: "22", candidates: [], noRule: `${eligibility}; the patient has other coverage that pays first` },
  { carc: "26", candidates: [], noRule: eligibility },
  { carc: "27", candidates: [], noRule: eligibility },
  { carc: "31", candidates: [], noRule: `${eligibility}; check the member id, name and birth date` },
  { carc: "109", candidates: [], noRule: `${eligibility}; this payer is not the one responsible` },
  { carc: "24", candidates: [], noRule: "capitated service: no fee-for-service claim is paid" },
  { carc: "242", candidates: [], noRule: "no cleanclaim rule checks network status or referrals" },
  { carc: "251", candidates: [], noRule: "send the records the payer asked for" },
  {
    carc: "252",
    candidates: [],
    noRule: "send the records the payer asked for (PWK attachment), then resubmit",
  },
];

function necessity(): string {
  return "medical necessity is a clinical judgment no cleanclaim rule makes: appeal with the plan of care, progress notes and the coverage policy it meets";
}

function notBenefit(): string {
  return "not a benefit of the patient's plan: bill the patient only with a signed waiver or ABN on file";
}

/** What an expected adjustment is, for the underpayment arithmetic. */
export type ExpectedRole =
  | "deductible"
  | "coinsurance"
  | "copay"
  | "sequestration"
  | "contractual"
  | "mppr"
  | "prior-payer"
  | "expected-denial";

export interface ExpectedAdjustment {
  /** Any group when absent. */
  groups?: readonly string[];
  carc: string;
  role: ExpectedRole;
  /** The adjustment is expected only when these hold on the line. */
  when?: readonly LineTest[];
  why: string;
}

/**
 * Adjustments that are not denials: the patient's share, the contractual write-off (checked
 * against our allowed amount by the underpayment check), sequestration, MPPR, and denials
 * the claim itself announced (GY, GZ, GA).
 */
export const expectedAdjustments: readonly ExpectedAdjustment[] = [
  { groups: ["PR"], carc: "1", role: "deductible", why: "the patient's deductible" },
  { groups: ["PR"], carc: "2", role: "coinsurance", why: "the patient's coinsurance" },
  { groups: ["PR"], carc: "3", role: "copay", why: "the patient's copay" },
  { carc: "45", role: "contractual", why: "contractual write-off, checked down to our allowed amount" },
  { carc: "253", role: "sequestration", why: "Medicare sequestration (2%)" },
  { carc: "59", role: "mppr", why: "therapy MPPR, already in our estimate" },
  { groups: ["OA"], carc: "23", role: "prior-payer", why: "a prior payer's adjudication" },
  {
    carc: "96",
    role: "expected-denial",
    when: [{ test: "has-modifier", modifiers: ["GY", "GZ", "GA"] }],
    why: "billed with GY, GZ or GA: the claim said the service would be denied",
  },
  {
    carc: "204",
    role: "expected-denial",
    when: [{ test: "has-modifier", modifiers: ["GY", "GZ", "GA"] }],
    why: "billed with GY, GZ or GA: the claim said the service would be denied",
  },
  {
    carc: "50",
    role: "expected-denial",
    when: [{ test: "has-modifier", modifiers: ["GZ", "GA"] }],
    why: "billed with GZ or GA: the claim said the service would be denied as not necessary",
  },
];

/**
 * Remark codes that make the payer treat the claim as never received (unprocessable):
 * the correction goes out as a new claim (frequency 1), because there is nothing to replace.
 */
export const unprocessableRemarks: ReadonlySet<string> = new Set(["MA130"]);

/** The cleanclaim rules that may explain a CARC or a remark code (for the code explanations). */
export function rulesForCode(kind: "carc" | "rarc", code: string): string[] {
  const out: string[] = [];
  for (const m of reasonMappings) {
    const applies = kind === "carc" ? m.carc === code : m.rarcs?.includes(code) === true;
    if (!applies) continue;
    for (const c of m.candidates) if (!out.includes(c.rule)) out.push(c.rule);
  }
  return out;
}
