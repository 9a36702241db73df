import type { Claim, ClaimLine } from "../model/claim.js";
import type { Finding, PatchOp } from "../model/finding.js";
import {
  coveredChiropracticManipulation,
  spinalSubluxationDiagnoses,
} from "../reference/policy/chiropractic.js";
import { normalizeIcd10 } from "../reference/reference.js";
import { finding, fix, linePath } from "./report.js";
import type { Rule, RuleContext, RuleMeta } from "./types.js";

const meta: RuleMeta = {
  id: "chiro-coverage",
  severity: "error",
  description:
    "Medicare chiropractic rules: only spinal CMT 98940–98942 is covered; covered CMT needs AT for active treatment, or GA (with an ABN) or GZ (without) for maintenance; AT and GA are not used together; every other service by a chiropractor needs GY (and GX with a voluntary ABN).",
  references: [
    "CMS Benefit Policy Manual, Pub. 100-02, ch. 15 §240 (chiropractic services)",
    "CMS Claims Processing Manual, Pub. 100-04, ch. 12 §220 (chiropractic claims: AT, GA, GZ, initiation date)",
    "Palmetto GBA: CMT with both AT and GA rejects for dates of service from 2015-11-01",
    "NGS, Noridian and Palmetto chiropractic billing pages (GY and GX on excluded services)",
  ],
  carc: "50",
  fix: "adds AT to active treatment, GA or GZ (by whether an ABN is on file) to maintenance care, GY (and GX with an ABN) to excluded services; removes the modifier that contradicts the documented kind of care",
  docs: "docs/rules/chiro-coverage.md",
};

const coverage = "CMS Benefit Policy Manual, Pub. 100-02, ch. 15 §240; Pub. 100-04, ch. 12 §220";

function patchModifiers(line: number, remove: string[], add: string[]): PatchOp[] {
  return [
    ...remove.map((modifier): PatchOp => ({ op: "remove-modifier", line, modifier })),
    ...add.map((modifier): PatchOp => ({ op: "add-modifier", line, modifier })),
  ];
}

/** The maintenance-care modifier the documentation supports: GA with an ABN on file, else GZ. */
function maintenanceModifier(claim: Claim): "GA" | "GZ" {
  return claim.abnOnFile ? "GA" : "GZ";
}

function checkManipulation(claim: Claim, line: ClaimLine, i: number, out: Finding[]): void {
  const has = (m: string): boolean => line.modifiers.includes(m);
  const active = claim.chiropractic?.activeTreatment;
  const location = linePath(i, "modifiers");
  const maintenance = maintenanceModifier(claim);
  if (has("AT") && has("GA")) {
    const remove = active === true ? "GA" : active === false ? "AT" : undefined;
    out.push(
      finding(meta, {
        lines: [i],
        carc: "4",
        message: `${line.code} carries both AT (active treatment) and GA (maintenance care under an ABN); Medicare rejects the pair from 2015-11-01. ${
          remove === undefined
            ? "Keep AT for active/corrective treatment or GA for maintenance care, as the record shows"
            : `The record shows ${active ? "active" : "maintenance"} care: remove ${remove}`
        }`,
        reference: `${coverage}; Palmetto GBA, AT and GA on the same CMT line (2015-11-01)`,
        fix:
          remove === undefined
            ? undefined
            : fix(`remove ${remove} from line ${i}`, ...patchModifiers(i, [remove], [])),
        location,
      }),
    );
    return;
  }
  if (active === true) {
    if (has("AT")) return;
    const remove = ["GA", "GZ"].filter(has);
    out.push(
      finding(meta, {
        lines: [i],
        message: `${line.code} is documented as active/corrective treatment but has no AT; Medicare denies CMT without AT as maintenance care: add AT`,
        reference: coverage,
        fix: fix(`add AT to line ${i}`, ...patchModifiers(i, remove, ["AT"])),
        location,
      }),
    );
    return;
  }
  if (active === false) {
    if (has("AT")) {
      out.push(
        finding(meta, {
          lines: [i],
          message: `${line.code} is documented as maintenance care but billed with AT, which attests active/corrective treatment; replace AT with ${maintenance} (${claim.abnOnFile ? "an ABN is on file" : "no ABN is on file"})`,
          reference: coverage,
          fix: fix(
            `bill line ${i} as maintenance care with ${maintenance}`,
            ...patchModifiers(i, ["AT"], [maintenance]),
          ),
          location,
        }),
      );
      return;
    }
    if (has("GA") && !claim.abnOnFile) {
      out.push(
        finding(meta, {
          lines: [i],
          message: `${line.code} carries GA, which says an ABN is on file, but the visit records none; use GZ`,
          reference: coverage,
          fix: fix(`replace GA with GZ on line ${i}`, ...patchModifiers(i, ["GA"], ["GZ"])),
          location,
        }),
      );
      return;
    }
    if (has("GA") || has("GZ")) {
      out.push(
        finding(meta, {
          lines: [i],
          severity: "warning",
          message: `${line.code} is maintenance care, which Medicare does not cover; billed with ${has("GA") ? "GA, the patient is liable under the ABN" : "GZ, the practice is liable (no ABN)"}`,
          reference: coverage,
          location,
        }),
      );
      return;
    }
    out.push(
      finding(meta, {
        lines: [i],
        message: `${line.code} is documented as maintenance care, which Medicare does not cover, and has no GA or GZ; add ${maintenance} (${claim.abnOnFile ? "an ABN is on file" : "no ABN is on file"})`,
        reference: coverage,
        fix: fix(`add ${maintenance} to line ${i}`, ...patchModifiers(i, [], [maintenance])),
        location,
      }),
    );
    return;
  }
  if (has("AT") || has("GA") || has("GZ")) return;
  out.push(
    finding(meta, {
      lines: [i],
      message: `${line.code} has none of AT, GA or GZ; Medicare denies CMT without AT as maintenance care. Add AT for active/corrective treatment, or GA (ABN on file) or GZ for maintenance care; the visit does not say which`,
      reference: coverage,
      location,
    }),
  );
}

