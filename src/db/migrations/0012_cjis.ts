import { sql, type Kysely } from 'kysely';

/**
 * CJIS and NCIC (81A §J): the query log with its hits, hit confirmations and locates;
 * the agency's own entries and their documents; administrative messages; the CJIS
 * Representative's records (users and certifications, reminders, Users Agreements and
 * the officials behind them, monthly validations, the Chief's BOP list, CJIS audits);
 * and the built-in training switch's own records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table cjis_user (
      username text primary key,
      employed_since date,
      updated_by text not null,
      updated_at timestamptz not null default now()
    )`,
    sql`create table cjis_document (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      filename text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      content bytea not null,
      entry_id uuid,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now()
    )`,
    sql`create table cjis_certification (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      level text not null check (level in ('full_access','query_only')),
      certified_on date not null,
      document_id uuid references cjis_document(id),
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`,
    sql`create index cjis_certification_user on cjis_certification (username, certified_on desc)`,
    sql`create table cjis_reminder (
      certification_id uuid primary key references cjis_certification(id),
      username text not null,
      expires_on date not null,
      sent_at timestamptz not null default now()
    )`,
    sql`create table cjis_query (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null default now(),
      operator text not null,
      terminal text not null,
      kind text not null,
      mke text not null,
      criteria jsonb not null,
      purpose text not null,
      incident_number text,
      case_number text,
      requester jsonb,
      message text not null,
      status text not null default 'sent' check (status in ('sent','answered','failed')),
      error text,
      answered_at timestamptz,
      round_trip_ms integer,
      hit_count integer not null default 0,
      training boolean not null
    )`,
    sql`create index cjis_query_at on cjis_query (at desc)`,
    sql`create index cjis_query_incident on cjis_query (incident_number) where incident_number is not null`,
    sql`create table cjis_hit (
      id uuid primary key default gen_random_uuid(),
      query_id uuid not null references cjis_query(id),
      position integer not null,
      nic text,
      record_type text not null,
      source text not null,
      entering_ori text not null,
      entering_agency text,
      descriptors jsonb not null,
      meaning jsonb not null,
      training boolean not null
    )`,
    sql`create index cjis_hit_query on cjis_hit (query_id, position)`,
    sql`create index cjis_hit_nic on cjis_hit (nic)`,
    sql`create table cjis_confirmation (
      id uuid primary key default gen_random_uuid(),
      hit_id uuid not null references cjis_hit(id),
      request_number integer not null,
      priority text not null check (priority in ('urgent','routine')),
      requested_by text not null,
      requested_at timestamptz not null default now(),
      due_at timestamptz not null,
      answered_at timestamptz,
      answer text check (answer in ('confirmed','not_confirmed')),
      answered_by text,
      remarks text,
      overdue_noted_at timestamptz,
      unique (hit_id, request_number)
    )`,
    sql`create index cjis_confirmation_open on cjis_confirmation (due_at) where answered_at is null`,
    sql`create table cjis_locate (
      id uuid primary key default gen_random_uuid(),
      hit_id uuid not null references cjis_hit(id),
      nic text not null unique,
      placed_by text not null,
      placed_at timestamptz not null default now(),
      incident_number text
    )`,
    sql`create table cjis_entry (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('warrant','vehicle','plate','missing')),
      mke text not null,
      nic text unique,
      status text not null default 'active' check (status in ('active','cleared','cancelled')),
      subject jsonb not null,
      incident_number text,
      case_number text,
      report_id uuid,
      entered_by text not null,
      entered_at timestamptz not null default now(),
      recalled_on date,
      recalled_by text,
      closed_at timestamptz,
      closed_by text,
      close_mke text,
      close_reason text
    )`,
    sql`create index cjis_entry_open on cjis_entry (entered_at) where status = 'active'`,
    sql`alter table cjis_document add constraint cjis_document_entry foreign key (entry_id) references cjis_entry(id)`,
    sql`create table cjis_message (
      id uuid primary key default gen_random_uuid(),
      direction text not null check (direction in ('out','in')),
      mke text not null,
      from_ori text not null,
      destinations jsonb not null,
      text text not null,
      reason text,
      sent_by text,
      at timestamptz not null default now(),
      training boolean not null
    )`,
    sql`create index cjis_message_at on cjis_message (at desc)`,
    sql`create table cjis_agreement (
      id uuid primary key default gen_random_uuid(),
      signed_on date not null,
      filed_records_on date,
      filed_chsb_on date,
      document_id uuid references cjis_document(id),
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`,
    sql`create table cjis_official (
      id uuid primary key default gen_random_uuid(),
      role text not null check (role in ('cjis_rep','backup_rep','chief')),
      name text not null,
      username text,
      assigned_on date not null,
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`,
    sql`create table cjis_validation_list (
      month text primary key,
      entries jsonb not null,
      requested_by text not null,
      requested_at timestamptz not null default now()
    )`,
    sql`create table cjis_validation (
      month text not null references cjis_validation_list(month),
      nic text not null,
      outcome text not null check (outcome in ('valid','modified','removed')),
      note text,
      validated_by text not null,
      validated_at timestamptz not null default now(),
      primary key (month, nic)
    )`,
    sql`create table cjis_bop_list (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('position','title','name')),
      value text not null,
      added_by text not null,
      added_at timestamptz not null default now(),
      removed_by text,
      removed_at timestamptz
    )`,
    sql`create table cjis_audit_filing (
      id uuid primary key default gen_random_uuid(),
      audit_date date not null,
      auditor text not null,
      result text not null,
      filed_records_on date not null,
      document_id uuid references cjis_document(id),
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`,
    sql`create table cjis_training_record (
      nic text primary key,
      type text not null,
      source text not null,
      ori text not null,
      agency text not null,
      status text not null default 'active' check (status in ('active','cleared','cancelled')),
      name_last text,
      name_first text,
      dob text,
      plate text,
      plate_state text,
      vin text,
      serial text,
      owner_last text,
      fields jsonb not null,
      locates jsonb not null default '[]',
      confirm text not null default 'confirmed' check (confirm in ('confirmed','not_confirmed','no_answer')),
      entered_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    sql`create index cjis_training_name on cjis_training_record (name_last)`,
    sql`create index cjis_training_plate on cjis_training_record (plate)`,
    sql`create index cjis_training_vin on cjis_training_record (vin)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
