import { sql, type Kysely } from 'kysely';

/**
 * S-110 §A.1.j, u: whoever receives an item is either one of the agency's people (their login,
 * printed by name and badge) or an outside recipient typed as given (a lab, a court, an owner),
 * marked as such, so a typed name is never read as a login.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table custody_entry add column from_outside boolean not null default false, add column to_outside boolean not null default false`.execute(db);
  await sql`alter table property_item add column holder_outside boolean not null default false`.execute(db);
}
