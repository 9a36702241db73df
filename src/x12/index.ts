/**
 * cleanclaim's X12 library: read and write 837P (005010X222A1), read 835
 * (005010X221A1), read the acknowledgments in between (999 005010X231A1, 277CA
 * 005010X214, 277 005010X212) and write the 276 status request. It knows nothing of the
 * CLI, HTTP or UI; problems come back as positioned findings (`2400/SV1-01-2` plus the
 * segment number), never as exceptions.
 */
import type { Finding } from "../model/finding.js";
import type { Parse277Result, Parse999Result } from "./acknowledgment.js";
import { checkAgainstGuide } from "./check-guide.js";
import { x12Finding } from "./findings.js";
import { guide276, guide277 } from "./guide-277.js";
import { guide277ca } from "./guide-277ca.js";
import { parse277 } from "./read277.js";
import { parse835, parse835Stream } from "./read835.js";
import { type Parse837Options, type Parse837Result, parse837, parse837Stream } from "./read837.js";
import { parse999 } from "./read999.js";
import type { Parse835Result } from "./remittance.js";
import type { SegmentView } from "./segment.js";
import { SegmentTokenizer, type X12Input, type X12Source } from "./tokenizer.js";

export type * from "./acknowledgment.js";
export { checkAgainstGuide } from "./check-guide.js";
export { type Delimiters, standardDelimiters } from "./delimiters.js";
export { x12Location } from "./findings.js";
export { guide276, guide277 } from "./guide-277.js";
export { guide277ca } from "./guide-277ca.js";
export { guide999 } from "./guide-999.js";
export { isValidNpi } from "./npi.js";
export { map837, type SegmentPlace, type TransactionMap837 } from "./positions837.js";
export { parse277 } from "./read277.js";
export { parse835, parse835Stream } from "./read835.js";
export type {
  ClaimEntry,
  ClaimPosition,
  LinePosition,
  Parse837Options,
  Parse837Result,
} from "./read837.js";
export { parse837, parse837Stream } from "./read837.js";
export { parse999, verdictOf } from "./read999.js";
export type {
  Parse835Result,
  ProviderAdjustment,
  RemitAdjustment,
  RemitClaim,
  RemitServiceLine,
  Remittance,
} from "./remittance.js";
export type { Segment, SegmentPosition } from "./segment.js";
export {
  SegmentTokenizer,
  type TokenizerSink,
  tokenize,
  tokenizeStream,
  type X12Input,
  type X12Source,
} from "./tokenizer.js";
export { write276 } from "./write276.js";
export {
  claimIssuesFor837,
  type Envelope837,
  type Receiver,
  type Submitter,
  write837,
  write837Stream,
} from "./write837.js";

/** Which transaction a file holds. */
export type X12Kind = "837P" | "835" | "999" | "277CA" | "277" | "276";

/** What parseX12 returns: the reader's result for the kind it found. */
export type X12Document =
  | ({ kind: "837P" } & Parse837Result)
  | ({ kind: "835" } & Parse835Result)
  | ({ kind: "999" } & Parse999Result)
  | ({ kind: "277CA" | "277" } & Parse277Result)
  | { kind: "276"; findings: Finding[] }
  | { kind: "unknown"; findings: Finding[] };

/** A 277 is a claim acknowledgment (005010X214) or a status response (005010X212): ST03, else GS08. */
function kind277(version: string): X12Kind {
  return version === guide277.version ? "277" : "277CA";
}

/** How much of the start of a file is enough to find its first ST or GS. */
const detectionWindow = 65_536;

/**
 * Tells the transaction a file holds by the first ST01 (837, 835, 999, 277, 276; a 277 by
 * ST03 or GS08: 005010X214 is a 277CA, 005010X212 a status response), else by the GS08
 * version or GS01 (HC, HP, FA, HN, HR). Reads only the start of the input.
 */
