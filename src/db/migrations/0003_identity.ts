import { sql, type Kysely } from 'kysely';

/**
 * Identity beyond sign-in: password history (S-110 §D.1, last N passwords may not
 * come back), TOTP second factor and its one-time recovery codes (S-110 §H), and
 * why a login was disabled automatically (CJIS AC-2(3)).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`alter table app_user add column mfa_secret text`,
    sql`alter table app_user add column mfa_enabled_at timestamptz`,
    sql`alter table app_user add column mfa_pending_secret text`,
    // The last TOTP time step accepted: a code is good once (no replay).
    sql`alter table app_user add column mfa_last_step bigint`,
    // When an administrator last enabled the login: restarts the inactivity clock.
    sql`alter table app_user add column enabled_at timestamptz`,
    sql`create table password_history (
      id bigserial primary key,
      username text not null references app_user(username),
      password_hash text not null,
      changed_at timestamptz not null default now()
    )`,
    sql`create index password_history_by_user on password_history (username, changed_at desc)`,
    sql`create table recovery_code (
      username text not null references app_user(username),
      code_hash text not null,
      used_at timestamptz,
      primary key (username, code_hash)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
