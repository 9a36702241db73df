import type { IsoDate } from "../model/dates.js";
import { parseCents } from "../model/money.js";
import { overlaysOn, type Selection, selectEdition, type TableSpans, tableSpans } from "./edition-select.js";
import { figureInForce, figurePreference } from "./policy/figures.js";
import type { PtpIndex } from "./ptp-index.js";
import type {
  AocRow,
  ClaimStatusCodeRow,
  ConversionFactor,
  Edition,
  GpciRow,
  HcpcsRow,
  Icd10Row,
  Lookup,
  MueRow,
  PolicyAmount,
  PolicyFigureName,
  PolicyFigureOf,
  PolicyLookup,
  PolicyRow,
  PosRow,
  PtpRow,
  ReferenceData,
  RemitCodeRow,
  RvuRow,
  TableName,
  TableRows,
  TherapyCode,
  ZipLocalityRow,
} from "./types.js";

/** Where editions come from: the bundled pack, the user's imports, or rows in memory (tests). */
export interface EditionSource {
  editions(): Edition[];
  loadRows<T extends Exclude<TableName, "ptp">>(edition: Edition & { table: T }): TableRows[T][];
  loadPtp(edition: Edition): PtpIndex;
  /** The same store as it is now (a file store reads its manifests again); see Reference.reload. */
  reopen?(): EditionSource;
}

/** ICD-10-CM codes are accepted with or without the dot; stored without it. */
export function normalizeIcd10(code: string): string {
  return code.replace(".", "").trim().toUpperCase();
}

type Keyed<R> = { byKey: Map<string, R>; rows: R[] };

/** Dates remembered per table in a snapshot's edition choices before the memo starts over. */
const MAX_SELECTIONS = 10_000;

/** The key a lookup uses in each keyed table (also what a partial edition overrides). */
export const keyOf: { [T in Exclude<TableName, "ptp" | "aoc" | "policy">]: (r: TableRows[T]) => string } = {
  rvu: (r) => `${r.code}|${r.modifier}`,
  gpci: (r) => `${r.mac}-${r.locality}`,
  "locality-counties": (r) => `${r.mac}-${r.locality}`,
  "zip-locality": (r) => r.zip,
  mue: (r) => r.code,
  icd10cm: (r) => r.code,
  hcpcs: (r) => `${r.kind}:${r.code}`,
  pos: (r) => r.code,
  "remit-codes": (r) => `${r.kind}:${r.code}`,
  "claim-status-codes": (r) => `${r.kind}:${r.code}`,
};

/**
 * One consistent view of a store: its editions as they were when opened, and everything
 * loaded from them. A reload builds a new snapshot and swaps it in whole.
 */
class Snapshot {
  readonly spans = new Map<TableName, TableSpans>();
  readonly keyed = new Map<string, Keyed<unknown>>();
  readonly ptpIndexes = new Map<string, PtpIndex>();
  readonly aocByAddOn = new Map<string, Map<string, AocRow[]>>();
  /** Every policy figure of every policy edition, by figure, best first (see figurePreference). */
  policyByFigure: Map<PolicyFigureName, Array<{ value: PolicyRow; edition: Edition }>> | undefined;
  /** The therapy code list's rows by code, per list figure. */
  readonly therapyCodeMaps = new WeakMap<PolicyRow, Map<string, TherapyCode>>();
  /**
   * The edition chosen per table (and fallback rule) and date: every lookup asks it, and
   * choosing sorts the table's editions and measures day distances. Bounded per table.
   */
  readonly selections = new Map<string, Map<IsoDate, Selection | undefined>>();
  /** The newest full edition of each undated table. */
  readonly latest = new Map<TableName, Selection | undefined>();
  /** Policy amounts (KX threshold, Part B deductible) by figure and date. */
  readonly amounts = new Map<string, PolicyAmount | undefined>();
  readonly list: Edition[];

  constructor(readonly source: EditionSource) {
    this.list = source.editions();
    const byTable = new Map<TableName, Edition[]>();
    for (const e of this.list) {
      const list = byTable.get(e.table) ?? [];
      list.push(e);
      byTable.set(e.table, list);
    }
    for (const [table, list] of byTable) this.spans.set(table, tableSpans(list));
  }
}

/**
 * ReferenceData over a set of editions. Each table's editions are loaded on first use
 * and indexed once, so a lookup is a map access (never a scan in a loop).
 *
 * A Reference answers from the editions that were in force when it was opened, even if
 * another process imports or removes editions meanwhile; `reload()` moves it to the store
 * as it is now (docs/reference-data.md).
 */
