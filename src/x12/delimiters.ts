/**
 * X12 delimiters. They are not fixed: every interchange declares its own in the ISA
 * header (ASC X12 standard, interchange control structure).
 */
export interface Delimiters {
  /** Separates elements: the byte right after "ISA". */
  element: string;
  /** Separates the components of a composite element: ISA16. */
  component: string;
  /** Separates repeats of an element: ISA11 from version 00501 on; undefined when ISA11 is a code (00401 "U"). */
  repetition: string | undefined;
  /** Ends a segment: the byte right after ISA16. */
  segment: string;
}

/** What most senders use, and what the writer emits by default. */
export const standardDelimiters: Delimiters = { element: "*", component: ":", repetition: "^", segment: "~" };

/** The fixed length of an ISA segment, terminator included. */
export const isaLength = 106;

export type IsaReading =
  | { kind: "ok"; delimiters: Delimiters /** bytes from "I" to the terminator, inclusive */; length: number }
  | { kind: "need-more" }
  | { kind: "unreadable"; problem: string };

const isAlphanumeric = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** True when `bytes` holds "ISA" followed by a delimiter at `at`. */
export function isIsaAt(bytes: Uint8Array, at: number, end: number): boolean {
  return (
    at + 3 < end &&
    bytes[at] === 73 &&
    bytes[at + 1] === 83 &&
    bytes[at + 2] === 65 &&
    !isAlphanumeric(bytes[at + 3] as number)
  );
}

/**
 * Reads the delimiters of the ISA starting at `at`. It counts element separators
 * instead of trusting the fixed offsets, so that a sender who did not pad ISA06/ISA08
 * is still read (and told about it by the envelope check).
 */
export function readIsaDelimiters(bytes: Uint8Array, at: number, end: number, final: boolean): IsaReading {
  const element = bytes[at + 3] as number;
  const separators: number[] = [];
  // A sane ISA is 106 bytes; allow slack for unpadded or overlong fields before giving up.
  const limit = Math.min(end, at + 400);
  for (let p = at + 3; p < limit && separators.length < 16; p++) {
    if (bytes[p] === element) separators.push(p);
  }
  const sixteenth = separators[15];
  if (sixteenth === undefined || sixteenth + 2 >= end) {
    if (!final && end - at < 400) return { kind: "need-more" };
    return { kind: "unreadable", problem: "the ISA header has fewer than 16 elements" };
  }
  const component = bytes[sixteenth + 1] as number;
  const segment = bytes[sixteenth + 2] as number;
  const repetitionStart = (separators[10] as number) + 1;
  const repetitionEnd = separators[11] as number;
  const repetitionByte = repetitionEnd - repetitionStart === 1 ? (bytes[repetitionStart] as number) : -1;

  const named: Array<[string, number]> = [
    ["element separator", element],
    ["component separator (ISA16)", component],
    ["segment terminator", segment],
  ];
  for (const [name, code] of named) {
    if (isAlphanumeric(code) || code === 32) {
      return {
        kind: "unreadable",
        problem: `the ${name} is ${JSON.stringify(String.fromCharCode(code))}; delimiters must not be letters, digits or spaces`,
      };
    }
  }
  if (new Set([element, component, segment]).size < 3) {
    return {
      kind: "unreadable",
      problem: `the element separator, component separator and segment terminator must differ (got ${JSON.stringify(
        String.fromCharCode(element, component, segment),
      )})`,
    };
  }
  const repetition =
    repetitionByte >= 0 &&
    !isAlphanumeric(repetitionByte) &&
    repetitionByte !== 32 &&
    repetitionByte !== element &&
    repetitionByte !== component &&
    repetitionByte !== segment
      ? String.fromCharCode(repetitionByte)
      : undefined;
  return {
    kind: "ok",
    delimiters: {
      element: String.fromCharCode(element),
      component: String.fromCharCode(component),
      repetition,
      segment: String.fromCharCode(segment),
    },
    length: sixteenth + 3 - at,
  };
}

/**
 * Guesses delimiters for a file that does not start with ISA (a bare ST..SE, as some
 * payers' portals export). The element separator follows the first segment id; the
 * segment terminator is "~" when the text has one, else a line break.
 */
export function guessDelimiters(bytes: Uint8Array, at: number, end: number): Delimiters | undefined {
  let p = at;
  while (p < end && p - at < 3 && isAlphanumeric(bytes[p] as number)) p++;
  if (p - at < 2 || p >= end) return undefined;
  const element = bytes[p] as number;
  if (element === 10 || element === 13 || element === 32 || isAlphanumeric(element)) return undefined;
  const window = Math.min(end, at + 65_536);
  let segment = 10;
  for (let q = p; q < window && element !== 126; q++) {
    if (bytes[q] === 126) {
      segment = 126;
      break;
    }
  }
  if (segment === element) return undefined;
  const component = element === 58 ? ">" : ":";
  return {
    element: String.fromCharCode(element),
    component,
    repetition: element === 94 ? undefined : "^",
    segment: String.fromCharCode(segment),
  };
}
