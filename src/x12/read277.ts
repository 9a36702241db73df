import type { Finding } from "../model/finding.js";
import type {
  BatchStatus,
  ClaimStatusReport,
  Parse277Result,
  StatusClaim,
  StatusCode,
  StatusInfo,
  StatusLine,
} from "./acknowledgment.js";
import { centsFromX12, moneyText, quantityFromX12 } from "./amounts.js";
import { type CompiledGuide, compileGuide, handlerTable } from "./guide.js";
import { guide277 } from "./guide-277.js";
import { guide277ca } from "./guide-277ca.js";
import { InterchangeReader, type TransactionContext, type TransactionHandler } from "./interchange.js";
import type { SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input } from "./tokenizer.js";
import { GuideWalker, type LoopInstance } from "./walker.js";
import { isoFromX12Date } from "./x12-date.js";

const compiled277ca = compileGuide(guide277ca);
const compiled277 = compileGuide(guide277);

const money = (text: string): string | undefined => {
  const cents = centsFromX12(text);
  return cents === undefined ? undefined : moneyText(cents);
};

/** DTP03 of D8 or RD8: the first day and, for a range, the last. */
function period(text: string): { from?: string; through?: string } {
  const from = isoFromX12Date(text);
  const dash = text.indexOf("-");
  const through = dash > 0 ? isoFromX12Date(text.slice(dash + 1)) : from;
  const out: { from?: string; through?: string } = {};
  if (from) out.from = from;
  if (through) out.through = through;
  return out;
}

/** One C043 composite (STC01, STC10, STC11); undefined when absent. */
function statusCode(seg: SegmentView, n: number): StatusCode | undefined {
  if (!seg.has(n)) return undefined;
  const code: StatusCode = { category: seg.component(n, 1), status: seg.component(n, 2) };
  const entity = seg.component(n, 3);
  if (entity) code.entity = entity;
  const list = seg.component(n, 4);
  if (list) code.codeList = list;
  return code;
}

function statusInfo(seg: SegmentView): StatusInfo {
  const codes: StatusCode[] = [];
  for (const n of [1, 10, 11]) {
    const code = statusCode(seg, n);
    if (code) codes.push(code);
  }
  const info: StatusInfo = { codes, position: seg.position() };
  const date = isoFromX12Date(seg.element(2));
  if (date) info.date = date;
  if (seg.has(3)) info.action = seg.element(3);
  const charge = money(seg.element(4));
  if (charge !== undefined && seg.has(4)) info.charge = charge;
  const paid = money(seg.element(5));
  if (paid !== undefined && seg.has(5)) info.paid = paid;
  const paidDate = isoFromX12Date(seg.element(6));
  if (paidDate) info.paidDate = paidDate;
  if (seg.has(9)) info.checkNumber = seg.element(9);
  if (seg.has(12)) info.message = seg.element(12);
  return info;
}

interface Person {
  lastName?: string;
  firstName?: string;
  memberId?: string;
}

interface Output277 {
  report(r: ClaimStatusReport): void;
  finding(f: Finding): void;
}

/** Reads the body of one 277 transaction set (a 277CA or a 277 status response). */
class Status277TransactionReader implements TransactionHandler {
  private readonly output: Output277;
  private readonly walker: GuideWalker;
  private readonly kind: ClaimStatusReport["kind"];
  report: ClaimStatusReport | undefined;
  provider: StatusClaim["provider"] = {};
  subscriber: Person = {};
  dependent: Person = {};
  batch: BatchStatus | undefined;
  claim: StatusClaim | undefined;
  line: StatusLine | undefined;

  constructor(kind: ClaimStatusReport["kind"], output: Output277) {
    this.kind = kind;
    this.output = output;
    const compiled: CompiledGuide = kind === "277CA" ? compiled277ca : compiled277;
    const handlers = kind === "277CA" ? handlers277ca : handlers277;
    this.walker = new GuideWalker(compiled, {
      opened: (instance, seg) => this.opened(instance, seg),
      segment: (_instance, rule, seg) => {
        const handler = rule ? handlers[rule.slot] : undefined;
        if (handler) handler(this, seg);
      },
      closed: (instance) => this.closed(instance),
      finding: (finding) => output.finding(finding),
    });
  }

  begin(st: SegmentView, context: TransactionContext): void {
    this.report = {
      kind: this.kind,
      transaction: context.control,
      source: {},
      receiver: {},
      batches: [],
      claims: [],
      position: st.position(),
    };
    this.walker.begin(st);
  }

  segment(seg: SegmentView): void {
    this.walker.segment(seg);
  }