export class Reference implements ReferenceData {
  private snapshot: Snapshot;

  /** The editions' source of the current snapshot. */
  private get source(): EditionSource {
    return this.snapshot.source;
  }
  private reloads = 0;

  constructor(source: EditionSource) {
    this.snapshot = new Snapshot(source);
  }

  /** Increases on each reload that changed the editions: caches built over this Reference compare it. */
  get generation(): number {
    return this.reloads;
  }

  /**
   * Moves to the store's current editions, atomically: the new snapshot is read in full
   * before it replaces the old one, and the old one's loaded tables are dropped. Returns
   * false (and keeps everything) when the editions are unchanged or the source cannot be
   * reopened. A store that cannot be read throws, leaving the old snapshot in use.
   */
  reload(): boolean {
    const source = this.source.reopen?.();
    if (source === undefined) return false;
    const next = new Snapshot(source);
    const ids = (list: readonly Edition[]) => list.map((e) => `${e.origin}:${e.id}`).join("\n");
    if (ids(next.list) === ids(this.snapshot.list)) return false;
    this.snapshot = next;
    this.reloads++;
    return true;
  }

  editions(): Edition[] {
    return [...this.snapshot.list];
  }

  /** Chooses the full edition for a table and date (exported for rules that report the edition). */
  select(table: TableName, date: IsoDate, options: { sameYear?: boolean } = {}): Selection | undefined {
    const { selections, spans } = this.snapshot;
    const key = options.sameYear === true ? `${table}|same-year` : table;
    let byDate = selections.get(key);
    if (byDate === undefined) {
      byDate = new Map();
      selections.set(key, byDate);
    }
    let selection = byDate.get(date);
    if (selection === undefined && !byDate.has(date)) {
      selection = selectEdition(spans.get(table)?.full ?? [], date, options);
      if (byDate.size >= MAX_SELECTIONS) byDate.clear();
      byDate.set(date, selection);
    }
    return selection;
  }

  /** The partial editions applying on `date` (or, undated, over `base`) above the selected full edition. */
  private overlays(table: TableName, date: IsoDate | undefined, base: Selection | undefined): Edition[] {
    const spans = this.snapshot.spans.get(table);
    return spans ? overlaysOn(spans, date, base) : [];
  }

