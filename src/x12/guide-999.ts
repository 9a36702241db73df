import { ackSegmentShapes } from "./ack-shapes.js";
import { loop, many, R, segment, type TransactionGuide } from "./guide.js";

/**
 * The 999 Implementation Acknowledgment guide, 005010X231A1, as data: AK1 names the
 * functional group acknowledged, one 2000 loop (AK2) per transaction set with its segment
 * errors (2100, IK3) and their element errors (2110, IK4), IK5 the set's verdict, AK9 the
 * group's. Source: ASC X12C/005010X231A1 section 2.4 (cross-checked with imsweb
 * x12-parser 999.5010.xml).
 *
 * IK5 follows the 2100 loops inside loop 2000, and AK9 follows the 2000 loops in the
 * header. The walker places a loop's own segments before its child loops (as in the 837P
 * and 835), so each trailer is modelled as a last child loop with its parent's id, the way
 * the 835's PLB is a SUMMARY loop: positions still read 2000/IK5 and HEADER/AK9.
 */

const context = segment("CTX", "segment context", "S", 9, undefined, {
  element: 1,
  component: 1,
  codes: ["SITUATIONAL TRIGGER"],
});

const loop2110 = loop("2110", "implementation data element note", "S", many, [
  segment("IK4", "implementation data element note", "R", 1),
  segment("CTX", "element context", "S", 10),
]);

const loop2100 = loop(
  "2100",
  "error identification",
  "S",
  many,
  [
    segment("IK3", "error identification", "R", 1),
    context,
    // CTX*CLM01:<patient control number>: the claim the error is in (business unit identifier).
    segment("CTX", "business unit identifier", "S", 1),
  ],
  [loop2110],
);

const loop2000 = loop(
  "2000",
  "transaction set response header",
  "S",
  many,
  [segment("AK2", "transaction set response header", "R", 1)],
  [
    loop2100,
    loop("2000", "transaction set response trailer", "R", 1, [
      segment("IK5", "transaction set response trailer", "R", 1),
    ]),
  ],
);

const header = loop(
  "HEADER",
  "transaction set header",
  "R",
  1,
  [
    segment("ST", "transaction set header", "R", 1, [
      R("transaction set identifier code", "ID", 3, 3, ["999"]),
      R("transaction set control number", "AN", 4, 9),
      R("implementation convention reference", "AN", 1, 35, ["005010X231A1"]),
    ]),
    segment("AK1", "functional group response header", "R", 1),
  ],
  [
    loop2000,
    loop("HEADER", "functional group response trailer", "R", 1, [
      segment("AK9", "functional group response trailer", "R", 1),
    ]),
  ],
);

export const guide999: TransactionGuide = {
  version: "005010X231A1",
  transactionSet: "999",
  functionalGroup: "FA",
  reference: "ASC X12 005010X231A1 999 implementation acknowledgment guide",
  header,
  shapes: ackSegmentShapes,
};
