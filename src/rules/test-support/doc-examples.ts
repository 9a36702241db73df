import fs from "node:fs";
import path from "node:path";
import type { DocExample } from "../../../scripts/rule-docs.js";
import type { PayerType } from "../../model/common.js";
import type { Finding } from "../../model/finding.js";
import { parsePayerProfile } from "../../payers/load.js";
import type { PayerProfileInput } from "../../payers/profile.js";
import { repoRoot } from "../../test-support/reference.js";
import { profileForClaim } from "../engine.js";
import type { Rule } from "../types.js";
import { type ClaimSpec, claimOf, profileOf, testAsOf } from "./claims.js";
import { ruleReference } from "./reference.js";

/** A profile file of the repository; test support reads it itself (the core reads no files). */
function profileFile(file: string) {
  return parsePayerProfile(fs.readFileSync(file, "utf8"), file, file);
}

/**
 * Runs one documented example: the claim excerpt completed with the seed claim's fields,
 * the context's payer profile (a file of the repository, or settings on top of the payer
 * type's defaults) and date, against the rule tables' reference.
 */
export function runDocExample(rule: Rule, example: Pick<DocExample, "claim" | "context">): Finding[] {
  const claim = claimOf(example.claim as ClaimSpec);
  const context = example.context as (DocExample["context"] & { profileFile?: string }) | undefined;
  const settings = context?.profile as (Partial<PayerProfileInput> & { type?: PayerType }) | undefined;
  const profile = context?.profileFile
    ? profileFile(path.join(repoRoot, context.profileFile))
    : settings
      ? profileOf(settings.type ?? claim.payer.type, settings)
      : profileForClaim(claim);
  return rule.check(claim, { reference: ruleReference(), profile, asOf: example.context?.asOf ?? testAsOf });
}
