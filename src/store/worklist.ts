import type { Kysely } from "kysely";
import type { Database, NewRow, Row } from "./schema.js";

/**
 * Worklist items (issue 9): each denied or reduced line, underpayment, rejection or
 * unmatched remit claim, linked to its claim, claim version and remit claim, with status,
 * assignee and notes. Callers pass the practices the scope may act on.
 */
type Db = Kysely<Database>;

export async function insertWorklistItems(db: Db, rows: readonly NewRow<"worklist_items">[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("worklist_items")
    .values([...rows])
    .execute();
}

export interface WorklistFilter {
  practiceIds: "all" | readonly string[];
  organizationId: string;
  practiceId?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  assignee?: string | undefined;
  claimId?: string | undefined;
  /** Keyset: items created after this (created_at, id). */
  after?: { createdAt: string; id: string } | undefined;
  limit: number;
}

export async function listWorklistItems(db: Db, filter: WorklistFilter): Promise<Row<"worklist_items">[]> {
  if (filter.practiceIds !== "all" && filter.practiceIds.length === 0) return [];
  let query = db
    .selectFrom("worklist_items as w")
    .innerJoin("practices as p", "p.id", "w.practice_id")
    .selectAll("w")
    .where("p.organization_id", "=", filter.organizationId);
  if (filter.practiceIds !== "all") query = query.where("w.practice_id", "in", [...filter.practiceIds]);
  if (filter.practiceId) query = query.where("w.practice_id", "=", filter.practiceId);
  if (filter.status) query = query.where("w.status", "=", filter.status);
  if (filter.kind) query = query.where("w.kind", "=", filter.kind as Row<"worklist_items">["kind"]);
  if (filter.assignee) query = query.where("w.assignee", "=", filter.assignee);
  if (filter.claimId) query = query.where("w.claim_id", "=", filter.claimId);
  if (filter.after) {
    const after = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb("w.created_at", ">", new Date(after.createdAt)),
        eb.and([eb("w.created_at", "=", new Date(after.createdAt)), eb("w.id", ">", after.id)]),
      ]),
    );
  }
  return query.orderBy("w.created_at", "asc").orderBy("w.id", "asc").limit(filter.limit).execute();
}

export async function findWorklistItem(
  db: Db,
  practiceIds: "all" | readonly string[],
  organizationId: string,
  id: string,
  lock = false,
): Promise<Row<"worklist_items"> | undefined> {
  if (practiceIds !== "all" && practiceIds.length === 0) return undefined;
  let query = db
    .selectFrom("worklist_items as w")
    .innerJoin("practices as p", "p.id", "w.practice_id")
    .selectAll("w")
    .where("w.id", "=", id)
    .where("p.organization_id", "=", organizationId);
  if (practiceIds !== "all") query = query.where("w.practice_id", "in", [...practiceIds]);
  return (lock ? query.forUpdate("w") : query).executeTakeFirst();
}

export async function updateWorklistRow(
  db: Db,
  practiceId: string,
  id: string,
  set: { status: string; assignee: string | null; notes: string; updated_at: Date },
): Promise<void> {
  await db
    .updateTable("worklist_items")
    .set(set)
    .where("id", "=", id)
    .where("practice_id", "=", practiceId)
    .execute();
}
