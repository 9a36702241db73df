/**
 * An implementation guide as data, the way pyx12 keeps its maps: loops of segments of
 * elements, each with its usage, repeat limit, length and code list. One walker
 * (walker.ts) validates every transaction set against such a table; the tables live
 * in guide-837p.ts and guide-835.ts.
 */

/** R required, S situational, N not used (present = error). */
export type Usage = "R" | "S" | "N";

/**
 * X12 data element types. `period` is DTP03/DTM: a date (D8) or a date range (RD8),
 * as the qualifier in the element before it says.
 */
export type ValueType = "AN" | "ID" | "R" | "N0" | "DT" | "TM" | "period";

export interface ValueRule {
  name: string;
  usage: Usage;
  type: ValueType;
  min: number;
  max: number;
  codes: ReadonlySet<string> | undefined;
  /**
   * The codes as numbers (length and bytes, for codes of up to 4 characters): the checker
   * compares an element in place instead of cutting a string out for a Set lookup.
   */
  codeKeys: ReadonlySet<number> | undefined;
  /** The same keys as a short list when there are few: a few compares beat a Set lookup. */
  codeKeyList: readonly number[] | undefined;
  /** `type` as a small integer for the checker's switch (see `valueKind`). */
  kind: number;
  /**
   * How a value in a not-used (N) element is reported: an error, except where the guide
   * tolerates it (835 ST03: "not used", so its presence is only a warning).
   */
  notUsedSeverity: "error" | "warning";
}

/** Value kinds, as the checker switches on them. */
export const valueKind = { text: 0, code: 1, decimal: 2, whole: 3, date: 4, time: 5, period: 6 } as const;

function kindOf(type: ValueType, codes: readonly string[] | undefined): number {
  switch (type) {
    case "R":
      return valueKind.decimal;
    case "N0":
      return valueKind.whole;
    case "DT":
      return valueKind.date;
    case "TM":
      return valueKind.time;
    case "period":
      return valueKind.period;
    default:
      return codes ? valueKind.code : valueKind.text;
  }
}

/** A short code as one number: its length, then its character codes in base 256. */
export function codeKey(text: string, start: number, end: number): number {
  let key = end - start;
  for (let i = start; i < end; i++) key = key * 256 + text.charCodeAt(i);
  return key;
}

/**
 * A simple element, or a composite when `components` is set. Every rule object has all
 * fields (undefined when unused): one object shape keeps the checker's property loads fast.
 */
export interface ElementRule extends ValueRule {
  components: readonly ValueRule[] | undefined;
}

export interface SegmentRule {
  id: string;
  name: string;
  usage: "R" | "S";
  max: number;
  /** Which element (or component) tells this segment apart from others with the same id. */
  qualifier: Qualifier | undefined;
  /** Element rules in order (index 0 is XX01); undefined when only the qualifier is checked. */
  elements: readonly ElementRule[] | undefined;
  /** Position of the last required element: absent elements after it need no look. */
  lastRequired: number;
  /** The standard's relational conditions (P, R, E, C, L) on this segment's elements. */
  syntax: readonly SyntaxRule[];
}

/**
 * An X12 relational condition between elements of one segment, as the standard writes it
 * (ASC X12 005010 segment directory, "syntax notes"; X12.6 section 3.5.3): `P0809` says
 * NM108 and NM109 come together.
 * - P paired: if any is present, all are.
 * - R required: at least one is present.
 * - E exclusion: at most one is present.
 * - C conditional: if the first is present, all the others are.
 * - L list conditional: if the first is present, at least one of the others is.
 */
export interface SyntaxRule {
  kind: "P" | "R" | "E" | "C" | "L";
  /** Element positions (1-based), in the rule's order. */
  elements: readonly number[];
  /** The rule as the standard writes it, e.g. "P0809". */
  text: string;
  /**
   * Bit k set: the k-th element of the rule is required (R) or not used (N) in this
   * segment's element rules. Filled in when a guide is compiled, so that the checker does
   * not report again what the element rules report (a missing R, a present N).
   */
  required: number;
  notUsed: number;
}

