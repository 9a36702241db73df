import type { Claim } from "../model/claim.js";
import type { PayerType } from "../model/common.js";

/**
 * What a property and casualty claim (workers' compensation, auto no-fault) must carry
 * before an 837P: the accident (CLM11 related cause, DTP*439 date, CLM11-4 state for
 * auto), the insurer's claim number (REF*Y4) and, for workers' comp, the employer (the
 * subscriber, 2010BA NM102 = 2). One list for the `claim-structure` rule (errors at check
 * and scrub time) and for the 837P writer (claimIssuesFor837 refuses the claim), so the two
 * cannot drift (issue 11, "Around the pricing").
 *
 * Sources: 005010X222A1 2300 CLM11 ("required when the condition reported is related to
 * employment, auto accident or other accident"), CLM11-4 (required for AA), DTP*439;
 * 2010BA/2010CA REF*Y4, "a property and casualty payer-assigned claim number … required on
 * property and casualty claims", placed in 2010BA when the patient is the subscriber and
 * in 2010CA otherwise, in one place only; X12 RFI 1925: the employer "is always the
 * subscriber in workers' compensation".
 */

/** The two lines of business these requirements are for. */
export type PropertyCasualtyKind = "workers-comp" | "auto";

export interface PropertyCasualtyIssue {
  /** JSON path from the claim, such as "$.accident.date". */
  path: string;
  /** Where the 837P carries it, such as "2300 DTP*439" (the message names it too). */
  element: string;
  message: string;
}

/** The related cause each line of business must report in CLM11. */
const causeByKind: Readonly<Record<PropertyCasualtyKind, "EM" | "AA">> = {
  "workers-comp": "EM",
  auto: "AA",
};

const what: Readonly<Record<PropertyCasualtyKind, string>> = {
  "workers-comp": "a workers' comp claim",
  auto: "an auto claim",
};

/** workers-comp and auto are property and casualty; every other payer type is not. */
export function propertyCasualtyKind(type: PayerType): PropertyCasualtyKind | undefined {
  return type === "workers-comp" || type === "auto" ? type : undefined;
}

/**
 * The missing or conflicting property and casualty fields of a claim, judged for `kind`
 * (by default from the payer type; the rule passes a state schedule profile's type too).
 * Empty for a claim that is not property and casualty.
 */
export function propertyCasualtyIssues(
  claim: Claim,
  kind: PropertyCasualtyKind | undefined = propertyCasualtyKind(claim.payer.type),
): PropertyCasualtyIssue[] {
  if (kind === undefined) return [];
  const issues: PropertyCasualtyIssue[] = [];
  const claimKind = what[kind];
  const cause = causeByKind[kind];
  const accident = claim.accident;
  if (!accident) {
    issues.push({
      path: "$.accident",
      element: `2300 CLM11-1 and DTP*439${kind === "auto" ? ", CLM11-4" : ""}`,
      message: `${claimKind} needs its accident: related cause ${cause} (2300 CLM11-1) and the date of ${kind === "auto" ? "the accident" : "injury"} (DTP*439)${kind === "auto" ? " and the state where it happened (CLM11-4)" : ""}; add accident { causes: ["${cause}"], date${kind === "auto" ? ", state" : ""} }`,
    });
  } else {
    if (!accident.causes.includes(cause))
      issues.push({
        path: "$.accident.causes",
        element: "2300 CLM11-1",
        message: `${claimKind} reports related cause ${cause} (${cause === "EM" ? "employment" : "auto accident"}) in 2300 CLM11-1; the claim has ${accident.causes.join(", ")}: add ${cause}`,
      });
    if (accident.date === undefined)
      issues.push({
        path: "$.accident.date",
        element: "2300 DTP*439",
        message: `${claimKind} needs the date of ${kind === "auto" ? "the accident" : "injury"} (2300 DTP*439): add accident.date`,
      });
    if (kind === "auto" && accident.state === undefined)
      issues.push({
        path: "$.accident.state",
        element: "2300 CLM11-4",
        message:
          "an auto claim needs the state where the accident happened (2300 CLM11-4): add accident.state",
      });
  }
  const employer = kind === "workers-comp" ? claim.employer : undefined;
  // As the writer places it: a workers' comp payer's subscriber is the employer, so the patient
  // (and REF*Y4) is in 2010CA; otherwise 2010CA only with a person subscriber.
  const inPatientLoop = claim.payer.type === "workers-comp" || claim.subscriber !== undefined;
  if (!claim.propertyCasualtyClaimNumber?.trim())
    issues.push({
      path: "$.propertyCasualtyClaimNumber",
      element: inPatientLoop ? "2010CA REF*Y4" : "2010BA REF*Y4",
      message: `${claimKind} needs the claim number the insurer assigned (${inPatientLoop ? "2010CA" : "2010BA"} REF*Y4, the property and casualty claim number): add propertyCasualtyClaimNumber from the insurer's acknowledgment of the ${kind === "auto" ? "accident" : "injury"}`,
    });
  if (kind === "workers-comp") {
    if (!employer?.name.trim())
      issues.push({
        path: "$.employer",
        element: "2010BA NM103 (NM1*IL, NM102 = 2)",
        message:
          "a workers' comp claim needs the employer, which the 837P sends as the subscriber (2010BA NM1*IL with NM102 = 2, the name in NM103): add employer { name }",
      });
    else if (claim.subscriber !== undefined)
      issues.push({
        path: "$.subscriber",
        element: "2010BA NM1*IL",
        message:
          "a workers' comp claim's subscriber is the employer (2010BA NM102 = 2), with the patient in 2000C (PAT01 = 20): remove subscriber",
      });
  }
  return issues;
}
