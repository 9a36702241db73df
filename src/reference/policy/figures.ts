import type { IsoDate } from "../../model/dates.js";
import type { Edition, PolicyFigureName, PolicyRow } from "../types.js";

/**
 * How policy figures are chosen (docs/policy-figures.md). Every figure has its own dates, so
 * a policy edition may hold only the figures that changed (a new year's conversion factor)
 * and the other editions keep answering for the rest.
 */

/** The figure in words, for findings and `data status`. */
export const policyFigureLabels: Readonly<Record<PolicyFigureName, string>> = {
  "conversion-factor": "MPFS conversion factor",
  "kx-threshold": "therapy KX threshold",
  "targeted-medical-review-threshold": "therapy targeted medical review threshold",
  "part-b-deductible": "Part B deductible",
  "therapy-mppr": "therapy multiple procedure payment reduction",
  "assistant-payment": "CQ/CO assistant payment percentage",
  sequestration: "Medicare sequestration percentage",
  "non-participating": "non-participating rate and limiting charge",
  "therapy-code-list": "therapy code list",
};

/** True when the figure is in force on the date. */
export function figureInForce(row: PolicyRow, date: IsoDate): boolean {
  return row.effectiveFrom <= date && (row.effectiveThrough === null || date <= row.effectiveThrough);
}

/**
 * Which of two figures in force on one date wins: the later start (the newer figure), then an
 * import over the pack, then the newer import (so a corrected figure replaces a bundled one).
 */
export function figurePreference(
  a: { value: PolicyRow; edition: Edition },
  b: { value: PolicyRow; edition: Edition },
): number {
  if (a.value.effectiveFrom !== b.value.effectiveFrom)
    return a.value.effectiveFrom < b.value.effectiveFrom ? 1 : -1;
  if (a.edition.origin !== b.edition.origin) return a.edition.origin === "import" ? -1 : 1;
  if (a.edition.importedAt !== b.edition.importedAt)
    return a.edition.importedAt < b.edition.importedAt ? 1 : -1;
  return 0;
}

/**
 * What to say when no loaded policy edition gives a figure for a date: never a guess, and
 * what to import instead.
 */
export function missingPolicyFigure(figure: PolicyFigureName, date: IsoDate): string {
  return `no loaded policy edition gives the ${policyFigureLabels[figure]} for ${date}: import a policy figures file that covers it (\`cleanclaim data import policy-${date.slice(0, 4)}.json\`; the format is in docs/policy-figures.md)`;
}

/** "the 2026 KX threshold $2,480.00 (UNVERIFIED: secondary sources)" style suffix for unverified figures. */
export function verifiedNote(row: PolicyRow): string {
  return row.verified ? "" : " (UNVERIFIED: from secondary sources)";
}
