import { sql, type Kysely } from 'kysely';

/**
 * The case file (S-110 §A.1, §B): cases get a status and indexes for browsing by date,
 * address, type and officer; property and evidence with an append-only chain of custody
 * and shelf audits (§A.1.j, u); motor-vehicle citations (§A.1.p), crash reports (§A.1.e)
 * and tows (§A.1.w); restraining orders and trespass notices (§A.1.t, x). Every one of
 * them is filed under a case. Serial numbers and descriptions carry trigram indexes so
 * a recovered item finds its stolen report at a million items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`alter table record_case add column status text not null default 'open' check (status in ('open','closed','inactive'))`,
    sql`alter table record_case add column address_norm text generated always as (lower(location->>'address')) stored`,
    sql`create index record_case_occurred on record_case (occurred_at desc)`,
    sql`create index record_case_address_trgm on record_case using gin (address_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create index record_case_type on record_case (type, occurred_at desc)`,
    sql`create index record_case_opened_by on record_case (opened_by, occurred_at desc)`,
    sql`create index report_author on report (author, occurred_at desc)`,
    sql`create table property_item (
      id uuid primary key default gen_random_uuid(),
      tag text not null unique,
      case_number text not null references record_case(number),
      kind text not null check (kind in ('evidence','found','safekeeping','stolen')),
      category text not null,
      description text not null,
      description_norm text generated always as (lower(description)) stored,
      make text,
      model text,
      serial text,
      serial_norm text generated always as (upper(regexp_replace(coalesce(serial, ''), '[^A-Za-z0-9]', '', 'g'))) stored,
      value_cents bigint check (value_cents >= 0),
      owner_person_id uuid references person(id),
      status text not null default 'in_custody' check (status in ('in_custody','out','released','destroyed','outstanding','recovered')),
      location text,
      holder text,
      recovered_item_id uuid references property_item(id),
      created_by text not null,
      created_at timestamptz not null default now()
    )`,
    sql`create index property_item_case on property_item (case_number)`,
    sql`create index property_item_serial on property_item (serial_norm) where serial_norm <> ''`,
    sql`create index property_item_serial_trgm on property_item using gin (serial_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create index property_item_description_trgm on property_item using gin (description_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create index property_item_location on property_item (location) where status = 'in_custody'`,
    sql`create table custody_entry (
      id bigserial primary key,
      item_id uuid not null references property_item(id),
      action text not null check (action in ('received','transfer','lab','court','returned','release','destruction')),
      from_location text,
      to_location text,
      from_holder text,
      to_holder text,
      reason text not null,
      authorized_by text,
      recorded_by text not null,
      at timestamptz not null default now()
    )`,
    sql`create index custody_entry_item on custody_entry (item_id, id)`,
    sql`create trigger custody_entry_append_only before update or delete on custody_entry
      for each row execute function precinct_append_only()`,
    sql`create table property_authorization (
      id uuid primary key default gen_random_uuid(),
      item_id uuid not null references property_item(id),
      action text not null check (action in ('release','destruction')),
      reason text not null,
      authorized_by text not null,
      authorized_at timestamptz not null default now(),
      used_at timestamptz
    )`,
    sql`create index property_authorization_item on property_authorization (item_id)`,
    sql`create table property_audit (
      id uuid primary key default gen_random_uuid(),
      location text not null,
      expected text[] not null,
      started_by text not null,
      started_at timestamptz not null default now(),
      closed_at timestamptz
    )`,
    sql`create table property_audit_scan (
      audit_id uuid not null references property_audit(id),
      tag text not null,
      scanned_by text not null,
      scanned_at timestamptz not null default now(),
      primary key (audit_id, tag)
    )`,
    sql`create table citation (
      number text primary key,
      case_number text not null references record_case(number),
      incident_number text,
      violator_person_id uuid references person(id),
      vehicle_id uuid references vehicle(id),
      plate text,
      plate_state text,
      location text not null,
      violations jsonb not null,
      issued_at timestamptz not null,
      officer text not null,
      disposition text not null default 'issued',
      created_at timestamptz not null default now()
    )`,
    sql`create index citation_case on citation (case_number)`,
    sql`create table crash_report (
      id uuid primary key default gen_random_uuid(),
      case_number text not null references record_case(number),
      incident_number text,
      occurred_at timestamptz not null,
      location text not null,
      road text not null,
      light text not null,
      weather text not null,
      units jsonb not null,
      diagram_sha256 text,
      diagram_type text,
      diagram bytea,
      created_by text not null,
      created_at timestamptz not null default now()
    )`,
    sql`create index crash_report_case on crash_report (case_number)`,
    sql`create table tow (
      id uuid primary key default gen_random_uuid(),
      case_number text not null references record_case(number),
      vehicle_id uuid not null references vehicle(id),
      company text not null,
      reason text not null,
      storage_location text not null,
      towed_at timestamptz not null,
      owner_notified_at timestamptz,
      owner_notified_how text,
      released_at timestamptz,
      released_to text,
      created_by text not null,
      created_at timestamptz not null default now()
    )`,
    sql`create index tow_vehicle on tow (vehicle_id)`,
    sql`create table protective_order (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('restraining','trespass')),
      case_number text not null references record_case(number),
      respondent_id uuid not null references person(id),
      protected_id uuid references person(id),
      addresses text[] not null,
      terms text not null,
      court text,
      docket text,
      issued_on date not null,
      expires_on date,
      served_at timestamptz,
      served_by text,
      vacated_at timestamptz,
      created_by text not null,
      created_at timestamptz not null default now(),
      check (expires_on is null or expires_on >= issued_on)
    )`,
    sql`create index protective_order_respondent on protective_order (respondent_id)`,
    sql`create table protective_order_address (
      order_id uuid not null references protective_order(id),
      address_norm text not null,
      primary key (order_id, address_norm)
    )`,
    sql`create index protective_order_address_norm on protective_order_address (address_norm)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
