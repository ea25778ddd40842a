import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';

type Q = Db | Tx;

/**
 * The people behind the logins, as other capabilities may read them: names, badge,
 * unit, roles and whether the login is disabled. Never passwords, secrets or lock state.
 * Other capabilities call these instead of reading the identity tables.
 */
export interface Person {
  username: string;
  firstName: string;
  lastName: string;
  /** "First Last". */
  name: string;
  badge: string | null;
  unit: string | null;
  roles: string[];
  disabled: boolean;
}

const COLUMNS = ['username', 'first_name', 'last_name', 'badge', 'unit', 'roles', 'disabled_at'] as const;
type Row = { username: string; first_name: string; last_name: string; badge: string | null; unit: string | null; roles: string[]; disabled_at: Date | null };

function toPerson(r: Row): Person {
  return {
    username: r.username, firstName: r.first_name, lastName: r.last_name, name: `${r.first_name} ${r.last_name}`,
    badge: r.badge, unit: r.unit, roles: r.roles, disabled: r.disabled_at !== null,
  };
}

/** "Miguel Reyes #207": how a person is named on boards, forms and PDFs. */
export function displayName(p: Pick<Person, 'name' | 'badge'> | undefined, fallback: string): string {
  if (!p) return fallback;
  return p.badge ? `${p.name} #${p.badge}` : p.name;
}

/** The people with these logins (disabled ones too, flagged), by login. */
export async function peopleByUsername(q: Q, usernames: readonly (string | null | undefined)[]): Promise<Map<string, Person>> {
  const wanted = [...new Set(usernames.filter((u): u is string => !!u))];
  if (wanted.length === 0) return new Map();
  const rows = await q.selectFrom('app_user').select(COLUMNS).where('username', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.username, toPerson(r)]));
}

/**
 * How to name each of these logins on a screen: the person as boards name them
 * ("Miguel Reyes #207"), the login itself when no person has it.
 */
export async function displayNames(q: Q, usernames: readonly (string | null | undefined)[]): Promise<(username: string) => string> {
  const people = await peopleByUsername(q, usernames);
  return (username) => displayName(people.get(username), username);
}

/** One person by login, or undefined when there is no such login. */
export async function personByUsername(q: Q, username: string): Promise<Person | undefined> {
  const row = await q.selectFrom('app_user').select(COLUMNS).where('username', '=', username).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

/** Every active (not disabled) person, by last name. */
export async function activePeople(q: Q): Promise<Person[]> {
  const rows = await q.selectFrom('app_user').select(COLUMNS).where('disabled_at', 'is', null).orderBy('last_name').orderBy('first_name').execute();
  return rows.map(toPerson);
}

/** Active (not disabled) holders of any of these roles. */
export async function activePeopleWithRole(q: Q, roles: readonly string[]): Promise<Person[]> {
  const rows = await q.selectFrom('app_user').select(COLUMNS)
    .where(sql<boolean>`roles && ${sql.val([...roles])}::text[]`).where('disabled_at', 'is', null)
    .orderBy('last_name').orderBy('first_name').execute();
  return rows.map(toPerson);
}

/** People whose name, login or badge contains the text (case-insensitive), at most `limit`. */
export async function findPeople(q: Q, text: string, limit = 100): Promise<Person[]> {
  const like = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const rows = await q.selectFrom('app_user').select(COLUMNS)
    .where((eb) => eb.or([eb('first_name', 'ilike', like), eb('last_name', 'ilike', like), eb('username', 'ilike', like), eb('badge', 'ilike', like)]))
    .orderBy('last_name').limit(limit).execute();
  return rows.map(toPerson);
}
