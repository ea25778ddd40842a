/** All SQL of restraining orders and trespass notices. */
import type { Db, Tx } from '../../db/index.ts';
import type { ProtectiveOrderTable } from '../../db/tables/records.ts';

export type OrderRow = Awaited<ReturnType<typeof orderById>> & object;

export async function insertOrder(tx: Tx, row: {
  kind: 'restraining' | 'trespass'; case_number: string; respondent_id: string; protected_id: string | null; addresses: string[]; terms: string;
  court: string | null; docket: string | null; issued_on: string; expires_on: string | null; served_at: Date | null; served_by: string | null; created_by: string;
}, keys: string[]): Promise<string> {
  const { id } = await tx.insertInto('protective_order').values({ ...row, vacated_at: null }).returning('id').executeTakeFirstOrThrow();
  for (const key of new Set(keys)) await tx.insertInto('protective_order_address').values({ order_id: id, address_norm: key }).execute();
  return id;
}

export async function orderById(db: Db | Tx, id: string) {
  return db.selectFrom('protective_order').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOrder(tx: Tx, id: string, set: Partial<Pick<ProtectiveOrderTable, 'served_at' | 'served_by' | 'vacated_at'>>): Promise<boolean> {
  const row = await tx.updateTable('protective_order').set(set).where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Orders in force today at an address (by its key) or against one of these people. */
export async function activeOrders(db: Db | Tx, today: string, by: { addressKey?: string | undefined; personIds?: string[] | undefined }) {
  return db.selectFrom('protective_order as o').selectAll('o')
    .where('o.vacated_at', 'is', null).where('o.issued_on', '<=', today)
    .where((eb) => eb.or([eb('o.expires_on', 'is', null), eb('o.expires_on', '>=', today)]))
    .where((eb) => eb.or([
      ...(by.addressKey ? [eb.exists(eb.selectFrom('protective_order_address as a').select('a.order_id').whereRef('a.order_id', '=', 'o.id').where('a.address_norm', '=', by.addressKey))] : []),
      ...(by.personIds && by.personIds.length > 0 ? [eb('o.respondent_id', 'in', by.personIds)] : []),
      eb.val(false),
    ]))
    .orderBy('o.issued_on', 'desc').limit(50).execute();
}

export async function ordersOfPerson(db: Db | Tx, personIds: string[]) {
  if (personIds.length === 0) return [];
  return db.selectFrom('protective_order').selectAll()
    .where((eb) => eb.or([eb('respondent_id', 'in', personIds), eb('protected_id', 'in', personIds)])).orderBy('issued_on', 'desc').execute();
}

export async function ordersOfCase(db: Db | Tx, caseNumber: string) {
  return db.selectFrom('protective_order').selectAll().where('case_number', '=', caseNumber).orderBy('issued_on', 'desc').execute();
}
