import { composite, type ElementRule, N, R, S, type SegmentShape, syntaxRule } from "./guide.js";
import { segmentShapes } from "./segment-shapes.js";

/**
 * The segments of the acknowledgment and claim status guides that the 837P and 835 do not
 * use (999: AK1, AK2, IK3, CTX, IK4, IK5, AK9; 276/277: STC), by id, beside the shared
 * shapes of segment-shapes.ts. Sources: ASC X12 005010 segment directory and the element
 * usage in section 2.4 of 005010X231A1 (999), 005010X214 (277CA) and 005010X212 (276/277),
 * cross-checked against imsweb x12-parser's maps (999.5010.xml, 277.5010.X214.xml,
 * 277.5010.X212.xml).
 */

/** IK304: why a segment is in error (005010X231A1 IK3-04, code source: the guide itself). */
export const segmentErrorCodes = ["1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9"];
/** IK403: why an element is in error. */
export const elementErrorCodes = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "12",
  "13",
  "I10",
  "I11",
  "I12",
  "I13",
  "I6",
  "I9",
];
/** IK501: the verdict on one transaction set. */
export const transactionAckCodes = ["A", "E", "M", "R", "W", "X"];
/** IK502-IK506: why a transaction set is in error. */
export const transactionErrorCodes = [
  ...["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15", "16", "17", "18", "19"],
  ...["23", "24", "25", "26", "27", "I5", "I6"],
];
/** AK901: the verdict on the functional group. */
export const groupAckCodes = ["A", "E", "M", "P", "R", "W", "X"];
/** AK905-AK909: why a functional group is in error. */
export const groupErrorCodes = [
  ...["1", "2", "3", "4", "5", "6", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"],
  ...["23", "24", "25", "26"],
];

/** C043 health care claim status: category, status code, entity, code list qualifier. */
const claimStatus = (usage: "R" | "S"): ElementRule =>
  composite(usage, "health care claim status", [
    R("health care claim status category code", "AN", 1, 30),
    R("status code", "AN", 1, 30),
    S("entity identifier code", "ID", 2, 3),
    S("code list qualifier code", "ID", 1, 3),
  ]);

const shape = (syntax: readonly string[], elements: readonly ElementRule[]): SegmentShape => ({
  elements,
  syntax: syntax.map(syntaxRule),
});

export const ackShapes: Readonly<Record<string, SegmentShape>> = {
  AK1: shape(
    [],
    [
      R("functional identifier code", "ID", 2, 2),
      R("group control number", "N0", 1, 9),
      R("version / release / industry identifier code", "AN", 1, 12),
    ],
  ),
  AK2: shape(
    [],
    [
      R("transaction set identifier code", "ID", 3, 3),
      R("transaction set control number", "AN", 4, 9),
      S("implementation convention reference", "AN", 1, 35),
    ],
  ),
  IK3: shape(
    [],
    [
      R("segment id code", "ID", 2, 3),
      R("segment position in transaction set", "N0", 1, 10),
      S("loop identifier code", "AN", 1, 4),
      S("implementation segment syntax error code", "ID", 1, 3, segmentErrorCodes),
    ],
  ),
  CTX: shape(
    [],
    [
      composite("R", "context identification", [
        R("context name", "AN", 1, 35),
        S("context reference", "AN", 1, 35),
      ]),
      S("segment id code", "ID", 2, 3),
      S("segment position in transaction set", "N0", 1, 10),
      S("loop identifier code", "AN", 1, 4),
      composite("S", "position in segment", [
        R("element position in segment", "N0", 1, 2),
        S("component data element position in composite", "N0", 1, 2),
        S("repeating data element position", "N0", 1, 4),
      ]),
      composite("S", "reference in segment", [
        R("data element reference number", "N0", 1, 4),
        S("data element reference number", "N0", 1, 4),
      ]),
    ],
  ),
  IK4: shape(
    [],
    [
      composite("R", "position in segment", [
        R("element position in segment", "N0", 1, 2),
        S("component data element position in composite", "N0", 1, 2),
        S("repeating data element position", "N0", 1, 4),
      ]),
      S("data element reference number", "N0", 1, 4),
      R("implementation data element syntax error code", "ID", 1, 3, elementErrorCodes),
      S("copy of bad data element", "AN", 1, 99),
    ],
  ),
  IK5: shape(
    [],
    [
      R("transaction set acknowledgment code", "ID", 1, 1, transactionAckCodes),
      ...Array.from({ length: 5 }, () =>
        S("implementation transaction set syntax error code", "ID", 1, 3, transactionErrorCodes),
      ),
    ],
  ),
  AK9: shape(
    [],
    [
      R("functional group acknowledge code", "ID", 1, 1, groupAckCodes),
      R("number of transaction sets included", "N0", 1, 6),
      R("number of received transaction sets", "N0", 1, 6),
      R("number of accepted transaction sets", "N0", 1, 6),
      ...Array.from({ length: 5 }, () =>
        S("functional group syntax error code", "ID", 1, 3, groupErrorCodes),
      ),
    ],
  ),
  STC: shape(
    [],
    [
      claimStatus("R"),
      S("status information effective date", "DT", 8, 8),
      S("action code", "ID", 1, 2),
      S("monetary amount", "R", 1, 18),
      S("monetary amount", "R", 1, 18),
      S("date", "DT", 8, 8),
      S("payment method code", "ID", 3, 3),
      S("date", "DT", 8, 8),
      S("check number", "AN", 1, 16),
      claimStatus("S"),
      claimStatus("S"),
      S("free-form message text", "AN", 1, 264),
    ],
  ),
  // The 276/277 TRN has no originating company (TRN03/TRN04 are the 835's): two elements.
  TRN: shape(
    [],
    [R("trace type code", "ID", 1, 2, ["1", "2"]), R("reference identification", "AN", 1, 50), N(), N()],
  ),
};

/** The shared shapes with the acknowledgment segments (and the 276/277 TRN) on top. */
export const ackSegmentShapes: Readonly<Record<string, SegmentShape>> = { ...segmentShapes, ...ackShapes };
