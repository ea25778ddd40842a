import { sql, type Kysely } from 'kysely';

/** A unit is retired, never deleted: old incidents keep naming its call sign (81A §E.5.c); the board no longer shows it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table agency_unit add column retired_at timestamptz, add column retired_reason text`.execute(db);
}
