import { Problem, type ProblemCode, type ProblemIssue } from "../../model/problem.js";

/**
 * A reference file that cannot be imported: truncated, garbled, or not the file it claims
 * to be. The core's Problem with code `invalid-reference-file` (or `conflict` when the file
 * clashes with a loaded edition). The message names the file, the line (when there is one)
 * and what was wrong, so that `cleanclaim data import` can print it as is and exit 2.
 */
export class ImportError extends Problem<ProblemIssue> {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
    code: ProblemCode = "invalid-reference-file",
  ) {
    super(
      [
        {
          code,
          message: problem,
          ...(line === undefined ? {} : { path: `line ${line}`, data: { line } }),
        },
      ],
      {
        source: file,
        message: line === undefined ? `${file}: ${problem}` : `${file} line ${line}: ${problem}`,
      },
    );
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
