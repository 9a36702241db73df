import type { Finding } from "../model/finding.js";
import { compileGuide, type TransactionGuide } from "./guide.js";
import { InterchangeReader } from "./interchange.js";
import { SegmentTokenizer, type X12Input } from "./tokenizer.js";
import { GuideWalker } from "./walker.js";

/**
 * Checks every transaction set of the input against one guide (envelopes, loops,
 * segments, elements) and reads nothing out of it: what `x12 parse` does for a 276, and
 * how the tests check what the 276 writer writes.
 */
export function checkAgainstGuide(input: X12Input, guide: TransactionGuide): Finding[] {
  const compiled = compileGuide(guide);
  const findings: Finding[] = [];
  const report = (f: Finding) => findings.push(f);
  const interchange = new InterchangeReader({
    handlerFor: (context) => {
      if (context.set !== guide.transactionSet)
        return `transaction set ${JSON.stringify(context.set)} is not a ${guide.transactionSet} (${guide.version})`;
      const walker = new GuideWalker(compiled, {
        opened: () => {},
        segment: () => {},
        closed: () => {},
        finding: report,
      });
      return {
        begin: (st) => walker.begin(st),
        segment: (seg) => walker.segment(seg),
        end: () => walker.finish(),
      };
    },
    finding: report,
  });
  const tokenizer = new SegmentTokenizer(interchange);
  tokenizer.push(input);
  tokenizer.end();
  interchange.end();
  return findings;
}
