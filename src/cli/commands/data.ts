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
          `  ${e.table.padEnd(18)} ${e.release.padEnd(72)} ${range.padEnd(26)} ${String(e.rows.toLocaleString("en-US")).padStart(10)} rows  ${paint.dim(e.origin === "pack" ? (e.scope ?? "bundled pack") : `imported ${e.importedAt.slice(0, 10)}`, color)}\n`,
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

export { ImportError };
