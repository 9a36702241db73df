import type { Finding } from "../model/finding.js";
import { checkElements } from "./element-check.js";
import { describePosition, snipReference, x12Finding } from "./findings.js";
import { R, type SegmentRule, segment } from "./guide.js";
import { guide276, guide277 } from "./guide-277.js";
import { guide277ca } from "./guide-277ca.js";
import { guide835 } from "./guide-835.js";
import { guide837p } from "./guide-837p.js";
import { guide999 } from "./guide-999.js";
import type { SegmentPosition, SegmentView } from "./segment.js";
import type { TokenizerSink } from "./tokenizer.js";

/** The envelope segments as data, validated by the same element checker as the guides. */
const envelopeRules: Record<string, SegmentRule> = {
  ISA: segment("ISA", "interchange control header", "R", 1, [
    R("authorization information qualifier", "ID", 2, 2, ["00", "03"]),
    R("authorization information", "AN", 10, 10),
    R("security information qualifier", "ID", 2, 2, ["00", "01"]),
    R("security information", "AN", 10, 10),
    R("interchange id qualifier", "ID", 2, 2, ["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"]),
    R("interchange sender id", "AN", 15, 15),
    R("interchange id qualifier", "ID", 2, 2, ["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"]),
    R("interchange receiver id", "AN", 15, 15),
    R("interchange date", "DT", 6, 6),
    R("interchange time", "TM", 4, 4),
    R("repetition separator", "AN", 1, 1),
    R("interchange control version number", "ID", 5, 5, ["00501"]),
    R("interchange control number", "N0", 9, 9),
    R("acknowledgment requested", "ID", 1, 1, ["0", "1"]),
    R("interchange usage indicator", "ID", 1, 1, ["P", "T"]),
    R("component element separator", "AN", 1, 1),
  ]),
  GS: segment("GS", "functional group header", "R", 1, [
    R("functional identifier code", "ID", 2, 2),
    R("application sender's code", "AN", 2, 15),
    R("application receiver's code", "AN", 2, 15),
    R("date", "DT", 8, 8),
    R("time", "TM", 4, 8),
    R("group control number", "N0", 1, 9),
    R("responsible agency code", "ID", 1, 2, ["X"]),
    R("version / release / industry identifier code", "AN", 1, 12),
  ]),
  GE: segment("GE", "functional group trailer", "R", 1, [
    R("number of transaction sets included", "N0", 1, 6),
    R("group control number", "N0", 1, 9),
  ]),
  IEA: segment("IEA", "interchange control trailer", "R", 1, [
    R("number of included functional groups", "N0", 1, 5),
    R("interchange control number", "N0", 9, 9),
  ]),
  SE: segment("SE", "transaction set trailer", "R", 1, [
    R("number of included segments", "N0", 1, 10),
    R("transaction set control number", "AN", 4, 9),
  ]),
};

/** What a transaction set says about itself (ST and the enclosing GS). */
export interface TransactionContext {
  /** ST01, e.g. "837". */
  set: string;
  /** ST02. */
  control: string;
  /** ST03, or GS08 when ST03 is absent. */
  version: string;
  /** GS01, e.g. "HC". */
  functionalGroup: string;
  start: SegmentPosition;
}

/** Reads one transaction set's body. */
export interface TransactionHandler {
  begin(st: SegmentView, context: TransactionContext): void;
  segment(seg: SegmentView): void;
  /** `se` is undefined when the file ends (or the envelope closes) without SE. */
  end(se: SegmentView | undefined): void;
}

export interface InterchangeOptions {
  /** A handler for the transaction, or a sentence saying why it is not read. */
  handlerFor(context: TransactionContext): TransactionHandler | string;
  finding(finding: Finding): void;
}

/** GS01 for each transaction set that cleanclaim reads. */
const functionalGroupOf: Record<string, string> = {
  "837": "HC",
  "835": "HP",
  "999": "FA",
  "277": "HN",
  "276": "HR",
};

/**
 * GS08 for each transaction set that cleanclaim reads: the guides it validates against
 * (appendix C of each guide, the EDI control directory: GS08 names the implementation
 * guide). A 277 is either a claim acknowledgment (005010X214) or a status response
 * (005010X212). Any other version is an error: the file is not what it claims.
 */
const guideVersionsOf: Record<string, readonly string[]> = {
  "837": [guide837p.version],
  "835": [guide835.version],
  "999": [guide999.version],
  "277": [guide277ca.version, guide277.version],
  "276": [guide276.version],
};

