import { sql, type Kysely } from 'kysely';

/**
 * One index fewer for every audit row written: `audit_user` (username, at) answers nothing
 * that `audit_user_newest` (username, at desc, id desc; 0034) does not, read in either direction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists audit_user`.execute(db);
}
