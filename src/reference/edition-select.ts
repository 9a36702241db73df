import { daysBetween, type IsoDate } from "../model/dates.js";
import type { Edition } from "./types.js";

/**
 * The dates an edition is in force. An open-ended edition (effectiveThrough null) runs
 * until the day before the next edition of the same table starts (of `endedBy`: a partial
 * edition is ended by the next full one, and never ends a full one).
 */
export interface EditionSpan {
  edition: Edition;
  from: IsoDate;
  through: IsoDate | null;
}

export function spansOf(editions: readonly Edition[], endedBy: readonly Edition[] = editions): EditionSpan[] {
  const starts = [...new Set(endedBy.map((e) => e.effectiveFrom))].sort();
  return editions.map((edition) => {
    if (edition.effectiveThrough !== null) {
      return { edition, from: edition.effectiveFrom, through: edition.effectiveThrough };
    }
    const next = starts.find((s) => s > edition.effectiveFrom);
    return { edition, from: edition.effectiveFrom, through: next ? dayBefore(next) : null };
  });
}

function dayBefore(date: IsoDate): IsoDate {
  const t = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000);
  return t.toISOString().slice(0, 10);
}

/** Later start first; at equal start an import beats the pack, then the newer import. */
function preference(a: EditionSpan, b: EditionSpan): number {
  if (a.from !== b.from) return a.from < b.from ? 1 : -1;
  if (a.edition.origin !== b.edition.origin) return a.edition.origin === "import" ? -1 : 1;
  return a.edition.importedAt < b.edition.importedAt ? 1 : -1;
}

export interface Selection {
  edition: Edition;
  covered: boolean;
  note?: string;
}

function distance(span: EditionSpan, date: IsoDate): number {
  if (date < span.from) return daysBetween(date, span.from);
  if (span.through !== null && date > span.through) return daysBetween(span.through, date);
  return 0;
}

/**
 * Picks the edition in force on `date`. When none covers it, the closest edition is used
 * and the selection says so (contract §3, rule `reference-data`). `sameYear` restricts the
 * fallback to editions of the date's calendar year (RVU releases).
 */
export function selectEdition(
  spans: readonly EditionSpan[],
  date: IsoDate,
  options: { sameYear?: boolean } = {},
): Selection | undefined {
  const covering = spans.filter((s) => distance(s, date) === 0).sort(preference);
  const best = covering[0];
  if (best) return { edition: best.edition, covered: true };
  let candidates = [...spans];
  if (options.sameYear) {
    const year = date.slice(0, 4);
    candidates = candidates.filter(
      (s) => s.from.slice(0, 4) === year || (s.through !== null && s.through.slice(0, 4) === year),
    );
  }
  candidates.sort((a, b) => distance(a, date) - distance(b, date) || preference(a, b));
  const closest = candidates[0];
  if (!closest) return undefined;
  const range = `${closest.from} to ${closest.through ?? "open"}`;
  return {
    edition: closest.edition,
    covered: false,
    note: `no loaded ${closest.edition.table} edition covers ${date}; used ${closest.edition.release} (${range}, ${closest.edition.source})`,
  };
}

/** The full editions and the partial ones (overlays) of one table, as spans. */
export interface TableSpans {
  full: EditionSpan[];
  overlays: EditionSpan[];
}

export function tableSpans(editions: readonly Edition[]): TableSpans {
  const full = editions.filter((e) => e.partial !== true);
  return {
    full: spansOf(full),
    overlays: spansOf(
      editions.filter((e) => e.partial === true),
      full,
    ),
  };
}

/**
 * The partial editions that apply on `date` above the full edition selected for it, newest
 * first: an overlay covers the date and is not older than the full edition in force (a
 * later full edition supersedes the overlays before it). See docs/reference-data.md.
 */
export function overlaysOn(
  spans: TableSpans,
  date: IsoDate | undefined,
  base: Selection | undefined,
): Edition[] {
  if (spans.overlays.length === 0) return [];
  const baseFrom =
    base?.covered === true ? spans.full.find((s) => s.edition === base.edition)?.from : undefined;
  return spans.overlays
    .filter(
      (s) =>
        (date === undefined || distance(s, date) === 0) && (baseFrom === undefined || s.from >= baseFrom),
    )
    .sort(preference)
    .map((s) => s.edition);
}

/**
 * The editions in force: a full edition that a lookup on some date of its span would use
 * (it is not shadowed by a newer import of the same dates), and an overlay that applies on
 * its first date. `cleanclaim data editions` shows this.
 */
export function editionsInForce(editions: readonly Edition[]): Set<Edition> {
  const inForce = new Set<Edition>();
  const byTable = new Map<string, Edition[]>();
  for (const e of editions) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e]);
  for (const list of byTable.values()) {
    const spans = tableSpans(list);
    for (const s of spans.full) {
      for (const date of s.through === null ? [s.from] : [s.from, s.through]) {
        const chosen = selectEdition(spans.full, date);
        if (chosen?.covered && chosen.edition === s.edition) inForce.add(s.edition);
      }
    }
    for (const s of spans.overlays) {
      if (overlaysOn(spans, s.from, selectEdition(spans.full, s.from)).includes(s.edition))
        inForce.add(s.edition);
    }
  }
  return inForce;
}
