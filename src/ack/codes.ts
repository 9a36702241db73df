/**
 * Our own plain-words explanations of the codes acknowledgments carry. The official
 * wording of the claim status category codes, claim status codes and entity identifier
 * codes belongs to X12 (published by WPC), so none of it is copied here: each entry says
 * what happened and what the biller does, the way src/remit/codes.ts explains CARCs and
 * RARCs. The 999 syntax error codes are those of the published 005010X231A1 guide, with
 * short descriptions of our own. `rule` names the cleanclaim rule that should have caught
 * the problem before the claim went out, where one does.
 */

/** What a status means for the claim: the ack's verdict in cleanclaim's words. */
export type AckStatus = "accepted" | "rejected" | "pended" | "finalized" | "not-found";

export interface CategoryText {
  meaning: string;
  status: AckStatus;
}

/**
 * Claim status category codes (STC01-1). A 277CA uses the A codes (and E for real-time
 * answers only: X12 RFI 1942); a 277 status response uses all of them.
 */
export const categoryTexts: Readonly<Record<string, CategoryText>> = {
  A0: { meaning: "forwarded: the clearinghouse passed the claim on to the next entity", status: "pended" },
  A1: {
    meaning: "received: the claim arrived, but it has not yet been accepted for adjudication",
    status: "pended",
  },
  A2: { meaning: "accepted into the payer's adjudication system", status: "accepted" },
  A3: { meaning: "returned as unprocessable: the claim never entered adjudication", status: "rejected" },
  A4: { meaning: "not found: the payer has no record of the claim", status: "not-found" },
  A5: { meaning: "split: the payer divided the claim into more than one claim", status: "accepted" },
  A6: { meaning: "rejected because information is missing", status: "rejected" },
  A7: { meaning: "rejected because information is invalid", status: "rejected" },
  A8: { meaning: "rejected because two related fields contradict each other", status: "rejected" },
  P0: { meaning: "pending: in adjudication, details follow", status: "pended" },
  P1: { meaning: "pending: being processed", status: "pended" },
  P2: { meaning: "pending: under the payer's review", status: "pended" },
  P3: { meaning: "pending: waiting for information the provider was asked for", status: "pended" },
  P4: { meaning: "pending: waiting for information the patient was asked for", status: "pended" },
  P5: { meaning: "pending: held for the payer's administrative or system reasons", status: "pended" },
  F0: { meaning: "finalized: adjudication is complete", status: "finalized" },
  F1: { meaning: "finalized and paid", status: "finalized" },
  F2: { meaning: "finalized and denied", status: "finalized" },
  F3: { meaning: "finalized after a revision or adjustment", status: "finalized" },
  F3F: { meaning: "finalized and forwarded to another payer", status: "finalized" },
  F3N: { meaning: "finalized and not forwarded", status: "finalized" },
  F4: { meaning: "finalized with no payment to come", status: "finalized" },
  R0: { meaning: "the payer asks for more information (general request)", status: "pended" },
  R1: { meaning: "the payer asks for more information about an entity", status: "pended" },
  R3: { meaning: "the payer asks for more information about the claim or a line", status: "pended" },
  R4: { meaning: "the payer asks for documentation", status: "pended" },
  R5: { meaning: "the payer asks for more specific detail", status: "pended" },
  R6: { meaning: "the payer asks for information a regulation requires", status: "pended" },
  R7: { meaning: "the payer asks to confirm the care fits the plan's coverage policy", status: "pended" },
  R8: { meaning: "the payer asks to confirm the care fits a coverage exception", status: "pended" },
  R9: { meaning: "the payer asks for information to judge medical necessity", status: "pended" },
  R10: { meaning: "the payer asks for information supporting a grievance or appeal", status: "pended" },
  R11: { meaning: "the payer reviews the claim before payment and asks for information", status: "pended" },
  R12: { meaning: "the payer asks why a procedure code was used", status: "pended" },
  R13: { meaning: "the documents sent could not be read", status: "pended" },
  R14: { meaning: "the documents sent are not the ones asked for", status: "pended" },
  R15: { meaning: "the payer asks to verify workers' compensation coverage", status: "pended" },
  R16: { meaning: "the payer asks for information to decide eligibility", status: "pended" },
  E0: { meaning: "no answer possible: the request itself has errors", status: "rejected" },
  E1: { meaning: "no answer possible now: the payer's system is unavailable", status: "pended" },
  E2: { meaning: "the information holder is not responding: ask again later", status: "pended" },
  E3: { meaning: "correction needed: two related fields contradict each other", status: "rejected" },
  E4: {
    meaning: "correction needed: a trading partner agreement requirement is not met",
    status: "rejected",
  },
  D0: { meaning: "the payer found no claim matching what was asked", status: "not-found" },
};

