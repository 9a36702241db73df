import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../reference/file-store.js";
import {
  type KeyFile,
  type Keyring,
  keyFileOf,
  keyringFromFile,
  keyringFromText,
  newKey,
} from "./phi-cipher.js";

/**
 * Where the PHI key comes from (issue 9): CLEANCLAIM_KEY when set, else the key file in the
 * data directory, created with mode 0600 on first run. Losing the key file loses the
 * patients' names: back it up apart from the database (README, "The key file").
 */
export function keyFilePath(home: string): string {
  return path.join(home, "keys", "phi-key.json");
}

export interface LoadedKeyring {
  keyring: Keyring;
  source: "env" | "file";
  /** The key file, when the keyring came from (or was created in) one. */
  file?: string;
  created?: boolean;
}

export function loadKeyring(home: string, env: NodeJS.ProcessEnv = process.env): LoadedKeyring {
  const fromEnv = env.CLEANCLAIM_KEY?.trim();
  if (fromEnv) return { keyring: keyringFromText(fromEnv), source: "env" };
  const file = keyFilePath(home);
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, "utf8");
    let parsed: KeyFile;
    try {
      parsed = JSON.parse(text) as KeyFile;
    } catch {
      return { keyring: keyringFromText(text.trim(), file), source: "file", file };
    }
    return { keyring: keyringFromFile(parsed, file), source: "file", file };
  }
  const keyring: Keyring = { current: 1, keys: new Map([[1, newKey()]]) };
  writeKeyFile(file, keyring);
  return { keyring, source: "file", file, created: true };
}

/** Writes the key file atomically, readable by its owner only (0600, in a 0700 folder). */
export function writeKeyFile(file: string, keyring: Keyring): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, `${JSON.stringify(keyFileOf(keyring), null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
