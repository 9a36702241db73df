import { Command } from "commander";
import { today } from "../../model/dates.js";
import type { StateScheduleStatus } from "../../payers/state-schedule-status.js";
import { stateScheduleWarnings } from "../../payers/state-schedule-status.js";
import { ImportError } from "../../reference/importers/errors.js";
import { readReferenceInputs } from "../../reference/importers/index.js";
import {
  bundledPackDir,
  cleanclaimHome,
  collectGarbage,
  type Edition,
  editionsInForce,
  openReference,
  removeEdition,
  StoreError,
  updateStore,
  userStoreDir,
} from "../../reference/index.js";
import { judgePlausibility } from "../../reference/plausibility.js";
import { missingParts, referenceStatus } from "../../reference/status.js";
import type { ParsedTable } from "../../reference/types.js";
import { EXIT, paint, resolveFormat, setExitStatus, useColor } from "../output.js";
import { stateScheduleStatuses } from "../profiles.js";
import { progressBar } from "../progress.js";

export function dataCommand(): Command {
  const data = new Command("data").description(
    "reference data: import official CMS files, show what is loaded",
  );

  data
    .command("import")
    .description(
      "import official CMS files (PPRRVU, GPCI, county, ZIP5, NCCI PTP/MUE/AOC, ICD-10-CM, HCPCS, POS, CARC/RARC) or zip archives of them, and policy figures files (docs/policy-figures.md)",
    )
    .argument("<files...>", "files or .zip archives")
    .option("--format <format>", "json or text")
    .option(
      "--partial",
      "the files hold some codes only: use them as overlays (codes they hold use them, all others keep the edition in force)",
    )
    .action(async (files: string[], opts: { format?: string; partial?: boolean }) => {
      const format = resolveFormat(opts.format);
      const partial = opts.partial === true;
      // Skips are told after the bar is gone, so that they do not break its line.
      const skipped: { name: string; reason: string }[] = [];
      const bar = progressBar("parsing", 100);
      let shown = 0;
      let parsed: ParsedTable<unknown>[];
      try {
        parsed = await readReferenceInputs(files, {
          onSkipped: (name, reason) => skipped.push({ name, reason }),
          onProgress: (fraction) => {
            for (const percent = Math.floor(fraction * 100); shown < percent; shown++) bar.increment();
          },
        });
      } finally {
        bar.stop();
        for (const { name, reason } of skipped) process.stderr.write(`skipped ${name}: ${reason}\n`);
      }
      if (!partial) {
        // A file far smaller than the edition it follows is refused (plausibilityLimits).
        const reference = openReference();
        const refused = parsed.flatMap((table) => judgePlausibility(table, reference) ?? []);
        if (refused.length > 0) {
          for (const r of refused)
            process.stderr.write(`cleanclaim: ${r.message} (run the same import with --partial)\n`);
          if (refused.length < parsed.length)
            process.stderr.write("cleanclaim: nothing was imported (an import is all or nothing)\n");
          setExitStatus(EXIT.input);
          return;
        }
      }
      const writing = progressBar("writing", parsed.length);
      let update: ReturnType<typeof updateStore>;
      try {
        update = updateStore(userStoreDir(), parsed, {
          partial,
          packDir: bundledPackDir(),
          onEdition: () => writing.increment(),
        });
      } finally {
        writing.stop();
      }
      const { added, unchanged, replaced } = update;
      if (format === "json") {
        process.stdout.write(
          `${JSON.stringify({ imported: added, unchanged, replaced, skipped, home: cleanclaimHome() }, null, 2)}\n`,
        );
      } else {
        for (const e of added) {
          const parts = e.parts ? `, parts ${e.parts.map((p) => `f${p.part}`).join(", ")}` : "";
          process.stdout.write(
            `imported ${e.table} ${e.release}${e.partial ? " as a partial edition" : ""} (${e.rows.toLocaleString("en-US")} rows${parts}, ${e.effectiveFrom} to ${e.effectiveThrough ?? "open"}) from ${e.source} [${e.id}]\n`,
          );
          const missing = missingParts(e);
          if (missing.length > 0)
            process.stdout.write(
              `  still to import: ${missing.map((n) => `f${n}`).join(", ")} of ${e.release}\n`,
            );
        }
        for (const e of unchanged) {
          process.stdout.write(
            `unchanged ${e.table} ${e.release}: the same rows are already loaded (${e.origin === "pack" ? "the bundled pack's " : ""}edition ${e.id}); nothing was written\n`,
          );
        }
        for (const e of replaced) {
          const joined = e.parts
            ? `parts ${e.parts.map((p) => `f${p.part}`).join(", ")}: their rows are in the new edition; `
            : "";
          process.stdout.write(
            `replaced ${e.table} ${e.release} (${e.rows.toLocaleString("en-US")} rows, ${joined}edition ${e.id}); its folder stays until "cleanclaim data gc"\n`,
          );
        }
      }
      setExitStatus(EXIT.clean);
    });

  data
    .command("editions")
    .description(
      "every edition, pack and imported, with its id, dates, rows, origin and whether it is in force",
    )
    .option("--format <format>", "json or text")
    .action((opts: { format?: string }) => {
      const format = resolveFormat(opts.format);
      const editions = openReference().editions();
      const inForce = editionsInForce(editions);
      const listed = [...editions]
        .sort(
          (a, b) =>
            a.table.localeCompare(b.table) ||
            a.effectiveFrom.localeCompare(b.effectiveFrom) ||
            a.importedAt.localeCompare(b.importedAt),
        )
        .map((e) => {
          const { replaces, ...rest } = e;
          return {
            ...rest,
            ...(replaces ? { replaces: replaces.map((r) => r.id) } : {}),
            inForce: inForce.has(e),
          };
        });
      if (format === "json") {
        process.stdout.write(`${JSON.stringify({ home: cleanclaimHome(), editions: listed }, null, 2)}\n`);
        setExitStatus(EXIT.clean);
        return;
      }
      const color = useColor();
      for (const e of listed) {
        const kind = [
          e.origin === "pack" ? "bundled pack" : `imported ${e.importedAt.slice(0, 10)}`,
          ...(e.partial ? ["partial"] : []),
          ...(e.parts ? [`parts ${e.parts.map((p) => `f${p.part}`).join(", ")}`] : []),
        ].join(", ");
        process.stdout.write(
          `${e.inForce ? paint.bold("in force", color) : paint.dim("not used", color)}  ${e.id}\n    ${e.table} ${e.release}, ${e.effectiveFrom} to ${e.effectiveThrough ?? "open"}, ${e.rows.toLocaleString("en-US")} rows, ${kind}\n    from ${e.source}\n`,
        );
      }
      setExitStatus(EXIT.clean);
    });

  data
    .command("remove")
    .description("take an imported edition out of the store; the edition before it returns into force")
    .argument("<edition-id>", 'an id from "cleanclaim data editions"')
    .option("--format <format>", "json or text")
    .action((id: string, opts: { format?: string }) => {
      const format = resolveFormat(opts.format);
      let removed: Edition;
      let restored: Edition[];
      try {
        ({ removed, restored } = removeEdition(userStoreDir(), id, bundledPackDir()));
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        process.stderr.write(`cleanclaim: ${error.message}\n`);
        setExitStatus(EXIT.input);
        return;
      }
      // What a lookup on the removed edition's first date uses now.
      const after = openReference();
      const now = after.select(removed.table, removed.effectiveFrom);
      if (format === "json") {
        process.stdout.write(
          `${JSON.stringify({ removed, restored, nowInForce: now?.edition ?? null }, null, 2)}\n`,
        );
      } else {
        process.stdout.write(
          `removed ${removed.table} ${removed.release} (${removed.rows.toLocaleString("en-US")} rows, edition ${removed.id})\n`,
        );
        for (const e of restored)
          process.stdout.write(
            `restored ${e.table} ${e.release} (${e.rows.toLocaleString("en-US")} rows, edition ${e.id}), which it had replaced\n`,
          );
        process.stdout.write(
          now
            ? `${removed.table} on ${removed.effectiveFrom} now uses ${now.edition.release} (${now.edition.origin === "pack" ? "bundled pack" : now.edition.id})${now.covered ? "" : ", which does not cover that date"}\n`
            : `no ${removed.table} edition is left\n`,
        );
        process.stdout.write(
          'its folder stays until "cleanclaim data gc" (a running process may still read it)\n',
        );
      }
      setExitStatus(EXIT.clean);
    });

  data
    .command("gc")
    .description(
      "delete edition folders no manifest references (replaced or removed editions) and report the space freed",
    )
    .option("--format <format>", "json or text")
    .action((opts: { format?: string }) => {
      const format = resolveFormat(opts.format);
      const report = collectGarbage(userStoreDir());
      if (format === "json") {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const r of report.removed) process.stdout.write(`removed ${r.name} (${bytes(r.bytes)})\n`);
        process.stdout.write(
          report.removed.length === 0
            ? "nothing to remove: every folder is in use\n"
            : `freed ${bytes(report.bytes)} in ${report.removed.length} folder${report.removed.length === 1 ? "" : "s"}\n`,
        );
      }
      setExitStatus(EXIT.clean);
    });

  data
    .command("status")
    .description("the editions loaded, the dates they cover, row counts and warnings")
    .option("--format <format>", "json or text")
    .option("--as-of <date>", "judge staleness as of this date (default today)")
    .option(
      "--payer-profile <file>",
      "also show this state fee schedule profile's figures and their sources (docs/state-fee-schedules.md)",
    )
    .action((opts: { format?: string; asOf?: string; payerProfile?: string }) => {
      const format = resolveFormat(opts.format);
      // Read before anything is written: an unusable profile exits 2 with no partial output.
      const states = stateScheduleStatuses(opts.payerProfile);
      const { editions, policy, warnings } = referenceStatus(openReference(), opts.asOf ?? today());
      for (const o of states.other)
        warnings.push(
          `${o.file}: profile ${o.profileId} prices on basis "${o.basis}", not a state fee schedule: it has no state figures to show`,
        );
      warnings.push(...stateScheduleWarnings(states.schedules));
      if (format === "json") {
        process.stdout.write(
          `${JSON.stringify({ home: cleanclaimHome(), editions, policy, stateSchedules: states.schedules, warnings }, null, 2)}\n`,
        );
        return;
      }
      const color = useColor();
      process.stdout.write(
        `${paint.bold("cleanclaim reference data", color)} (home: ${cleanclaimHome()})\n\n`,
      );
      const sorted = [...editions].sort(
        (a, b) => a.table.localeCompare(b.table) || a.effectiveFrom.localeCompare(b.effectiveFrom),
      );
      for (const e of sorted) {
        const range = `${e.effectiveFrom} to ${e.effectiveThrough ?? "open"}`;
        process.stdout.write(
          `  ${e.table.padEnd(18)} ${e.release.padEnd(72)} ${range.padEnd(26)} ${String(e.rows.toLocaleString("en-US")).padStart(10)} rows  ${paint.dim(`${e.origin === "pack" ? (e.scope ?? "bundled pack") : `imported ${e.importedAt.slice(0, 10)}`}${e.partial ? ", partial" : ""}${e.parts ? `, parts ${e.parts.map((p) => `f${p.part}`).join(", ")}` : ""}`, color)}\n`,
        );
      }
      process.stdout.write(`\n  ${paint.bold("policy figures (docs/policy-figures.md)", color)}\n`);
      for (const p of policy) {
        const range = `${p.effectiveFrom} to ${p.effectiveThrough ?? "open"}`;
        process.stdout.write(
          `  ${p.figure.padEnd(44)} ${(p.value + (p.verified ? "" : " UNVERIFIED")).padEnd(40)} ${range.padEnd(26)} ${paint.dim(`${p.source} [${p.release}]`, color)}\n`,
        );
      }
      writeStateSchedules(states.schedules, color);
      if (warnings.length) {
        process.stdout.write("\n");
        for (const w of warnings) process.stdout.write(`  ${paint.yellow("warning", color)} ${w}\n`);
      }
      setExitStatus(EXIT.clean);
    });

  return data;
}

