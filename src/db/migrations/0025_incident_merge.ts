import { sql, type Kysely } from 'kysely';

/**
 * A duplicate incident names the one it was merged into (81A §C "Multiple Calls": several
 * calls about one incident). The duplicate keeps its own number and history and closes
 * with the disposition DUPLICATE; this column says where its callers and units went.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incident add column merged_into text references incident(number)`.execute(db);
}
