import { sql, type Kysely } from 'kysely';

/**
 * Call-taking (81A §C–D): every request for service as a call, the
 * reporting party's WHAT/WHERE/WHEN/HOW/WHO/WHY on the incident, and the real
 * addresses of domestic-violence programs kept apart from the record (81A §D.3.c).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table call (
      id uuid primary key default gen_random_uuid(),
      line text not null,
      status text not null default 'ringing' check (status in ('ringing','active','on_hold','ended')),
      outcome text check (outcome in ('incident','no_response','transferred','screening','abandoned')),
      priority integer not null,
      category text,
      caller_name text,
      callback_number text,
      ali jsonb,
      ali_checks jsonb not null default '{}',
      answers jsonb not null default '{}',
      transferred_from text,
      transferred_to jsonb,
      call_takers text[] not null default '{}',
      hold_reason text,
      held_at timestamptz,
      incident_number text references incident(number),
      no_response_type text,
      screening jsonb,
      received_at timestamptz not null default now(),
      answered_at timestamptz,
      ended_at timestamptz,
      created_by text not null
    )`,
    sql`create index call_open on call (priority, received_at) where status <> 'ended'`,
    sql`create index call_screening on call (received_at) where outcome = 'screening'`,
    sql`create index call_incident on call (incident_number) where incident_number is not null`,
    sql`alter table incident add column reporting_party jsonb`,
    sql`create table shelter_address (
      incident_number text not null references incident(number),
      field text not null check (field in ('location','complainant')),
      address jsonb not null,
      recorded_at timestamptz not null default now(),
      recorded_by text not null,
      primary key (incident_number, field)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
