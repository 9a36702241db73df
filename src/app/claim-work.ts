import type { Kysely } from "kysely";
import type { Claim } from "../model/claim.js";
import { distinctModifiers } from "../model/common.js";
import type { Estimate } from "../model/estimate.js";
import type { Finding } from "../model/finding.js";
import { parseCents } from "../model/money.js";
import { Problem } from "../model/problem.js";
import { priceOne, scrubOne } from "../pipeline/pipeline.js";
import { fixClaim as coreFixClaim } from "../rules/index.js";
import { currentVersion, insertAttestation, insertVersion, updateClaim } from "../store/claims.js";
import { patientClaimsBetween } from "../store/history.js";
import type { ClaimStatus, Database, Row } from "../store/schema.js";
import { updateVisitDocument, visitById } from "../store/visits.js";
import { audited } from "./audited.js";
import { claimFor, transitionIn } from "./claim-life-cycle.js";
import { phiOf } from "./claim-view.js";
import type { AppContext } from "./context.js";
import { duplicateClaimFindings } from "./duplicate-claims.js";
import { claimOf, withoutPhi } from "./phi-documents.js";
import { loadPracticeContext, type PracticeContext } from "./practice-context.js";
import type { Scope } from "./scope.js";

/**
 * Work on a stored claim that makes a new version (issue 9, claims with versions): the
 * safe fixes, an attestation, a corrected claim. Each version is scrubbed and priced again
 * and keeps its findings and estimate; the claim moves to "scrubbed" (or "corrected").
 */
export interface NewVersionResult {
  claimId: string;
  /** The claim's practice and patient (for the audit record: who touched this patient's claim). */
  practiceId: string;
  patientId: string;
  version: number;
  /** False when nothing changed (no fix applied): no version was made. */
  changed: boolean;
  status: ClaimStatus;
  claim: Claim;
  findings: Finding[];
  estimate: Estimate | null;
}

/** Claims still being prepared: a change to one that was sent is a corrected claim instead. */
const editable: ReadonlySet<ClaimStatus> = new Set(["draft", "scrubbed", "ready", "rejected", "corrected"]);

interface Loaded {
  row: Row<"claims">;
  pc: PracticeContext;
  claim: Claim;
  findings: Finding[];
  estimate: Estimate | null;
  frequency: "1" | "7" | "8";
  phi: Awaited<ReturnType<typeof phiOf>>;
}

async function load(ctx: AppContext, tx: Kysely<Database>, scope: Scope, claimId: string): Promise<Loaded> {
  const row = await claimFor(tx, scope, "work", claimId, { forUpdate: true });
  const pc = await loadPracticeContext(ctx, tx, scope, "work", row.practice_id);
  const version = await currentVersion(tx, row);
  const phi = await phiOf(ctx, tx, row);
  return {
    row,
    pc,
    claim: claimOf(version.document, phi.patient, phi.parties),
    findings: version.findings as Finding[],
    estimate: (version.estimate as Estimate | null) ?? null,
    frequency: version.frequency,
    phi,
  };
}

function refuseUnlessEditable(row: Row<"claims">, what: string): void {
  if (!editable.has(row.status))
    throw new Problem([
      {
        code: "conflict",
        message: `a ${row.status} claim cannot be changed by ${what}: it was sent; make a corrected claim (frequency 7) instead`,
        data: { status: row.status },
      },
    ]);
}

/** Scrub and price a changed claim, with the duplicate check against the practice's other stored claims. */
async function rescrub(tx: Kysely<Database>, l: Loaded, claim: Claim) {
  const findings = scrubOne(claim, l.pc.options);
  const estimate = claim.lines.length > 0 ? priceOne(claim, l.pc.options) : null;
  const date = claim.lines[0]?.dateOfService;
  const others = date
    ? (await patientClaimsBetween(tx, l.row.practice_id, l.row.patient_id, date, date)).filter(
        (h) => h.claimId !== l.row.id,
      )
    : [];
  return {
    findings: [...findings, ...(estimate?.findings ?? []), ...duplicateClaimFindings(claim, others)],
    estimate,
  };
}

