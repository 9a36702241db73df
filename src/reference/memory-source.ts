import { Problem } from "../model/problem.js";
import { PtpIndex } from "./ptp-index.js";
import type { EditionSource } from "./reference.js";
import type { Edition, EditionInfo, ParsedTable, PtpRow, TableName, TableRows } from "./types.js";

/** A stable, readable edition id: table, release and start date. */
export function editionId(info: EditionInfo, importedAt: string): string {
  const slug = info.release
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  const stamp = importedAt.replace(/[^0-9]/g, "").slice(0, 17);
  return `${info.table}--${slug}--${info.effectiveFrom}--${stamp}`;
}

export function toEdition(
  parsed: ParsedTable<unknown>,
  origin: Edition["origin"],
  importedAt: string,
): Edition {
  return {
    ...parsed.edition,
    id: editionId(parsed.edition, importedAt),
    importedAt,
    rows: parsed.rows.length,
    origin,
  };
}

/** Editions held in memory: tests, and the pack builder before it writes. */
export class MemorySource implements EditionSource {
  private readonly list: Edition[] = [];
  private readonly rows = new Map<string, unknown[]>();
  private readonly ptp = new Map<string, PtpIndex>();

  add(
    parsed: ParsedTable<unknown>,
    origin: Edition["origin"] = "import",
    importedAt = new Date().toISOString(),
    options: { partial?: boolean } = {},
  ): Edition {
    let edition = toEdition(parsed, origin, importedAt);
    if (options.partial) edition = { ...edition, partial: true };
    // Two editions added in the same millisecond must not collide.
    let n = 1;
    while (this.list.some((e) => e.id === edition.id)) edition = { ...edition, id: `${edition.id}-${n++}` };
    this.list.push(edition);
    if (edition.table === "ptp") this.ptp.set(edition.id, PtpIndex.fromRows(parsed.rows as PtpRow[]));
    else this.rows.set(edition.id, parsed.rows);
    return edition;
  }

  editions(): Edition[] {
    return [...this.list];
  }

  loadRows<T extends Exclude<TableName, "ptp">>(edition: Edition & { table: T }): TableRows[T][] {
    const rows = this.rows.get(edition.id);
    if (!rows)
      throw new Problem([{ code: "reference-data", message: `edition ${edition.id} is not loaded` }]);
    return rows as TableRows[T][];
  }

  loadPtp(edition: Edition): PtpIndex {
    const index = this.ptp.get(edition.id);
    if (!index)
      throw new Problem([{ code: "reference-data", message: `PTP edition ${edition.id} is not loaded` }]);
    return index;
  }
}
