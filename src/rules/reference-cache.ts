import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import { type PayerProfile, profileForPayer } from "../payers/profile.js";
import type { PtpIndex } from "../reference/ptp-index.js";
import { isoToInt } from "../reference/ptp-index.js";
import type {
  Edition,
  HcpcsRow,
  Icd10Row,
  Lookup,
  MueRow,
  PosRow,
  PtpRow,
  ReferenceData,
  RvuRow,
  TherapyCode,
} from "../reference/types.js";

/** The NCCI PTP edition in force on one date, with its index when the reference exposes one. */
export interface PtpScope {
  edition: Edition | undefined;
  covered: boolean;
  note: string | undefined;
  /** YYYYMMDD as an integer, the form the index compares. */
  dateNumber: number;
  date: IsoDate;
  index: PtpIndex | undefined;
}

/** Rows are immutable once loaded, so a bounded memo per lookup is safe; cleared when it grows past this. */
const MAX_ENTRIES = 200_000;

/**
 * A memo keyed by (date, key) as two maps: looking up strings the claim already holds is
 * cheaper than building and hashing a "code|date" string on every call.
 */
export class DatedMemo<T> {
  private readonly byDate = new Map<string, Map<string, T>>();
  private size = 0;
  /** The last date asked and its map: a claim's lines ask about one date in a row. */
  private lastDate: string | undefined;
  private lastInner: Map<string, T> | undefined;

  get(date: string, key: string, load: () => T): T {
    let inner = date === this.lastDate ? this.lastInner : this.byDate.get(date);
    if (inner === undefined) {
      inner = new Map();
      this.byDate.set(date, inner);
    }
    this.lastDate = date;
    this.lastInner = inner;
    let hit = inner.get(key);
    if (hit === undefined && !inner.has(key)) {
      if (++this.size > MAX_ENTRIES) {
        this.byDate.clear();
        this.size = 1;
        inner = new Map();
        this.byDate.set(date, inner);
        this.lastInner = inner;
      }
      hit = load();
      inner.set(key, hit);
    }
    return hit as T;
  }
}

/**
 * Memoised reference lookups for one run (a batch, a request). `Reference` chooses an
 * edition on every call (a small sort over the table's editions); a batch of claims asks
 * the same (code, date) questions thousands of times, so each answer is kept. The run's
 * context owns it (RuleContext.cache, PipelineOptions.cache); each memo is bounded.
 */
export class ReferenceCache {
  private readonly rvuMemo = new DatedMemo<Lookup<RvuRow>>();
  private readonly mueMemo = new DatedMemo<Lookup<MueRow>>();
  private readonly icd10Memo = new DatedMemo<Lookup<Icd10Row>>();
  private readonly hcpcsMemo = new DatedMemo<Lookup<HcpcsRow>>();
  private readonly modifierMemo = new DatedMemo<Lookup<HcpcsRow>>();
  /** The therapy code list in force on each date, by code (rules ask per line, lists change yearly). */
  private readonly therapyByDate = new Map<string, ReadonlyMap<string, TherapyCode> | undefined>();
  private readonly therapyLists = new Map<object, ReadonlyMap<string, TherapyCode>>();
  private therapyLastDate: string | undefined;
  private therapyLast: ReadonlyMap<string, TherapyCode> | undefined;
  private readonly posMemo = new Map<string, Lookup<PosRow>>();
  private readonly ptpScopes = new Map<string, PtpScope>();
  private readonly derivedMemos = new Map<string, DatedMemo<unknown>>();
  private readonly hasPtpIndex: boolean;
  /** The reference's generation when this cache was made (see referenceCache). */
  readonly generation: number | undefined;

  constructor(readonly reference: ReferenceData) {
    this.generation = generationOf(reference);
    this.hasPtpIndex = typeof (reference as { ptpIndex?: unknown }).ptpIndex === "function";
  }

  rvu(code: string, date: IsoDate): Lookup<RvuRow> {
    return this.rvuMemo.get(date, code, () => this.reference.rvu(code, date));
  }

  mue(code: string, date: IsoDate): Lookup<MueRow> {
    return this.mueMemo.get(date, code, () => this.reference.mue(code, date));
  }

  icd10(code: string, date: IsoDate): Lookup<Icd10Row> {
    return this.icd10Memo.get(date, code, () => this.reference.icd10(code, date));
  }

  hcpcs(code: string, date: IsoDate): Lookup<HcpcsRow> {
    return this.hcpcsMemo.get(date, code, () => this.reference.hcpcs(code, date));
  }

  modifier(code: string, date: IsoDate): Lookup<HcpcsRow> {
    return this.modifierMemo.get(date, code, () => this.reference.modifier(code, date));
  }

