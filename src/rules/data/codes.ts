/**
 * Procedure code facts the rules use beyond the therapy code list (the policy table's
 * "therapy-code-list" figure), each with its source. Facts that coding and pricing share
 * live in src/reference/policy.
 */

/**
 * Re-evaluations: unlike initial evaluations, they are furnished under an existing plan
 * of care (Pub. 100-02 ch. 15 §220.3.C), so they need a certified plan like treatment.
 */
export const reEvaluationCodes: ReadonlySet<string> = new Set(["97164", "97168", "97172"]);

/**
 * Untimed codes on the therapy list that are nevertheless billed in several units:
 * "each additional" add-on codes and unlisted codes. Everything else untimed is one unit
 * per day whatever the minutes (Pub. 100-04 ch. 5 §20.2; code descriptors).
 */
export const untimedMultiUnitCodes: ReadonlySet<string> = new Set(["97598", "92608", "97139", "97799"]);
