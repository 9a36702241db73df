/**
 * The code ranges of the bundled pack. The therapy code list itself (timed/untimed,
 * always/sometimes, evaluation discipline) is policy data: the "therapy-code-list" figure of
 * the policy table (src/reference/policy/bundled-policy.json, docs/policy-figures.md).
 */

/**
 * Ranges of the bundled pack (issue 2): physical medicine 97010-97799, chiropractic
 * 98940-98943, G0281-G0283 and G0329, speech-language pathology 92507-92526, 92597 and
 * 92607-92609, and the office E/M codes a chiropractor or physician bills with them.
 */
export const packRanges: ReadonlyArray<readonly [string, string]> = [
  ["97010", "97799"],
  ["98940", "98943"],
  ["G0281", "G0283"],
  ["G0329", "G0329"],
  ["92507", "92526"],
  ["92597", "92597"],
  ["92607", "92609"],
  ["99202", "99205"],
  ["99211", "99215"],
];

/** True when the bundled pack carries the code's RVUs and edits. */
export function isPackCode(code: string): boolean {
  return packRanges.some(
    ([from, through]) => code.length === 5 && code >= from && code <= through && code[0] === from[0],
  );
}
