import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Scope } from "../app/scope.js";
import type { Patient } from "../model/common.js";
import type { PhiCipher } from "./phi-cipher.js";
import type { Database, Row } from "./schema.js";
import { isUuid, practiceIdsFor } from "./tenancy.js";

/**
 * Patients, with their PHI sealed (issue 9, PHI protection): names, birth date, member id,
 * address (street, city, state, ZIP as one sealed JSON) and the EMR's patient id are only
 * in *_enc columns; lookups go through keyed-hash blind indexes, never plaintext.
 */

/** The GCM additional data of each sealed column: a ciphertext moved to another column does not open. */
export const patientFields = {
  firstName: "patient.firstName",
  lastName: "patient.lastName",
  birthDate: "patient.birthDate",
  memberId: "patient.memberId",
  address: "patient.address",
  externalId: "patient.externalId",
  name: "patient.name",
} as const;

interface SealedAddress {
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
}

/** The sealed columns and blind indexes of a patient (also used by key rotation). */
export function sealPatient(cipher: PhiCipher, p: Patient) {
  const address: SealedAddress = {
    ...(p.address ? { address: p.address } : {}),
    ...(p.city ? { city: p.city } : {}),
    ...(p.state ? { state: p.state } : {}),
    ...(p.zip ? { zip: p.zip } : {}),
  };
  const full = `${p.firstName ?? ""} ${p.lastName ?? ""}`;
  return {
    external_id_enc: cipher.sealOptional(patientFields.externalId, p.id),
    external_id_bidx: cipher.blindIndexOptional(patientFields.externalId, p.id),
    first_name_enc: cipher.seal(patientFields.firstName, p.firstName ?? ""),
    last_name_enc: cipher.seal(patientFields.lastName, p.lastName ?? ""),
    birth_date_enc: cipher.sealOptional(patientFields.birthDate, p.birthDate),
    member_id_enc: cipher.sealOptional(patientFields.memberId, p.memberId),
    address_enc:
      Object.keys(address).length > 0 ? cipher.seal(patientFields.address, JSON.stringify(address)) : null,
    member_id_bidx: cipher.blindIndexOptional(patientFields.memberId, p.memberId),
    name_bidx: cipher.blindIndexOptional(patientFields.name, full),
    last_name_bidx: cipher.blindIndexOptional(patientFields.lastName, p.lastName),
    birth_date_bidx: cipher.blindIndexOptional(patientFields.birthDate, p.birthDate),
    key_version: cipher.current,
  };
}

/** The patient as the contract shapes it (visit.patient), opened from its row. */
export function openPatient(cipher: PhiCipher, row: Row<"patients">): Patient {
  const address = row.address_enc
    ? (JSON.parse(cipher.open(patientFields.address, row.address_enc)) as SealedAddress)
    : {};
  const out: Patient = {};
  const externalId = cipher.openOptional(patientFields.externalId, row.external_id_enc);
  if (externalId) out.id = externalId;
  const first = cipher.open(patientFields.firstName, row.first_name_enc);
  const last = cipher.open(patientFields.lastName, row.last_name_enc);
  if (first) out.firstName = first;
  if (last) out.lastName = last;
  const birthDate = cipher.openOptional(patientFields.birthDate, row.birth_date_enc);
  if (birthDate) out.birthDate = birthDate;
  if (row.sex === "F" || row.sex === "M" || row.sex === "U") out.sex = row.sex;
  const memberId = cipher.openOptional(patientFields.memberId, row.member_id_enc);
  if (memberId) out.memberId = memberId;
  return { ...out, ...address };
}

export async function insertPatient(
  db: Kysely<Database>,
  cipher: PhiCipher,
  practiceId: string,
  patient: Patient,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("patients")
    .values({ id, practice_id: practiceId, sex: patient.sex ?? null, ...sealPatient(cipher, patient) })
    .execute();
  return id;
}

/**
 * The practice's patient a visit's patient is: the same EMR id, else the same member id
 * and birth date. Matching never crosses practices.
 */
export async function matchPatient(
  db: Kysely<Database>,
  cipher: PhiCipher,
  practiceId: string,
  patient: Patient,
): Promise<string | undefined> {
  const external = cipher.blindIndexOptional(patientFields.externalId, patient.id);
  if (external) {
    const row = await db
      .selectFrom("patients")
      .select("id")
      .where("practice_id", "=", practiceId)
      .where("external_id_bidx", "=", external)
      .orderBy("created_at")
      .executeTakeFirst();
    if (row) return row.id;
  }
  const member = cipher.blindIndexOptional(patientFields.memberId, patient.memberId);
  const born = cipher.blindIndexOptional(patientFields.birthDate, patient.birthDate);
  if (!member || !born) return undefined;
  const row = await db
    .selectFrom("patients")
    .select("id")
    .where("practice_id", "=", practiceId)
    .where("member_id_bidx", "=", member)
    .where("birth_date_bidx", "=", born)
    .orderBy("created_at")
    .executeTakeFirst();
  return row?.id;
}

/** A patient row the scope may read, or undefined (guessed ids and other tenants alike). */
export async function patientRow(
  db: Kysely<Database>,
  scope: Scope,
  patientId: string,
): Promise<Row<"patients"> | undefined> {
  if (!isUuid(patientId)) return undefined;
  const ids = await practiceIdsFor(db, scope, "read");
  if (ids.length === 0) return undefined;
  return db
    .selectFrom("patients")
    .selectAll()
    .where("id", "=", patientId)
    .where("practice_id", "in", ids)
    .executeTakeFirst();
}

export interface PatientSearch {
  memberId?: string | undefined;
  /** First and last name together ("Ana Diaz"). */
  name?: string | undefined;
  lastName?: string | undefined;
  birthDate?: string | undefined;
}

/** Patients of one practice matching every given field, by blind index only. */
export async function searchPatientRows(
  db: Kysely<Database>,
  cipher: PhiCipher,
  practiceId: string,
  q: PatientSearch,
): Promise<Row<"patients">[]> {
  let query = db.selectFrom("patients").selectAll().where("practice_id", "=", practiceId);
  const by = (
    column: "member_id_bidx" | "name_bidx" | "last_name_bidx" | "birth_date_bidx",
    field: string,
    value?: string,
  ) => {
    if (value?.trim()) query = query.where(column, "=", cipher.blindIndex(field, value));
  };
  by("member_id_bidx", patientFields.memberId, q.memberId);
  by("name_bidx", patientFields.name, q.name);
  by("last_name_bidx", patientFields.lastName, q.lastName);
  by("birth_date_bidx", patientFields.birthDate, q.birthDate);
  return query.orderBy("created_at").orderBy("id").limit(200).execute();
}

/** Patient ids of the practices given whose member id matches (the claims filter ?patient=). */
export async function patientIdsByMemberId(
  db: Kysely<Database>,
  cipher: PhiCipher,
  practiceIds: readonly string[],
  memberId: string,
): Promise<string[]> {
  if (practiceIds.length === 0) return [];
  const rows = await db
    .selectFrom("patients")
    .select("id")
    .where("practice_id", "in", practiceIds)
    .where("member_id_bidx", "=", cipher.blindIndex(patientFields.memberId, memberId))
    .execute();
  return rows.map((r) => r.id);
}
