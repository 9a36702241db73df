import type { Finding } from "../model/finding.js";
import { type CompiledSegment, compileGuide } from "./guide.js";
import { guide837p } from "./guide-837p.js";
import { InterchangeReader, type TransactionContext, type TransactionHandler } from "./interchange.js";
import type { SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input } from "./tokenizer.js";
import { GuideWalker, type LoopInstance } from "./walker.js";

/**
 * Where each segment of an 837P sits, by its position in its transaction set: its loop,
 * the guide's name for it and its elements, and the claims it belongs to. A 999 names an
 * error by segment position (IK3-02) and element position (IK4-01); this map turns that
 * back into "line 2 of claim V-1001, SV1-01-2 (procedure code)". A segment of a claim
 * (2300 and below) belongs to that claim, and to a line in 2400 and below; a segment of a
 * billing provider or subscriber level belongs to every claim under that level; a header
 * segment to every claim of the transaction set.
 */

export interface SegmentPlace {
  id: string;
  /** The loop the guide placed it in (2010AA); the enclosing loop when it was misplaced. */
  loop: string;
  /** The guide's name for the segment ("billing provider name"); undefined when misplaced. */
  name: string | undefined;
  /** The guide's names of its elements, element 1 first (composites by their own name). */
  elements: readonly string[];
  /** Components' names of each composite element, by element index (0-based). */
  components: ReadonlyArray<readonly string[] | undefined>;
  /** Indexes into the transaction set's `claims`. */
  claims: number[];
  /** 0-based line of the claim, for a segment in loop 2400 or below. */
  line: number | undefined;
}

export interface TransactionMap837 {
  /** ST02. */
  control: string;
  /** segments[k] is the segment at position k + 1 (ST is position 1). */
  segments: SegmentPlace[];
  /** CLM01 of each claim, in order. */
  claims: string[];
}

const compiled837 = compileGuide(guide837p);
const hierarchyLoops: ReadonlySet<string> = new Set(["2000A", "2000B", "2000C"]);

function loopOf(instance: LoopInstance): { claimLevel: boolean; lineLevel: boolean } {
  const id = instance.loop.id;
  return { claimLevel: id.startsWith("23") || id.startsWith("24"), lineLevel: id.startsWith("24") };
}

class MapReader implements TransactionHandler {
  private readonly walker: GuideWalker;
  private map: TransactionMap837 | undefined;
  /** The claim indexes of each open HL level, innermost last. */
  private readonly levels: number[][] = [];
  /** Every claim of the set: what a header segment belongs to. */
  private all: number[] = [];
  private claim = -1;
  private line = -1;
  private readonly done: (map: TransactionMap837) => void;

  constructor(done: (map: TransactionMap837) => void) {
    this.done = done;
    this.walker = new GuideWalker(compiled837, {
      opened: (instance, seg) => {
        const id = instance.loop.id;
        if (hierarchyLoops.has(id)) this.levels.push([]);
        else if (id === "2300" && this.map) {
          this.claim = this.map.claims.length;
          this.map.claims.push(seg.element(1));
          this.line = -1;
          this.all.push(this.claim);
          for (const level of this.levels) level.push(this.claim);
        } else if (id === "2400") this.line++;
      },
      segment: (instance, rule, seg) => this.place(instance, rule, seg),
      closed: (instance) => {
        if (hierarchyLoops.has(instance.loop.id)) this.levels.pop();
        else if (instance.loop.id === "2300") this.claim = -1;
      },
      finding: () => {},
    });
  }

  private place(instance: LoopInstance, rule: CompiledSegment | undefined, seg: SegmentView): void {
    const map = this.map;
    if (!map) return;
    const where = loopOf(instance);
    const elements = rule?.rule.elements ?? [];
    const place: SegmentPlace = {
      id: seg.id,
      loop: instance.loop.id,
      name: rule?.rule.name,
      elements: elements.map((e) => e.name),
      components: elements.map((e) => e.components?.map((c) => c.name)),
      // A level's list grows as its claims are read: shared, so it ends up complete.
      claims:
        where.claimLevel && this.claim >= 0
          ? [this.claim]
          : (this.levels[this.levels.length - 1] ?? this.all),
      line: where.lineLevel && this.line >= 0 ? this.line : undefined,
    };
    map.segments[seg.transactionSegment - 1] = place;
  }

  begin(st: SegmentView, context: TransactionContext): void {
    this.map = { control: context.control, segments: [], claims: [] };
    this.all = [];
    this.walker.begin(st);
  }

  segment(seg: SegmentView): void {
    this.walker.segment(seg);
  }

  end(se: SegmentView | undefined): void {
    this.walker.finish();
    const map = this.map;
    if (!map) return;
    // SE closes the set (the envelope reader checks it): it belongs to every claim.
    if (se) {
      map.segments[se.transactionSegment - 1] = {
        id: "SE",
        loop: "SE",
        name: "transaction set trailer",
        elements: ["number of included segments", "transaction set control number"],
        components: [],
        claims: this.all,
        line: undefined,
      };
    }
    this.done(map);
  }
}

/** The segment map of every 837P transaction set in the input, by ST02. */
export function map837(input: X12Input): Map<string, TransactionMap837> {
  const maps = new Map<string, TransactionMap837>();
  const ignore = (_: Finding) => {};
  const interchange = new InterchangeReader({
    handlerFor: (context) =>
      context.set === "837" ? new MapReader((m) => maps.set(m.control, m)) : "not an 837",
    finding: ignore,
  });
  const tokenizer = new SegmentTokenizer(interchange);
  tokenizer.push(input);
  tokenizer.end();
  interchange.end();
  return maps;
}
