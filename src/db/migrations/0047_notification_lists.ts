import { sql, type Kysely } from 'kysely';

/**
 * The emergency notification list (S-110 §A.1.h): for each kind of town emergency, the ordered
 * list of people and agencies to call; and the call-downs run from it, each with the entries it
 * was started with (a later edit of the list leaves a past call-down as it was) and an
 * append-only record of every attempt. A residential number is never copied here: a person's
 * entry names the person, and the number is looked up, audited, when a call-down is read (81A §B.2.b.iii).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table notification_list (
      kind text primary key,
      name text not null unique,
      notes text,
      active boolean not null default true,
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`,
    sql`create table notification_list_entry (
      id uuid primary key default gen_random_uuid(),
      kind text not null references notification_list (kind),
      position integer not null check (position >= 1),
      source text not null check (source in ('directory','person','other')),
      directory_entry_id uuid references directory_entry (id),
      person text,
      name text not null,
      role text,
      phones jsonb not null default '[]',
      notes text,
      required boolean not null default true,
      unique (kind, position),
      check ((source = 'directory') = (directory_entry_id is not null)),
      check ((source = 'person') = (person is not null))
    )`,
    sql`create table call_down (
      id uuid primary key default gen_random_uuid(),
      kind text not null references notification_list (kind),
      kind_name text not null,
      list_notes text,
      incident_number text,
      reason text,
      started_by text not null,
      started_at timestamptz not null,
      completed_at timestamptz,
      completed_by text,
      completion text check (completion in ('all_reached','closed')),
      check ((completed_at is null) = (completion is null))
    )`,
    sql`create index call_down_started on call_down (started_at desc, id desc)`,
    sql`create index call_down_open on call_down (started_at) where completed_at is null`,
    sql`create table call_down_entry (
      id uuid primary key default gen_random_uuid(),
      call_down_id uuid not null references call_down (id),
      position integer not null,
      source text not null check (source in ('directory','person','other')),
      person text,
      name text not null,
      role text,
      phones jsonb not null default '[]',
      notes text,
      required boolean not null,
      unique (call_down_id, position)
    )`,
    sql`create table call_down_attempt (
      id uuid primary key default gen_random_uuid(),
      call_down_id uuid not null references call_down (id),
      entry_id uuid not null references call_down_entry (id),
      outcome text not null check (outcome in ('reached','no_answer','left_message','wrong_number')),
      note text,
      at timestamptz not null,
      by_user text not null
    )`,
    sql`create index call_down_attempt_order on call_down_attempt (call_down_id, at, id)`,
    sql`create trigger call_down_entry_append_only before update or delete on call_down_entry
      for each row execute function precinct_append_only()`,
    sql`create trigger call_down_attempt_append_only before update or delete on call_down_attempt
      for each row execute function precinct_append_only()`,
  ]) await statement.execute(db);
}
