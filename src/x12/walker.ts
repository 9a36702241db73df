import type { Finding } from "../model/finding.js";
import { checkElements, checkSyntax } from "./element-check.js";
import { describePosition, x12Finding } from "./findings.js";
import {
  type CompiledGuide,
  type CompiledLoop,
  type CompiledSegment,
  codeKey,
  type Placement,
  type Qualifier,
} from "./guide.js";
import type { SegmentPosition, SegmentView } from "./segment.js";

/**
 * One open loop: counts of its segments and child loops, for repeat and required checks.
 * Instances are pooled and reused once closed, so keep none after `closed`.
 */
export interface LoopInstance {
  loop: CompiledLoop;
  segmentCounts: Int32Array;
  childCounts: Int32Array;
  /** Position group of the last segment seen, to catch segments out of order. */
  lastOrder: number;
  /** Where the loop starts (its trigger segment). */
  start: SegmentPosition;
  /** Indexes whose counts left zero, so a pooled instance is cleaned in a few steps. */
  touchedSegments: number[];
  touchedSegmentCount: number;
  touchedChildren: number[];
  touchedChildCount: number;
}

/** What a transaction builder receives from the walker. */
export interface WalkerSink {
  opened(instance: LoopInstance, seg: SegmentView): void;
  /** `rule` is undefined when the segment does not belong where it is (already reported). */
  segment(instance: LoopInstance, rule: CompiledSegment | undefined, seg: SegmentView): void;
  closed(instance: LoopInstance): void;
  finding(finding: Finding): void;
}

const afterChildren = Number.MAX_SAFE_INTEGER;

/**
 * Walks one transaction set (ST..SE) through its implementation guide: places each
 * segment in its loop, opens and closes loops, and reports unknown or misplaced
 * segments, repeats over the limit, missing required segments and loops, and element
 * problems. It never throws and never loses its place for long: an unplaceable
 * segment is reported and the walk continues in the same loop.
 */
export class GuideWalker {
  private readonly stack: LoopInstance[] = [];
  private readonly pools: LoopInstance[][];
  private readonly compiled: CompiledGuide;
  private readonly sink: WalkerSink;
  private readonly reference: string;
  private readonly report: (finding: Finding) => void;

  constructor(compiled: CompiledGuide, sink: WalkerSink) {
    this.compiled = compiled;
    this.pools = Array.from({ length: compiled.loopCount }, () => []);
    this.sink = sink;
    this.reference = compiled.guide.reference;
    this.report = (finding) => sink.finding(finding);
  }

  /** The innermost open loop. */
  get current(): LoopInstance | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Opens the header loop with ST. */
  begin(st: SegmentView): void {
    const header = this.compiled.header;
    const instance = this.open(header, st);
    const trigger = header.segments[0] as CompiledSegment;
    this.check(trigger, st);
    this.sink.segment(instance, trigger, st);
  }

  segment(seg: SegmentView): void {
    const stack = this.stack;
    const top = stack[stack.length - 1];
    if (!top) return;
    const placer = top.loop.placers.get(seg.id);
    if (placer) {
      const byCode = placer.byCode;
      if (byCode) {
        const key = qualifierKey(seg, placer.element, placer.component);
        const placement = key < 0 ? placer.otherwise : (byCode.get(key) ?? placer.otherwise);
        if (placement) {
          this.place(placement, seg);
          return;
        }
      } else {
        const placements = placer.list;
        for (let k = 0; k < placements.length; k++) {
          const placement = placements[k] as Placement;
          if (fits(placement.qualifier, seg)) {
            this.place(placement, seg);
            return;
          }
        }
      }
    }
    this.misplaced(top, seg, placer?.list);
  }

  /** Closes every open loop at SE (or at the end of a truncated file). */
  finish(): void {
    while (this.stack.length > 0) this.close();
  }

