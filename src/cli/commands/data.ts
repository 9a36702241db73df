import { Command } from "commander";
import { today } from "../../model/dates.js";
import { ImportError } from "../../reference/importers/errors.js";
import { readReferenceInputs } from "../../reference/importers/index.js";
import { PTP_PRACTITIONER_PARTS } from "../../reference/importers/ptp.js";
import {
  bundledPackDir,
  cleanclaimHome,
  collectGarbage,
  type Edition,
  editionsInForce,
  openReference,
  removeEdition,
  StoreError,
  spansOf,
  updateStore,
  userStoreDir,
} from "../../reference/index.js";
import { judgePlausibility } from "../../reference/plausibility.js";
import { policyFigureLabels } from "../../reference/policy/figures.js";
import type { Reference } from "../../reference/reference.js";
import type { ParsedTable, PolicyRow } from "../../reference/types.js";
import { EXIT, paint, resolveFormat, setExitStatus, useColor } from "../output.js";
import { progressBar } from "../progress.js";

/** Warnings a user should see about the data in force (stale quarters, missing tables). */
export function dataWarnings(editions: readonly Edition[], asOf: string): string[] {
  const warnings: string[] = [];
  const byTable = new Map<string, Edition[]>();
  for (const e of editions) byTable.set(e.table, [...(byTable.get(e.table) ?? []), e]);
  const label: Record<string, string> = {
    ptp: "NCCI PTP edits",
    mue: "NCCI MUE values",
    icd10cm: "ICD-10-CM codes",
    rvu: "MPFS RVUs",
    gpci: "GPCIs",
    "zip-locality": "ZIP-to-locality",
  };
  const inForce = editionsInForce(editions);
  for (const e of editions) {
    if (e.partial && inForce.has(e)) {
      warnings.push(
        `${e.table} ${e.release}: a partial edition (${e.source}, ${e.rows.toLocaleString("en-US")} rows) is in force; codes it does not hold use the full edition underneath, and checks that use them get a reference-data warning`,
      );
    }
    if (e.parts && inForce.has(e)) {
      const held = e.parts.map((p) => p.part);
      const missing = missingParts(e);
      if (missing.length > 0) {
        warnings.push(
          `${e.release} holds part${held.length === 1 ? "" : "s"} ${held.map((n) => `f${n}`).join(", ")} only; import ${missing.map((n) => `f${n}`).join(", ")} (one command at a time is fine): edits in the missing parts are not checked`,
        );
      }
    }
  }
  for (const [table, name] of Object.entries(label)) {
    const list = byTable.get(table)?.filter((e) => e.partial !== true);
    if (!list?.length) {
      warnings.push(`${name}: none loaded; import the official file with "cleanclaim data import"`);
      continue;
    }
    const spans = spansOf(list);
    const ends = spans.map((s) => s.through);
    if (ends.includes(null)) continue;
    const last = (ends as string[]).sort().at(-1)!;
    if (last < asOf) {
      warnings.push(
        `${name} end ${last}; dates of service after that are checked against an older edition. Import the current release.`,
      );
    }
  }
  return warnings;
}

/** One policy figure as `data status` shows it. */
export interface PolicyFigureStatus {
  figure: string;
  value: string;
  effectiveFrom: string;
  effectiveThrough: string | null;
  source: string;
  verified: boolean;
  edition: string;
  release: string;
}

/** The policy figures of every loaded policy edition, with their dates and sources (docs/policy-figures.md). */
export function policyData(reference: Reference): PolicyFigureStatus[] {
  return reference.policyFigures().map(({ value: row, edition }) => ({
    figure: policyFigureLabels[row.figure],
    value: figureValue(row),
    effectiveFrom: row.effectiveFrom,
    effectiveThrough: row.effectiveThrough,
    source: row.source,
    verified: row.verified,
    edition: edition.id,
    release: edition.release,
  }));
}

/** The yearly figures whose last loaded year ends before `asOf`: later dates cannot use them. */
export function policyWarnings(policy: readonly PolicyFigureStatus[], asOf: string): string[] {
  const yearly = ["MPFS conversion factor", "therapy KX threshold", "Part B deductible"];
  return yearly.flatMap((figure) => {
    const ends = policy.filter((p) => p.figure === figure).map((p) => p.effectiveThrough ?? "9999-12-31");
    const last = ends.sort().at(-1);
    if (last === undefined || last >= asOf) return [];
    return [
      `${figure}: the loaded policy figures end ${last}; import the figures in force after it ("cleanclaim data import policy-${asOf.slice(0, 4)}.json", docs/policy-figures.md)`,
    ];
  });
}

function figureValue(row: PolicyRow): string {
  switch (row.figure) {
    case "conversion-factor":
      return row.appliesTo === "all" ? row.value : `${row.value} (${row.appliesTo.replace(/-/g, " ")})`;
    case "kx-threshold":
    case "targeted-medical-review-threshold":
    case "part-b-deductible":
      return `$${row.amount}`;
    case "therapy-mppr":
      return `${row.pePercent}% of PE (indicator ${row.multipleProcedureIndicator})`;
    case "assistant-payment":
      return `${row.percent}% (${row.modifiers.join(", ")})`;
    case "sequestration":
      return `${row.percent}%`;
    case "non-participating":
      return `${row.percent}%, limiting charge ${row.limitingChargePercent}%`;
    case "therapy-code-list":
      return `${row.codes.length} codes (${row.label})`;
  }
}

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
        update = updateStore(userStoreDir(), parsed, { partial, onEdition: () => writing.increment() });
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
            `unchanged ${e.table} ${e.release}: the same rows are already loaded (edition ${e.id}); nothing was written\n`,
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
    .action((opts: { format?: string; asOf?: string }) => {
      const format = resolveFormat(opts.format);
      const reference = openReference();
      const editions = reference.editions();
      const asOf = opts.asOf ?? today();
      const policy = policyData(reference);
      const warnings = [...dataWarnings(editions, asOf), ...policyWarnings(policy, asOf)];
      if (format === "json") {
        process.stdout.write(
          `${JSON.stringify({ home: cleanclaimHome(), editions, policy, warnings }, null, 2)}\n`,
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
      if (warnings.length) {
        process.stdout.write("\n");
        for (const w of warnings) process.stdout.write(`  ${paint.yellow("warning", color)} ${w}\n`);
      }
      setExitStatus(EXIT.clean);
    });

  return data;
}

/** The part numbers of a PTP quarter not yet imported (CMS publishes PTP_PRACTITIONER_PARTS). */
function missingParts(edition: Edition): number[] {
  if (!edition.parts) return [];
  const held = edition.parts.map((p) => p.part);
  return Array.from({ length: Math.max(PTP_PRACTITIONER_PARTS, ...held) }, (_, i) => i + 1).filter(
    (n) => !held.includes(n),
  );
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export { ImportError };
