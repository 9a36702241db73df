import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import { PTP_PRACTITIONER_PARTS } from "../reference/importers/ptp.js";
import type { Edition, TableName } from "../reference/types.js";
import { policyCoverage } from "./policy-coverage.js";
import { type ReferenceCache, referenceCache } from "./reference-cache.js";
import { finding } from "./report.js";
import { serviceDates } from "./service-dates.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "reference-data",
  severity: "warning",
  description:
    "No loaded edition covers the date of service (an old NCCI quarter, an old ICD-10-CM year, an RVU release that starts after the date): the closest edition is used and the finding names it. Also when a partial edition (an overlay imported as partial) is in force for a table the claim is checked against. A warning, never an error.",
  references: [
    "NCCI PTP and MUE: quarterly editions; ICD-10-CM: fiscal-year editions from 1 October; MPFS RVU files: releases within a calendar year",
    "cleanclaim data status (the editions loaded and the dates they cover)",
    "docs/reference-data.md (partial editions)",
  ],
  docs: "docs/rules/reference-data.md",
};

interface Coverage {
  label: string;
  /** What goes unchecked, or unpriced, without it. */
  without: string;
  edition: Edition | undefined;
  covered: boolean;
  /** Partial editions (`data import --partial`) in force over `edition` on the date. */
  overlays?: Edition[] | undefined;
  /** NCCI PTP parts (f1 to f4) the edition in force does not hold yet. */
  missingParts?: number[] | undefined;
}

interface Warning {
  message: string;
  /** The same in a few words, for the combined warning of several tables. */
  summary: string;
  reference: string;
  /** A partial edition is in force (rather than no edition covering the date). */
  partial?: boolean;
  label: string;
}

/**
 * The tables consulted for a date. Which edition a lookup uses depends on the date alone
 * (never on the code), so any code answers for all of them.
 */
function coverage(ctx: RuleContext, cache: ReferenceCache, date: IsoDate, tables: number): Coverage[] {
  const out: Coverage[] = [];
  if (tables & PTP) {
    const s = cache.ptpScope(date);
    out.push({
      label: "NCCI PTP",
      without: "code pairs were not checked",
      edition: s.edition,
      covered: s.covered,
      missingParts: missingPtpParts(s.edition),
    });
  }
  if (tables & MUE) {
    const l = cache.mue("", date);
    out.push({
      label: "NCCI MUE",
      without: "units were not checked against MUEs",
      edition: l.edition,
      covered: l.covered,
      overlays: l.overlays,
    });
  }
  if (tables & ICD10) {
    const l = cache.icd10("", date);
    out.push({
      label: "ICD-10-CM",
      without: "diagnoses were not validated",
      edition: l.edition,
      covered: l.covered,
      overlays: l.overlays,
    });
  }
  // HCPCS is told only when a partial edition is in force (codes and modifiers are checked
  // against it); a date no HCPCS edition covers is the code-status rule's business.
  const hcpcs = cache.hcpcs("", date);
  if (hcpcs.overlays) {
    out.push({
      label: "HCPCS",
      without: "",
      edition: hcpcs.edition,
      covered: true,
      overlays: hcpcs.overlays,
    });
  }
  const rvu = cache.rvu("", date);
  out.push({
    label: "MPFS RVU",
    without:
      anyEdition(ctx, cache, "rvu") !== undefined
        ? `no RVU release of ${date.slice(0, 4)} is loaded: the claim cannot be priced and code status was not checked`
        : "code status was not checked and the claim cannot be priced",
    edition: rvu.edition,
    covered: rvu.covered,
    overlays: rvu.overlays,
  });
  return out;
}

/**
 * CMS publishes a practitioner PTP quarter in numbered parts; an edition imported from some
 * of them answers only for the pairs those parts hold (docs/reference-data.md, PTP parts).
 */
function missingPtpParts(edition: Edition | undefined): number[] | undefined {
  if (!edition?.parts) return undefined;
  const held = new Set(edition.parts.map((p) => p.part));
  const missing: number[] = [];
  for (let part = 1; part <= PTP_PRACTITIONER_PARTS; part++) if (!held.has(part)) missing.push(part);
  return missing.length > 0 ? missing : undefined;
}

function anyEdition(ctx: RuleContext, cache: ReferenceCache, table: TableName): Edition | undefined {
  return cache.derived("reference-data:any", "", table, () =>
    ctx.reference.editions().find((e) => e.table === table),
  );
}

const PTP = 1;
const MUE = 2;
const ICD10 = 4;
/** Memo keys for the 8 combinations of consulted tables, made once. */
const tableKeys = Array.from({ length: 8 }, (_, i) => String(i));

/** The day's warning, worded once per date and set of tables (only its lines differ between claims). */
interface DayWarning {
  message: string;
  reference: string;
}