interface OpenTransaction {
  context: TransactionContext;
  handler: TransactionHandler | undefined;
}

/**
 * Checks the envelopes (SNIP type 1): ISA/IEA and GS/GE pairing, counts and control
 * numbers, SE01 segment counts and SE02 = ST02, and hands each transaction set's
 * body to its handler.
 */
export class InterchangeReader implements TokenizerSink {
  private readonly options: InterchangeOptions;
  private interchange: { control: string; groups: number; position: SegmentPosition } | undefined;
  private group:
    | {
        control: string;
        version: string;
        functionalGroup: string;
        transactions: number;
        position: SegmentPosition;
        /** GS08 has been checked against the guide of the group's first transaction set. */
        versionChecked: boolean;
      }
    | undefined;
  /**
   * Control numbers seen in this file: ISA13, GS06 and ST02 must each be unique within the
   * file (X12.5 and X12.6 control structures; pyx12 and most clearinghouses check the same).
   */
  private readonly interchangeNumbers = new Map<string, SegmentPosition>();
  private readonly groupNumbers = new Map<string, SegmentPosition>();
  private readonly transactionNumbers = new Map<string, SegmentPosition>();
  private transaction: OpenTransaction | undefined;
  private sawSegment = false;
  private readonly lastPosition: SegmentPosition = { segment: 0, transactionSegment: 0, offset: 0 };

  constructor(options: InterchangeOptions) {
    this.options = options;
  }

  finding(finding: Finding): void {
    this.options.finding(finding);
  }

  segment(seg: SegmentView): void {
    this.sawSegment = true;
    switch (seg.id) {
      case "ISA":
        this.isa(seg);
        break;
      case "GS":
        this.gs(seg);
        break;
      case "ST":
        this.st(seg);
        break;
      case "SE":
        this.se(seg);
        break;
      case "GE":
        this.ge(seg);
        break;
      case "IEA":
        this.iea(seg);
        break;
      default:
        if (this.transaction) {
          this.transaction.handler?.segment(seg);
        } else {
          this.report(
            seg,
            "ST",
            seg.id,
            undefined,
            `${seg.id} is outside a transaction set (not between ST and SE)`,
          );
        }
    }
    this.lastPosition.segment = seg.segment;
    this.lastPosition.transactionSegment = seg.transactionSegment;
    this.lastPosition.offset = seg.offset;
  }

  /** Reports whatever the file left open: a truncated file ends inside a transaction, group or interchange. */
  end(): void {
    if (!this.sawSegment) {
      this.options.finding(
        x12Finding({ loop: "ISA", segmentId: "ISA", position: undefined }, "the input holds no X12 segments"),
      );
      return;
    }
    const where = this.lastPosition;
    if (this.transaction) {
      this.options.finding(
        x12Finding(
          { loop: "ST", segmentId: "SE", position: where },
          `the file ends inside transaction set ${this.transaction.context.control} (started at ${describePosition(
            this.transaction.context.start,
          )}) without SE: it is truncated`,
        ),
      );
      this.closeTransaction(undefined);
    }
    if (this.group) {
      this.options.finding(
        x12Finding(
          { loop: "GS", segmentId: "GE", position: where },
          `the file ends inside functional group ${this.group.control} without GE`,
        ),
      );
      this.group = undefined;
    }
    if (this.interchange) {
      this.options.finding(
        x12Finding(
          { loop: "ISA", segmentId: "IEA", position: where },
          `the file ends inside interchange ${this.interchange.control} without IEA`,
        ),
      );
      this.interchange = undefined;
    }
  }

  private report(
    seg: SegmentView,
    loop: string,
    segmentId: string,
    element: number | undefined,
    message: string,
  ): void {
    this.options.finding(x12Finding({ loop, segmentId, element, position: seg }, message));
  }

  private check(seg: SegmentView, loop: string): void {
    const rule = envelopeRules[seg.id];
    if (rule) checkElements(rule, seg, loop, snipReference.syntax, (f) => this.options.finding(f));
  }