  end(): void {
    this.walker.finish();
    if (this.report) this.output.report(this.report);
  }

  private opened(instance: LoopInstance, seg: SegmentView): void {
    switch (instance.loop.id) {
      case "2000C":
        this.provider = {};
        break;
      case "2000D":
        this.subscriber = {};
        this.dependent = {};
        break;
      case "2000E":
        this.dependent = {};
        break;
      case "2200B":
      case "2200C":
        this.batch = {
          level: instance.loop.id === "2200B" ? "receiver" : "provider",
          statuses: [],
          position: seg.position(),
        };
        break;
      case "2200D":
      case "2200E": {
        // A 277CA's patient is in 2100D; a 277's claim is the subscriber's (2200D) or the dependent's (2200E).
        const person =
          instance.loop.id === "2200E" || this.kind === "277CA" ? this.dependent : this.subscriber;
        this.claim = {
          patientControlNumber: "",
          traceNumber: "",
          patient: { ...(this.kind === "277CA" ? this.subscriber : person) },
          provider: { ...this.provider },
          statuses: [],
          lines: [],
          position: seg.position(),
        };
        break;
      }
      case "2220D":
      case "2220E":
        if (this.claim) {
          this.line = {
            qualifier: "",
            code: "",
            modifiers: [],
            charge: "",
            statuses: [],
            position: seg.position(),
          };
          this.claim.lines.push(this.line);
        }
        break;
    }
  }

  private closed(instance: LoopInstance): void {
    switch (instance.loop.id) {
      case "2200B":
      case "2200C":
        if (this.batch) this.report?.batches.push(this.batch);
        this.batch = undefined;
        break;
      case "2200D":
      case "2200E":
        if (this.claim) {
          this.claim.patientControlNumber ||= this.claim.traceNumber;
          this.report?.claims.push(this.claim);
        }
        this.claim = undefined;
        this.line = undefined;
        break;
      case "2220D":
      case "2220E":
        this.line = undefined;
        break;
    }
  }
}

type SegmentHandler = (reader: Status277TransactionReader, seg: SegmentView) => void;

function personOf(seg: SegmentView): Person {
  const person: Person = {};
  if (seg.has(3)) person.lastName = seg.element(3);
  if (seg.has(4)) person.firstName = seg.element(4);
  if (seg.has(9)) person.memberId = seg.element(9);
  return person;
}

function partyOf(seg: SegmentView): { name?: string; idQualifier?: string; id?: string } {
  const party: { name?: string; idQualifier?: string; id?: string } = {};
  if (seg.has(3)) party.name = seg.has(4) ? `${seg.element(4)} ${seg.element(3)}` : seg.element(3);
  if (seg.has(8)) party.idQualifier = seg.element(8);
  if (seg.has(9)) party.id = seg.element(9);
  return party;
}

const batchHandlers = (loop: "2200B" | "2200C"): Record<string, SegmentHandler> => ({
  [`${loop}/TRN`]: (r, seg) => {
    if (r.batch && seg.has(2)) r.batch.traceNumber = seg.element(2);
  },
  [`${loop}/STC`]: (r, seg) => {
    r.batch?.statuses.push(statusInfo(seg));
  },
  [`${loop}/QTY`]: (r, seg) => {
    const batch = r.batch;
    const quantity = quantityFromX12(seg.element(2));
    if (!batch || quantity === undefined) return;
    if (seg.elementIs(1, "90") || seg.elementIs(1, "QA")) batch.acceptedQuantity = quantity;
    else batch.rejectedQuantity = quantity;
  },
  [`${loop}/AMT`]: (r, seg) => {
    const batch = r.batch;
    const amount = money(seg.element(2));
    if (!batch || amount === undefined) return;
    if (seg.elementIs(1, "YU")) batch.acceptedAmount = amount;
    else batch.rejectedAmount = amount;
  },
});

