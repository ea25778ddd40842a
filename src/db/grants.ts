import { sql } from 'kysely';
import type { Db } from './index.ts';

/**
 * Least privilege on PostgreSQL (CJIS AC-6, AU-9). An owner role creates and migrates the
 * schema (`precinct migrate`); the server runs as a runtime role that may read and write
 * the working tables but may only add to the legal record: INSERT and SELECT on the event
 * log and the audit trail and its chain, no UPDATE, DELETE or TRUNCATE, and, not owning
 * any table, it cannot disable a trigger or alter a table.
 */
export const APPEND_ONLY_TABLES = ['event', 'audit', 'audit_link'] as const;
/** The chainer's queue: rows leave it once linked into the chain. */
const QUEUE_TABLES = ['audit_pending'] as const;
const MIGRATION_TABLES = ['precinct_migration', 'precinct_migration_lock'] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function validRoleName(name: string): boolean {
  return ROLE_NAME.test(name);
}

/**
 * The statements that set the runtime role up, for the current owner to run. Run them again
 * after every migration: grants on tables are given table by table.
 */
export function grantStatements(runtimeRole: string): string[] {
  if (!validRoleName(runtimeRole)) throw new Error(`"${runtimeRole}" is not a role name (lower-case letters, digits and _)`);
  const r = runtimeRole;
  return [
    `do $$ begin if not exists (select 1 from pg_roles where rolname = '${r}') then create role ${r} login; end if; end $$`,
    `revoke all on schema public from ${r}`,
    `grant usage on schema public to ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    `revoke update, delete, truncate, references, trigger on ${APPEND_ONLY_TABLES.join(', ')} from ${r}`,
    `revoke update, truncate, references, trigger on ${QUEUE_TABLES.join(', ')} from ${r}`,
    `revoke insert, update, delete, truncate, references, trigger on ${MIGRATION_TABLES.join(', ')} from ${r}`,
    `grant usage, select on all sequences in schema public to ${r}`,
  ];
}

export async function applyGrants(db: Db, runtimeRole: string): Promise<void> {
  for (const statement of grantStatements(runtimeRole)) await sql.raw(statement).execute(db);
}

/**
 * True when the server's connection could change or remove the legal record: a superuser,
 * or a member of the role that owns the audit table.
 */
export async function runsAsOwner(db: Db): Promise<boolean> {
  const { rows: [row] } = await sql<{ owner: boolean }>`
    select coalesce((select rolsuper from pg_roles where rolname = current_user), false)
        or coalesce((select pg_has_role(current_user, c.relowner, 'MEMBER') from pg_class c
                     where c.relname = 'audit' and c.relkind = 'r' and c.relnamespace = 'public'::regnamespace), false) as owner`.execute(db);
  return Boolean(row?.owner);
}