/** Parses "P0809", "L050607", "R03050608" into a rule. */
export function syntaxRule(text: string): SyntaxRule {
  const kind = text[0];
  const digits = text.slice(1);
  if (
    (kind !== "P" && kind !== "R" && kind !== "E" && kind !== "C" && kind !== "L") ||
    !/^(\d\d){2,}$/.test(digits)
  ) {
    throw new Error(`not an X12 syntax rule: ${text}`);
  }
  const elements: number[] = [];
  for (let i = 0; i < digits.length; i += 2) elements.push(Number(digits.slice(i, i + 2)));
  return { kind, elements, text, required: 0, notUsed: 0 };
}

/**
 * The syntax rules as they apply to one segment's element rules: each with its R and N
 * bits, and without those that can never be violated unreported by the element rules
 * (a pair of required elements, a condition on a not-used element). Fewer rules, less
 * work per segment.
 */
function syntaxFor(rules: readonly SyntaxRule[], elements: readonly ElementRule[]): SyntaxRule[] {
  const out: SyntaxRule[] = [];
  for (const rule of rules) {
    let required = 0;
    let notUsed = 0;
    rule.elements.forEach((n, k) => {
      const usage = elements[n - 1]?.usage ?? "S";
      if (usage === "R") required |= 1 << k;
      if (usage === "N") notUsed |= 1 << k;
    });
    const all = (1 << rule.elements.length) - 1;
    const situational = all & ~required & ~notUsed;
    const otherSituational = situational & ~1;
    let useful: boolean;
    switch (rule.kind) {
      case "P": // one present, a situational one missing (a missing R or a present N is reported already)
        useful = situational !== 0 && popcount(all & ~notUsed) >= 2;
        break;
      case "R": // any R element makes it hold or be reported; all N would contradict the guide
        useful = required === 0 && situational !== 0;
        break;
      case "E":
        useful = popcount(all & ~notUsed) >= 2;
        break;
      case "C": // the first present (not N), a situational other missing
        useful = (notUsed & 1) === 0 && otherSituational !== 0;
        break;
      default: // L: the first present, none of the others; an R other is present or reported
        useful = (notUsed & 1) === 0 && (required & ~1) === 0 && otherSituational !== 0;
    }
    if (useful) out.push({ ...rule, required, notUsed });
  }
  return out;
}

function popcount(bits: number): number {
  let count = 0;
  for (let b = bits; b !== 0; b &= b - 1) count++;
  return count;
}

export interface Qualifier {
  element: number;
  /** Set when the qualifier is a component (HI01-1). */
  component: number | undefined;
  codes: readonly string[];
}

export interface LoopRule {
  id: string;
  name: string;
  usage: "R" | "S";
  max: number;
  /** The first segment starts (triggers) the loop. */
  segments: readonly SegmentRule[];
  loops?: readonly LoopRule[];
  /** The trigger's element that numbers the repeats 1, 2, 3… within the parent loop (2400 LX01). */
  sequence?: number;
}

export interface TransactionGuide {
  /** ST03 / GS08, e.g. 005010X222A1. */
  version: string;
  /** ST01, e.g. 837. */
  transactionSet: string;
  /** GS01, e.g. HC. */
  functionalGroup: string;
  /** Used in finding references. */
  reference: string;
  /** The table-1 header loop: ST, BHT/BPR..., then the loops. */
  header: LoopRule;
  /** Element and syntax rules by segment id, applied to every segment of that id. */
  shapes: Readonly<Record<string, SegmentShape>>;
}

const unbounded = Number.MAX_SAFE_INTEGER;
/** ">1" in the guides: no limit. */
export const many = unbounded;

