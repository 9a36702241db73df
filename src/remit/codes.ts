/**
 * Our own short explanations of the remittance codes that matter in therapy and
 * chiropractic billing. X12 and CMS hold the copyright of the official wording, so none
 * of it is copied here: each entry says, in plain words, what the payer did and what the
 * biller does about it. Which cleanclaim rule explains a code is in reason-map.ts.
 */

export interface CodeText {
  meaning: string;
  forBiller: string;
}

/** Claim adjustment group codes (CAS01). */
export const groupCodes: Readonly<Record<string, CodeText>> = {
  CO: {
    meaning: "contractual obligation: the provider absorbs this amount",
    forBiller: "do not bill the patient for it; correct and resubmit, appeal, or write it off",
  },
  PR: {
    meaning: "patient responsibility: the patient owes this amount",
    forBiller: "bill the patient or their secondary coverage",
  },
  OA: {
    meaning: "other adjustment: neither the provider's contract nor the patient's share",
    forBiller: "usually informational (for example another payer's adjudication); check the reason code",
  },
  PI: {
    meaning: "payer-initiated reduction, outside the provider's contract terms",
    forBiller: "do not bill the patient; appeal if the reduction is not in your agreement",
  },
  CR: {
    meaning: "correction or reversal of an earlier adjudication",
    forBiller: "match it against the earlier remittance it reverses before posting",
  },
};