function dayWarning(
  ctx: RuleContext,
  cache: ReferenceCache,
  date: IsoDate,
  tables: number,
): DayWarning | null {
  return cache.derived("reference-data", date, tableKeys[tables]!, () => {
    const warnings = coverage(ctx, cache, date, tables).flatMap((c) => {
      const out: Warning[] = [];
      if (c.edition === undefined || !c.covered) out.push(uncovered(c, date));
      if (c.overlays?.length) out.push(overlaid(c, c.overlays));
      if (c.missingParts && c.edition) out.push(partsMissing(c, c.edition, c.missingParts));
      return out;
    });
    if (warnings.length === 0) return null;
    if (warnings.length === 1) return { message: warnings[0]!.message, reference: warnings[0]!.reference };
    // One warning per date of service that names every stale table: a biller needs to
    // know what to import, not four copies of the same advice.
    const tableCount = new Set(warnings.map((w) => w.label)).size;
    return {
      message: `${warnings.some((w) => w.partial) ? `the editions used for ${date} are incomplete` : `no loaded edition covers ${date}`} for ${tableCount} table${tableCount === 1 ? "" : "s"}, so findings that depend on them may be out of date: ${warnings.map((w) => w.summary).join("; ")}. Import the editions in force with \`cleanclaim data import\``,
      reference: warnings.map((w) => w.reference).join("; "),
    };
  });
}

function uncovered(c: Coverage, date: IsoDate): Warning {
  return {
    label: c.label,
    message:
      c.edition === undefined
        ? `no ${c.label} edition is loaded for ${date}: ${c.without}; import the edition in force with \`cleanclaim data import\``
        : `no loaded ${c.label} edition covers ${date}; used ${c.edition.release} (${c.edition.effectiveFrom} to ${c.edition.effectiveThrough ?? "open"}, ${c.edition.source}) instead, so findings that depend on it may be out of date: import the edition in force with \`cleanclaim data import\``,
    summary:
      c.edition === undefined
        ? `${c.label}: none loaded (${c.without})`
        : `${c.label}: used ${c.edition.release} (${c.edition.effectiveFrom} to ${c.edition.effectiveThrough ?? "open"})`,
    reference: c.edition
      ? `${c.edition.release.startsWith(c.label) ? "" : `${c.label} `}${c.edition.release} (${c.edition.source})`
      : `${c.label}: none loaded`,
  };
}

/** A PTP edition in force holds only some of its quarter's parts: pairs in the others were not checked. */
function partsMissing(c: Coverage, edition: Edition, missing: readonly number[]): Warning {
  const held = (edition.parts ?? []).map((p) => `f${p.part}`).join(", ");
  const wanted = missing.map((n) => `f${n}`).join(", ");
  return {
    label: c.label,
    message: `${edition.release} in force holds parts ${held} only: code pairs listed in ${wanted} were not checked; import ${missing.length === 1 ? "that part" : "those parts"} with \`cleanclaim data import\``,
    summary: `${c.label}: ${edition.release} holds parts ${held} only (import ${wanted})`,
    partial: true,
    reference: `${edition.release} (${edition.source})`,
  };
}

/**
 * A partial edition is in force for the date: codes it holds were checked against it, all
 * others against the full edition underneath (docs/reference-data.md).
 */
function overlaid(c: Coverage, overlays: readonly Edition[]): Warning {
  const names = overlays.map((o) => `${o.release} (${o.source}, ${o.rows.toLocaleString("en-US")} rows)`);
  const under = c.edition ? `${c.edition.release} (${c.edition.source})` : "no full edition";
  return {
    label: c.label,
    message: `a partial ${c.label} edition is in force: ${names.join("; ")}. Codes it holds were checked against it, every other code against ${under}, which may be out of date: import the complete edition with \`cleanclaim data import\``,
    summary: `${c.label}: partial edition ${overlays.map((o) => o.release).join(", ")} over ${c.edition?.release ?? "no full edition"}`,
    partial: true,
    reference: `${c.label} partial ${overlays.map((o) => `${o.release} (${o.source})`).join("; ")}`,
  };
}

/** Every table the rules consulted for a date must have an edition in force on it. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx);
  const tables =
    (ctx.profile.ncciPtp ? PTP : 0) | (ctx.profile.mue ? MUE : 0) | (claim.diagnoses.length > 0 ? ICD10 : 0);
  const out: Finding[] = [];
  for (const day of serviceDates(claim)) {
    const warning = dayWarning(ctx, cache, day.date, tables);
    if (warning === null) continue;
    out.push(
      finding(meta, {
        lines: [...day.lines],
        message: warning.message,
        reference: warning.reference,
        location: `$.lines[${day.lines[0]}].dateOfService`,
      }),
    );
  }
  for (const f of policyCoverage(claim, ctx, meta)) out.push(f);
  return out;
}

export const referenceData: Rule = { meta, check };
