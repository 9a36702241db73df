import { today } from "../model/dates.js";
import { cleanclaimHome } from "../reference/home.js";
import { openReference } from "../reference/open.js";
import { embeddedDataDir, openStore } from "../store/db.js";
import { loadKeyring } from "../store/key-file.js";
import { PhiCipher } from "../store/phi-cipher.js";
import type { AppContext } from "./context.js";

/**
 * The service's context from the environment (issue 9, storage): PostgreSQL when
 * DATABASE_URL is set, else PGlite under CLEANCLAIM_HOME; the PHI key from CLEANCLAIM_KEY
 * or the key file; the reference data from the bundled pack plus the user's imports.
 */
export interface OpenAppOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** PGlite folder override ("memory://" in tests). */
  dataDir?: string;
  poolSize?: number;
}

export interface OpenedApp {
  ctx: AppContext;
  home: string;
  /** True when this run created the PHI key file (tell the user to back it up). */
  keyCreated: boolean;
  close(): Promise<void>;
}

export async function openApp(options: OpenAppOptions = {}): Promise<OpenedApp> {
  const env = options.env ?? process.env;
  const home = options.home ?? cleanclaimHome(env);
  const keys = loadKeyring(home, env);
  const url = env.DATABASE_URL?.trim() || undefined;
  const store = await openStore({
    url,
    dataDir: url ? undefined : (options.dataDir ?? embeddedDataDir(home)),
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  const reference = openReference({ home });
  const ctx: AppContext = {
    store,
    cipher: new PhiCipher(keys.keyring),
    reference,
    today: () => today(),
    now: () => new Date(),
    home,
  };
  return { ctx, home, keyCreated: keys.created === true, close: () => store.close() };
}
