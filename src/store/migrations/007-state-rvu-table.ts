import { type Kysely, sql } from "kysely";

/**
 * A practice's payer profile may carry a state's RVU table (issue 11, state schedule method
 * "state-rvu": NY's workers' comp and no-fault schedule), as the csv text the practice imported,
 * beside the fee table text. Null for every other profile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payer_profiles add column state_rvu_table jsonb`.execute(db);
}
