import { isAscii } from "node:buffer";
import type { Finding } from "../model/finding.js";
import { type Delimiters, guessDelimiters, isaLength, isIsaAt, readIsaDelimiters } from "./delimiters.js";
import { x12Finding } from "./findings.js";
import { type Segment, type SegmentPosition, SegmentView } from "./segment.js";

/** What the tokenizer hands its reader: every segment (one reused view) and every problem. */
export interface TokenizerSink {
  segment(segment: SegmentView): void;
  finding(finding: Finding): void;
}

export interface TokenizerOptions {
  /**
   * A segment longer than this means the terminator is wrong or the file is not X12.
   * Tokenizing stops there, so that garbage cannot grow memory without bound.
   */
  maxSegmentLength?: number;
}

/** Input of the whole-file readers. Strings are encoded as UTF-8 first, so offsets are byte offsets. */
export type X12Input = string | Uint8Array;
/** Input of the streaming readers: a Node stream, a web stream's async iterator, or any chunks. */
export type X12Source = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

const TAB = 9;
const LF = 10;
const CR = 13;
const KIND_ELEMENT = 1;
const KIND_TERMINATOR = 2;
const KIND_HIGH = 3;
/** Size of the segment id cache, minus one (a power of two). */
const idCacheMask = 1023;

const toBuffer = (chunk: string | Uint8Array): Buffer =>
  typeof chunk === "string"
    ? Buffer.from(chunk, "utf8")
    : Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * Splits X12 bytes into segments. Push chunks of any size; segments are delivered as
 * soon as their terminator arrives. Delimiters come from each ISA, so a file may hold
 * interchanges with different delimiters. Problems are reported as findings, never thrown.
 */
export class SegmentTokenizer {
  private readonly sink: TokenizerSink;
  private readonly maxSegmentLength: number;
  private readonly view = new SegmentView();
  private readonly kinds = new Uint8Array(256);
  private readonly ids = new Map<number, string>();
  private readonly idCacheKeys = new Int32Array(idCacheMask + 1).fill(-1);
  private readonly idCacheIds: string[] = new Array<string>(idCacheMask + 1).fill("");
  private idIsValid = true;
  private delimiters: Delimiters | undefined;
  private terminatorCode = -1;
  private elementCode = -1;
  private carry: Buffer | undefined;
  private carryOffset = 0;
  private segmentNumber = 0;
  private transactionSegment = 0;
  private inTransaction = false;
  private stoppedAt: SegmentPosition | undefined;
  private ended = false;
  /** Spaces or tabs were found between segments (reported once per file). */
  private blanksReported = false;

  constructor(sink: TokenizerSink, options: TokenizerOptions = {}) {
    this.sink = sink;
    this.maxSegmentLength = options.maxSegmentLength ?? 1_048_576;
    for (let c = 128; c < 256; c++) this.kinds[c] = KIND_HIGH;
  }

  /** The delimiters in force (those of the latest ISA), once known. */
  get currentDelimiters(): Delimiters | undefined {
    return this.delimiters;
  }

  /** Segments delivered so far. */
  get segmentCount(): number {
    return this.segmentNumber;
  }

  /** True once tokenizing stopped on unreadable input (the finding says where). */
  get stopped(): boolean {
    return this.stoppedAt !== undefined;
  }

  push(chunk: string | Uint8Array): void {
    if (this.stoppedAt || this.ended) return;
    const bytes = toBuffer(chunk);
    if (bytes.length === 0) return;
    const carry = this.carry;
    const buffer = carry ? Buffer.concat([carry, bytes]) : bytes;
    const base = this.carryOffset;
    const used = this.scan(buffer, base, false);
    // A copy, so that a small leftover does not pin a large chunk.
    this.carry = used < buffer.length ? Buffer.from(buffer.subarray(used)) : undefined;
    this.carryOffset = base + used;
  }

