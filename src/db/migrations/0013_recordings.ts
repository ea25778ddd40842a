import { sql, type Kysely } from 'kysely';

/**
 * Recordings of E-911, radio and business lines (81A §L–M): the recorder's files as
 * content-addressed rows (the bytes live in the data folder or a bucket, never in the
 * database), E-911 call detail records kept in their own right, litigation holds,
 * the position each dispatcher sits at, and playback tickets. Two indexes on dispatch
 * tables let a recording find its call and its units by time without scanning a year.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table recording (
      id uuid primary key default gen_random_uuid(),
      class text not null check (class in ('e911','radio','business_line')),
      line text not null check (line in ('e911','emergency','business','radio')),
      started_at timestamptz not null,
      ended_at timestamptz not null,
      channel text not null,
      position text,
      talkgroup text,
      radio_id text,
      ani text,
      recorder text,
      recorder_ref text,
      format text not null check (format in ('wav','mp3','opus')),
      content_type text not null,
      size bigint not null check (size > 0),
      duration_seconds double precision,
      sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
      store text not null check (store in ('folder','s3')),
      stored_key text not null,
      received_at timestamptz not null default now(),
      received_via text not null check (received_via in ('upload','folder')),
      received_by text not null,
      call_id uuid,
      incident_number text,
      units text[] not null default '{}',
      match_method text,
      matched_at timestamptz,
      matched_by text,
      check (ended_at >= started_at)
    )`,
    sql`create index recording_class_started on recording (class, started_at)`,
    sql`create index recording_started on recording (started_at)`,
    sql`create index recording_position_started on recording (position, started_at) where position is not null`,
    sql`create index recording_incident on recording (incident_number) where incident_number is not null`,
    sql`create index recording_call on recording (call_id) where call_id is not null`,
    sql`create index recording_unmatched on recording (started_at) where call_id is null and incident_number is null`,
    sql`create table recording_call_detail (
      call_id uuid primary key,
      received_at timestamptz not null,
      answered_at timestamptz,
      ended_at timestamptz,
      ani text,
      ali jsonb,
      call_takers text[] not null default '{}',
      incident_number text,
      captured_at timestamptz not null default now()
    )`,
    sql`create index recording_call_detail_received on recording_call_detail (received_at)`,
    sql`create table recording_hold (
      id uuid primary key default gen_random_uuid(),
      scope text not null check (scope in ('incident','case','call','person','time_range','channel')),
      incident_number text,
      case_number text,
      call_id uuid,
      person_id uuid,
      channel text,
      range_from timestamptz,
      range_to timestamptz,
      incidents text[] not null default '{}',
      reason text not null check (length(btrim(reason)) > 0),
      court text,
      docket text,
      placed_by text not null,
      placed_at timestamptz not null default now(),
      release_requested_by text,
      release_requested_at timestamptz,
      release_reason text,
      released_by text,
      released_at timestamptz,
      check (released_by is null or released_by <> release_requested_by),
      check (range_from is null or range_to > range_from)
    )`,
    sql`create index recording_hold_active on recording_hold (scope) where released_at is null`,
    sql`create table recording_seat (
      id uuid primary key default gen_random_uuid(),
      position text not null,
      username text not null,
      taken_at timestamptz not null,
      left_at timestamptz
    )`,
    sql`create index recording_seat_position on recording_seat (position, taken_at)`,
    sql`create unique index recording_seat_open_position on recording_seat (position) where left_at is null`,
    sql`create unique index recording_seat_open_user on recording_seat (username) where left_at is null`,
    sql`create table recording_playback (
      id uuid primary key default gen_random_uuid(),
      recording_id uuid not null references recording(id) on delete cascade,
      username text not null,
      purpose text not null,
      issued_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`,
    // The recordings' look-ups into dispatch: calls and unit assignments by time.
    sql`create index if not exists call_received_at on call (received_at)`,
    sql`create index if not exists incident_unit_dispatched_at on incident_unit (dispatched_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
