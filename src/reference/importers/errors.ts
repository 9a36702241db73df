/**
 * A reference file that cannot be imported: truncated, garbled, or not the file it claims
 * to be. The message names the file, the line (when there is one) and what was wrong, so
 * that `cleanclaim data import` can print it as is and exit 2.
 */
export class ImportError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(line === undefined ? `${source}: ${problem}` : `${source} line ${line}: ${problem}`);
    this.name = "ImportError";
  }
}

/** Where a value was read, for error messages. */
export interface Place {
  source: string;
  line: number | undefined;
}

export function fail(at: Place, problem: string): never {
  throw new ImportError(at.source, at.line, problem);
}
