import type { Finding } from "../model/finding.js";
import { describePosition, x12Finding } from "./findings.js";
import type { SegmentPosition, SegmentView } from "./segment.js";

interface OpenLevel {
  id: string;
  level: string;
  loop: string;
  /** HL04: "1" when the sender says children follow. */
  childCode: string;
  children: number;
  position: SegmentPosition;
}

/** The place of a finding about element `element` of an HL. */
const where = (loop: string, seg: SegmentView, element: number) => ({
  loop,
  segmentId: "HL",
  element,
  position: seg,
});

/** True when `text` is exactly `String(n)` for a whole number `n` >= 0, without allocating it. */
function isDecimalOf(text: string, n: number): boolean {
  const length = text.length;
  if (length > 15) return text === String(n);
  if (length === 0 || (length > 1 && text.charCodeAt(0) === 48)) return false;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    value = value * 10 + digit;
  }
  return value === n;
}

/**
 * Checks the HL hierarchy of one transaction set (SNIP type 1): HL01 counts up from 1,
 * HL02 names an open HL of the level above, and HL04 tells the truth about children.
 * Children follow their parent directly, so only the open chain is kept: memory stays
 * constant however many HLs the file has.
 */
export class HierarchyChecker {
  private readonly chain: OpenLevel[] = [];
  private readonly parentLevel: Readonly<Record<string, string>>;
  private readonly reference: string;
  private readonly report: (finding: Finding) => void;
  private expected = 1;

  /** `parentLevel` maps each level code to its parent's (837: 22 → 20, 23 → 22). */
  constructor(
    parentLevel: Readonly<Record<string, string>>,
    reference: string,
    report: (finding: Finding) => void,
  ) {
    this.parentLevel = parentLevel;
    this.reference = reference;
    this.report = report;
  }

  hl(seg: SegmentView, loop: string): void {
    const id = seg.element(1);
    const parentId = seg.element(2);
    const level = seg.element(3);
    if (!isDecimalOf(id, this.expected)) {
      this.report(
        x12Finding(
          where(loop, seg, 1),
          `HL01 is ${JSON.stringify(id)}; expected ${this.expected} (HL ids count up by one from 1 in each transaction set)`,
          {
            reference: this.reference,
          },
        ),
      );
    }
    const numeric = Number(id);
    this.expected =
      Number.isSafeInteger(numeric) && numeric >= this.expected ? numeric + 1 : this.expected + 1;

    const wantedParentLevel = this.parentLevel[level];
    // Close the levels this HL cannot be nested in: everything at or below its own depth.
    while (this.chain.length > 0) {
      const top = this.chain[this.chain.length - 1] as OpenLevel;
      if (wantedParentLevel !== undefined && top.level === wantedParentLevel) break;
      this.closeLevel();
    }
    const parent = this.chain[this.chain.length - 1];
    if (wantedParentLevel === undefined) {
      if (parentId !== "") {
        this.report(
          x12Finding(
            where(loop, seg, 2),
            `HL02 is ${JSON.stringify(parentId)}, but a level ${level} HL is the top of the hierarchy and has no parent`,
            {
              reference: this.reference,
            },
          ),
        );
      }
    } else if (!parent) {
      this.report(
        x12Finding(
          where(loop, seg, 2),
          `HL ${id} (level ${level}) needs a level ${wantedParentLevel} HL before it as its parent`,
          {
            reference: this.reference,
          },
        ),
      );
    } else if (parentId !== parent.id) {
      this.report(
        x12Finding(
          where(loop, seg, 2),
          `HL02 is ${JSON.stringify(parentId)}, but HL ${id} sits under HL ${parent.id} (level ${parent.level}, ${describePosition(parent.position)}); HL02 must name that parent`,
          { reference: this.reference },
        ),
      );
    }
    if (parent) parent.children++;
    this.chain.push({ id, level, loop, childCode: seg.element(4), children: 0, position: seg.position() });
  }

  /** Closes the hierarchy at SE. */
  finish(): void {
    while (this.chain.length > 0) this.closeLevel();
    this.expected = 1;
  }

  private closeLevel(): void {
    const level = this.chain.pop();
    if (!level) return;
    const place = { loop: level.loop, segmentId: "HL", element: 4, position: level.position };
    if (level.childCode === "1" && level.children === 0) {
      this.report(
        x12Finding(place, `HL ${level.id} says it has children (HL04 = 1), but no HL names it as parent`, {
          reference: this.reference,
        }),
      );
    } else if (level.childCode === "0" && level.children > 0) {
      this.report(
        x12Finding(
          place,
          `HL ${level.id} says it has no children (HL04 = 0), but ${level.children} HL name it as parent`,
          {
            reference: this.reference,
          },
        ),
      );
    }
  }
}
