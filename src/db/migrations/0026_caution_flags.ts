import { sql, type Kysely } from 'kysely';

/**
 * Caution flags for officer safety at call time: a hazard at an address (a dog, weapons
 * in the house, a resident who fights police) or on a person, entered by supervisors and
 * records staff with its source and an expiry, shown to the dispatcher when the location
 * or the person is entered and on the field view. Removed, never deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table caution_flag (
    id uuid primary key default gen_random_uuid(),
    address text,
    address_key text,
    person_id uuid references person(id),
    kind text not null,
    note text not null,
    source text not null,
    expires_on date,
    created_by text not null,
    created_at timestamptz not null default now(),
    removed_at timestamptz,
    removed_by text,
    removed_reason text,
    check (address_key is not null or person_id is not null)
  )`.execute(db);
  await sql`create index caution_flag_address on caution_flag (address_key) where removed_at is null`.execute(db);
  await sql`create index caution_flag_person on caution_flag (person_id) where removed_at is null`.execute(db);
}
