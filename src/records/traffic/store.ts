/** All SQL of motor-vehicle citations, crash reports and tows. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import { paged, type PageRequest } from '../../core/paging.ts';
import type { CrashUnit } from '../../db/tables/records.ts';

export async function citationByNumber(db: Db | Tx, number: string) {
  return db.selectFrom('citation').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function insertCitation(tx: Tx, row: {
  number: string; case_number: string; incident_number: string | null; violator_person_id: string | null; vehicle_id: string | null;
  plate: string | null; plate_state: string | null; location: string; violations: string[]; issued_at: Date; officer: string;
}): Promise<boolean> {
  const done = await tx.insertInto('citation').values({ ...row, violations: JSON.stringify(row.violations) })
    .onConflict((oc) => oc.column('number').doNothing()).returning('number').executeTakeFirst();
  return done !== undefined;
}

export async function setDisposition(tx: Tx, number: string, disposition: string): Promise<boolean> {
  return (await tx.updateTable('citation').set({ disposition }).where('number', '=', number).returning('number').executeTakeFirst()) !== undefined;
}

export async function insertCrash(tx: Tx, row: {
  case_number: string; incident_number: string | null; occurred_at: Date; location: string; road: string; light: string; weather: string; units: CrashUnit[]; created_by: string;
}): Promise<string> {
  const { id } = await tx.insertInto('crash_report').values({ ...row, units: JSON.stringify(row.units), diagram: null, diagram_sha256: null, diagram_type: null })
    .returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function crashById(db: Db | Tx, id: string) {
  return db.selectFrom('crash_report').select(['id', 'case_number', 'incident_number', 'occurred_at', 'location', 'road', 'light', 'weather', 'units', 'diagram_sha256', 'diagram_type', 'created_by', 'created_at'])
    .where('id', '=', id).executeTakeFirst();
}

export async function setDiagram(tx: Tx, id: string, bytes: Buffer, type: string, sha256: string): Promise<boolean> {
  return (await tx.updateTable('crash_report').set({ diagram: bytes, diagram_type: type, diagram_sha256: sha256 }).where('id', '=', id).returning('id').executeTakeFirst()) !== undefined;
}

export async function diagramOf(db: Db | Tx, id: string) {
  return db.selectFrom('crash_report').select(['diagram', 'diagram_type', 'diagram_sha256']).where('id', '=', id).executeTakeFirst();
}

export async function insertTow(tx: Tx, row: { case_number: string; vehicle_id: string; company: string; reason: string; storage_location: string; towed_at: Date; created_by: string }): Promise<string> {
  const { id } = await tx.insertInto('tow').values({ ...row, owner_notified_at: null, owner_notified_how: null, released_at: null, released_to: null }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function towForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('tow').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function towById(db: Db | Tx, id: string) {
  return db.selectFrom('tow').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTow(tx: Tx, id: string, set: { owner_notified_at?: Date; owner_notified_how?: string; released_at?: Date; released_to?: string }): Promise<void> {
  await tx.updateTable('tow').set(set).where('id', '=', id).execute();
}

export async function vehicleExists(db: Db | Tx, id: string): Promise<boolean> {
  return (await db.selectFrom('vehicle').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function vehicleLabel(db: Db | Tx, id: string): Promise<{ plate: string | null; state: string | null; label: string } | undefined> {
  const v = await db.selectFrom('vehicle').selectAll().where('id', '=', id).executeTakeFirst();
  return v && { plate: v.plate, state: v.state, label: vehicleText(v) };
}

/** A vehicle as a person reads it: "ABC123 MA 2019 grey Honda Civic". */
export function vehicleText(v: { plate: string | null; state: string | null; year: number | null; color: string | null; make: string | null; model: string | null }): string {
  return [v.plate && `${v.plate} ${v.state ?? ''}`.trim(), v.year, v.color, v.make, v.model].filter(Boolean).join(' ');
}

/** What a list of citations, crashes or tows is narrowed to: agency days, a case, a plate, a person, a status. */
export interface TrafficFilter {
  number?: string | undefined; from?: string | undefined; to?: string | undefined; caseNumber?: string | undefined;
  plate?: string | undefined; personIds?: string[] | undefined; status?: string | undefined;
}

/** A column's instants within the agency days `from`–`to` (inclusive), in the agency's zone. */
function withinDays(column: string, timeZone: string, f: TrafficFilter) {
  return [
    ...(f.from ? [sql<boolean>`${sql.ref(column)} >= (cast(${f.from} as date)::timestamp at time zone ${timeZone})`] : []),
    ...(f.to ? [sql<boolean>`${sql.ref(column)} < ((cast(${f.to} as date) + 1)::timestamp at time zone ${timeZone})`] : []),
  ];
}

