import type { IsoDate } from "../model/dates.js";
import { parseCents } from "../model/money.js";
import { type EditionSpan, type Selection, selectEdition, spansOf } from "./edition-select.js";
import { figureInForce, figurePreference } from "./policy/figures.js";
import type { PtpIndex } from "./ptp-index.js";
import type {
  AocRow,
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
}

/** ICD-10-CM codes are accepted with or without the dot; stored without it. */
export function normalizeIcd10(code: string): string {
  return code.replace(".", "").trim().toUpperCase();
}

type Keyed<R> = { byKey: Map<string, R>; rows: R[] };

const keyOf: { [T in Exclude<TableName, "ptp" | "aoc" | "policy">]: (r: TableRows[T]) => string } = {
  rvu: (r) => `${r.code}|${r.modifier}`,
  gpci: (r) => `${r.mac}-${r.locality}`,
  "locality-counties": (r) => `${r.mac}-${r.locality}`,
  "zip-locality": (r) => r.zip,
  mue: (r) => r.code,
  icd10cm: (r) => r.code,
  hcpcs: (r) => `${r.kind}:${r.code}`,
  pos: (r) => r.code,
  "remit-codes": (r) => `${r.kind}:${r.code}`,
};

/**
 * ReferenceData over a set of editions. Each table's editions are loaded on first use
 * and indexed once, so a lookup is a map access (never a scan in a loop).
 */
export class Reference implements ReferenceData {
  private readonly spans = new Map<TableName, EditionSpan[]>();
  private readonly keyed = new Map<string, Keyed<unknown>>();
  private readonly ptpIndexes = new Map<string, PtpIndex>();
  private readonly aocByAddOn = new Map<string, Map<string, AocRow[]>>();
  /** Every policy figure of every policy edition, by figure, best first (see figurePreference). */
  private policyByFigure: Map<PolicyFigureName, Array<{ value: PolicyRow; edition: Edition }>> | undefined;
  /** The therapy code list's rows by code, per list figure. */
  private readonly therapyCodeMaps = new WeakMap<PolicyRow, Map<string, TherapyCode>>();

  constructor(private readonly source: EditionSource) {
    const byTable = new Map<TableName, Edition[]>();
    for (const e of source.editions()) {
      const list = byTable.get(e.table) ?? [];
      list.push(e);
      byTable.set(e.table, list);
    }
    for (const [table, list] of byTable) this.spans.set(table, spansOf(list));
  }

  editions(): Edition[] {
    return this.source.editions();
  }

  /** Chooses the edition for a table and date (exported for rules that report the edition). */
  select(table: TableName, date: IsoDate, options: { sameYear?: boolean } = {}): Selection | undefined {
    return selectEdition(this.spans.get(table) ?? [], date, options);
  }

