import { sql, type Kysely } from 'kysely';

/**
 * Knox custody and the close of an incident (issue 13, O-604 §III.F, §III.H): the filed
 * original of a Knox Box Access Reporting Form is retained by the Records Bureau, so its
 * row is never updated or deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger knox_document_append_only before update or delete on knox_document for each row execute function precinct_append_only()`.execute(db);
}