const claimHandlers = (claimLoop: string, lineLoop: string): Record<string, SegmentHandler> => ({
  [`${claimLoop}/TRN`]: (r, seg) => {
    if (r.claim) r.claim.traceNumber = seg.element(2);
  },
  [`${claimLoop}/STC`]: (r, seg) => {
    r.claim?.statuses.push(statusInfo(seg));
  },
  [`${claimLoop}/REF`]: (r, seg) => {
    const claim = r.claim;
    if (!claim || !seg.has(2)) return;
    const value = seg.element(2);
    if (seg.elementIs(1, "1K")) claim.payerClaimControlNumber = value;
    else if (seg.elementIs(1, "D9")) claim.clearinghouseTraceNumber = value;
    else if (seg.elementIs(1, "EJ")) claim.patientControlNumber = value;
  },
  [`${claimLoop}/DTP`]: (r, seg) => {
    const claim = r.claim;
    if (!claim) return;
    const { from, through } = period(seg.element(3));
    if (from) claim.serviceFrom = from;
    if (through) claim.serviceThrough = through;
  },
  [`${lineLoop}/SVC`]: (r, seg) => {
    const line = r.line;
    if (!line) return;
    line.qualifier = seg.component(1, 1);
    line.code = seg.component(1, 2);
    for (let c = 3; c <= 6; c++) {
      const modifier = seg.component(1, c);
      if (modifier) line.modifiers.push(modifier);
    }
    line.charge = money(seg.element(2)) ?? "";
    if (seg.has(3)) {
      const paid = money(seg.element(3));
      if (paid !== undefined) line.paid = paid;
    }
    const units = seg.has(7) ? quantityFromX12(seg.element(7)) : undefined;
    if (units !== undefined) line.units = units;
  },
  [`${lineLoop}/STC`]: (r, seg) => {
    r.line?.statuses.push(statusInfo(seg));
  },
  [`${lineLoop}/REF`]: (r, seg) => {
    if (r.line && seg.has(2)) r.line.controlNumber = seg.element(2);
  },
  [`${lineLoop}/DTP`]: (r, seg) => {
    const from = period(seg.element(3)).from;
    if (r.line && from) r.line.serviceDate = from;
  },
});

const commonHandlers: Record<string, SegmentHandler> = {
  "2100A/NM1": (r, seg) => {
    if (r.report) r.report.source = partyOf(seg);
  },
  "2100B/NM1": (r, seg) => {
    if (!r.report) return;
    const party = partyOf(seg);
    r.report.receiver = {
      ...(party.name !== undefined ? { name: party.name } : {}),
      ...(party.id !== undefined ? { id: party.id } : {}),
    };
  },
  "2100C/NM1": (r, seg) => {
    r.provider = partyOf(seg);
  },
  "2100D/NM1": (r, seg) => {
    r.subscriber = personOf(seg);
  },
};

const handlers277ca = handlerTable(compiled277ca, {
  ...commonHandlers,
  "2200A/DTP": (r, seg) => {
    const date = isoFromX12Date(seg.element(3));
    if (!r.report || !date) return;
    if (seg.elementIs(1, "050")) r.report.receivedDate = date;
    else r.report.processDate = date;
  },
  ...batchHandlers("2200B"),
  ...batchHandlers("2200C"),
  ...claimHandlers("2200D", "2220D"),
} satisfies Record<string, SegmentHandler>);

const handlers277 = handlerTable(compiled277, {
  ...commonHandlers,
  "2100E/NM1": (r, seg) => {
    r.dependent = personOf(seg);
  },
  ...claimHandlers("2200D", "2220D"),
  ...claimHandlers("2200E", "2220E"),
} satisfies Record<string, SegmentHandler>);

function handlerFactory(output: Output277) {
  return (context: TransactionContext): TransactionHandler | string => {
    if (context.set !== "277") {
      return `transaction set ${JSON.stringify(context.set)} is not a 277; this reader reads 277CA claim acknowledgments (005010X214) and 277 claim status responses (005010X212)`;
    }
    // Without GS08 or ST03 the set is read as a 277CA, the acknowledgment of claims sent.
    if (context.version === "" || context.version === guide277ca.version)
      return new Status277TransactionReader("277CA", output);
    if (context.version === guide277.version) return new Status277TransactionReader("277", output);
    return `277 version ${JSON.stringify(context.version)} is not read; cleanclaim reads ${guide277ca.version} (277CA) and ${guide277.version} (277) (ST03)`;
  };
}

/**
 * Reads a 277CA (005010X214) or a 277 claim status response (005010X212), whichever each
 * transaction set says it is (ST03, else GS08): the batch statuses, and each claim with its
 * patient control number, payer claim control number, status codes and lines. Never
 * throws on bad input.
 */
export function parse277(input: X12Input): Parse277Result {
  const reports: ClaimStatusReport[] = [];
  const findings: Finding[] = [];
  const output: Output277 = { report: (r) => reports.push(r), finding: (f) => findings.push(f) };
  const interchange = new InterchangeReader({ handlerFor: handlerFactory(output), finding: output.finding });
  const tokenizer = new SegmentTokenizer(interchange);
  tokenizer.push(input);
  tokenizer.end();
  interchange.end();
  return { reports, findings };
}
