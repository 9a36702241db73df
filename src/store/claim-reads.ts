import type { Kysely } from "kysely";
import type { Claim } from "../model/claim.js";
import type { PhiCipher } from "./phi-cipher.js";
import type { ClaimStatus, Database, Row } from "./schema.js";

/**
 * What submissions and remittance posting read of a stored claim: the claim row, the
 * version they act on, and that version's claim document. The document is stored with the
 * patient's PHI taken out; `withPhi` puts it back from the patient's sealed columns (the
 * 837P needs the names and member id; the worklist does not).
 */
export interface StoredClaim {
  id: string;
  practiceId: string;
  patientId: string;
  controlNumber: string;
  status: ClaimStatus;
  currentVersion: number;
  payerClaimControlNumber: string | null;
  chargeCents: number;
  paidCents: number;
  versionId: string;
  version: number;
  claim: Claim;
}

type Db = Kysely<Database>;

export interface ClaimSelector {
  ids?: readonly string[];
  /** CLP01 values: matched exactly, or ignoring case and padding. */
  controlNumbers?: readonly string[];
}

/**
 * Reads the practice's claims with their current version. `lock` takes row locks (FOR
 * UPDATE) so a claim cannot be submitted or posted twice at once.
 */
export async function readClaims(
  db: Db,
  cipher: PhiCipher,
  practiceId: string,
  selector: ClaimSelector,
  options: { withPhi: boolean; lock?: boolean; version?: "current" | "submitted" },
): Promise<StoredClaim[]> {
  let query = db
    .selectFrom("claims as c")
    .select([
      "c.id",
      "c.practice_id",
      "c.patient_id",
      "c.control_number",
      "c.status",
      "c.current_version",
      "c.payer_claim_control_number",
      "c.charge_cents",
      "c.paid_cents",
    ])
    .where("c.practice_id", "=", practiceId);
  if (selector.ids) {
    if (selector.ids.length === 0) return [];
    query = query.where("c.id", "in", [...selector.ids]);
  }
  if (selector.controlNumbers) {
    if (selector.controlNumbers.length === 0) return [];
    const normalized = [...new Set(selector.controlNumbers.map((n) => n.trim().toUpperCase()))];
    query = query.where((eb) => eb(eb.fn("upper", [eb.fn("btrim", ["c.control_number"])]), "in", normalized));
  }
  const rows = await (options.lock ? query.forUpdate() : query).execute();
  if (rows.length === 0) return [];

  const claimIds = rows.map((r) => r.id);
  // The version submitted last, when the claim was submitted; else the current one.
  const submitted =
    options.version === "submitted"
      ? await db
          .selectFrom("submission_claims as sc")
          .innerJoin("submissions as s", "s.id", "sc.submission_id")
          .innerJoin("claim_versions as v", "v.id", "sc.claim_version_id")
          .select(["sc.claim_id", "v.version", "s.created_at"])
          .where("sc.practice_id", "=", practiceId)
          .where("sc.claim_id", "in", claimIds)
          .orderBy("s.created_at", "asc")
          .execute()
      : [];
  const versionOf = new Map<string, number>(rows.map((r) => [r.id, r.current_version]));
  for (const s of submitted) versionOf.set(s.claim_id, s.version);

  const versions = await db
    .selectFrom("claim_versions")
    .select(["id", "claim_id", "version", "document"])
    .where("practice_id", "=", practiceId)
    .where("claim_id", "in", claimIds)
    .execute();
  const versionRow = new Map(versions.map((v) => [`${v.claim_id}:${v.version}`, v]));

  const patients = options.withPhi
    ? await db
        .selectFrom("patients")
        .selectAll()
        .where("practice_id", "=", practiceId)
        .where("id", "in", [...new Set(rows.map((r) => r.patient_id))])
        .execute()
    : [];
  const patientById = new Map(patients.map((p) => [p.id, p]));

  const out: StoredClaim[] = [];
  for (const r of rows) {
    const version = versionOf.get(r.id) ?? r.current_version;
    const v = versionRow.get(`${r.id}:${version}`);
    if (!v) continue;
    const document = (typeof v.document === "string" ? JSON.parse(v.document) : v.document) as Claim;
    const patient = patientById.get(r.patient_id);
    const claim: Claim = {
      ...document,
      id: r.control_number,
      patient: patient ? { ...document.patient, ...openPatient(cipher, patient) } : document.patient,
    };
    out.push({
      id: r.id,
      practiceId: r.practice_id,
      patientId: r.patient_id,
      controlNumber: r.control_number,
      status: r.status,
      currentVersion: r.current_version,
      payerClaimControlNumber: r.payer_claim_control_number,
      chargeCents: r.charge_cents,
      paidCents: r.paid_cents,
      versionId: v.id,
      version: v.version,
      claim,
    });
  }
  return out;
}

/** The patient's PHI fields, opened (field names as sealed by the records' patient store). */
function openPatient(cipher: PhiCipher, p: Row<"patients">): Partial<Claim["patient"]> {
  const out: Record<string, unknown> = {};
  const firstName = cipher.openOptional("patient.firstName", p.first_name_enc);
  const lastName = cipher.openOptional("patient.lastName", p.last_name_enc);
  const birthDate = cipher.openOptional("patient.birthDate", p.birth_date_enc);
  const memberId = cipher.openOptional("patient.memberId", p.member_id_enc);
  const address = cipher.openOptional("patient.address", p.address_enc);
  if (firstName !== null) out.firstName = firstName;
  if (lastName !== null) out.lastName = lastName;
  if (birthDate !== null) out.birthDate = birthDate;
  if (memberId !== null) out.memberId = memberId;
  if (address !== null) {
    // The address is sealed as one JSON object of the patient's address fields.
    try {
      const parsed = JSON.parse(address) as unknown;
      if (parsed && typeof parsed === "object") Object.assign(out, parsed);
      else out.address = address;
    } catch {
      out.address = address;
    }
  }
  return out as Partial<Claim["patient"]>;
}

/** One life-cycle transition: the claim's status and its event (who, when, why). */
export async function moveClaim(
  db: Db,
  move: {
    claimId: string;
    practiceId: string;
    from: ClaimStatus;
    to: ClaimStatus;
    actor: string;
    reason: string;
    at: Date;
    data?: Record<string, unknown>;
    set?: { paidCents?: number; payerClaimControlNumber?: string | null };
  },
): Promise<void> {
  await db
    .updateTable("claims")
    .set({
      status: move.to,
      updated_at: move.at,
      ...(move.set?.paidCents !== undefined ? { paid_cents: move.set.paidCents } : {}),
      ...(move.set?.payerClaimControlNumber !== undefined
        ? { payer_claim_control_number: move.set.payerClaimControlNumber }
        : {}),
    })
    .where("id", "=", move.claimId)
    .where("practice_id", "=", move.practiceId)
    .execute();
  await db
    .insertInto("claim_events")
    .values({
      id: crypto.randomUUID(),
      claim_id: move.claimId,
      practice_id: move.practiceId,
      from_status: move.from,
      to_status: move.to,
      actor: move.actor,
      reason: move.reason,
      data: move.data ? JSON.stringify(move.data) : null,
      at: move.at,
    })
    .execute();
}