/** Claim adjustment reason codes (CAS02 and later). */
export const carcTexts: Readonly<Record<string, CodeText>> = {
  "1": {
    meaning: "the allowed amount went toward the patient's deductible",
    forBiller: "expected; bill the patient or secondary coverage",
  },
  "2": {
    meaning: "the patient's coinsurance share of the allowed amount",
    forBiller: "expected; bill the patient or secondary coverage",
  },
  "3": { meaning: "the patient's copayment", forBiller: "expected; collect it from the patient" },
  "4": {
    meaning: "a modifier the procedure needs is missing, or the one billed does not fit the procedure",
    forBiller:
      "check the therapy (GP/GO/GN), assistant (CQ/CO), KX, chiropractic (AT/GA/GZ/GY) and distinct-service modifiers, then send a corrected claim",
  },
  "5": {
    meaning: "the procedure does not fit the place of service billed",
    forBiller: "check the place of service on the claim against where the visit happened",
  },
  "6": {
    meaning: "the procedure does not fit the patient's age",
    forBiller: "check the birth date on the claim and the code chosen",
  },
  "11": {
    meaning: "the diagnosis does not support the procedure",
    forBiller: "check the diagnosis pointers and that the treated condition is coded",
  },
  "16": {
    meaning: "the claim is missing information or has a billing error; a remark code says which",
    forBiller: "read the remark code, fix the field and resubmit; there is usually nothing to appeal",
  },
  "18": {
    meaning: "an exact duplicate of a claim or service already processed",
    forBiller: "do not resubmit; combine units on one line, or withdraw the duplicate claim",
  },
  "22": {
    meaning: "another payer may be primary under coordination of benefits",
    forBiller: "verify the patient's other coverage and bill the primary payer first",
  },
  "23": {
    meaning: "reduced by what a prior payer already paid or allowed",
    forBiller: "expected on a secondary claim; no action unless the prior payment is wrong",
  },
  "24": {
    meaning: "covered under a capitation or managed care arrangement",
    forBiller: "no fee-for-service payment is due; check the patient's plan assignment",
  },
  "26": {
    meaning: "the service was before the patient's coverage began",
    forBiller: "verify eligibility dates and bill the coverage in force on the date of service",
  },
  "27": {
    meaning: "the service was after the patient's coverage ended",
    forBiller: "verify eligibility and bill the current payer or the patient",
  },
  "29": {
    meaning: "the filing deadline for this claim has passed",
    forBiller:
      "appeal only with proof of timely filing (an accepted earlier submission); otherwise write it off",
  },
  "31": {
    meaning: "the payer cannot identify the patient as its member",
    forBiller: "check the member id, name and birth date against the insurance card and resubmit",
  },
  "45": {
    meaning: "the charge is above the fee schedule or contracted rate",
    forBiller: "expected contractual write-off, but only down to the allowed amount you agreed",
  },
  "50": {
    meaning: "the payer judged the service not medically necessary",
    forBiller:
      "check KX and the plan of care for therapy, AT for chiropractic; appeal with the treatment notes",
  },
  "59": {
    meaning: "reduced under multiple or concurrent procedure rules (for therapy, the MPPR)",
    forBiller: "expected for therapy units after the first; our estimate already includes it",
  },
  "96": {
    meaning: "a non-covered charge; a remark code says why",
    forBiller: "read the remark code: excluded services need GY, maintenance care GA or GZ",
  },
  "97": {
    meaning: "the payment for another service already processed includes this one (bundled)",
    forBiller: "check the NCCI pair; add a distinct-service modifier only when the notes support it",
  },
  "109": {
    meaning: "this payer does not cover the claim; it belongs to another payer or contractor",
    forBiller: "find the right payer (plan, jurisdiction, MAC) and send the claim there",
  },
  "119": {
    meaning: "the benefit maximum for the period has been reached",
    forBiller: "for Medicare therapy over the threshold, bill KX when necessity is documented",
  },
  "146": {
    meaning: "the diagnosis is not valid on the date of service",
    forBiller: "code from the ICD-10-CM edition in force on the date of service",
  },
  "151": {
    meaning: "the information does not support this many units or this frequency",
    forBiller: "check units against the minutes, one unit for untimed codes, and the MUE",
  },
  "167": {
    meaning: "the diagnosis is not covered for this service",
    forBiller: "check that the diagnosis coded is the condition treated, as specific as documented",
  },
  "170": {
    meaning: "this type of provider cannot be paid for this service",
    forBiller: "for a chiropractor under Medicare, only spinal manipulation is covered: bill others with GY",
  },
  "181": {
    meaning: "the procedure code is not valid on the date of service",
    forBiller: "use the code in force on that date (for Medicare, G0283 instead of 97014)",
  },
  "182": {
    meaning: "a modifier is not valid on the date of service",
    forBiller: "remove or replace the modifier with one valid on that date",
  },
  "185": {
    meaning: "the rendering provider is not eligible to furnish the service billed",
    forBiller: "check the rendering provider's enrollment and credential for the service",
  },
  "197": {
    meaning: "required authorization or pre-certification was not on file",
    forBiller: "obtain or cite the authorization; ask for a retro-authorization where the payer allows one",
  },
  "198": {
    meaning: "the visits or units went beyond the authorization",
    forBiller: "request more visits, or bill only within the authorized visits and dates",
  },
  "204": {
    meaning: "the patient's current plan does not cover this service",
    forBiller: "check the plan's benefits; bill the patient only with a waiver or ABN on file",
  },
  "236": {
    meaning: "this code is not allowed with another code on the same day under NCCI (or the payer's edits)",
    forBiller: "add 59 or an X modifier only when the notes document a distinct service; otherwise accept it",
  },
  "242": {
    meaning: "the service was not furnished by a network or primary care provider",
    forBiller: "check network status and referrals; the patient may owe it under out-of-network terms",
  },
  "251": {
    meaning: "the documentation sent did not hold what the payer needed",
    forBiller: "send the specific records the payer asked for",
  },
  "252": {
    meaning: "the payer needs an attachment or other documentation to decide",
    forBiller: "send the records requested (often with a PWK attachment) and resubmit",
  },
  "253": {
    meaning: "the Medicare sequestration cut (2% of the payment)",
    forBiller: "expected; never billed to the patient",
  },
};