  private isa(seg: SegmentView): void {
    if (this.transaction) {
      this.report(
        seg,
        "ST",
        "SE",
        undefined,
        `ISA starts a new interchange, but transaction set ${this.transaction.context.control} has no SE`,
      );
      this.closeTransaction(undefined);
    }
    if (this.group) {
      this.report(
        seg,
        "GS",
        "GE",
        undefined,
        `ISA starts a new interchange, but functional group ${this.group.control} has no GE`,
      );
      this.group = undefined;
    }
    if (this.interchange) {
      this.report(
        seg,
        "ISA",
        "IEA",
        undefined,
        `ISA starts a new interchange, but interchange ${this.interchange.control} has no IEA`,
      );
    }
    this.check(seg, "ISA");
    this.interchange = { control: seg.element(13), groups: 0, position: seg.position() };
    this.unique(this.interchangeNumbers, seg, "ISA", 13, "interchange control number");
  }

  private gs(seg: SegmentView): void {
    if (this.transaction) {
      this.report(
        seg,
        "ST",
        "SE",
        undefined,
        `GS starts a new group, but transaction set ${this.transaction.context.control} has no SE`,
      );
      this.closeTransaction(undefined);
    }
    if (this.group) {
      this.report(
        seg,
        "GS",
        "GE",
        undefined,
        `GS starts a new group, but functional group ${this.group.control} has no GE`,
      );
    }
    if (!this.interchange)
      this.report(seg, "GS", "GS", undefined, "GS is outside an interchange (no ISA before it)");
    else this.interchange.groups++;
    this.check(seg, "GS");
    this.group = {
      control: seg.element(6),
      version: seg.element(8),
      functionalGroup: seg.element(1),
      transactions: 0,
      position: seg.position(),
      versionChecked: false,
    };
    this.unique(this.groupNumbers, seg, "GS", 6, "group control number");
  }

  /** Reports a control number already used earlier in the file. */
  private unique(
    seen: Map<string, SegmentPosition>,
    seg: SegmentView,
    loop: string,
    element: number,
    what: string,
  ): void {
    const raw = seg.element(element);
    if (raw === "") return;
    // ISA13 and GS06 are numbers (N0): "000000001" and "1" are the same group. ST02 is text.
    const key = loop !== "ST" && /^\d+$/.test(raw) ? String(BigInt(raw)) : raw;
    const first = seen.get(key);
    if (first) {
      this.report(
        seg,
        loop,
        seg.id,
        element,
        `${seg.id}${String(element).padStart(2, "0")} ${JSON.stringify(raw)} repeats the ${what} of ${describePosition(first)}; each must be unique within the file`,
      );
      return;
    }
    seen.set(key, seg.position());
  }

  private st(seg: SegmentView): void {
    if (this.transaction) {
      this.report(
        seg,
        "ST",
        "SE",
        undefined,
        `ST starts a new transaction set, but transaction set ${this.transaction.context.control} has no SE`,
      );
      this.closeTransaction(undefined);
    }
    if (!this.group)
      this.report(seg, "ST", "ST", undefined, "ST is outside a functional group (no GS before it)");
    else this.group.transactions++;
    const context: TransactionContext = {
      set: seg.element(1),
      control: seg.element(2),
      version: seg.element(3) || this.group?.version || "",
      functionalGroup: this.group?.functionalGroup ?? "",
      start: seg.position(),
    };
    const expectedGroup = functionalGroupOf[context.set];
    if (this.group && expectedGroup && context.functionalGroup !== expectedGroup) {
      this.report(
        seg,
        "GS",
        "GS",
        1,
        `GS01 is ${JSON.stringify(context.functionalGroup)} but this transaction set is ${context.set}; ${context.set} belongs in a GS01 = ${expectedGroup} group`,
      );
    }
    this.unique(this.transactionNumbers, seg, "ST", 2, "transaction set control number");
    const guideVersions = guideVersionsOf[context.set];
    if (this.group && guideVersions && !this.group.versionChecked) {
      this.group.versionChecked = true;
      if (!guideVersions.includes(this.group.version)) {
        const versions = guideVersions.join(" or ");
        this.options.finding(
          x12Finding(
            { loop: "GS", segmentId: "GS", element: 8, position: this.group.position },
            `GS08 is ${JSON.stringify(this.group.version)}, but transaction set ${context.set} is read against ${versions}; a group of ${context.set}s must say GS08 = ${versions}`,
          ),
        );
      }
    } else if (
      !guideVersions &&
      this.group &&
      seg.has(3) &&
      this.group.version &&
      seg.element(3) !== this.group.version
    ) {
      this.options.finding(
        x12Finding(
          { loop: "ST", segmentId: "ST", element: 3, position: seg },
          `ST03 is ${JSON.stringify(seg.element(3))} but GS08 is ${JSON.stringify(this.group.version)}; they should agree`,
          { severity: "warning" },
        ),
      );
    }
    const handler = this.options.handlerFor(context);
    if (typeof handler === "string") {
      this.report(seg, "ST", "ST", 1, handler);
      this.transaction = { context, handler: undefined };
      return;
    }
    this.transaction = { context, handler };
    handler.begin(seg, context);
  }