  private place(placement: Placement, seg: SegmentView): void {
    for (let k = 0; k < placement.up; k++) this.close();
    const parent = this.current as LoopInstance;
    if (placement.kind === "loop") {
      const child = placement.target;
      const repeats = (parent.childCounts[child.childIndex] as number) + 1;
      parent.childCounts[child.childIndex] = repeats;
      if (repeats === 1) parent.touchedChildren[parent.touchedChildCount++] = child.childIndex;
      parent.lastOrder = afterChildren;
      if (repeats === child.rule.max + 1) {
        this.report(
          x12Finding(
            { loop: child.id, segmentId: seg.id, position: seg },
            `loop ${child.id} (${child.rule.name}) repeats more than ${child.rule.max} time${child.rule.max === 1 ? "" : "s"} in its ${parent.loop.id} loop`,
            { reference: this.reference },
          ),
        );
      }
      if (child.sequence > 0) this.checkSequence(child, seg, repeats);
      const instance = this.open(child, seg);
      const trigger = child.segments[0] as CompiledSegment;
      this.check(trigger, seg);
      this.sink.segment(instance, trigger, seg);
      return;
    }
    const target = placement.target;
    const repeats = (parent.segmentCounts[target.index] as number) + 1;
    parent.segmentCounts[target.index] = repeats;
    if (repeats === 1) parent.touchedSegments[parent.touchedSegmentCount++] = target.index;
    if (repeats === target.rule.max + 1) {
      this.report(
        x12Finding(
          { loop: parent.loop.id, segmentId: seg.id, position: seg },
          `${describeRule(target)} repeats more than ${target.rule.max} time${target.rule.max === 1 ? "" : "s"} in loop ${parent.loop.id}`,
          { reference: this.reference },
        ),
      );
    }
    if (target.order < parent.lastOrder) {
      this.report(
        x12Finding(
          { loop: parent.loop.id, segmentId: seg.id, position: seg },
          `${seg.id} is out of order in loop ${parent.loop.id}: the guide puts it before the segments already seen${
            parent.lastOrder === afterChildren ? " and before the loop's child loops" : ""
          }; move it to its place in the loop`,
          { reference: this.reference },
        ),
      );
    } else {
      parent.lastOrder = target.order;
    }
    this.check(target, seg);
    this.sink.segment(parent, target, seg);
  }

  private misplaced(top: LoopInstance, seg: SegmentView, placements: Placement[] | undefined): void {
    let message: string;
    if (!this.compiled.knownIds.has(seg.id)) {
      message = `${seg.id} is not a segment of ${this.compiled.guide.version}`;
    } else if (placements) {
      const qualifiers = new Set<string>();
      for (const placement of placements) {
        const rule =
          placement.kind === "segment" ? placement.target.rule : placement.target.segments[0]?.rule;
        for (const code of rule?.qualifier?.codes ?? []) qualifiers.add(code);
      }
      const first = placements[0];
      const qualifier =
        first?.kind === "segment" ? first.target.rule.qualifier : first?.target.segments[0]?.rule.qualifier;
      const found =
        qualifier?.component === undefined
          ? seg.element(qualifier?.element ?? 1)
          : seg.component(qualifier.element, qualifier.component);
      message = `${seg.id} with qualifier ${JSON.stringify(found)} is not expected in loop ${top.loop.id} (${top.loop.rule.name}); qualifiers allowed from here: ${[...qualifiers].join(", ")}`;
    } else {
      message = `${seg.id} is not expected in loop ${top.loop.id} (${top.loop.rule.name}) or the loops around it`;
    }
    this.report(
      x12Finding({ loop: top.loop.id, segmentId: seg.id, position: seg }, message, {
        reference: this.reference,
      }),
    );
    this.sink.segment(top, undefined, seg);
  }

  private check(target: CompiledSegment, seg: SegmentView): void {
    const rule = target.rule;
    checkElements(rule, seg, target.loop.id, this.reference, this.report);
    if (rule.syntax.length > 0) checkSyntax(rule, seg, target.loop.id, this.reference, this.report);
  }

  /** The trigger's number (LX01) against the repeat it opens: 1, 2, 3… within the parent loop. */
  private checkSequence(loop: CompiledLoop, seg: SegmentView, repeat: number): void {
    const element = loop.sequence;
    if (element > seg.elementCount) return; // missing: the element check reports it
    const text = seg.text;
    const start = seg.starts[element] as number;
    const end = element < seg.elementCount ? (seg.starts[element + 1] as number) - 1 : seg.end;
    let value = 0;
    for (let i = start; i < end; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return; // not a number: the element check reports it
      value = value * 10 + digit;
    }
    if (end === start || value === repeat) return;
    this.report(
      x12Finding(
        { loop: loop.id, segmentId: seg.id, element, position: seg },
        `${seg.id}${String(element).padStart(2, "0")} is ${value}; expected ${repeat} (loop ${loop.id} repeats are numbered 1, 2, 3… in order within their ${loop.parent?.id ?? ""} loop)`,
        { reference: this.reference },
      ),
    );
  }

