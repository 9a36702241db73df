import type { FastifyInstance } from "fastify";

/** X12 media types: text/plain (what most clearinghouses and curl send) and application/edi-x12 (RFC 1767). */
export const x12ContentTypes = ["text/plain", "application/edi-x12"] as const;

/** The default limit of one 837 or 835 upload: 100 MB (issue 9, limits). */
export const defaultX12BodyBytes = 100 * 1024 * 1024;

/**
 * Lets the routes of one context take an X12 file as the raw body (a Buffer). The limit is
 * the parser's, so JSON bodies on the same route keep the server's JSON limit. The bytes
 * stay one Buffer, never a string: the X12 reader takes bytes, so a 100 MB file costs
 * 100 MB once (Fastify stops reading at the limit and answers 413).
 */
export function acceptX12(instance: FastifyInstance, bodyLimit = defaultX12BodyBytes): void {
  // The built-in text/plain parser makes a string under the JSON limit; X12 replaces it here.
  if (instance.hasContentTypeParser("text/plain")) instance.removeContentTypeParser("text/plain");
  instance.addContentTypeParser(
    [...x12ContentTypes],
    { parseAs: "buffer", bodyLimit },
    (_request, body, done) => done(null, body),
  );
}
