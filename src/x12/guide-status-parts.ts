import {
  composite,
  type ElementRule,
  type LoopRule,
  loop,
  many,
  N,
  qualified,
  R,
  S,
  type SegmentRule,
  segment,
} from "./guide.js";

/**
 * Segment builders the claim status guides share: the 277CA (005010X214) and the 276/277
 * (005010X212) have the same HL levels, names, trace numbers, STC and service lines, with
 * different qualifiers. Sources: the two guides' section 2.4.
 */

/** An HL level, told apart by HL03 (the hierarchical level code). */
export function hl(
  level: string,
  name: string,
  parent: "R" | "N",
  childCodes: readonly string[] | undefined,
): SegmentRule {
  return segment(
    "HL",
    name,
    "R",
    1,
    [
      R("hierarchical id number", "AN", 1, 12),
      parent === "R" ? R("hierarchical parent id number", "AN", 1, 12) : N(),
      R("hierarchical level code", "ID", 1, 2, [level]),
      childCodes ? R("hierarchical child code", "ID", 1, 1, childCodes) : N(),
    ],
    { element: 3, codes: [level] },
  );
}

/** NM1 of a level: the entity code, person/organization, and the id qualifiers allowed. */
export function name(
  entity: string,
  label: string,
  entityTypes: readonly string[],
  idQualifiers: readonly string[],
  idUsage: "R" | "S",
): SegmentRule {
  const person = entityTypes.includes("1");
  return qualified("NM1", [entity], label, "R", 1, [
    R("entity identifier code", "ID", 2, 3, [entity]),
    R("entity type qualifier", "ID", 1, 1, entityTypes),
    entity === "QC" || entity === "IL"
      ? R("last name", "AN", 1, 60)
      : S("last or organization name", "AN", 1, 60),
    person ? S("first name", "AN", 1, 35) : N(),
    person ? S("middle name or initial", "AN", 1, 25) : N(),
    N(),
    person ? S("name suffix", "AN", 1, 10) : N(),
    (idUsage === "R" ? R : S)("identification code qualifier", "ID", 1, 2, idQualifiers),
    (idUsage === "R" ? R : S)("identification code", "AN", 2, 80),
  ]);
}

/** TRN: 1 = a trace number the sender assigns, 2 = one it refers back to. */
export function trace(type: "1" | "2", label: string, usage: "R" | "S"): SegmentRule {
  return segment("TRN", label, usage, 1, [
    R("trace type code", "ID", 1, 2, [type]),
    R("reference identification", "AN", 1, 50),
  ]);
}

/** STC: the status of a claim, a line or a batch. */
export function status(label: string, usage: "R" | "S"): SegmentRule {
  return segment("STC", label, usage, many);
}

export function reference(codes: readonly string[], label: string): SegmentRule {
  return qualified("REF", codes, label, "S", 1, [
    R("reference identification qualifier", "ID", 2, 3, codes),
    R("reference identification", "AN", 1, 50),
  ]);
}

export function date(code: string, label: string, usage: "R" | "S", formats: readonly string[]): SegmentRule {
  return qualified("DTP", [code], label, usage, 1, [
    R("date time qualifier", "ID", 3, 3, [code]),
    R("date time period format qualifier", "ID", 2, 3, formats),
    R("date time period", "period", 1, 35),
  ]);
}

export function amount(code: string, label: string): SegmentRule {
  return qualified("AMT", [code], label, "S", 1, [
    R("amount qualifier code", "ID", 1, 3, [code]),
    R("monetary amount", "R", 1, 18),
    N(),
  ]);
}

export function quantity(code: string, label: string): SegmentRule {
  return qualified("QTY", [code], label, "S", 1, [
    R("quantity qualifier", "ID", 2, 2, [code]),
    R("quantity", "R", 1, 15),
    N(),
    N(),
  ]);
}

const procedure = (usage: "R" | "S"): ElementRule =>
  composite(usage, "composite medical procedure identifier", [
    R("product/service id qualifier", "ID", 2, 2, ["AD", "ER", "HC", "HP", "IV", "N4", "NU", "WK"]),
    R("procedure code", "AN", 1, 48),
    S("procedure modifier", "AN", 2, 2),
    S("procedure modifier", "AN", 2, 2),
    S("procedure modifier", "AN", 2, 2),
    S("procedure modifier", "AN", 2, 2),
    S("description", "AN", 1, 80),
    N(),
  ]);

/** SVC of a service line: the procedure, its charge, the paid amount (277) and units. */
export function serviceLine(paid: "S" | "N"): SegmentRule {
  return segment("SVC", "service line information", "R", 1, [
    procedure("R"),
    R("line item charge amount", "R", 1, 18),
    paid === "S" ? S("line item provider payment amount", "R", 1, 18) : N(),
    S("revenue code", "AN", 1, 48),
    N(),
    N(),
    S("original units of service count", "R", 1, 15),
  ]);
}

/** A service line loop: SVC, its status (a 277) and its line item control number and date. */
export function serviceLoop(id: string, withStatus: boolean): LoopRule {
  return loop(id, "service line information", "S", many, [
    serviceLine(withStatus ? "S" : "N"),
    ...(withStatus ? [status("service line level status information", "R")] : []),
    reference(["FJ"], "service line item identification"),
    date("472", "service line date", "S", ["D8", "RD8"]),
  ]);
}
