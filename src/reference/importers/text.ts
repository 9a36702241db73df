import { constants, gunzipSync } from "node:zlib";
import { ImportError } from "./errors.js";

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;

export function isGzip(buffer: Uint8Array): boolean {
  return buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
}

export function isZip(buffer: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => buffer[i] === byte);
}

function gunzip(buffer: Buffer, source: string): Buffer {
  try {
    return gunzipSync(buffer);
  } catch (error) {
    throw new ImportError(source, undefined, `damaged gzip data (${(error as Error).message})`);
  }
}

/** The first bytes of a gzip stream, without inflating the whole file: enough to recognise it. */
export function gunzipHead(buffer: Buffer, bytes: number): Buffer {
  try {
    return gunzipSync(buffer.subarray(0, bytes), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

/** Text files never hold NUL bytes; a binary blob almost always does within its first few KB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a reference file to text: gunzips, then reads UTF-8, falling back to Latin-1
 * because CMS publishes several files (the MUE tables among them) in Latin-1.
 */
export function readText(input: string | Buffer, source: string): string {
  if (typeof input === "string") return stripBom(input);
  const bytes = isGzip(input) ? gunzip(input, source) : input;
  if (isZip(bytes)) {
    throw new ImportError(
      source,
      undefined,
      "this is a zip archive, not a data file: import the archive itself",
    );
  }
  if (looksBinary(bytes)) throw new ImportError(source, undefined, "binary data, not a text file");
  return stripBom(decode(bytes));
}

export function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Splits on LF or CRLF. A file ending in a line break gives no extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