async function saveVersion(
  ctx: AppContext,
  tx: Kysely<Database>,
  scope: Scope,
  l: Loaded,
  claim: Claim,
  frequency: "1" | "7" | "8",
  reason: string,
  status: ClaimStatus,
  data: Record<string, unknown>,
): Promise<NewVersionResult> {
  const { findings, estimate } = await rescrub(tx, l, claim);
  const version = l.row.current_version + 1;
  await insertVersion(tx, {
    claimId: l.row.id,
    practiceId: l.row.practice_id,
    version,
    frequency,
    document: withoutPhi(claim),
    findings,
    estimate,
    reason,
    createdBy: scope.actor.label,
  });
  await updateClaim(tx, l.row, {
    currentVersion: version,
    chargeCents: claim.lines.reduce((sum, line) => sum + parseCents(line.charge), 0),
    expectedCents: estimate?.payerPaid ? parseCents(estimate.payerPaid) : null,
    ...(claim.payerClaimControlNumber ? { payerClaimControlNumber: claim.payerClaimControlNumber } : {}),
  });
  const moved = await transitionIn(ctx, tx, scope, { ...l.row, current_version: version }, status, {
    reason,
    data: { ...data, version },
  });
  return {
    claimId: l.row.id,
    practiceId: l.row.practice_id,
    patientId: l.row.patient_id,
    version,
    changed: true,
    status: moved.status,
    claim,
    findings,
    estimate,
  };
}

const describeClaim =
  (action: string) => (args: [string, ...unknown[]], result: NewVersionResult | undefined) => ({
    entityId: args[0],
    practiceId: result?.practiceId ?? null,
    patientId: result?.patientId ?? null,
    detail: { action, ...(result ? { version: result.version, changed: result.changed } : {}) },
  });

/**
 * `POST /api/v1/claims/:id/fix`: every safe fix of the core (rules/fixes.ts fixClaim, which
 * re-scrubs until no fix is left), as a new version, scrubbed and priced again.
 */
export const fixClaim = audited(
  { action: "update", entity: "claim", describe: describeClaim("fix") },
  async (ctx: AppContext, scope: Scope, claimId: string): Promise<NewVersionResult> =>
    ctx.store.db.transaction().execute(async (tx) => {
      const l = await load(ctx, tx, scope, claimId);
      refuseUnlessEditable(l.row, "its safe fixes");
      const fixed = coreFixClaim(l.claim, l.findings, (c) => scrubOne(c, l.pc.options));
      if (JSON.stringify(fixed) === JSON.stringify(l.claim))
        return {
          claimId: l.row.id,
          practiceId: l.row.practice_id,
          patientId: l.row.patient_id,
          version: l.row.current_version,
          changed: false,
          status: l.row.status,
          claim: l.claim,
          findings: l.findings,
          estimate: l.estimate,
        };
      return saveVersion(ctx, tx, scope, l, fixed, l.frequency, "safe fixes applied", "scrubbed", {
        action: "fix",
      });
    }),
);

export interface AttestationInput {
  /** "distinct": the service on `line` was distinct (value XE, XS, XP, XU or 59); "medical-necessity": KX is supported. */
  kind: "distinct" | "medical-necessity";
  /** 0-based claim line (distinct only). */
  line?: number | undefined;
  value?: string | undefined;
  note: string;
}

/**
 * `POST /api/v1/claims/:id/attest`: a documented attestation, with its note, recorded and
 * carried where the core reads it: `distinct` on the claim line and its visit service
 * (contract §1 service fields; it lets the NCCI fix add 59 or the X modifier), or
 * `medicallyNecessaryOverThreshold` on the claim and visit (it lets the KX fix apply).
 * Then the safe fixes run and the claim is scrubbed again as a new version.
 */
export const attestClaim = audited(
  { action: "update", entity: "claim", describe: describeClaim("attest") },
  async (
    ctx: AppContext,
    scope: Scope,
    claimId: string,
    input: AttestationInput,
  ): Promise<NewVersionResult> => {
    const note = input.note?.trim();
    if (!note) throw invalid("$.note", "an attestation needs a note saying where the documentation shows it");
    if (input.kind !== "distinct" && input.kind !== "medical-necessity")
      throw invalid("$.kind", 'expected "distinct" or "medical-necessity"');
    return ctx.store.db.transaction().execute(async (tx) => {
      const l = await load(ctx, tx, scope, claimId);
      refuseUnlessEditable(l.row, "an attestation");
      const claim: Claim = structuredClone(l.claim);
      const visit = l.row.visit_id ? await visitById(tx, l.row.practice_id, l.row.visit_id) : undefined;
      const document = visit ? structuredClone(visit.document) : undefined;
      let value: string | null = null;
      if (input.kind === "distinct") {
        const line = input.line === undefined ? undefined : claim.lines[input.line];
        if (!line) throw invalid("$.line", `expected a line of the claim, 0 to ${claim.lines.length - 1}`);
        const modifier = distinctModifiers.find((m) => m === input.value);
        if (!modifier) throw invalid("$.value", `expected one of ${distinctModifiers.join(", ")}`);
        line.distinct = modifier;
        value = modifier;
        const services = (document?.services ?? []) as Array<{ code?: string; distinct?: string }>;
        const service = services.find((s) => s.code === line.code && s.distinct === undefined);
        if (service) service.distinct = modifier;
      } else {
        claim.medicallyNecessaryOverThreshold = true;
        if (document) document.medicallyNecessaryOverThreshold = true;
      }
      if (visit && document) await updateVisitDocument(tx, l.row.practice_id, visit.id, document);
      const attestationId = await insertAttestation(tx, {
        claimId: l.row.id,
        practiceId: l.row.practice_id,
        kind: input.kind,
        line: input.kind === "distinct" ? (input.line ?? null) : null,
        value,
        note,
        actor: scope.actor.label,
        at: ctx.now(),
      });
      const before = scrubOne(claim, l.pc.options);
      const fixed = coreFixClaim(claim, before, (c) => scrubOne(c, l.pc.options));
      const what =
        input.kind === "distinct" ? `distinct service ${value} on line ${input.line}` : "medical necessity";
      return saveVersion(ctx, tx, scope, l, fixed, l.frequency, `attestation: ${what}`, "scrubbed", {
        action: "attest",
        attestationId,
      });
    });
  },
);

