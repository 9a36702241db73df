import type { ClaimLine } from "./claim.js";
import type { Fix, PatchOp } from "./finding.js";

/**
 * Lines as a person counts them. JSON indexes claim lines from 0 (`Finding.lines`, a
 * patch's `line`, contract §3); text for a person numbers them from 1, as the claim is
 * printed and as loop 2400's LX01 counts them (005010X222A1 2400 LX). Every text
 * renderer goes through these, so a person never sees a 0-based number.
 */
export function lineNumber(index: number): number {
  return index + 1;
}

/** "line 3 (97140)": the 1-based number, and the code when the claim is at hand. */
export function lineName(index: number, lines?: readonly Pick<ClaimLine, "code">[]): string {
  const code = lines?.[index]?.code;
  return `line ${lineNumber(index)}${code ? ` (${code})` : ""}`;
}

/** One patch operation in words, lines numbered from 1. */
export function describePatchOp(op: PatchOp, lines?: readonly Pick<ClaimLine, "code">[]): string {
  const line = lineName(op.line, lines);
  switch (op.op) {
    case "add-modifier":
      return `add modifier ${op.modifier} to ${line}`;
    case "remove-modifier":
      return `remove modifier ${op.modifier} from ${line}`;
    case "set-units":
      return `set the units of ${line} to ${op.units}`;
    case "replace-code":
      return `replace the code of ${line} with ${op.code}`;
    case "remove-line":
      return `remove ${line}`;
    case "set-pointers":
      return `point ${line} at diagnosis ${op.pointers.join(", ")}`;
    case "split-line":
      return `move ${op.units} unit${op.units === 1 ? "" : "s"} of ${line} to a new line right after it, with modifier ${op.modifier}`;
  }
}

/**
 * A fix as text for a person, rendered from its patch (the data), not from
 * `fix.description`, whose wording keeps the contract's 0-based line indexes (§3
 * example: "add modifier XS to line 2" for patch line 2).
 */
export function fixText(fix: Fix, lines?: readonly Pick<ClaimLine, "code">[]): string {
  if (fix.patch.length === 0) return fix.description;
  return fix.patch.map((op) => describePatchOp(op, lines)).join("; ");
}
