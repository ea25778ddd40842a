/** SQL of the release capability, on its own tables only. */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';

type Q = Db | Tx;

export const agencies = (q: Q) => q.selectFrom('cori_agency').selectAll().orderBy('name').execute();
export const employeesOf = (q: Q, agencyIds: string[]) => agencyIds.length === 0 ? Promise.resolve([])
  : q.selectFrom('cori_employee').selectAll().where('agency_id', 'in', agencyIds).orderBy('name').execute();
export const agencyById = (q: Q, id: string) => q.selectFrom('cori_agency').selectAll().where('id', '=', id).executeTakeFirst();
export const agencyByName = (q: Q, name: string) => q.selectFrom('cori_agency').selectAll().where(sql`lower(name)`, '=', name.trim().toLowerCase()).executeTakeFirst();
export const employeeByName = (q: Q, agencyId: string, name: string) => q.selectFrom('cori_employee').selectAll()
  .where('agency_id', '=', agencyId).where(sql`lower(name)`, '=', name.trim().toLowerCase()).executeTakeFirst();
export const employeeById = (q: Q, id: string) => q.selectFrom('cori_employee').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertAgency(tx: Tx, row: { name: string; ori: string | null; added_by: string }) {
  return tx.insertInto('cori_agency').values(row).returning('id').executeTakeFirstOrThrow();
}
export async function insertEmployee(tx: Tx, row: { agency_id: string; name: string; employee_id: string | null; added_by: string }) {
  return tx.insertInto('cori_employee').values(row).returning('id').executeTakeFirstOrThrow();
}
export async function revokeAgency(tx: Tx, id: string, by: string, reason: string) {
  await tx.updateTable('cori_agency').set({ authorized: false, revoked_by: by, revoked_at: sql<Date>`now()`, revoke_reason: reason }).where('id', '=', id).execute();
}
export async function revokeEmployee(tx: Tx, id: string, by: string, reason: string) {
  await tx.updateTable('cori_employee').set({ authorized: false, revoked_by: by, revoked_at: sql<Date>`now()`, revoke_reason: reason }).where('id', '=', id).execute();
}

export async function insertCheck(tx: Tx, row: {
  received_by: string; agency_name: string; agency_id: string | null; employee_name: string; employee_id: string | null; subject_name: string; subject_dob: string | null;
  purpose: string; routing: 'records_office' | 'answered_after_hours'; status: 'open' | 'answered'; identity_method: string | null; identity_note: string | null;
  answered_by: string | null; answered_at: Date | null;
}) {
  return tx.insertInto('records_check').values(row).returningAll().executeTakeFirstOrThrow();
}
export const checkById = (q: Q, id: string) => q.selectFrom('records_check').selectAll().where('id', '=', id).executeTakeFirst();
export const lockCheck = (tx: Tx, id: string) => tx.selectFrom('records_check').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
export async function markAnswered(tx: Tx, id: string, by: string, identity: { method: string; note: string | null } | undefined) {
  return tx.updateTable('records_check').set({
    status: 'answered', answered_by: by, answered_at: sql<Date>`now()`,
    ...(identity ? { identity_method: identity.method, identity_note: identity.note } : {}),
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
/** Records checks newest first, a page at a time. */
export function checks(q: Q, status: 'open' | 'answered' | undefined, page: PageRequest, defaultLimit: number) {
  let query = q.selectFrom('records_check').selectAll();
  if (status) query = query.where('status', '=', status);
  return paged(query, { columns: [['received_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' }, page, defaultLimit).execute();
}
export const disseminationOfCheck = (q: Q, checkId: string) => q.selectFrom('cori_dissemination').select('id').where('records_check_id', '=', checkId).executeTakeFirst();

export async function insertDissemination(tx: Tx, row: {
  disseminated_by: string; subject_name: string; subject_dob: string | null; recipient_name: string; recipient_agency: string; purpose: string; what: string;
  records_check_id: string | null; identity_method: string | null;
}) {
  return tx.insertInto('cori_dissemination').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Agency dates (inclusive) in the agency's zone; `from` and `to` are a wider UTC window an index narrows to first. */
export interface DisseminationFilter {
  subject?: string | undefined; recipient?: string | undefined; from?: Date | undefined; to?: Date | undefined;
  days: { zone: string; from?: string | undefined; to?: string | undefined };
}
const LOG_ORDER = { columns: [['disseminated_at', 'timestamptz'], ['number', 'integer']], direction: 'asc' } as const;

/** The whole log matching a filter, oldest first (the CSV export). */
export function disseminations(q: Q, filter: DisseminationFilter) {
  return disseminationQuery(q, filter).orderBy('disseminated_at').orderBy('number').execute();
}

/** The log matching a filter, oldest first, a page at a time. */
export function disseminationPage(q: Q, filter: DisseminationFilter, page: PageRequest, defaultLimit: number) {
  return paged(disseminationQuery(q, filter), LOG_ORDER, page, defaultLimit).execute();
}

function disseminationQuery(q: Q, filter: DisseminationFilter) {
  let query = q.selectFrom('cori_dissemination').selectAll();
  const { zone, from: fromDay, to: toDay } = filter.days;
  if (fromDay) query = query.where(sql<string>`(disseminated_at at time zone ${zone})::date`, '>=', sql<string>`${fromDay}::date`);
  if (toDay) query = query.where(sql<string>`(disseminated_at at time zone ${zone})::date`, '<=', sql<string>`${toDay}::date`);
  if (filter.subject) query = query.where('subject_name', 'ilike', `%${escapeLike(filter.subject)}%`);
  if (filter.recipient) {
    const like = `%${escapeLike(filter.recipient)}%`;
    query = query.where((eb) => eb.or([eb('recipient_name', 'ilike', like), eb('recipient_agency', 'ilike', like)]));
  }
  if (filter.from) query = query.where('disseminated_at', '>=', filter.from);
  if (filter.to) query = query.where('disseminated_at', '<', filter.to);
  return query;
}
export const dissemination = (q: Q, id: string) => q.selectFrom('cori_dissemination').selectAll().where('id', '=', id).executeTakeFirst();
export const notesOf = (q: Q, ids: string[]) => ids.length === 0 ? Promise.resolve([])
  : q.selectFrom('cori_dissemination_note').selectAll().where('dissemination_id', 'in', ids).orderBy('noted_at').orderBy('id').execute();
export async function insertNote(tx: Tx, row: { dissemination_id: string; note: string; noted_by: string }) {
  return tx.insertInto('cori_dissemination_note').values(row).returningAll().executeTakeFirstOrThrow();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The daily logs (M.G.L. c.41 §98F)
export const publication = (q: Q, date: string) => q.selectFrom('daily_log_publication').selectAll().where('log_date', '=', date).executeTakeFirst();
export async function insertPublication(tx: Tx, date: string, by: string, entries: unknown[]) {
  return tx.insertInto('daily_log_publication').values({ log_date: date, published_by: by, entries: JSON.stringify(entries) }).returningAll().executeTakeFirstOrThrow();
}
export const corrections = (q: Q, date: string) => q.selectFrom('daily_log_correction').selectAll().where('log_date', '=', date).orderBy('made_at').orderBy('id').execute();
export async function insertCorrection(tx: Tx, row: { log_date: string; entry_ref: string | null; text: string; made_by: string }) {
  return tx.insertInto('daily_log_correction').values(row).returningAll().executeTakeFirstOrThrow();
}