function value(
  name: string,
  usage: Usage,
  type: ValueType,
  min: number,
  max: number,
  codes: readonly string[] | undefined,
): ElementRule {
  const keyed = codes?.every((code) => code.length <= 4) === true;
  const keys = keyed ? codes.map((code) => codeKey(code, 0, code.length)) : undefined;
  return {
    name,
    usage,
    type,
    min,
    max,
    codes: codes ? new Set(codes) : undefined,
    codeKeys: keys ? new Set(keys) : undefined,
    codeKeyList: keys && keys.length <= 8 ? keys : undefined,
    kind: kindOf(type, codes),
    notUsedSeverity: "error",
    components: undefined,
  };
}

/** Required element. */
export function R(
  name: string,
  type: ValueType,
  min: number,
  max: number,
  codes?: readonly string[],
): ElementRule {
  return value(name, "R", type, min, max, codes);
}

/** Situational element. */
export function S(
  name: string,
  type: ValueType,
  min: number,
  max: number,
  codes?: readonly string[],
): ElementRule {
  return value(name, "S", type, min, max, codes);
}

/** Element the guide marks "not used". */
export function N(name = "not used"): ElementRule {
  return value(name, "N", "AN", 0, 0, undefined);
}

/** A not-used element whose presence the guide tolerates: reported as a warning, not an error. */
export function tolerated(name: string): ElementRule {
  const rule = N(name);
  rule.notUsedSeverity = "warning";
  return rule;
}

export function composite(usage: Usage, name: string, components: readonly ValueRule[]): ElementRule {
  // Assigned, not spread: a spread copy would get another hidden class than simple elements.
  const rule = value(name, usage, "AN", 1, 1, undefined);
  rule.components = components;
  return rule;
}

export function segment(
  id: string,
  name: string,
  usage: "R" | "S",
  max: number,
  elements?: readonly ElementRule[],
  qualifier?: { element: number; component?: number; codes: readonly string[] },
): SegmentRule {
  const lastRequired = elements ? lastRequiredOf(elements) : 0;
  return {
    id,
    name,
    usage,
    max,
    qualifier: qualifier
      ? { element: qualifier.element, component: qualifier.component, codes: qualifier.codes }
      : undefined,
    elements,
    lastRequired,
    syntax: [],
  };
}

function lastRequiredOf(elements: readonly ElementRule[]): number {
  return elements.reduce((last, e, i) => (e.usage === "R" ? i + 1 : last), 0);
}

/**
 * What the guide says of a segment id wherever it appears: its element rules (used where a
 * loop gives none of its own) and the standard's syntax rules (always). See segment-shapes.ts.
 */
export interface SegmentShape {
  elements: readonly ElementRule[];
  syntax: readonly SyntaxRule[];
}

/** A segment rule with the shape's element rules filled in where the loop gave none, and its syntax rules. */
function withShape(rule: SegmentRule, shape: SegmentShape | undefined): SegmentRule {
  if (!shape) return rule;
  const elements = rule.elements ?? shape.elements;
  // The same literal as segment() builds: one object shape keeps the checker's loads fast.
  return {
    id: rule.id,
    name: rule.name,
    usage: rule.usage,
    max: rule.max,
    qualifier: rule.qualifier,
    elements,
    lastRequired: lastRequiredOf(elements),
    syntax: syntaxFor(shape.syntax, elements),
  };
}

/** A segment told apart by the code in its first element (NM1*85, REF*EI, DTP*472). */
export function qualified(
  id: string,
  codes: readonly string[],
  name: string,
  usage: "R" | "S",
  max: number,
  elements?: readonly ElementRule[],
): SegmentRule {
  return segment(id, name, usage, max, elements, { element: 1, codes });
}

export function loop(
  id: string,
  name: string,
  usage: "R" | "S",
  max: number,
  segments: readonly SegmentRule[],
  loops?: readonly LoopRule[],
): LoopRule {
  return loops ? { id, name, usage, max, segments, loops } : { id, name, usage, max, segments };
}

/**
 * A loop whose trigger numbers its repeats: element `element` of the first segment must be
 * 1 in the first repeat within its parent loop, 2 in the second, and so on.
 */
