import { type Kysely, sql } from "kysely";
import type { Database, Row } from "./schema.js";

/**
 * Submissions (issue 9): the 837 files sent, with their ISA13/GS06/ST02 and the claim
 * versions in each. The content is sealed (it holds patient names and member ids).
 */
type Db = Kysely<Database>;

/**
 * The practice's next interchange control number (ISA13, also GS06). Run inside the
 * submission's transaction: the upsert locks the practice's counter row until commit, so
 * concurrent submissions wait for each other and never get the same number. The first
 * number follows any ISA13 the practice already used.
 */
export async function allocateControlNumber(db: Db, practiceId: string): Promise<number> {
  const result = await sql<{ last_isa13: number }>`
    insert into control_numbers (practice_id, last_isa13)
    values (${practiceId}, coalesce(
      (select max(isa13::bigint) from submissions where practice_id = ${practiceId}), 0) + 1)
    on conflict (practice_id) do update
      set last_isa13 = control_numbers.last_isa13 + 1, updated_at = now()
    returning last_isa13`.execute(db);
  return Number(result.rows[0]!.last_isa13);
}

export interface NewSubmission {
  id: string;
  practiceId: string;
  isa13: string;
  gs06: string;
  st02: string;
  chargeCents: number;
  contentSealed: string;
  keyVersion: number;
  createdBy: string;
  createdAt: Date;
  claims: ReadonlyArray<{ claimId: string; claimVersionId: string }>;
}

export async function insertSubmission(db: Db, s: NewSubmission): Promise<void> {
  await db
    .insertInto("submissions")
    .values({
      id: s.id,
      practice_id: s.practiceId,
      isa13: s.isa13,
      gs06: s.gs06,
      st02: s.st02,
      claim_count: s.claims.length,
      charge_cents: s.chargeCents,
      content_enc: s.contentSealed,
      key_version: s.keyVersion,
      created_by: s.createdBy,
      created_at: s.createdAt,
    })
    .execute();
  await db
    .insertInto("submission_claims")
    .values(
      s.claims.map((c) => ({
        submission_id: s.id,
        practice_id: s.practiceId,
        claim_id: c.claimId,
        claim_version_id: c.claimVersionId,
      })),
    )
    .execute();
}

/** A submission of one of these practices, or undefined (another tenant's id reads as absent). */
export async function findSubmission(
  db: Db,
  practiceIds: "all" | readonly string[],
  organizationId: string,
  id: string,
): Promise<(Row<"submissions"> & { claims: Row<"submission_claims">[] }) | undefined> {
  if (!isUuid(id)) return undefined;
  if (practiceIds !== "all" && practiceIds.length === 0) return undefined;
  let query = db
    .selectFrom("submissions as s")
    .innerJoin("practices as p", "p.id", "s.practice_id")
    .selectAll("s")
    .where("s.id", "=", id)
    .where("p.organization_id", "=", organizationId);
  if (practiceIds !== "all") query = query.where("s.practice_id", "in", [...practiceIds]);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const claims = await db
    .selectFrom("submission_claims")
    .selectAll()
    .where("submission_id", "=", id)
    .where("practice_id", "=", row.practice_id)
    .execute();
  return { ...row, claims };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A guessed id that is not a UUID is simply not found (the uuid column would refuse it with a 500). */
export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}
