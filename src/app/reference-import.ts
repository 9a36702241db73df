import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Problem } from "../model/problem.js";
import { updateStore } from "../reference/file-store.js";
import { bundledPackDir } from "../reference/home.js";
import { readReferenceInputs } from "../reference/importers/index.js";
import { openReference, userStoreDir } from "../reference/open.js";
import { judgePlausibility } from "../reference/plausibility.js";
import { audited } from "./audited.js";
import type { AppContext } from "./context.js";
import { startJob } from "./jobs.js";
import { requireOrganizationAdmin, type Scope } from "./scope.js";

/**
 * Reference-data imports through the service (issue 9: "POST /api/v1/imports uploads CMS
 * files for a reference-data import; it runs as a job with progress"). The import is the one
 * `cleanclaim data import` makes (parse, plausibility, `updateStore`), into the reference
 * store of this process's data directory, then `reference.reload()` so requests use the new
 * edition; the swap is atomic (src/reference/reference.ts), so no request fails during it.
 */
export const REFERENCE_IMPORT_QUEUE = "reference-import";

/** Uploads up to this size are accepted (issue 9 limits: uploads up to 100 MB). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export interface ReferenceImportPayload {
  /** The upload's folder inside the data directory, removed once the import is done. */
  dir: string;
  file: string;
  partial: boolean;
}

export interface ReferenceImportSummary {
  imported: Array<{ id: string; table: string; release: string; rows: number; partial: boolean }>;
  /** `origin` "pack": the bundled pack holds the same rows (nothing was stored). */
  unchanged: Array<{ id: string; table: string; release: string; origin: string }>;
  replaced: Array<{ id: string; table: string; release: string }>;
  skipped: Array<{ name: string; reason: string }>;
  /** True when the process's reference data moved to the new editions. */
  reloaded: boolean;
}

function homeOf(ctx: AppContext): string {
  if (!ctx.home) {
    throw new Problem([{ code: "internal", message: "this context has no data directory for uploads" }]);
  }
  return ctx.home;
}

/** A file name safe to write, keeping what the importers read from it (the extension, CMS's naming). */
export function safeUploadName(name: string): string {
  const base = path.basename(name.replaceAll("\\", "/")).replace(/[^A-Za-z0-9._-]/g, "_");
  if (base === "" || /^\.+$/.test(base)) {
    throw new Problem([
      {
        code: "invalid-option",
        message: `"${name}" is not a usable file name; give the upload's name, such as PPRRVU2026_Jul.zip`,
        path: "name",
      },
    ]);
  }
  return base;
}

/**
 * Takes an upload (admin only) into the data directory and starts its import job. The bytes
 * are written before the job exists: a crash in between leaves a stray upload folder, never
 * a job without its file.
 */
export const startReferenceImport = audited(
  {
    action: "import",
    entity: "reference",
    describe: ([upload], jobId) => ({
      entityId: jobId ?? null,
      detail: { name: upload.name, bytes: upload.bytes.length },
    }),
  },
  async (
    ctx: AppContext,
    scope: Scope,
    upload: { name: string; bytes: Buffer; partial?: boolean },
  ): Promise<string> => {
    requireOrganizationAdmin(scope);
    const name = safeUploadName(upload.name);
    if (upload.bytes.length === 0) {
      throw new Problem([{ code: "invalid-input", message: `the upload ${name} is empty`, path: "body" }]);
    }
    if (upload.bytes.length > MAX_UPLOAD_BYTES) {
      throw new Problem([
        {
          code: "too-large",
          message: `the upload is ${upload.bytes.length} bytes; at most ${MAX_UPLOAD_BYTES} are accepted`,
          path: "body",
        },
      ]);
    }
    const dir = path.join(homeOf(ctx), "uploads", randomUUID());
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dir, name), upload.bytes, { mode: 0o600 });
    const payload: ReferenceImportPayload = { dir, file: name, partial: upload.partial === true };
    return startJob(ctx, scope, {
      kind: "reference-import",
      practiceId: null,
      // Progress in percent: parsing is most of an import.
      total: 100,
      input: { name, bytes: upload.bytes.length, partial: payload.partial },
      tasks: [{ queue: REFERENCE_IMPORT_QUEUE, units: 0, payload }],
    });
  },
);

/**
 * `cleanclaim data import` as a function: reads the files (zip archives too), refuses a file
 * far smaller than the edition it follows unless `partial`, writes the editions (all or
 * nothing, under the store's lock), and reloads the context's reference data.
 */
export async function importReferenceFiles(
  ctx: AppContext,
  files: readonly string[],
  options: {
    partial?: boolean;
    onProgress?: (fraction: number) => void;
    /**
     * Record each file by its name only, not its path (the editions' `source`): an upload
     * sits in a temporary folder of the server's, which means nothing to the user. The CLI
     * keeps the path as the user gave it.
     */
    nameOnly?: boolean;
  } = {},
): Promise<ReferenceImportSummary> {
  const home = homeOf(ctx);
  const skipped: Array<{ name: string; reason: string }> = [];
  const parsed = await readReferenceInputs(files, {
    onSkipped: (name, reason) => skipped.push({ name: path.basename(name), reason }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.nameOnly ? { nameOf: (file: string) => path.basename(file) } : {}),
  });
  if (options.partial !== true) {
    const current = openReference({ home });
    const refused = parsed.flatMap((table) => judgePlausibility(table, current) ?? []);
    if (refused.length > 0) {
      throw new Problem(
        refused.map((r) => ({
          code: "invalid-reference-file" as const,
          message: `${r.message}; nothing was imported (import it with partial=true if it holds some codes only)`,
          path: path.basename(r.source),
        })),
      );
    }
  }
  const update = updateStore(userStoreDir(home), parsed, {
    partial: options.partial === true,
    packDir: bundledPackDir(),
  });
  const reloaded = ctx.reference.reload();
  const brief = (e: { id: string; table: string; release: string }) => ({
    id: e.id,
    table: e.table,
    release: e.release,
  });
  return {
    imported: update.added.map((e) => ({ ...brief(e), rows: e.rows, partial: e.partial === true })),
    unchanged: update.unchanged.map((e) => ({ ...brief(e), origin: e.origin })),
    replaced: update.replaced.map(brief),
    skipped,
    reloaded,
  };
}