  /** Flushes the last segment; reports a missing terminator (a truncated file). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.stoppedAt) return;
    if (this.carry) this.scan(this.carry, this.carryOffset, true);
    this.carry = undefined;
  }

  private setDelimiters(delimiters: Delimiters): void {
    this.kinds.fill(0, 0, 128);
    this.delimiters = delimiters;
    this.terminatorCode = delimiters.segment.charCodeAt(0);
    this.elementCode = delimiters.element.charCodeAt(0);
    this.kinds[delimiters.element.charCodeAt(0)] = KIND_ELEMENT;
    this.kinds[this.terminatorCode] = KIND_TERMINATOR;
    this.view.componentSeparator = delimiters.component.charCodeAt(0);
    this.view.repetitionSeparator = delimiters.repetition ? delimiters.repetition.charCodeAt(0) : -1;
  }

  private stop(at: number, base: number, problem: string): void {
    const position = {
      segment: this.segmentNumber + 1,
      transactionSegment: this.inTransaction ? this.transactionSegment + 1 : 0,
      offset: base + at,
    };
    this.stoppedAt = position;
    this.sink.finding(
      x12Finding({ loop: "ISA", segmentId: "ISA", position }, `${problem}; reading stopped here`, {}),
    );
  }

  /** Delivers every complete segment in `buffer`; returns how many bytes were used. */
  private scan(buffer: Buffer, base: number, final: boolean): number {
    const end = buffer.length;
    const kinds = this.kinds;
    // Most chunks are plain ASCII (checked natively, at memory speed): their bytes need
    // two compares each instead of a table lookup, and no segment in them is non-ASCII.
    const ascii = isAscii(buffer);
    let text: string | undefined;
    let i = 0;
    while (i < end) {
      const first = buffer[i] as number;
      // Line breaks (and a UTF-8 byte order mark at the start) between segments are layout, not data.
      if (first === LF || first === CR) {
        i++;
        continue;
      }
      // Spaces and tabs between segments are not X12 either (only the terminator separates
      // segments; ASC X12.6): skipped alike, with one warning per file, so an indented file
      // is read and a tab is never taken for part of a segment id.
      if ((first === 32 && this.terminatorCode !== 32) || (first === TAB && this.terminatorCode !== TAB)) {
        if (!this.blanksReported) {
          this.blanksReported = true;
          this.sink.finding(
            x12Finding(
              { loop: "ISA", segmentId: "ISA", position: this.nextPosition(base + i) },
              `${first === TAB ? "a tab" : "a space"} stands between two segments (and may stand elsewhere in the file); X12 separates segments by the terminator alone, so such characters were skipped: remove them before sending`,
              { severity: "warning" },
            ),
          );
        }
        i++;
        continue;
      }
      if (base + i === 0 && first === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
        i += 3;
        continue;
      }
      const segmentStart = i;
      // Too few bytes to tell an ISA (or to guess delimiters) yet: wait for the next chunk.
      if (!final && (end - i < 4 || (!this.delimiters && !isIsaAt(buffer, i, end) && end - i < 65_536))) {
        return segmentStart;
      }
      if (isIsaAt(buffer, i, end)) {
        const reading = readIsaDelimiters(buffer, i, end, final);
        if (reading.kind === "need-more") return segmentStart;
        if (reading.kind === "unreadable") {
          if (!this.delimiters) {
            this.stop(i, base, `cannot read the delimiters: ${reading.problem}`);
            return end;
          }
          this.sink.finding(
            x12Finding(
              { loop: "ISA", segmentId: "ISA", position: this.nextPosition(base + i) },
              `cannot read this ISA's delimiters (${reading.problem}); the previous interchange's delimiters are used`,
            ),
          );
        } else {
          this.setDelimiters(reading.delimiters);
          if (reading.length !== isaLength) {
            this.sink.finding(
              x12Finding(
                { loop: "ISA", segmentId: "ISA", position: this.nextPosition(base + i) },
                `the ISA segment is ${reading.length} characters long with its terminator; it must be exactly ${isaLength} (pad ISA02, ISA04, ISA06 and ISA08 with spaces)`,
              ),
            );
          }
        }
      } else if (!this.delimiters) {
        const guessed = guessDelimiters(buffer, i, end);
        if (!guessed) {
          this.stop(i, base, "this is not X12: expected the ISA interchange header at the start");
          return end;
        }
        this.setDelimiters(guessed);
        this.sink.finding(
          x12Finding(
            { loop: "ISA", segmentId: "ISA", position: this.nextPosition(base + i) },
            `the file does not start with an ISA interchange header; delimiters were guessed (element ${JSON.stringify(
              guessed.element,
            )}, segment terminator ${JSON.stringify(guessed.segment)})`,
          ),
        );
      }

      // The hot loop: one table lookup per byte, offsets of element starts into an Int32Array.
      let starts = this.view.starts;
      let count = 0;
      let nonAscii = false;
      let j = i;
      if (ascii) {
        // The terminator wins when a sender made it equal to the element separator, as in the table.
        const terminator = this.terminatorCode;
        const element = this.elementCode;
        for (; j < end; j++) {
          const byte = buffer[j] as number;
          if (byte === terminator) break;
          if (byte === element) {
            if (++count >= starts.length) starts = this.growStarts();
            starts[count] = j + 1;
          }
        }
      } else {
        for (; j < end; j++) {
          const kind = kinds[buffer[j] as number];
          if (kind === 0) continue;
          if (kind === KIND_ELEMENT) {
            if (++count >= starts.length) starts = this.growStarts();
            starts[count] = j + 1;
          } else if (kind === KIND_TERMINATOR) {
            break;
          } else {
            nonAscii = true;
          }
        }
      }
      if (j >= end) {
        if (!final) {
          if (end - segmentStart > this.maxSegmentLength) {
            this.stop(
              segmentStart,
              base,
              `no segment terminator ${JSON.stringify(this.delimiters?.segment)} within ${this.maxSegmentLength} bytes`,
            );
            return end;
          }
          return segmentStart;
        }
        // The file ends inside a segment: deliver what is there and say so.
        let last = end;
        while (last > segmentStart && (buffer[last - 1] === LF || buffer[last - 1] === CR)) last--;
        text ??= buffer.toString("latin1");
        this.sink.finding(
          x12Finding(
            { loop: "ISA", segmentId: "ISA", position: this.nextPosition(base + segmentStart) },
            `the file ends inside a segment (no terminator ${JSON.stringify(this.delimiters?.segment)}): it is truncated`,
          ),
        );
        this.deliver(buffer, text, base, segmentStart, last, countBefore(starts, count, last), nonAscii);
        return end;
      }
      let segmentEnd = j;
      // A line-break terminator written as CRLF leaves a CR on the segment.
      if (this.terminatorCode === LF && segmentEnd > segmentStart && buffer[segmentEnd - 1] === CR)
        segmentEnd--;
      text ??= buffer.toString("latin1");
      this.deliver(buffer, text, base, segmentStart, segmentEnd, count, nonAscii);
      i = j + 1;
    }
    return end;
  }

