/**
 * Which cleanclaim rule checks the 837P element a 999 says is in error, and what to fix,
 * as data: rows of (segment id, loops, element, components). The first row that matches
 * wins; a row without `element` matches any element of the segment. docs/acknowledgments.md
 * prints this table.
 */
export interface ElementRuleRow {
  segment: string;
  /** Loop ids (or prefixes such as "24"); any loop when absent. */
  loops?: readonly string[];
  element?: number;
  components?: readonly number[];
  rule?: string;
  fix: string;
}

const npiLoops = ["2010AA", "2310B", "2420A", "2310C", "2420C", "2310A", "2420E", "2420F", "2010AB"];

export const elementRules: readonly ElementRuleRow[] = [
  {
    segment: "NM1",
    loops: npiLoops,
    element: 9,
    rule: "claim-structure",
    fix: "correct the provider's NPI: ten digits with a valid check digit, as NPPES lists it",
  },
  {
    segment: "NM1",
    loops: ["2010BA"],
    element: 9,
    rule: "claim-structure",
    fix: "correct the member id exactly as on the insurance card (no spaces or dashes the card does not show)",
  },
  {
    segment: "NM1",
    loops: ["2010BA", "2010CA"],
    rule: "claim-structure",
    fix: "correct the subscriber's or patient's name as on the insurance card",
  },
  {
    segment: "NM1",
    loops: ["2010BB"],
    fix: "no cleanclaim rule checks payer ids: use the payer id (NM109) the clearinghouse's payer list gives",
  },
  {
    segment: "HI",
    rule: "diagnosis",
    fix: "correct the diagnosis codes: billable ICD-10-CM codes, without the dot",
  },
  {
    segment: "SV1",
    element: 1,
    components: [2],
    rule: "code-status",
    fix: "correct the procedure code to one active on the date of service",
  },
  {
    segment: "SV1",
    element: 1,
    components: [3, 4, 5, 6],
    rule: "modifier",
    fix: "correct the modifiers: valid two-character codes that fit the procedure",
  },
  {
    segment: "SV1",
    element: 2,
    rule: "claim-structure",
    fix: "correct the line charge: an amount above 0.00",
  },
  { segment: "SV1", element: 4, rule: "claim-structure", fix: "correct the units: a whole number above 0" },
  {
    segment: "SV1",
    element: 7,
    rule: "diagnosis",
    fix: "correct the diagnosis pointers: 1 to 4 pointers to diagnoses the claim lists",
  },
  {
    segment: "CLM",
    element: 2,
    rule: "claim-structure",
    fix: "make the total charge (CLM02) the sum of the line charges",
  },
  {
    segment: "CLM",
    element: 5,
    rule: "claim-structure",
    fix: "correct the place of service (CLM05-1) and the frequency (CLM05-3)",
  },
  {
    segment: "REF",
    loops: ["2300"],
    rule: "claim-structure",
    fix: "a replacement or void (frequency 7 or 8) needs the payer's claim number of the original in REF*F8",
  },
  {
    segment: "REF",
    loops: ["2010AA"],
    rule: "claim-structure",
    fix: "correct the billing provider's tax id (REF*EI): nine digits",
  },
  {
    segment: "DTP",
    loops: ["24"],
    rule: "claim-structure",
    fix: "correct the date of service: a real date, not in the future",
  },
  {
    segment: "N4",
    loops: ["2010AA"],
    rule: "claim-structure",
    fix: "give the billing provider's nine-digit ZIP+4",
  },
  {
    segment: "N4",
    rule: "claim-structure",
    fix: "correct the city, state and ZIP code of the address",
  },
  {
    segment: "N3",
    rule: "claim-structure",
    fix: "give the street address (no post office box for the billing provider)",
  },
  {
    segment: "DMG",
    fix: "correct the birth date (CCYYMMDD) and sex (F, M or U) from the insurance card",
  },
  {
    segment: "PRV",
    fix: "no cleanclaim rule checks taxonomy codes: send the taxonomy the provider is enrolled under",
  },
];

/** The row for an element of the 837P, or undefined when no row names it. */
export function elementRuleFor(
  segment: string,
  loop: string | undefined,
  element: number | undefined,
  component: number | undefined,
): ElementRuleRow | undefined {
  return elementRules.find(
    (row) =>
      row.segment === segment &&
      (row.loops === undefined || (loop !== undefined && row.loops.some((l) => loop.startsWith(l)))) &&
      (row.element === undefined || row.element === element) &&
      (row.components === undefined || (component !== undefined && row.components.includes(component))),
  );
}
