import { Command } from "commander";
import { today } from "../../model/dates.js";
import { ImportError } from "../../reference/importers/errors.js";
import { readReferenceInputs } from "../../reference/importers/index.js";
import {
  cleanclaimHome,
  commitEditions,
  type Edition,
  openReference,
  spansOf,
  userStoreDir,
} from "../../reference/index.js";
import {
  conversionFactors,
  kxThresholds,
  partBDeductibles,
} from "../../reference/policy/fee-schedule-policy.js";
import { therapyCodeListEdition, therapyCodes } from "../../reference/policy/therapy-codes.js";
import type { ParsedTable } from "../../reference/types.js";
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
  for (const [table, name] of Object.entries(label)) {
    const list = byTable.get(table);
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

/** The figures no CMS data file carries, compiled with their sources (conversion factors, KX, deductibles, therapy codes). */
export function policyData(): Array<{ table: string; covers: string; source: string }> {
  const years = (list: readonly { year: number; verified: boolean }[]) =>
    list.map((y) => `${y.year}${y.verified ? "" : " (UNVERIFIED)"}`).join(", ");
  return [
    {
      table: "conversion factor",
      covers: conversionFactors
        .map((c) => `${c.value} ${c.effectiveFrom}..${c.effectiveThrough}${c.qualifyingApm ? " APM" : ""}`)
        .join("; "),
      source: "MPFS final rules; PPRRVU CONV FACTOR column",
    },
    { table: "KX threshold", covers: years(kxThresholds), source: "MPFS final rules (SSA §1833(g))" },
    {
      table: "Part B deductible",
      covers: years(partBDeductibles),
      source: "CMS premiums and deductibles fact sheets",
    },
    {
      table: "therapy codes",
      covers: `${therapyCodes.size} codes: timed/untimed, always/sometimes therapy`,
      source: therapyCodeListEdition,
    },
  ];
}

export function dataCommand(): Command {
  const data = new Command("data").description(
    "reference data: import official CMS files, show what is loaded",
  );

  data
    .command("import")
    .description(
      "import official CMS files (PPRRVU, GPCI, county, ZIP5, NCCI PTP/MUE/AOC, ICD-10-CM, HCPCS, POS, CARC/RARC) or zip archives of them",
    )
    .argument("<files...>", "files or .zip archives")
    .option("--format <format>", "json or text")
    .action(async (files: string[], opts: { format?: string }) => {
      const format = resolveFormat(opts.format);
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
      const writing = progressBar("writing", parsed.length);
      let added: Edition[];
      try {
        added = commitEditions(userStoreDir(), parsed, { onEdition: () => writing.increment() });
      } finally {
        writing.stop();
      }
      if (format === "json") {
        process.stdout.write(
          `${JSON.stringify({ imported: added, skipped, home: cleanclaimHome() }, null, 2)}\n`,
        );
      } else {
        for (const e of added) {
          process.stdout.write(
            `imported ${e.table} ${e.release} (${e.rows.toLocaleString("en-US")} rows, ${e.effectiveFrom} to ${e.effectiveThrough ?? "open"}) from ${e.source}\n`,
          );
        }
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
      const warnings = dataWarnings(editions, opts.asOf ?? today());
      const policy = policyData();
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
          `  ${e.table.padEnd(18)} ${e.release.padEnd(72)} ${range.padEnd(26)} ${String(e.rows.toLocaleString("en-US")).padStart(10)} rows  ${paint.dim(e.origin === "pack" ? (e.scope ?? "bundled pack") : `imported ${e.importedAt.slice(0, 10)}`, color)}\n`,
        );
      }
      process.stdout.write(`\n  ${paint.bold("policy data compiled into cleanclaim", color)}\n`);
      for (const p of policy)
        process.stdout.write(
          `  ${p.table.padEnd(18)} ${p.covers.padEnd(72)} ${paint.dim(p.source, color)}\n`,
        );
      if (warnings.length) {
        process.stdout.write("\n");
        for (const w of warnings) process.stdout.write(`  ${paint.yellow("warning", color)} ${w}\n`);
      }
      setExitStatus(EXIT.clean);
    });

  return data;
}

export { ImportError };
