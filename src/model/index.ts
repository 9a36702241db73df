export * from "./claim.js";
export * from "./common.js";
export * from "./dates.js";
export * from "./estimate.js";
export * from "./finding.js";
export * from "./money.js";
export * from "./validate.js";
export * from "./visit.js";
