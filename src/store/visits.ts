import type { Kysely } from "kysely";
import type { Employer, Subscriber } from "../model/claim.js";
import type { PhiCipher } from "./phi-cipher.js";
import type { Database, Row } from "./schema.js";

/**
 * Visits as documented, with the patient's PHI taken out of the document (the patient row
 * holds it, sealed) and the subscriber sealed in its own column. A batch item's
 * (batch_id, batch_index) is unique, so a retried job finds its visit instead of storing
 * it twice.
 */

export const subscriberField = "visit.subscriber";

/**
 * What `visits.subscriber_enc` seals: the subscriber, and on a workers' comp or auto visit
 * the employer and the insurer's claim number (identifiers of the patient's claim, PHI as
 * much as the subscriber). Rows written before the employer and claim number existed hold a
 * bare Subscriber; openParties reads both.
 */
export interface SealedParties {
  subscriber?: Subscriber;
  employer?: Employer;
  propertyCasualtyClaimNumber?: string;
}

/** The sealed parties of a visit or claim document; undefined when it has none. */
export function partiesOf(document: {
  subscriber?: Subscriber | undefined;
  employer?: Employer | undefined;
  propertyCasualtyClaimNumber?: string | undefined;
}): SealedParties | undefined {
  const parties: SealedParties = {};
  if (document.subscriber !== undefined) parties.subscriber = document.subscriber;
  if (document.employer !== undefined) parties.employer = document.employer;
  if (document.propertyCasualtyClaimNumber !== undefined)
    parties.propertyCasualtyClaimNumber = document.propertyCasualtyClaimNumber;
  return Object.keys(parties).length > 0 ? parties : undefined;
}

export interface NewVisit {
  id: string;
  practiceId: string;
  patientId: string;
  externalId: string;
  dateOfService: string;
  payerId: string;
  authorizationNumber: string | null;
  document: Record<string, unknown>;
  /** Sealed apart from the document: the subscriber, the employer, the P&C claim number. */
  parties: SealedParties | undefined;
  batch?: { batchId: string; index: number } | undefined;
  createdBy: string;
}

export async function insertVisit(db: Kysely<Database>, cipher: PhiCipher, v: NewVisit): Promise<void> {
  await db
    .insertInto("visits")
    .values({
      id: v.id,
      practice_id: v.practiceId,
      patient_id: v.patientId,
      external_id: v.externalId,
      date_of_service: v.dateOfService,
      payer_id: v.payerId,
      authorization_number: v.authorizationNumber,
      document: JSON.stringify(v.document),
      subscriber_enc: v.parties ? cipher.seal(subscriberField, JSON.stringify(v.parties)) : null,
      key_version: v.parties ? cipher.current : null,
      batch_id: v.batch?.batchId ?? null,
      batch_index: v.batch?.index ?? null,
      created_by: v.createdBy,
    })
    .execute();
}

/** The visit a batch item already stored, if any (in the practice). */
export async function visitOfBatchItem(
  db: Kysely<Database>,
  practiceId: string,
  batch: { batchId: string; index: number },
): Promise<Row<"visits"> | undefined> {
  return db
    .selectFrom("visits")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .where("batch_id", "=", batch.batchId)
    .where("batch_index", "=", batch.index)
    .executeTakeFirst();
}

export async function visitById(
  db: Kysely<Database>,
  practiceId: string,
  visitId: string,
): Promise<Row<"visits"> | undefined> {
  return db
    .selectFrom("visits")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .where("id", "=", visitId)
    .executeTakeFirst();
}

export function openParties(cipher: PhiCipher, row: Pick<Row<"visits">, "subscriber_enc">): SealedParties {
  if (!row.subscriber_enc) return {};
  const sealed = JSON.parse(cipher.open(subscriberField, row.subscriber_enc)) as SealedParties | Subscriber;
  // A bare Subscriber (it always has its relationship, PAT01) from before the parties object.
  return "relationship" in sealed ? { subscriber: sealed } : sealed;
}

export async function updateVisitDocument(
  db: Kysely<Database>,
  practiceId: string,
  visitId: string,
  document: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("visits")
    .set({ document: JSON.stringify(document) })
    .where("practice_id", "=", practiceId)
    .where("id", "=", visitId)
    .execute();
}

/**
 * Visits already stored for this patient under this authorization number, dated within its
 * from..through when given (history feeds the authorization rule's visitsUsed). Each
 * stored visit is one date of service; a visit whose claim was voided does not count.
 */
export async function authorizationVisitsUsed(
  db: Kysely<Database>,
  practiceId: string,
  patientId: string,
  auth: { number: string; from?: string | undefined; through?: string | undefined },
): Promise<number> {
  let query = db
    .selectFrom("visits")
    .leftJoin("claims", "claims.visit_id", "visits.id")
    .select((eb) => eb.fn.count<number>("visits.id").distinct().as("n"))
    .where("visits.practice_id", "=", practiceId)
    .where("visits.patient_id", "=", patientId)
    .where("visits.authorization_number", "=", auth.number)
    .where((eb) =>
      eb.or([
        eb("claims.id", "is", null),
        eb.not(
          eb.exists(
            eb
              .selectFrom("claim_versions")
              .select("claim_versions.id")
              .whereRef("claim_versions.claim_id", "=", "claims.id")
              .whereRef("claim_versions.version", "=", "claims.current_version")
              .where("claim_versions.frequency", "=", "8"),
          ),
        ),
      ]),
    );
  if (auth.from) query = query.where("visits.date_of_service", ">=", auth.from);
  if (auth.through) query = query.where("visits.date_of_service", "<=", auth.through);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