export function numbered(rule: LoopRule, element: number): LoopRule {
  return { ...rule, sequence: element };
}

// ---- Compiled form: what the walker uses at run time --------------------------------

export interface CompiledSegment {
  rule: SegmentRule;
  loop: CompiledLoop;
  index: number;
  /** Position group: segments with the same id next to each other share one (the standard orders by position, not qualifier). */
  order: number;
  /** "2300/CLM": the key transaction readers attach their handlers to. */
  key: string;
  /** Index in `CompiledGuide.segments`, so readers keep their handlers in an array. */
  slot: number;
}

/**
 * One way to place a segment, seen from a loop: `up` loops are closed first. `qualifier`
 * is the placed segment's (its own, or the child loop trigger's), kept here so that
 * trying a placement touches one object.
 */
export type Placement =
  | { kind: "segment"; up: number; qualifier: Qualifier | undefined; target: CompiledSegment }
  | { kind: "loop"; up: number; qualifier: Qualifier | undefined; target: CompiledLoop };

export interface CompiledLoop {
  rule: LoopRule;
  id: string;
  depth: number;
  parent: CompiledLoop | undefined;
  /** Index among the parent's child loops. */
  childIndex: number;
  /** Index of this loop in its guide, for per-loop tables such as the walker's instance pools. */
  poolIndex: number;
  /** The trigger element that must count the repeats (see `numbered`); 0 when none. */
  sequence: number;
  segments: CompiledSegment[];
  children: CompiledLoop[];
  /** The R segments and R child loops, checked when the loop closes. */
  requiredSegments: CompiledSegment[];
  requiredChildren: CompiledLoop[];
  /** Segment id → placements, nearest first. Precomputed, so one Map lookup places a segment. */
  placements: Map<string, Placement[]>;
  /** Segment id → how to choose among its placements by the qualifier's value. */
  placers: Map<string, Placer>;
}

/**
 * The placements of one segment id from one loop, with the choice precomputed: when every
 * qualified placement reads its qualifier at the same element (and component) and every
 * code fits a code key, the first placement that fits a value is one Map lookup of the
 * value's key. Otherwise (`byCode` undefined) the placements are tried in order.
 */
export interface Placer {
  list: Placement[];
  element: number;
  /** 0 for a simple element. */
  component: number;
  byCode: Map<number, Placement> | undefined;
  /** The first placement without a qualifier: what any other value (or an absent one) gets. */
  otherwise: Placement | undefined;
}

function placerOf(list: Placement[]): Placer {
  let element = 0;
  let component = 0;
  let keyed = true;
  for (const placement of list) {
    const qualifier = placement.qualifier;
    if (!qualifier) continue;
    const c = qualifier.component ?? 0;
    if (element === 0) {
      element = qualifier.element;
      component = c;
    } else if (element !== qualifier.element || component !== c) keyed = false;
    if (qualifier.codes.some((code) => code.length > 4)) keyed = false;
  }
  const otherwise = list.find((placement) => !placement.qualifier);
  if (!keyed || element === 0) return { list, element, component, byCode: undefined, otherwise };
  const byCode = new Map<number, Placement>();
  for (const placement of list) {
    for (const code of placement.qualifier?.codes ?? []) {
      const key = codeKey(code, 0, code.length);
      if (byCode.has(key)) continue;
      // The first placement that takes this code: a qualified one that lists it, or an unqualified one before it.
      const first = list.find((p) => !p.qualifier || p.qualifier.codes.includes(code));
      if (first) byCode.set(key, first);
    }
  }
  return { list, element, component, byCode, otherwise };
}

export interface CompiledGuide {
  guide: TransactionGuide;
  header: CompiledLoop;
  /** Every segment id the guide knows, to tell "misplaced" from "unknown". */
  knownIds: ReadonlySet<string>;
  /** Every segment rule of every loop, by slot. */
  segments: readonly CompiledSegment[];
  /** Number of loops (the range of `CompiledLoop.poolIndex`). */
  loopCount: number;
}