  private se(seg: SegmentView): void {
    const open = this.transaction;
    if (!open) {
      this.report(seg, "ST", "SE", undefined, "SE without a matching ST");
      return;
    }
    this.check(seg, "ST");
    const counted = seg.transactionSegment;
    if (!sameCount(seg.element(1), counted)) {
      this.report(
        seg,
        "ST",
        "SE",
        1,
        `SE01 says ${JSON.stringify(seg.element(1))} segments, but transaction set ${open.context.control} has ${counted} (ST through SE)`,
      );
    }
    if (seg.element(2) !== open.context.control) {
      this.report(
        seg,
        "ST",
        "SE",
        2,
        `SE02 is ${JSON.stringify(seg.element(2))}; it must repeat ST02 ${JSON.stringify(open.context.control)}`,
      );
    }
    this.closeTransaction(seg);
  }

  private ge(seg: SegmentView): void {
    if (this.transaction) {
      this.report(
        seg,
        "ST",
        "SE",
        undefined,
        `GE closes the group, but transaction set ${this.transaction.context.control} has no SE`,
      );
      this.closeTransaction(undefined);
    }
    const group = this.group;
    if (!group) {
      this.report(seg, "GS", "GE", undefined, "GE without a matching GS");
      return;
    }
    this.check(seg, "GS");
    if (!sameCount(seg.element(1), group.transactions)) {
      this.report(
        seg,
        "GS",
        "GE",
        1,
        `GE01 says ${JSON.stringify(seg.element(1))} transaction sets, but group ${group.control} has ${group.transactions}`,
      );
    }
    if (!sameControlNumber(seg.element(2), group.control)) {
      this.report(
        seg,
        "GS",
        "GE",
        2,
        `GE02 is ${JSON.stringify(seg.element(2))}; it must repeat GS06 ${JSON.stringify(group.control)}`,
      );
    }
    this.group = undefined;
  }

  private iea(seg: SegmentView): void {
    if (this.transaction) {
      this.report(
        seg,
        "ST",
        "SE",
        undefined,
        `IEA closes the interchange, but transaction set ${this.transaction.context.control} has no SE`,
      );
      this.closeTransaction(undefined);
    }
    if (this.group) {
      this.report(
        seg,
        "GS",
        "GE",
        undefined,
        `IEA closes the interchange, but functional group ${this.group.control} has no GE`,
      );
      this.group = undefined;
    }
    const interchange = this.interchange;
    if (!interchange) {
      this.report(seg, "ISA", "IEA", undefined, "IEA without a matching ISA");
      return;
    }
    this.check(seg, "ISA");
    if (!sameCount(seg.element(1), interchange.groups)) {
      this.report(
        seg,
        "ISA",
        "IEA",
        1,
        `IEA01 says ${JSON.stringify(seg.element(1))} functional groups, but interchange ${interchange.control} has ${interchange.groups}`,
      );
    }
    if (seg.element(2) !== interchange.control) {
      this.report(
        seg,
        "ISA",
        "IEA",
        2,
        `IEA02 is ${JSON.stringify(seg.element(2))}; it must repeat ISA13 ${JSON.stringify(interchange.control)}`,
      );
    }
    this.interchange = undefined;
  }

  private closeTransaction(se: SegmentView | undefined): void {
    const open = this.transaction;
    this.transaction = undefined;
    open?.handler?.end(se);
  }
}

/** GS06 and GE02 are numbers: "1" and "000000001" name the same group. */
function sameControlNumber(a: string, b: string): boolean {
  if (a === b) return true;
  return /^\d+$/.test(a) && /^\d+$/.test(b) && BigInt(a) === BigInt(b);
}

/** Counts are N0 values: compare them as numbers. */
function sameCount(text: string, count: number): boolean {
  return /^\d{1,15}$/.test(text) && Number(text) === count;
}
