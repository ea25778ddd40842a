import { sql, type Kysely } from 'kysely';

/**
 * Release of records (issue 19): the register of agencies and employees authorized to
 * receive CORI (81A §K.1.b.i), records-check requests and how each was routed or answered
 * (81A §K), the CORI dissemination log with its annotations (803 CMR 7.11; append-only:
 * never edited, never deleted), and the daily police logs' publications and corrections
 * (M.G.L. c.41 §98F; append-only too).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table cori_agency (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      ori text,
      authorized boolean not null default true,
      added_by text not null,
      added_at timestamptz not null default now(),
      revoked_by text,
      revoked_at timestamptz,
      revoke_reason text
    )`,
    sql`create unique index cori_agency_name on cori_agency (lower(name))`,
    sql`create table cori_employee (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references cori_agency (id),
      name text not null,
      employee_id text,
      authorized boolean not null default true,
      added_by text not null,
      added_at timestamptz not null default now(),
      revoked_by text,
      revoked_at timestamptz,
      revoke_reason text
    )`,
    sql`create unique index cori_employee_name on cori_employee (agency_id, lower(name))`,
    sql`create table records_check (
      id uuid primary key default gen_random_uuid(),
      number integer generated always as identity unique,
      received_at timestamptz not null default now(),
      received_by text not null,
      agency_name text not null,
      agency_id uuid references cori_agency (id),
      employee_name text not null,
      employee_id uuid references cori_employee (id),
      subject_name text not null,
      subject_dob date,
      purpose text not null,
      routing text not null check (routing in ('records_office','answered_after_hours')),
      status text not null check (status in ('open','answered')),
      identity_method text,
      identity_note text,
      answered_by text,
      answered_at timestamptz
    )`,
    sql`create index records_check_status on records_check (status, received_at)`,
    sql`create table cori_dissemination (
      id uuid primary key default gen_random_uuid(),
      number integer generated always as identity unique,
      disseminated_at timestamptz not null default now(),
      disseminated_by text not null,
      subject_name text not null,
      subject_dob date,
      recipient_name text not null,
      recipient_agency text not null,
      purpose text not null,
      what text not null,
      records_check_id uuid references records_check (id),
      identity_method text
    )`,
    sql`create index cori_dissemination_at on cori_dissemination (disseminated_at)`,
    sql`create table cori_dissemination_note (
      id uuid primary key default gen_random_uuid(),
      dissemination_id uuid not null references cori_dissemination (id),
      note text not null,
      noted_by text not null,
      noted_at timestamptz not null default now()
    )`,
    sql`create table daily_log_publication (
      log_date date primary key,
      published_by text not null,
      published_at timestamptz not null default now(),
      entries jsonb not null
    )`,
    sql`create table daily_log_correction (
      id uuid primary key default gen_random_uuid(),
      log_date date not null references daily_log_publication (log_date),
      entry_ref text,
      text text not null,
      made_by text not null,
      made_at timestamptz not null default now()
    )`,
    sql`create index daily_log_correction_date on daily_log_correction (log_date, made_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
  // 803 CMR 7.11: the dissemination log is never edited, only annotated; §98F: a published log is corrected by new entries.
  for (const table of ['cori_dissemination', 'cori_dissemination_note', 'daily_log_publication', 'daily_log_correction']) {
    await sql.raw(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function precinct_append_only()`).execute(db);
  }
}
