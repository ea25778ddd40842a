import { sql, type Kysely } from 'kysely';

/**
 * Street files (S-110 §A.1.v): the streets a town without a centerline file enters by hand,
 * and the department's premises notes and hazards on a street, a range of it or an address,
 * in force from one date until another (or until ended, with a reason; never deleted).
 * The index of imported streets is not copied here: it is read from the geography layers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table street_file_street (
      name text primary key check (name <> ''),
      odd_low integer, odd_high integer, even_low integer, even_high integer,
      sectors text[] not null default '{}',
      cross_streets text[] not null default '{}',
      entered_by text not null,
      entered_at timestamptz not null default now(),
      check (odd_low is null or (odd_high is not null and odd_low <= odd_high and odd_low >= 0)),
      check (even_low is null or (even_high is not null and even_low <= even_high and even_low >= 0)),
      check ((odd_low is null) = (odd_high is null)),
      check ((even_low is null) = (even_high is null))
    )`,
    sql`create table street_file_note (
      id uuid primary key default gen_random_uuid(),
      street text not null check (street <> ''),
      number text,
      low integer,
      high integer,
      side text check (side in ('odd','even','both')),
      kind text not null check (kind in ('premises','hazard')),
      text text not null check (text <> ''),
      effective_from date not null,
      effective_until date,
      entered_by text not null,
      entered_at timestamptz not null default now(),
      ended_at timestamptz,
      ended_by text,
      ended_reason text,
      check (effective_until is null or effective_until >= effective_from),
      check ((low is null) = (high is null) and (low is null) = (side is null)),
      check (low is null or (low >= 0 and low <= high)),
      check (number is null or low is null),
      check ((ended_at is null) = (ended_by is null))
    )`,
    sql`create index street_file_note_street on street_file_note (street, effective_from) where ended_at is null`,
  ]) await statement.execute(db);
}
