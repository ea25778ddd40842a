import { sql, type Kysely } from 'kysely';

/** The event log, the audit chain, users and sessions, code tables and the agency's units. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create extension if not exists pg_trgm`,
    sql`create extension if not exists fuzzystrmatch`,
    // The event log is the legal record: append-only, one global sequence.
    sql`create table event (
      seq bigserial primary key,
      at timestamptz not null default now(),
      kind text not null,
      subject_type text not null,
      subject_id text not null,
      actor_user text,
      actor_unit text,
      confidential boolean not null default false,
      payload jsonb not null default '{}'::jsonb
    )`,
    sql`create index event_subject on event (subject_type, subject_id, seq)`,
    sql`create table audit (
      id bigserial primary key,
      at timestamptz not null,
      username text,
      role text,
      source text,
      remote boolean not null default false,
      action text not null,
      subject_type text,
      subject_id text,
      outcome text not null check (outcome in ('allowed','denied','failed')),
      reason text,
      detail jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null
    )`,
    sql`create index audit_user on audit (username, at)`,
    // Append-only: neither the server's database user nor anyone else may change or remove a row.
    sql`create function precinct_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'table % is append-only', tg_table_name using errcode = 'P0001';
      end $$`,
    sql`create trigger event_append_only before update or delete on event
      for each row execute function precinct_append_only()`,
    sql`create trigger audit_append_only before update or delete on audit
      for each row execute function precinct_append_only()`,
    sql`create table app_user (
      username text primary key,
      first_name text not null,
      last_name text not null,
      badge text,
      unit text,
      roles text[] not null default '{}',
      password_hash text not null,
      password_changed_at timestamptz not null,
      must_change_password boolean not null default true,
      disabled_at timestamptz,
      disabled_reason text,
      failed_signins integer not null default 0,
      locked_until timestamptz,
      last_signin_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    sql`create table session (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      username text not null references app_user(username),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null,
      ended_at timestamptz,
      source text,
      remote boolean not null default false
    )`,
    sql`create index session_by_user on session (username)`,
    sql`create table code_entry (
      table_name text not null,
      code text not null,
      name text not null,
      attrs jsonb not null default '{}'::jsonb,
      active boolean not null default true,
      sort integer not null default 0,
      primary key (table_name, code)
    )`,
    sql`create table agency_unit (
      call_sign text primary key,
      kind text not null,
      service text not null check (service in ('police','fire','ems')),
      area text,
      description text
    )`,
    sql`create table roster (
      id bigserial primary key,
      shift_date date not null,
      shift text not null,
      call_sign text references agency_unit(call_sign),
      username text references app_user(username),
      assignment text not null
    )`,
    sql`create table setting (
      key text primary key,
      value jsonb not null
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
