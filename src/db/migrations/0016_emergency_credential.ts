import { sql, type Kysely } from 'kysely';

/**
 * The field terminal's emergency credential (81A §E.6.e): beside the officer's session,
 * a token that can do one thing only, raise an emergency for its unit and officer. It
 * outlives idle locks and session expiry and ends with the officer's shift or when an
 * administrator revokes it. Only the token's hash is stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table emergency_credential (
    id uuid primary key default gen_random_uuid(),
    token_hash text not null unique,
    username text not null,
    call_sign text not null,
    issued_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    revoked_by text,
    last_used_at timestamptz
  )`.execute(db);
  await sql`create index emergency_credential_open on emergency_credential (username) where revoked_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table emergency_credential`.execute(db);
}
