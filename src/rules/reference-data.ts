import type { Claim } from "../model/claim.js";
import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import type { Edition, TableName } from "../reference/types.js";
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

interface Consulted {
  table: TableName;
  label: string;
  /** What goes unchecked, or unpriced, without it. */
  without: string;
  edition: Edition | undefined;
  covered: boolean;
  note: string | undefined;
}

function consulted(
  claim: Claim,
  ctx: RuleContext,
  cache: ReferenceCache,
  date: IsoDate,
  code: string,
): Consulted[] {
  const out: Consulted[] = [];
  if (ctx.profile.ncciPtp) {
    const s = cache.ptpScope(date);
    out.push({ table: "ptp", label: "NCCI PTP", without: "code pairs were not checked", ...s });
  }
  if (ctx.profile.mue) {
    const l = cache.mue(code, date);
    out.push({
      table: "mue",
      label: "NCCI MUE",
      without: "units were not checked against MUEs",
      ...l,
      note: l.note,
    });
  }
  const dx = claim.diagnoses[0];
  if (dx !== undefined) {
    const l = cache.icd10(dx, date);
    out.push({
      table: "icd10cm",
      label: "ICD-10-CM",
      without: "diagnoses were not validated",
      ...l,
      note: l.note,
    });
  }
  const rvu = cache.rvu(code, date);
  out.push({
    table: "rvu",
    label: "MPFS RVU",
    without:
      anyEdition(ctx, cache, "rvu") !== undefined
        ? `no RVU release of ${date.slice(0, 4)} is loaded: the claim cannot be priced and code status was not checked`
        : "code status was not checked and the claim cannot be priced",
    ...rvu,
    note: rvu.note,
  });
  return out;
}

function anyEdition(ctx: RuleContext, cache: ReferenceCache, table: TableName): Edition | undefined {
  return cache.derived(`reference-data|any|${table}`, () =>
    ctx.reference.editions().find((e) => e.table === table),
  );
}

/** Every table the rules consulted for a date must have an edition in force on it. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  const cache = referenceCache(ctx.reference);
  const out: Finding[] = [];
  for (const day of serviceDates(claim)) {
    const code = claim.lines[day.lines[0]!]!.code;
    for (const c of consulted(claim, ctx, cache, day.date, code)) {
      if (c.edition !== undefined && c.covered) continue;
      const message =
        c.edition === undefined
          ? `no ${c.label} edition is loaded for ${day.date}: ${c.without}; import the edition in force with \`cleanclaim data import\``
          : `no loaded ${c.label} edition covers ${day.date}; used ${c.edition.release} (${c.edition.effectiveFrom} to ${c.edition.effectiveThrough ?? "open"}, ${c.edition.source}) instead, so findings that depend on it may be out of date: import the edition in force with \`cleanclaim data import\``;
      out.push(
        finding(meta, {
          lines: [...day.lines],
          message,
          reference: c.edition
            ? `${c.label} ${c.edition.release} (${c.edition.source})`
            : `${c.label}: none loaded`,
          location: `$.lines[${day.lines[0]}].dateOfService`,
        }),
      );
    }
  }
  return out;
}

export const referenceData: Rule = { meta, check };
