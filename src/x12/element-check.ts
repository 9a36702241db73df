import type { Finding } from "../model/finding.js";
import { x12Finding } from "./findings.js";
import {
  codeKey,
  type ElementRule,
  type SegmentRule,
  type SyntaxRule,
  type ValueRule,
  valueKind,
} from "./guide.js";
import type { SegmentView } from "./segment.js";
import { isX12DateAt } from "./x12-date.js";

const pad = (n: number): string => String(n).padStart(2, "0");

/** "SV1-01-2 (procedure code)" */
function label(segmentId: string, element: number, component: number | undefined, name: string): string {
  return `${segmentId}-${pad(element)}${component === undefined ? "" : `-${component}`} (${name})`;
}

const show = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** Digits counted for the length of numeric types, where sign and decimal point do not count. */
function numericShape(text: string, start: number, end: number, decimal: boolean): number {
  let digits = 0;
  let point = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 45 && i === start) continue;
    else if (c === 46 && decimal && !point) point = true;
    else return -1;
  }
  return digits;
}

function isTime(text: string): boolean {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(text)) return false;
  return (
    Number(text.slice(0, 2)) < 24 && Number(text.slice(2, 4)) < 60 && Number(text.slice(4, 6) || "0") < 60
  );
}

function hasCode(rule: ValueRule, text: string, start: number, end: number): boolean {
  const list = rule.codeKeyList;
  if (list) {
    if (end - start > 4) return false;
    const key = codeKey(text, start, end);
    for (let k = 0; k < list.length; k++) if (list[k] === key) return true;
    return false;
  }
  const keys = rule.codeKeys;
  if (keys) return end - start <= 4 && keys.has(codeKey(text, start, end));
  return rule.codes?.has(text.slice(start, end)) ?? true;
}

/**
 * Checks one value (an element or a component) against its rule. Lengths and numbers are
 * checked on the buffer in place; a string is cut out only for code lists and dates.
 */
function checkValue(
  rule: ValueRule,
  seg: SegmentView,
  element: number,
  start: number,
  end: number,
): string | undefined {
  const text = seg.text;
  switch (rule.kind) {
    case valueKind.text: {
      // The common case first: a length, counted in characters.
      const length = seg.nonAscii ? seg.slice(start, end).length : end - start;
      if (length < rule.min || length > rule.max) {
        return `is ${length} characters long; expected ${rule.min === rule.max ? rule.min : `${rule.min} to ${rule.max}`}`;
      }
      break;
    }
    case valueKind.decimal:
    case valueKind.whole: {
      const digits = numericShape(text, start, end, rule.type === "R");
      if (digits <= 0) {
        return `is ${show(seg.slice(start, end))}; expected ${rule.type === "R" ? "a decimal number such as 45.5" : "a whole number"}`;
      }
      if (digits < rule.min || digits > rule.max) {
        return `has ${digits} digits; expected ${rule.min === rule.max ? rule.min : `${rule.min} to ${rule.max}`}`;
      }
      if (rule.codes && !hasCode(rule, text, start, end)) {
        return `is ${show(seg.slice(start, end))}; expected one of ${[...rule.codes].join(", ")}`;
      }
      break;
    }
    case valueKind.date: {
      if (!isX12DateAt(text, start, end, rule.max === 6)) {
        return `is ${show(seg.slice(start, end))}; expected a date as ${rule.max === 6 ? "YYMMDD" : "CCYYMMDD"}`;
      }
      break;
    }
    case valueKind.time: {
      const value = seg.slice(start, end);
      if (!isTime(value) || value.length < rule.min || value.length > rule.max) {
        return `is ${show(value)}; expected a time as HHMM`;
      }
      break;
    }
    case valueKind.period: {
      // The format qualifier is the element before: D8 a date, RD8 a range.
      if (seg.elementIs(element - 1, "D8")) {
        if (!isX12DateAt(text, start, end))
          return `is ${show(seg.slice(start, end))}; expected a date as CCYYMMDD (D8)`;
      } else if (seg.elementIs(element - 1, "RD8")) {
        const ok =
          end - start === 17 &&
          text.charCodeAt(start + 8) === 45 &&
          isX12DateAt(text, start, start + 8) &&
          isX12DateAt(text, start + 9, end) &&
          text.slice(start + 9, end) >= text.slice(start, start + 8);
        if (!ok) return `is ${show(seg.slice(start, end))}; expected a date range as CCYYMMDD-CCYYMMDD (RD8)`;
      }
      break;
    }
    default: {
      // A code list says more than a length: check it first.
      if (rule.codes) {
        if (!hasCode(rule, text, start, end)) {
          const value = seg.slice(start, end);
          const codes = [...rule.codes];
          const list = codes.length > 12 ? `${codes.slice(0, 12).join(", ")}, …` : codes.join(", ");
          return `is ${show(value)}; expected ${codes.length === 1 ? list : `one of ${list}`}`;
        }
        break;
      }
      const length = seg.nonAscii ? seg.slice(start, end).length : end - start;
      if (length < rule.min || length > rule.max) {
        return `is ${length} characters long; expected ${rule.min === rule.max ? rule.min : `${rule.min} to ${rule.max}`}`;
      }
    }
  }
  return undefined;
}