/** The text of `data status` for state fee schedule profiles: each figure, its value and its source. */
function writeStateSchedules(schedules: readonly StateScheduleStatus[], color: boolean): void {
  process.stdout.write(`\n  ${paint.bold("state fee schedules (docs/state-fee-schedules.md)", color)}\n`);
  if (schedules.length === 0) process.stdout.write("  none\n");
  for (const s of schedules) {
    process.stdout.write(
      `\n  ${paint.bold(s.profileId, color)} ${s.program} (${s.state}, ${s.method}) ${paint.dim(`${s.origin === "bundled" ? "bundled" : "given"}: ${s.file}`, color)}\n`,
    );
    process.stdout.write(`    authority: ${sourceText(s.authority)}\n`);
    for (const f of s.figures) {
      const value = (f.value ?? "MISSING").padEnd(24);
      const source = sourceText(f.source) + (f.note ? ` (${f.note})` : "");
      process.stdout.write(
        `    ${f.figure.padEnd(64)} ${f.missing ? paint.yellow(value, color) : value} ${f.verified ? "verified    " : "NOT verified"}  ${paint.dim(source, color)}\n`,
      );
    }
    process.stdout.write(
      `    ${s.figures.length} figure${s.figures.length === 1 ? "" : "s"}: ${s.verified} verified, ${s.unverified} not verified, ${s.missing.length} missing${s.missing.length > 0 ? " (pricing refuses the dates and codes they cover)" : ""}\n`,
    );
  }
}

function sourceText(source: {
  citation: string;
  url?: string | undefined;
  retrieved?: string | undefined;
}): string {
  return [source.citation, source.url, source.retrieved ? `read ${source.retrieved}` : undefined]
    .filter(Boolean)
    .join(", ");
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export { ImportError };
