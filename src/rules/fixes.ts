import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import { formatCents, parseCents } from "../model/money.js";

type SplitOp = Extract<PatchOp, { op: "split-line" }>;

function patchKey(op: PatchOp): string {
  return JSON.stringify(op);
}

/**
 * Applies every fix of `findings` to a copy of the claim, in a safe order:
 * 1. code, modifier and pointer operations, in finding order (a patch repeated by
 *    several findings is applied once; within one fix, order matters: remove then add
 *    moves a modifier to the end);
 * 2. units: when rules disagree about a line, the fewest units win (never bill more than
 *    any rule allows); a line's charge scales with its units;
 * 3. splits (CQ/CO on part of a line's units): the moved units go on a new line right
 *    after the original, with their share of the charge and of the documented minutes; a
 *    line whose units another fix changed is not split (the next scrub judges it anew);
 * 4. line removals last; every patch index refers to the claim as scrubbed.
 * One pass can leave work for the next (adding GP can make two lines the same): fixClaim
 * repeats it until no fix is offered.
 *
 * A fix that sets the units of one line and removes another line of the same code and
 * date is a merge (duplicate-line, untimed-units): the documented minutes of the removed
 * line move to the kept one, so that the timed-units check still sees them. Minutes are
 * cleanclaim's documentation fields, not 837 data, so the patch vocabulary stays the contract's.
 */
export function applyFixes(claim: Claim, findings: readonly Finding[]): Claim {
  const lines: ClaimLine[] = claim.lines.map((l) => ({
    ...l,
    modifiers: [...l.modifiers],
    diagnosisPointers: [...l.diagnosisPointers],
  }));
  const applied = new Set<string>();
  const units = new Map<number, number>();
  const removals = new Set<number>();
  const splits = new Map<number, SplitOp>();
  for (const f of findings) {
    const patch = f.fix?.patch ?? [];
    mergeDocumentation(lines, patch, removals);
    const keys = patch.map(patchKey);
    patch.forEach((op, k) => {
      const line = lines[op.line];
      if (line === undefined || applied.has(keys[k]!)) return;
      switch (op.op) {
        case "add-modifier":
          if (!line.modifiers.includes(op.modifier)) line.modifiers.push(op.modifier);
          break;
        case "remove-modifier": {
          const at = line.modifiers.lastIndexOf(op.modifier);
          if (at >= 0) line.modifiers.splice(at, 1);
          break;
        }
        case "replace-code":
          line.code = op.code;
          break;
        case "set-pointers":
          line.diagnosisPointers = [...op.pointers];
          break;
        case "set-units":
          units.set(op.line, Math.min(op.units, units.get(op.line) ?? op.units));
          break;
        case "split-line":
          if (!splits.has(op.line)) splits.set(op.line, op);
          break;
        case "remove-line":
          removals.add(op.line);
          break;
      }
    });
    for (const key of keys) applied.add(key);
  }
  for (const [i, n] of units) setUnits(lines[i]!, n);
  const kept: ClaimLine[] = [];
  lines.forEach((line, i) => {
    if (removals.has(i)) return;
    kept.push(line);
    const split = splits.get(i);
    if (split && !units.has(i) && split.units < line.units) kept.push(splitOff(line, split));
  });
  return { ...claim, lines: kept };
}

/** Moves the split's units, their share of the charge and their minutes onto a new line. */
function splitOff(line: ClaimLine, split: SplitOp): ClaimLine {
  const cents = parseCents(line.charge);
  const movedCents = Math.floor((cents * split.units * 2 + line.units) / (2 * line.units));
  const moved: ClaimLine = {
    ...line,
    modifiers: line.modifiers.includes(split.modifier)
      ? [...line.modifiers]
      : [...line.modifiers, split.modifier],
    diagnosisPointers: [...line.diagnosisPointers],
    units: split.units,
    charge: formatCents(movedCents),
  };
  line.units -= split.units;
  // The two charges add up to the original: the remainder stays on the first line.
  line.charge = formatCents(cents - movedCents);
  delete moved.minutes;
  delete moved.assistantMinutes;
  if (split.minutes !== undefined) {
    moved.minutes = split.minutes;
    if (line.minutes !== undefined) line.minutes = Math.max(0, line.minutes - split.minutes);
  }
  if (split.assistantMinutes !== undefined) {
    moved.assistantMinutes = split.assistantMinutes;
    if (line.assistantMinutes !== undefined)
      line.assistantMinutes = Math.max(0, line.assistantMinutes - split.assistantMinutes);
  }
  return moved;
}

/** Moves the minutes of lines a fix removes onto the line of the same code and date whose units it sets. */
function mergeDocumentation(
  lines: ClaimLine[],
  patch: readonly PatchOp[],
  removed: ReadonlySet<number>,
): void {
  for (const op of patch) {
    if (op.op !== "remove-line" || removed.has(op.line)) continue;
    const gone = lines[op.line];
    if (gone === undefined) continue;
    const kept = patch.find(
      (o) =>
        o.op === "set-units" &&
        o.line !== op.line &&
        lines[o.line]?.code === gone.code &&
        lines[o.line]?.dateOfService === gone.dateOfService,
    );
    const into = kept && lines[kept.line];
    if (!into) continue;
    if (gone.minutes !== undefined) into.minutes = (into.minutes ?? 0) + gone.minutes;
    if (gone.assistantMinutes !== undefined)
      into.assistantMinutes = (into.assistantMinutes ?? 0) + gone.assistantMinutes;
    // Moved once: a second finding removing the same line must not move them again.
    delete gone.minutes;
    delete gone.assistantMinutes;
  }
}

/** Units change the line charge in proportion (rounded half-up to the cent). */
function setUnits(line: ClaimLine, units: number): void {
  if (line.units > 0 && units !== line.units) {
    const cents = parseCents(line.charge);
    line.charge = formatCents(Math.floor((cents * units * 2 + line.units) / (2 * line.units)));
  }
  line.units = units;
}

/** The most rounds fixClaim runs; real claims settle in two or three. */
export const maxFixRounds = 5;

/**
 * `--fix`: applies every safe fix, scrubs the result again with `rescrub`, and repeats
 * until no fix is offered (or a round changes nothing), so the claim written scrubs with
 * no further fix. A fix can uncover the next one: GP added to a line can make it the
 * same as another line, which duplicate-line then combines, which untimed-units then
 * holds to one unit.
 */
export function fixClaim(
  claim: Claim,
  findings: readonly Finding[],
  rescrub: (claim: Claim) => readonly Finding[],
): Claim {
  let current = applyFixes(claim, findings);
  for (let round = 1; round < maxFixRounds; round++) {
    const again = rescrub(current);
    if (!again.some((f) => f.fix !== undefined)) return current;
    const next = applyFixes(current, again);
    if (JSON.stringify(next) === JSON.stringify(current)) return current;
    current = next;
  }
  return current;
}