/**
 * Attaches one handler per "loop/segment" key: a reader's table of what it takes from
 * each segment, looked up by slot at run time (no string compares on the hot path).
 */
export function handlerTable<H>(
  compiled: CompiledGuide,
  handlers: Readonly<Record<string, H>>,
): Array<H | undefined> {
  for (const key of Object.keys(handlers)) {
    if (!compiled.segments.some((seg) => seg.key === key)) {
      throw new Error(`handler for ${key}, which is not a segment of ${compiled.guide.version}`);
    }
  }
  return compiled.segments.map((seg) => handlers[seg.key]);
}

/** Turns a guide table into the walker's lookup structures. */
export function compileGuide(guide: TransactionGuide): CompiledGuide {
  const knownIds = new Set<string>();
  const all: CompiledLoop[] = [];
  const segments: CompiledSegment[] = [];

  const build = (rule: LoopRule, parent: CompiledLoop | undefined, childIndex: number): CompiledLoop => {
    const compiled: CompiledLoop = {
      rule,
      id: rule.id,
      depth: parent ? parent.depth + 1 : 0,
      parent,
      childIndex,
      poolIndex: all.length,
      sequence: rule.sequence ?? 0,
      segments: [],
      children: [],
      requiredSegments: [],
      requiredChildren: [],
      placements: new Map(),
      placers: new Map(),
    };
    let order = 0;
    rule.segments.forEach((given, index) => {
      const segmentRule = withShape(given, guide.shapes[given.id]);
      knownIds.add(segmentRule.id);
      const previous = rule.segments[index - 1];
      if (previous && previous.id !== segmentRule.id) order++;
      const compiledSegment: CompiledSegment = {
        rule: segmentRule,
        loop: compiled,
        index,
        order,
        key: internalized(`${rule.id}/${segmentRule.id}`),
        slot: segments.length,
      };
      segments.push(compiledSegment);
      compiled.segments.push(compiledSegment);
    });
    all.push(compiled);
    (rule.loops ?? []).forEach((child, index) => {
      compiled.children.push(build(child, compiled, index));
    });
    return compiled;
  };
  const header = build(guide.header, undefined, 0);
  for (const compiled of all) {
    compiled.requiredSegments = compiled.segments.filter((seg) => seg.rule.usage === "R");
    compiled.requiredChildren = compiled.children.filter((child) => child.rule.usage === "R");
  }

  for (const compiled of all) {
    let up = 0;
    for (let level: CompiledLoop | undefined = compiled; level; level = level.parent, up++) {
      // A loop's segments come before its child loops (true of the 837P and 835), so once
      // inside a child only the child's own segments and loop triggers can follow.
      for (const seg of up === 0 ? level.segments : []) {
        // A loop's own trigger is placed by its parent (a new repeat), except for the header.
        if (seg.index === 0 && level.parent) continue;
        addPlacement(compiled.placements, seg.rule.id, {
          kind: "segment",
          up,
          qualifier: seg.rule.qualifier,
          target: seg,
        });
      }
      for (const child of level.children) {
        const trigger = child.segments[0];
        if (trigger) {
          addPlacement(compiled.placements, trigger.rule.id, {
            kind: "loop",
            up,
            qualifier: trigger.rule.qualifier,
            target: child,
          });
        }
      }
    }
  }
  for (const compiled of all) {
    for (const [id, list] of compiled.placements) compiled.placers.set(id, placerOf(list));
  }
  return { guide, header, knownIds, segments, loopCount: all.length };
}

function addPlacement(map: Map<string, Placement[]>, id: string, placement: Placement): void {
  const list = map.get(id);
  if (list) list.push(placement);
  else map.set(id, [placement]);
}

/** Builders switch on `key`; an internalized string compares with a case label by pointer. */
function internalized(text: string): string {
  const holder: Record<string, true> = {};
  holder[text] = true;
  return Object.keys(holder)[0] ?? text;
}
