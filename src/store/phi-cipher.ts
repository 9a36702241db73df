import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { Problem } from "../model/problem.js";

/**
 * Protected health information at rest (issue 9, PHI protection; HIPAA Security Rule,
 * 45 CFR §164.312(a)(2)(iv) encryption and decryption): patient name, birth date, member
 * id and address are sealed with AES-256-GCM before they reach the database, and found
 * again through keyed-hash blind indexes (HMAC-SHA-256), never by plaintext.
 *
 * A sealed value is `cc1.<key version>.<iv>.<ciphertext+tag>` (base64url). The field name is
 * the GCM additional data, so a ciphertext copied into another column does not open.
 * Rotation adds a key version: old ciphertexts open with their own key until
 * `cleanclaim key rotate` has re-sealed them.
 */
export interface Keyring {
  /** The version new values are sealed with. */
  current: number;
  /** 32-byte keys by version. */
  keys: ReadonlyMap<number, Buffer>;
}

const PREFIX = "cc1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PhiCipher {
  readonly current: number;
  readonly #keys: ReadonlyMap<number, Buffer>;
  readonly #indexKey: Buffer;

  constructor(keyring: Keyring) {
    const key = keyring.keys.get(keyring.current);
    if (!key) throw keyProblem(`the keyring has no key for its current version ${keyring.current}`);
    for (const [version, k] of keyring.keys)
      if (k.length !== 32) throw keyProblem(`key version ${version} is ${k.length} bytes; AES-256 needs 32`);
    this.current = keyring.current;
    this.#keys = keyring.keys;
    // The blind-index key is derived, never the encryption key itself (separate purposes).
    this.#indexKey = Buffer.from(hkdfSync("sha256", key, "cleanclaim", "blind-index", 32));
  }

  /** Seals one field value under the current key. */
  seal(field: string, plaintext: string): string {
    const key = this.#keys.get(this.current) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(field, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}.${this.current}.${iv.toString("base64url")}.${body.toString("base64url")}`;
  }

  /** Opens a sealed field value; a wrong key, field or tampered text is refused. */
  open(field: string, sealed: string): string {
    const parts = sealed.split(".");
    const [prefix, versionText, ivText, bodyText] = parts;
    if (parts.length !== 4 || prefix !== PREFIX || !versionText || !ivText || !bodyText)
      throw keyProblem(`a sealed ${field} is not in the cc1 format`);
    const version = Number(versionText);
    const key = this.#keys.get(version);
    if (!key)
      throw keyProblem(`a sealed ${field} needs key version ${version}, which the keyring does not hold`);
    const body = Buffer.from(bodyText, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
    decipher.setAAD(Buffer.from(field, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      throw keyProblem(
        `a sealed ${field} does not open with key version ${version}: wrong key or altered data`,
      );
    }
  }

  sealOptional(field: string, plaintext: string | null | undefined): string | null {
    return plaintext === null || plaintext === undefined || plaintext === ""
      ? null
      : this.seal(field, plaintext);
  }

  openOptional(field: string, sealed: string | null | undefined): string | null {
    return sealed ? this.open(field, sealed) : null;
  }

  /** The key version a sealed value was made with (for rotation). */
  static versionOf(sealed: string): number {
    return Number(sealed.split(".")[1]);
  }

  /**
   * The keyed hash a lookup uses: HMAC-SHA-256 of the normalized value, per field, so the
   * same text in two fields gives two hashes. Equal inputs give equal indexes; nothing else
   * can be learned without the key.
   */
  blindIndex(field: string, value: string): string {
    return createHmac("sha256", this.#indexKey)
      .update(`${field}\u0000${normalizeForIndex(value)}`)
      .digest("base64url");
  }

  blindIndexOptional(field: string, value: string | null | undefined): string | null {
    return value === null || value === undefined || value.trim() === ""
      ? null
      : this.blindIndex(field, value);
  }
}

/** Case, accents, spaces and punctuation do not matter to a lookup: "O'Brien" finds "OBRIEN". */
export function normalizeForIndex(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

/** A new random 32-byte key. */
export function newKey(): Buffer {
  return randomBytes(32);
}

/**
 * Parses CLEANCLAIM_KEY: one base64 key (version 1), or versions as `2:<base64>,1:<base64>`
 * where the first listed is current.
 */
export function keyringFromText(text: string, source = "CLEANCLAIM_KEY"): Keyring {
  const keys = new Map<number, Buffer>();
  let current: number | undefined;
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(?:(\d+):)?([A-Za-z0-9+/=_-]+)$/.exec(part);
    if (!match?.[2])
      throw keyProblem(`${source}: expected base64 keys, optionally as VERSION:KEY, separated by commas`);
    const version = match[1] ? Number(match[1]) : 1;
    const key = Buffer.from(
      match[2],
      match[2].includes("-") || match[2].includes("_") ? "base64url" : "base64",
    );
    if (key.length !== 32)
      throw keyProblem(
        `${source}: key version ${version} is ${key.length} bytes; expected 32 (base64 of 32 random bytes)`,
      );
    if (keys.has(version)) throw keyProblem(`${source}: key version ${version} is given twice`);
    keys.set(version, key);
    current ??= version;
  }
  if (current === undefined) throw keyProblem(`${source} is empty`);
  return { current, keys };
}

/** The key file's JSON form: `{ "current": 2, "keys": { "1": "<base64>", "2": "<base64>" } }`. */
export interface KeyFile {
  current: number;
  keys: Record<string, string>;
}

export function keyringFromFile(file: KeyFile, source: string): Keyring {
  const keys = new Map<number, Buffer>();
  for (const [version, text] of Object.entries(file.keys ?? {})) {
    const key = Buffer.from(text, "base64");
    if (!/^\d+$/.test(version) || key.length !== 32)
      throw keyProblem(`${source}: key "${version}" must be a version number with base64 of 32 bytes`);
    keys.set(Number(version), key);
  }
  if (!keys.has(file.current))
    throw keyProblem(`${source}: "current" names version ${file.current}, which is not in "keys"`);
  return { current: file.current, keys };
}

export function keyFileOf(keyring: Keyring): KeyFile {
  return {
    current: keyring.current,
    keys: Object.fromEntries([...keyring.keys].map(([v, k]) => [String(v), k.toString("base64")])),
  };
}

function keyProblem(message: string): Problem {
  return new Problem([{ code: "invalid-option", message, path: "CLEANCLAIM_KEY" }]);
}