/**
 * Subluxation first: the primary diagnosis of covered CMT is a spinal subluxation, M99.00-M99.05
 * (Pub. 100-02 ch. 15 §240.1.2 and §240.1.4; the MACs' chiropractic LCDs). M99.06-M99.09 are
 * extremities, rib cage and abdomen, not the spine.
 */
function checkSubluxation(claim: Claim, line: ClaimLine, i: number, out: Finding[]): void {
  const pointer = line.diagnosisPointers[0] ?? 1;
  const primary = claim.diagnoses[pointer - 1];
  if (primary === undefined || spinalSubluxationDiagnoses.has(normalizeIcd10(primary))) return;
  const region = /^M990[6-9]$/.test(normalizeIcd10(primary))
    ? ", which is segmental dysfunction outside the spine (an extremity, the rib cage or the abdomen)"
    : "";
  out.push(
    finding(meta, {
      lines: [i],
      severity: "warning",
      carc: null,
      message: `${line.code}'s first diagnosis is ${primary}${region}, not a spinal subluxation (M99.00–M99.05); Medicare expects the subluxation as the primary diagnosis of CMT, with the condition it causes as the secondary`,
      reference:
        "CMS Benefit Policy Manual, Pub. 100-02, ch. 15 §240.1.2 and §240.1.4; MAC chiropractic LCDs (primary diagnosis M99.00–M99.05)",
      location: linePath(i, "diagnosisPointers"),
    }),
  );
}

function checkExcluded(claim: Claim, line: ClaimLine, i: number, out: Finding[]): void {
  const hasGy = line.modifiers.includes("GY");
  const hasGx = line.modifiers.includes("GX");
  const wantGx = claim.abnOnFile === true;
  if (hasGy && (hasGx || !wantGx)) return;
  const add = [...(hasGy ? [] : ["GY"]), ...(wantGx && !hasGx ? ["GX"] : [])];
  out.push(
    finding(meta, {
      lines: [i],
      severity: hasGy ? "warning" : "error",
      carc: hasGy ? null : "96",
      rarc: hasGy ? null : "N425",
      message: hasGy
        ? `${line.code} is excluded for a chiropractor and a voluntary ABN is on file: add GX with GY`
        : `${line.code} furnished by a chiropractor is excluded from Medicare by statute (only spinal CMT is covered); add ${add.join(" and ")} so the denial is recorded and the patient can be billed${wantGx ? " under the voluntary ABN" : ""}`,
      reference: `${coverage}; SSA §1861(r)(5)`,
      fix: fix(`add ${add.join(" and ")} to line ${i}`, ...patchModifiers(i, [], add)),
      location: linePath(i, "modifiers"),
    }),
  );
}

/** Pub. 100-02 ch. 15 §240: Medicare covers a chiropractor's manual manipulation of the spine, and nothing else. */
function check(claim: Claim, ctx: RuleContext): Finding[] {
  if (!ctx.profile.medicareTherapyRules || claim.renderingProvider.credential !== "DC") return [];
  const out: Finding[] = [];
  let manipulation = false;
  claim.lines.forEach((line, i) => {
    if (coveredChiropracticManipulation.has(line.code)) {
      manipulation = true;
      checkManipulation(claim, line, i, out);
      checkSubluxation(claim, line, i, out);
    } else {
      checkExcluded(claim, line, i, out);
    }
  });
  if (manipulation && !claim.chiropractic?.initialTreatmentDate) {
    out.push(
      finding(meta, {
        lines: claim.lines.flatMap((l, i) => (coveredChiropracticManipulation.has(l.code) ? [i] : [])),
        severity: "warning",
        carc: "16",
        rarc: "MA130",
        message:
          "Medicare CMT claims carry the date the course of treatment began (837P 2300 DTP*454, claim form item 14); record chiropractic.initialTreatmentDate",
        reference: "CMS Claims Processing Manual, Pub. 100-04, ch. 12 §220",
        location: "$.chiropractic.initialTreatmentDate",
      }),
    );
  }
  return out;
}

export const chiroCoverage: Rule = { meta, check };
