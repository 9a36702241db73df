import { Problem } from "../model/problem.js";
import { cleanclaimHome } from "../reference/home.js";
import { appendAudit } from "../store/audit.js";
import { embeddedDataDir, openStore } from "../store/db.js";
import { loadKeyring, writeKeyFile } from "../store/key-file.js";
import { type RotationCounts, resealAll } from "../store/key-rotation.js";
import { type Keyring, keyringFromText, newKey, PhiCipher } from "../store/phi-cipher.js";

/**
 * `cleanclaim key rotate` (docs/service/key-rotation.md): a new key version becomes
 * current and every sealed value is sealed again under it, in one transaction.
 *
 * - Key file (no CLEANCLAIM_KEY): a random key is added to the file as the next version,
 *   the file is written first (old keys kept, so a failed re-seal leaves everything openable),
 *   then the store is re-sealed.
 * - CLEANCLAIM_KEY set: the new key comes from CLEANCLAIM_NEW_KEY (base64 of 32 bytes); after
 *   the re-seal the user sets CLEANCLAIM_KEY to "N:<new>,<old versions>" (the new first).
 * Old keys stay in the keyring: a database backup made before the rotation still opens.
 */
export interface RotationResult {
  version: number;
  counts: RotationCounts;
  source: "env" | "file";
  /** For CLEANCLAIM_KEY users: the form the variable takes now (key text elided). */
  envForm?: string;
  keyFile?: string;
}

export async function rotatePhiKey(env: NodeJS.ProcessEnv = process.env): Promise<RotationResult> {
  const home = cleanclaimHome(env);
  const loaded = loadKeyring(home, env);
  const version = Math.max(...loaded.keyring.keys.keys()) + 1;
  let key: Buffer;
  if (loaded.source === "env") {
    const given = env.CLEANCLAIM_NEW_KEY?.trim();
    if (!given)
      throw new Problem([
        {
          code: "invalid-option",
          path: "CLEANCLAIM_NEW_KEY",
          message:
            "CLEANCLAIM_KEY is set, so the new key must come from CLEANCLAIM_NEW_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)",
        },
      ]);
    key = keyringFromText(given, "CLEANCLAIM_NEW_KEY").keys.values().next().value as Buffer;
  } else key = newKey();
  const keyring: Keyring = { current: version, keys: new Map([...loaded.keyring.keys, [version, key]]) };
  if (loaded.source === "file" && loaded.file) writeKeyFile(loaded.file, keyring);
  const cipher = new PhiCipher(keyring);
  const url = env.DATABASE_URL?.trim() || undefined;
  const store = await openStore({ url, dataDir: url ? undefined : embeddedDataDir(home) });
  try {
    const counts = await resealAll(store.db, cipher);
    await appendAudit(store.db, null, {
      action: "update",
      entity: "key",
      outcome: "ok",
      detail: { rotatedTo: version, ...counts },
    });
    const older = [...loaded.keyring.keys.keys()].sort((a, b) => b - a);
    return {
      version,
      counts,
      source: loaded.source,
      ...(loaded.source === "env"
        ? { envForm: [`${version}:<CLEANCLAIM_NEW_KEY>`, ...older.map((v) => `${v}:<key ${v}>`)].join(",") }
        : {}),
      ...(loaded.file ? { keyFile: loaded.file } : {}),
    };
  } finally {
    await store.close();
  }
}
