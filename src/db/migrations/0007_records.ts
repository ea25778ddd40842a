import { sql, type Kysely } from 'kysely';

/**
 * Records management (S-110 §A, §B): cases with gap-free yearly numbers,
 * the master name, vehicle and business indexes, reports (incident, arrest booking,
 * field interview, supplements) with the parties they involve, and photos whose
 * bytes live outside the database. Names carry stored phonetic keys and trigram
 * indexes so the forgiving search stays fast at a million names. The trigram indexes
 * skip GIN's pending list (fastupdate = off): every search would otherwise scan the
 * not-yet-merged entries, and names are added at human pace.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table person (
      id uuid primary key default gen_random_uuid(),
      dob date,
      sex text,
      race text,
      height_in integer check (height_in between 12 and 108),
      weight_lb integer check (weight_lb between 1 and 1500),
      merged_into uuid references person(id),
      created_at timestamptz not null default now(),
      created_by text not null
    )`,
    sql`create table person_name (
      id bigserial primary key,
      person_id uuid not null references person(id),
      kind text not null check (kind in ('primary','alias')),
      first_name text not null,
      middle_name text,
      last_name text not null,
      first_norm text generated always as (lower(first_name)) stored,
      last_norm text generated always as (lower(last_name)) stored,
      first_soundex text generated always as (soundex(first_name)) stored,
      last_soundex text generated always as (soundex(last_name)) stored,
      last_dmeta text generated always as (dmetaphone(last_name)) stored
    )`,
    sql`create index person_name_person on person_name (person_id)`,
    sql`create index person_name_last_trgm on person_name using gin (last_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create index person_name_last_soundex on person_name (last_soundex, first_soundex)`,
    sql`create index person_name_last_dmeta on person_name (last_dmeta, first_soundex)`,
    sql`create unique index person_name_one_primary on person_name (person_id) where kind = 'primary'`,
    sql`create table person_identifier (
      id bigserial primary key,
      person_id uuid not null references person(id),
      kind text not null,
      value text not null,
      state text
    )`,
    sql`create index person_identifier_value on person_identifier (upper(value))`,
    sql`create table person_address (
      id bigserial primary key,
      person_id uuid not null references person(id),
      kind text not null default 'home',
      address text not null,
      added_at timestamptz not null default now()
    )`,
    sql`create table person_phone (
      id bigserial primary key,
      person_id uuid not null references person(id),
      kind text not null default 'mobile',
      number text not null
    )`,
    sql`create table person_merge (
      id uuid primary key default gen_random_uuid(),
      survivor_id uuid not null references person(id),
      merged_id uuid not null references person(id),
      reason text not null,
      merged_by text not null,
      merged_at timestamptz not null default now(),
      undone_by text,
      undone_at timestamptz,
      undo_reason text
    )`,
    sql`create table vehicle (
      id uuid primary key default gen_random_uuid(),
      plate text,
      plate_norm text generated always as (upper(regexp_replace(coalesce(plate, ''), '[^A-Za-z0-9]', '', 'g'))) stored,
      plate_key text,
      state text,
      vin text,
      make text,
      model text,
      color text,
      year integer,
      created_at timestamptz not null default now(),
      created_by text not null
    )`,
    sql`create index vehicle_plate_trgm on vehicle using gin (plate_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create index vehicle_plate_key on vehicle (plate_key)`,
    sql`create index vehicle_vin on vehicle (upper(vin))`,
    sql`create table business (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      name_norm text generated always as (lower(name)) stored,
      name_dmeta text generated always as (dmetaphone(name)) stored,
      address text not null,
      phone text,
      emergency_contacts jsonb not null default '[]'::jsonb,
      created_at timestamptz not null default now(),
      created_by text not null
    )`,
    sql`create index business_name_trgm on business using gin (name_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create table record_case (
      number text primary key,
      year integer not null,
      type text not null,
      location jsonb not null,
      occurred_at timestamptz not null,
      incident_number text unique references incident(number),
      carried jsonb not null default '{}'::jsonb,
      opened_at timestamptz not null default now(),
      opened_by text not null
    )`,
    sql`create table report (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('incident','arrest','field_interview','supplement')),
      case_number text references record_case(number),
      parent_id uuid references report(id),
      status text not null default 'draft' check (status in ('draft','submitted','returned','approved')),
      author text not null,
      occurred_at timestamptz not null,
      event_date date not null,
      fields jsonb not null default '{}'::jsonb,
      narrative text not null default '',
      juvenile boolean not null default false,
      version integer not null default 1,
      return_comments text,
      submitted_at timestamptz,
      approved_by text,
      approved_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create index report_case on report (case_number)`,
    sql`create index report_queue on report (status) where status = 'submitted'`,
    sql`create table report_party (
      report_id uuid not null references report(id),
      entity_type text not null check (entity_type in ('person','vehicle','business')),
      entity_id uuid not null,
      role text not null,
      juvenile boolean not null default false,
      primary key (report_id, entity_type, entity_id, role)
    )`,
    sql`create index report_party_entity on report_party (entity_type, entity_id)`,
    sql`create table photo (
      id uuid primary key default gen_random_uuid(),
      report_id uuid references report(id),
      person_id uuid references person(id),
      content_type text not null,
      size integer not null,
      sha256 text not null,
      stored_name text not null,
      caption text,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now(),
      check (report_id is not null or person_id is not null)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
