/** All SQL of caution flags. */
import type { Db, Tx } from '../../db/index.ts';

export async function insertFlag(tx: Tx, row: {
  address: string | null; address_key: string | null; person_id: string | null; kind: string; note: string; source: string; expires_on: string | null; created_by: string;
}): Promise<string> {
  const { id } = await tx.insertInto('caution_flag').values({ ...row, removed_at: null, removed_by: null, removed_reason: null }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function flagById(db: Db | Tx, id: string) {
  return db.selectFrom('caution_flag').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function removeFlag(tx: Tx, id: string, by: string, reason: string): Promise<boolean> {
  const row = await tx.updateTable('caution_flag').set({ removed_at: new Date(), removed_by: by, removed_reason: reason })
    .where('id', '=', id).where('removed_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Flags in force today (not removed, not expired) at an address (by its key) or on one of these people. */
export function activeFlags(db: Db | Tx, today: string, by: { addressKey?: string | undefined; personIds?: string[] | undefined }) {
  return db.selectFrom('caution_flag').selectAll()
    .where('removed_at', 'is', null)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
    .where((eb) => eb.or([
      ...(by.addressKey ? [eb('address_key', '=', by.addressKey)] : []),
      ...(by.personIds && by.personIds.length > 0 ? [eb('person_id', 'in', by.personIds)] : []),
      eb.val(false),
    ]))
    .orderBy('created_at', 'desc').limit(50).execute();
}

/** Every address flag in force today (not removed, not expired): the map's caution layer. */
export function activeAddressFlags(db: Db | Tx, today: string) {
  return db.selectFrom('caution_flag').select(['address', 'address_key', 'kind'])
    .where('removed_at', 'is', null).where('address_key', 'is not', null)
    .where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]))
    .orderBy('address_key').execute();
}
