import type { Kysely } from "kysely";
import type { Database, NewRow, Row } from "./schema.js";

/**
 * Acknowledgments (issue 12): the 999, 277CA and 277 files posted to a practice, unique by
 * content hash, and the submissions a 999 names. Every function takes the practice id (or
 * the scope's practices); callers pass only practices the scope may act on.
 */
type Db = Kysely<Database>;

export async function findAcknowledgmentByHash(
  db: Db,
  practiceId: string,
  contentHash: string,
): Promise<Row<"acknowledgments"> | undefined> {
  return db
    .selectFrom("acknowledgments")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .where("content_hash", "=", contentHash)
    .executeTakeFirst();
}

export async function insertAcknowledgment(db: Db, row: NewRow<"acknowledgments">): Promise<void> {
  await db.insertInto("acknowledgments").values(row).execute();
}

export async function updateAcknowledgment(
  db: Db,
  practiceId: string,
  id: string,
  set: { summary: string; submission_id: string | null },
): Promise<void> {
  await db
    .updateTable("acknowledgments")
    .set(set)
    .where("id", "=", id)
    .where("practice_id", "=", practiceId)
    .execute();
}

/** A posted acknowledgment of one of these practices of the organization, or undefined. */
export async function findAcknowledgment(
  db: Db,
  practiceIds: "all" | readonly string[],
  organizationId: string,
  id: string,
): Promise<Row<"acknowledgments"> | undefined> {
  if (practiceIds !== "all" && practiceIds.length === 0) return undefined;
  let query = db
    .selectFrom("acknowledgments as a")
    .innerJoin("practices as p", "p.id", "a.practice_id")
    .selectAll("a")
    .where("a.id", "=", id)
    .where("p.organization_id", "=", organizationId);
  if (practiceIds !== "all") query = query.where("a.practice_id", "in", [...practiceIds]);
  return query.executeTakeFirst();
}

/**
 * The practice's submission whose functional group a 999 acknowledges (AK1-02 = GS06).
 * GS06 is stored unpadded; a clearinghouse may echo it with leading zeros.
 */
export async function submissionByGroup(
  db: Db,
  practiceId: string,
  groupControlNumber: string,
): Promise<(Row<"submissions"> & { claims: Row<"submission_claims">[] }) | undefined> {
  const unpadded = groupControlNumber.trim().replace(/^0+(?=\d)/, "");
  if (!/^\d{1,9}$/.test(unpadded)) return undefined;
  const row = await db
    .selectFrom("submissions")
    .selectAll()
    .where("practice_id", "=", practiceId)
    .where("gs06", "=", unpadded)
    .executeTakeFirst();
  if (!row) return undefined;
  const claims = await db
    .selectFrom("submission_claims")
    .selectAll()
    .where("submission_id", "=", row.id)
    .where("practice_id", "=", practiceId)
    .execute();
  return { ...row, claims };
}

/** Each claim's submissions, oldest first: which one is the latest, and what version it sent. */
export async function submissionsOfClaims(
  db: Db,
  practiceId: string,
  claimIds: readonly string[],
): Promise<Map<string, Array<{ submissionId: string; claimVersionId: string; createdAt: Date }>>> {
  const out = new Map<string, Array<{ submissionId: string; claimVersionId: string; createdAt: Date }>>();
  if (claimIds.length === 0) return out;
  const rows = await db
    .selectFrom("submission_claims as sc")
    .innerJoin("submissions as s", "s.id", "sc.submission_id")
    .select(["sc.claim_id", "sc.submission_id", "sc.claim_version_id", "s.created_at", "s.isa13"])
    .where("sc.practice_id", "=", practiceId)
    .where("sc.claim_id", "in", [...claimIds])
    .orderBy("s.created_at", "asc")
    .orderBy("s.isa13", "asc")
    .execute();
  for (const r of rows) {
    const list = out.get(r.claim_id) ?? [];
    list.push({
      submissionId: r.submission_id,
      claimVersionId: r.claim_version_id,
      createdAt: new Date(r.created_at),
    });
    out.set(r.claim_id, list);
  }
  return out;
}
