import { type Kysely, sql } from "kysely";
import type { Database, NewRow, Row } from "./schema.js";

/**
 * Remittances (issue 9): one row per posted 835 file (unique by the SHA-256 of its
 * normalized text per practice, so a file posts once), its claims with their lines and
 * adjustments, and the PLB provider adjustments. Every function takes the practice id;
 * callers pass only practices the scope may act on.
 */
type Db = Kysely<Database>;

export async function findRemitByHash(
  db: Db,
  practiceId: string,
  contentHash: string,
): Promise<Row<"remittances"> | undefined> {
  return db
    .selectFrom("remittances")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .where("content_hash", "=", contentHash)
    .executeTakeFirst();
}

export async function insertRemittance(db: Db, row: NewRow<"remittances">): Promise<void> {
  await db.insertInto("remittances").values(row).execute();
}

export async function updateRemittance(
  db: Db,
  practiceId: string,
  id: string,
  set: { summary: string; balanced: boolean; plb: string; plb_cents: number; paid_cents: number },
): Promise<void> {
  await db
    .updateTable("remittances")
    .set(set)
    .where("id", "=", id)
    .where("practice_id", "=", practiceId)
    .execute();
}

export async function insertRemitClaim(db: Db, row: NewRow<"remit_claims">): Promise<void> {
  await db.insertInto("remit_claims").values(row).execute();
}

/**
 * The payment a reversal (CLP02 = 22) takes back: a remit claim of this practice with the
 * same patient control number and payer claim control number, not itself a reversal, not
 * reversed yet, and with the opposite amounts (005010X221A1 §1.10.2.8, reversals and
 * corrections). The earliest such payment is reversed first.
 */
export async function findReversedRemitClaim(
  db: Db,
  practiceId: string,
  reversal: {
    controlNumber: string;
    payerClaimControlNumber: string | null;
    chargeCents: number;
    paidCents: number;
  },
): Promise<Row<"remit_claims"> | undefined> {
  let query = db
    .selectFrom("remit_claims as rc")
    .innerJoin("remittances as r", "r.id", "rc.remittance_id")
    .selectAll("rc")
    .where("rc.practice_id", "=", practiceId)
    .where((eb) =>
      eb(
        eb.fn("upper", [eb.fn("btrim", ["rc.control_number"])]),
        "=",
        reversal.controlNumber.trim().toUpperCase(),
      ),
    )
    .where("rc.status_code", "<>", "22")
    .where("rc.reversed", "=", false)
    .where("rc.charge_cents", "=", -reversal.chargeCents)
    .where("rc.paid_cents", "=", -reversal.paidCents);
  query =
    reversal.payerClaimControlNumber === null
      ? query.where("rc.payer_claim_control_number", "is", null)
      : query.where("rc.payer_claim_control_number", "=", reversal.payerClaimControlNumber);
  return query.orderBy("r.created_at", "asc").orderBy("rc.id").forUpdate().executeTakeFirst();
}

export async function markReversed(db: Db, practiceId: string, id: string): Promise<void> {
  await db
    .updateTable("remit_claims")
    .set({ reversed: true })
    .where("id", "=", id)
    .where("practice_id", "=", practiceId)
    .execute();
}

/** The claim's status before a remit claim was posted to it (from the posting's life-cycle event). */
export async function statusBeforePosting(
  db: Db,
  practiceId: string,
  claimId: string,
  remitClaimId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("claim_events")
    .select(["from_status"])
    .where("practice_id", "=", practiceId)
    .where("claim_id", "=", claimId)
    .where(sql<string>`data->>'remitClaimId'`, "=", remitClaimId)
    .orderBy("at", "asc")
    .executeTakeFirst();
  return row?.from_status ?? undefined;
}

export async function findRemit(
  db: Db,
  practiceIds: "all" | readonly string[],
  organizationId: string,
  id: string,
): Promise<(Row<"remittances"> & { claims: Row<"remit_claims">[] }) | undefined> {
  if (practiceIds !== "all" && practiceIds.length === 0) return undefined;
  let query = db
    .selectFrom("remittances as r")
    .innerJoin("practices as p", "p.id", "r.practice_id")
    .selectAll("r")
    .where("r.id", "=", id)
    .where("p.organization_id", "=", organizationId);
  if (practiceIds !== "all") query = query.where("r.practice_id", "in", [...practiceIds]);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const claims = await db
    .selectFrom("remit_claims")
    .selectAll()
    .where("remittance_id", "=", id)
    .where("practice_id", "=", row.practice_id)
    .orderBy("id")
    .execute();
  return { ...row, claims };
}
