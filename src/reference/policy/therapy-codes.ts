import type { TherapyCode } from "../types.js";

/**
 * Timing and therapy class of the therapy, chiropractic and related codes.
 *
 * Sources: CMS annual therapy code list (CY2025, "always" and "sometimes" therapy);
 * timed/untimed from the code descriptors and Pub. 100-04 ch. 5 §20.2; evaluation
 * disciplines from CR 10176. Descriptions are our own words, never the AMA descriptors.
 * The edition of this list is `therapyCodeListEdition`.
 */
export const therapyCodeListEdition = "CMS therapy code list CY2025 (compiled by cleanclaim)";

type Row = [
  code: string,
  timing: TherapyCode["timing"],
  cls: "always" | "sometimes" | "",
  evalDiscipline: string,
  description: string,
];

const rows: Row[] = [
  // Supervised modalities: service-based.
  ["97010", "untimed", "always", "", "Hot or cold packs"],
  ["97012", "untimed", "always", "", "Mechanical traction"],
  ["97014", "untimed", "always", "", "Unattended electrical stimulation (not valid for Medicare: use G0283)"],
  ["97016", "untimed", "always", "", "Vasopneumatic device"],
  ["97018", "untimed", "always", "", "Paraffin bath"],
  ["97022", "untimed", "always", "", "Whirlpool"],
  ["97024", "untimed", "always", "", "Diathermy"],
  ["97026", "untimed", "always", "", "Infrared"],
  ["97028", "untimed", "always", "", "Ultraviolet"],
  // Constant attendance modalities: 15-minute units.
  ["97032", "timed", "always", "", "Attended electrical stimulation, each 15 minutes"],
  ["97033", "timed", "always", "", "Iontophoresis, each 15 minutes"],
  ["97034", "timed", "always", "", "Contrast baths, each 15 minutes"],
  ["97035", "timed", "always", "", "Ultrasound, each 15 minutes"],
  ["97036", "timed", "always", "", "Hubbard tank, each 15 minutes"],
  ["97039", "timed", "always", "", "Unlisted modality"],
  // Therapeutic procedures: 15-minute units.
  ["97110", "timed", "always", "", "Therapeutic exercise, each 15 minutes"],
  ["97112", "timed", "always", "", "Neuromuscular re-education, each 15 minutes"],
  ["97113", "timed", "always", "", "Aquatic therapy with exercise, each 15 minutes"],
  ["97116", "timed", "always", "", "Gait training, each 15 minutes"],
  ["97124", "timed", "always", "", "Massage, each 15 minutes"],
  ["97129", "timed", "always", "", "Cognitive function intervention, first 15 minutes"],
  ["97130", "timed", "always", "", "Cognitive function intervention, each additional 15 minutes"],
  ["97139", "untimed", "always", "", "Unlisted therapeutic procedure"],
  ["97140", "timed", "always", "", "Manual therapy, each 15 minutes"],
  ["97150", "untimed", "always", "", "Group therapeutic procedures"],
  ["97530", "timed", "always", "", "Therapeutic activities, each 15 minutes"],
  ["97533", "timed", "always", "", "Sensory integration, each 15 minutes"],
  ["97535", "timed", "always", "", "Self-care and home management training, each 15 minutes"],
  ["97537", "timed", "always", "", "Community or work reintegration training, each 15 minutes"],
  ["97542", "timed", "always", "", "Wheelchair management, each 15 minutes"],
  ["97545", "hour", "always", "", "Work hardening, initial 2 hours"],
  ["97546", "hour", "always", "", "Work hardening, each additional hour"],
  ["97550", "timed", "sometimes", "", "Caregiver training, first 30 minutes"],
  ["97551", "timed", "sometimes", "", "Caregiver training, each additional 15 minutes"],
  ["97552", "untimed", "sometimes", "", "Group caregiver training"],
  // Evaluations: service-based, one discipline each.
  ["97161", "untimed", "always", "PT", "Physical therapy evaluation, low complexity"],
  ["97162", "untimed", "always", "PT", "Physical therapy evaluation, moderate complexity"],
  ["97163", "untimed", "always", "PT", "Physical therapy evaluation, high complexity"],
  ["97164", "untimed", "always", "PT", "Physical therapy re-evaluation"],
  ["97165", "untimed", "always", "OT", "Occupational therapy evaluation, low complexity"],
  ["97166", "untimed", "always", "OT", "Occupational therapy evaluation, moderate complexity"],
  ["97167", "untimed", "always", "OT", "Occupational therapy evaluation, high complexity"],
  ["97168", "untimed", "always", "OT", "Occupational therapy re-evaluation"],
  ["97169", "untimed", "", "AT", "Athletic training evaluation, low complexity"],
  ["97170", "untimed", "", "AT", "Athletic training evaluation, moderate complexity"],
  ["97171", "untimed", "", "AT", "Athletic training evaluation, high complexity"],
  ["97172", "untimed", "", "AT", "Athletic training re-evaluation"],
  // Wound care: "sometimes therapy".
  ["97597", "untimed", "sometimes", "", "Selective wound debridement, first 20 sq cm"],
  ["97598", "untimed", "sometimes", "", "Selective wound debridement, each additional 20 sq cm"],
  ["97602", "untimed", "sometimes", "", "Non-selective wound debridement"],
  ["97605", "untimed", "sometimes", "", "Negative pressure wound therapy, 50 sq cm or less"],
  ["97606", "untimed", "sometimes", "", "Negative pressure wound therapy, over 50 sq cm"],
  ["97607", "untimed", "sometimes", "", "Disposable negative pressure wound therapy, 50 sq cm or less"],
  ["97608", "untimed", "sometimes", "", "Disposable negative pressure wound therapy, over 50 sq cm"],
  ["97610", "untimed", "sometimes", "", "Low frequency non-contact ultrasound wound care"],
  // Tests and measures, orthotics and prosthetics: 15-minute units.
  ["97750", "timed", "always", "", "Physical performance test, each 15 minutes"],
  ["97755", "timed", "always", "", "Assistive technology assessment, each 15 minutes"],
  ["97760", "timed", "always", "", "Orthotic management and training, each 15 minutes"],
  ["97761", "timed", "always", "", "Prosthetic training, each 15 minutes"],
  ["97763", "timed", "always", "", "Orthotic or prosthetic follow-up, each 15 minutes"],
  ["97799", "untimed", "always", "", "Unlisted physical medicine service"],
  // Speech-language pathology: service-based.
  ["92507", "untimed", "always", "", "Speech, language or hearing treatment, individual"],
  ["92508", "untimed", "always", "", "Speech, language or hearing treatment, group"],
  ["92511", "untimed", "sometimes", "", "Nasopharyngoscopy"],
  ["92512", "untimed", "sometimes", "", "Nasal function studies"],
  ["92516", "untimed", "sometimes", "", "Facial nerve function studies"],
  ["92520", "untimed", "sometimes", "", "Laryngeal function studies"],
  ["92521", "untimed", "always", "SLP", "Evaluation of speech fluency"],
  ["92522", "untimed", "always", "SLP", "Evaluation of speech sound production"],
  ["92523", "untimed", "always", "SLP", "Evaluation of speech sound production with language"],
  ["92524", "untimed", "always", "SLP", "Behavioral and qualitative analysis of voice and resonance"],
  ["92526", "untimed", "always", "", "Treatment of swallowing dysfunction"],
  ["92597", "untimed", "always", "SLP", "Evaluation for use of a voice prosthetic device"],
  ["92607", "untimed", "always", "SLP", "Evaluation for a speech-generating device, first hour"],
  ["92608", "untimed", "always", "", "Evaluation for a speech-generating device, each additional 30 minutes"],
  ["92609", "untimed", "always", "", "Therapeutic services for a speech-generating device"],
  // HCPCS Level II.
  ["G0281", "untimed", "always", "", "Electrical stimulation for wound care, unattended"],
  ["G0282", "untimed", "always", "", "Electrical stimulation for wound care (non-covered)"],
  ["G0283", "untimed", "always", "", "Unattended electrical stimulation, other than wound care"],
  ["G0329", "untimed", "always", "", "Electromagnetic therapy for wound care"],
  // Chiropractic manipulative treatment: not therapy services.
  ["98940", "untimed", "", "", "Chiropractic manipulation, spinal, 1-2 regions"],
  ["98941", "untimed", "", "", "Chiropractic manipulation, spinal, 3-4 regions"],
  ["98942", "untimed", "", "", "Chiropractic manipulation, spinal, 5 regions"],
  ["98943", "untimed", "", "", "Chiropractic manipulation, extraspinal, one or more regions"],
  // Office visits a chiropractor or physician may bill alongside.
  ["99202", "untimed", "", "", "New patient office visit, straightforward"],
  ["99203", "untimed", "", "", "New patient office visit, low complexity"],
  ["99204", "untimed", "", "", "New patient office visit, moderate complexity"],
  ["99205", "untimed", "", "", "New patient office visit, high complexity"],
  ["99211", "untimed", "", "", "Established patient office visit, minimal"],
  ["99212", "untimed", "", "", "Established patient office visit, straightforward"],
  ["99213", "untimed", "", "", "Established patient office visit, low complexity"],
  ["99214", "untimed", "", "", "Established patient office visit, moderate complexity"],
  ["99215", "untimed", "", "", "Established patient office visit, high complexity"],
];

