import { sql, type Kysely } from 'kysely';

/**
 * Knox Box key custody (AOM O-604): the register of boxes and numbered access keys
 * (§I.B, §III.A), shift assignments of keys (§III.B) and the alerts for keys not
 * back at shift end, accesses to master keys (§II, §III.C–G), the filed Access
 * Reporting Forms (§III.H), outbound deliveries, and lost/missing-key notices (§III.I).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table knox_box (
      id text primary key,
      building text not null,
      address text not null,
      lat double precision,
      lon double precision,
      kind text not null check (kind in ('housing_authority','state_housing','school')),
      authority text not null,
      contacts jsonb not null,
      report_to text not null,
      units text[] not null default '{}',
      active boolean not null default true,
      created_at timestamptz not null default now()
    )`,
    sql`create table knox_key (
      number text primary key,
      status text not null default 'cabinet' check (status in ('cabinet','assigned','lost','retired')),
      holder text,
      assignment_id uuid,
      issued_by text not null,
      note text,
      since timestamptz not null default now()
    )`,
    sql`create table knox_assignment (
      id uuid primary key default gen_random_uuid(),
      key_number text not null references knox_key(number),
      officer text not null,
      call_sign text,
      assigned_by text not null,
      assigned_at timestamptz not null default now(),
      due_back_at timestamptz not null,
      returned_at timestamptz,
      returned_to text,
      went_off_duty boolean not null default false,
      lost_at timestamptz
    )`,
    sql`create unique index knox_assignment_one_open on knox_assignment (key_number) where returned_at is null and lost_at is null`,
    sql`create table knox_alert (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      key_number text references knox_key(number),
      assignment_id uuid references knox_assignment(id),
      box_id text references knox_box(id),
      officer text,
      message text not null,
      raised_at timestamptz not null default now(),
      cleared_at timestamptz,
      cleared_by text,
      cleared_because text,
      unique (assignment_id, kind)
    )`,
    sql`create table knox_access (
      id uuid primary key default gen_random_uuid(),
      box_id text not null references knox_box(id),
      incident_number text not null references incident(number),
      reason text not null,
      apartments text[] not null,
      occupant text,
      officer text not null,
      officer_unit text,
      warrant_authorized_by jsonb,
      status text not null default 'requested' check (status in ('requested','authorized','removed','returned')),
      requested_by text not null,
      requested_at timestamptz not null default now(),
      authorized_by text,
      authorized_at timestamptz,
      removed_at timestamptz,
      removed_logged_by text,
      returned_at timestamptz,
      returned_logged_by text
    )`,
    sql`create index knox_access_open on knox_access (status) where status <> 'returned'`,
    sql`create table knox_document (
      id uuid primary key default gen_random_uuid(),
      access_id uuid not null unique references knox_access(id),
      kind text not null,
      fields jsonb not null,
      pdf bytea not null,
      sha256 text not null,
      filed_at timestamptz not null default now(),
      filed_by text not null
    )`,
    sql`create table knox_delivery (
      id uuid primary key default gen_random_uuid(),
      purpose text not null,
      document_id uuid references knox_document(id),
      access_id uuid references knox_access(id),
      recipient text not null,
      recipient_name text not null,
      subject text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending','delivered')),
      attempts integer not null default 0,
      last_error text,
      last_attempt_at timestamptz,
      next_attempt_at timestamptz not null default now(),
      delivered_at timestamptz,
      message_id text,
      created_at timestamptz not null default now()
    )`,
    sql`create index knox_delivery_pending on knox_delivery (next_attempt_at) where status = 'pending'`,
    sql`create table knox_notice (
      id uuid primary key default gen_random_uuid(),
      cause text not null check (cause in ('lost_key','missing_master_keys')),
      key_number text references knox_key(number),
      box_id text references knox_box(id),
      details text not null,
      notified_role text not null,
      notified_name text not null,
      contact text,
      delivery_id uuid references knox_delivery(id),
      reported_by text not null,
      notified_at timestamptz not null default now()
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