export interface StatusCodeText {
  meaning: string;
  /** The cleanclaim rule that checks this before the claim is sent, when one does. */
  rule?: string;
  /** What to correct before sending the claim again (or what to do otherwise). */
  fix: string;
}

const eligibility =
  "no cleanclaim rule checks eligibility: verify the member id, name and birth date against the insurance card or an eligibility check (270/271), then send the claim again";

/**
 * Claim status codes (STC01-2) that front-end rejections and acknowledgments commonly
 * carry, chosen from the 277CA rejection lists payers and clearinghouses publish (for
 * example STC*A7:562:85, an invalid billing NPI). Many need an entity code (STC01-3) to
 * say whose data is wrong.
 */
export const statusCodeTexts: Readonly<Record<string, StatusCodeText>> = {
  "0": { meaning: "no more status can be given electronically", fix: "call or write to the payer" },
  "1": {
    meaning: "the details are in the remittance advice (835)",
    fix: "read the 835 with `cleanclaim remit`",
  },
  "3": { meaning: "adjudicated and waiting for the payment cycle", fix: "nothing to do: payment follows" },
  "15": {
    meaning: "information the payer asked for was not sent as described",
    fix: "send what the payer asked for, in the form it asked",
  },
  "16": { meaning: "forwarded to another entity", fix: "wait for that entity's acknowledgment" },
  "19": {
    meaning: "the entity named acknowledges receiving the claim",
    fix: "nothing yet: wait for acceptance",
  },
  "20": { meaning: "accepted for processing", fix: "nothing to do" },
  "21": {
    meaning: "information is missing or invalid; another status code or the message says which",
    rule: "claim-structure",
    fix: "read the other status codes and the message, correct the field they name",
  },
  "24": {
    meaning: "the entity named is not approved to submit claims electronically",
    fix: "no cleanclaim rule checks enrollment: complete the payer's EDI enrollment for this submitter or provider",
  },
  "26": {
    meaning: "the payer cannot find the entity named",
    fix: "check the entity's identifiers (NPI, tax id, payer id) against its enrollment",
  },
  "33": {
    meaning: "the payer cannot find the subscriber by the id sent",
    fix: eligibility,
  },
  "35": {
    meaning: "the payer has no claim matching the request",
    fix: "check the claim was sent and accepted (999, 277CA) and ask again with its details",
  },
  "54": {
    meaning: "a duplicate of a claim already processed",
    rule: "duplicate-line",
    fix: "do not send it again; follow the first claim (its 835), or send a replacement (frequency 7) if it needs a change",
  },
  "78": {
    meaning: "a duplicate of a claim still waiting to be processed",
    rule: "duplicate-line",
    fix: "do not send it again: wait for the first claim's answer",
  },
  "97": { meaning: "the payer finds no eligibility for the patient", fix: eligibility },
  "116": {
    meaning: "the claim went to the wrong payer",
    fix: "no cleanclaim rule checks which payer is responsible: verify coverage and send the claim to the right payer",
  },
  "128": {
    meaning: "the entity's tax id is missing or not the one the payer has on file",
    rule: "claim-structure",
    fix: "correct the billing provider's tax id (2010AA REF*EI) to the one enrolled with the payer",
  },
  "145": {
    meaning: "the entity's specialty (taxonomy) code is missing or not accepted",
    fix: "no cleanclaim rule checks enrollment: send the taxonomy the provider is enrolled under (PRV03; the writer derives it from the credential)",
  },
  "158": {
    meaning: "the entity's date of birth is missing or does not match the payer's records",
    fix: "correct the birth date (DMG02) from the insurance card or the eligibility response",
  },
  "164": {
    meaning: "the entity's contract or member number is missing or invalid",
    rule: "claim-structure",
    fix: "correct the member id (2010BA NM109) exactly as on the insurance card",
  },
  "178": {
    meaning: "the submitted charges are missing or invalid",
    rule: "claim-structure",
    fix: "correct the line charges (SV102) and the claim total (CLM02)",
  },
  "187": {
    meaning: "the date(s) of service are missing or invalid",
    rule: "claim-structure",
    fix: "correct the dates of service (DTP*472): real dates, not in the future",
  },
  "247": {
    meaning: "a service line has a problem; the line's own status says which",
    fix: "read the line-level status codes and correct the lines they name",
  },
  "249": {
    meaning: "the place of service is missing or invalid",
    rule: "claim-structure",
    fix: "correct the place of service (CLM05-1) to a CMS place-of-service code for where the visit happened",
  },
  "254": {
    meaning: "the principal diagnosis code is missing or invalid",
    rule: "diagnosis",
    fix: "correct the first diagnosis (HI01) to a billable ICD-10-CM code in force on the date of service",
  },
  "255": {
    meaning: "a diagnosis code is missing or invalid",
    rule: "diagnosis",
    fix: "correct the diagnosis codes (HI) to billable ICD-10-CM codes in force on the date of service",
  },
  "400": {
    meaning: "the claim is out of balance: the total charge is not the sum of the lines",
    rule: "claim-structure",
    fix: "make CLM02 equal the sum of the line charges (SV102)",
  },
  "453": {
    meaning: "a procedure modifier is missing or invalid",
    rule: "modifier",
    fix: "correct the modifiers (SV101-3 to -6): valid codes that fit the procedure",
  },
  "454": {
    meaning: "the procedure code is missing or invalid",
    rule: "code-status",
    fix: "correct the procedure code (SV101-2) to a code active on the date of service",
  },
  "464": {
    meaning: "the payer's claim control number is missing or invalid",
    rule: "claim-structure",
    fix: "a replacement or void (frequency 7 or 8) needs the payer's claim number of the original in REF*F8",
  },
  "484": {
    meaning: "the payer's business application is not available now",
    fix: "send the claim again later, unchanged",
  },
  "496": {
    meaning: "the submitter is not approved to send claims for this entity",
    fix: "no cleanclaim rule checks enrollment: link the submitter to the provider in the payer's EDI enrollment",
  },
  "500": {
    meaning: "the entity's postal code is missing or invalid",
    rule: "claim-structure",
    fix: "correct the ZIP code; the billing provider needs the full nine-digit ZIP+4 (2010AA N403)",
  },
  "507": {
    meaning: "the HCPCS code is missing or invalid",
    rule: "code-status",
    fix: "correct the HCPCS code to one active on the date of service",
  },
  "510": {
    meaning: "a date is in the future",
    rule: "claim-structure",
    fix: "correct the date; bill services only once they are furnished",
  },
  "562": {
    meaning: "the entity's NPI is missing or invalid",
    rule: "claim-structure",
    fix: "correct the NPI of the entity named (billing 2010AA, rendering 2310B NM109): ten digits with a valid check digit, active in NPPES",
  },
};

