export * from "./daily-caps.js";
export * from "./exact.js";
export * from "./fee-table.js";
export * from "./locality.js";
export * from "./price-claim.js";
export * from "./state-rvu-table.js";
export * from "./unit-fee.js";
