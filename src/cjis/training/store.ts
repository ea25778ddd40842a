/**
 * The training switch's own records: the state and NCIC files it simulates (wanted
 * persons, WMS and NCIC warrants, stolen vehicles and plates, registrations, missing
 * persons, guns, articles, Board of Probation history). Only the simulator reads and
 * writes this table; Precinct's side never does — it asks through the switch.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { CjisTrainingRecordTable } from '../../db/tables/cjis.ts';

export type TrainingRecord = {
  nic: string; type: string; source: string; ori: string; agency: string; status: string;
  fields: Record<string, string>; locates: { ori: string; at: string }[]; confirm: string; enteredAt: Date;
};

export interface NewTrainingRecord {
  type: string;
  source: string;
  ori: string;
  agency: string;
  fields: Record<string, string>;
  confirm?: 'confirmed' | 'not_confirmed' | 'no_answer';
  nic?: string;
}

const PREFIX: Record<string, string> = { warrant: 'W', stolen_vehicle: 'V', stolen_plate: 'L', missing_person: 'M', stolen_gun: 'G', stolen_article: 'A', registration: 'R', bop_entry: 'B' };

function toRecord(row: Pick<CjisTrainingRecordTable, 'nic' | 'type' | 'source' | 'ori' | 'agency'> & { status: string; fields: Record<string, string>; locates: { ori: string; at: string }[]; confirm: string; entered_at: Date }): TrainingRecord {
  return { nic: row.nic, type: row.type, source: row.source, ori: row.ori, agency: row.agency, status: row.status, fields: row.fields, locates: row.locates, confirm: row.confirm, enteredAt: row.entered_at };
}

function searchColumns(fields: Record<string, string>) {
  const [last, rest = ''] = (fields.NAM ?? '').split(',');
  const [ownerLast] = (fields.OWN ?? '').split(',');
  return {
    name_last: last?.trim() || null, name_first: rest.trim().split(' ')[0] || null, dob: fields.DOB ?? null,
    plate: fields.LIC ?? null, plate_state: fields.LIS ?? null, vin: fields.VIN ?? null, serial: fields.SER ?? null, owner_last: ownerLast?.trim() || null,
  };
}

export async function insertTrainingRecord(db: Db, record: NewTrainingRecord): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const nic = record.nic ?? `${PREFIX[record.type] ?? 'X'}${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
    const inserted = await db.insertInto('cjis_training_record').values({
      nic, type: record.type, source: record.source, ori: record.ori, agency: record.agency, fields: JSON.stringify(record.fields),
      confirm: record.confirm ?? 'confirmed', ...searchColumns(record.fields),
    }).onConflict((oc) => oc.column('nic').doNothing()).returning('nic').executeTakeFirst();
    if (inserted) return inserted.nic;
    if (record.nic || attempt > 5) throw new Error(`NIC ${nic} is taken`);
  }
}

const COLUMNS = ['nic', 'type', 'source', 'ori', 'agency', 'status', 'fields', 'locates', 'confirm', 'entered_at'] as const;

export async function trainingRecord(db: Db, nic: string): Promise<TrainingRecord | undefined> {
  const row = await db.selectFrom('cjis_training_record').select(COLUMNS).where('nic', '=', nic).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Active wanted and missing persons whose last name is this and first name begins with the same letter. */
export async function personsNamed(db: Db, last: string, first: string, types: readonly string[]): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('status', '=', 'active').where('type', 'in', [...types]).where('name_last', '=', last)
    .where(sql<boolean>`left(name_first, 1) = ${first.slice(0, 1)}`).orderBy('entered_at').limit(50).execute();
  return rows.map(toRecord);
}

/** Active records carrying this identifier in one of their fields (OLN, SOC, FBI, SID). */
export async function personsWithIdentifier(db: Db, code: string, value: string, types: readonly string[]): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('status', '=', 'active').where('type', 'in', [...types]).where(sql<boolean>`fields ->> ${code} = ${value}`).limit(50).execute();
  return rows.map(toRecord);
}

export async function vehiclesByPlate(db: Db, plate: string, state: string): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('plate', '=', plate).where('plate_state', '=', state).where('type', 'in', ['stolen_vehicle', 'stolen_plate', 'registration'])
    .where('status', '=', 'active').orderBy('type').limit(50).execute();
  return rows.map(toRecord);
}

export async function vehiclesByVin(db: Db, vin: string): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('vin', '=', vin).where('type', 'in', ['stolen_vehicle', 'registration']).where('status', '=', 'active').orderBy('type').limit(50).execute();
  return rows.map(toRecord);
}

export async function registrationsOfOwner(db: Db, last: string, first: string): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('type', '=', 'registration').where('owner_last', '=', last).where(sql<boolean>`fields ->> 'OWN' like ${`${last}, ${first}%`}`)
    .where('status', '=', 'active').limit(50).execute();
  return rows.map(toRecord);
}

export async function propertyBySerial(db: Db, type: 'stolen_gun' | 'stolen_article', serial: string): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('type', '=', type).where('serial', '=', serial).where('status', '=', 'active').limit(50).execute();
  return rows.map(toRecord);
}

/** Active records an agency entered (its monthly validation list). */
export async function recordsOfAgency(db: Db, ori: string): Promise<TrainingRecord[]> {
  const rows = await db.selectFrom('cjis_training_record').select(COLUMNS)
    .where('ori', '=', ori).where('status', '=', 'active').where('type', 'not in', ['registration', 'bop_entry']).orderBy('entered_at').execute();
  return rows.map(toRecord);
}

export async function setTrainingStatus(db: Db, nic: string, status: 'cleared' | 'cancelled'): Promise<void> {
  await db.updateTable('cjis_training_record').set({ status, updated_at: sql<Date>`now()` }).where('nic', '=', nic).execute();
}

export async function addTrainingLocate(db: Db, nic: string, ori: string, at: string): Promise<void> {
  await db.updateTable('cjis_training_record')
    .set({ locates: sql`locates || ${JSON.stringify([{ ori, at }])}::jsonb`, updated_at: sql<Date>`now()` }).where('nic', '=', nic).execute();
}

export async function updateTrainingFields(db: Db, nic: string, fields: Record<string, string>): Promise<void> {
  await db.updateTable('cjis_training_record').set({ fields: sql`fields || ${JSON.stringify(fields)}::jsonb`, updated_at: sql<Date>`now()` }).where('nic', '=', nic).execute();
}

export async function countTrainingRecords(db: Db): Promise<number> {
  const row = await db.selectFrom('cjis_training_record').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