  /** The newest full edition of an undated table (POS, remit codes). */
  private latest(table: TableName): Selection | undefined {
    const memo = this.snapshot.latest;
    if (memo.has(table)) return memo.get(table);
    const spans = this.snapshot.spans.get(table)?.full ?? [];
    const newest = [...spans].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0))[0];
    const selection = newest ? { edition: newest.edition, covered: true } : undefined;
    memo.set(table, selection);
    return selection;
  }

  private index<T extends Exclude<TableName, "ptp" | "aoc" | "policy">>(
    edition: Edition,
  ): Keyed<TableRows[T]> {
    const { keyed, source } = this.snapshot;
    let k = keyed.get(edition.id) as Keyed<TableRows[T]> | undefined;
    if (!k) {
      const rows = source.loadRows(edition as Edition & { table: T });
      const key = keyOf[edition.table as T];
      k = { rows, byKey: new Map(rows.map((r) => [key(r), r])) };
      keyed.set(edition.id, k as Keyed<unknown>);
    }
    return k;
  }

  /** The rows of one edition as stored (plausibility checks, tools). */
  rowsOf<T extends Exclude<TableName, "ptp">>(edition: Edition & { table: T }): TableRows[T][] {
    if (edition.table === "aoc" || edition.table === "policy") return this.source.loadRows(edition);
    return this.index<Exclude<T, "aoc" | "policy">>(edition).rows as TableRows[T][];
  }

  private lookup<T extends Exclude<TableName, "ptp" | "aoc" | "policy">>(
    table: T,
    selection: Selection | undefined,
    key: string,
    /** The date of service; undefined for undated tables (every overlay above the newest full edition). */
    date?: IsoDate,
  ): Lookup<TableRows[T]> {
    const overlays = this.overlays(table, date, selection);
    for (const overlay of overlays) {
      const value = this.index<T>(overlay).byKey.get(key);
      if (value !== undefined) return { value, edition: overlay, covered: true, overlays };
    }
    if (!selection) {
      const none: Lookup<TableRows[T]> = {
        value: undefined,
        edition: undefined,
        covered: false,
        note: `no ${table} data is loaded`,
      };
      return withOverlays(none, overlays);
    }
    const value = this.index<T>(selection.edition).byKey.get(key);
    return withOverlays(
      withNote({ value, edition: selection.edition, covered: selection.covered }, selection.note),
      overlays,
    );
  }

  rvu(code: string, date: IsoDate, modifier = ""): Lookup<RvuRow> {
    return this.lookup("rvu", this.select("rvu", date, { sameYear: true }), `${code}|${modifier}`, date);
  }

  gpci(mac: string, locality: string, date: IsoDate): Lookup<GpciRow> {
    return this.lookup("gpci", this.select("gpci", date, { sameYear: true }), `${mac}-${locality}`, date);
  }

  localities(date: IsoDate): Lookup<GpciRow[]> {
    const selection = this.select("gpci", date, { sameYear: true });
    if (!selection)
      return { value: undefined, edition: undefined, covered: false, note: "no gpci data is loaded" };
    const overlays = this.overlays("gpci", date, selection);
    let rows = this.index<"gpci">(selection.edition).rows;
    if (overlays.length > 0) {
      // Each locality from the newest edition that holds it.
      const merged = new Map(rows.map((r) => [keyOf.gpci(r), r]));
      for (const overlay of [...overlays].reverse())
        for (const r of this.index<"gpci">(overlay).rows) merged.set(keyOf.gpci(r), r);
      rows = [...merged.values()];
    }
    return withOverlays(
      withNote({ value: rows, edition: selection.edition, covered: selection.covered }, selection.note),
      overlays,
    );
  }

  zipLocality(zip: string, date: IsoDate): Lookup<ZipLocalityRow> {
    return this.lookup("zip-locality", this.select("zip-locality", date), zip.trim().slice(0, 5), date);
  }

  ptp(column1: string, column2: string, date: IsoDate): Lookup<PtpRow> {
    const selection = this.select("ptp", date);
    if (!selection)
      return { value: undefined, edition: undefined, covered: false, note: "no NCCI PTP data is loaded" };
    const value = this.ptpIndex(selection.edition).editOn(column1, column2, date);
    return withNote({ value, edition: selection.edition, covered: selection.covered }, selection.note);
  }

  /** The loaded PTP index of an edition (the engine's hot path uses it directly). */
  ptpIndex(edition: Edition): PtpIndex {
    const { ptpIndexes, source } = this.snapshot;
    let index = ptpIndexes.get(edition.id);
    if (!index) {
      index = source.loadPtp(edition);
      ptpIndexes.set(edition.id, index);
    }
    return index;
  }

  mue(code: string, date: IsoDate): Lookup<MueRow> {
    return this.lookup("mue", this.select("mue", date), code, date);
  }

  addOnPrimaries(addOn: string, date: IsoDate): Lookup<AocRow[]> {
    const selection = this.select("aoc", date);
    const overlays = this.overlays("aoc", date, selection);
    for (const overlay of overlays) {
      const value = this.aocIndex(overlay).get(addOn);
      if (value !== undefined) return { value, edition: overlay, covered: true, overlays };
    }
    if (!selection)
      return withOverlays<AocRow[]>(
        { value: undefined, edition: undefined, covered: false, note: "no add-on code data is loaded" },
        overlays,
      );
    return withOverlays(
      withNote(
        {
          value: this.aocIndex(selection.edition).get(addOn),
          edition: selection.edition,
          covered: selection.covered,
        },
        selection.note,
      ),
      overlays,
    );
  }

  /** An add-on code edition indexed by add-on code. */
  private aocIndex(edition: Edition): Map<string, AocRow[]> {
    const { aocByAddOn, source } = this.snapshot;
    let byAddOn = aocByAddOn.get(edition.id);
    if (!byAddOn) {
      byAddOn = new Map();
      for (const row of source.loadRows(edition as Edition & { table: "aoc" })) {
        const list = byAddOn.get(row.addOn) ?? [];
        list.push(row);
        byAddOn.set(row.addOn, list);
      }
      aocByAddOn.set(edition.id, byAddOn);
    }
    return byAddOn;
  }

  icd10(code: string, date: IsoDate): Lookup<Icd10Row> {
    return this.lookup("icd10cm", this.select("icd10cm", date), normalizeIcd10(code), date);
  }

  hcpcs(code: string, date: IsoDate): Lookup<HcpcsRow> {
    return this.lookup("hcpcs", this.select("hcpcs", date), `procedure:${code}`, date);
  }

  modifier(code: string, date: IsoDate): Lookup<HcpcsRow> {
    return this.lookup("hcpcs", this.select("hcpcs", date), `modifier:${code}`, date);
  }

  placeOfService(code: string): Lookup<PosRow> {
    return this.lookup("pos", this.latest("pos"), code);
  }

  remitCode(kind: "group" | "carc" | "rarc", code: string): Lookup<RemitCodeRow> {
    return this.lookup("remit-codes", this.latest("remit-codes"), `${kind}:${code}`);
  }

  claimStatusCode(kind: "category" | "status", code: string): Lookup<ClaimStatusCodeRow> {
    return this.lookup("claim-status-codes", this.latest("claim-status-codes"), `${kind}:${code}`);
  }

  private policyIndex(): Map<PolicyFigureName, Array<{ value: PolicyRow; edition: Edition }>> {
    const snapshot = this.snapshot;
    if (snapshot.policyByFigure) return snapshot.policyByFigure;
    const index = new Map<PolicyFigureName, Array<{ value: PolicyRow; edition: Edition }>>();
    for (const span of snapshot.spans.get("policy")?.full ?? []) {
      const edition = span.edition as Edition & { table: "policy" };
      for (const value of snapshot.source.loadRows(edition)) {
        const list = index.get(value.figure) ?? [];
        list.push({ value, edition });
        index.set(value.figure, list);
      }
    }
    for (const list of index.values()) list.sort(figurePreference);
    snapshot.policyByFigure = index;
    return index;
  }

  policyFigure<F extends PolicyFigureName>(
    figure: F,
    date: IsoDate,
    accept?: (row: PolicyFigureOf<F>) => boolean,
  ): PolicyLookup<F> | undefined {
    for (const candidate of this.policyIndex().get(figure) ?? []) {
      const value = candidate.value as PolicyFigureOf<F>;
      if (figureInForce(value, date) && (accept === undefined || accept(value))) {
        return { value, edition: candidate.edition };
      }
    }
    return undefined;
  }

  /** Every figure of every loaded policy edition, by figure, best first (for `data status`). */
  policyFigures(): Array<{ value: PolicyRow; edition: Edition }> {
    return [...this.policyIndex().values()].flat();
  }

  therapyCode(code: string, date: IsoDate): TherapyCode | undefined {
    const list = this.policyFigure("therapy-code-list", date)?.value;
    if (!list) return undefined;
    const maps = this.snapshot.therapyCodeMaps;
    let byCode = maps.get(list);
    if (!byCode) {
      byCode = new Map(list.codes.map((c) => [c.code, c]));
      maps.set(list, byCode);
    }
    return byCode.get(code);
  }

  conversionFactor(date: IsoDate, options: { qualifyingApm?: boolean } = {}): ConversionFactor | undefined {
    const wanted = options.qualifyingApm === true ? "qualifying-apm" : "non-qualifying-apm";
    // Years with one factor for everyone have a single "all" row (before 2026).
    return this.policyFigure(
      "conversion-factor",
      date,
      (c) => c.appliesTo === "all" || c.appliesTo === wanted,
    )?.value;
  }

  kxThreshold(date: IsoDate): PolicyAmount | undefined {
    return this.amount("kx-threshold", date);
  }

  targetedMedicalReviewThreshold(date: IsoDate): PolicyAmount | undefined {
    return this.amount("targeted-medical-review-threshold", date);
  }

  partBDeductible(date: IsoDate): PolicyAmount | undefined {
    return this.amount("part-b-deductible", date);
  }

  private amount(
    figure: "kx-threshold" | "targeted-medical-review-threshold" | "part-b-deductible",
    date: IsoDate,
  ): PolicyAmount | undefined {
    // Asked per claim (coding's KX walk, pricing's deductible check): kept per figure and date.
    const memo = this.snapshot.amounts;
    const key = `${figure}|${date}`;
    if (memo.has(key)) return memo.get(key);
    const row = this.policyFigure(figure, date)?.value;
    const amount = row ? { ...row, cents: parseCents(row.amount) } : undefined;
    if (memo.size >= MAX_SELECTIONS) memo.clear();
    memo.set(key, amount);
    return amount;
  }
}

function withOverlays<T>(lookup: Lookup<T>, overlays: Edition[]): Lookup<T> {
  if (overlays.length > 0) lookup.overlays = overlays;
  return lookup;
}

function withNote<T>(lookup: Lookup<T>, note: string | undefined): Lookup<T> {
  if (note !== undefined) lookup.note = note;
  return lookup;
}
