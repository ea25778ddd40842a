import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';

/** SQL of the Knox capability only. */
type Q = Db | Tx;

export function boxes(db: Q) {
  return db.selectFrom('knox_box').selectAll().orderBy('kind').orderBy('building').execute();
}

export function box(db: Q, id: string) {
  return db.selectFrom('knox_box').selectAll().where('id', '=', id).executeTakeFirst();
}

export function keys(db: Q) {
  return db.selectFrom('knox_key').selectAll().orderBy('number').execute();
}

export function keyForUpdate(tx: Tx, number: string) {
  return tx.selectFrom('knox_key').selectAll().where('number', '=', number).forUpdate().executeTakeFirst();
}

export function openAssignment(tx: Q, keyNumber: string) {
  return tx.selectFrom('knox_assignment').selectAll()
    .where('key_number', '=', keyNumber).where('returned_at', 'is', null).where('lost_at', 'is', null)
    .executeTakeFirst();
}

export function accessForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('knox_access').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function access(db: Q, id: string) {
  return db.selectFrom('knox_access').selectAll().where('id', '=', id).executeTakeFirst();
}

export function incidentExists(db: Q, number: string) {
  return db.selectFrom('incident').select(['number', 'type', 'location']).where('number', '=', number).executeTakeFirst();
}

export interface Person { username: string; name: string; badge: string | null; roles: string[] }

export async function person(db: Q, username: string): Promise<Person | undefined> {
  const row = await db.selectFrom('app_user').select(['username', 'first_name', 'last_name', 'badge', 'roles', 'disabled_at'])
    .where('username', '=', username).executeTakeFirst();
  if (!row || row.disabled_at) return undefined;
  return { username: row.username, name: `${row.first_name} ${row.last_name}`, badge: row.badge, roles: row.roles };
}

/** "Miguel Reyes #207" — how a person is named on the board and the form. */
export function displayName(p: Person | undefined, fallback: string): string {
  if (!p) return fallback;
  return p.badge ? `${p.name} #${p.badge}` : p.name;
}

export async function people(db: Q, usernames: readonly (string | null)[]): Promise<Map<string, Person>> {
  const wanted = [...new Set(usernames.filter((u): u is string => !!u))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['username', 'first_name', 'last_name', 'badge', 'roles'])
    .where('username', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.username, { username: r.username, name: `${r.first_name} ${r.last_name}`, badge: r.badge, roles: r.roles }]));
}

/** Active holders of the supply supervisor role (O-604 §III.A). */
export async function supplySupervisors(db: Q): Promise<Person[]> {
  const rows = await db.selectFrom('app_user').select(['username', 'first_name', 'last_name', 'badge', 'roles'])
    .where(sql<boolean>`'supply_supervisor' = any(roles)`).where('disabled_at', 'is', null).execute();
  return rows.map((r) => ({ username: r.username, name: `${r.first_name} ${r.last_name}`, badge: r.badge, roles: r.roles }));
}

/** The agency's calendar date `daysAgo` days back (a night shift on today's board began yesterday). */
export function agencyDate(timeZone: string, daysAgo = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() - daysAgo * 86_400_000));
}

/** The officer's rostered shifts on the given dates (the shift text, e.g. "Day (07:00–15:00)"). */
export function rosterShifts(db: Q, username: string, dates: string[]) {
  return db.selectFrom('roster').select(['shift_date', 'shift']).where('username', '=', username).where('shift_date', 'in', dates).execute();
}

/** The officer's call sign today from the duty roster, if any. */
export async function callSignToday(db: Q, username: string): Promise<string | null> {
  const row = await db.selectFrom('roster').select('call_sign').where('username', '=', username)
    .where('call_sign', 'is not', null).orderBy('shift_date', 'desc').limit(1).executeTakeFirst();
  return row?.call_sign ?? null;
}

export function unitKind(db: Q, callSign: string) {
  return db.selectFrom('agency_unit').select('kind').where('call_sign', '=', callSign).executeTakeFirst();
}

export function documentFor(db: Q, accessId: string) {
  return db.selectFrom('knox_document').selectAll().where('access_id', '=', accessId).executeTakeFirst();
}

export function deliveriesFor(db: Q, accessId: string) {
  return db.selectFrom('knox_delivery').selectAll().where('access_id', '=', accessId).orderBy('created_at').execute();
}

export async function setting<T>(db: Q, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value as T | undefined;
}

export function openAlerts(db: Q) {
  return db.selectFrom('knox_alert').selectAll().where('cleared_at', 'is', null).orderBy('raised_at').execute();
}
