import fs from "node:fs";
import path from "node:path";
import type { AppContext } from "../../app/context.js";
import { beginTask, claimTask, completeTask, setJobProgress } from "../../app/jobs.js";
import {
  importReferenceFiles,
  REFERENCE_IMPORT_QUEUE,
  type ReferenceImportPayload,
} from "../../app/reference-import.js";
import type { TaskHandler } from "../queue.js";

/**
 * Runs an uploaded reference import (POST /api/v1/imports). "local": it writes the reference
 * store of this process's data directory and reloads this process's reference data, so it
 * runs where the upload was taken (docs/jobs.md). A retry is safe: importing the same file
 * again finds its editions unchanged, and the store's update is all or nothing.
 */
export const referenceImportHandler: TaskHandler = {
  queue: REFERENCE_IMPORT_QUEUE,
  placement: "local",
  async run(ctx: AppContext, taskId: string): Promise<void> {
    await beginTask(ctx, taskId);
    // Not locked across the import: parsing takes seconds and must not hold a connection
    // (on PGlite, the only one); the local runner runs one task at a time.
    const task = await claimTask(ctx, ctx.store.db, taskId);
    if (!task) return;
    const payload = task.payload as ReferenceImportPayload;
    let reported = 0;
    let progress: Promise<void> = Promise.resolve();
    const summary = await importReferenceFiles(ctx, [path.join(payload.dir, payload.file)], {
      partial: payload.partial,
      nameOnly: true,
      onProgress: (fraction) => {
        // Parsing is 0..95%; writing the store and reloading the rest.
        const percent = Math.floor(fraction * 95);
        if (percent < reported + 5) return;
        reported = percent;
        progress = progress.then(() => setJobProgress(ctx, task.jobId, percent));
      },
    });
    await progress;
    await ctx.store.db.transaction().execute(async (trx) => {
      const locked = await claimTask(ctx, trx, taskId);
      if (locked) await completeTask(ctx, trx, locked, async () => summary);
    });
    fs.rmSync(payload.dir, { recursive: true, force: true });
  },
};
