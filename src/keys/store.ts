import type { Db, Tx } from '../db/index.ts';
import { activePeopleWithRole, personByUsername, type Person } from '../identity/people.ts';
import { latestCallSign, rosterEntries } from '../directory/roster.ts';
import { incidentBrief, lockedIncidentBrief } from '../dispatch/incidents/service.ts';
import { unitByCallSign } from '../dispatch/units/service.ts';

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

export type { Person } from '../identity/people.ts';

/** An active login by name (a disabled one cannot hold keys or be named on an access). */
export async function person(db: Q, username: string): Promise<Person | undefined> {
  const found = await personByUsername(db, username);
  return found && !found.disabled ? found : undefined;
}

export { displayName, peopleByUsername as people } from '../identity/people.ts';

/** Active holders of the supply supervisor role (O-604 §III.A). */
export function supplySupervisors(db: Q): Promise<Person[]> {
  return activePeopleWithRole(db, ['supply_supervisor']);
}

/** The incident an access is for, if it exists (O-604 §III.C: the record number). */
export function incidentExists(db: Q, number: string) {
  return incidentBrief(db, number);
}

/** The incident, locked as its close locks it, until the caller's transaction ends (O-604 §III.F). */
export function lockIncident(tx: Tx, number: string) {
  return lockedIncidentBrief(tx, number);
}

/** The officer's rostered shifts on the given dates (the shift text, e.g. "Day (07:00–15:00)"). */
export async function rosterShifts(db: Q, username: string, dates: string[]) {
  return (await rosterEntries(db, dates, { username })).map((r) => ({ shift_date: r.date, shift: r.shift }));
}

/** The officer's call sign today from the duty roster, if any. */
export async function callSignToday(db: Q, username: string): Promise<string | null> {
  return latestCallSign(db, username);
}

export async function unitKind(db: Q, callSign: string) {
  const unit = await unitByCallSign(db, callSign);
  return unit ? { kind: unit.kind } : undefined;
}

export function documentFor(db: Q, accessId: string) {
  return db.selectFrom('knox_document').selectAll().where('access_id', '=', accessId).executeTakeFirst();
}

export function deliveriesFor(db: Q, accessId: string) {
  return db.selectFrom('knox_delivery').selectAll().where('access_id', '=', accessId).orderBy('created_at').execute();
}

export function openAlerts(db: Q) {
  return db.selectFrom('knox_alert').selectAll().where('cleared_at', 'is', null).orderBy('raised_at').execute();
}

/** Accesses on an incident whose master keys were removed and are not yet returned (O-604 §III.F), locked. */
export function keysOutOn(tx: Tx, incidentNumber: string) {
  return tx.selectFrom('knox_access').selectAll().where('incident_number', '=', incidentNumber).where('status', '=', 'removed')
    .orderBy('removed_at').forUpdate().execute();
}

/** The filed reporting forms of an incident's accesses (O-604 §III.H), oldest first, without their bytes. */
export function filedFormsOf(db: Q, incidentNumber: string) {
  return db.selectFrom('knox_document as d').innerJoin('knox_access as a', 'a.id', 'd.access_id')
    .select(['d.id', 'd.access_id', 'd.kind', 'd.sha256', 'd.filed_at', 'd.filed_by', 'a.box_id', 'a.officer', 'a.incident_number'])
    .where('a.incident_number', '=', incidentNumber).orderBy('d.filed_at').execute();
}

/** The access keys out with an officer now, oldest assignment first (O-604 §III.B). */
export async function heldKeys(db: Q, officer: string): Promise<{ key: string; assignmentId: string }[]> {
  const rows = await db.selectFrom('knox_assignment').select(['id', 'key_number'])
    .where('officer', '=', officer).where('returned_at', 'is', null).where('lost_at', 'is', null)
    .orderBy('assigned_at').execute();
  return rows.map((r) => ({ key: r.key_number, assignmentId: r.id }));
}