/** Remittance advice remark codes (LQ*HE, MOA, MIA). */
export const rarcTexts: Readonly<Record<string, CodeText>> = {
  M15: {
    meaning: "billed separately, but it is a component of another service and paid with it",
    forBiller: "the NCCI pair applies: use a distinct-service modifier only when documented",
  },
  M20: {
    meaning: "the HCPCS code is missing, incomplete or invalid",
    forBiller: "correct the procedure code and resubmit",
  },
  M51: {
    meaning: "the procedure code is missing, incomplete or invalid",
    forBiller: "correct the procedure code (valid on the date of service) and resubmit",
  },
  M53: {
    meaning: "the days or units of service are missing, incomplete or invalid",
    forBiller: "check the units against the documented minutes and resubmit",
  },
  M76: {
    meaning: "a diagnosis is missing, incomplete or invalid",
    forBiller: "add or correct the diagnosis and its pointers",
  },
  M80: {
    meaning: "not covered when billed with another service processed for the same date",
    forBiller: "an NCCI pair: add a distinct-service modifier only when the notes support it",
  },
  M81: {
    meaning: "the diagnosis must be coded to its most specific level",
    forBiller: "replace the category code with a billable, complete ICD-10-CM code",
  },
  M86: {
    meaning: "a payment was already made for the same or a similar service in the period",
    forBiller: "check for a duplicate line or claim before resubmitting",
  },
  MA01: {
    meaning: "tells you how to ask for a redetermination if you disagree",
    forBiller: "informational: appeal rights apply to this decision",
  },
  MA04: {
    meaning: "a secondary claim needs the primary payer's payment information",
    forBiller: "send the secondary claim with the primary payer's adjudication (loop 2320/2430)",
  },
  MA63: {
    meaning: "the principal diagnosis is missing, incomplete or invalid",
    forBiller: "correct the first diagnosis on the claim",
  },
  MA130: {
    meaning: "the claim was unprocessable: incomplete or invalid information, with no appeal rights",
    forBiller: "fix the information and submit it as a new claim (not a replacement)",
  },
  N19: {
    meaning: "this procedure is incidental to the primary procedure",
    forBiller: "an NCCI-style bundle: bill it separately only when it was a distinct service",
  },
  N20: {
    meaning: "not payable with another service furnished on the same date",
    forBiller: "an NCCI pair: add a distinct-service modifier only when the notes support it",
  },
  N22: {
    meaning: "the payer changed the procedure code to one it considers more accurate",
    forBiller: "informational: compare the code paid with the code sent",
  },
  N54: {
    meaning: "the claim does not agree with the services authorized",
    forBiller: "check the authorization number, dates and visits",
  },
  N111: {
    meaning: "no appeal right, except on a duplicate claim or service issue",
    forBiller: "informational: correct and resubmit instead of appealing",
  },
  N115: {
    meaning: "the decision rests on a Local Coverage Determination (LCD)",
    forBiller: "read the MAC's LCD for the service and check the diagnosis and documentation it requires",
  },
  N130: {
    meaning: "the plan's benefit rules restrict this service; see the plan documents",
    forBiller: "check the patient's benefits for this service",
  },
  N211: {
    meaning: "this decision cannot be appealed",
    forBiller: "informational: correct the claim if it was wrong; otherwise accept the decision",
  },
  N290: {
    meaning: "the rendering provider's identifier is missing, incomplete or invalid",
    forBiller: "check the rendering NPI (loop 2310B) and its enrollment",
  },
  N351: {
    meaning: "the date of service is outside the approved treatment plan dates",
    forBiller: "check the plan of care certification dates and recertify if needed",
  },
  N362: {
    meaning: "the units or days of service exceed the acceptable maximum",
    forBiller: "check the units against the MUE and the documented minutes",
  },
  N386: {
    meaning: "the decision rests on a National Coverage Determination (NCD)",
    forBiller: "read the NCD for the service and check the diagnosis and documentation it requires",
  },
  N425: {
    meaning: "the service is excluded from coverage by statute",
    forBiller: "bill excluded services with GY (and GX with a voluntary ABN); the patient may owe it",
  },
  N522: {
    meaning: "a duplicate of a claim already processed or still pending",
    forBiller: "do not resubmit; check the status of the first claim",
  },
  N640: {
    meaning: "more services than allowed in the period (visits, units or frequency)",
    forBiller: "check the authorization or the plan's visit limit before billing more",
  },
  N657: {
    meaning: "the service should be billed with a different, more appropriate code",
    forBiller: "bill the code the payer recognises (for Medicare, G0283 instead of 97014)",
  },
};

/** CLP02 claim status codes. */
export const claimStatusTexts: Readonly<Record<string, string>> = {
  "1": "processed as primary",
  "2": "processed as secondary",
  "3": "processed as tertiary",
  "4": "denied",
  "19": "processed as primary and forwarded to another payer",
  "20": "processed as secondary and forwarded to another payer",
  "21": "processed as tertiary and forwarded to another payer",
  "22": "reversal of an earlier payment",
  "23": "not this payer's claim; forwarded to another payer",
  "25": "predetermination only, not paid",
};