export function detectX12Kind(start: X12Input): X12Kind | undefined {
  let kind: X12Kind | undefined;
  let groupHint: X12Kind | undefined;
  let groupVersion = "";
  let decided = false;
  const tokenizer = new SegmentTokenizer({
    segment(seg: SegmentView) {
      if (decided) return;
      if (seg.id === "ST") {
        if (seg.elementIs(1, "837")) kind = "837P";
        else if (seg.elementIs(1, "835")) kind = "835";
        else if (seg.elementIs(1, "999")) kind = "999";
        else if (seg.elementIs(1, "277")) kind = kind277(seg.element(3) || groupVersion);
        else if (seg.elementIs(1, "276")) kind = "276";
        decided = true;
      } else if (seg.id === "GS" && !groupHint) {
        const version = seg.element(8);
        groupVersion = version;
        if (version.includes("X222") || seg.elementIs(1, "HC")) groupHint = "837P";
        else if (version.includes("X221") || seg.elementIs(1, "HP")) groupHint = "835";
        else if (version.includes("X231") || seg.elementIs(1, "FA")) groupHint = "999";
        else if (version === guide277ca.version) groupHint = "277CA";
        else if (seg.elementIs(1, "HN")) groupHint = kind277(version);
        else if (seg.elementIs(1, "HR")) groupHint = "276";
      }
    },
    finding() {},
  });
  const window =
    typeof start === "string" ? start.slice(0, detectionWindow) : start.subarray(0, detectionWindow);
  tokenizer.push(window);
  if (window.length === start.length) tokenizer.end();
  return kind ?? groupHint;
}

function unknownDocument(input: X12Input): X12Document {
  // The 837 reader's syntax findings tell the caller what is wrong with the input.
  const { findings } = parse837(input);
  const notFound = x12Finding(
    { loop: "ST", segmentId: "ST", element: 1, position: undefined },
    "no 837, 835, 999, 277 or 276 transaction set found (ST01); cleanclaim reads 837P claims, 835 remittances, 999 and 277CA acknowledgments and 276/277 claim status",
  );
  return { kind: "unknown", findings: [notFound, ...findings] };
}

/** Reads an 837P, 835, 999, 277CA, 277 or 276, whichever the input holds. */
export function parseX12(input: X12Input, options: Parse837Options = {}): X12Document {
  const kind = detectX12Kind(input);
  switch (kind) {
    case "837P":
      return { kind, ...parse837(input, options) };
    case "835":
      return { kind, ...parse835(input) };
    case "999":
      return { kind, ...parse999(input) };
    case "277CA":
    case "277":
      return { kind, ...parse277(input) };
    case "276":
      return { kind, findings: checkAgainstGuide(input, guide276) };
    default:
      return unknownDocument(input);
  }
}

/**
 * Streams an 837P or an 835: looks at the first chunks to tell which, then yields the
 * reader's batches, each tagged with the kind.
 */
export async function* parseX12Stream(
  source: X12Source,
  options: Parse837Options = {},
): AsyncGenerator<({ kind: "837P" } & Parse837Result) | ({ kind: "835" } & Parse835Result)> {
  const iterator =
    (source as AsyncIterable<string | Uint8Array>)[Symbol.asyncIterator]?.() ??
    toAsync((source as Iterable<string | Uint8Array>)[Symbol.iterator]());
  const seen: Array<string | Uint8Array> = [];
  let size = 0;
  let kind: X12Kind | undefined;
  let done = false;
  while (!kind && !done && size < detectionWindow) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
    kind = detectX12Kind(Buffer.concat(seen.map((c) => (typeof c === "string" ? Buffer.from(c) : c))));
  }
  async function* replay(): AsyncGenerator<string | Uint8Array> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (kind === "835") {
    for await (const batch of parse835Stream(replay())) yield { kind, ...batch };
    return;
  }
  // Unknown input goes to the 837 reader, whose findings say what is wrong with it.
  for await (const batch of parse837Stream(replay(), options)) yield { kind: "837P", ...batch };
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() };
}
