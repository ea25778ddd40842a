import { sql, type Kysely } from 'kysely';

/**
 * Public records requests (S-110 §B.2; M.G.L. c.66 §10): the request as the Records Bureau
 * logged it with its response deadline, the records gathered into it, the redactions proposed
 * and decided during review, and each release (append-only: who released what to whom, when,
 * with which redactions, and the PDFs sent).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table records_request (
      id uuid primary key default gen_random_uuid(),
      number integer generated always as identity unique,
      requester_name text not null,
      requester_contact text not null,
      received_via text not null check (received_via in ('in_person','mail','email','phone','web')),
      description text not null,
      received_on date not null,
      deadline date not null,
      status text not null default 'open' check (status in ('open','released','partially_released','denied','withdrawn')),
      logged_by text not null,
      logged_at timestamptz not null default now(),
      reviewed_by text,
      reviewed_at timestamptz,
      closed_by text,
      closed_at timestamptz,
      withdraw_reason text
    )`,
    sql`create index records_request_status on records_request (status, deadline)`,
    sql`create table records_request_item (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references records_request (id),
      kind text not null check (kind in ('report','incident','daily_log')),
      ref text not null,
      title text not null,
      added_by text not null,
      added_at timestamptz not null default now(),
      unique (request_id, kind, ref)
    )`,
    sql`create table records_request_redaction (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references records_request (id),
      item_id uuid not null references records_request_item (id),
      scope text not null check (scope in ('text','item')),
      what text not null,
      terms jsonb not null,
      exemption text not null,
      origin text not null check (origin in ('proposed','clerk')),
      decision text not null check (decision in ('proposed','accepted','removed')),
      reason text,
      decided_by text,
      decided_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    sql`create index records_request_redaction_request on records_request_redaction (request_id, created_at)`,
    sql`create table records_release (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references records_request (id),
      outcome text not null check (outcome in ('released','partially_released','denied')),
      released_by text not null,
      released_at timestamptz not null default now(),
      recipient text not null,
      items jsonb not null,
      redactions jsonb not null,
      exemptions jsonb not null,
      release_pdf bytea,
      letter_pdf bytea
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
  await sql`create trigger records_release_append_only before update or delete on records_release for each row execute function precinct_append_only()`.execute(db);
}
