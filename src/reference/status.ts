import { editionsInForce, spansOf } from "./edition-select.js";
import { PTP_PRACTITIONER_PARTS } from "./importers/ptp.js";
import { policyFigureLabels } from "./policy/figures.js";
import type { Reference } from "./reference.js";
import type { Edition, PolicyRow } from "./types.js";

/**
 * What `cleanclaim data status` and `GET /api/v1/reference` report about the reference data
 * in force: the editions, the policy figures with their dates and sources, and the warnings a
 * user should act on (stale quarters, tables not loaded, parts missing). Pure: it takes the
 * Reference and the as-of date, and reads nothing.
 */
export interface ReferenceStatus {
  editions: Edition[];
  policy: PolicyFigureStatus[];
  warnings: string[];
}

/** The status of `reference` as of `asOf` (an ISO date): staleness is judged against that day. */
export function referenceStatus(reference: Reference, asOf: string): ReferenceStatus {
  const editions = reference.editions();
  const policy = policyData(reference);
  return { editions, policy, warnings: [...dataWarnings(editions, asOf), ...policyWarnings(policy, asOf)] };
}

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

/** The part numbers of a PTP quarter not yet imported (CMS publishes PTP_PRACTITIONER_PARTS). */
export function missingParts(edition: Edition): number[] {
  if (!edition.parts) return [];
  const held = edition.parts.map((p) => p.part);
  return Array.from({ length: Math.max(PTP_PRACTITIONER_PARTS, ...held) }, (_, i) => i + 1).filter(
    (n) => !held.includes(n),
  );
}
