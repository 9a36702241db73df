import { ackSegmentShapes } from "./ack-shapes.js";
import { loop, many, qualified, R, segment, type TransactionGuide } from "./guide.js";
import {
  amount,
  date,
  hl,
  name,
  quantity,
  reference,
  serviceLoop,
  status,
  trace,
} from "./guide-status-parts.js";

/**
 * The 277CA Health Care Claim Acknowledgment guide, 005010X214, as data: the payer's (or
 * clearinghouse's) front-end verdict on each claim of an 837, before adjudication.
 * Levels: 2000A information source (HL03 20), 2000B information receiver (21), 2000C
 * billing provider (19), 2000D patient (PT), each with its name loop (2100x) and status
 * loop (2200x); 2220D the service lines. Source: ASC X12N/005010X214 section 2.4
 * (cross-checked with imsweb x12-parser 277.5010.X214.xml).
 */

const loop2000D = loop(
  "2000D",
  "patient level",
  "S",
  many,
  [hl("PT", "patient level", "R", undefined)],
  [
    loop("2100D", "patient name", "R", 1, [name("QC", "patient name", ["1"], ["II", "MI"], "S")]),
    loop(
      "2200D",
      "claim status tracking number",
      "R",
      many,
      [
        // TRN02: the patient control number the 837 sent in CLM01.
        trace("2", "claim status tracking number", "R"),
        status("claim level status information", "R"),
        reference(["1K"], "payer claim control number"),
        reference(["D9"], "clearinghouse trace number"),
        reference(["BLT"], "institutional bill type identification"),
        reference(["EA"], "medical record identification"),
        date("472", "claim level service date", "S", ["D8", "RD8"]),
      ],
      [serviceLoop("2220D", true)],
    ),
  ],
);

const loop2000C = loop(
  "2000C",
  "billing provider of service level",
  "S",
  many,
  [hl("19", "billing provider of service level", "R", ["1"])],
  [
    loop("2100C", "billing provider name", "R", 1, [
      name("85", "billing provider name", ["1", "2"], ["FI", "XX"], "R"),
    ]),
    loop("2200C", "billing provider of service trace identifier", "S", 1, [
      trace("1", "provider of service information trace identifier", "R"),
      status("billing provider status information", "S"),
      qualified("REF", ["0B", "1G", "G2", "LU", "SY", "TJ"], "provider secondary identifier", "S", 3),
      quantity("QA", "total accepted quantity"),
      quantity("QC", "total rejected quantity"),
      amount("YU", "total accepted amount"),
      amount("YY", "total rejected amount"),
    ]),
    loop2000D,
  ],
);

const loop2000B = loop(
  "2000B",
  "information receiver level",
  "R",
  many,
  [hl("21", "information receiver level", "R", ["0", "1"])],
  [
    loop("2100B", "information receiver name", "R", 1, [
      name("41", "information receiver name", ["1", "2"], ["46"], "R"),
    ]),
    loop("2200B", "information receiver application trace identifier", "R", 1, [
      trace("2", "information receiver application trace identifier", "R"),
      status("information receiver status information", "S"),
      quantity("90", "total accepted quantity"),
      quantity("AA", "total rejected quantity"),
      amount("YU", "total accepted amount"),
      amount("YY", "total rejected amount"),
    ]),
    loop2000C,
  ],
);

const loop2000A = loop(
  "2000A",
  "information source level",
  "R",
  many,
  [hl("20", "information source level", "N", ["1"])],
  [
    loop("2100A", "information source name", "R", 1, [
      name("PR", "information source name", ["2"], ["46", "FI", "PI", "XV"], "R"),
    ]),
    loop("2200A", "transmission receipt control identifier", "R", 1, [
      trace("1", "transmission receipt control identifier", "R"),
      date("050", "information source receipt date", "R", ["D8"]),
      date("009", "information source process date", "R", ["D8"]),
    ]),
    loop2000B,
  ],
);

const header = loop(
  "HEADER",
  "transaction set header",
  "R",
  1,
  [
    segment("ST", "transaction set header", "R", 1, [
      R("transaction set identifier code", "ID", 3, 3, ["277"]),
      R("transaction set control number", "AN", 4, 9),
      R("implementation convention reference", "AN", 1, 35, ["005010X214"]),
    ]),
    segment("BHT", "beginning of hierarchical transaction", "R", 1, [
      R("hierarchical structure code", "ID", 4, 4, ["0085"]),
      R("transaction set purpose code", "ID", 2, 2, ["08"]),
      R("originator application transaction identifier", "AN", 1, 50),
      R("transaction set creation date", "DT", 8, 8),
      R("transaction set creation time", "TM", 4, 8),
      R("transaction type code", "ID", 2, 2, ["TH"]),
    ]),
  ],
  [loop2000A],
);

export const guide277ca: TransactionGuide = {
  version: "005010X214",
  transactionSet: "277",
  functionalGroup: "HN",
  reference: "ASC X12 005010X214 277CA claim acknowledgment guide",
  header,
  shapes: ackSegmentShapes,
};
