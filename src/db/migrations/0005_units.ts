import { sql, type Kysely } from 'kysely';

/**
 * Dispatching (81A §B, §E, §H): what the status board needs beyond migration 0002
 * (standby, unanswered calls, the details of a transport or a motor vehicle stop),
 * radio ids for the emergency button, alerts with their acknowledgment, emergency
 * messages, facility alarms and the dispatcher's resources. The event log stays the
 * legal record; these are projections written in the same transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`alter table agency_unit add column supervisor boolean not null default false`,
    sql`alter table unit_status add column detail jsonb`,
    sql`alter table unit_status add column standby_since timestamptz`,
    sql`alter table unit_status add column standby_reason text`,
    sql`alter table unit_status add column unanswered_calls integer not null default 0`,
    sql`alter table unit_status add column first_unanswered_at timestamptz`,
    sql`alter table unit_status add column location_at timestamptz`,
    sql`create table unit_radio (
      radio_id text primary key,
      call_sign text references agency_unit(call_sign),
      username text references app_user(username),
      kind text not null check (kind in ('mobile','portable')),
      added_at timestamptz not null default now()
    )`,
    sql`create table alert (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      priority integer not null,
      title text not null,
      detail jsonb not null default '{}',
      call_sign text,
      incident_number text references incident(number),
      audience text[] not null default '{}',
      dedupe_key text unique,
      raised_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      acknowledged_by text,
      acknowledgment text
    )`,
    sql`create index alert_open on alert (priority, raised_at) where acknowledged_at is null`,
    sql`create table emergency_message (
      id uuid primary key default gen_random_uuid(),
      received_at timestamptz not null default now(),
      received_by text not null,
      kind text not null check (kind in ('injury_illness','death_family','other_authorized')),
      message text not null,
      requester jsonb not null,
      recipient jsonb not null,
      decision text,
      decision_note text,
      decided_by text,
      decided_at timestamptz,
      delivered boolean,
      delivery_note text,
      delivery_recorded_at timestamptz,
      requester_told_at timestamptz,
      requester_told_by text
    )`,
    sql`create table facility_alarm (
      id uuid primary key default gen_random_uuid(),
      facility text not null,
      received_at timestamptz not null default now(),
      note text,
      notify jsonb not null,
      told jsonb not null default '[]',
      alert_id uuid references alert(id)
    )`,
    sql`create table directory_entry (
      id uuid primary key default gen_random_uuid(),
      category text not null,
      name text not null,
      organization text,
      phone text,
      url text,
      notes text,
      facility text,
      updated_at timestamptz not null default now()
    )`,
    sql`create index directory_entry_name on directory_entry using gin (name gin_trgm_ops)`,
    sql`create table residential_phone (
      username text primary key references app_user(username),
      phone text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
  await seedDirectory(db);
}

/** 81A §B.2.b.vi–viii: the utilities, town departments and plans every dispatcher must reach; numbers are entered locally. */
async function seedDirectory(db: Kysely<unknown>): Promise<void> {
  const entries: [string, string, string | null][] = [
    ['utility', 'National Grid (gas)', null], ['utility', 'Eversource (electric)', null],
    ['utility', 'Verizon', null], ['utility', 'Comcast', null],
    ['town_department', 'Department of Public Works (DPW)', 'water_pumping_station'],
    ['town_department', 'School Department', null], ['town_department', 'Town Manager', null],
    ['town_department', 'IT personnel', null], ['town_department', 'Fire Department', null],
    ['facility_contact', 'Facilities — police station building', 'furnace'],
    ['facility_contact', 'Facilities — police station generator', 'generator'],
    ['plan', 'All Hazards Plan (Policy 46A) — G: drive; hard copy in the Commanding Officer’s office', null],
    ['law_enforcement', 'Law-enforcement directory — at each E-911 PSAP and in the Commanding Officer’s office', null],
  ];
  for (const [category, name, facility] of entries) {
    await sql`insert into directory_entry (category, name, facility) values (${category}, ${name}, ${facility})`.execute(db);
  }
}
