/** Acknowledgments (`cleanclaim ack`): 999 and 277CA explained claim by claim and tied to the claims sent. */
export * from "./codes.js";
export { elementRuleFor, elementRules } from "./element-rules.js";
export {
  type AckDocument,
  type AckOptions,
  buildAckReport,
  type SentClaim,
  type SentClaims,
} from "./report.js";
export { renderAckText } from "./text.js";
export type * from "./types.js";
