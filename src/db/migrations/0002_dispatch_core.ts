import { sql, type Kysely } from 'kysely';

/**
 * The dispatch projections shared by call-taking and dispatching: yearly number series, incidents, the units on each incident, and
 * each unit's current status. The event log stays the legal record; these tables
 * are what screens read, written in the same transaction as the events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table number_series (
      series text not null,
      year integer not null,
      last integer not null,
      primary key (series, year)
    )`,
    sql`create table incident (
      number text primary key,
      call_id uuid,
      type text not null,
      priority integer not null,
      location jsonb not null,
      complainant jsonb,
      narrative text,
      status text not null default 'pending' check (status in ('pending','dispatched','on_scene','closed')),
      disposition text,
      confidential boolean not null default false,
      reported_at timestamptz not null default now(),
      closed_at timestamptz,
      created_by text not null,
      min_units integer not null,
      supervisor_required boolean not null
    )`,
    sql`create index incident_open on incident (status) where status <> 'closed'`,
    sql`create table unit_status (
      call_sign text primary key references agency_unit(call_sign),
      status text not null default 'available',
      incident_number text references incident(number),
      reason text,
      since timestamptz not null default now(),
      location jsonb,
      personnel text[] not null default '{}'
    )`,
    sql`create table incident_unit (
      incident_number text not null references incident(number),
      call_sign text not null references agency_unit(call_sign),
      role text not null check (role in ('primary','backup')),
      dispatched_at timestamptz not null,
      en_route_at timestamptz,
      arrived_at timestamptz,
      cleared_at timestamptz,
      primary key (incident_number, call_sign, dispatched_at)
    )`,
    sql`create index incident_unit_active on incident_unit (call_sign) where cleared_at is null`,
  ];
  for (const statement of statements) await statement.execute(db);
}
