/**
 * Medicare chiropractic coverage facts (Pub. 100-02 ch. 15 §240), as data.
 */

/** Spinal CMT, the only chiropractic services Medicare covers (Pub. 100-02 ch. 15 §240.1.1). */
export const coveredChiropracticManipulation: ReadonlySet<string> = new Set(["98940", "98941", "98942"]);

/**
 * The ICD-10-CM codes that state a spinal subluxation, the primary diagnosis of covered CMT
 * (Pub. 100-02 ch. 15 §240.1.2 and §240.1.4: a subluxation of the spine, at a stated level;
 * the MACs' chiropractic LCDs list the primary diagnosis as M99.00-M99.05). M99.0 is
 * "segmental and somatic dysfunction"; its codes M99.06-M99.09 (lower and upper extremity,
 * rib cage, abdomen and other) are not regions of the spine, so they do not support CMT.
 * Stored without the dot, as diagnoses are compared.
 */
export const spinalSubluxationDiagnoses: ReadonlyMap<string, string> = new Map([
  ["M9900", "head region (occipito-atlantal)"],
  ["M9901", "cervical region"],
  ["M9902", "thoracic region"],
  ["M9903", "lumbar region"],
  ["M9904", "sacral region"],
  ["M9905", "pelvic region"],
]);
