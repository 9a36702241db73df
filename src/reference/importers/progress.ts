/** Told how far a parser has read, as a fraction from 0 to 1. */
export type ProgressHook = (fraction: number) => void;

export interface ParseOptions {
  /**
   * Called with a rising fraction of the file read, at most about 100 times, the last
   * time with 1. Meant for progress bars: the full PTP file takes a few seconds.
   */
  onProgress?: ProgressHook;
}

/**
 * Progress through `total` units (rows, characters), told to a hook at most `steps`
 * times. `at(done)` costs one comparison when there is nothing to tell, so a parser may
 * call it on every row, even 2.5 million times.
 */
export class Progress {
  private readonly step: number;
  private next: number;

  constructor(
    private readonly hook: ProgressHook | undefined,
    private readonly total: number,
    steps = 100,
  ) {
    this.step = Math.max(1, total / steps);
    this.next = hook && total > 0 ? this.step : Number.POSITIVE_INFINITY;
  }

  at(done: number): void {
    if (done < this.next) return;
    this.hook!(Math.min(1, done / this.total));
    this.next = (Math.floor(done / this.step) + 1) * this.step;
  }

  /** The whole file is read. */
  end(): void {
    this.hook?.(1);
  }
}
