import type { IsoDate } from "../model/dates.js";
import type { Finding } from "../model/finding.js";
import type { ReferenceData } from "../reference/types.js";
import {
  type ExpectedAdjustment,
  expectedAdjustments,
  type LineTest,
  type ReasonMapping,
  type RuleCandidate,
  reasonMappings,
} from "./reason-map.js";

/** What is known of the adjusted line: from the submitted claim, or only from the remit line. */
export interface LineFacts {
  code: string | undefined;
  modifiers: readonly string[];
  units: number | undefined;
  /** Documented minutes; undefined when the line documents none (or the claim is unknown). */
  minutes: number | undefined;
  /** False without the submitted claim: then minutes and the credential are unknown, and tests on them fail. */
  fromClaim: boolean;
  credential: string | undefined;
  /** The line's date of service: the therapy code list is the one in force on it. */
  date: IsoDate | undefined;
}

type Reference = Pick<ReferenceData, "therapyCode">;

/** The line's row in the therapy code list in force on its date (none without a date). */
function therapyCodeOf(reference: Reference, line: LineFacts) {
  return line.code === undefined || line.date === undefined
    ? undefined
    : reference.therapyCode(line.code, line.date);
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

/** Each test, and how it reads in the worklist's "why this rule". */
const lineTests: {
  [K in LineTest["test"]]: {
    holds(t: Extract<LineTest, { test: K }>, line: LineFacts, reference: Reference): boolean;
    words(t: Extract<LineTest, { test: K }>, line: LineFacts): string;
    /** The test itself in words, for docs/remit.md. */
    doc(t: Extract<LineTest, { test: K }>): string;
  };
} = {
  "therapy-code-without": {
    holds: (t, l, r) =>
      l.code !== undefined &&
      therapyCodeOf(r, l)?.therapyClass !== undefined &&
      !l.modifiers.some((m) => t.modifiers.includes(m)),
    words: (t, l) => `${l.code} is a therapy code billed without ${list(t.modifiers)}`,
    doc: (t) => `a therapy code without ${list(t.modifiers)}`,
  },
  "has-modifier": {
    holds: (t, l) => l.modifiers.some((m) => t.modifiers.includes(m)),
    words: (t, l) => `the line carries ${l.modifiers.filter((m) => t.modifiers.includes(m)).join(" and ")}`,
    doc: (t) => `the line has ${list(t.modifiers)}`,
  },
  "lacks-modifier": {
    holds: (t, l) => !l.modifiers.some((m) => t.modifiers.includes(m)),
    words: (t) => `the line has no ${list(t.modifiers)}`,
    doc: (t) => `no ${list(t.modifiers)}`,
  },
  "code-in": {
    holds: (t, l) => l.code !== undefined && t.codes.includes(l.code),
    words: (_, l) => `the code is ${l.code}`,
    doc: (t) => `code ${list(t.codes)}`,
  },
  "rendered-by": {
    holds: (t, l) => l.credential !== undefined && t.credentials.includes(l.credential),
    words: (_, l) => `the rendering provider is a ${l.credential}`,
    doc: (t) => `rendered by a ${list(t.credentials)}`,
  },
  "untimed-units-over": {
    holds: (t, l, r) =>
      l.code !== undefined && therapyCodeOf(r, l)?.timing === "untimed" && (l.units ?? 0) > t.units,
    words: (_, l) => `${l.code} is untimed and was billed with ${l.units} units`,
    doc: (t) => `an untimed code over ${t.units} unit${t.units === 1 ? "" : "s"}`,
  },
  "timed-without-minutes": {
    holds: (_, l, r) =>
      l.fromClaim &&
      l.code !== undefined &&
      therapyCodeOf(r, l)?.timing === "timed" &&
      l.minutes === undefined,
    words: (_, l) => `${l.code} is a timed code and the line documents no minutes`,
    doc: () => "a timed code without documented minutes",
  },
  "therapy-code": {
    holds: (_, l, r) => l.code !== undefined && therapyCodeOf(r, l)?.therapyClass !== undefined,
    words: (_, l) => `${l.code} is a therapy code`,
    doc: () => "a therapy code",
  },
};

function testHolds(t: LineTest, line: LineFacts, reference: Reference): boolean {
  const entry = lineTests[t.test] as {
    holds(t: LineTest, line: LineFacts, reference: Reference): boolean;
  };
  return entry.holds(t, line, reference);
}

/** A test in words, without a line: "a therapy code without GP, GO or GN". */
export function describeTest(t: LineTest): string {
  const entry = lineTests[t.test] as { doc(t: LineTest): string };
  return entry.doc(t);
}

function testWords(t: LineTest, line: LineFacts): string {
  const entry = lineTests[t.test] as { words(t: LineTest, line: LineFacts): string };
  return entry.words(t, line);
}

const allHold = (tests: readonly LineTest[] | undefined, line: LineFacts, reference: Reference): boolean =>
  (tests ?? []).every((t) => testHolds(t, line, reference));

/** The first mapping row for this CARC whose remark codes (if it lists any) came with it. */
export function mappingFor(carc: string, remarks: readonly string[]): ReasonMapping | undefined {
  return reasonMappings.find(
    (m) => m.carc === carc && (!m.rarcs || m.rarcs.some((r) => remarks.includes(r))),
  );
}

/** The expected-adjustment row for this group and CARC on this line, if any. */
export function expectedFor(
  group: string,
  carc: string,
  line: LineFacts,
  reference: Reference,
): ExpectedAdjustment | undefined {
  return expectedAdjustments.find(
    (e) => e.carc === carc && (!e.groups || e.groups.includes(group)) && allHold(e.when, line, reference),
  );
}

export interface RuleChoice {
  mapping: ReasonMapping | undefined;
  rule: string | null;
  /** Why this rule, in words. */
  basis: string;
  /** The scrubber's finding for the rule on the line, when the claim is known. */
  finding: Finding | undefined;
}

/**
 * The rule that explains a CARC on a line: a candidate the scrubber reports on the line
 * wins (evidence); else the first candidate whose tests hold on the line; else none.
 * `findings` are the scrubber's findings that concern the line.
 */
export function chooseRule(
  carc: string,
  remarks: readonly string[],
  line: LineFacts,
  findings: readonly Finding[],
  reference: Reference,
  lineIndex: number | null,
): RuleChoice {
  const mapping = mappingFor(carc, remarks);
  const reason = `CARC ${carc}${mapping?.rarcs ? ` with ${mapping.rarcs.filter((r) => remarks.includes(r)).join("/")}` : ""}`;
  if (!mapping)
    return {
      mapping,
      rule: null,
      basis: `${reason}: no cleanclaim rule is mapped to it`,
      finding: undefined,
    };
  for (const candidate of mapping.candidates) {
    const finding = bestFinding(findings, candidate.rule, lineIndex);
    if (finding) {
      return {
        mapping,
        rule: candidate.rule,
        basis: `${reason}; the scrubber reports ${candidate.rule} on this line`,
        finding,
      };
    }
  }
  const chosen = mapping.candidates.find(
    (c: RuleCandidate) => !c.evidenceOnly && allHold(c.when, line, reference),
  );
  if (!chosen) {
    return {
      mapping,
      rule: null,
      basis: `${reason}: ${mapping.noRule ?? "no cleanclaim rule explains it"}`,
      finding: undefined,
    };
  }
  const because = (chosen.when ?? []).map((t) => testWords(t, line));
  return {
    mapping,
    rule: chosen.rule,
    basis: `${reason}${because.length ? `; ${because.join(", ")}` : ""}`,
    finding: undefined,
  };
}

/** Of a rule's findings on the line, the one whose fix patches this line comes first. */
function bestFinding(
  findings: readonly Finding[],
  rule: string,
  lineIndex: number | null,
): Finding | undefined {
  const own = findings.filter((f) => f.rule === rule && f.severity !== "info");
  if (lineIndex === null) return own[0];
  return (
    own.find((f) => f.fix?.patch.some((p) => p.line === lineIndex)) ??
    own.find((f) => f.lines.includes(lineIndex)) ??
    own.find((f) => f.lines.length === 0)
  );
}
