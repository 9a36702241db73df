import type { Problem, ProblemCode, ProblemIssue } from "../model/problem.js";

/**
 * The CLI's reading of the core's problems: the core names run options by domain path
 * (`pricing.locality`) and never a flag; here they become the flags a user types, and a
 * problem code gets the hint that fixes it on the command line.
 */
export const optionFlags: Readonly<Record<string, string>> = Object.freeze({
  "pricing.year": "--year",
  "pricing.locality": "--locality",
  "pricing.zip": "--zip",
  "pricing.deductibleRemaining": "--deductible-remaining",
  asOf: "--as-of",
});

/** What to type to get past a problem, per code (only where the command line can fix it). */
export const problemHints: Readonly<Partial<Record<ProblemCode, string>>> = Object.freeze({
  "locality-unknown": "give --locality MAC-LL with a locality of that table, or --locality national",
  "invalid-reference-file":
    "give the CMS file as published (or its zip archive); `cleanclaim data status` lists what is loaded",
  "reference-data": "`cleanclaim data status` lists the editions loaded; re-import the edition named",
});

/** The issue's path as the user knows it: a flag for a run option, else as given. */
export function issuePath(issue: Pick<ProblemIssue, "path">): string | undefined {
  if (issue.path === undefined) return undefined;
  return optionFlags[issue.path] ?? issue.path;
}

/** One issue as a line of text: "--locality: locality 09102-05 is not in ...; give --locality MAC-LL ...". */
export function issueText(issue: ProblemIssue): string {
  const path = issuePath(issue);
  const hint = problemHints[issue.code];
  return `${path ? `${path}: ` : ""}${issue.message}${hint ? `; ${hint}` : ""}`;
}

/**
 * The lines to print on stderr for a problem: one for a single issue (the problem's own
 * message when its path is not a run option, so file names and positions stay as the core
 * wrote them), else a count and every issue (up to 50), so a user fixes a file in one pass.
 */
export function problemLines(problem: Problem): string[] {
  const where = problem.source ? `${problem.source}: ` : "";
  const issues = problem.issues;
  if (issues.length <= 1) {
    const issue = issues[0];
    if (issue === undefined) return [problem.message];
    const hint = problemHints[issue.code];
    const flag = issue.path === undefined ? undefined : optionFlags[issue.path];
    const text = flag ? `${where}${issueText(issue)}` : `${problem.message}${hint ? `; ${hint}` : ""}`;
    return [text];
  }
  const lines = [`${where}${issues.length} problems`];
  for (const issue of issues.slice(0, 50)) lines.push(`  ${issueText(issue)}`);
  if (issues.length > 50) lines.push(`  ... and ${issues.length - 50} more`);
  return lines;
}