/** A plate as the vehicle index keys it (vehicle.plate_norm): upper case, letters and digits only. */
const plateKey = (plate: string) => plate.toUpperCase().replace(/[^A-Z0-9]/g, '');
const vehiclesWithPlate = (db: Db | Tx, plate: string) => db.selectFrom('vehicle').select('id').where('plate_norm', '=', plateKey(plate));
const CITATION_PLATE = sql<string>`upper(regexp_replace(coalesce(plate, ''), '[^A-Za-z0-9]', '', 'g'))`;

export const CITATION_ORDER = { columns: [['issued_at', 'timestamptz'], ['number', 'text']], direction: 'desc' } as const;
export const CRASH_ORDER = { columns: [['occurred_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' } as const;
export const TOW_ORDER = { columns: [['tow.towed_at', 'timestamptz'], ['tow.id', 'uuid']], direction: 'desc' } as const;

/** Citations, newest first, a page at a time. */
export function citationPage(db: Db | Tx, timeZone: string, f: TrafficFilter, page: PageRequest, defaultLimit: number) {
  let q = db.selectFrom('citation').select(['number', 'case_number', 'incident_number', 'violator_person_id', 'plate', 'plate_state', 'location', 'violations', 'issued_at', 'officer', 'disposition']);
  for (const w of withinDays('issued_at', timeZone, f)) q = q.where(w);
  if (f.number) q = q.where(sql<string>`upper(number)`, '=', f.number.toUpperCase());
  if (f.caseNumber) q = q.where('case_number', '=', f.caseNumber);
  if (f.plate) q = q.where(CITATION_PLATE, '=', plateKey(f.plate));
  if (f.personIds) q = q.where('violator_person_id', 'in', f.personIds.length ? f.personIds : [NO_ONE]);
  if (f.status) q = q.where('disposition', '=', f.status);
  return paged(q, CITATION_ORDER, page, defaultLimit).execute();
}

/** Crash reports, newest first, a page at a time; a plate or a person finds the crashes whose units name them. */
export function crashPage(db: Db | Tx, timeZone: string, f: TrafficFilter, page: PageRequest, defaultLimit: number) {
  let q = db.selectFrom('crash_report').select(['id', 'case_number', 'incident_number', 'occurred_at', 'location', 'road', 'light', 'weather', 'units', 'diagram_sha256']);
  for (const w of withinDays('occurred_at', timeZone, f)) q = q.where(w);
  if (f.caseNumber) q = q.where('case_number', '=', f.caseNumber);
  if (f.plate) {
    const plate = f.plate;
    q = q.where((eb) => eb.exists(vehiclesWithPlate(db, plate).where(sql<boolean>`crash_report.units @> jsonb_build_array(jsonb_build_object('vehicleId', vehicle.id::text))`)));
  }
  if (f.personIds) {
    const ids = f.personIds.length ? f.personIds : [NO_ONE];
    q = q.where((eb) => eb.or(ids.flatMap((id) => [
      sql<boolean>`units @> ${JSON.stringify([{ driverId: id }])}::jsonb`,
      sql<boolean>`units @> ${JSON.stringify([{ occupants: [{ personId: id }] }])}::jsonb`,
    ])));
  }
  if (f.status === 'diagram') q = q.where('diagram_sha256', 'is not', null);
  if (f.status === 'no_diagram') q = q.where('diagram_sha256', 'is', null);
  return paged(q, CRASH_ORDER, page, defaultLimit).execute();
}

/** Tows, newest first, a page at a time, with their vehicle. */
export function towPage(db: Db | Tx, timeZone: string, f: TrafficFilter, page: PageRequest, defaultLimit: number) {
  let q = db.selectFrom('tow').innerJoin('vehicle', 'vehicle.id', 'tow.vehicle_id')
    .select(['tow.id as id', 'tow.case_number as case_number', 'tow.vehicle_id as vehicle_id', 'tow.company as company', 'tow.reason as reason', 'tow.storage_location as storage_location',
      'tow.towed_at as towed_at', 'tow.owner_notified_at as owner_notified_at', 'tow.released_at as released_at', 'tow.released_to as released_to',
      'vehicle.plate as plate', 'vehicle.state as state', 'vehicle.year as year', 'vehicle.color as color', 'vehicle.make as make', 'vehicle.model as model']);
  for (const w of withinDays('tow.towed_at', timeZone, f)) q = q.where(w);
  if (f.caseNumber) q = q.where('tow.case_number', '=', f.caseNumber);
  if (f.plate) q = q.where('tow.vehicle_id', 'in', vehiclesWithPlate(db, f.plate));
  if (f.status === 'held') q = q.where('tow.released_at', 'is', null);
  if (f.status === 'released') q = q.where('tow.released_at', 'is not', null);
  if (f.status === 'owner_not_notified') q = q.where('tow.owner_notified_at', 'is', null).where('tow.released_at', 'is', null);
  return paged(q, TOW_ORDER, page, defaultLimit).execute();
}

const NO_ONE = '00000000-0000-0000-0000-000000000000';
