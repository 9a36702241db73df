import type { Credential, Discipline } from "../../model/common.js";

/**
 * Procedure code and credential facts that coding, the scrubber and pricing share, each
 * defined once with its source.
 */

/**
 * Codes a payer may not recognise, with the code it uses instead. Applied when the payer
 * profile says the code is not accepted (`accepts97014: false`, Medicare's default).
 * Source: MPFS status I for 97014; G0283 descriptor (HCPCS Level II); domain.md "97014 and G0283".
 */
export const payerReplacementCodes: ReadonlyArray<{
  code: string;
  replacement: string;
  /** The payer profile setting that says the payer accepts `code`. */
  acceptedWhen: "accepts97014";
  /** The service both codes bill, in words. */
  service: string;
}> = [
  {
    code: "97014",
    replacement: "G0283",
    acceptedWhen: "accepts97014",
    service: "unattended electrical stimulation",
  },
];

/** The code a payer that does not accept `code` uses instead, if any. */
export function replacementCodeOf(code: string): string | undefined {
  return payerReplacementCodes.find((r) => r.code === code)?.replacement;
}

/**
 * The discipline a rendering credential furnishes "always therapy" codes under when the
 * visit has no plan of care. A chiropractor's physical medicine is billed with GP (CR 10176:
 * always-therapy codes need a discipline modifier whoever furnishes them). Physicians and
 * NPPs have no discipline of their own: without a plan of care it cannot be chosen.
 */
export const disciplineOfCredential: Readonly<Partial<Record<Credential, Discipline>>> = {
  PT: "PT",
  PTA: "PT",
  OT: "OT",
  OTA: "OT",
  SLP: "SLP",
  DC: "PT",
};
