import { ackSegmentShapes } from "./ack-shapes.js";
import { type LoopRule, loop, many, N, qualified, R, S, segment, type TransactionGuide } from "./guide.js";
import { date, hl, name, reference, serviceLoop, status, trace } from "./guide-status-parts.js";

/**
 * The 276/277 Health Care Claim Status Request and Response guide, 005010X212, as data.
 * The 276 asks about claims sent; the 277 answers with each claim's status (STC).
 * Levels: 2000A information source (payer, HL03 20), 2000B information receiver (21),
 * 2000C service provider (19), 2000D subscriber (22), 2000E dependent (23); the claim is
 * in 2200D or 2200E, its lines in 2210x (276) or 2220x (277). Source: ASC
 * X12N/005010X212 section 2.4 (cross-checked with imsweb x12-parser 277.5010.X212.xml).
 */

/** The claim status tracking loop of a subscriber or dependent: a 276 asks, a 277 answers. */
function claimLoop(id: string, kind: "276" | "277", lines: string): LoopRule {
  const segments =
    kind === "276"
      ? [
          trace("1", "claim status tracking number", "R"),
          reference(["1K"], "payer claim control number"),
          reference(["BLT"], "institutional bill type identification"),
          reference(["LU"], "application or location system identifier"),
          reference(["6P"], "group number"),
          reference(["EJ"], "patient control number"),
          reference(["XZ"], "pharmacy prescription number"),
          reference(["D9"], "claim identification number for clearinghouses"),
          qualified("AMT", ["T3"], "claim submitted charges", "S", 1, [
            R("amount qualifier code", "ID", 1, 3, ["T3"]),
            R("total claim charge amount", "R", 1, 18),
            S("credit or debit flag code", "ID", 1, 1),
          ]),
          date("472", "claim service date", "S", ["RD8"]),
        ]
      : [
          trace("2", "claim status tracking number", "R"),
          status("claim level status information", "S"),
          reference(["1K"], "payer claim control number"),
          reference(["BLT"], "institutional bill type identification"),
          reference(["EA"], "medical record identification"),
          reference(["EJ"], "patient control number"),
          reference(["XZ"], "pharmacy prescription number"),
          reference(["VV"], "voucher identifier"),
          reference(["D9"], "clearinghouse trace number"),
          date("472", "claim service date", "S", ["D8", "RD8"]),
        ];
  return loop(id, "claim status tracking number", "S", many, segments, [serviceLoop(lines, kind === "277")]);
}

const demographics = (label: string) =>
  segment("DMG", label, "S", 1, [
    R("date time period format qualifier", "ID", 2, 3, ["D8"]),
    R("birth date", "period", 1, 35),
    S("gender code", "ID", 1, 1, ["F", "M", "U"]),
  ]);

function levels(kind: "276" | "277"): LoopRule {
  const lines = kind === "276" ? "10" : "20";
  const loop2000E = loop(
    "2000E",
    "dependent level",
    "S",
    many,
    [
      hl("23", "dependent level", "R", kind === "276" ? ["0"] : undefined),
      demographics("dependent demographic information"),
    ],
    [
      loop("2100E", "dependent name", "R", 1, [name("QC", "dependent name", ["1"], ["MI"], "S")]),
      claimLoop("2200E", kind, `22${lines}E`),
    ],
  );
  const loop2000D = loop(
    "2000D",
    "subscriber level",
    "R",
    many,
    [hl("22", "subscriber level", "R", ["0", "1"]), demographics("subscriber demographic information")],
    [
      loop("2100D", "subscriber name", "R", 1, [
        name("IL", "subscriber name", ["1", "2"], ["24", "II", "MI"], "R"),
      ]),
      claimLoop("2200D", kind, `22${lines}D`),
      loop2000E,
    ],
  );
  const loop2000C = loop(
    "2000C",
    "service provider level",
    "R",
    many,
    [hl("19", "service provider level", "R", ["1"])],
    [
      loop("2100C", "provider name", "R", 1, [
        name("1P", "provider name", ["1", "2"], ["FI", "SV", "XX"], "R"),
      ]),
      loop2000D,
    ],
  );
  const loop2000B = loop(
    "2000B",
    "information receiver level",
    "R",
    many,
    [hl("21", "information receiver level", "R", ["1"])],
    [
      loop("2100B", "information receiver name", "R", 1, [
        name("41", "information receiver name", ["1", "2"], ["46", "FI", "XX"], "R"),
      ]),
      loop2000C,
    ],
  );
  return loop(
    "2000A",
    "information source level",
    "R",
    many,
    [hl("20", "information source level", "N", ["1"])],
    [
      loop("2100A", "payer name", "R", 1, [
        name("PR", "payer name", ["2"], ["21", "AD", "FI", "NI", "PI", "PP", "XV"], "R"),
        qualified("PER", ["IC"], "payer contact information", "S", 1),
      ]),
      loop2000B,
    ],
  );
}

function guide(kind: "276" | "277"): TransactionGuide {
  const header = loop(
    "HEADER",
    "transaction set header",
    "R",
    1,
    [
      segment("ST", "transaction set header", "R", 1, [
        R("transaction set identifier code", "ID", 3, 3, [kind]),
        R("transaction set control number", "AN", 4, 9),
        R("implementation convention reference", "AN", 1, 35, ["005010X212"]),
      ]),
      segment("BHT", "beginning of hierarchical transaction", "R", 1, [
        R("hierarchical structure code", "ID", 4, 4, ["0010"]),
        R("transaction set purpose code", "ID", 2, 2, [kind === "276" ? "13" : "08"]),
        R("reference identification", "AN", 1, 50),
        R("transaction set creation date", "DT", 8, 8),
        S("transaction set creation time", "TM", 4, 8),
        kind === "277" ? R("transaction type code", "ID", 2, 2, ["DG"]) : N(),
      ]),
    ],
    [levels(kind)],
  );
  return {
    version: "005010X212",
    transactionSet: kind,
    functionalGroup: kind === "276" ? "HR" : "HN",
    reference: `ASC X12 005010X212 ${kind} claim status ${kind === "276" ? "request" : "response"} guide`,
    header,
    shapes: ackSegmentShapes,
  };
}

export const guide276: TransactionGuide = guide("276");
export const guide277: TransactionGuide = guide("277");
