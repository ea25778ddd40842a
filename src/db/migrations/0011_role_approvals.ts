import { sql, type Kysely } from 'kysely';

/**
 * Two people for privilege: a change that grants or removes the system administrator
 * role, or a role that reads juvenile or CJIS data, waits as a request until a second
 * administrator (or the chief) approves it. A login records who created it, so its
 * creator cannot approve its privileges within the first day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column created_by text`.execute(db);
  await sql`create table role_change (
    id uuid primary key default gen_random_uuid(),
    username text not null references app_user(username),
    roles text[] not null,
    before_roles text[] not null,
    requested_by text not null,
    requested_at timestamptz not null default now(),
    decided_by text,
    decided_at timestamptz,
    outcome text check (outcome in ('approved', 'refused', 'superseded')),
    check ((outcome is null) = (decided_at is null))
  )`.execute(db);
  // At most one open request per login.
  await sql`create unique index role_change_open on role_change (username) where outcome is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table role_change`.execute(db);
  await sql`alter table app_user drop column created_by`.execute(db);
}
