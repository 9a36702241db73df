import type { Finding } from "../model/finding.js";
import { formatCents } from "../model/money.js";
import { centsFromX12 } from "./amounts.js";
import { icd10StartDate } from "./code-lists.js";
import type { ClaimDraft, DiagnosisDraft } from "./draft837.js";
import { snipReference, x12Finding } from "./findings.js";
import { guide837p } from "./guide-837p.js";

const reference837 = guide837p.reference;
const icd10Rule = "HHS ICD-10 compliance date, 45 CFR 162.1002; 005010X222A1 HI01-1";

/**
 * The claim-level checks only the X12 shows (the claim's content is the engine's, see
 * claim-rules837.ts): SNIP 3 balancing (CLM02 = sum of SV102), the HI code-set qualifiers
 * against the dates of service (ICD-9 before 2015-10-01, ICD-10 from it), one principal
 * diagnosis, and whole units in SV104.
 */
export function balance837(draft: ClaimDraft, report: (finding: Finding) => void): void {
  const clm = draft.position;
  const lines = draft.lines;

  // SNIP 3: CLM02 equals the sum of SV102.
  const total = centsFromX12(draft.chargeText);
  let sum = 0;
  let allLinesRead = true;
  let datedLines = 0;
  let linesOnOrAfterIcd10 = 0;
  for (const line of lines) {
    if (line.cents === undefined) allLinesRead = false;
    else sum += line.cents;
    if (line.date !== "") {
      datedLines++;
      if (line.date >= icd10StartDate) linesOnOrAfterIcd10++;
    }
  }
  if (draft.chargeText !== "" && total === undefined) {
    report(
      x12Finding(
        { loop: "2300", segmentId: "CLM", element: 2, position: clm },
        `CLM02 total charge ${JSON.stringify(draft.chargeText)} is not an amount in dollars and cents`,
        { reference: reference837 },
      ),
    );
  } else if (total !== undefined && allLinesRead && lines.length > 0 && total !== sum) {
    report(
      x12Finding(
        { loop: "2300", segmentId: "CLM", element: 2, position: clm },
        `CLM02 total charge ${formatCents(total)} does not equal the sum of the ${lines.length} line charges (SV102), ${formatCents(sum)}; correct CLM02 or the line charges`,
        { rule: "claim-structure", reference: snipReference.balancing837 },
      ),
    );
  }

  // ICD-9 (BK/BF) for services from 2015-10-01 on, and ICD-10 (ABK/ABF) before it.
  const hi = draft.hiPosition;
  let icd9: DiagnosisDraft | undefined;
  let icd10: DiagnosisDraft | undefined;
  let extraPrincipal = false;
  for (let i = 0; i < draft.diagnoses.length; i++) {
    const d = draft.diagnoses[i] as DiagnosisDraft;
    if (d.qualifier === "BK" || d.qualifier === "BF") icd9 ??= d;
    else if (d.qualifier === "ABK" || d.qualifier === "ABF") icd10 ??= d;
    if (i > 0 && (d.qualifier === "ABK" || d.qualifier === "BK")) extraPrincipal = true;
  }
  const linesOnOrAfter: number[] = [];
  if (icd9 && linesOnOrAfterIcd10 > 0) {
    for (let i = 0; i < lines.length; i++) {
      const date = lines[i]!.date;
      if (date !== "" && date >= icd10StartDate) linesOnOrAfter.push(i);
    }
  }
  if (icd9 && icd10) {
    report(
      x12Finding(
        { loop: "2300", segmentId: "HI", element: icd9.element, component: 1, position: hi },
        "HI mixes ICD-10-CM (ABK/ABF) and ICD-9-CM (BK/BF) qualifiers; one claim uses one code set",
        { reference: reference837 },
      ),
    );
  } else if (icd9 && linesOnOrAfter.length > 0) {
    report(
      x12Finding(
        { loop: "2300", segmentId: "HI", element: icd9.element, component: 1, position: hi },
        `HI uses ICD-9-CM (qualifier ${icd9.qualifier}) but ${linesOnOrAfter.length} line${linesOnOrAfter.length === 1 ? " is" : "s are"} dated on or after ${icd10StartDate}, when ICD-10-CM became required; recode the diagnoses in ICD-10-CM (ABK/ABF)`,
        { reference: icd10Rule, lines: linesOnOrAfter },
      ),
    );
  } else if (icd10 && datedLines > 0 && linesOnOrAfterIcd10 === 0) {
    report(
      x12Finding(
        { loop: "2300", segmentId: "HI", element: icd10.element, component: 1, position: hi },
        `HI uses ICD-10-CM (qualifier ${icd10.qualifier}) but every service is dated before ${icd10StartDate}; those claims take ICD-9-CM (BK/BF)`,
        { reference: icd10Rule },
      ),
    );
  }
  if (extraPrincipal) {
    report(
      x12Finding(
        { loop: "2300", segmentId: "HI", position: hi },
        "only HI01 may carry the principal diagnosis qualifier (ABK or BK); use ABF or BF for the others",
        { reference: reference837 },
      ),
    );
  }

  // cleanclaim bills whole units; a fraction in SV104 is read truncated, and said so.
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const units = line.units;
    if (units !== undefined && !Number.isInteger(units)) {
      report(
        x12Finding(
          { loop: "2400", segmentId: "SV1", element: 4, position: line.position },
          `SV104 is ${line.unitsText} units; cleanclaim bills whole units, so the line is read as ${Math.trunc(units)}`,
          { rule: "claim-structure", reference: reference837, lines: [index] },
        ),
      );
    }
  }
}
