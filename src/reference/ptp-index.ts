import { Problem } from "../model/problem.js";
import type { ModifierIndicator, PtpRow } from "./types.js";

/**
 * A compact, load-once index of NCCI PTP edits: 2.5 million rows in a few typed arrays
 * plus an open-addressing hash on (column 1, column 2), so that a pair lookup is O(1)
 * and loading is a read of one file with no per-row parsing.
 *
 * File layout (little endian): "CCPTP1\0\0", u32 header length, header JSON, padding to
 * 4 bytes, then the arrays in header order, each 4-byte aligned.
 */
const MAGIC = "CCPTP1\0\0";
const NO_DATE = 0;
const OPEN_END = 99_991_231;

interface Header {
  version: 1;
  rows: number;
  slots: number;
  codes: string[];
  rationales: string[];
}

function dateToInt(iso: string | null, fallback: number): number {
  return iso === null ? fallback : Number(iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10));
}

function intToDate(n: number): string | null {
  if (n === NO_DATE || n === OPEN_END) return null;
  const s = String(n);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

function hashPair(c1: number, c2: number): number {
  let h = Math.imul(c1 ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(c2 + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
}

export class PtpIndex {
  private readonly codeIds: Map<string, number>;

  private constructor(
    readonly codes: string[],
    readonly rationales: string[],
    /** Code ids of column 1 and column 2, rows sorted by (column1, column2, effective). */
    private readonly col1: Uint32Array,
    private readonly col2: Uint32Array,
    /** YYYYMMDD as integers; 0 = no effective date given. */
    private readonly effective: Uint32Array,
    /** YYYYMMDD of the last date in force; 99991231 = not deleted. */
    private readonly deletion: Uint32Array,
    private readonly indicator: Uint8Array,
    private readonly rationale: Uint16Array,
    /** Hash slots: 1 + first row index of a pair, 0 = empty. */
    private readonly slots: Uint32Array,
  ) {
    this.codeIds = new Map(codes.map((c, i) => [c, i]));
  }

  get size(): number {
    return this.col1.length;
  }

  static fromRows(rows: readonly PtpRow[]): PtpIndex {
    const codeSet = new Set<string>();
    const rationaleIds = new Map<string, number>();
    for (const r of rows) {
      codeSet.add(r.column1);
      codeSet.add(r.column2);
      if (!rationaleIds.has(r.rationale)) rationaleIds.set(r.rationale, rationaleIds.size);
    }
    if (rationaleIds.size > 65_535) throw new Error("too many distinct PTP rationales");
    const codes = [...codeSet].sort();
    const ids = new Map(codes.map((c, i) => [c, i]));
    const n = rows.length;
    const c1 = new Uint32Array(n);
    const c2 = new Uint32Array(n);
    const eff = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      c1[i] = ids.get(r.column1)!;
      c2[i] = ids.get(r.column2)!;
      eff[i] = dateToInt(r.effective, NO_DATE);
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => c1[a]! - c1[b]! || c2[a]! - c2[b]! || eff[a]! - eff[b]!);

    const col1 = new Uint32Array(n);
    const col2 = new Uint32Array(n);
    const effective = new Uint32Array(n);
    const deletion = new Uint32Array(n);
    const indicator = new Uint8Array(n);
    const rationale = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const src = order[i]!;
      const r = rows[src]!;
      col1[i] = c1[src]!;
      col2[i] = c2[src]!;
      effective[i] = eff[src]!;
      deletion[i] = dateToInt(r.deletion, OPEN_END);
      indicator[i] = Number(r.modifierIndicator);
      rationale[i] = rationaleIds.get(r.rationale)!;
    }
    let pairs = 0;
    for (let i = 0; i < n; i++) if (i === 0 || col1[i] !== col1[i - 1] || col2[i] !== col2[i - 1]) pairs++;
    let capacity = 16;
    while (capacity < pairs * 2) capacity *= 2;
    const slots = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < n; i++) {
      if (i > 0 && col1[i] === col1[i - 1] && col2[i] === col2[i - 1]) continue;
      let s = hashPair(col1[i]!, col2[i]!) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    const rationaleList = [...rationaleIds.keys()];
    return new PtpIndex(codes, rationaleList, col1, col2, effective, deletion, indicator, rationale, slots);
  }

  /** The first row of the pair, or -1. */
  private firstRow(column1: string, column2: string): number {
    const a = this.codeIds.get(column1);
    const b = this.codeIds.get(column2);
    if (a === undefined || b === undefined) return -1;
    const mask = this.slots.length - 1;
    let s = hashPair(a, b) & mask;
    for (;;) {
      const v = this.slots[s]!;
      if (v === 0) return -1;
      const row = v - 1;
      if (this.col1[row] === a && this.col2[row] === b) return row;
      s = (s + 1) & mask;
    }
  }

  private rowAt(i: number): PtpRow {
    return {
      column1: this.codes[this.col1[i]!]!,
      column2: this.codes[this.col2[i]!]!,
      effective: intToDate(this.effective[i]!),
      deletion: intToDate(this.deletion[i]!),
      modifierIndicator: String(this.indicator[i]) as ModifierIndicator,
      rationale: this.rationales[this.rationale[i]!]!,
    };
  }

  /** Every row for the ordered pair, whatever its dates (for explanations and tests). */
  rows(column1: string, column2: string): PtpRow[] {
    const first = this.firstRow(column1, column2);
    if (first < 0) return [];
    const out: PtpRow[] = [];
    for (
      let i = first;
      i < this.col1.length && this.col1[i] === this.col1[first] && this.col2[i] === this.col2[first];
      i++
    ) {
      out.push(this.rowAt(i));
    }
    return out;
  }

  /**
   * The edit in force on `date` (YYYY-MM-DD) for column1/column2: effective on or before
   * the date and not deleted before it. Indicator 9 rows are returned too; callers treat 9 as
   * "not an edit".
   */
  editOn(column1: string, column2: string, date: string): PtpRow | undefined {
    const first = this.firstRow(column1, column2);
    if (first < 0) return undefined;
    const d = dateToInt(date, NO_DATE);
    let found = -1;
    for (
      let i = first;
      i < this.col1.length && this.col1[i] === this.col1[first] && this.col2[i] === this.col2[first];
      i++
    ) {
      if (this.effective[i]! <= d && d <= this.deletion[i]!) found = i;
    }
    return found < 0 ? undefined : this.rowAt(found);
  }

  /** True when the pair has a row in force on the date (hot path: no allocation). */
  hasEditOn(column1: string, column2: string, date: number): boolean {
    const first = this.firstRow(column1, column2);
    if (first < 0) return false;
    for (
      let i = first;
      i < this.col1.length && this.col1[i] === this.col1[first] && this.col2[i] === this.col2[first];
      i++
    ) {
      if (this.effective[i]! <= date && date <= this.deletion[i]! && this.indicator[i] !== 9) return true;
    }
    return false;
  }

  serialize(): Buffer {
    const header: Header = {
      version: 1,
      rows: this.col1.length,
      slots: this.slots.length,
      codes: this.codes,
      rationales: this.rationales,
    };
    const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
    const prefix = 8 + 4 + headerBytes.length;
    const pad = (4 - (prefix % 4)) % 4;
    const arrays: ArrayBufferView[] = [
      this.col1,
      this.col2,
      this.effective,
      this.deletion,
      this.slots,
      this.rationale,
      this.indicator,
    ];
    const parts: Buffer[] = [Buffer.from(MAGIC, "latin1"), Buffer.alloc(4), headerBytes, Buffer.alloc(pad)];
    parts[1]!.writeUInt32LE(headerBytes.length, 0);
    for (const a of arrays) {
      const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      parts.push(b, Buffer.alloc((4 - (b.length % 4)) % 4));
    }
    return Buffer.concat(parts);
  }

  /** Views the arrays in place: no per-row work, so loading costs one file read. */
  static deserialize(buffer: Buffer, source = "PTP index"): PtpIndex {
    if (buffer.length < 12 || buffer.toString("latin1", 0, 8) !== MAGIC) {
      throw new Problem([{ code: "reference-data", message: "not a cleanclaim PTP index" }], { source });
    }
    const headerLength = buffer.readUInt32LE(8);
    const header = JSON.parse(buffer.toString("utf8", 12, 12 + headerLength)) as Header;
    let offset = 12 + headerLength;
    offset += (4 - (offset % 4)) % 4;
    // Typed-array views need 4-byte alignment of the absolute offset.
    const base = buffer.byteOffset % 4 === 0 ? buffer : Buffer.from(buffer);
    const ab = base.buffer;
    const take = <T>(make: (o: number) => T, bytes: number): T => {
      if (offset + bytes > base.length)
        throw new Problem([{ code: "reference-data", message: "truncated PTP index" }], { source });
      const view = make(base.byteOffset + offset);
      offset += bytes + ((4 - (bytes % 4)) % 4);
      return view;
    };
    const n = header.rows;
    const col1 = take((o) => new Uint32Array(ab, o, n), n * 4);
    const col2 = take((o) => new Uint32Array(ab, o, n), n * 4);
    const effective = take((o) => new Uint32Array(ab, o, n), n * 4);
    const deletion = take((o) => new Uint32Array(ab, o, n), n * 4);
    const slots = take((o) => new Uint32Array(ab, o, header.slots), header.slots * 4);
    const rationale = take((o) => new Uint16Array(ab, o, n), n * 2);
    const indicator = take((o) => new Uint8Array(ab, o, n), n);
    return new PtpIndex(
      header.codes,
      header.rationales,
      col1,
      col2,
      effective,
      deletion,
      indicator,
      rationale,
      slots,
    );
  }

  /** The distinct column 1 codes (the codes the edits are listed under), without building rows. */
  column1Codes(): Set<string> {
    const out = new Set<string>();
    let last = -1;
    for (let i = 0; i < this.col1.length; i++) {
      const id = this.col1[i]!;
      if (id !== last) out.add(this.codes[id]!);
      last = id;
    }
    return out;
  }

  /** Rows whose column 1 or column 2 is in `codes`: used to cut the bundled pack. */
  filter(keep: (row: PtpRow) => boolean): PtpRow[] {
    const out: PtpRow[] = [];
    for (let i = 0; i < this.col1.length; i++) {
      const row = this.rowAt(i);
      if (keep(row)) out.push(row);
    }
    return out;
  }
}

export function isoToInt(date: string): number {
  return dateToInt(date, NO_DATE);
}
