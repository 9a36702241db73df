/**
 * The one error type of the core (issue 8 §4), after Medplum's OperationOutcome: a thrown
 * problem is data, `{ code, message, path, data }` per issue, and each adapter maps it to
 * its own status: the CLI to an exit status (`exitStatusOf`), the server to an HTTP status
 * (`httpStatusOf`). The core never names a CLI flag: a run option is a domain path such as
 * `pricing.locality`, and the CLI turns it into `--locality` (src/cli/problems.ts).
 *
 * Findings are not problems: a claim that would be denied is a result (exit 1), reported as
 * findings. A problem means the request itself cannot be answered.
 */

/** One problem code, its exit status (contract §5) and HTTP status (RFC 9110 §15). */
export interface ProblemKind {
  /** What the code means, for docs/problems.md. */
  meaning: string;
  /** CLI exit status: 2 for unusable input (contract §5), 70 (EX_SOFTWARE) for a defect. */
  exit: number;
  /** HTTP status the server answers with. */
  http: number;
}

/** Every problem code, as data: docs/problems.md lists this table and a test pins it. */
export const problemKinds = Object.freeze({
  "invalid-input": {
    meaning:
      "a document (visit, claim, payer profile, envelope, fee table, charge schedule, X12 file) fails validation: wrong type, missing field, malformed value",
    exit: 2,
    http: 400,
  },
  "invalid-option": {
    meaning:
      "a run option is malformed: the pricing year, locality, ZIP, deductible, as-of date or output format",
    exit: 2,
    http: 400,
  },
  "locality-unknown": {
    meaning: "a well-formed MAC-locality that the GPCI table in force does not list",
    exit: 2,
    http: 422,
  },
  "invalid-reference-file": {
    meaning:
      "a CMS reference file that cannot be imported: truncated, garbled, or not the file it claims to be",
    exit: 2,
    http: 422,
  },
  "reference-data": {
    meaning:
      "the reference data store cannot answer: a damaged manifest or index, an edition that is not loaded",
    exit: 2,
    http: 503,
  },
  "not-found": {
    meaning: "a named thing does not exist: a file, an edition id, a claim",
    exit: 2,
    http: 404,
  },
  conflict: {
    meaning:
      "the request clashes with what is already there (an import that would double rows of a loaded edition)",
    exit: 2,
    http: 409,
  },
  unsupported: {
    meaning:
      "a well-formed request that cleanclaim does not handle (a transaction or version it does not read)",
    exit: 2,
    http: 422,
  },
  unauthenticated: {
    meaning:
      "no credential, or one that is unknown, expired or revoked (a bearer token, a session cookie, a password)",
    exit: 2,
    http: 401,
  },
  forbidden: {
    meaning:
      "the caller is known but their role does not allow this action, or a form came without its CSRF token",
    exit: 2,
    http: 403,
  },
  "too-large": {
    meaning: "a request body or upload larger than the limit for its kind",
    exit: 2,
    http: 413,
  },
  "rate-limited": {
    meaning: "too many requests (or failed sign-ins) from one token or address in the window; retry later",
    exit: 2,
    http: 429,
  },
  internal: {
    meaning: "a defect in cleanclaim: please report it",
    exit: 70,
    http: 500,
  },
} satisfies Record<string, ProblemKind>);

export type ProblemCode = keyof typeof problemKinds;

/** One issue of a problem: what went wrong, where, and the values that explain it. */
export interface ProblemIssue {
  code: ProblemCode;
  message: string;
  /** JSON path ($.lines[2].code), X12 position (2400/SV1-01-2), file line (line 12) or option (pricing.locality). */
  path?: string | undefined;
  /** The values behind the message (the text it got, the edition it looked in), for renderers. */
  data?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A problem that stops a request: one or more issues, and the source (a file name) they
 * come from. Subclasses keep their own message formats (InputError, ImportError).
 */
export class Problem<I extends ProblemIssue = ProblemIssue> extends Error {
  readonly issues: readonly I[];
  readonly source: string | undefined;

  constructor(issues: readonly I[], options: { source?: string | undefined; message?: string } = {}) {
    super(options.message ?? problemMessage(issues, options.source));
    this.name = "Problem";
    this.issues = issues;
    this.source = options.source;
  }

  /** The code of the first issue: the one the message leads with. */
  get code(): ProblemCode {
    return this.issues[0]?.code ?? "internal";
  }

  toJSON(): { code: ProblemCode; message: string; source?: string; issues: readonly I[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.source === undefined ? {} : { source: this.source }),
      issues: this.issues,
    };
  }
}

/** "file: $.a.b: what was wrong (and 2 more problems)". */
export function problemMessage(issues: readonly ProblemIssue[], source?: string): string {
  const where = source ? `${source}: ` : "";
  const first = issues[0];
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  if (!first) return `${where}invalid input`;
  return `${where}${first.path ? `${first.path}: ` : ""}${first.message}${more}`;
}

/** True for any problem of the core (and of its subclasses). */
export function isProblem(error: unknown): error is Problem {
  return error instanceof Problem;
}

/**
 * The CLI exit status of a problem: the highest of its issues' (2 for unusable input,
 * contract §5). Anything that is not a Problem is a defect (70).
 */
export function exitStatusOf(problem: unknown): number {
  if (!isProblem(problem) || problem.issues.length === 0) return problemKinds.internal.exit;
  return Math.max(...problem.issues.map((i) => problemKinds[i.code].exit));
}

/**
 * The HTTP status of a problem (RFC 9110 §15), like Medplum's getStatus(outcome): the
 * status all its issues share, else 400 when they are all client errors, else the highest.
 */
export function httpStatusOf(problem: unknown): number {
  if (!isProblem(problem) || problem.issues.length === 0) return problemKinds.internal.http;
  const statuses = [...new Set(problem.issues.map((i) => problemKinds[i.code].http))];
  if (statuses.length === 1) return statuses[0]!;
  if (statuses.every((s) => s < 500)) return 400;
  return Math.max(...statuses);
}
