/**
 * Where a segment sits in its file. Segment numbers are 1-based like the standard's
 * (SE01 counts ST as 1); the byte offset points at the segment id's first byte.
 */
export interface SegmentPosition {
  /** 1-based segment number in the file. */
  segment: number;
  /** 1-based segment number within its transaction set (ST is 1); 0 outside ST..SE. */
  transactionSegment: number;
  /** Byte offset of the segment in the file. */
  offset: number;
}

/** A segment as plain data. `elements[0]` is the segment id, so `elements[1]` is XX01 as the standard numbers it. */
export interface Segment extends SegmentPosition {
  id: string;
  elements: string[];
}

/**
 * A window on one segment of the tokenizer's buffer. The tokenizer reuses one view for
 * every segment, so values are cut out only when someone asks for them: that is what
 * makes the reader fast. Keep strings, never the view.
 */
export class SegmentView implements SegmentPosition {
  id = "";
  segment = 0;
  transactionSegment = 0;
  offset = 0;
  /** Number of elements after the id (trailing empty ones included). */
  elementCount = 0;
  /** The buffer's text, one char per byte (latin1), so char and byte indexes agree. */
  text = "";
  /** The buffer itself, to decode UTF-8 values in segments that hold non-ASCII bytes. */
  bytes: Buffer = Buffer.alloc(0);
  /** starts[0] is the id's index; starts[k] is the first index of element k. */
  starts: Int32Array = new Int32Array(64);
  /** Index of the segment terminator (exclusive end of the last element). */
  end = 0;
  /** The segment has bytes above 0x7F: values are decoded as UTF-8. */
  nonAscii = false;
  componentSeparator = 58;
  repetitionSeparator = -1;

  /** First index of element `n` (1-based). */
  elementStart(n: number): number {
    return this.starts[n] as number;
  }

  /** Exclusive end index of element `n`. */
  elementEnd(n: number): number {
    return n < this.elementCount ? (this.starts[n + 1] as number) - 1 : this.end;
  }

  /** Length of element `n` in bytes; 0 when absent. */
  elementLength(n: number): number {
    if (n > this.elementCount || n < 1) return 0;
    return this.elementEnd(n) - (this.starts[n] as number);
  }

  /** True when element `n` is present and not empty. */
  has(n: number): boolean {
    return this.elementLength(n) > 0;
  }

  /** Element `n` (1-based, as in SV1-02); "" when absent. */
  element(n: number): string {
    if (n > this.elementCount || n < 1) return "";
    return this.slice(this.starts[n] as number, this.elementEnd(n));
  }

  /** True when element `n` equals `code`, without cutting a string out. */
  elementIs(n: number, code: string): boolean {
    if (n > this.elementCount || n < 1) return code === "";
    const start = this.starts[n] as number;
    if (this.elementEnd(n) - start !== code.length) return false;
    return this.text.startsWith(code, start);
  }

  /** Component `c` (1-based) of composite element `n`, as in SV1-01-2; "" when absent. */
  component(n: number, c: number): string {
    if (n > this.elementCount || n < 1 || c < 1) return "";
    const end = this.elementEnd(n);
    const text = this.text;
    const separator = this.componentSeparator;
    let start = this.starts[n] as number;
    for (let k = 1; k < c; k++) {
      while (start < end && text.charCodeAt(start) !== separator) start++;
      if (start >= end) return "";
      start++;
    }
    let stop = start;
    while (stop < end && text.charCodeAt(stop) !== separator) stop++;
    return stop === start ? "" : this.slice(start, stop);
  }

  /**
   * Cuts the components of element `n` into `out` in one pass (out[0] is component 1);
   * returns how many there are. The reader uses it for SV101, SV107 and HI.
   */
  componentsInto(n: number, out: string[]): number {
    if (n > this.elementCount || n < 1) return 0;
    const end = this.elementEnd(n);
    const text = this.text;
    const separator = this.componentSeparator;
    let start = this.starts[n] as number;
    if (start === end) return 0;
    let count = 0;
    for (;;) {
      let stop = start;
      while (stop < end && text.charCodeAt(stop) !== separator) stop++;
      out[count++] = stop === start ? "" : this.slice(start, stop);
      if (stop >= end) return count;
      start = stop + 1;
    }
  }

  /** Number of components in element `n` (1 for a simple value, 0 when absent). */
  componentCount(n: number): number {
    const len = this.elementLength(n);
    if (len === 0) return 0;
    let count = 1;
    const end = this.elementEnd(n);
    for (let i = this.starts[n] as number; i < end; i++) {
      if (this.text.charCodeAt(i) === this.componentSeparator) count++;
    }
    return count;
  }

  /** All components of element `n`. */
  components(n: number): string[] {
    const out: string[] = [];
    this.componentsInto(n, out);
    return out;
  }

  /** Text between two indexes of the buffer, decoded as UTF-8 when the segment is not plain ASCII. */
  slice(start: number, end: number): string {
    return this.nonAscii ? this.bytes.toString("utf8", start, end) : this.text.slice(start, end);
  }

  /** The raw segment text without its terminator. */
  raw(): string {
    return this.slice(this.starts[0] as number, this.end);
  }

  /** A plain copy that outlives the tokenizer's buffer. */
  toSegment(): Segment {
    const elements = [this.id];
    for (let n = 1; n <= this.elementCount; n++) elements.push(this.element(n));
    return {
      id: this.id,
      elements,
      segment: this.segment,
      transactionSegment: this.transactionSegment,
      offset: this.offset,
    };
  }

  /** This segment's position, as a fresh object. */
  position(): SegmentPosition {
    return { segment: this.segment, transactionSegment: this.transactionSegment, offset: this.offset };
  }
}
