import type { Claim, ClaimLine } from "../model/claim.js";
import type { Discipline } from "./state-schedule.js";

/**
 * The discipline a line is billed under, for a state schedule's daily caps and visit limits
 * (issue 11): its therapy modifier (GP, GO, GN; CR 10176), else a chiropractor's service.
 * Undefined for a line of no discipline (an E/M by an MD without a therapy modifier).
 */
export function lineDiscipline(
  line: Pick<ClaimLine, "modifiers">,
  claim: { renderingProvider: Pick<Claim["renderingProvider"], "credential"> },
): Discipline | undefined {
  if (line.modifiers.includes("GP")) return "PT";
  if (line.modifiers.includes("GO")) return "OT";
  if (line.modifiers.includes("GN")) return "SLP";
  return claim.renderingProvider.credential === "DC" ? "DC" : undefined;
}
