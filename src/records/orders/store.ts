/** All SQL of restraining orders and trespass notices. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import { paged, type PageRequest } from '../../core/paging.ts';
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

const ORDER_ORDER = { columns: [['issued_on', 'date'], ['id', 'uuid']], direction: 'desc' } as const;
const NO_ONE = '00000000-0000-0000-0000-000000000000';

export interface OrderFilter {
  personIds?: string[] | undefined; caseNumber?: string | undefined; kind?: 'restraining' | 'trespass' | undefined; status?: 'active' | 'expired' | 'vacated' | undefined;
  from?: string | undefined; to?: string | undefined; docket?: string | undefined;
}

/** Orders newest first, a page at a time: of a case, naming a person (respondent or protected), of a kind, status, issue days or docket. */
export async function orderPage(db: Db | Tx, today: string, f: OrderFilter, page: PageRequest, defaultLimit: number) {
  let q = db.selectFrom('protective_order').selectAll();
  if (f.caseNumber) q = q.where('case_number', '=', f.caseNumber);
  if (f.personIds) {
    const ids = f.personIds.length > 0 ? f.personIds : [NO_ONE];
    q = q.where((eb) => eb.or([eb('respondent_id', 'in', ids), eb('protected_id', 'in', ids)]));
  }
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.from) q = q.where('issued_on', '>=', f.from);
  if (f.to) q = q.where('issued_on', '<=', f.to);
  if (f.docket) q = q.where(sql<string>`upper(docket)`, '=', f.docket.trim().toUpperCase());
  if (f.status === 'vacated') q = q.where('vacated_at', 'is not', null);
  if (f.status === 'expired') q = q.where('vacated_at', 'is', null).where('expires_on', '<', today);
  if (f.status === 'active') {
    q = q.where('vacated_at', 'is', null).where('issued_on', '<=', today).where((eb) => eb.or([eb('expires_on', 'is', null), eb('expires_on', '>=', today)]));
  }
  return paged(q, ORDER_ORDER, page, defaultLimit).execute();
}
