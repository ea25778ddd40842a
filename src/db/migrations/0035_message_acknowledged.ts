import { sql, type Kysely } from 'kysely';

/**
 * 81A §H: an emergency message's delivery names who recorded it and, when it was delivered, who
 * acknowledged receiving it (the recipient or the person who took it for them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table emergency_message add column delivery_recorded_by text, add column acknowledged_by text`.execute(db);
}
