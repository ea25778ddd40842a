/** All of the alarm register's SQL (S-110 §A.1.a). */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { KeyHolder } from '../db/tables/alarms.ts';

type Q = Db | Tx;

export interface PremisesFilter { q?: string | undefined; active?: boolean | undefined }

/** Premises by name, a page at a time; by text in the name, address, company, account or permit number. */
export function premisesPage(q: Q, filter: PremisesFilter, page: PageRequest, defaultLimit: number) {
  let query = q.selectFrom('alarm_premises').selectAll();
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(name) like ${like} or lower(address) like ${like} or lower(coalesce(company_name, '')) like ${like}
      or lower(coalesce(company_account, '')) like ${like} or lower(coalesce(permit_number, '')) like ${like})`);
  }
  return paged(query, { columns: [['name', 'text'], ['id', 'uuid']], direction: 'asc' }, page, defaultLimit).execute();
}

export function premisesById(q: Q, id: string) {
  return q.selectFrom('alarm_premises').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockPremises(tx: Tx, id: string) {
  return tx.selectFrom('alarm_premises').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The active premises at an address (by its key); at most one, the unique index sees to it. */
export function activeAt(q: Q, addressKey: string) {
  return q.selectFrom('alarm_premises').selectAll().where('address_key', '=', addressKey).where('active', '=', true).execute();
}

export interface PremisesRow {
  name: string; address: string; address_key: string; verified: boolean; lat: number | null; lon: number | null; alarm_types: string[];
  company_name: string | null; company_phone: string | null; company_account: string | null;
  permit_number: string | null; permit_issued_on: string | null; permit_expires_on: string | null;
  key_holders: KeyHolder[]; notes: string | null; active: boolean;
}

const columns = (row: PremisesRow) => ({ ...row, alarm_types: JSON.stringify(row.alarm_types), key_holders: JSON.stringify(row.key_holders) });

export async function insertPremises(tx: Tx, row: PremisesRow, by: string) {
  return tx.insertInto('alarm_premises').values({ ...columns(row), created_by: by, updated_by: by }).returningAll().executeTakeFirstOrThrow();
}

export async function updatePremises(tx: Tx, id: string, row: PremisesRow, by: string) {
  await tx.updateTable('alarm_premises').set({ ...columns(row), updated_by: by, updated_at: new Date() }).where('id', '=', id).execute();
}
