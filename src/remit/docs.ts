import { expectedAdjustments, type RuleCandidate, reasonMappings } from "./reason-map.js";
import { describeTest } from "./resolve.js";

const cell = (text: string): string => text.replace(/\|/g, "\\|");

function candidateText(c: RuleCandidate): string {
  if (c.evidenceOnly) return `\`${c.rule}\` (only when the scrubber reports it)`;
  const when = (c.when ?? []).map(describeTest);
  return `\`${c.rule}\`${when.length ? ` when ${when.join(" and ")}` : ""}`;
}

/** The CARC-to-rule table of docs/remit.md, from the data the worklist uses (a test keeps them equal). */
export function reasonMapTable(): string {
  const rows = reasonMappings.map((m) => {
    const rules = m.candidates.length ? m.candidates.map(candidateText).join("; then ") : "none";
    const otherwise = [
      m.noRule ?? "",
      m.voidWhenWholeClaim ? "the whole claim with this reason: void (frequency 8)" : "",
    ]
      .filter(Boolean)
      .join("; ");
    return `| ${m.carc} | ${m.rarcs?.join(", ") ?? "any"} | ${cell(rules)} | ${cell(otherwise)} |`;
  });
  return [
    "| CARC | with remark code | rules tried, in order | when none applies |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** The expected-adjustment table of docs/remit.md. */
export function expectedTable(): string {
  const rows = expectedAdjustments.map((e) => {
    const when = (e.when ?? []).map(describeTest);
    return `| ${e.groups?.join(", ") ?? "any"} | ${e.carc} | ${e.role} | ${cell(e.why)}${when.length ? ` (when ${when.join(" and ")})` : ""} |`;
  });
  return ["| group | CARC | role | why it is not a denial |", "|---|---|---|---|", ...rows].join("\n");
}
