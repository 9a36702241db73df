import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { keyFilePath, loadKeyring } from "./key-file.js";
import { keyringFromText, normalizeForIndex, PhiCipher } from "./phi-cipher.js";

// A fixed test key (base64 of bytes 0..31) and a second one for rotation.
const K1 = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString("base64");
const K2 = Buffer.from(Array.from({ length: 32 }, (_, i) => 255 - i)).toString("base64");

describe("PHI cipher (AES-256-GCM, key versions, blind index)", () => {
  const cipher = new PhiCipher(keyringFromText(K1));

  it("seals and opens a value, never leaving the plaintext in the ciphertext", () => {
    const sealed = cipher.seal("patient.lastName", "Diaz");
    expect(sealed).toMatch(/^cc1\.1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("Diaz");
    expect(cipher.open("patient.lastName", sealed)).toBe("Diaz");
  });

  it("uses a fresh IV each time: equal plaintexts give different ciphertexts", () => {
    expect(cipher.seal("f", "1EG4TE5MK73")).not.toBe(cipher.seal("f", "1EG4TE5MK73"));
  });

  it("refuses a ciphertext moved to another field, altered, or under an unknown key", () => {
    const sealed = cipher.seal("patient.firstName", "Ana");
    expect(() => cipher.open("patient.lastName", sealed)).toThrow(/wrong key or altered/);
    const parts = sealed.split(".");
    const bytes = Buffer.from(parts[3] ?? "", "base64url");
    bytes[0] = (bytes[0] ?? 0) ^ 0x01; // one flipped bit of ciphertext
    const tampered = [...parts.slice(0, 3), bytes.toString("base64url")].join(".");
    expect(() => cipher.open("patient.firstName", tampered)).toThrow(/wrong key or altered/);
    expect(() => cipher.open("patient.firstName", sealed.replace("cc1.1.", "cc1.7."))).toThrow(
      /key version 7/,
    );
  });

  it("opens values sealed under an older key version after rotation", () => {
    const old = cipher.seal("patient.birthDate", "1956-04-09");
    const rotated = new PhiCipher(keyringFromText(`2:${K2},1:${K1}`));
    expect(rotated.current).toBe(2);
    expect(rotated.open("patient.birthDate", old)).toBe("1956-04-09");
    expect(PhiCipher.versionOf(rotated.seal("x", "y"))).toBe(2);
  });

  it("gives equal blind indexes for equal normalized values, per field and per key", () => {
    expect(cipher.blindIndex("name", "O'Brien")).toBe(cipher.blindIndex("name", "obrien"));
    expect(cipher.blindIndex("name", "Diaz")).not.toBe(cipher.blindIndex("memberId", "Diaz"));
    const other = new PhiCipher(keyringFromText(K2));
    expect(other.blindIndex("name", "Diaz")).not.toBe(cipher.blindIndex("name", "Diaz"));
    expect(normalizeForIndex("  José  Núñez ")).toBe("JOSENUNEZ");
  });

  it.each([
    ["", /empty/],
    ["c2hvcnQ=", /5 bytes; expected 32/],
    [`1:${K1},1:${K2}`, /given twice/],
    ["not base64!", /expected base64/],
  ])("refuses CLEANCLAIM_KEY %j", (text, message) => {
    expect(() => keyringFromText(text)).toThrow(message);
  });
});

describe("key file", () => {
  it("is created with mode 0600 on first run and read back the same on the next", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cc-key-"));
    const first = loadKeyring(home, {});
    expect(first.created).toBe(true);
    const file = keyFilePath(home);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadKeyring(home, {});
    expect(second.created).toBeUndefined();
    const a = new PhiCipher(first.keyring);
    const b = new PhiCipher(second.keyring);
    expect(b.open("f", a.seal("f", "Ana"))).toBe("Ana");
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("takes CLEANCLAIM_KEY over the file, and writes no file then", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cc-key-"));
    const loaded = loadKeyring(home, { CLEANCLAIM_KEY: K1 });
    expect(loaded.source).toBe("env");
    expect(fs.existsSync(keyFilePath(home))).toBe(false);
    fs.rmSync(home, { recursive: true, force: true });
  });
});
