import { sql, type Kysely } from 'kysely';

/**
 * An access names the access key its officer holds (issue 13, O-604 §III.B–C): the key
 * assigned to the officer for the shift is what opens the box, so the access records
 * which key and which shift assignment it was. Accesses filed before this column stay
 * without one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table knox_access add column access_key text references knox_key(number)`.execute(db);
  await sql`alter table knox_access add column key_assignment_id uuid references knox_assignment(id)`.execute(db);
}