  placeOfService(code: string): Lookup<PosRow> {
    let hit = this.posMemo.get(code);
    if (hit === undefined) {
      if (this.posMemo.size >= MAX_ENTRIES) this.posMemo.clear();
      hit = this.reference.placeOfService(code);
      this.posMemo.set(code, hit);
    }
    return hit;
  }

  /**
   * A value computed from reference data alone (a national unit fee, a diagnosis verdict),
   * kept per `kind`, date and key.
   */
  derived<T>(kind: string, date: string, key: string, load: () => T): T {
    let memo = this.derivedMemos.get(kind);
    if (memo === undefined) {
      memo = new DatedMemo<unknown>();
      this.derivedMemos.set(kind, memo);
    }
    return memo.get(date, key, load) as T;
  }

  /** The built-in profile of a payer (Medicare-like defaults by payer type), built once per run and payer. */
  builtInProfile(payer: Pick<Claim, "payer">["payer"]): PayerProfile {
    const key = `${payer.id}\u0000${payer.type}\u0000${payer.unitMethod ?? ""}\u0000${payer.name ?? ""}`;
    return this.derived("built-in-profile", "", key, () => profileForPayer(payer));
  }

  /** The code's row in the therapy code list in force on the date (policy edition). */
  therapyCode(code: string, date: IsoDate): TherapyCode | undefined {
    if (date === this.therapyLastDate) return this.therapyLast?.get(code);
    let byCode = this.therapyByDate.get(date);
    if (byCode === undefined && !this.therapyByDate.has(date)) {
      const list = this.reference.policyFigure("therapy-code-list", date)?.value;
      if (list !== undefined) {
        byCode = this.therapyLists.get(list);
        if (byCode === undefined) {
          byCode = new Map(list.codes.map((c) => [c.code, c]));
          this.therapyLists.set(list, byCode);
        }
      }
      if (this.therapyByDate.size > MAX_ENTRIES) this.therapyByDate.clear();
      this.therapyByDate.set(date, byCode);
    }
    this.therapyLastDate = date;
    this.therapyLast = byCode;
    return byCode?.get(code);
  }

  /** The PTP edition in force on `date` (asked once per date, with codes no edit uses). */
  ptpScope(date: IsoDate): PtpScope {
    let scope = this.ptpScopes.get(date);
    if (scope === undefined) {
      const probe = this.reference.ptp("", "", date);
      const index =
        this.hasPtpIndex && probe.edition
          ? (this.reference as unknown as { ptpIndex(e: Edition): PtpIndex }).ptpIndex(probe.edition)
          : undefined;
      scope = {
        edition: probe.edition,
        covered: probe.covered,
        note: probe.note,
        dateNumber: isoToInt(date),
        date,
        index,
      };
      if (this.ptpScopes.size >= MAX_ENTRIES) this.ptpScopes.clear();
      this.ptpScopes.set(date, scope);
    }
    return scope;
  }

  /**
   * The PTP edit (indicator 0 or 1) in force for column1/column2 on the scope's date, or
   * undefined. The index answers "is there one" without allocating; only a hit builds a row.
   */
  ptpEdit(scope: PtpScope, column1: string, column2: string): PtpRow | undefined {
    if (scope.index !== undefined) {
      if (!scope.index.hasEditOn(column1, column2, scope.dateNumber)) return undefined;
      return inForce(scope.index.rows(column1, column2), scope.date);
    }
    const row = this.reference.ptp(column1, column2, scope.date).value;
    return row && row.modifierIndicator !== "9" ? row : undefined;
  }
}

/** The strictest row in force on the date, ignoring indicator 9 ("not an edit"). */
function inForce(rows: readonly PtpRow[], date: IsoDate): PtpRow | undefined {
  let best: PtpRow | undefined;
  for (const r of rows) {
    if (r.modifierIndicator === "9") continue;
    if (r.effective !== null && r.effective > date) continue;
    if (r.deletion !== null && r.deletion < date) continue;
    // Indicator 0 (never payable) wins over 1 when two rows overlap.
    if (best === undefined || r.modifierIndicator < best.modifierIndicator) best = r;
  }
  return best;
}

/** A Reference's `generation` moves when it reloads (a new manifest); other sources have none. */
function generationOf(reference: ReferenceData): number | undefined {
  return (reference as { generation?: number }).generation;
}

/**
 * The run's cache: the one the context carries, else a new one kept on the context (no
 * module-level state: the cache lives as long as the run's context, a batch or a request).
 * A context whose reference changed, or reloaded (its `generation` moved), gets a fresh
 * cache: it never answers from another edition set.
 */
export function referenceCache(ctx: {
  reference: ReferenceData;
  cache?: ReferenceCache | undefined;
}): ReferenceCache {
  if (
    ctx.cache === undefined ||
    ctx.cache.reference !== ctx.reference ||
    ctx.cache.generation !== generationOf(ctx.reference)
  )
    ctx.cache = new ReferenceCache(ctx.reference);
  return ctx.cache;
}