  private open(loop: CompiledLoop, seg: SegmentView): LoopInstance {
    // A file opens hundreds of thousands of loops: reuse closed instances instead of allocating.
    let instance = this.pools[loop.poolIndex]?.pop();
    if (instance) {
      instance.lastOrder = 0;
    } else {
      instance = {
        loop,
        segmentCounts: new Int32Array(loop.segments.length),
        childCounts: new Int32Array(loop.children.length),
        lastOrder: 0,
        start: { segment: 0, transactionSegment: 0, offset: 0 },
        touchedSegments: [],
        touchedSegmentCount: 0,
        touchedChildren: [],
        touchedChildCount: 0,
      };
    }
    instance.start.segment = seg.segment;
    instance.start.transactionSegment = seg.transactionSegment;
    instance.start.offset = seg.offset;
    instance.segmentCounts[0] = 1;
    instance.touchedSegments[instance.touchedSegmentCount++] = 0;
    this.stack.push(instance);
    this.sink.opened(instance, seg);
    return instance;
  }

  private close(): void {
    const instance = this.stack.pop();
    if (!instance) return;
    const loop = instance.loop;
    for (const seg of loop.requiredSegments) {
      if (instance.segmentCounts[seg.index] === 0) {
        this.report(
          x12Finding(
            { loop: loop.id, segmentId: seg.rule.id, position: instance.start },
            `loop ${loop.id} (${loop.rule.name}) that starts at ${describePosition(instance.start)} has no ${describeRule(seg)}, which is required`,
            { reference: this.reference },
          ),
        );
      }
    }
    for (const child of loop.requiredChildren) {
      if (instance.childCounts[child.childIndex] === 0) {
        const trigger = child.segments[0];
        this.report(
          x12Finding(
            { loop: child.id, segmentId: trigger?.rule.id ?? "", position: instance.start },
            `loop ${loop.id} that starts at ${describePosition(instance.start)} has no loop ${child.id} (${child.rule.name}), which is required`,
            { reference: this.reference },
          ),
        );
      }
    }
    this.sink.closed(instance);
    for (let k = 0; k < instance.touchedSegmentCount; k++)
      instance.segmentCounts[instance.touchedSegments[k] as number] = 0;
    for (let k = 0; k < instance.touchedChildCount; k++)
      instance.childCounts[instance.touchedChildren[k] as number] = 0;
    instance.touchedSegmentCount = 0;
    instance.touchedChildCount = 0;
    this.pools[loop.poolIndex]?.push(instance);
  }
}

/**
 * The code key of the qualifier value at `element` (and `component` when not 0), read in
 * place on the latin1 text; 0 when absent or empty (the key of ""), -1 when longer than
 * any code key, so that no code matches it.
 */
function qualifierKey(seg: SegmentView, element: number, component: number): number {
  if (element > seg.elementCount) return 0;
  const text = seg.text;
  let start = seg.starts[element] as number;
  let end = element < seg.elementCount ? (seg.starts[element + 1] as number) - 1 : seg.end;
  if (component > 0) {
    const separator = seg.componentSeparator;
    for (let k = 1; k < component; k++) {
      while (start < end && text.charCodeAt(start) !== separator) start++;
      if (start >= end) return 0;
      start++;
    }
    let stop = start;
    while (stop < end && text.charCodeAt(stop) !== separator) stop++;
    end = stop;
  }
  if (end - start > 4) return -1;
  return codeKey(text, start, end);
}

/** True when the segment carries one of the qualifier's codes (or there is no qualifier). */
function fits(qualifier: Qualifier | undefined, seg: SegmentView): boolean {
  if (!qualifier) return true;
  const codes = qualifier.codes;
  if (qualifier.component === undefined) {
    for (let k = 0; k < codes.length; k++)
      if (seg.elementIs(qualifier.element, codes[k] as string)) return true;
    return false;
  }
  return codes.includes(seg.component(qualifier.element, qualifier.component));
}

function describeRule(seg: CompiledSegment): string {
  const qualifier = seg.rule.qualifier;
  const code = qualifier && qualifier.codes.length === 1 ? `*${qualifier.codes[0]}` : "";
  return `${seg.rule.id}${code} (${seg.rule.name})`;
}
