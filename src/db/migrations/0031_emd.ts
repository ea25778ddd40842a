import { sql, type Kysely } from 'kysely';

/**
 * Emergency medical dispatch (81A §I): the agency's approved protocol cards (a new version
 * supersedes the old, which is kept), each employee's EMD certifications and the reminders
 * sent before they expire. The MEDICAL incident type is marked medical; the three greetings
 * still at their old defaults are dropped so that the start re-seeds them with the policy's
 * words (81A §C.2.b.i, §C.2.c.i); a greeting the agency edited is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table emd_card (
      id uuid primary key default gen_random_uuid(),
      complaint_code text not null,
      complaint text not null,
      version text not null,
      approved_on date not null,
      approved_by text not null,
      key_questions jsonb not null,
      instructions jsonb not null,
      demo boolean not null default false,
      loaded_by text not null,
      loaded_at timestamptz not null default now(),
      superseded_at timestamptz,
      superseded_by uuid references emd_card(id),
      unique (complaint_code, version)
    )`,
    sql`create unique index emd_card_current on emd_card (complaint_code) where superseded_at is null`,
    sql`create table emd_certification (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      number text not null,
      issuing_body text not null,
      issued_on date not null,
      expires_on date not null check (expires_on > issued_on),
      recorded_by text not null,
      recorded_at timestamptz not null default now()
    )`,
    sql`create index emd_certification_user on emd_certification (username, expires_on desc)`,
    sql`create table emd_reminder (
      certification_id uuid primary key references emd_certification(id),
      username text not null,
      expires_on date not null,
      sent_at timestamptz not null default now()
    )`,
    sql`update code_entry set attrs = attrs || '{"medical": true}'::jsonb
      where table_name = 'incident_type' and code = 'MEDICAL' and not (attrs ? 'medical')`,
  ]) await statement.execute(db);
  await dropOldDefaultGreetings(db);
}

/** The three lines whose row is still exactly the old default (name, priority, greeting, active): dropped, and re-seeded at start with the policy's words. */
export async function dropOldDefaultGreetings(db: Kysely<unknown>): Promise<void> {
  await sql`delete from code_entry where table_name = 'call_line' and active and (
      (code = 'e911' and name = 'E-911' and attrs = '{"priority": 1, "greeting": "Millbrook 911, what is the address of your emergency?"}'::jsonb)
      or (code = 'emergency' and name = 'Emergency line (7-digit)' and attrs = '{"priority": 1, "greeting": "Millbrook Police, what is the address of your emergency?"}'::jsonb)
      or (code = 'business' and name = 'Business line' and attrs = '{"priority": 3, "greeting": "Millbrook Police Department, Dispatcher speaking, how may I help you?"}'::jsonb))`.execute(db);
}