  private growStarts(): Int32Array {
    const starts = this.view.starts;
    const grown = new Int32Array(starts.length * 2);
    grown.set(starts);
    this.view.starts = grown;
    return grown;
  }

  private nextPosition(offset: number): SegmentPosition {
    return {
      segment: this.segmentNumber + 1,
      transactionSegment: this.inTransaction ? this.transactionSegment + 1 : 0,
      offset,
    };
  }

  private deliver(
    buffer: Buffer,
    text: string,
    base: number,
    start: number,
    end: number,
    count: number,
    nonAscii: boolean,
  ): void {
    const view = this.view;
    const starts = view.starts;
    starts[0] = start;
    const idEnd = count > 0 ? (starts[1] as number) - 1 : end;
    const id = this.internId(buffer, text, start, idEnd);
    this.segmentNumber++;
    if (id === "ST") {
      this.inTransaction = true;
      this.transactionSegment = 1;
    } else if (this.inTransaction) {
      this.transactionSegment++;
    }
    view.id = id;
    view.segment = this.segmentNumber;
    view.transactionSegment = this.inTransaction ? this.transactionSegment : 0;
    view.offset = base + start;
    view.elementCount = count;
    view.text = text;
    view.bytes = buffer;
    view.end = end;
    view.nonAscii = nonAscii;
    if (!this.idIsValid) {
      // Counted (so later positions stay true) but not delivered: no reader can use it.
      this.sink.finding(
        x12Finding(
          { loop: "ISA", segmentId: "?", position: view.position() },
          `${JSON.stringify(id.length > 20 ? `${id.slice(0, 20)}…` : id)} is not a segment id (2 or 3 capital letters or digits); is the segment terminator right?`,
        ),
      );
      return;
    }
    this.sink.segment(view);
    if (id === "SE") this.inTransaction = false;
  }