  /** The newest edition of an undated table (POS, remit codes). */
  private latest(table: TableName): Selection | undefined {
    const spans = this.spans.get(table) ?? [];
    const newest = [...spans].sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0))[0];
    return newest ? { edition: newest.edition, covered: true } : undefined;
  }

  private index<T extends Exclude<TableName, "ptp" | "aoc" | "policy">>(
    edition: Edition,
  ): Keyed<TableRows[T]> {
    let k = this.keyed.get(edition.id) as Keyed<TableRows[T]> | undefined;
    if (!k) {
      const rows = this.source.loadRows(edition as Edition & { table: T });
      const key = keyOf[edition.table as T];
      k = { rows, byKey: new Map(rows.map((r) => [key(r), r])) };
      this.keyed.set(edition.id, k as Keyed<unknown>);
    }
    return k;
  }

  private lookup<T extends Exclude<TableName, "ptp" | "aoc" | "policy">>(
    table: T,
    selection: Selection | undefined,
    key: string,
  ): Lookup<TableRows[T]> {
    if (!selection) {
      return { value: undefined, edition: undefined, covered: false, note: `no ${table} data is loaded` };
    }
    const value = this.index<T>(selection.edition).byKey.get(key);
    return withNote({ value, edition: selection.edition, covered: selection.covered }, selection.note);
  }

  rvu(code: string, date: IsoDate, modifier = ""): Lookup<RvuRow> {
    return this.lookup("rvu", this.select("rvu", date, { sameYear: true }), `${code}|${modifier}`);
  }

  gpci(mac: string, locality: string, date: IsoDate): Lookup<GpciRow> {
    return this.lookup("gpci", this.select("gpci", date, { sameYear: true }), `${mac}-${locality}`);
  }

  localities(date: IsoDate): Lookup<GpciRow[]> {
    const selection = this.select("gpci", date, { sameYear: true });
    if (!selection)
      return { value: undefined, edition: undefined, covered: false, note: "no gpci data is loaded" };
    const rows = this.index<"gpci">(selection.edition).rows;
    return withNote({ value: rows, edition: selection.edition, covered: selection.covered }, selection.note);
  }

  zipLocality(zip: string, date: IsoDate): Lookup<ZipLocalityRow> {
    return this.lookup("zip-locality", this.select("zip-locality", date), zip.trim().slice(0, 5));
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
    let index = this.ptpIndexes.get(edition.id);
    if (!index) {
      index = this.source.loadPtp(edition);
      this.ptpIndexes.set(edition.id, index);
    }
    return index;
  }

  mue(code: string, date: IsoDate): Lookup<MueRow> {
    return this.lookup("mue", this.select("mue", date), code);
  }

  addOnPrimaries(addOn: string, date: IsoDate): Lookup<AocRow[]> {
    const selection = this.select("aoc", date);
    if (!selection)
      return { value: undefined, edition: undefined, covered: false, note: "no add-on code data is loaded" };
    let byAddOn = this.aocByAddOn.get(selection.edition.id);
    if (!byAddOn) {
      byAddOn = new Map();
      for (const row of this.source.loadRows(selection.edition as Edition & { table: "aoc" })) {
        const list = byAddOn.get(row.addOn) ?? [];
        list.push(row);
        byAddOn.set(row.addOn, list);
      }
      this.aocByAddOn.set(selection.edition.id, byAddOn);
    }
    return withNote(
      { value: byAddOn.get(addOn), edition: selection.edition, covered: selection.covered },
      selection.note,
    );
  }

  icd10(code: string, date: IsoDate): Lookup<Icd10Row> {
    return this.lookup("icd10cm", this.select("icd10cm", date), normalizeIcd10(code));
  }

  hcpcs(code: string, date: IsoDate): Lookup<HcpcsRow> {
    return this.lookup("hcpcs", this.select("hcpcs", date), `procedure:${code}`);
  }

  modifier(code: string, date: IsoDate): Lookup<HcpcsRow> {
    return this.lookup("hcpcs", this.select("hcpcs", date), `modifier:${code}`);
  }

  placeOfService(code: string): Lookup<PosRow> {
    return this.lookup("pos", this.latest("pos"), code);
  }

  remitCode(kind: "group" | "carc" | "rarc", code: string): Lookup<RemitCodeRow> {
    return this.lookup("remit-codes", this.latest("remit-codes"), `${kind}:${code}`);
  }

  private policyIndex(): Map<PolicyFigureName, Array<{ value: PolicyRow; edition: Edition }>> {
    if (this.policyByFigure) return this.policyByFigure;
    const index = new Map<PolicyFigureName, Array<{ value: PolicyRow; edition: Edition }>>();
    for (const span of this.spans.get("policy") ?? []) {
      const edition = span.edition as Edition & { table: "policy" };
      for (const value of this.source.loadRows(edition)) {
        const list = index.get(value.figure) ?? [];
        list.push({ value, edition });
        index.set(value.figure, list);
      }
    }
    for (const list of index.values()) list.sort(figurePreference);
    this.policyByFigure = index;
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
    let byCode = this.therapyCodeMaps.get(list);
    if (!byCode) {
      byCode = new Map(list.codes.map((c) => [c.code, c]));
      this.therapyCodeMaps.set(list, byCode);
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
    const row = this.policyFigure(figure, date)?.value;
    return row ? { ...row, cents: parseCents(row.amount) } : undefined;
  }
}

function withNote<T>(lookup: Lookup<T>, note: string | undefined): Lookup<T> {
  if (note !== undefined) lookup.note = note;
  return lookup;
}