/**
 * Validates a segment's elements against its rule: required and not-used elements,
 * lengths, types and code values, components of composites (SNIP types 1 and 2).
 * It reads the tokenizer's offsets directly and allocates nothing unless it reports:
 * it runs on every segment of every file.
 */
export function checkElements(
  rule: SegmentRule,
  seg: SegmentView,
  loopId: string,
  reference: string,
  report: (finding: Finding) => void,
): void {
  const count = seg.elementCount;
  const starts = seg.starts;
  const segmentEnd = seg.end;
  const text = seg.text;
  const nonAscii = seg.nonAscii;
  if (count > 0 && (starts[count] as number) === segmentEnd) {
    report(
      x12Finding(
        { loop: loopId, segmentId: seg.id, element: count, position: seg },
        `${seg.id} ends with an empty element: remove the trailing separator`,
        { reference },
      ),
    );
  }
  const rules = rule.elements;
  if (!rules) return;
  const defined = rules.length;
  if (count > defined) tooManyElements(rule, seg, loopId, reference, report);
  const through = Math.min(defined, Math.max(count, rule.lastRequired ?? defined));
  for (let n = 1; n <= through; n++) {
    const elementRule = rules[n - 1] as ElementRule;
    const start = n <= count ? (starts[n] as number) : 0;
    const end = n < count ? (starts[n + 1] as number) - 1 : n === count ? segmentEnd : 0;
    if (end === start) {
      if (elementRule.usage === "R") report(missing(seg, loopId, reference, n, undefined, elementRule.name));
      continue;
    }
    if (elementRule.usage === "N") {
      report(
        x12Finding(
          { loop: loopId, segmentId: seg.id, element: n, position: seg },
          `${seg.id}-${pad(n)} is not used in this segment but holds ${show(seg.element(n))}; remove it`,
          { reference, severity: elementRule.notUsedSeverity },
        ),
      );
      continue;
    }
    const components = elementRule.components;
    if (!components) {
      // Plain text of the right length, the most common case, passes without a call.
      if (elementRule.kind === valueKind.text && !nonAscii) {
        const length = end - start;
        if (length >= elementRule.min && length <= elementRule.max) continue;
      }
      const problem = checkValue(elementRule, seg, n, start, end);
      if (problem) report(invalid(seg, loopId, reference, n, undefined, elementRule.name, problem));
      continue;
    }
    // One pass over the composite: component c spans [from, to).
    const separator = seg.componentSeparator;
    let from = start;
    let c = 0;
    while (from <= end) {
      let to = from;
      while (to < end && text.charCodeAt(to) !== separator) to++;
      c++;
      const componentRule = components[c - 1];
      if (!componentRule) {
        let present = c;
        for (let k = to; k < end; k++) if (text.charCodeAt(k) === separator) present++;
        report(
          x12Finding(
            { loop: loopId, segmentId: seg.id, element: n, component: c, position: seg },
            `${label(seg.id, n, undefined, elementRule.name)} has ${present} components; at most ${components.length}`,
            { reference },
          ),
        );
        break;
      }
      if (to === from) {
        if (componentRule.usage === "R") report(missing(seg, loopId, reference, n, c, componentRule.name));
      } else if (componentRule.usage === "N") {
        report(
          x12Finding(
            { loop: loopId, segmentId: seg.id, element: n, component: c, position: seg },
            `${seg.id}-${pad(n)}-${c} is not used but holds ${show(seg.slice(from, to))}; remove it`,
            { reference },
          ),
        );
      } else {
        const problem = checkValue(componentRule, seg, n, from, to);
        if (problem) report(invalid(seg, loopId, reference, n, c, componentRule.name, problem));
      }
      from = to + 1;
    }
    for (let k = c + 1; k <= components.length; k++) {
      const componentRule = components[k - 1] as ValueRule;
      if (componentRule.usage === "R") report(missing(seg, loopId, reference, n, k, componentRule.name));
    }
  }
}

function missing(
  seg: SegmentView,
  loop: string,
  reference: string,
  element: number,
  component: number | undefined,
  name: string,
): Finding {
  return x12Finding(
    { loop, segmentId: seg.id, element, component, position: seg },
    `${label(seg.id, element, component, name)} is required but missing`,
    { reference },
  );
}

function invalid(
  seg: SegmentView,
  loop: string,
  reference: string,
  element: number,
  component: number | undefined,
  name: string,
  problem: string,
): Finding {
  return x12Finding(
    { loop, segmentId: seg.id, element, component, position: seg },
    `${label(seg.id, element, component, name)} ${problem}`,
    { reference },
  );
}

