import type { Finding, Severity } from "../model/finding.js";
import type { SegmentPosition } from "./segment.js";

/** Where an X12 problem is: the loop, the segment id, and optionally the element and component. */
export interface X12Place {
  loop: string;
  segmentId: string;
  element?: number | undefined;
  component?: number | undefined;
  position: SegmentPosition | undefined;
}

/** The standard's own notation, as pyx12 and 999 acknowledgments use it: `2400/SV1-01-2`. */
export function x12Location(loop: string, segmentId: string, element?: number, component?: number): string {
  let out = `${loop}/${segmentId}`;
  if (element !== undefined) out += `-${String(element).padStart(2, "0")}`;
  if (element !== undefined && component !== undefined) out += `-${component}`;
  return out;
}

/** "segment 57 (12th of its transaction set)": the file number first, since that is what an editor shows. */
export function describePosition(position: SegmentPosition | undefined): string {
  if (!position) return "end of file";
  const inSet =
    position.transactionSegment > 0 ? `, #${position.transactionSegment} in its transaction set` : "";
  return `segment ${position.segment} (byte ${position.offset}${inSet})`;
}

export const snipReference = {
  syntax: "ASC X12 005010 interchange and syntax rules (WEDI SNIP type 1)",
  guide837: "ASC X12 005010X222A1 837 Professional implementation guide (WEDI SNIP type 2)",
  guide835: "ASC X12 005010X221A1 835 implementation guide (WEDI SNIP type 2)",
  balancing837: "005010X222A1 loop 2300 CLM02: total claim charge equals the sum of SV102 (WEDI SNIP type 3)",
  balancing835: "005010X221A1 section 1.10.2 balancing (WEDI SNIP type 3)",
  codeSets: "005010X222A1 external code sets (WEDI SNIP types 4 and 5)",
} as const;

/** Builds an X12 finding whose message starts with the segment position. */
export function x12Finding(
  place: X12Place,
  message: string,
  options: { severity?: Severity; rule?: string; reference?: string; lines?: number[] } = {},
): Finding {
  return {
    rule: options.rule ?? "x12",
    severity: options.severity ?? "error",
    lines: options.lines ?? [],
    message: `${describePosition(place.position)}, ${x12Location(place.loop, place.segmentId, place.element, place.component)}: ${message}`,
    reference: options.reference ?? snipReference.syntax,
    location: x12Location(place.loop, place.segmentId, place.element, place.component),
  };
}
