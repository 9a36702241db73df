import type { Finding } from "../model/finding.js";
import type {
  Acknowledgment999,
  AckVerdict,
  Parse999Result,
  SegmentNote,
  TransactionSetAck,
} from "./acknowledgment.js";
import { compileGuide, handlerTable } from "./guide.js";
import { guide999 } from "./guide-999.js";
import { InterchangeReader, type TransactionContext, type TransactionHandler } from "./interchange.js";
import type { SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input } from "./tokenizer.js";
import { GuideWalker } from "./walker.js";

const compiled999 = compileGuide(guide999);

/** IK501 and AK901 in cleanclaim's words: M, W and X are rejections too (MAC, assurance, decryption). */
export function verdictOf(code: string): AckVerdict {
  if (code === "A") return "accepted";
  if (code === "E") return "accepted-with-errors";
  if (code === "P") return "partially-accepted";
  return "rejected";
}

/** A whole number, or undefined when the text is not one (the walker reports it). */
const count = (text: string): number | undefined => (/^\d{1,15}$/.test(text) ? Number(text) : undefined);

/** The codes in elements `from`..`to` that are present. */
function codes(seg: SegmentView, from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) if (seg.has(n)) out.push(seg.element(n));
  return out;
}

interface Output999 {
  acknowledgment(a: Acknowledgment999): void;
  finding(f: Finding): void;
}

/** Reads the body of one 999 transaction set. */
class Ack999TransactionReader implements TransactionHandler {
  private readonly output: Output999;
  private readonly walker: GuideWalker;
  ack: Acknowledgment999 | undefined;
  set: TransactionSetAck | undefined;
  note: SegmentNote | undefined;

  constructor(output: Output999) {
    this.output = output;
    this.walker = new GuideWalker(compiled999, {
      opened: () => {},
      segment: (_instance, rule, seg) => {
        const handler = rule ? handlers999[rule.slot] : undefined;
        if (handler) handler(this, seg);
      },
      closed: (instance) => {
        if (instance.loop.id === "2100") this.note = undefined;
      },
      finding: (finding) => output.finding(finding),
    });
  }

  begin(st: SegmentView, context: TransactionContext): void {
    this.ack = {
      transaction: context.control,
      group: { functionalId: "", control: "", version: "" },
      sets: [],
      code: "",
      verdict: "rejected",
      counts: {},
      errors: [],
      position: st.position(),
    };
    this.walker.begin(st);
  }

  segment(seg: SegmentView): void {
    this.walker.segment(seg);
  }

  end(): void {
    this.walker.finish();
    if (this.ack) this.output.acknowledgment(this.ack);
  }
}

type SegmentHandler = (reader: Ack999TransactionReader, seg: SegmentView) => void;

/** What cleanclaim takes from each 999 segment, by "loop/segment". */
const segmentHandlers: Record<string, SegmentHandler> = {
  "HEADER/AK1": (r, seg) => {
    if (!r.ack) return;
    r.ack.group = { functionalId: seg.element(1), control: seg.element(2), version: seg.element(3) };
  },
  "2000/AK2": (r, seg) => {
    if (!r.ack) return;
    const set: TransactionSetAck = {
      set: seg.element(1),
      control: seg.element(2),
      code: "",
      verdict: "rejected",
      errors: [],
      segments: [],
      position: seg.position(),
    };
    if (seg.has(3)) set.version = seg.element(3);
    r.ack.sets.push(set);
    r.set = set;
    r.note = undefined;
  },
  "2100/IK3": (r, seg) => {
    if (!r.set) return;
    const note: SegmentNote = {
      segmentId: seg.element(1),
      segmentPosition: count(seg.element(2)) ?? 0,
      contexts: [],
      elements: [],
      position: seg.position(),
    };
    if (seg.has(3)) note.loop = seg.element(3);
    if (seg.has(4)) note.code = seg.element(4);
    r.set.segments.push(note);
    r.note = note;
  },
  "2100/CTX": (r, seg) => {
    const note = r.note;
    if (!note) return;
    const name = seg.component(1, 1);
    if (name === "CLM01") {
      note.patientControlNumber = seg.component(1, 2);
      return;
    }
    if (name !== "SITUATIONAL TRIGGER") return;
    const context: SegmentNote["contexts"][number] = { name };
    if (seg.has(2)) context.segmentId = seg.element(2);
    const position = count(seg.element(3));
    if (position !== undefined) context.segmentPosition = position;
    if (seg.has(4)) context.loop = seg.element(4);
    const element = count(seg.component(5, 1));
    if (element !== undefined) context.element = element;
    note.contexts.push(context);
  },
  "2110/IK4": (r, seg) => {
    const note = r.note;
    if (!note) return;
    const element = count(seg.component(1, 1)) ?? 0;
    const entry: SegmentNote["elements"][number] = {
      element,
      code: seg.element(3),
      position: seg.position(),
    };
    const component = count(seg.component(1, 2));
    if (component !== undefined) entry.component = component;
    const repeat = count(seg.component(1, 3));
    if (repeat !== undefined) entry.repeat = repeat;
    if (seg.has(2)) entry.dataElement = seg.element(2);
    if (seg.has(4)) entry.badValue = seg.element(4);
    note.elements.push(entry);
  },
  "2000/IK5": (r, seg) => {
    const set = r.set;
    if (!set) return;
    set.code = seg.element(1);
    set.verdict = verdictOf(set.code);
    set.errors = codes(seg, 2, 6);
    r.set = undefined;
    r.note = undefined;
  },
  "HEADER/AK9": (r, seg) => {
    const ack = r.ack;
    if (!ack) return;
    ack.code = seg.element(1);
    ack.verdict = verdictOf(ack.code);
    const counts: Acknowledgment999["counts"] = {};
    const included = count(seg.element(2));
    const received = count(seg.element(3));
    const accepted = count(seg.element(4));
    if (included !== undefined) counts.included = included;
    if (received !== undefined) counts.received = received;
    if (accepted !== undefined) counts.accepted = accepted;
    ack.counts = counts;
    ack.errors = codes(seg, 5, 9);
  },
};

const handlers999 = handlerTable(compiled999, segmentHandlers);

function handlerFactory(output: Output999) {
  return (context: TransactionContext): TransactionHandler | string => {
    if (context.set !== "999") {
      return `transaction set ${JSON.stringify(context.set)} is not a 999; this reader reads 999 acknowledgments (005010X231A1)`;
    }
    if (context.version !== "" && context.version !== guide999.version) {
      return `999 version ${JSON.stringify(context.version)} is not read; cleanclaim reads ${guide999.version} (ST03)`;
    }
    return new Ack999TransactionReader(output);
  };
}

/**
 * Reads a 999 (005010X231A1): one acknowledgment per transaction set, each with the
 * verdict on every transaction set it names and the segments and elements in error, with
 * findings for syntax and guide problems. Never throws on bad input.
 */
export function parse999(input: X12Input): Parse999Result {
  const acknowledgments: Acknowledgment999[] = [];
  const findings: Finding[] = [];
  const output: Output999 = {
    acknowledgment: (a) => acknowledgments.push(a),
    finding: (f) => findings.push(f),
  };
  const interchange = new InterchangeReader({ handlerFor: handlerFactory(output), finding: output.finding });
  const tokenizer = new SegmentTokenizer(interchange);
  tokenizer.push(input);
  tokenizer.end();
  interchange.end();
  return { acknowledgments, findings };
}