/** Entity identifier codes (STC01-3): whose data the status is about. */
export const entityTexts: Readonly<Record<string, string>> = {
  "03": "the dependent",
  "1P": "the provider",
  "40": "the receiver",
  "41": "the submitter",
  "77": "the service location",
  "82": "the rendering provider",
  "85": "the billing provider",
  "87": "the pay-to provider",
  DK: "the ordering provider",
  DN: "the referring provider",
  IL: "the subscriber",
  PR: "the payer",
  QC: "the patient",
};

/** IK304: why a segment of the 837 is in error (005010X231A1). */
export const segmentErrorTexts: Readonly<Record<string, string>> = {
  "1": "not a segment id the receiver knows",
  "2": "a segment the receiver did not expect here",
  "3": "a required segment is missing",
  "4": "a loop repeats more times than allowed",
  "5": "a segment repeats more times than allowed",
  "6": "a segment that is not part of this transaction set",
  "7": "a segment out of order",
  "8": "the segment has element errors (the IK4 notes say which)",
  I4: "a segment the guide marks not used is present",
  I6: "a segment the guide requires in this situation is missing",
  I7: "a loop occurs fewer times than the guide requires",
  I8: "a segment occurs fewer times than the guide requires",
  I9: "a segment the guide does not use in this situation is present",
};

