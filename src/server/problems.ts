import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import {
  httpStatusOf,
  isProblem,
  Problem,
  type ProblemCode,
  type ProblemIssue,
  problemKinds,
} from "../model/problem.js";

/**
 * The server's one error shape (RFC 9457 problem details) built from the core's Problem,
 * as Medplum maps an OperationOutcome with getStatus. Every failure, the core's and
 * Fastify's own (validation, 404, body too large, media type, rate limit), goes through
 * `problemReply`, so a client reads one shape everywhere.
 */
export interface ProblemBody {
  /** A stable URI naming the code: `urn:cleanclaim:problem:<code>` (docs/problems.md). */
  type: string;
  /** The code in words ("Invalid input"): the same for every problem of the type. */
  title: string;
  status: number;
  code: ProblemCode;
  message: string;
  /** The first issue's path: `$.services[0].minutes` in a body, `query.year` for a query parameter. */
  path: string | null;
  issues: ProblemIssue[];
}

export const problemContentType = "application/problem+json; charset=utf-8";

/**
 * Run options are named by domain path in the core (`pricing.locality`); over HTTP they
 * are query parameters, so the path says which one (as the CLI says which flag).
 */
const optionParameters: Readonly<Record<string, string>> = Object.freeze({
  "pricing.year": "query.year",
  "pricing.locality": "query.locality",
  "pricing.zip": "query.zip",
  "pricing.deductibleRemaining": "query.deductibleRemaining",
  asOf: "query.asOf",
});

function titleOf(code: ProblemCode): string {
  const words = code.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A problem as its HTTP body; `status` overrides httpStatusOf only for 415 (no core code has it). */
export function problemBody(problem: Problem, status = httpStatusOf(problem)): ProblemBody {
  const issues = problem.issues.map((issue) => {
    const path = issue.path === undefined ? undefined : (optionParameters[issue.path] ?? issue.path);
    return { ...issue, ...(path === undefined ? {} : { path }) };
  });
  const first = issues[0];
  return {
    type: `urn:cleanclaim:problem:${problem.code}`,
    title: titleOf(problem.code),
    status,
    code: problem.code,
    message: problem.message,
    path: first?.path ?? null,
    issues,
  };
}

/** A one-issue problem. */
export function problemOf(code: ProblemCode, message: string, path?: string): Problem {
  return new Problem([{ code, message, ...(path === undefined ? {} : { path }) }]);
}

/** `/services/0/minutes` (the zod provider's instancePath) as `$.services[0].minutes`. */
function jsonPathOf(instancePath: string, base: string): string {
  let out = base;
  for (const part of instancePath.split("/").filter((p) => p !== "")) {
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

/** Fastify's validation errors (from the zod schemas) as one problem naming every field. */
function validationProblem(error: FastifyError): Problem {
  const context = error.validationContext ?? "body";
  // A malformed query parameter is a run option (invalid-option); the rest is input.
  const code: ProblemCode = context === "querystring" ? "invalid-option" : "invalid-input";
  const base = context === "querystring" ? "query" : context === "body" ? "$" : context;
  const issues = (error.validation ?? []).map((v) => ({
    code,
    message: v.message ?? "invalid",
    path: jsonPathOf(v.instancePath, base),
  }));
  return new Problem(issues);
}

/** Fastify's own errors by their code: what the client did, in our codes. */
const fastifyErrors: Readonly<Record<string, [ProblemCode, string]>> = Object.freeze({
  FST_ERR_CTP_BODY_TOO_LARGE: ["too-large", "the request body is larger than the limit for this endpoint"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    "unsupported",
    "this endpoint does not take that content type (JSON endpoints take application/json)",
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: ["invalid-input", "the request body is empty; expected a JSON document"],
  FST_ERR_CTP_INVALID_JSON_BODY: ["invalid-input", "the request body is not valid JSON"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    "invalid-input",
    "the request body's length does not match its Content-Length",
  ],
});

/**
 * Any thrown value as a problem and its status. Unknown errors become `internal` with a
 * message that echoes nothing of the error or the input (the log keeps the stack).
 */
export function toProblem(error: unknown, requestId: string): { problem: Problem; status: number } {
  if (isProblem(error)) return { problem: error, status: httpStatusOf(error) };
  const fastify = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastify))
    return { problem: validationProblem(fastify), status: 400 };
  const known = fastify.code === undefined ? undefined : fastifyErrors[fastify.code];
  if (known) {
    const [code, message] = known;
    const status = fastify.statusCode === 415 ? 415 : problemKinds[code].http;
    return { problem: problemOf(code, message), status };
  }
  const status = fastify.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    // Another client error of Fastify's: its status, in words, without its message (which may quote the URL).
    return { problem: problemOf("invalid-input", STATUS_CODES[status] ?? "bad request"), status };
  }
  return {
    problem: problemOf("internal", `internal error; report request ${requestId} to your administrator`),
    status: 500,
  };
}

/**
 * Fastify's error handler: the problem body, and a log line with the code and status only.
 * Messages of 4xx problems can quote the input (a malformed birth date), so they are never
 * logged; a 500 logs its error type and stack frames (not its message), which the client never sees.
 */
export function problemReply(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem, status } = toProblem(error, request.id);
  if (status >= 500) {
    // The frames say where the defect is; the message may quote the input, so it stays out.
    const e = error as Error | undefined;
    const frames = (e?.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
    request.log.error(
      { problem: problem.code, statusCode: status, err: { type: e?.name, frames } },
      "defect",
    );
  } else request.log.info({ problem: problem.code, statusCode: status }, "request refused");
  return reply
    .code(status)
    .type(problemContentType)
    .send(JSON.stringify(problemBody(problem, status)));
}
