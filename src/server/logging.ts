import type { FastifyLoggerOptions, FastifyRequest } from "fastify";
import type { LoggerOptions as PinoLoggerOptions } from "pino";

/** What ServerDeps.logger takes: off, on, or pino options (a `stream` captures lines in tests). */
export type LoggerOption = boolean | (FastifyLoggerOptions & PinoLoggerOptions);

/** A URL without its query string: a `?patient=` filter is PHI, and so may be any search. */
export function pathOnly(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The server's pino options: PHI never reaches a log line (issue 9, PHI protection).
 * Fastify logs no bodies; these serializers keep only the method, the path without its
 * query and the caller's address, and the redaction covers credentials should anything
 * log headers. The error handler logs problem codes, never their messages (problems.ts).
 */
export function loggerOptions(
  option: LoggerOption | undefined,
): false | (FastifyLoggerOptions & PinoLoggerOptions) {
  if (option === undefined || option === false) return false;
  const base = option === true ? {} : option;
  return {
    level: "info",
    ...base,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: pathOnly(request.url),
        remoteAddress: request.ip,
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
