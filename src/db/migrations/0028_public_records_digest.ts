import { sql, type Kysely } from 'kysely';

/**
 * A gathered record's digest: the SHA-256 of its text as the clerk reviewed it, so a release
 * refuses a record that changed after review (a supplement approved meanwhile) until it is
 * gathered again and its new text reviewed (S-110 §B.2).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table records_request_item add column digest text not null default ''`.execute(db);
}
