import { sql, type Kysely } from 'kysely';

/**
 * Backups and the IT records of S-110. Each backup run is recorded (size, duration,
 * result, its off-site copies, its last verification, when it was pruned), as is each
 * restore drill. The IT records: software and hardware change requests and the Chief's
 * decision (§C), the electronic media register (§G.2), sanitization of media to be reused
 * (§I.1), destruction of media with the locked case, transport, the CJIS-certified
 * witness and the vendor's certificate (§I.2), and the server room's access log and
 * escorted visitors (§G.1).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table backup_archive (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      started_at timestamptz not null,
      finished_at timestamptz,
      status text not null check (status in ('ok','failed')),
      error text,
      size bigint,
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      duration_ms integer not null check (duration_ms >= 0),
      database_kind text not null,
      dump_format text not null,
      counts jsonb not null default '{}',
      audit_positions bigint,
      started_by text not null,
      offsite jsonb not null default '[]',
      last_verified_at timestamptz,
      last_verify_ok boolean,
      last_verify_detail text,
      pruned_at timestamptz,
      pruned_by text
    )`,
    sql`create index backup_archive_started on backup_archive (started_at)`,
    sql`create table backup_drill (
      id uuid primary key default gen_random_uuid(),
      archive_id uuid references backup_archive (id),
      archive_name text,
      at timestamptz not null,
      ok boolean not null,
      detail text not null,
      duration_ms integer not null,
      run_by text not null
    )`,
    sql`create table it_change_request (
      id uuid primary key default gen_random_uuid(),
      number integer generated always as identity unique,
      kind text not null check (kind in ('software','hardware')),
      action text not null check (action in ('add','modify','transfer')),
      requested_by text not null,
      helpdesk_ticket text,
      what text not null,
      why text not null,
      computer text not null,
      licence text,
      status text not null check (status in ('requested','authorized','refused','completed')),
      decided_by text,
      decided_at timestamptz,
      decision_note text,
      completed_by text,
      completed_at timestamptz,
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`,
    sql`create table it_media (
      id uuid primary key default gen_random_uuid(),
      serial text not null unique,
      media_type text not null,
      description text not null,
      holds_cjis boolean not null,
      location text not null,
      status text not null check (status in ('in_use','stored','sanitized','locked_for_destruction','destroyed')),
      registered_by text not null,
      registered_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create table it_media_sanitization (
      id uuid primary key default gen_random_uuid(),
      media_id uuid not null references it_media (id),
      method text not null check (method in ('overwrite','degauss')),
      passes integer check (passes is null or passes >= 3),
      performed_by text not null,
      performed_on date not null,
      note text,
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      check (method = 'degauss' or passes is not null)
    )`,
    sql`create table it_media_destruction (
      media_id uuid primary key references it_media (id),
      case_label text not null,
      locked_by text not null,
      locked_at timestamptz not null,
      transported_by text,
      transported_on date,
      vendor text,
      witnessed_by text,
      destroyed_on date,
      certificate_number text,
      certificate_serial text,
      certificate_date date,
      certificate_sha256 text,
      certificate_name text,
      certificate_type text,
      recorded_by text,
      recorded_at timestamptz
    )`,
    sql`create table it_room_access (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null,
      badge text not null,
      person text not null,
      door text not null,
      result text not null check (result in ('granted','denied')),
      import_name text not null,
      imported_by text not null,
      imported_at timestamptz not null default now(),
      unique (at, badge, door)
    )`,
    sql`create index it_room_access_at on it_room_access (at)`,
    sql`create table it_room_visitor (
      id uuid primary key default gen_random_uuid(),
      visitor text not null,
      organization text,
      purpose text not null,
      escort text not null,
      entered_at timestamptz not null,
      left_at timestamptz,
      recorded_by text not null,
      check (left_at is null or left_at >= entered_at)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