  /** Segment ids repeat millions of times: map their bytes to one shared, checked string. */
  private internId(buffer: Buffer, text: string, start: number, end: number): string {
    const length = end - start;
    if (length < 2 || length > 3) {
      this.idIsValid = false;
      return text.slice(start, end);
    }
    let key = length;
    for (let k = start; k < end; k++) key = key * 256 + (buffer[k] as number);
    // A direct-mapped cache in front of the Map: one compare for the ids a file repeats.
    const slot = key & idCacheMask;
    if (this.idCacheKeys[slot] === key) {
      this.idIsValid = true;
      return this.idCacheIds[slot] as string;
    }
    let id = this.ids.get(key);
    if (id === undefined) {
      id = text.slice(start, end);
      // Only well-formed ids are remembered, so a cache hit needs no check.
      if (!isSegmentId(id)) {
        this.idIsValid = false;
        return id;
      }
      id = internalized(id);
      this.ids.set(key, id);
    }
    this.idCacheKeys[slot] = key;
    this.idCacheIds[slot] = id;
    this.idIsValid = true;
    return id;
  }
}

/**
 * V8 compares internalized strings by pointer. Property keys are internalized, so an id
 * that went through an object key compares with "CLM" in one instruction.
 */
function internalized(text: string): string {
  const holder: Record<string, true> = {};
  holder[text] = true;
  return Object.keys(holder)[0] ?? text;
}

function countBefore(starts: Int32Array, count: number, end: number): number {
  let n = count;
  while (n > 0 && (starts[n] as number) > end) n--;
  return n;
}

function isSegmentId(id: string): boolean {
  if (id.length < 2 || id.length > 3) return false;
  for (let k = 0; k < id.length; k++) {
    const c = id.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** Feeds a whole input to a tokenizer in one go. */
export function tokenizeInto(input: X12Input, sink: TokenizerSink, options?: TokenizerOptions): void {
  const tokenizer = new SegmentTokenizer(sink, options);
  tokenizer.push(input);
  tokenizer.end();
}

/** Feeds a stream of chunks to a tokenizer; `afterChunk` lets a reader hand out what is complete. */
export async function tokenizeStreamInto(
  source: X12Source,
  sink: TokenizerSink,
  afterChunk: () => void,
  options?: TokenizerOptions,
): Promise<void> {
  const tokenizer = new SegmentTokenizer(sink, options);
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    tokenizer.push(chunk);
    afterChunk();
  }
  tokenizer.end();
}

/** Splits a whole input into plain segments (a copy of each), with the tokenizer's findings. */
export function tokenize(input: X12Input): {
  segments: Segment[];
  findings: Finding[];
  delimiters: Delimiters | undefined;
} {
  const segments: Segment[] = [];
  const findings: Finding[] = [];
  const tokenizer = new SegmentTokenizer({
    segment: (view) => segments.push(view.toSegment()),
    finding: (finding) => findings.push(finding),
  });
  tokenizer.push(input);
  tokenizer.end();
  return { segments, findings, delimiters: tokenizer.currentDelimiters };
}

/** Streams plain segments (and findings) from chunks; memory stays bounded by the chunk size. */
export async function* tokenizeStream(
  source: X12Source,
): AsyncGenerator<{ segment: Segment } | { finding: Finding }> {
  const queue: Array<{ segment: Segment } | { finding: Finding }> = [];
  const tokenizer = new SegmentTokenizer({
    segment: (view) => queue.push({ segment: view.toSegment() }),
    finding: (finding) => queue.push({ finding }),
  });
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    tokenizer.push(chunk);
    yield* queue.splice(0);
  }
  tokenizer.end();
  yield* queue.splice(0);
}