/** IK403: why an element of the 837 is in error. */
export const elementErrorTexts: Readonly<Record<string, string>> = {
  "1": "a required element is missing",
  "2": "an element required by another element's presence is missing",
  "3": "too many elements in the segment",
  "4": "the value is too short",
  "5": "the value is too long",
  "6": "the value holds a character not allowed",
  "7": "the value is not one of the codes allowed",
  "8": "not a valid date",
  "9": "not a valid time",
  "10": "two elements that exclude each other are both present",
  "12": "the element repeats too many times",
  "13": "the composite has too many components",
  I10: "an element the guide marks not used is present",
  I11: "the element repeats fewer times than the guide requires",
  I12: "the value does not match the pattern the guide requires",
  I13: "an element the guide does not use in this situation is present",
  I6: "a code the standard allows but this guide does not",
  I9: "an element the guide requires in this situation is missing",
};

/** IK502-IK506: why a transaction set is in error. */
export const transactionErrorTexts: Readonly<Record<string, string>> = {
  "1": "the receiver does not support this transaction set",
  "2": "the transaction set has no trailer (SE)",
  "3": "ST02 and SE02 do not match",
  "4": "SE01 does not match the number of segments",
  "5": "one or more segments are in error (the IK3 notes say which)",
  "6": "the transaction set id is missing or invalid",
  "7": "the transaction set control number is missing or invalid",
  "8": "authentication key name unknown",
  "9": "encryption key name unknown",
  "10": "the requested security service is not available",
  "11": "unknown security recipient",
  "12": "incorrect message length (encryption)",
  "13": "the message authentication code failed",
  "15": "unknown security originator",
  "16": "syntax error in decrypted text",
  "17": "security is not supported",
  "18": "the transaction set is not inside a functional group",
  "19": "the implementation convention reference (ST03) is invalid",
  "23": "the transaction set control number repeats within the group",
  "24": "a security end segment (S3E) is missing",
  "25": "a security start segment (S3S) is missing",
  "26": "a security end segment (S4E) is missing",
  "27": "a security start segment (S4S) is missing",
  I5: "one or more segments are in error against the implementation guide",
  I6: "the implementation convention (ST03) is not supported",
};

/** AK905-AK909: why a functional group is in error. */
export const groupErrorTexts: Readonly<Record<string, string>> = {
  "1": "the receiver does not support this functional group",
  "2": "the receiver does not support this group's version (GS08)",
  "3": "the functional group has no trailer (GE)",
  "4": "GS06 and GE02 do not match",
  "5": "GE01 does not match the number of transaction sets",
  "6": "the group control number is malformed",
  "10": "authentication key name unknown",
  "11": "encryption key name unknown",
  "12": "the requested security service is not available",
  "13": "unknown security recipient",
  "14": "unknown security originator",
  "15": "syntax error in decrypted text",
  "16": "security is not supported",
  "17": "incorrect message length (encryption)",
  "18": "the message authentication code failed",
  "19": "the group control number repeats within the interchange",
  "23": "a security end segment (S3E) is missing",
  "24": "a security start segment (S3S) is missing",
  "25": "a security end segment (S4E) is missing",
  "26": "a security start segment (S4S) is missing",
};

/** IK501 and AK901: the verdict codes. */
export const ackCodeTexts: Readonly<Record<string, string>> = {
  A: "accepted",
  E: "accepted, with errors noted",
  M: "rejected: the message authentication code failed",
  P: "partially accepted: at least one transaction set was rejected",
  R: "rejected",
  W: "rejected: the content failed the receiver's validity tests",
  X: "rejected: the content could not be analysed after decryption",
};

/**
 * Why a rejected claim goes out again as a new original claim. A claim refused by a 999 or
 * a 277CA never entered adjudication: there is no claim at the payer to replace or void,
 * and a replacement (frequency 7) would be refused in turn (RARC N142 says the same of
 * denied claims: a new claim, not a replacement).
 */
export const resubmission = {
  newClaim:
    "never entered adjudication: correct it and send it again as a NEW original claim (CLM05-3 frequency 1, no REF*F8), not a replacement (7)",
  timelyFiling:
    "a rejected claim does not count as filed: the filing limit runs from the date of service until an accepted claim reaches the payer",
  sources: [
    "NGS Medicare Part B 101 Manual, Return/Reject: electronic claims that fail the initial edits are returned before they enter the Medicare processing system",
    "Noridian JF Part B reason code guidance (unprocessable claims): submit a new claim with corrected information; unprocessable claims have no appeal rights",
    "X12 RFI 1942: a 277CA (005010X214) reports claim acknowledgments with category A codes (E for real time), before adjudication",
    "X12 RFI 2398 on RARC N142: resubmit a new claim, not a replacement, when there is no adjudicated claim to replace",
  ],
} as const;