export interface CorrectionInput {
  frequency: "7" | "8";
  /** CLP07 of the payer's remittance: REF*F8 of the corrected claim. */
  payerClaimControlNumber: string;
  reason?: string | undefined;
}

/**
 * A corrected claim (frequency 7 replacement, 8 void) as the claim's next version, in the
 * caller's transaction (the remit helper makes one while posting a denial). The claim
 * becomes "corrected"; it is made ready and submitted again through the life cycle.
 */
export async function correctedVersionIn(
  ctx: AppContext,
  tx: Kysely<Database>,
  scope: Scope,
  claimId: string,
  input: CorrectionInput,
): Promise<NewVersionResult> {
  if (input.frequency !== "7" && input.frequency !== "8")
    throw invalid("$.frequency", 'expected "7" (replacement) or "8" (void)');
  if (!input.payerClaimControlNumber?.trim())
    throw invalid(
      "$.payerClaimControlNumber",
      "a corrected claim needs the payer's claim control number (REF*F8)",
    );
  const l = await load(ctx, tx, scope, claimId);
  const claim: Claim = {
    ...structuredClone(l.claim),
    frequency: input.frequency,
    payerClaimControlNumber: input.payerClaimControlNumber.trim(),
  };
  const reason = input.reason?.trim() || (input.frequency === "7" ? "replacement claim" : "void claim");
  return saveVersion(ctx, tx, scope, l, claim, input.frequency, reason, "corrected", {
    action: "correct",
    frequency: input.frequency,
  });
}

export const createCorrectedVersion = audited(
  { action: "update", entity: "claim", describe: describeClaim("correct") },
  async (ctx: AppContext, scope: Scope, claimId: string, input: CorrectionInput): Promise<NewVersionResult> =>
    ctx.store.db.transaction().execute((tx) => correctedVersionIn(ctx, tx, scope, claimId, input)),
);

function invalid(path: string, message: string): Problem {
  return new Problem([{ code: "invalid-input", path, message }]);
}

/**
 * The worklist's corrected claim (src/remit/corrected.ts, with the denial's fixes applied),
 * stored as the claim's next version: frequency 7 with REF*F8, or 1 when the payer called
 * the first claim unprocessable (it never entered adjudication, so it is sent again as new).
 * Called by the audited `correctedClaimFor` use case (app/worklist.ts), inside its audit.
 */
export async function storeCorrectedClaim(
  ctx: AppContext,
  scope: Scope,
  claimId: string,
  correction: { claim: Claim; frequency: "1" | "7" | "8"; reason: string; worklistItemId: string },
): Promise<{ claimVersionId: string; version: number }> {
  return ctx.store.db.transaction().execute(async (tx) => {
    const l = await load(ctx, tx, scope, claimId);
    // The stored patient wins over whatever the correction carried.
    const claim: Claim = { ...correction.claim, patient: l.claim.patient };
    const saved = await saveVersion(
      ctx,
      tx,
      scope,
      l,
      claim,
      correction.frequency,
      correction.reason,
      "corrected",
      {
        action: "correct",
        worklistItemId: correction.worklistItemId,
      },
    );
    const row = await tx
      .selectFrom("claim_versions")
      .select("id")
      .where("claim_id", "=", l.row.id)
      .where("version", "=", saved.version)
      .executeTakeFirstOrThrow();
    return { claimVersionId: row.id, version: saved.version };
  });
}