export const therapyCodes: ReadonlyMap<string, TherapyCode> = new Map(
  rows.map(([code, timing, cls, evalDiscipline, description]) => {
    const entry: TherapyCode = { code, timing, description };
    if (cls) entry.therapyClass = cls;
    if (evalDiscipline)
      entry.evaluationDiscipline = evalDiscipline as NonNullable<TherapyCode["evaluationDiscipline"]>;
    return [code, entry];
  }),
);

/** Codes with a therapy classification (the pack also carries every other code in its ranges). */
export const packCodes: readonly string[] = [...therapyCodes.keys()];

/**
 * Ranges of the bundled pack (issue 2): physical medicine 97010-97799, chiropractic
 * 98940-98943, G0281-G0283 and G0329, speech-language pathology 92507-92526, 92597 and
 * 92607-92609, and the office E/M codes a chiropractor or physician bills with them.
 */
export const packRanges: ReadonlyArray<readonly [string, string]> = [
  ["97010", "97799"],
  ["98940", "98943"],
  ["G0281", "G0283"],
  ["G0329", "G0329"],
  ["92507", "92526"],
  ["92597", "92597"],
  ["92607", "92609"],
  ["99202", "99205"],
  ["99211", "99215"],
];

/** True when the bundled pack carries the code's RVUs and edits. */
export function isPackCode(code: string): boolean {
  return packRanges.some(
    ([from, through]) => code.length === 5 && code >= from && code <= through && code[0] === from[0],
  );
}
