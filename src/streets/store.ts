/** All SQL of the street file. */
import type { Db, Tx } from '../db/index.ts';
import type { RangeSide, StreetNoteKind } from '../db/tables/streets.ts';

export function handStreets(db: Db | Tx) {
  return db.selectFrom('street_file_street').selectAll().orderBy('name').execute();
}

export async function insertHandStreet(tx: Tx, row: {
  name: string; odd_low: number | null; odd_high: number | null; even_low: number | null; even_high: number | null; sectors: string[]; cross_streets: string[]; entered_by: string;
}): Promise<boolean> {
  const made = await tx.insertInto('street_file_street').values(row).onConflict((oc) => oc.column('name').doNothing()).returning('name').executeTakeFirst();
  return made !== undefined;
}

export async function insertNote(tx: Tx, row: {
  street: string; number: string | null; low: number | null; high: number | null; side: RangeSide | null; kind: StreetNoteKind; text: string;
  effective_from: string; effective_until: string | null; entered_by: string;
}): Promise<string> {
  const { id } = await tx.insertInto('street_file_note').values({ ...row, ended_at: null, ended_by: null, ended_reason: null }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function endNote(tx: Tx, id: string, by: string, reason: string) {
  return tx.updateTable('street_file_note').set({ ended_at: new Date(), ended_by: by, ended_reason: reason })
    .where('id', '=', id).where('ended_at', 'is', null).returning(['id', 'street']).executeTakeFirst();
}

export function noteById(db: Db | Tx, id: string) {
  return db.selectFrom('street_file_note').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every note on a street, newest first (ended and expired ones too: the street's page shows its history). */
export function streetNotes(db: Db | Tx, street: string) {
  return db.selectFrom('street_file_note').selectAll().where('street', '=', street).orderBy('entered_at', 'desc').orderBy('id').limit(500).execute();
}

/** The notes on these streets in force today: not ended, begun, not past their last day. */
export function notesInForce(db: Db | Tx, streets: string[], today: string) {
  if (streets.length === 0) return Promise.resolve([]);
  return db.selectFrom('street_file_note').selectAll()
    .where('street', 'in', streets).where('ended_at', 'is', null).where('effective_from', '<=', today)
    .where((eb) => eb.or([eb('effective_until', 'is', null), eb('effective_until', '>=', today)]))
    .orderBy('kind', 'asc').orderBy('entered_at', 'desc').limit(200).execute();
}