function tooManyElements(
  rule: SegmentRule,
  seg: SegmentView,
  loop: string,
  reference: string,
  report: (finding: Finding) => void,
): void {
  const defined = rule.elements?.length ?? 0;
  for (let n = defined + 1; n <= seg.elementCount; n++) {
    if (seg.has(n)) {
      report(
        x12Finding(
          { loop, segmentId: seg.id, element: n, position: seg },
          `${seg.id} has ${seg.elementCount} elements; ${rule.name} (${seg.id}) has at most ${defined}`,
          { reference },
        ),
      );
      return;
    }
  }
}

/** Element `n` is present and not empty, read from the tokenizer's offsets. */
function present(seg: SegmentView, n: number): boolean {
  const count = seg.elementCount;
  if (n > count) return false;
  const start = seg.starts[n] as number;
  const end = n < count ? (seg.starts[n + 1] as number) - 1 : seg.end;
  return end > start;
}

/**
 * Checks the standard's relational conditions between a segment's elements (P paired,
 * R required, E exclusion, C conditional, L list conditional; X12.6 section 3.5.3, and
 * the "syntax notes" of each segment in the 005010 segment directory). What the element
 * rules already report (a required element missing, a not-used one present) is not
 * reported twice: the rule's R and N bits say which elements those are. Allocates
 * nothing unless it reports.
 */
export function checkSyntax(
  rule: SegmentRule,
  seg: SegmentView,
  loopId: string,
  reference: string,
  report: (finding: Finding) => void,
): void {
  const rules = rule.syntax;
  for (let k = 0; k < rules.length; k++) {
    const syntax = rules[k] as SyntaxRule;
    const elements = syntax.elements;
    const length = elements.length;
    let bits = 0;
    for (let i = 0; i < length; i++) if (present(seg, elements[i] as number)) bits |= 1 << i;
    // A present N is reported by the element rules; the syntax rule does not count it.
    if ((bits & syntax.notUsed) !== 0) continue;
    const all = (1 << length) - 1;
    const situational = all & ~syntax.required & ~syntax.notUsed;
    switch (syntax.kind) {
      case "P": {
        const missing = situational & ~bits;
        if (bits === 0 || missing === 0) break;
        const at = elements[lowestBit(missing)] as number;
        const given = elements[lowestBit(bits)] as number;
        report(
          syntaxFinding(
            seg,
            loopId,
            reference,
            at,
            syntax,
            `${name(seg, at)} is missing: ${list(seg, elements)} are paired, so ${name(seg, given)} needs it`,
          ),
        );
        break;
      }
      case "R": {
        if (bits !== 0) break;
        report(
          syntaxFinding(
            seg,
            loopId,
            reference,
            elements[0] as number,
            syntax,
            `at least one of ${list(seg, elements)} is required`,
          ),
        );
        break;
      }
      case "E": {
        if (popcount(bits) < 2) break;
        const firstAt = lowestBit(bits);
        const second = elements[lowestBit(bits & ~(1 << firstAt))] as number;
        report(
          syntaxFinding(
            seg,
            loopId,
            reference,
            second,
            syntax,
            `${name(seg, elements[firstAt] as number)} and ${name(seg, second)} exclude each other (${list(seg, elements)}: at most one); remove one`,
          ),
        );
        break;
      }
      case "C": {
        const missing = situational & ~bits & ~1;
        if ((bits & 1) === 0 || missing === 0) break;
        const at = elements[lowestBit(missing)] as number;
        report(
          syntaxFinding(
            seg,
            loopId,
            reference,
            at,
            syntax,
            `${name(seg, at)} is required when ${name(seg, elements[0] as number)} is present`,
          ),
        );
        break;
      }
      default: {
        if ((bits & 1) === 0 || (bits & ~1) !== 0) break;
        report(
          syntaxFinding(
            seg,
            loopId,
            reference,
            elements[1] as number,
            syntax,
            `${name(seg, elements[0] as number)} is present, so at least one of ${list(seg, elements.slice(1))} is required`,
          ),
        );
      }
    }
  }
}

function lowestBit(bits: number): number {
  return 31 - Math.clz32(bits & -bits);
}

function popcount(bits: number): number {
  let count = 0;
  for (let b = bits; b !== 0; b &= b - 1) count++;
  return count;
}

const name = (seg: SegmentView, n: number): string => `${seg.id}-${pad(n)}`;
const list = (seg: SegmentView, elements: readonly number[]): string =>
  elements.map((n) => name(seg, n)).join(", ");

function syntaxFinding(
  seg: SegmentView,
  loop: string,
  reference: string,
  element: number,
  syntax: SyntaxRule,
  problem: string,
): Finding {
  return x12Finding(
    { loop, segmentId: seg.id, element, position: seg },
    `${problem} (X12 syntax rule ${syntax.text})`,
    { reference },
  );
}
