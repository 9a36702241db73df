import type { IsoDate } from "../model/dates.js";
import type { ReferenceData } from "../reference/types.js";
import { type CodeText, carcTexts, groupCodes, rarcTexts } from "./codes.js";
import { rulesForCode } from "./reason-map.js";
import type { CodeExplanation } from "./types.js";

const texts: Readonly<Record<CodeExplanation["kind"], Readonly<Record<string, CodeText>>>> = {
  group: groupCodes,
  carc: carcTexts,
  rarc: rarcTexts,
};

const kindName: Readonly<Record<CodeExplanation["kind"], string>> = {
  group: "group code",
  carc: "CARC",
  rarc: "RARC",
};

/**
 * Explains a group code, CARC or RARC in our own words. A code we have no words for is
 * said to be unknown, with what the loaded code list says of it (active, retired on a
 * date, or not a code at all), so that nobody mistakes silence for an explanation.
 * `onDate` (the remittance date) says whether a retired code was still in force.
 */
export function explainCode(
  kind: CodeExplanation["kind"],
  code: string,
  reference: Pick<ReferenceData, "remitCode">,
  onDate?: IsoDate,
): CodeExplanation {
  const text = texts[kind][code];
  const listed = codeListStatus(kind, code, reference, onDate);
  const rules = kind === "group" ? [] : rulesForCode(kind, code);
  const out: CodeExplanation = {
    kind,
    code,
    known: text !== undefined,
    meaning:
      text?.meaning ??
      `cleanclaim has no explanation of ${kindName[kind]} ${code}; ${listed.known}: look it up in the official X12 list`,
    status: listed.status,
    rules,
  };
  if (text) out.forBiller = text.forBiller;
  if (listed.note) out.statusNote = listed.note;
  return out;
}

function codeListStatus(
  kind: CodeExplanation["kind"],
  code: string,
  reference: Pick<ReferenceData, "remitCode">,
  onDate: IsoDate | undefined,
): { status: CodeExplanation["status"]; known: string; note?: string } {
  const lookup = reference.remitCode(kind, code);
  const list = lookup.edition?.release ?? "the loaded code list";
  if (lookup.edition === undefined) {
    return { status: "no-code-list", known: "no CARC/RARC code list is loaded to say whether it exists" };
  }
  const row = lookup.value;
  if (row === undefined) {
    return {
      status: "not-listed",
      known: `it is not in ${list}, so it may be a payer's own code or a typing error`,
      note: `not in ${list}`,
    };
  }
  if (row.endDate !== null) {
    const after = onDate !== undefined && onDate > row.endDate ? `; the remittance (${onDate}) is later` : "";
    return {
      status: "retired",
      known: `${list} lists it as retired on ${row.endDate}`,
      note: `retired on ${row.endDate} (${list})${after}`,
    };
  }
  return { status: "active", known: `${list} lists it as active` };
}
