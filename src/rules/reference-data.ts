import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
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
    "No loaded edition covers the date of service (an old NCCI quarter, an old ICD-10-CM year, an RVU release that starts after the date): the closest edition is used and the finding names it. A warning, never an error.",
  references: [
    "NCCI PTP and MUE: quarterly editions; ICD-10-CM: fiscal-year editions from 1 October; MPFS RVU files: releases within a calendar year",
    "cleanclaim data status (the editions loaded and the dates they cover)",
  ],
  docs: "docs/rules/reference-data.md",
};

interface Coverage {
  label: string;
  /** What goes unchecked, or unpriced, without it. */
  without: string;
  edition: Edition | undefined;
  covered: boolean;
}

interface Warning {
  message: string;
  /** The same in a few words, for the combined warning of several tables. */
  summary: string;
  reference: string;
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
    });
  }
  if (tables & MUE) {
    const l = cache.mue("", date);
    out.push({
      label: "NCCI MUE",
      without: "units were not checked against MUEs",
      edition: l.edition,
      covered: l.covered,
    });
  }
  if (tables & ICD10) {
    const l = cache.icd10("", date);
    out.push({
      label: "ICD-10-CM",
      without: "diagnoses were not validated",
      edition: l.edition,
      covered: l.covered,
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
  });
  return out;
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

function warningsFor(ctx: RuleContext, cache: ReferenceCache, date: IsoDate, tables: number): Warning[] {
  return cache.derived("reference-data", date, tableKeys[tables]!, () =>
    coverage(ctx, cache, date, tables)
      .filter((c) => c.edition === undefined || !c.covered)
      .map((c) => ({
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
      })),
  );
}

/** Every table the rules consulted for a date must have an edition in force on it. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx.reference);
  const tables =
    (ctx.profile.ncciPtp ? PTP : 0) | (ctx.profile.mue ? MUE : 0) | (claim.diagnoses.length > 0 ? ICD10 : 0);
  const out: Finding[] = [];
  for (const day of serviceDates(claim)) {
    const warnings = warningsFor(ctx, cache, day.date, tables);
    if (warnings.length === 0) continue;
    // One warning per date of service that names every stale table: a biller needs to
    // know what to import, not four copies of the same advice.
    const lines = [...day.lines];
    const location = `$.lines[${day.lines[0]}].dateOfService`;
    if (warnings.length === 1) {
      out.push(
        finding(meta, { lines, message: warnings[0]!.message, reference: warnings[0]!.reference, location }),
      );
      continue;
    }
    out.push(
      finding(meta, {
        lines,
        message: `no loaded edition covers ${day.date} for ${warnings.length} tables, so findings that depend on them may be out of date: ${warnings.map((w) => w.summary).join("; ")}. Import the editions in force with \`cleanclaim data import\``,
        reference: warnings.map((w) => w.reference).join("; "),
        location,
      }),
    );
  }
  out.push(...policyCoverage(claim, ctx, meta));
  return out;
}

export const referenceData: Rule = { meta, check };
