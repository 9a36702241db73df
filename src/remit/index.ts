/** The 835 denial worklist (`cleanclaim remit`): transport-free, over the scrubber, pricing and the 837P writer. */
export { carcTexts, claimStatusTexts, groupCodes, rarcTexts } from "./codes.js";
export { correctedClaim, type EnvelopeSettings, envelopeFor } from "./corrected.js";
export { explainCode } from "./explain.js";
export { matchLines } from "./match.js";
export { expectedAdjustments, reasonMappings, rulesForCode } from "./reason-map.js";
export { chooseRule } from "./resolve.js";
export { renderWorklistText } from "./text.js";
export type * from "./types.js";
export { findUnderpayments, underpaymentToleranceCents } from "./underpayment.js";
export { buildWorklist, type WorklistOptions } from "./worklist.js";
