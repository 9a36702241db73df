import type { VisitsBefore } from "../model/common.js";
import type { Visit } from "../model/visit.js";
import { lineDiscipline } from "../payers/line-discipline.js";
import { type Discipline, disciplines } from "../payers/state-schedule.js";
import type { PayerHistoryClaim } from "../store/history.js";

/**
 * History feeds the state visit limits (issue 11: "with stored history they count across
 * visits"): the visits of each discipline already billed to the visit's payer for the same
 * injury, before the visit's date. A visit is a date of service with a line of the discipline
 * (GP PT, GO OT, GN SLP, a chiropractor's line DC; payers/line-discipline.ts), counted once
 * however many claims carry it. A voided claim (frequency 8) does not count. The injury is the
 * accident date (DTP*439): when the visit has one, a stored claim with another accident date is
 * another injury; a stored claim with none is counted (the payer is the same).
 */
export function visitsBeforeOf(visit: Visit, claims: readonly PayerHistoryClaim[]): VisitsBefore {
  const injury = visit.accident?.date;
  const dates = new Map<Discipline, Set<string>>();
  for (const stored of claims) {
    if (stored.frequency === "8") continue;
    const document = stored.document as StoredClaimDocument;
    const accidentDate = document.accident?.date;
    if (injury !== undefined && accidentDate !== undefined && accidentDate !== injury) continue;
    const credential = document.renderingProvider?.credential;
    for (const line of document.lines ?? []) {
      if (!line.dateOfService || line.dateOfService >= visit.dateOfService) continue;
      // No credential stored: not a chiropractor's line (the therapy modifier still counts).
      const discipline = lineDiscipline(
        { modifiers: line.modifiers ?? [] },
        { renderingProvider: { credential: credential ?? "MD" } },
      );
      if (!discipline) continue;
      const set = dates.get(discipline) ?? new Set<string>();
      set.add(line.dateOfService);
      dates.set(discipline, set);
    }
  }
  const out: VisitsBefore = {};
  for (const discipline of disciplines) out[discipline] = dates.get(discipline)?.size ?? 0;
  return out;
}

/** The parts of a stored claim document (model/claim.ts, PHI taken out) the count reads. */
interface StoredClaimDocument {
  accident?: { date?: string };
  renderingProvider?: { credential?: Visit["renderingProvider"]["credential"] };
  lines?: Array<{ dateOfService?: string; modifiers?: string[] }>;
}
